#include "lib/release/mbox.h"
#include "lib/hex.h"
#include "lib/usage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int base64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int decode_base64(struct strbuf *out, const char *in, size_t len)
{
	unsigned acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < len; i++) {
		if (in[i] == '=')
			break;
		if (isspace((unsigned char)in[i]))
			continue;
		if ((v = base64_value((unsigned char)in[i])) < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addch(out, (int)((acc >> bits) & 0xff));
		}
	}
	return 0;
}

/* Quoted-printable; `header` makes '_' a space (RFC 2047's Q). */
static void decode_qp(struct strbuf *out, const char *in, size_t len, int header)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (in[i] == '=' && i + 1 < len && in[i + 1] == '\n') {
			i++;	/* soft line break */
		} else if (in[i] == '=' && i + 2 < len && hex_byte(in + i + 1) >= 0) {
			strbuf_addch(out, hex_byte(in + i + 1));
			i += 2;
		} else if (header && in[i] == '_') {
			strbuf_addch(out, ' ');
		} else {
			strbuf_addch(out, in[i]);
		}
	}
}

/* Decodes one "=?charset?enc?text?=" word at `p`; returns its end, or NULL. */
static const char *decode_word(struct strbuf *out, const char *p)
{
	const char *charset = p + 2, *q1, *q2, *end;
	size_t before = out->len;

	if (strncmp(p, "=?", 2) || !(q1 = strchr(charset, '?')) || !q1[1] || q1[2] != '?' ||
	    !(end = strstr(q1 + 3, "?=")))
		return NULL;
	q2 = q1 + 2;
	if (!((q1 - charset == 5 && !strncasecmp(charset, "UTF-8", 5)) ||
	      (q1 - charset == 8 && !strncasecmp(charset, "US-ASCII", 8))))
		return NULL;
	if (tolower((unsigned char)q1[1]) == 'q') {
		decode_qp(out, q2 + 1, end - (q2 + 1), 1);
	} else if (tolower((unsigned char)q1[1]) == 'b') {
		if (decode_base64(out, q2 + 1, end - (q2 + 1))) {
			strbuf_setlen(out, before);
			return NULL;
		}
	} else {
		return NULL;
	}
	return end + 2;
}

void mail_decode_header(struct strbuf *out, const char *in)
{
	const char *p = in;
	int after_word = 0;

	while (*p) {
		const char *end;

		if (!strncmp(p, "=?", 2) && (end = decode_word(out, p))) {
			p = end;
			after_word = 1;
			continue;
		}
		/* White space between two encoded words is not part of the text. */
		if (after_word && isspace((unsigned char)*p)) {
			const char *q = p;

			while (isspace((unsigned char)*q))
				q++;
			if (!strncmp(q, "=?", 2)) {
				struct strbuf probe = STRBUF_INIT;

				if (decode_word(&probe, q)) {
					strbuf_release(&probe);
					p = q;
					continue;
				}
				strbuf_release(&probe);
			}
		}
		after_word = 0;
		strbuf_addch(out, *p++);
	}
}

struct header {
	struct strbuf subject, from, type, encoding;
};

/* Keeps the headers we need from the unfolded header block. */
static void read_headers(struct header *h, const char *p, const char *end)
{
	struct strbuf line = STRBUF_INIT;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;
		const char *colon;
		struct strbuf *slot = NULL;

		strbuf_reset(&line);
		strbuf_add(&line, p, eol - p);
		p = nl ? nl + 1 : end;
		/* Unfold continuation lines. */
		while (p < end && (*p == ' ' || *p == '\t')) {
			nl = memchr(p, '\n', end - p);
			eol = nl ? nl : end;
			strbuf_add(&line, p, eol - p);
			p = nl ? nl + 1 : end;
		}
		colon = strchr(line.buf, ':');
		if (!colon)
			continue;
		if (colon - line.buf == 7 && !strncasecmp(line.buf, "Subject", 7))
			slot = &h->subject;
		else if (colon - line.buf == 4 && !strncasecmp(line.buf, "From", 4))
			slot = &h->from;
		else if (colon - line.buf == 12 && !strncasecmp(line.buf, "Content-Type", 12))
			slot = &h->type;
		else if (colon - line.buf == 25 && !strncasecmp(line.buf, "Content-Transfer-Encoding", 25))
			slot = &h->encoding;
		if (slot) {
			strbuf_reset(slot);
			strbuf_addstr(slot, colon + 1);
			strbuf_trim(slot);
		}
	}
	strbuf_release(&line);
}

/* Whether Content-Type `type` is text/plain in a charset we read as UTF-8. */
static int plain_text(const char *type)
{
	const char *charset;

	if (!*type)
		return 1;
	if (strncasecmp(type, "text/plain", 10) || (type[10] && type[10] != ';' &&
						     !isspace((unsigned char)type[10])))
		return 0;
	charset = strcasestr(type, "charset=");
	if (!charset)
		return 1;
	charset += 8;
	if (*charset == '"')
		charset++;
	return !strncasecmp(charset, "utf-8", 5) || !strncasecmp(charset, "us-ascii", 8);
}

