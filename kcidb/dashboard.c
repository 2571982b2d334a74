/*
 * The dashboard import of `sync pull` (kcidb/dashboard.h): KCIDB's
 * dashboard API answers, as records.
 */
#include "kcidb/dashboard.h"
#include "kcidb/client.h"
#include "kcidb/map.h"
#include "kcidb/verify.h"
#include "formats/format.h"
#include "lib/date.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Takes the caller's meter down, so that no message is drawn over it. */
static void stop_meter(struct kcidb_dashboard *d)
{
	if (d->meter)
		progress_free(d->meter);
}

/*
 * GETs a dashboard URL and parses its JSON.  "No data" comes back as
 * HTTP 200 with an {"error": ...} object: then *out is NULL and 0 is
 * returned.  Dies when the dashboard cannot be reached; -1 after an error
 * for any other failure.
 */
static int fetch_json(struct kcidb_dashboard *d, const struct strbuf *url, json_t **out)
{
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT, msg = STRBUF_INIT, shown = STRBUF_INIT;
	json_error_t jerr;
	int ret = -1;

	*out = NULL;
	if (http_request(d->http, "GET", url->buf, HTTP_NO_AUTH, NULL, NULL, 0, &resp, &err)) {
		stop_meter(d);
		die("%s", err.buf);
	}
	http_scrub_url(&shown, url->buf);
	if (resp.status != 200) {
		kcidb_answer_message(&msg, &resp, d->conn->token);
		stop_meter(d);
		error("the KCIDB dashboard answered HTTP %ld for '%s': %s", resp.status, shown.buf,
		      msg.buf);
		goto out;
	}
	*out = json_loadb(resp.body.buf, resp.body.len, 0, &jerr);
	if (!*out) {
		stop_meter(d);
		error("the KCIDB dashboard sent something that is not JSON for '%s': %s",
		      shown.buf, jerr.text);
		goto out;
	}
	if (json_is_object(*out) && json_object_get(*out, "error")) {
		json_decref(*out);
		*out = NULL;
	}
	ret = 0;
out:
	http_response_release(&resp);
	strbuf_release(&err);
	strbuf_release(&msg);
	strbuf_release(&shown);
	return ret;
}

/*
 * A dashboard that answers JSON of another shape (a proxy's page, another
 * service) must not pass for one that has no results.
 */
static void unexpected_answer(struct kcidb_dashboard *d, const struct strbuf *url,
			      const char *expected)
{
	struct strbuf shown = STRBUF_INIT;

	http_scrub_url(&shown, url->buf);
	stop_meter(d);
	error("the KCIDB dashboard sent an unexpected answer for '%s': expected %s",
	      shown.buf, expected);
	strbuf_release(&shown);
}

static const char *get_string(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A record published by `sync push`, recovered from its build's misc. */
static void recover(struct kcidb_dashboard *d, const git_oid *commit, const char *build_id,
		    const char *text, size_t len)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT, canon = STRBUF_INIT, why = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	struct record *r;

	git_oid_tostr(hex, sizeof(hex), commit);
	if (memchr(text, '\0', len) || record_list_parse(&list, text, len, &err)) {
		warning("ignoring build '%s': its record does not parse (%s)", build_id,
			err.len ? err.buf : "NUL byte");
		goto out;
	}
	if (list.nr != 1) {
		warning("ignoring build '%s': it carries %zu records, not one", build_id, list.nr);
		goto out;
	}
	r = &list.items[0];
	record_write(&canon, r);
	if (canon.len != len || memcmp(canon.buf, text, len)) {
		warning("ignoring build '%s': its record is not in canonical form", build_id);
		goto out;
	}
	if (strcmp(r->commit, hex)) {
		warning("ignoring build '%s': its record was made for commit %s", build_id,
			*r->commit ? r->commit : "(none)");
		goto out;
	}
	d->recovered++;
	if (r->signature) {
		switch (kcidb_verify_pulled(d->repo, r, text, len, &why)) {
		case PULLED_SIGNATURE_BAD:
			d->refused++;
			warning("refusing the record of origin '%s', run '%s' on %s: %s", r->origin,
				r->run, hex, why.buf);
			goto out;
		case PULLED_SIGNATURE_UNCHECKED:
			d->unchecked++;
			if (!d->unchecked_why.len)
				strbuf_addbuf(&d->unchecked_why, &why);
			break;
		case PULLED_SIGNATURE_GOOD:
			break;
		}
		d->found(commit, &canon, NULL, d->found_data);
	} else {
		struct strbuf marked = STRBUF_INIT;

		record_set_env(r, KCIDB_ENV_IMPORTED, KCIDB_IMPORTED_VALUE);
		record_normalize(r);
		record_write(&marked, r);
		d->found(commit, &marked, canon.buf, d->found_data);
		d->imported++;
		strbuf_release(&marked);
	}
out:
	record_list_release(&list);
	strbuf_release(&err);
	strbuf_release(&canon);
	strbuf_release(&why);
}

