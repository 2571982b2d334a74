/*
 * URL strings for the HTTP client and for what reads its configuration:
 * checking, scrubbing credentials, redacting secrets, escaping.  Kept
 * apart from http.c so that programs that only read the configuration
 * (git-results itself, for `--to kcidb`) do not link libcurl.
 */
#include "kcidb/http.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void http_redact(struct strbuf *sb, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;
	char *p;

	if (!n)
		return;
	while ((p = memmem(sb->buf, sb->len, secret, n))) {
		struct strbuf tmp = STRBUF_INIT;
		size_t at = (size_t)(p - sb->buf);

		strbuf_add(&tmp, sb->buf, at);
		strbuf_addstr(&tmp, "<redacted>");
		strbuf_add(&tmp, sb->buf + at + n, sb->len - at - n);
		strbuf_release(sb);
		*sb = tmp;
	}
}

void http_scrub_url(struct strbuf *out, const char *url)
{
	const char *scheme_end = strstr(url, "://"), *host, *at, *end;

	if (!scheme_end) {
		strbuf_addstr(out, url);
		return;
	}
	host = scheme_end + 3;
	end = host + strcspn(host, "/?#");
	at = memrchr(host, '@', (size_t)(end - host));
	strbuf_add(out, url, (size_t)(host - url));
	strbuf_addstr(out, at ? at + 1 : host);
}

void http_escape(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
			strbuf_addch(out, (char)ch);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[ch >> 4]);
			strbuf_addch(out, hex[ch & 15]);
		}
	}
}

/* The host part of an http(s) URL, without port, brackets or userinfo. */
static void url_host(struct strbuf *out, const char *url)
{
	const char *host = strstr(url, "://"), *end, *at;

	if (!host)
		return;
	host += 3;
	end = host + strcspn(host, "/?#");
	at = memrchr(host, '@', (size_t)(end - host));
	if (at)
		host = at + 1;
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));

		if (close)
			strbuf_add(out, host + 1, (size_t)(close - host - 1));
		return;
	}
	strbuf_add(out, host, strcspn(host, ":/?#"));
}

static int is_loopback(const char *host)
{
	if (!strcasecmp(host, "localhost") || !strcmp(host, "::1"))
		return 1;
	if (!strncmp(host, "127.", 4)) {
		const char *p;
		int dots = 0;

		for (p = host; *p; p++) {
			if (*p == '.')
				dots++;
			else if (*p < '0' || *p > '9')
				return 0;
		}
		return dots == 3;
	}
	return 0;
}

int http_check_url(const char *url, struct strbuf *err)
{
	struct strbuf host = STRBUF_INIT, shown = STRBUF_INIT;
	int ret = -1;

	url_host(&host, url);
	http_scrub_url(&shown, url);
	if (!host.len)
		strbuf_addf(err, "'%s' is not an http or https URL", shown.buf);
	else if (!strncasecmp(url, "https://", 8))
		ret = 0;
	else if (strncasecmp(url, "http://", 7))
		strbuf_addf(err, "'%s' is not an http or https URL", shown.buf);
	else if (!is_loopback(host.buf))
		strbuf_addf(err, "refusing plain http to '%s': use https (plain http is allowed"
			    " to loopback addresses only)", host.buf);
	else
		ret = 0;
	strbuf_release(&host);
	strbuf_release(&shown);
	return ret;
}

