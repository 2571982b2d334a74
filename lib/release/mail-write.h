#ifndef RELEASE_MAIL_WRITE_H
#define RELEASE_MAIL_WRITE_H

#include "lib/strbuf.h"

/*
 * Writing email the way `git format-patch` does, for results sent as
 * messages: headers that survive any mail system (RFC 2047 for non-ASCII
 * text, RFC 5322 quoting of display names) and a body in 8bit, or in
 * quoted-printable when a line is too long for SMTP.
 */

/* Appends a header value, RFC 2047 Q-encoded (and folded) when not plain ASCII. */
void mail_add_header_text(struct strbuf *out, const char *text);

/* Appends "Name <email>", the name quoted or encoded as it needs. */
void mail_add_address(struct strbuf *out, const char *name, const char *email);

/*
 * Appends the RFC 5322 date ("Wed, 25 Nov 2026 10:00:00 +0000") of an
 * RFC 3339 UTC date ("2026-11-25T10:00:00Z").  Returns 0, or -1 when
 * `rfc3339` is not such a date.
 */
int mail_add_date(struct strbuf *out, const char *rfc3339);

/*
 * Appends the MIME headers and the body: 7bit or 8bit when every line
 * fits in 998 bytes, quoted-printable otherwise.  `body` is UTF-8 text.
 */
void mail_add_body(struct strbuf *out, const char *body, size_t len);

#endif
