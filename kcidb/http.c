#include "kcidb/http.h"
#include "lib/usage.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#ifndef GIT_RESULTS_VERSION
#define GIT_RESULTS_VERSION "0.1"
#endif

void http_response_release(struct http_response *r)
{
	strbuf_release(&r->body);
	r->status = 0;
}

int http_client_init(struct http_client *c, const struct http_options *opts, struct strbuf *err)
{
	static int curl_started;
	curl_version_info_data *v;

	memset(c, 0, sizeof(*c));
	if (!curl_started) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
			strbuf_addstr(err, "cannot start libcurl");
			return -1;
		}
		curl_started = 1;
	}
	c->curl = curl_easy_init();
	if (!c->curl) {
		strbuf_addstr(err, "cannot start libcurl");
		return -1;
	}
	c->opts = *opts;
	c->seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	c->token = opts->token ? xstrdup(opts->token) : NULL;
	c->ca_info = opts->ca_info ? xstrdup(opts->ca_info) : NULL;
	c->opts.token = NULL;
	c->opts.ca_info = NULL;
	/*
	 * The dashboard's bot protection lets through, unchallenged, only
	 * user agents that start with curl, wget, python-requests or kci-dev.
	 */
	v = curl_version_info(CURLVERSION_NOW);
	snprintf(c->user_agent, sizeof(c->user_agent), "curl/%s git-results/%s",
		 v && v->version ? v->version : "unknown", GIT_RESULTS_VERSION);
	return 0;
}

void http_client_release(struct http_client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	if (c->token) {
		explicit_bzero(c->token, strlen(c->token));
		free(c->token);
	}
	free(c->ca_info);
	memset(c, 0, sizeof(*c));
}

/* Where an answer goes: its body, up to the client's limit. */
struct answer_sink {
	struct http_client *client;
	struct strbuf *body;
};

static size_t collect_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct answer_sink *sink = userdata;
	size_t n = size * nmemb;

	if (n > sink->client->opts.max_answer - sink->body->len) {
		sink->client->answer_too_large = 1;
		return 0;	/* makes curl fail the transfer */
	}
	strbuf_add(sink->body, data, n);
	return n;
}

static int retryable_transport_error(CURLcode code)
{
	switch (code) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static int retryable_status(long status)
{
	return status == 429 || (status >= 500 && status <= 599);
}

static void sleep_seconds(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * The wait before attempt `attempt` (1 for the first retry): the delay
 * doubles each time up to the ceiling, and a server's Retry-After is
 * honoured within it.  Half of it is random, so that many clients
 * failing together do not come back together.
 */
static double backoff(struct http_client *c, int attempt, double retry_after)
{
	const struct http_options *o = &c->opts;
	double d = o->retry_delay;
	int i;

	for (i = 1; i < attempt && d < o->retry_max_delay; i++)
		d *= 2;
	if (d > o->retry_max_delay)
		d = o->retry_max_delay;
	d = d / 2 + (d / 2) * ((double)rand_r(&c->seed) / RAND_MAX);
	if (retry_after > d)
		d = retry_after;
	if (d > o->retry_max_delay)
		d = o->retry_max_delay;
	return d;
}

static CURLcode perform_once(struct http_client *c, const char *method, const char *url,
			     enum http_auth auth, const char *content_type, const char *body,
			     size_t len, struct http_response *resp, double *retry_after)
{
	CURL *curl = c->curl;
	struct curl_slist *headers = NULL;
	struct strbuf header = STRBUF_INIT;
	struct answer_sink sink = { c, &resp->body };
	curl_off_t after = 0;
	CURLcode code;

	curl_easy_reset(curl);
	strbuf_reset(&resp->body);
	resp->status = 0;
	c->errbuf[0] = '\0';
	c->answer_too_large = 0;
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_info)
		curl_easy_setopt(curl, CURLOPT_CAINFO, c->ca_info);
	if (c->opts.timeout > 0)
		curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)(c->opts.timeout * 1000));
	if (c->opts.connect_timeout > 0)
		curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
				 (long)(c->opts.connect_timeout * 1000));
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
	/* An answer that announces its size is refused before it is read. */
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->opts.max_answer);
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	headers = curl_slist_append(headers, "Accept: application/json");
	if (auth != HTTP_NO_AUTH && c->token) {
		strbuf_addf(&header, "Authorization: %s %s",
			    auth == HTTP_BEARER ? "Bearer" : "Token", c->token);
		headers = curl_slist_append(headers, header.buf);
		explicit_bzero(header.buf, header.len);
	}
	/* Redirects are followed by http_request(), which checks each hop. */
	if (!strcmp(method, "POST")) {
		strbuf_reset(&header);
		strbuf_addf(&header, "Content-Type: %s",
			    content_type ? content_type : "application/json");
		headers = curl_slist_append(headers, header.buf);
		/* No "Expect: 100-continue" round trip before large bodies. */
		headers = curl_slist_append(headers, "Expect:");
		curl_easy_setopt(curl, CURLOPT_POST, 1L);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	} else if (strcmp(method, "GET")) {
		BUG("unsupported HTTP method %s", method);
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

	code = curl_easy_perform(curl);
	c->attempts++;
	if (code == CURLE_FILESIZE_EXCEEDED)
		c->answer_too_large = 1;
	if (code == CURLE_OK) {
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
		if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &after) == CURLE_OK && after > 0)
			*retry_after = (double)after;
	}
	/* The header list holds a copy of the token: wipe it before freeing. */
	{
		struct curl_slist *h;

		for (h = headers; h; h = h->next)
			explicit_bzero(h->data, strlen(h->data));
	}
	curl_slist_free_all(headers);
	strbuf_release(&header);
	return code;
}

