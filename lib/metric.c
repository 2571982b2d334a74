#include "lib/metric.h"
#include "lib/record-text.h"
#include "lib/usage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void record_metric_release(struct record_metric *m)
{
	free(m->unit);
	m->unit = NULL;
}

struct record_metric *record_metric_dup(const struct record_metric *m)
{
	struct record_metric *copy = xmalloc(sizeof(*copy));

	*copy = *m;
	copy->unit = m->unit ? xstrdup(m->unit) : NULL;
	return copy;
}

const char *metric_prefix_name(enum metric_prefix prefix)
{
	switch (prefix) {
	case METRIC_PREFIX_METRIC: return "metric";
	case METRIC_PREFIX_BINARY: return "binary";
	default: return NULL;
	}
}

int metric_prefix_parse(const char *s, size_t len, enum metric_prefix *out)
{
	if (len == 6 && !memcmp(s, "metric", 6))
		*out = METRIC_PREFIX_METRIC;
	else if (len == 6 && !memcmp(s, "binary", 6))
		*out = METRIC_PREFIX_BINARY;
	else
		return -1;
	return 0;
}

/*
 * The shortest digits of `value` (positive, finite) that read back as it,
 * and its decimal exponent: value = 0.d1d2...dk * 10^n.  printf's "%e"
 * gives the digits; the decimal point it writes, whatever the locale
 * makes it, is skipped.
 */
static void shortest_digits(double value, char digits[20], int *k, int *n)
{
	char buf[40];
	int prec;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, value);
		if (strtod(buf, NULL) == value)
			break;
	}
	if (prec > 17)
		snprintf(buf, sizeof(buf), "%.16e", value);
	{
		const char *p = buf, *e = strchr(buf, 'e');
		int nd = 0;

		for (; p < e; p++)
			if (*p >= '0' && *p <= '9')
				digits[nd++] = *p;
		while (nd > 1 && digits[nd - 1] == '0')
			nd--;
		digits[nd] = '\0';
		*k = nd;
		*n = atoi(e + 1) + 1;
	}
}

void metric_format_value(struct strbuf *out, double value)
{
	char digits[20];
	int k, n, i;

	if (value == 0 || !isfinite(value)) {
		strbuf_addch(out, '0');
		return;
	}
	if (value < 0) {
		strbuf_addch(out, '-');
		value = -value;
	}
	shortest_digits(value, digits, &k, &n);
	if (k <= n && n <= 21) {
		strbuf_addstr(out, digits);
		for (i = k; i < n; i++)
			strbuf_addch(out, '0');
	} else if (0 < n && n <= 21) {
		strbuf_add(out, digits, (size_t)n);
		strbuf_addch(out, '.');
		strbuf_addstr(out, digits + n);
	} else if (-6 < n && n <= 0) {
		strbuf_addstr(out, "0.");
		for (i = n; i < 0; i++)
			strbuf_addch(out, '0');
		strbuf_addstr(out, digits);
	} else {
		strbuf_addch(out, digits[0]);
		if (k > 1) {
			strbuf_addch(out, '.');
			strbuf_addstr(out, digits + 1);
		}
		strbuf_addf(out, "e%c%d", n - 1 < 0 ? '-' : '+', n - 1 < 0 ? 1 - n : n - 1);
	}
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int metric_parse_value(const char *s, size_t len, double *out)
{
	const char *p = s, *end = s + len;
	char buf[128];
	double v;

	/* JSON's number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
	if (p < end && *p == '-')
		p++;
	if (p == end || !is_digit(*p))
		return -1;
	if (*p == '0')
		p++;
	else
		while (p < end && is_digit(*p))
			p++;
	if (p < end && *p == '.') {
		if (++p == end || !is_digit(*p))
			return -1;
		while (p < end && is_digit(*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		if (++p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || !is_digit(*p))
			return -1;
		while (p < end && is_digit(*p))
			p++;
	}
	if (p != end || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod(buf, NULL);
	if (!isfinite(v))
		return -1;
	*out = v == 0 ? 0 : v;	/* no -0 */
	return 0;
}

static int is_unit_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '#' && c != '(' && c != ')';
}

