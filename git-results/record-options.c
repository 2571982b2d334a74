#include "record-options.h"
#include "../formats/format.h"
#include "../lib/repo.h"
#include "../lib/usage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* RFC 3339 in UTC, from a Unix time. */
static void format_date(struct strbuf *out, time_t t)
{
	struct tm tm;
	char buf[64];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strbuf_addstr(out, buf);
}

/*
 * Accepts "@<unix time>" or RFC 3339 ("2026-11-25T10:00:00Z",
 * "...+01:00"); writes the canonical UTC form.
 */
static int parse_date(const char *in, struct strbuf *out)
{
	struct tm tm;
	const char *p;
	char *end;
	long long t;

	if (*in == '@') {
		t = strtoll(in + 1, &end, 10);
		if (end == in + 1 || *end)
			return -1;
		format_date(out, (time_t)t);
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	p = strptime(in, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		p = strptime(in, "%Y-%m-%d %H:%M:%S", &tm);
	if (!p)
		return -1;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	t = (long long)timegm(&tm);
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
		   isdigit((unsigned char)p[2]) && p[3] == ':' && isdigit((unsigned char)p[4]) &&
		   isdigit((unsigned char)p[5])) {
		int offset = ((p[1] - '0') * 10 + (p[2] - '0')) * 3600 +
			((p[4] - '0') * 10 + (p[5] - '0')) * 60;

		t -= *p == '+' ? offset : -offset;
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	format_date(out, (time_t)t);
	return 0;
}

int record_options_apply(struct record *r, const struct record_options *opts,
			 git_repository *repo)
{
	struct strbuf err = STRBUF_INIT, date = STRBUF_INIT;
	char *configured = NULL;
	const char *origin = opts->origin;
	size_t i;
	int ret = -1;

	if (!origin)
		origin = configured = config_get_string(repo, "results.origin");
	if (!origin)
		origin = "local";
	if (record_check_origin(origin, &err) ||
	    (opts->run && record_check_run(opts->run, &err)))
		goto out;
	record_set_origin(r, origin);
	if (opts->run)
		record_set_run(r, opts->run);

	if (opts->date) {
		if (parse_date(opts->date, &date)) {
			strbuf_addf(&err, "invalid date '%s' (use RFC 3339 or @<unix time>)", opts->date);
			goto out;
		}
	} else if (getenv("SOURCE_DATE_EPOCH")) {
		const char *epoch = getenv("SOURCE_DATE_EPOCH");
		char *end;
		long long t = strtoll(epoch, &end, 10);

		if (!*epoch || *end) {
			strbuf_addf(&err, "SOURCE_DATE_EPOCH is not a number of seconds: '%s'", epoch);
			goto out;
		}
		format_date(&date, (time_t)t);
	} else {
		format_date(&date, time(NULL));
	}
	record_set_date(r, date.buf);

	if (opts->tester) {
		if (record_check_value("tester", opts->tester, &err))
			goto out;
		record_set_tester(r, opts->tester);
	}
	for (i = 0; i < opts->env.nr; i++) {
		const char *kv = opts->env.items[i], *eq = strchr(kv, '=');
		char *key;

		if (!eq) {
			strbuf_addf(&err, "--env expects key=value, not '%s'", kv);
			goto out;
		}
		key = xstrndup(kv, eq - kv);
		if (record_check_env_key(key, &err) ||
		    record_check_value("environment value", eq + 1, &err)) {
			free(key);
			goto out;
		}
		record_set_env(r, key, eq + 1);
		free(key);
	}
	for (i = 0; i < opts->links.nr; i++) {
		if (record_check_value("link", opts->links.items[i], &err))
			goto out;
		record_add_link(r, opts->links.items[i]);
	}
	ret = 0;
out:
	if (ret)
		error("%s", err.buf);
	free(configured);
	strbuf_release(&err);
	strbuf_release(&date);
	return ret;
}

/*
 * Without --run, the run id is a hash of the record itself: adding the
 * same results twice gives the same record, which collapses into one,
 * while different runs get different ids.
 */
static void default_run_id(struct record *r)
{
	struct strbuf payload = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid oid;

	record_set_run(r, "0");
	record_normalize(r);
	record_write_payload(&payload, r);
	git_odb_hash(&oid, payload.buf, payload.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof(hex), &oid);
	hex[12] = '\0';
	record_set_run(r, hex);
	strbuf_release(&payload);
}

int record_options_build(struct record *r, const struct record_options *opts,
			 git_repository *repo, git_commit *commit, const char *input)
{
	struct strbuf err = STRBUF_INIT;

	if (record_options_apply(r, opts, repo))
		return -1;
	if (format_parse_file(r, input, opts->format, &err)) {
		error("%s", err.buf);
		strbuf_release(&err);
		return -1;
	}
	if (commit) {
		git_oid_tostr(r->commit, sizeof(r->commit), git_commit_id(commit));
		git_oid_tostr(r->tree, sizeof(r->tree), git_commit_tree_id(commit));
	}
	if (!r->run)
		default_run_id(r);
	record_normalize(r);
	strbuf_release(&err);
	return 0;
}

void record_options_release(struct record_options *opts)
{
	string_list_clear(&opts->env);
	string_list_clear(&opts->links);
}