/* An RFC 3339 time (any offset, fractions) as the record's UTC form; -1 if it is not one. */
static int utc_date(struct strbuf *out, const char *in)
{
	long long t;

	if (!in || date_parse_rfc3339(in, strlen(in), &t))
		return -1;
	return date_format_utc(out, t);
}

/* A free-form KCIDB string as a record value: one trimmed line of UTF-8. */
static void set_env_from(struct record *r, const char *key, const char *value)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	size_t i;

	if (!value)
		return;
	strbuf_addstr(&sb, value);
	for (i = 0; i < sb.len; i++)
		if ((unsigned char)sb.buf[i] < 0x20 || sb.buf[i] == 0x7f)
			sb.buf[i] = ' ';
	strbuf_trim(&sb);
	if (sb.len && !record_check_value(key, sb.buf, &err))
		record_set_env(r, key, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&err);
}

static void add_test(struct record *r, json_t *test)
{
	struct strbuf path = STRBUF_INIT, reason = STRBUF_INIT;
	const char *name = get_string(test, "path");
	enum result_status st;

	if (kcidb_status_parse(get_string(test, "status"), &st))
		return;	/* still running, or not a KCIDB status */
	if (kcidb_test_path(&path, name))
		format_original_name(&reason, name, NULL);
	record_add_test(r, path.buf, st, reason.len ? reason.buf : NULL);
	strbuf_release(&path);
	strbuf_release(&reason);
}

static int same_string(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
}

/* One run of a build: what its tests ran on and where (kcidb/map.h). */
struct listed_run {
	const char *platform, *lab;	/* borrowed from the listing */
};

static struct listed_run run_of(json_t *test, json_t *build, const char *origin)
{
	struct listed_run run = {
		kcidb_listed_test_platform(test),
		kcidb_run_lab(get_string(test, "lab"), build, origin),
	};

	return run;
}

static int is_run(const struct listed_run *a, const struct listed_run *b)
{
	return same_string(a->platform, b->platform) && same_string(a->lab, b->lab);
}

/*
 * The tests of `build` that ran on one platform in one lab, as a record
 * marked imported, as the submission reader makes it (kcidb/map.h).
 */
static void import_run(struct kcidb_dashboard *d, const git_oid *commit, git_commit *c,
		       json_t *build, json_t *tests, const struct listed_run *which)
{
	const char *id = get_string(build, "id"), *origin = get_string(build, "origin");
	const char *log_url = get_string(build, "log_url");
	struct strbuf run = STRBUF_INIT, date = STRBUF_INIT, err = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT;
	const struct kcidb_build_env *m;
	long long earliest = -1, t;
	struct record r;
	json_t *test;
	size_t i;

	record_init(&r);
	json_array_foreach(tests, i, test) {
		struct listed_run its = run_of(test, build, origin);
		const char *start = get_string(test, "start_time");
		size_t before = r.tests_nr;

		if (!is_run(&its, which))
			continue;
		add_test(&r, test);
		if (r.tests_nr > before && start && !date_parse_rfc3339(start, strlen(start), &t) &&
		    (earliest < 0 || t < earliest))
			earliest = t;
	}
	if (!r.tests_nr)
		goto out;
	git_oid_tostr(r.commit, sizeof(r.commit), commit);
	git_oid_tostr(r.tree, sizeof(r.tree), git_commit_tree_id(c));
	record_set_origin(&r, origin);
	kcidb_run_id(&run, id, origin, which->platform, which->lab);
	record_set_run(&r, run.buf);
	if (earliest >= 0)
		date_format_utc(&date, earliest);
	else if (utc_date(&date, get_string(build, "start_time"))) {
		/* the date must not change from one pull to the next */
		strbuf_reset(&date);
		date_format_utc(&date, (long long)git_commit_time(c));
	}
	record_set_date(&r, date.buf);
	for (m = kcidb_build_envs; m->env; m++)
		set_env_from(&r, m->env, kcidb_build_env_value(build, NULL, m));
	set_env_from(&r, KCIDB_ENV_DEVICE, which->platform);
	set_env_from(&r, KCIDB_ENV_LAB, which->lab);
	record_set_env(&r, KCIDB_ENV_IMPORTED, KCIDB_IMPORTED_VALUE);
	if (log_url && !record_check_value("link", log_url, &err))
		record_add_link(&r, log_url);
	record_normalize(&r);
	record_write(&text, &r);
	d->found(commit, &text, NULL, d->found_data);
	d->imported++;
out:
	record_release(&r);
	strbuf_release(&run);
	strbuf_release(&date);
	strbuf_release(&err);
	strbuf_release(&text);
}