int metric_unit_is_valid(const char *unit, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ok;

	if (!len || len > METRIC_UNIT_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!(unit[i] & 0x80) && !is_unit_byte((unsigned char)unit[i]))
			return 0;
	strbuf_add(&sb, unit, len);
	ok = !memchr(unit, '\0', len) && record_is_utf8(sb.buf);
	/* no C1 controls or bidirectional marks: what cleaning would change */
	if (ok) {
		struct strbuf clean = STRBUF_INIT;

		ok = record_clean_reason(&clean, sb.buf) && !strcmp(clean.buf, sb.buf);
		strbuf_release(&clean);
	}
	strbuf_release(&sb);
	return ok;
}

int metric_clean_unit(struct strbuf *out, const char *unit)
{
	struct strbuf sb = STRBUF_INIT;
	size_t start = out->len, i;
	int gap = 0;

	/* record_clean_reason() makes it valid, visible UTF-8 on one line */
	if (!record_clean_reason(&sb, unit)) {
		strbuf_release(&sb);
		return 0;
	}
	for (i = 0; i < sb.len; i++) {
		unsigned char c = (unsigned char)sb.buf[i];

		if (!(c & 0x80) && !is_unit_byte(c)) {
			gap = 1;
			continue;
		}
		if (gap)
			strbuf_addch(out, '_');
		gap = 0;
		strbuf_addch(out, (char)c);
	}
	if (gap)
		strbuf_addch(out, '_');
	if (out->len - start > METRIC_UNIT_MAX) {
		size_t cut = start + METRIC_UNIT_MAX;

		while (cut > start && ((unsigned char)out->buf[cut] & 0xc0) == 0x80)
			cut--;
		strbuf_setlen(out, cut);
	}
	strbuf_release(&sb);
	return out->len > start;
}

int metric_from_input(struct record_metric *m, double value, const char *unit,
		      enum metric_prefix prefix)
{
	struct strbuf sb = STRBUF_INIT;

	memset(m, 0, sizeof(*m));
	if (!isfinite(value))
		return -1;
	m->value = value == 0 ? 0 : value;
	m->prefix = prefix;
	if (unit && metric_clean_unit(&sb, unit))
		m->unit = strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	return 0;
}

void metric_write(struct strbuf *out, const struct record_metric *m)
{
	strbuf_addstr(out, " = ");
	metric_format_value(out, m->value);
	if (m->unit) {
		strbuf_addch(out, ' ');
		strbuf_addstr(out, m->unit);
	}
	if (m->prefix != METRIC_PREFIX_NONE)
		strbuf_addf(out, " (%s)", metric_prefix_name(m->prefix));
}

static int parse_prefix_word(const char *s, const char *end, enum metric_prefix *out)
{
	if (end - s < 3 || *s != '(' || end[-1] != ')')
		return -1;
	return metric_prefix_parse(s + 1, (size_t)(end - s - 2), out);
}

int metric_parse(struct record_metric *m, const char *s, size_t len)
{
	const char *end = s + len, *p = memchr(s, ' ', len), *unit_end;

	memset(m, 0, sizeof(*m));
	if (metric_parse_value(s, (size_t)((p ? p : end) - s), &m->value))
		return -1;
	if (!p)
		return 0;
	if (++p == end)
		return -1;	/* a space and nothing after it */
	if (*p == '(')	/* a prefix without a unit */
		return parse_prefix_word(p, end, &m->prefix);
	unit_end = memchr(p, ' ', (size_t)(end - p));
	if (!unit_end)
		unit_end = end;
	if (!metric_unit_is_valid(p, (size_t)(unit_end - p)) ||
	    (unit_end < end && parse_prefix_word(unit_end + 1, end, &m->prefix)))
		return -1;
	m->unit = xstrndup(p, (size_t)(unit_end - p));
	return 0;
}

int metric_cmp(const struct record_metric *a, const struct record_metric *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	int c;

	metric_write(&sa, a);
	metric_write(&sb, b);
	c = strcmp(sa.buf, sb.buf);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return c;
}
