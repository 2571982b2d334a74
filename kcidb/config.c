#include "kcidb/config.h"
#include "kcidb/http.h"
#include "lib/hex.h"
#include "lib/config-number.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

void kcidb_target_release(struct kcidb_target *t)
{
	free(t->origin);
	free(t->git_url);
	free(t->branch);
	t->origin = t->git_url = t->branch = NULL;
}

int kcidb_is_origin(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int base64url_decode(struct strbuf *out, const char *s, size_t len)
{
	unsigned acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		int v;
		char ch = s[i];

		if (ch >= 'A' && ch <= 'Z')
			v = ch - 'A';
		else if (ch >= 'a' && ch <= 'z')
			v = ch - 'a' + 26;
		else if (ch >= '0' && ch <= '9')
			v = ch - '0' + 52;
		else if (ch == '-' || ch == '+')
			v = 62;
		else if (ch == '_' || ch == '/')
			v = 63;
		else if (ch == '=')
			break;
		else
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addch(out, (char)((acc >> bits) & 0xff));
		}
	}
	return 0;
}

int kcidb_token_origin(struct strbuf *out, const char *token)
{
	struct strbuf payload = STRBUF_INIT;
	const char *dot1 = strchr(token, '.'), *dot2;
	json_t *claims = NULL;
	const char *origin;
	int ret = -1;

	if (!dot1 || !(dot2 = strchr(dot1 + 1, '.')))
		goto out;
	if (base64url_decode(&payload, dot1 + 1, (size_t)(dot2 - dot1 - 1)))
		goto out;
	claims = json_loadb(payload.buf, payload.len, 0, NULL);
	origin = json_string_value(json_object_get(claims, "origin"));
	if (!origin)
		goto out;
	strbuf_addstr(out, origin);
	ret = 0;
out:
	json_decref(claims);
	strbuf_release(&payload);
	return ret;
}

int kcidb_https_url(struct strbuf *out, const char *url)
{
	const char *p = strstr(url, "://"), *host, *at, *colon;
	size_t start = out->len;

	if (p) {
		size_t scheme_len = (size_t)(p - url);

		if (!((scheme_len == 5 && !strncasecmp(url, "https", 5)) ||
		      (scheme_len == 4 && !strncasecmp(url, "http", 4)) ||
		      (scheme_len == 3 && !strncasecmp(url, "git", 3)) ||
		      (scheme_len == 3 && !strncasecmp(url, "ssh", 3)) ||
		      (scheme_len == 7 && !strncasecmp(url, "git+ssh", 7)) ||
		      (scheme_len == 7 && !strncasecmp(url, "ssh+git", 7))))
			return -1;
		host = p + 3;
		at = strchr(host, '@');
		if (at && at < host + strcspn(host, "/"))
			host = at + 1;
		strbuf_addstr(out, "https://");
		if (!strncasecmp(url, "https", 5) || !strncasecmp(url, "http:", 5)) {
			strbuf_addstr(out, host);	/* keeps an explicit port */
		} else {
			/* the ssh or git port means nothing to https */
			size_t hostlen = strcspn(host, ":/");

			strbuf_add(out, host, hostlen);
			strbuf_addstr(out, host + hostlen + strcspn(host + hostlen, "/"));
		}
	} else {
		/* scp-like "user@host:path", as git reads it: a colon before any slash */
		colon = strchr(url, ':');
		if (!colon || memchr(url, '/', (size_t)(colon - url)) || colon == url)
			return -1;
		host = url;
		at = memchr(url, '@', (size_t)(colon - url));
		if (at)
			host = at + 1;
		strbuf_addstr(out, "https://");
		strbuf_add(out, host, (size_t)(colon - host));
		strbuf_addch(out, '/');
		strbuf_addstr(out, colon + 1 + (colon[1] == '/'));
	}
	if (out->len <= start + strlen("https://") || out->buf[start + 8] == '/') {
		strbuf_setlen(out, start);
		return -1;
	}
	return 0;
}

