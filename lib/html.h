#ifndef HTML_H
#define HTML_H

#include "lib/strbuf.h"

/*
 * Writing HTML: every string that comes from a record, a commit or a
 * ref goes through here on its way into a page, as text or as the value
 * of a quoted attribute.
 */

/* Appends `s` with & < > " and ' replaced by their character references. */
void html_escape(struct strbuf *out, const char *s);

/*
 * Appends a link to `url` showing `text` (both escaped) when the URL is
 * one a browser may follow from a report (http, https), and `text`
 * alone otherwise: a record's link such as "javascript:..." stays text.
 */
void html_add_link(struct strbuf *out, const char *url, const char *text);

#endif
