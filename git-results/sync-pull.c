/*
 * git results sync pull: read what KCIDB's dashboard API holds for
 * commits, turn it into records and attach the new ones in one notes
 * commit.  Records that `sync push` published come back byte for byte
 * from their build's misc; other origins' builds become records marked
 * as imported and unsigned.
 */
#include "git-results/builtin.h"
#include "kcidb/client.h"
#include "kcidb/verify.h"
#include "lib/revision.h"
#include "kcidb/check.h"
#include "kcidb/map.h"
#include "lib/date.h"
#include "lib/parse-options.h"
#include "lib/progress.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/store/attach.h"
#include "lib/usage.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const pull_usage[] = {
	"git results sync pull [<options>] [<commit>... | <range>]",
	NULL
};

struct candidate {
	git_oid commit;
	size_t seq;
	char *text;	/* the record to attach */
	char *original;	/* an unsigned record as published, before marking; or NULL */
};

struct pull_state {
	git_repository *repo;
	struct oid_list commits;
	struct string_list origins;
	struct kcidb_target target;
	struct kcidb_connection conn;
	struct http_client http;

	struct candidate *cands;
	size_t cands_nr, cands_alloc;

	size_t recovered, unchecked, refused, imported, added;
	struct strbuf unchecked_why;
	int dry_run, quiet;

	/* The meter under way, taken down before an error is printed. */
	struct progress *meter;
};

static void add_candidate(struct pull_state *st, const git_oid *commit, const struct strbuf *text,
			  const char *original)
{
	struct candidate *c;

	ALLOC_GROW(st->cands, st->cands_nr + 1, st->cands_alloc);
	c = &st->cands[st->cands_nr];
	git_oid_cpy(&c->commit, commit);
	c->seq = st->cands_nr++;
	c->text = xstrndup(text->buf, text->len);
	c->original = original ? xstrdup(original) : NULL;
}

/*
 * GETs a dashboard URL and parses its JSON.  "No data" comes back as
 * HTTP 200 with an {"error": ...} object: then *out is NULL and 0 is
 * returned.  Dies when the dashboard cannot be reached; -1 after an error
 * for any other failure.
 */