static int default_git_url(struct kcidb_target *t, git_repository *repo, struct strbuf *err)
{
	struct strbuf key = STRBUF_INIT, https = STRBUF_INIT, branch = STRBUF_INIT;
	char *remote = !repo_current_branch(repo, &branch) ?
		repo_branch_config(repo, branch.buf, "remote") : NULL;
	char *url;
	int ret = -1;

	if (!remote || !strcmp(remote, "."))
		remote = (free(remote), xstrdup("origin"));
	strbuf_addf(&key, "remote.%s.url", remote);
	url = config_get_string(repo, key.buf);
	if (!url) {
		strbuf_addf(err, "cannot tell the repository's https URL: remote '%s' has no URL;"
			    " set results.kcidb.gitUrl", remote);
	} else if (kcidb_https_url(&https, url)) {
		strbuf_addstr(err, "cannot tell the repository's https URL from remote '");
		strbuf_addstr(err, remote);
		strbuf_addstr(err, "'; set results.kcidb.gitUrl");
	} else {
		t->git_url = strbuf_detach(&https, NULL);
		ret = 0;
	}
	free(url);
	free(remote);
	strbuf_release(&branch);
	strbuf_release(&key);
	strbuf_release(&https);
	return ret;
}

static int default_branch(struct kcidb_target *t, git_repository *repo, struct strbuf *err)
{
	struct strbuf branch = STRBUF_INIT;
	char *merge;

	if (repo_current_branch(repo, &branch)) {
		strbuf_addstr(err, "cannot tell which branch the results are for (HEAD is not"
			      " on a branch); set results.kcidb.branch or use --branch");
		return -1;
	}
	merge = repo_branch_config(repo, branch.buf, "merge");
	if (merge && !strncmp(merge, "refs/heads/", 11)) {
		t->branch = xstrdup(merge + 11);
		strbuf_release(&branch);
	} else {
		t->branch = strbuf_detach(&branch, NULL);
	}
	free(merge);
	return 0;
}

int kcidb_target_from_config(struct kcidb_target *t, git_repository *repo, const char *token,
			     struct strbuf *err)
{
	return kcidb_target_fill(t, repo, token, 0, err);
}

int kcidb_target_fill(struct kcidb_target *t, git_repository *repo, const char *token,
		      unsigned flags, struct strbuf *err)
{
	if (!t->origin)
		t->origin = config_get_string(repo, "results.kcidb.origin");
	if (!t->origin && token) {
		struct strbuf claim = STRBUF_INIT;

		if (!kcidb_token_origin(&claim, token))
			t->origin = strbuf_detach(&claim, NULL);
		strbuf_release(&claim);
	}
	if (!t->origin && !(flags & KCIDB_ORIGIN_OPTIONAL)) {
		strbuf_addstr(err, "no KCIDB origin: set results.kcidb.origin to the origin"
			      " your KCIDB token was issued for");
		return -1;
	}
	if (!t->git_url)
		t->git_url = config_get_string(repo, "results.kcidb.giturl");
	if (!t->git_url && default_git_url(t, repo, err))
		return -1;
	if (!t->branch)
		t->branch = config_get_string(repo, "results.kcidb.branch");
	if (!t->branch && default_branch(t, repo, err))
		return -1;
	return 0;
}

int kcidb_target_check(const struct kcidb_target *t, struct strbuf *err)
{
	if (t->origin && !kcidb_is_origin(t->origin)) {
		strbuf_addf(err, "invalid KCIDB origin '%s': KCIDB origins are made of [a-z0-9_]",
			    t->origin);
		return -1;
	}
	if (strncmp(t->git_url, "https://", 8) || !t->git_url[8]) {
		struct strbuf shown = STRBUF_INIT;

		http_scrub_url(&shown, t->git_url);
		strbuf_addf(err, "KCIDB needs the repository's https URL, not '%s';"
			    " set results.kcidb.gitUrl", shown.buf);
		strbuf_release(&shown);
		return -1;
	}
	if (strchr(t->git_url, '@') && strchr(t->git_url, '@') < t->git_url + 8 +
	    strcspn(t->git_url + 8, "/")) {
		strbuf_addstr(err, "the repository URL for KCIDB must not hold credentials");
		return -1;
	}
	if (!*t->branch) {
		strbuf_addstr(err, "the branch for KCIDB is empty");
		return -1;
	}
	return 0;
}

/* An integer with an optional k, m or g suffix, as git reads sizes. */
static int config_size(git_repository *repo, const char *key, size_t def, size_t min,
		       size_t *out, struct strbuf *err)
{
	char *value = config_get_string(repo, key), *end;
	unsigned long long n;
	unsigned shift = 0;

	*out = def;
	if (!value)
		return 0;
	errno = 0;
	n = strtoull(value, &end, 10);
	if (*end && !end[1])
		shift = tolower((unsigned char)*end) == 'k' ? 10 :
			tolower((unsigned char)*end) == 'm' ? 20 :
			tolower((unsigned char)*end) == 'g' ? 30 : 99;
	if (end == value || errno || *value == '-' || shift == 99 || (*end && end[1]) ||
	    n > (SIZE_MAX >> 31) || (n << shift) < min) {
		strbuf_addf(err, "bad size '%s' for '%s' (at least %zu bytes)", value, key, min);
		free(value);
		return -1;
	}
	*out = (size_t)(n << shift);
	free(value);
	return 0;
}

