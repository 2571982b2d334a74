#include "patchwork/client.h"
#include "lib/config-number.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

/* Patchwork's largest page (MAX_REST_RESULTS_PER_PAGE's default). */
#define CHECKS_PER_PAGE 250
#define MAX_PAGES 1000

/* The API root: the URL as given when it ends in /api/<version>, else /api/1.2 under it. */
static char *api_root(const char *url)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;

	strbuf_addstr(&sb, url);
	while (sb.len && sb.buf[sb.len - 1] == '/')
		strbuf_setlen(&sb, sb.len - 1);
	len = sb.len;
	if (len >= 8 && !strncmp(sb.buf + len - 8, "/api/", 5) &&
	    sb.buf[len - 3] >= '0' && sb.buf[len - 3] <= '9' && sb.buf[len - 2] == '.' &&
	    sb.buf[len - 1] >= '0' && sb.buf[len - 1] <= '9')
		return strbuf_detach(&sb, NULL);
	if (len >= 4 && !strcmp(sb.buf + len - 4, "/api"))
		strbuf_addstr(&sb, "/" PATCHWORK_API_VERSION);
	else
		strbuf_addstr(&sb, "/api/" PATCHWORK_API_VERSION);
	return strbuf_detach(&sb, NULL);
}

int patchwork_client_from_config(struct patchwork_client *c, git_repository *repo,
				 const char *url, int need_token, struct strbuf *err)
{
	struct http_options opts = HTTP_OPTIONS_INIT;
	char *configured = NULL, *token = NULL;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	if (!url)
		url = configured = config_get_string(repo, "results.patchwork.url");
	if (!url || !*url) {
		strbuf_addstr(err, "no Patchwork instance: set results.patchwork.url");
		goto out;
	}
	if (http_check_url(url, err))
		goto out;
	c->api = api_root(url);
	c->project = config_get_string(repo, "results.patchwork.project");
	if (c->project && !*c->project) {
		free(c->project);	/* set empty: every project */
		c->project = NULL;
	}
	token = config_get_string(repo, "results.patchwork.token");
	if (need_token && (!token || !*token)) {
		strbuf_addstr(err, "no Patchwork token: set results.patchwork.token");
		goto out;
	}
	if (config_get_seconds(repo, "results.patchwork.timeout", opts.timeout, &opts.timeout, err) ||
	    config_get_int(repo, "results.patchwork.retries", opts.retries, 100, &opts.retries, err) ||
	    config_get_seconds(repo, "results.patchwork.retryDelay", opts.retry_delay,
			       &opts.retry_delay, err))
		goto out;
	if (opts.retry_max_delay < opts.retry_delay)
		opts.retry_max_delay = opts.retry_delay;
	opts.token = token;
	if (http_client_init(&c->http, &opts, err))
		goto out;
	c->http_ready = 1;
	ret = 0;
out:
	if (token) {
		explicit_bzero(token, strlen(token));
		free(token);
	}
	free(configured);
	return ret;
}

void patchwork_client_release(struct patchwork_client *c)
{
	if (c->http_ready)
		http_client_release(&c->http);
	free(c->api);
	free(c->project);
	memset(c, 0, sizeof(*c));
}

void patchwork_checks_url(struct strbuf *out, const struct patchwork_client *c, long id)
{
	strbuf_addf(out, "%s/patches/%ld/checks/", c->api, id);
}

/* Appends why an answer is not the one wanted, from its "detail" when it has one. */
static void describe_answer(struct strbuf *err, struct patchwork_client *c, const char *url,
			    const struct http_response *resp)
{
	struct strbuf shown = STRBUF_INIT, detail = STRBUF_INIT;
	json_t *body = json_loadb(resp->body.buf, resp->body.len, 0, NULL);
	const char *text = json_string_value(json_object_get(body, "detail"));

	http_scrub_url(&shown, url);
	if (text) {
		strbuf_addstr(&detail, text);
	} else if (body) {
		char *dump = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);

		strbuf_addstr(&detail, dump ? dump : "");
		free(dump);
	} else {
		strbuf_add(&detail, resp->body.buf, resp->body.len < 200 ? resp->body.len : 200);
		strbuf_trim(&detail);
	}
	http_redact(&detail, c->http.token);
	if (resp->status == 401)
		strbuf_addf(err, "Patchwork refused the token (results.patchwork.token): '%s' answered 401",
			    shown.buf);
	else if (resp->status == 403)
		strbuf_addf(err, "the token's user may not do this: '%s' answered 403", shown.buf);
	else
		strbuf_addf(err, "'%s' answered %ld", shown.buf, resp->status);
	if (detail.len)
		strbuf_addf(err, ": %s", detail.buf);
	json_decref(body);
	strbuf_release(&shown);
	strbuf_release(&detail);
}