/* Another origin's build and its tests, as records marked imported. */
static int import_build(struct kcidb_dashboard *d, const git_oid *commit, json_t *build)
{
	const char *id = get_string(build, "id"), *origin = get_string(build, "origin");
	struct strbuf url = STRBUF_INIT, err = STRBUF_INIT;
	struct listed_run *runs = NULL;
	size_t nr = 0, alloc = 0, i, j;
	json_t *tests = NULL, *test;
	git_commit *c = NULL;
	int ret = -1;

	if (!id || !origin || record_check_origin(origin, &err)) {
		warning("ignoring a build without a valid id and origin");
		ret = 0;
		goto out;
	}
	strbuf_addf(&url, "%s/api/build/", d->conn->dashboard_url);
	http_escape(&url, id);
	strbuf_addstr(&url, "/tests");
	if (fetch_json(d, &url, &tests))
		goto out;
	if (!tests) {
		ret = 0;	/* a build without tests is not a test run */
		goto out;
	}
	if (!json_is_array(tests)) {
		unexpected_answer(d, &url, "a list of tests");
		goto out;
	}
	/* its runs, in the order they first appear, as the reader finds them */
	json_array_foreach(tests, i, test) {
		struct listed_run its = run_of(test, build, origin);

		for (j = 0; j < nr && !is_run(&runs[j], &its); j++)
			;
		if (j == nr) {
			ALLOC_GROW(runs, nr + 1, alloc);
			runs[nr++] = its;
		}
	}
	check(git_commit_lookup(&c, d->repo, commit), "cannot read commit");
	for (i = 0; i < nr; i++)
		import_run(d, commit, c, build, tests, &runs[i]);
	ret = 0;
out:
	git_commit_free(c);
	json_decref(tests);
	free(runs);
	strbuf_release(&url);
	strbuf_release(&err);
	return ret;
}

int kcidb_dashboard_read(struct kcidb_dashboard *d, const git_oid *commit, const char *origin)
{
	struct strbuf url = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	json_t *answer = NULL, *builds, *build;
	size_t i;
	int ret = -1;

	git_oid_tostr(hex, sizeof(hex), commit);
	strbuf_addf(&url, "%s/api/tree/%s/builds?origin=", d->conn->dashboard_url, hex);
	http_escape(&url, origin);
	strbuf_addstr(&url, "&git_url=");
	http_escape(&url, d->target->git_url);
	strbuf_addstr(&url, "&git_branch=");
	http_escape(&url, d->target->branch);
	if (fetch_json(d, &url, &answer))
		goto out;
	builds = json_object_get(answer, "builds");
	if (answer && !json_is_array(builds)) {
		unexpected_answer(d, &url, "{\"builds\": [...]}");
		goto out;
	}
	json_array_foreach(builds, i, build) {
		const char *id = get_string(build, "id");
		json_t *ours = json_object_get(json_object_get(json_object_get(build, "misc"),
							       KCIDB_MISC_KEY), "record");

		if (json_is_string(ours))
			recover(d, commit, id ? id : "?", json_string_value(ours),
				json_string_length(ours));
		else if (import_build(d, commit, build))
			goto out;
	}
	ret = 0;
out:
	json_decref(answer);
	strbuf_release(&url);
	return ret;
}

void kcidb_dashboard_release(struct kcidb_dashboard *d)
{
	strbuf_release(&d->unchecked_why);
}