/* "~/x" is relative to $HOME, as in git's path settings. */
static char *expand_path(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (!strncmp(path, "~/", 2) && getenv("HOME"))
		strbuf_addf(&sb, "%s/%s", getenv("HOME"), path + 2);
	else
		strbuf_addstr(&sb, path);
	return strbuf_detach(&sb, NULL);
}

static int read_token_file(struct kcidb_connection *c, const char *configured,
			   struct strbuf *err)
{
	struct strbuf token = STRBUF_INIT;
	char *path = expand_path(configured);
	struct stat st;
	int ret = -1;

	if (strbuf_read_file(&token, path) < 0) {
		strbuf_addf(err, "cannot read the KCIDB token file '%s': %s", path, strerror(errno));
		goto out;
	}
	strbuf_trim(&token);
	if (!token.len || memchr(token.buf, '\n', token.len) || memchr(token.buf, ' ', token.len) ||
	    memchr(token.buf, '\0', token.len)) {
		strbuf_addf(err, "the KCIDB token file '%s' does not hold one token on one line",
			    path);
		goto out;
	}
	if (!stat(path, &st) && (st.st_mode & 077))
		warning("the KCIDB token file '%s' can be read by other users", path);
	c->token = strbuf_detach(&token, NULL);
	ret = 0;
out:
	explicit_bzero(token.buf, token.alloc ? token.len : 0);
	strbuf_release(&token);
	free(path);
	return ret;
}

/* Splits KCIDB_REST "https://<token>@host/" into a URL without it and the token. */
static void parse_kcidb_rest(const char *value, struct strbuf *url, struct strbuf *token)
{
	const char *host = strstr(value, "://"), *end, *at;

	if (!host) {
		strbuf_addstr(url, value);
		return;
	}
	host += 3;
	end = host + strcspn(host, "/?#");
	at = memrchr(host, '@', (size_t)(end - host));
	strbuf_add(url, value, (size_t)(host - value));
	strbuf_addstr(url, at ? at + 1 : host);
	if (at) {
		/* the user info may be percent-encoded */
		const char *p;

		for (p = host; p < at; p++) {
			if (*p == '%' && p + 2 < at && hex_byte(p + 1) >= 0) {
				strbuf_addch(token, hex_byte(p + 1));
				p += 2;
			} else {
				strbuf_addch(token, *p);
			}
		}
	}
}

/* scheme://host:port of a URL, lower-cased, for comparing where two URLs go. */
static void url_authority(struct strbuf *out, const char *url)
{
	struct strbuf scrubbed = STRBUF_INIT;
	const char *p;
	size_t i;

	http_scrub_url(&scrubbed, url);
	p = strstr(scrubbed.buf, "://");
	if (p) {
		p += 3;
		strbuf_add(out, scrubbed.buf, (size_t)(p - scrubbed.buf) + strcspn(p, "/?#"));
	}
	for (i = 0; i < out->len; i++)
		out->buf[i] = (char)tolower((unsigned char)out->buf[i]);
	strbuf_release(&scrubbed);
}

static char *without_trailing_slash(char *url)
{
	size_t len = strlen(url);

	while (len && url[len - 1] == '/')
		url[--len] = '\0';
	return url;
}

/*
 * The submission service's base URL: a URL of its /submit endpoint, as
 * kci-dev and the KCIDB guide write it, names the same service.
 */
static char *submit_base(char *url)
{
	size_t len;

	without_trailing_slash(url);
	len = strlen(url);
	if (len > 7 && !strcmp(url + len - 7, "/submit"))
		url[len - 7] = '\0';
	return without_trailing_slash(url);
}

