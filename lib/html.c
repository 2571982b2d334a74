#include "lib/html.h"

#include <string.h>
#include <strings.h>

void html_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default: strbuf_addch(out, *s);
		}
	}
}

void html_add_link(struct strbuf *out, const char *url, const char *text)
{
	if (strncasecmp(url, "https://", 8) && strncasecmp(url, "http://", 7)) {
		html_escape(out, text);
		return;
	}
	strbuf_addstr(out, "<a href=\"");
	html_escape(out, url);
	strbuf_addstr(out, "\">");
	html_escape(out, text);
	strbuf_addstr(out, "</a>");
}