/* GETs `url` and parses its JSON answer, which must be `type`. */
static int get_json(struct patchwork_client *c, const char *url, json_type type, json_t **out,
		    long *status, struct strbuf *err)
{
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct strbuf shown = STRBUF_INIT;
	int ret = -1;

	*out = NULL;
	if (http_request(&c->http, "GET", url, HTTP_NO_AUTH, NULL, NULL, 0, &resp, err))
		goto out;
	*status = resp.status;
	if (resp.status != 200) {
		describe_answer(err, c, url, &resp);
		goto out;
	}
	*out = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	if (!*out || json_typeof(*out) != type) {
		http_scrub_url(&shown, url);
		strbuf_addf(err, "'%s' answered something that is not Patchwork's JSON%s", shown.buf,
			    *out ? "" : " (not JSON)");
		json_decref(*out);
		*out = NULL;
		goto out;
	}
	ret = 0;
out:
	http_response_release(&resp);
	strbuf_release(&shown);
	return ret;
}

int patchwork_find_patch(struct patchwork_client *c, const char *msgid, long *id,
			 struct strbuf *err)
{
	struct strbuf url = STRBUF_INIT;
	json_t *list = NULL, *first;
	long status = 0;
	int ret = -1;

	strbuf_addf(&url, "%s/patches/?msgid=", c->api);
	http_escape(&url, msgid);
	if (c->project) {
		strbuf_addstr(&url, "&project=");
		http_escape(&url, c->project);
	}
	if (get_json(c, url.buf, JSON_ARRAY, &list, &status, err))
		goto out;
	if (!json_array_size(list)) {
		ret = 1;
		goto out;
	}
	if (json_array_size(list) > 1) {
		strbuf_addf(err, "%lu patches have the Message-ID <%s>%s",
			    (unsigned long)json_array_size(list), msgid,
			    c->project ? "" : "; set results.patchwork.project");
		goto out;
	}
	first = json_array_get(list, 0);
	if (!json_is_integer(json_object_get(first, "id"))) {
		strbuf_addf(err, "Patchwork listed the patch <%s> without an id", msgid);
		goto out;
	}
	*id = (long)json_integer_value(json_object_get(first, "id"));
	ret = 0;
out:
	json_decref(list);
	strbuf_release(&url);
	return ret;
}

int patchwork_list_checks(struct patchwork_client *c, long id, json_t **out, struct strbuf *err)
{
	struct strbuf url = STRBUF_INIT;
	json_t *all = json_array(), *page = NULL;
	int n, ret = -1;

	for (n = 1; n <= MAX_PAGES; n++) {
		long status = 0;

		strbuf_reset(&url);
		patchwork_checks_url(&url, c, id);
		strbuf_addf(&url, "?per_page=%d&page=%d", CHECKS_PER_PAGE, n);
		if (get_json(c, url.buf, JSON_ARRAY, &page, &status, err)) {
			/* Past the last full page, Patchwork answers 404. */
			if (status == 404 && n > 1) {
				strbuf_reset(err);
				break;
			}
			goto out;
		}
		json_array_extend(all, page);
		if (json_array_size(page) < CHECKS_PER_PAGE)
			break;
		json_decref(page);
		page = NULL;
	}
	*out = all;
	all = NULL;
	ret = 0;
out:
	json_decref(page);
	json_decref(all);
	strbuf_release(&url);
	return ret;
}

int patchwork_post_check(struct patchwork_client *c, long id, const struct patchwork_check *check,
			 struct strbuf *err)
{
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct strbuf url = STRBUF_INIT;
	json_t *body = patchwork_check_json(check), *answer = NULL;
	char *text = json_dumps(body, JSON_COMPACT);
	int ret = -1;

	patchwork_checks_url(&url, c, id);
	if (http_request(&c->http, "POST", url.buf, HTTP_TOKEN, "application/json", text,
			 strlen(text), &resp, err))
		goto out;
	if (resp.status != 201 && resp.status != 200) {
		describe_answer(err, c, url.buf, &resp);
		goto out;
	}
	answer = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	if (!json_is_object(answer)) {
		struct strbuf shown = STRBUF_INIT;

		http_scrub_url(&shown, url.buf);
		strbuf_addf(err, "'%s' answered %ld with something that is not a check;"
			    " it may or may not have been created", shown.buf, resp.status);
		strbuf_release(&shown);
		goto out;
	}
	ret = 0;
out:
	json_decref(answer);
	json_decref(body);
	free(text);
	http_response_release(&resp);
	strbuf_release(&url);
	return ret;
}