int kcidb_connection_from_config(struct kcidb_connection *c, git_repository *repo,
				 const char *url, unsigned need, struct strbuf *err)
{
	struct strbuf rest_url = STRBUF_INIT, rest_token = STRBUF_INIT;
	struct strbuf submit = STRBUF_INIT, url_token = STRBUF_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	const char *rest = getenv("KCIDB_REST");
	char *configured = NULL, *configured_url = NULL;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	if (rest && *rest)
		parse_kcidb_rest(rest, &rest_url, &rest_token);
	if (!url && !rest_url.len)
		url = configured_url = config_get_string(repo, "results.kcidb.url");
	if (url) {
		/* "https://<token>@host/" is the convention wherever a URL is given */
		parse_kcidb_rest(url, &submit, &url_token);
		c->submit_url = submit_base(strbuf_detach(&submit, NULL));
	} else if (rest_url.len) {
		c->submit_url = submit_base(xstrdup(rest_url.buf));
	}
	configured = config_get_string(repo, "results.kcidb.dashboardurl");
	http_scrub_url(&submit, configured ? configured : KCIDB_DEFAULT_DASHBOARD);
	c->dashboard_url = without_trailing_slash(strbuf_detach(&submit, NULL));
	free(configured);
	configured = NULL;

	c->ca_info = config_get_string(repo, "results.kcidb.cainfo");
	if (!c->ca_info && getenv("GIT_SSL_CAINFO") && *getenv("GIT_SSL_CAINFO"))
		c->ca_info = xstrdup(getenv("GIT_SSL_CAINFO"));
	if (!c->ca_info)
		c->ca_info = config_get_string(repo, "http.sslcainfo");
	if (c->ca_info) {
		char *expanded = expand_path(c->ca_info);

		free(c->ca_info);
		c->ca_info = expanded;
	}
	if (config_get_seconds(repo, "results.kcidb.timeout", 60, &c->timeout, err) ||
	    config_get_seconds(repo, "results.kcidb.connecttimeout", 10, &c->connect_timeout, err) ||
	    config_get_int(repo, "results.kcidb.retries", 5, 100, &c->retries, err) ||
	    config_get_seconds(repo, "results.kcidb.retrydelay", 1, &c->retry_delay, err) ||
	    config_get_seconds(repo, "results.kcidb.retrymaxdelay", 30, &c->retry_max_delay, err) ||
	    config_get_seconds(repo, "results.kcidb.pollinterval", 2, &c->poll_interval, err) ||
	    config_get_seconds(repo, "results.kcidb.polltimeout", 300, &c->poll_timeout, err) ||
	    config_get_seconds(repo, "results.kcidb.locktimeout", 10, &c->lock_timeout, err) ||
	    config_size(repo, "results.kcidb.maxdocumentsize", (size_t)8 << 20, 4096,
			&c->max_document_size, err) ||
	    config_size(repo, "results.kcidb.maxanswersize", HTTP_MAX_ANSWER_DEFAULT, 4096,
			&c->max_answer_size, err))
		goto out;

	if ((need & KCIDB_NEED_SUBMIT) && !c->submit_url) {
		strbuf_addstr(err, "no KCIDB submission URL: set results.kcidb.url"
			      " or KCIDB_REST=https://<token>@<host>/");
		goto out;
	}
	if ((need & KCIDB_NEED_SUBMIT) && http_check_url(c->submit_url, err))
		goto out;
	/* Read even when not needed: a token names our origin. */
	url_authority(&a, c->submit_url ? c->submit_url : "");
	url_authority(&b, rest_url.buf);
	if (url_token.len) {
		c->token = xstrdup(url_token.buf);
	} else if (rest_token.len && !strcmp(a.buf, b.buf)) {
		c->token = xstrdup(rest_token.buf);
	} else {
		configured = config_get_string(repo, "results.kcidb.tokenfile");
		if (configured && *configured && read_token_file(c, configured, err))
			goto out;
	}
	if ((need & KCIDB_NEED_SUBMIT) && !c->token) {
		strbuf_addstr(err, "no KCIDB token: set results.kcidb.tokenFile"
			      " or KCIDB_REST=https://<token>@<host>/");
		goto out;
	}
	if ((need & KCIDB_NEED_DASHBOARD) && http_check_url(c->dashboard_url, err))
		goto out;
	ret = 0;
out:
	explicit_bzero(rest_token.buf, rest_token.len);
	explicit_bzero(url_token.buf, url_token.len);
	strbuf_release(&rest_token);
	strbuf_release(&url_token);
	strbuf_release(&submit);
	if (configured_url)
		explicit_bzero(configured_url, strlen(configured_url));
	free(configured_url);
	strbuf_release(&rest_url);
	strbuf_release(&a);
	strbuf_release(&b);
	free(configured);
	return ret;
}

void kcidb_connection_release(struct kcidb_connection *c)
{
	free(c->submit_url);
	free(c->dashboard_url);
	if (c->token) {
		explicit_bzero(c->token, strlen(c->token));
		free(c->token);
	}
	free(c->ca_info);
	memset(c, 0, sizeof(*c));
}