static int parse_message(struct mail_message *m, const char *p, const char *end,
			 struct strbuf *err)
{
	struct header h = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct strbuf body = STRBUF_INIT, decoded = STRBUF_INIT;
	const char *body_start = p, *s;
	int ret = -1;

	/* Headers end at the first empty line. */
	for (s = p; s < end; ) {
		const char *nl = memchr(s, '\n', end - s);

		if (*s == '\n') {
			body_start = s + 1;
			break;
		}
		if (!nl) {
			body_start = end;
			s = end;
			break;
		}
		s = nl + 1;
		body_start = s;
	}
	read_headers(&h, p, body_start);

	/* mboxrd: ">From " was escaped by one more '>'. */
	for (s = body_start; s < end; ) {
		const char *nl = memchr(s, '\n', end - s), *q = s;
		const char *eol = nl ? nl + 1 : end;

		while (q < eol && *q == '>')
			q++;
		if (q > s && eol - q >= 5 && !strncmp(q, "From ", 5))
			s++;
		strbuf_add(&body, s, eol - s);
		s = eol;
	}

	if (!plain_text(h.type.buf)) {
		strbuf_addf(err, "message %zu: not a plain text message in UTF-8 (Content-Type: %s)",
			    m->number, h.type.buf);
		goto out;
	}
	if (!h.encoding.len || !strcasecmp(h.encoding.buf, "7bit") ||
	    !strcasecmp(h.encoding.buf, "8bit") || !strcasecmp(h.encoding.buf, "binary")) {
		strbuf_addbuf(&decoded, &body);
	} else if (!strcasecmp(h.encoding.buf, "quoted-printable")) {
		decode_qp(&decoded, body.buf, body.len, 0);
	} else if (!strcasecmp(h.encoding.buf, "base64")) {
		if (decode_base64(&decoded, body.buf, body.len)) {
			strbuf_addf(err, "message %zu: invalid base64 body", m->number);
			goto out;
		}
	} else {
		strbuf_addf(err, "message %zu: unknown Content-Transfer-Encoding '%s'",
			    m->number, h.encoding.buf);
		goto out;
	}
	{
		struct strbuf text = STRBUF_INIT;

		mail_decode_header(&text, h.subject.buf);
		m->subject = strbuf_detach(&text, NULL);
		mail_decode_header(&text, h.from.buf);
		m->from = strbuf_detach(&text, NULL);
	}
	m->body = strbuf_detach(&decoded, &m->body_len);
	ret = 0;
out:
	strbuf_release(&h.subject);
	strbuf_release(&h.from);
	strbuf_release(&h.type);
	strbuf_release(&h.encoding);
	strbuf_release(&body);
	strbuf_release(&decoded);
	return ret;
}

static void message_release(struct mail_message *m)
{
	free(m->subject);
	free(m->from);
	free(m->body);
}

int mbox_parse(struct mail_list *out, const char *buf, size_t len, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	size_t first = out->nr, i;
	const char *p, *end, *start;
	int mbox, ret = -1;

	/* Archives often keep CRLF line endings; read them as LF. */
	for (i = 0; i < len; i++)
		if (!(buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n'))
			strbuf_addch(&text, buf[i]);
	p = text.buf;
	end = text.buf + text.len;
	mbox = text.len >= 5 && !strncmp(p, "From ", 5);
	start = p;
	while (start < end) {
		const char *msg_end = end, *s = start;
		struct mail_message *m;

		if (mbox) {
			/* Skip the "From " line; the message runs to the next one after a blank line. */
			const char *nl = memchr(s, '\n', end - s);

			start = s = nl ? nl + 1 : end;
			for (; s < end; ) {
				const char *line_nl = memchr(s, '\n', end - s);
				const char *next = line_nl ? line_nl + 1 : end;

				if (*s == '\n' && end - next >= 5 && !strncmp(next, "From ", 5)) {
					msg_end = s;	/* the blank line belongs to neither */
					break;
				}
				s = next;
			}
		}
		ALLOC_GROW(out->items, out->nr + 1, out->alloc);
		m = &out->items[out->nr];
		memset(m, 0, sizeof(*m));
		m->number = out->nr + 1;
		if (parse_message(m, start, msg_end, err)) {
			message_release(m);
			goto out;
		}
		out->nr++;
		start = msg_end == end ? end : msg_end + 1;
	}
	ret = 0;
out:
	if (ret)
		while (out->nr > first)
			message_release(&out->items[--out->nr]);
	strbuf_release(&text);
	return ret;
}

void mail_list_release(struct mail_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		message_release(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->nr = list->alloc = 0;
}
