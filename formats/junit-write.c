#include "formats/junit-write.h"
#include "lib/metric.h"
#include "lib/usage.h"

#include <string.h>

/*
 * The length of the UTF-8 character at `s` (at most `len` bytes) when it
 * is valid and allowed in XML 1.0, else 0.
 */
static size_t xml_char_len(const unsigned char *s, size_t len)
{
	unsigned c = s[0];
	size_t n, i;
	unsigned cp;

	if (c < 0x80)
		return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond Unicode, and U+FFFE/U+FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/*
 * Appends `s` escaped for XML text, or for a double-quoted attribute
 * value, where line breaks and tabs must be character references to
 * survive attribute value normalisation.
 */
static void add_escaped(struct strbuf *out, const char *s, int attribute)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	while (len) {
		size_t n = xml_char_len(p, len);

		if (!n) {
			strbuf_addch(out, '?');
			n = 1;
		} else if (*p == '&') {
			strbuf_addstr(out, "&amp;");
		} else if (*p == '<') {
			strbuf_addstr(out, "&lt;");
		} else if (*p == '>') {
			strbuf_addstr(out, "&gt;");
		} else if (*p == '"' && attribute) {
			strbuf_addstr(out, "&quot;");
		} else if (*p == '\r' || (attribute && (*p == '\n' || *p == '\t'))) {
			strbuf_addf(out, "&#%d;", *p);
		} else {
			strbuf_add(out, p, n);
		}
		p += n;
		len -= n;
	}
}

static void add_attr(struct strbuf *out, const char *name, const char *value)
{
	strbuf_addf(out, " %s=\"", name);
	add_escaped(out, value, 1);
	strbuf_addch(out, '"');
}

static void add_property(struct strbuf *out, const char *indent, const char *name,
			 const char *value)
{
	strbuf_addf(out, "%s<property", indent);
	add_attr(out, "name", name);
	add_attr(out, "value", value);
	strbuf_addstr(out, "/>\n");
}

/*
 * A test's measurement as the properties "value", "unit" and "prefix" of
 * its <testcase> (formats/junit-metric.h); nothing when it has none.
 */
static void add_metric_properties(struct strbuf *out, const struct record_metric *metric)
{
	struct strbuf value = STRBUF_INIT;

	if (!metric)
		return;
	metric_format_value(&value, metric->value);
	add_property(out, "        ", "value", value.buf);
	if (metric->unit)
		add_property(out, "        ", "unit", metric->unit);
	if (metric->prefix != METRIC_PREFIX_NONE)
		add_property(out, "        ", "prefix", metric_prefix_name(metric->prefix));
	strbuf_release(&value);
}

/* The measurement's <properties> element; nothing when there is none. */
static void add_metric_block(struct strbuf *out, const struct record_metric *metric)
{
	if (!metric)
		return;
	strbuf_addstr(out, "      <properties>\n");
	add_metric_properties(out, metric);
	strbuf_addstr(out, "      </properties>\n");
}

/* JUnit's four counters, from KCIDB's six statuses. */
static void add_counts(struct strbuf *out, const size_t counts[STATUS__NR])
{
	size_t tests = 0;
	int i;

	for (i = 0; i < STATUS__NR; i++)
		tests += counts[i];
	strbuf_addf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"",
		    tests, counts[STATUS_FAIL], counts[STATUS_ERROR] + counts[STATUS_MISS],
		    counts[STATUS_SKIP]);
}

static void count_tests(const struct record *r, size_t counts[STATUS__NR])
{
	size_t i;

	for (i = 0; i < r->tests_nr; i++)
		counts[r->tests[i].status]++;
}

