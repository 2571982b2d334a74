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
	/* the tree listings write "Unknown" for a test without a path */
	const char *name = kcidb_dashboard_value(test, "path");
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

/*
 * A test (or boot) of the commit's listing, and the build it ran on.
 * The listing does not name the build: a test is tied to the one build
 * that says what the test says of it (see tie_fields), else through
 * that build's own tests listing.
 */
struct listed_test {
	json_t *item;				/* borrowed from the answer */
	const char *id, *origin;		/* the test's own */
	const char *platform, *lab;		/* where it ran (kcidb/map.h) */
	size_t build;				/* index in the builds listing, or NO_BUILD */
};

#define NO_BUILD ((size_t)-1)

/* What the builds listing and a test item both say of a build. */
static const struct {
	const char *build, *item;
} tie_fields[] = {
	{ "architecture", "architecture" },
	{ "config_name", "config" },
	{ "compiler", "compiler" },
};

#define TIE_FIELDS ARRAY_SIZE(tie_fields)

/*
 * What a build, or a test item, says of the build: "Unknown" and null
 * being the same absence (NULL).
 */
struct build_key {
	const char *v[TIE_FIELDS];	/* borrowed */
	size_t build;			/* index in the builds listing */
};

static void build_key_of(struct build_key *k, json_t *obj, int item)
{
	size_t i;

	for (i = 0; i < TIE_FIELDS; i++)
		k->v[i] = kcidb_dashboard_value(obj, item ? tie_fields[i].item : tie_fields[i].build);
}

static int cmp_null_first(const char *a, const char *b)
{
	if (!a || !b)
		return !b - !a;
	return strcmp(a, b);
}

static int cmp_build_key(const void *a, const void *b)
{
	const struct build_key *x = a, *y = b;
	size_t i;
	int c;

	for (i = 0; i < TIE_FIELDS; i++)
		if ((c = cmp_null_first(x->v[i], y->v[i])))
			return c;
	return 0;
}

/* The tests of one commit's answer, and what became of them. */
struct listing {
	json_t *builds;			/* borrowed from the answer */
	struct build_key *keys;		/* of the builds, sorted */
	unsigned char *ours;		/* per build: it carries a record `sync push` published */
	unsigned char *skip;		/* per build: left out, with a warning */
	unsigned char *ask;		/* per build: its tests listing tells its tests apart */
	struct listed_test *tests;
	size_t nr, alloc;
	size_t untied, no_origin;
	const char *first_untied;	/* borrowed */
};

/*
 * The builds `item` may have run on, those that say what it says of its
 * build: keys[*first] to keys[*first + return value - 1].
 */
static size_t builds_like(const struct listing *l, json_t *item, size_t *first)
{
	size_t nr = json_array_size(l->builds), lo = 0, hi = nr, end;
	struct build_key want;

	build_key_of(&want, item, 1);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_build_key(&l->keys[mid], &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < nr && !cmp_build_key(&l->keys[end], &want); end++)
		;
	*first = lo;
	return end - lo;
}