/* curl's reason for a failed transfer, without the token. */
static void describe_failure(struct http_client *c, CURLcode code, struct strbuf *out)
{
	struct strbuf why = STRBUF_INIT;

	strbuf_addstr(&why, c->errbuf[0] ? c->errbuf : curl_easy_strerror(code));
	strbuf_rtrim(&why);
	http_redact(&why, c->token);
	strbuf_addbuf(out, &why);
	strbuf_release(&why);
}

static int is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 ||
	       status == 308;
}

/*
 * Where a redirect answer sends the client, checked as the URL first
 * asked for is: the scheme and host rules hold on every hop, and an
 * https answer never leads to plain http.  Returns 0 with the next URL
 * in `next`, or -1 with a message.
 */
static int redirect_target(struct http_client *c, const char *from, struct strbuf *next,
			   struct strbuf *err)
{
	struct strbuf shown = STRBUF_INIT, to = STRBUF_INIT, why = STRBUF_INIT;
	char *location = NULL;
	int ret = -1;

	http_scrub_url(&shown, from);
	if (curl_easy_getinfo(c->curl, CURLINFO_REDIRECT_URL, &location) != CURLE_OK ||
	    !location) {
		strbuf_addf(err, "'%s' answered a redirect without a location", shown.buf);
		goto out;
	}
	http_scrub_url(&to, location);
	if (!strncasecmp(from, "https://", 8) && strncasecmp(location, "https://", 8)) {
		strbuf_addf(err, "refusing the redirect from '%s' to '%s': it leaves https",
			    shown.buf, to.buf);
		goto out;
	}
	if (http_check_url(location, &why)) {
		strbuf_addf(err, "refusing the redirect from '%s': %s", shown.buf, why.buf);
		goto out;
	}
	strbuf_reset(next);
	strbuf_addstr(next, location);
	ret = 0;
out:
	strbuf_release(&shown);
	strbuf_release(&to);
	strbuf_release(&why);
	return ret;
}

int http_request(struct http_client *c, const char *method, const char *first_url,
		 enum http_auth auth, const char *content_type, const char *body, size_t len,
		 struct http_response *resp, struct strbuf *err)
{
	struct strbuf shown = STRBUF_INIT, why = STRBUF_INIT, url = STRBUF_INIT;
	int attempt, hops = 0, ret = -1;

	strbuf_addstr(&url, first_url);
	http_scrub_url(&shown, url.buf);
	if (http_check_url(url.buf, err))
		goto out;
	for (attempt = 0;; attempt++) {
		double retry_after = 0, wait;
		CURLcode code = perform_once(c, method, url.buf, auth, content_type, body, len,
					     resp, &retry_after);

		strbuf_reset(&why);
		if (code == CURLE_OK && is_redirect(resp->status) && auth == HTTP_NO_AUTH &&
		    !strcmp(method, "GET")) {
			if (++hops > HTTP_MAX_REDIRECTS) {
				strbuf_addf(err, "unable to access '%s': more than %d redirects",
					    shown.buf, HTTP_MAX_REDIRECTS);
				break;
			}
			if (redirect_target(c, url.buf, &url, err))
				break;
			attempt = -1;
			continue;
		}
		if (code == CURLE_OK && !retryable_status(resp->status)) {
			ret = 0;
			break;
		}
		if (code != CURLE_OK && c->answer_too_large) {
			http_scrub_url(&why, url.buf);
			strbuf_addf(err, "the answer from '%s' is larger than %lu bytes"
				    " (results.kcidb.maxAnswerSize)", why.buf,
				    (unsigned long)c->opts.max_answer);
			break;
		}
		if (code != CURLE_OK) {
			describe_failure(c, code, &why);
			if (!retryable_transport_error(code) || attempt >= c->opts.retries) {
				strbuf_addf(err, "unable to access '%s': %s", shown.buf, why.buf);
				break;
			}
		} else {
			if (attempt >= c->opts.retries) {
				ret = 0;	/* the caller reports the persistent answer */
				break;
			}
			strbuf_addf(&why, "the server answered %ld", resp->status);
		}
		wait = backoff(c, attempt + 1, retry_after);
		warning("%s: %s; retrying in %.1f s (attempt %d of %d)", shown.buf, why.buf,
			wait, attempt + 2, c->opts.retries + 1);
		sleep_seconds(wait);
	}
out:
	if (ret)
		strbuf_reset(&resp->body);
	strbuf_release(&shown);
	strbuf_release(&why);
	strbuf_release(&url);
	return ret;
}
