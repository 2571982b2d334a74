#include "lib/release/mail-write.h"
#include "lib/date.h"
#include "lib/usage.h"

#include <stdio.h>
#include <string.h>

#define MAX_LINE 998	/* RFC 5322, without the CRLF */

static int is_plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* Whether RFC 2047's Q encoding may write `c` as itself. */
static int q_plain(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '=' && c != '?' && c != '_';
}

/* The length of the UTF-8 sequence starting with `c` (1 for a stray byte). */
static size_t utf8_seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

void mail_add_header_text(struct strbuf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)text;
	size_t word = 0;

	if (is_plain(text)) {
		strbuf_addstr(out, text);
		return;
	}
	/* Encoded words of at most 75 characters, never splitting a character. */
	while (*p) {
		size_t n = utf8_seq_len(*p), need = 0, i;

		for (i = 0; i < n && p[i]; i++)
			need += p[i] == ' ' || q_plain(p[i]) ? 1 : 3;
		if (word && word + need > 75 - 2) {
			strbuf_addstr(out, "?=\n ");
			word = 0;
		}
		if (!word) {
			strbuf_addstr(out, "=?UTF-8?q?");
			word = 10;
		}
		for (i = 0; i < n && *p; i++, p++) {
			if (*p == ' ') {
				strbuf_addch(out, '_');
			} else if (q_plain(*p)) {
				strbuf_addch(out, *p);
			} else {
				strbuf_addch(out, '=');
				strbuf_addch(out, hex[*p >> 4]);
				strbuf_addch(out, hex[*p & 15]);
			}
		}
		word += need;
	}
	strbuf_addstr(out, "?=");
}

void mail_add_address(struct strbuf *out, const char *name, const char *email)
{
	const char *p;

	if (!name || !*name) {
		strbuf_addstr(out, email);
		return;
	}
	if (!is_plain(name)) {
		mail_add_header_text(out, name);
	} else if (strpbrk(name, "()<>[]:;@\\,.\"")) {
		strbuf_addch(out, '"');
		for (p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_addch(out, '\\');
			strbuf_addch(out, *p);
		}
		strbuf_addch(out, '"');
	} else {
		strbuf_addstr(out, name);
	}
	strbuf_addf(out, " <%s>", email);
}

int mail_add_date(struct strbuf *out, const char *rfc3339)
{
	long long t;

	if (date_parse_utc(rfc3339, &t))
		return -1;
	return date_format_rfc2822(out, t);
}

static void add_quoted_printable(struct strbuf *out, const char *body, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)body[i];
		int last_of_line = i + 1 == len || body[i + 1] == '\n';
		size_t width;

		if (c == '\n') {
			strbuf_addch(out, '\n');
			col = 0;
			continue;
		}
		/* Encode '=', non-ASCII, controls, and white space that ends a line. */
		width = (c == '=' || c < 0x20 || c > 0x7e || ((c == ' ' || c == '\t') && last_of_line)) ? 3 : 1;
		if (col + width > 75) {
			strbuf_addstr(out, "=\n");
			col = 0;
		}
		if (width == 3) {
			strbuf_addch(out, '=');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		} else {
			strbuf_addch(out, c);
		}
		col += width;
	}
}

void mail_add_body(struct strbuf *out, const char *body, size_t len)
{
	size_t i, line = 0;
	int ascii = 1, long_line = 0;

	for (i = 0; i < len; i++) {
		if (body[i] == '\n') {
			line = 0;
			continue;
		}
		if ((unsigned char)body[i] > 0x7e)
			ascii = 0;
		if (++line > MAX_LINE)
			long_line = 1;
	}
	strbuf_addstr(out, "MIME-Version: 1.0\n"
		      "Content-Type: text/plain; charset=UTF-8\n");
	if (long_line) {
		strbuf_addstr(out, "Content-Transfer-Encoding: quoted-printable\n\n");
		add_quoted_printable(out, body, len);
	} else {
		strbuf_addf(out, "Content-Transfer-Encoding: %s\n\n", ascii ? "7bit" : "8bit");
		strbuf_add(out, body, len);
	}
}