static int cmp_test_id(const void *a, const void *b)
{
	const struct listed_test *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/* Orders the tests by run: build, origin, platform, lab. */
static int cmp_run(const void *a, const void *b)
{
	const struct listed_test *x = a, *y = b;
	int c;

	if (x->build != y->build)
		return x->build < y->build ? -1 : 1;
	if ((c = strcmp(x->origin, y->origin)) ||
	    (c = cmp_null_first(x->platform, y->platform)) ||
	    (c = cmp_null_first(x->lab, y->lab)))
		return c;
	return cmp_test_id(&x, &y);
}

static int same_run(const struct listed_test *a, const struct listed_test *b)
{
	return a->build == b->build && !strcmp(a->origin, b->origin) &&
	       same_string(a->platform, b->platform) && same_string(a->lab, b->lab);
}

/*
 * The tests of one run, as a record marked imported, as the submission
 * reader makes it (kcidb/map.h): of the tests' own origin, on `build`.
 */
static void import_run(struct kcidb_dashboard *d, const git_oid *commit, git_commit *c,
		       json_t *build, const struct listed_test *tests, size_t nr)
{
	const char *id = get_string(build, "id"), *log_url = get_string(build, "log_url");
	struct strbuf run = STRBUF_INIT, date = STRBUF_INIT, err = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT;
	const struct kcidb_build_env *m;
	long long earliest = -1, t;
	struct record r;
	size_t i;

	record_init(&r);
	for (i = 0; i < nr; i++) {
		const char *start = get_string(tests[i].item, "start_time");
		size_t before = r.tests_nr;

		add_test(&r, tests[i].item);
		if (r.tests_nr > before && start && !date_parse_rfc3339(start, strlen(start), &t) &&
		    (earliest < 0 || t < earliest))
			earliest = t;
	}
	if (!r.tests_nr)
		goto out;
	git_oid_tostr(r.commit, sizeof(r.commit), commit);
	git_oid_tostr(r.tree, sizeof(r.tree), git_commit_tree_id(c));
	record_set_origin(&r, tests->origin);
	kcidb_run_id(&run, id, tests->origin, tests->platform, tests->lab);
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
	set_env_from(&r, KCIDB_ENV_DEVICE, tests->platform);
	set_env_from(&r, KCIDB_ENV_LAB, tests->lab);
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

/*
 * Adds the items of a boots or tests listing to `l`, each tied to the
 * one build it looks like; one that looks like several waits for their
 * tests listings (l->ask).
 */
static void list_tests(struct listing *l, json_t *items)
{
	struct strbuf err = STRBUF_INIT;
	size_t i, j, first, matches;
	json_t *item;

	json_array_foreach(items, i, item) {
		struct listed_test *t;
		const char *origin = get_string(item, "origin"), *id = get_string(item, "id");

		if (!origin || !id || record_check_origin(origin, &err)) {
			l->no_origin++;
			strbuf_reset(&err);
			continue;
		}
		matches = builds_like(l, item, &first);
		if (!matches) {
			if (!l->untied++)
				l->first_untied = id;
			continue;
		}
		if (matches > 1)
			for (j = first; j < first + matches; j++)
				l->ask[l->keys[j].build] = 1;
		ALLOC_GROW(l->tests, l->nr + 1, l->alloc);
		t = &l->tests[l->nr++];
		t->item = item;
		t->id = id;
		t->origin = origin;
		t->platform = kcidb_listed_test_platform(item);
		t->build = matches == 1 ? l->keys[first].build : NO_BUILD;
	}
	strbuf_release(&err);
}

/*
 * Ties the tests that look like several builds through the tests
 * listing of each of those builds (/api/build/<id>/tests), which names
 * the tests but not their origin.  Returns 0, or -1 after an error.
 */
static int ask_builds(struct kcidb_dashboard *d, struct listing *l)
{
	struct listed_test **pending = NULL, key, *keyp = &key, **hit;
	size_t i, j, nr = 0, nr_builds = json_array_size(l->builds);
	struct strbuf url = STRBUF_INIT;
	json_t *tests = NULL, *test;
	int ret = -1;

	for (i = 0; i < l->nr; i++)
		if (l->tests[i].build == NO_BUILD)
			nr++;
	if (!nr)
		return 0;
	pending = xcalloc(nr, sizeof(*pending));
	for (i = nr = 0; i < l->nr; i++)
		if (l->tests[i].build == NO_BUILD)
			pending[nr++] = &l->tests[i];
	qsort(pending, nr, sizeof(*pending), cmp_test_id);
	for (j = 0; j < nr_builds; j++) {
		const char *id = get_string(json_array_get(l->builds, j), "id");

		if (!l->ask[j] || !id)
			continue;
		strbuf_reset(&url);
		strbuf_addf(&url, "%s/api/build/", d->conn->dashboard_url);
		http_escape(&url, id);
		strbuf_addstr(&url, "/tests");
		json_decref(tests);
		if (fetch_json(d, &url, &tests))
			goto out;
		if (tests && !json_is_array(tests)) {
			unexpected_answer(d, &url, "a list of tests");
			goto out;
		}
		json_array_foreach(tests, i, test) {
			key.id = get_string(test, "id");
			if (!key.id)
				continue;
			hit = bsearch(&keyp, pending, nr, sizeof(*pending), cmp_test_id);
			if (hit && (*hit)->build == NO_BUILD)
				(*hit)->build = j;
		}
	}
	ret = 0;
out:
	json_decref(tests);
	free(pending);
	strbuf_release(&url);
	return ret;
}

/*
 * Makes records of the tests tied to a build: the tests of each build
 * that one origin ran on one platform in one lab are one run.  The tests
 * of a build's own origin are its record's when the build carries one.
 */
static void import_tests(struct kcidb_dashboard *d, const git_oid *commit, struct listing *l)
{
	git_commit *c = NULL;
	size_t i, j, kept = 0;

	for (i = 0; i < l->nr; i++) {
		struct listed_test *t = &l->tests[i];
		json_t *build;

		if (t->build == NO_BUILD) {
			if (!l->untied++)
				l->first_untied = t->id;
			continue;
		}
		build = json_array_get(l->builds, t->build);
		if (l->skip[t->build] ||
		    (l->ours[t->build] && same_string(t->origin, get_string(build, "origin"))))
			continue;
		t->lab = kcidb_run_lab(get_string(t->item, "lab"), build, t->origin);
		l->tests[kept++] = *t;
	}
	if (!kept)
		return;
	qsort(l->tests, kept, sizeof(*l->tests), cmp_run);
	check(git_commit_lookup(&c, d->repo, commit), "cannot read commit");
	for (i = 0; i < kept; i = j) {
		for (j = i + 1; j < kept && same_run(&l->tests[i], &l->tests[j]); j++)
			;
		import_run(d, commit, c, json_array_get(l->builds, l->tests[i].build),
			   &l->tests[i], j - i);
	}
	git_commit_free(c);
}

/* A free-form KCIDB string on one line: control characters as spaces, trimmed. */
static void one_line(struct strbuf *out, const char *value)
{
	size_t i;

	strbuf_reset(out);
	if (!value)
		return;
	strbuf_addstr(out, value);
	for (i = 0; i < out->len; i++)
		if ((unsigned char)out->buf[i] < 0x20 || out->buf[i] == 0x7f)
			out->buf[i] = ' ';
	strbuf_trim(out);
}

/* Hands the tests of the commit (sorted by id) that issue `issue` ties to d->issue_found. */
static int read_issue(struct kcidb_dashboard *d, const git_oid *commit, json_t *issue,
		      const struct listing *l, struct listed_test **by_id, size_t nr)
{
	const char *id = get_string(issue, "id"), *report_url = get_string(issue, "report_url");
	json_t *version = json_object_get(issue, "version"), *tests = NULL, *test;
	struct strbuf url = STRBUF_INIT, link = STRBUF_INIT, comment = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT;
	struct listed_test key, *keyp = &key, **hit;
	struct kcidb_issue_test t;
	size_t i;
	int ret = -1;

	if (!id || !json_is_integer(version))
		return 0;	/* not an issue KCIDB would hold */
	strbuf_addf(&url, "%s/api/issue/", d->conn->dashboard_url);
	http_escape(&url, id);
	strbuf_addf(&url, "/tests?version=%lld", (long long)json_integer_value(version));
	if (fetch_json(d, &url, &tests))
		goto out;
	if (tests && !json_is_array(tests)) {
		unexpected_answer(d, &url, "a list of tests");
		goto out;
	}
	/* a link is one field of the file: a report URL with blanks gives way to the issue's page */
	one_line(&link, report_url);
	if (!link.len || strpbrk(link.buf, " \t")) {
		strbuf_reset(&link);
		strbuf_addf(&link, "%s/issue/", d->conn->dashboard_url);
		http_escape(&link, id);
		strbuf_addf(&link, "?iv=%lld", (long long)json_integer_value(version));
	}
	one_line(&comment, get_string(issue, "comment"));
	json_array_foreach(tests, i, test) {
		json_t *build;

		key.id = get_string(test, "id");
		if (!key.id ||
		    !(hit = bsearch(&keyp, by_id, nr, sizeof(*by_id), cmp_test_id)))
			continue;	/* a test of another commit or tree */
		build = json_array_get(l->builds, (*hit)->build);
		strbuf_reset(&path);
		kcidb_test_path(&path, kcidb_dashboard_value((*hit)->item, "path"));
		memset(&t, 0, sizeof(t));
		t.issue_id = id;
		t.version = json_integer_value(version);
		t.link = link.buf;
		t.comment = comment.len ? comment.buf : NULL;
		t.path = path.buf;
		t.arch = kcidb_build_env_value(build, NULL, &kcidb_build_envs[0]);
		t.device = (*hit)->platform;
		d->issue_found(commit, &t, d->issue_data);
	}
	ret = 0;
out:
	json_decref(tests);
	strbuf_release(&url);
	strbuf_release(&link);
	strbuf_release(&comment);
	strbuf_release(&path);
	return ret;
}

/*
 * The issues the answer's summary lists for the commit's tests and
 * boots, and the tests of the commit each one's incidents name (the
 * listing items do not say their issues).  Returns 0, or -1 after an
 * error.
 */
static int read_issues(struct kcidb_dashboard *d, const git_oid *commit, json_t *answer,
		       const struct listing *l)
{
	static const char *const kinds[] = { "tests", "boots" };
	json_t *summary = json_object_get(answer, "summary"), *issues, *issue;
	struct listed_test **by_id = xcalloc(l->nr + 1, sizeof(*by_id));
	json_t *seen = json_object();	/* "<id> <version>" of the issues read */
	struct strbuf key = STRBUF_INIT;
	size_t i, k, nr = 0;
	int ret = 0;

	for (i = 0; i < l->nr; i++)
		if (l->tests[i].build != NO_BUILD && !l->skip[l->tests[i].build])
			by_id[nr++] = &l->tests[i];
	qsort(by_id, nr, sizeof(*by_id), cmp_test_id);
	for (k = 0; !ret && k < ARRAY_SIZE(kinds); k++) {
		issues = json_object_get(json_object_get(summary, kinds[k]), "issues");
		json_array_foreach(issues, i, issue) {
			const char *id = get_string(issue, "id");

			strbuf_reset(&key);
			strbuf_addf(&key, "%s %lld", id ? id : "",
				    (long long)json_integer_value(json_object_get(issue, "version")));
			if (json_object_get(seen, key.buf))
				continue;	/* listed for boots and tests alike */
			json_object_set_new(seen, key.buf, json_true());
			if ((ret = read_issue(d, commit, issue, l, by_id, nr)))
				break;
		}
	}
	json_decref(seen);
	strbuf_release(&key);
	free(by_id);
	return ret;
}

int kcidb_dashboard_read(struct kcidb_dashboard *d, const git_oid *commit, const char *origin)
{
	struct strbuf url = STRBUF_INIT;
	struct listing l = { 0 };
	char hex[GIT_OID_HEXSZ + 1];
	json_t *answer = NULL, *boots, *tests, *build;
	size_t i, nr_builds;
	int ret = -1;

	git_oid_tostr(hex, sizeof(hex), commit);
	strbuf_addf(&url, "%s/api/tree/%s/full?origin=", d->conn->dashboard_url, hex);
	http_escape(&url, origin);
	strbuf_addstr(&url, "&git_url=");
	http_escape(&url, d->target->git_url);
	strbuf_addstr(&url, "&git_branch=");
	http_escape(&url, d->target->branch);
	if (fetch_json(d, &url, &answer))
		goto out;
	if (!answer) {
		ret = 0;	/* the dashboard has nothing for this commit */
		goto out;
	}
	l.builds = json_object_get(answer, "builds");
	boots = json_object_get(answer, "boots");
	tests = json_object_get(answer, "tests");
	if (!json_is_array(l.builds) || !json_is_array(boots) || !json_is_array(tests)) {
		unexpected_answer(d, &url,
				  "{\"builds\": [...], \"boots\": [...], \"tests\": [...], ...}");
		goto out;
	}
	nr_builds = json_array_size(l.builds);
	l.ours = xcalloc(nr_builds + 1, 1);
	l.skip = xcalloc(nr_builds + 1, 1);
	l.ask = xcalloc(nr_builds + 1, 1);
	l.keys = xcalloc(nr_builds + 1, sizeof(*l.keys));
	json_array_foreach(l.builds, i, build) {
		const char *id = get_string(build, "id");
		json_t *ours = json_object_get(json_object_get(json_object_get(build, "misc"),
							       KCIDB_MISC_KEY), "record");

		if (json_is_string(ours)) {
			l.ours[i] = 1;
			recover(d, commit, id ? id : "?", json_string_value(ours),
				json_string_length(ours));
		} else if (!id) {
			l.skip[i] = 1;
			warning("ignoring a build without an id");
		}
	}
	json_array_foreach(l.builds, i, build) {
		build_key_of(&l.keys[i], build, 0);
		l.keys[i].build = i;
	}
	qsort(l.keys, nr_builds, sizeof(*l.keys), cmp_build_key);
	list_tests(&l, boots);
	list_tests(&l, tests);
	if (ask_builds(d, &l))
		goto out;
	/* before import_tests(), which keeps only the tests that become records */
	if (d->issue_found && read_issues(d, commit, answer, &l))
		goto out;
	import_tests(d, commit, &l);
	if (l.untied)
		warning("ignoring %zu test%s of %s tied to no build the dashboard listed (the first: '%s')",
			l.untied, l.untied == 1 ? "" : "s", hex, l.first_untied);
	if (l.no_origin)
		warning("ignoring %zu test%s of %s without a valid id and origin", l.no_origin,
			l.no_origin == 1 ? "" : "s", hex);
	ret = 0;
out:
	json_decref(answer);
	free(l.ours);
	free(l.skip);
	free(l.ask);
	free(l.keys);
	free(l.tests);
	strbuf_release(&url);
	return ret;
}

void kcidb_dashboard_release(struct kcidb_dashboard *d)
{
	strbuf_release(&d->unchecked_why);
}
