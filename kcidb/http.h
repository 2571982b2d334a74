#ifndef KCIDB_HTTP_H
#define KCIDB_HTTP_H

#include "lib/strbuf.h"

#include <stddef.h>

/*
 * A small HTTP client over libcurl, for talking to KCIDB.  TLS
 * verification is always on (only the CA bundle can be chosen); plain
 * http is allowed to loopback addresses only, so that a token never
 * crosses a network in clear.  Connection errors, timeouts, 429 and 5xx
 * answers are retried with bounded exponential backoff; every other
 * answer is returned to the caller.  A bearer token is sent only in the
 * Authorization header, never in a URL, and is scrubbed from every
 * message this module prints or returns.
 */

struct http_options {
	const char *ca_info;		/* CA bundle file, or NULL for the system's */
	double timeout;			/* seconds for a whole request; 0: none */
	double connect_timeout;		/* seconds */
	int retries;			/* further attempts after the first */
	double retry_delay;		/* first backoff, seconds; doubles each time */
	double retry_max_delay;		/* backoff ceiling, seconds */
	const char *token;		/* bearer token, or NULL */
	size_t max_answer;		/* bytes of an answer held in memory, at most */
};
/*
 * The dashboard answers a busy commit (tens of thousands of tests) with
 * tens of megabytes in one request (kcidb/dashboard.h).
 */
#define HTTP_MAX_ANSWER_DEFAULT ((size_t)64 << 20)
#define HTTP_MAX_REDIRECTS 5
#define HTTP_OPTIONS_INIT { NULL, 60, 10, 5, 1, 30, NULL, HTTP_MAX_ANSWER_DEFAULT }

struct http_client {
	void *curl;
	struct http_options opts;
	char *token;
	char *ca_info;
	char user_agent[128];
	char errbuf[256];
	unsigned long attempts;	/* requests actually sent, retries included */
	unsigned seed;		/* for the random part of the backoff */
	int answer_too_large;	/* the last transfer stopped at max_answer */
};

struct http_response {
	long status;		/* the HTTP status of the final answer */
	struct strbuf body;
};
#define HTTP_RESPONSE_INIT { 0, STRBUF_INIT }

/* Frees the body and leaves `r` empty. */
void http_response_release(struct http_response *r);

/*
 * Prepares a client (the options are copied).  Returns 0, or -1 with a
 * message in `err` when libcurl cannot be started.
 */
int http_client_init(struct http_client *c, const struct http_options *opts, struct strbuf *err);
/* Ends the client's connections and wipes its token; accepts a zeroed client. */
void http_client_release(struct http_client *c);

/* Whether a request sends the client's token. */
enum http_auth {
	HTTP_NO_AUTH,
	HTTP_BEARER,		/* "Authorization: Bearer <token>" (KCIDB) */
	HTTP_TOKEN,		/* "Authorization: Token <token>" (Patchwork, Django REST) */
};

/*
 * Sends `method` (GET or POST) to `url` with `body` (NULL for none) and
 * fills `resp` with the final answer, after retrying connection errors,
 * timeouts, 429 and 5xx (honouring Retry-After within the ceiling).
 * Returns 0 when an answer came, whatever its status, or -1 with a
 * message in `err` (the URL without credentials, and curl's reason) when
 * none did after the last attempt.  A 429 or 5xx that persists is
 * returned as an answer.  An answer larger than the client's max_answer
 * is an error.  A request without the token follows up to
 * HTTP_MAX_REDIRECTS redirects, each checked as `url` is
 * (http_check_url()), and none from https to plain http; a request with
 * the token follows none.
 */
int http_request(struct http_client *c, const char *method, const char *url,
		 enum http_auth auth, const char *content_type, const char *body, size_t len,
		 struct http_response *resp, struct strbuf *err);

/*
 * Whether `url` may be used: https, or http to a loopback address
 * (127.0.0.0/8, ::1, localhost).  Returns 0, or -1 with a message.
 */
int http_check_url(const char *url, struct strbuf *err);

/* Appends `url` without any user name or password in it. */
void http_scrub_url(struct strbuf *out, const char *url);

/* Replaces every occurrence of `secret` in `sb` with "<redacted>". */
void http_redact(struct strbuf *sb, const char *secret);

/* Appends `s` percent-encoded for use as one URL path segment or query value. */
void http_escape(struct strbuf *out, const char *s);

#endif
