/*
 * The text rules of record fields (see lib/record-text.h).
 */
#include "lib/record-text.h"

#include <ctype.h>
#include <string.h>

/*
 * Length of the valid UTF-8 sequence at `p` (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or 0 when it is not one.
 */
static size_t utf8_len(const unsigned char *p)
{
	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (*p >= 0xe0 && *p <= 0xef) {
		unsigned lo = *p == 0xe0 ? 0xa0 : 0x80, hi = *p == 0xed ? 0x9f : 0xbf;

		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (*p >= 0xf0 && *p <= 0xf4) {
		unsigned lo = *p == 0xf0 ? 0x90 : 0x80, hi = *p == 0xf4 ? 0x8f : 0xbf;

		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
			(p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

int record_is_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_len(p);

		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

/*
 * Whether the UTF-8 character at `p`, `n` bytes long, would act on a
 * terminal or reorder the text around it rather than show itself: the C1
 * controls (0x9b is CSI on some terminals) and the bidirectional marks,
 * embeddings, overrides and isolates (U+202E turns "gpj.exe" around).
 */
static unsigned hidden_code_point(const unsigned char *p, size_t n)
{
	unsigned cp;

	if (n == 2) {
		cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
		return cp >= 0x80 && cp <= 0x9f ? cp : 0;
	}
	if (n != 3)
		return 0;
	cp = ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return cp;
	return 0;
}

/*
 * A reason comes straight from a test log: keep it on one line, valid
 * UTF-8 and free of control characters, so that the record stays plain
 * text that every consumer (JSON, email, terminals) accepts and shows as
 * it is.
 */
int record_clean_reason(struct strbuf *out, const char *reason)
{
	const unsigned char *p = (const unsigned char *)reason;
	size_t start = out->len, skip;

	while (*p) {
		const unsigned char *run = p;
		size_t n;

		/* printable ASCII, nearly every reason, is copied in runs */
		while (*p >= 0x20 && *p < 0x7f)
			p++;
		if (p > run) {
			strbuf_add(out, run, (size_t)(p - run));
			continue;
		}
		n = utf8_len(p);
		if (!n) {
			strbuf_addch(out, '?');
			p++;
		} else if (n == 1 && (*p < 0x20 || *p == 0x7f)) {
			strbuf_addch(out, ' ');
			p++;
		} else if (hidden_code_point(p, n)) {
			strbuf_addf(out, "<U+%04X>", hidden_code_point(p, n));
			p += n;
		} else {
			strbuf_add(out, p, n);
			p += n;
		}
	}
	/* trim only what was appended */
	while (out->len > start && isspace((unsigned char)out->buf[out->len - 1]))
		out->len--;
	for (skip = start; skip < out->len && isspace((unsigned char)out->buf[skip]); skip++)
		;
	if (skip > start)
		memmove(out->buf + start, out->buf + skip, out->len - skip);
	strbuf_setlen(out, out->len - (skip - start));
	return out->len > start;
}

int record_reason_is_clean(const char *reason, size_t len)
{
	struct strbuf raw = STRBUF_INIT, clean = STRBUF_INIT;
	size_t i;
	int ret;

	for (i = 0; i < len; i++)
		if ((unsigned char)reason[i] < 0x20 || (unsigned char)reason[i] >= 0x7f)
			break;
	if (i == len)
		return len && reason[0] != ' ' && reason[len - 1] != ' ';
	strbuf_add(&raw, reason, len);
	ret = record_clean_reason(&clean, raw.buf) && clean.len == len &&
		!memcmp(clean.buf, reason, len);
	strbuf_release(&raw);
	strbuf_release(&clean);
	return ret;
}