static int fetch_json(struct pull_state *st, const struct strbuf *url, json_t **out)
{
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT, msg = STRBUF_INIT, shown = STRBUF_INIT;
	json_error_t jerr;
	int ret = -1;

	*out = NULL;
	if (http_request(&st->http, "GET", url->buf, HTTP_NO_AUTH, NULL, NULL, 0, &resp, &err)) {
		progress_free(&st->meter);
		die("%s", err.buf);
	}
	http_scrub_url(&shown, url->buf);
	if (resp.status != 200) {
		kcidb_answer_message(&msg, &resp, st->conn.token);
		progress_free(&st->meter);
		error("the KCIDB dashboard answered HTTP %ld for '%s': %s", resp.status, shown.buf,
		      msg.buf);
		goto out;
	}
	*out = json_loadb(resp.body.buf, resp.body.len, 0, &jerr);
	if (!*out) {
		progress_free(&st->meter);
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
static void unexpected_answer(struct pull_state *st, const struct strbuf *url,
			      const char *expected)
{
	struct strbuf shown = STRBUF_INIT;

	http_scrub_url(&shown, url->buf);
	progress_free(&st->meter);
	error("the KCIDB dashboard sent an unexpected answer for '%s': expected %s",
	      shown.buf, expected);
	strbuf_release(&shown);
}

static const char *get_string(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A record published by `sync push`, recovered from its build's misc. */
static void recover(struct pull_state *st, const git_oid *commit, const char *build_id,
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
	st->recovered++;
	if (r->signature) {
		switch (kcidb_verify_pulled(st->repo, r, text, len, &why)) {
		case PULLED_SIGNATURE_BAD:
			st->refused++;
			warning("refusing the record of origin '%s', run '%s' on %s: %s", r->origin,
				r->run, hex, why.buf);
			goto out;
		case PULLED_SIGNATURE_UNCHECKED:
			st->unchecked++;
			if (!st->unchecked_why.len)
				strbuf_addbuf(&st->unchecked_why, &why);
			break;
		case PULLED_SIGNATURE_GOOD:
			break;
		}
		add_candidate(st, commit, &canon, NULL);
	} else {
		struct strbuf marked = STRBUF_INIT;

		record_set_env(r, KCIDB_ENV_IMPORTED, KCIDB_IMPORTED_VALUE);
		record_normalize(r);
		record_write(&marked, r);
		add_candidate(st, commit, &marked, canon.buf);
		st->imported++;
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
	struct strbuf path = STRBUF_INIT;
	enum result_status st;

	if (kcidb_status_parse(get_string(test, "status"), &st))
		return;	/* still running, or not a KCIDB status */
	kcidb_dashboard_path(&path, get_string(test, "path"));
	record_add_test(r, path.buf, st, NULL);
	strbuf_release(&path);
}

/* Another origin's build and its tests, as a record marked imported. */
static int import_build(struct pull_state *st, const git_oid *commit, json_t *build)
{
	const char *id = get_string(build, "id"), *origin = get_string(build, "origin");
	const char *log_url = get_string(build, "log_url");
	struct strbuf url = STRBUF_INIT, run = STRBUF_INIT, date = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	json_t *tests = NULL, *test;
	const struct kcidb_build_env *m;
	git_commit *c = NULL;
	struct record r;
	size_t i;
	int ret = -1;

	record_init(&r);
	if (!id || !origin || record_check_origin(origin, &err)) {
		warning("ignoring a build without a valid id and origin");
		ret = 0;
		goto out;
	}
	strbuf_addf(&url, "%s/api/build/", st->conn.dashboard_url);
	http_escape(&url, id);
	strbuf_addstr(&url, "/tests");
	if (fetch_json(st, &url, &tests))
		goto out;
	if (!tests) {
		ret = 0;	/* a build without tests is not a test run */
		goto out;
	}
	if (!json_is_array(tests)) {
		unexpected_answer(st, &url, "a list of tests");
		goto out;
	}
	json_array_foreach(tests, i, test)
		add_test(&r, test);
	if (!r.tests_nr) {
		ret = 0;
		goto out;
	}
	check(git_commit_lookup(&c, st->repo, commit), "cannot read commit");
	git_oid_tostr(r.commit, sizeof(r.commit), commit);
	git_oid_tostr(r.tree, sizeof(r.tree), git_commit_tree_id(c));
	record_set_origin(&r, origin);
	kcidb_dashboard_run_id(&run, id, origin);
	record_set_run(&r, run.buf);
	if (utc_date(&date, get_string(build, "start_time"))) {
		/* the date must not change from one pull to the next */
		strbuf_reset(&date);
		date_format_utc(&date, (long long)git_commit_time(c));
	}
	record_set_date(&r, date.buf);
	for (m = kcidb_build_envs; m->env; m++)
		set_env_from(&r, m->env, kcidb_build_env_value(build, NULL, m));
	set_env_from(&r, KCIDB_ENV_LAB, kcidb_build_lab(build, origin));
	record_set_env(&r, KCIDB_ENV_IMPORTED, KCIDB_IMPORTED_VALUE);
	if (log_url && !record_check_value("link", log_url, &err))
		record_add_link(&r, log_url);
	record_normalize(&r);
	record_write(&text, &r);
	add_candidate(st, commit, &text, NULL);
	st->imported++;
	ret = 0;
out:
	git_commit_free(c);
	json_decref(tests);
	record_release(&r);
	strbuf_release(&url);
	strbuf_release(&run);
	strbuf_release(&date);
	strbuf_release(&err);
	strbuf_release(&text);
	return ret;
}

static int pull_commit(struct pull_state *st, const git_oid *commit, const char *origin)
{
	struct strbuf url = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	json_t *answer = NULL, *builds, *build;
	size_t i;
	int ret = -1;

	git_oid_tostr(hex, sizeof(hex), commit);
	strbuf_addf(&url, "%s/api/tree/%s/builds?origin=", st->conn.dashboard_url, hex);
	http_escape(&url, origin);
	strbuf_addstr(&url, "&git_url=");
	http_escape(&url, st->target.git_url);
	strbuf_addstr(&url, "&git_branch=");
	http_escape(&url, st->target.branch);
	if (fetch_json(st, &url, &answer))
		goto out;
	builds = json_object_get(answer, "builds");
	if (answer && !json_is_array(builds)) {
		unexpected_answer(st, &url, "{\"builds\": [...]}");
		goto out;
	}
	json_array_foreach(builds, i, build) {
		const char *id = get_string(build, "id");
		json_t *ours = json_object_get(json_object_get(json_object_get(build, "misc"),
							       KCIDB_MISC_KEY), "record");

		if (json_is_string(ours))
			recover(st, commit, id ? id : "?", json_string_value(ours),
				json_string_length(ours));
		else if (import_build(st, commit, build))
			goto out;
	}
	ret = 0;
out:
	json_decref(answer);
	strbuf_release(&url);
	return ret;
}

static int cmp_candidate(const void *va, const void *vb)
{
	const struct candidate *a = va, *b = vb;
	int c = git_oid_cmp(&a->commit, &b->commit);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Whether `text` is, byte for byte, a record of the note. */
static int note_has_text(const struct note_attach *note, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int found = 0;

	for (i = 0; !found && i < note->records.nr; i++) {
		strbuf_reset(&sb);
		record_write(&sb, &note->records.items[i]);
		found = !strcmp(sb.buf, text);
	}
	strbuf_release(&sb);
	return found;
}

/*
 * Adds the new records of one commit (cands[0..nr)) by the attach policy:
 * what KCIDB holds is kept beside a different record of the same run, a
 * conflict to resolve.  -1 on a refused note.
 */
static int apply_group(struct pull_state *st, struct notes_store *s,
		       const struct candidate *cands, size_t nr)
{
	struct note_attach note = NOTE_ATTACH_INIT;
	struct record_list incoming = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, added = 0;
	int ret = -1;

	git_oid_tostr(hex, sizeof(hex), &cands[0].commit);
	if (note_attach_read(&note, s, &cands[0].commit, &err) < 0) {
		progress_free(&st->meter);
		error("the note on %s in %s is not a results record (%s); use --ref to pull"
		      " results elsewhere", hex, s->ref, err.buf);
		goto out;
	}
	for (i = 0; i < nr; i++)
		if (record_list_parse(&incoming, cands[i].text, strlen(cands[i].text), &err) ||
		    incoming.nr != i + 1)
			BUG("a pulled record does not parse back as one: %s", err.buf);
	for (i = 0; i < nr; i++) {
		const struct candidate *c = &cands[i];

		/* An unsigned record we published comes back marked: it is ours. */
		if (c->original && note_has_text(&note, c->original))
			continue;
		if (store_attach(&note, &incoming.items[i], ATTACH_KEEP_BOTH) == ATTACH_PRESENT)
			continue;
		if (st->dry_run)
			printf("%scommit %s\n%s", st->added + added ? "\n" : "", hex, c->text);
		added++;
	}
	if (!st->dry_run)
		note_attach_write(&note, s, &cands[0].commit);
	st->added += added;
	ret = 0;
out:
	note_attach_release(&note);
	record_list_release(&incoming);
	strbuf_release(&err);
	return ret;
}

static enum store_change apply_pull(struct notes_store *s, void *data)
{
	struct pull_state *st = data;
	size_t i, j;

	st->added = 0;
	/* A dry run prints the records instead, on standard output: no meter over them. */
	st->meter = st->dry_run ? NULL : progress_start("Adding results", st->cands_nr);
	for (i = 0; i < st->cands_nr; i = j) {
		for (j = i + 1; j < st->cands_nr; j++)
			if (git_oid_cmp(&st->cands[i].commit, &st->cands[j].commit))
				break;
		if (apply_group(st, s, &st->cands[i], j - i)) {
			progress_free(&st->meter);
			return STORE_ABORT;
		}
		progress_update(st->meter, j);
	}
	progress_stop(&st->meter);
	return st->added && !st->dry_run ? STORE_COMMIT : STORE_UNCHANGED;
}

/* Without --origin: our own origin, from the configuration or the token. */
static void default_origin(struct pull_state *st, char **owned)
{
	struct kcidb_connection conn;
	struct strbuf err = STRBUF_INIT, claim = STRBUF_INIT;

	*owned = config_get_string(st->repo, "results.kcidb.origin");
	if (!*owned) {
		if (!kcidb_connection_from_config(&conn, st->repo, NULL, 0, &err) && conn.token &&
		    !kcidb_token_origin(&claim, conn.token))
			*owned = strbuf_detach(&claim, NULL);
		kcidb_connection_release(&conn);
	}
	strbuf_release(&err);
	strbuf_release(&claim);
	if (!*owned)
		die("no KCIDB origin to pull: use --origin or set results.kcidb.origin");
	string_list_append(&st->origins, *owned);
}

int cmd_sync_pull(int argc, const char **argv)
{
	struct pull_state st;
	int progress = -1, ret = 1;
	const char *ref = NULL;
	char *ref_name = NULL, *owned_origin = NULL;
	struct option options[] = {
		OPT_STRING_LIST(0, "origin", &st.origins, "origin", "read the checkouts of this KCIDB origin (default: results.kcidb.origin or the token's)"),
		OPT_STRING(0, "git-url", &st.target.git_url, "url", "https URL of the repository (default: results.kcidb.gitUrl or the remote's)"),
		OPT_STRING(0, "branch", &st.target.branch, "name", "branch the commits come from (default: results.kcidb.branch or the upstream)"),
		OPT_BOOL('n', "dry-run", &st.dry_run, "print the records that would be added, add nothing"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to write"),
		OPT_BOOL(0, "progress", &progress, "show progress (default: when standard error is a terminal)"),
		OPT_BOOL('q', "quiet", &st.quiet, "report only errors"),
		OPT_END()
	};
	struct strbuf err = STRBUF_INIT, shown = STRBUF_INIT;
	struct notes_store store;
	size_t i, o, done = 0;

	memset(&st, 0, sizeof(st));
	strbuf_init(&st.unchecked_why, 0);
	argc = parse_options(argc, argv, options, pull_usage);
	st.target.git_url = st.target.git_url ? xstrdup(st.target.git_url) : NULL;
	st.target.branch = st.target.branch ? xstrdup(st.target.branch) : NULL;
	/* As in add: -q means no meter, unless --progress asks for one. */
	progress_set_enabled(st.quiet && progress < 0 ? 0 : progress);

	st.repo = repo_open();
	ref_name = store_ref_name(st.repo, ref);
	if (revision_collect(st.repo, argc, argv, &st.commits))
		goto out;
	if (!st.origins.nr)
		default_origin(&st, &owned_origin);
	for (i = 0; i < st.origins.nr; i++)
		if (record_check_origin(st.origins.items[i], &err))
			die("invalid KCIDB origin '%s': KCIDB origins are made of [a-z0-9_]",
			    st.origins.items[i]);
	st.target.origin = xstrdup(st.origins.items[0]);
	if (kcidb_connection_from_config(&st.conn, st.repo, NULL, KCIDB_NEED_DASHBOARD, &err) ||
	    kcidb_target_from_config(&st.target, st.repo, NULL, &err) ||
	    kcidb_target_check(&st.target, &err))
		die("%s", err.buf);
	kcidb_http_init(&st.http, &st.conn);
	http_scrub_url(&shown, st.conn.dashboard_url);

	/*
	 * Everything is read before anything is written.  The meter counts
	 * the dashboard's answers for a commit and origin, each with the
	 * tests of the builds it lists.
	 */
	st.meter = progress_start("Reading KCIDB", st.commits.nr * st.origins.nr);
	for (i = 0; i < st.commits.nr; i++) {
		for (o = 0; o < st.origins.nr; o++) {
			if (pull_commit(&st, &st.commits.oids[i], st.origins.items[o])) {
				progress_free(&st.meter);
				error("nothing was added");
				goto out;
			}
			progress_update(st.meter, ++done);
		}
	}
	progress_stop(&st.meter);

	if (st.cands_nr > 1)
		qsort(st.cands, st.cands_nr, sizeof(*st.cands), cmp_candidate);
	store_open(&store, st.repo, ref_name);
	if (!st.dry_run)
		store_begin_bulk(&store);
	ret = store_update(&store, apply_pull, &st, "Notes added by 'git results sync pull'\n");
	store_release(&store);
	if (ret < 0) {
		ret = 1;
		goto out;
	}
	ret = 0;
	if (st.unchecked)
		warning("attached %zu signed record%s whose signature%s could not be accepted here"
			" ('git results verify' tells more): %s",
			st.unchecked, st.unchecked == 1 ? "" : "s", st.unchecked == 1 ? "" : "s",
			st.unchecked_why.buf);
	if (!st.quiet)
		fprintf(stderr, "%s %zu new record%s of %zu found at %s\n",
			st.dry_run ? "would add" : "added", st.added, st.added == 1 ? "" : "s",
			st.cands_nr, shown.buf);
out:
	for (i = 0; i < st.cands_nr; i++) {
		free(st.cands[i].text);
		free(st.cands[i].original);
	}
	free(st.cands);
	http_client_release(&st.http);
	kcidb_connection_release(&st.conn);
	kcidb_target_release(&st.target);
	oid_list_release(&st.commits);
	string_list_clear(&st.origins);
	strbuf_release(&st.unchecked_why);
	strbuf_release(&err);
	strbuf_release(&shown);
	free(ref_name);
	free(owned_origin);
	git_repository_free(st.repo);
	return ret;
}