static void add_testcase(struct strbuf *out, const struct record_test *t)
{
	const char *dot = strrchr(t->path, '.');
	const char *reason = t->reason;
	struct strbuf classname = STRBUF_INIT;

	strbuf_addstr(out, "    <testcase");
	if (dot) {
		strbuf_add(&classname, t->path, dot - t->path);
		add_attr(out, "classname", classname.buf);
	}
	add_attr(out, "name", dot ? dot + 1 : t->path);

	switch (t->status) {
	case STATUS_FAIL:
	case STATUS_ERROR:
	case STATUS_MISS:
		strbuf_addstr(out, ">\n");
		add_metric_block(out, t->metric);
		strbuf_addf(out, "      <%s type=\"%s\"",
			    t->status == STATUS_FAIL ? "failure" : "error", status_name(t->status));
		if (reason)
			add_attr(out, "message", reason);
		strbuf_addstr(out, "/>\n    </testcase>\n");
		break;
	case STATUS_SKIP:
		strbuf_addstr(out, ">\n");
		add_metric_block(out, t->metric);
		strbuf_addstr(out, "      <skipped");
		if (reason)
			add_attr(out, "message", reason);
		strbuf_addstr(out, "/>\n    </testcase>\n");
		break;
	case STATUS_DONE:
	case STATUS_PASS:
		if (t->status != STATUS_DONE && !reason && !t->metric) {
			strbuf_addstr(out, "/>\n");
			break;
		}
		strbuf_addstr(out, ">\n");
		if (t->status == STATUS_DONE || t->metric) {
			strbuf_addstr(out, "      <properties>\n");
			if (t->status == STATUS_DONE)
				add_property(out, "        ", "status", "DONE");
			add_metric_properties(out, t->metric);
			strbuf_addstr(out, "      </properties>\n");
		}
		if (reason) {
			strbuf_addstr(out, "      <system-out>");
			add_escaped(out, reason, 0);
			strbuf_addstr(out, "</system-out>\n");
		}
		strbuf_addstr(out, "    </testcase>\n");
		break;
	case STATUS__NR:
		BUG("test with no status");
	}
	strbuf_release(&classname);
}

static void add_suite(struct strbuf *out, const struct record *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t counts[STATUS__NR] = { 0 };
	size_t i;

	count_tests(r, counts);
	strbuf_addf(&sb, "%s/%s", r->origin ? r->origin : "", r->run ? r->run : "");
	strbuf_addstr(out, "  <testsuite");
	add_attr(out, "name", sb.buf);
	add_counts(out, counts);
	if (r->date)
		add_attr(out, "timestamp", r->date);
	strbuf_addstr(out, ">\n    <properties>\n");
	if (*r->commit)
		add_property(out, "      ", "commit", r->commit);
	if (*r->tree)
		add_property(out, "      ", "tree", r->tree);
	if (r->origin)
		add_property(out, "      ", "origin", r->origin);
	if (r->run)
		add_property(out, "      ", "run", r->run);
	if (r->date)
		add_property(out, "      ", "date", r->date);
	for (i = 0; i < r->env_nr; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "env.%s", r->env[i].key);
		add_property(out, "      ", sb.buf, r->env[i].value);
	}
	if (r->tester)
		add_property(out, "      ", "tester", r->tester);
	for (i = 0; i < r->links_nr; i++)
		add_property(out, "      ", "link", r->links[i]);
	add_property(out, "      ", "status", status_name(r->status));
	strbuf_addstr(out, "    </properties>\n");
	for (i = 0; i < r->tests_nr; i++)
		add_testcase(out, &r->tests[i]);
	strbuf_addstr(out, "  </testsuite>\n");
	strbuf_release(&sb);
}

static void write_document(struct strbuf *out, const struct record *records, size_t nr)
{
	size_t counts[STATUS__NR] = { 0 };
	size_t i;

	for (i = 0; i < nr; i++)
		count_tests(&records[i], counts);
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"git results\"");
	add_counts(out, counts);
	if (!nr) {
		strbuf_addstr(out, "/>\n");
		return;
	}
	strbuf_addstr(out, ">\n");
	for (i = 0; i < nr; i++)
		add_suite(out, &records[i]);
	strbuf_addstr(out, "</testsuites>\n");
}

void junit_write_list(struct strbuf *out, const struct record_list *list)
{
	write_document(out, list->items, list->nr);
}

void junit_write_record(struct strbuf *out, const struct record *r)
{
	write_document(out, r, 1);
}
