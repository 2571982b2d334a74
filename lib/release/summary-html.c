/*
 * The release summary as an HTML page: the Markdown rendering turned
 * into HTML by cmark (safe mode, so no raw HTML passes through), inside
 * a minimal XHTML-compatible page so XML tools can read it too.
 */
#include "lib/release/summary.h"
#include "lib/html.h"
#include "lib/usage.h"

#include <cmark.h>
#include <stdlib.h>

int summary_write_html(struct strbuf *out, const struct summary *s)
{
	struct strbuf md = STRBUF_INIT;
	char *body;

	summary_write_markdown(&md, s);
	body = cmark_markdown_to_html(md.buf, md.len, CMARK_OPT_DEFAULT);
	strbuf_release(&md);
	if (!body)
		return error("cmark could not render the summary");
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		      "<meta charset=\"utf-8\" />\n<title>Test results for ");
	html_escape(out, s->name);
	strbuf_addstr(out, "</title>\n</head>\n<body>\n");
	strbuf_addstr(out, body);
	strbuf_addstr(out, "</body>\n</html>\n");
	free(body);
	return 0;
}
