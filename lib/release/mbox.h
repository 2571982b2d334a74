#ifndef RELEASE_MBOX_H
#define RELEASE_MBOX_H

#include "lib/strbuf.h"

/*
 * Reading messages back for `git results am`: an mbox as
 * `git format-patch` and mail archives write it (or one message without
 * a "From " line), split like `git mailsplit` does, with each body
 * decoded from its transfer encoding.
 */

struct mail_message {
	size_t number;		/* 1-based, in input order */
	char *subject;		/* decoded (RFC 2047); "" when there is none */
	char *from;		/* decoded; "" when there is none */
	char *body;		/* decoded, LF line endings */
	size_t body_len;
};

struct mail_list {
	struct mail_message *items;
	size_t nr, alloc;
};
#define MAIL_LIST_INIT { NULL, 0, 0 }

/*
 * Splits `buf` into messages and decodes them, appending to `out`
 * (numbering on from out->nr).  Bodies in 7bit, 8bit, binary,
 * quoted-printable and base64 are decoded; a message that is not
 * text/plain in UTF-8 or US-ASCII is refused.  Returns 0, or -1 with a
 * message in `err` ("message 2: ...") and `out` as it was.
 */
int mbox_parse(struct mail_list *out, const char *buf, size_t len, struct strbuf *err);
void mail_list_release(struct mail_list *list);

/* Appends `in`, an RFC 2047 header value, decoded; unknown charsets are kept as they are. */
void mail_decode_header(struct strbuf *out, const char *in);

#endif
