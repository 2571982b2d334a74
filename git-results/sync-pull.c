/*
 * git results sync pull: read what KCIDB's dashboard API holds for
 * commits (kcidb/dashboard.c turns it into records) and attach the new
 * ones in one notes commit.
 */
#include "git-results/builtin.h"
#include "kcidb/client.h"
#include "kcidb/dashboard.h"
#include "kcidb/map.h"
#include "kcidb/published.h"
#include "lib/known-issues-file.h"
#include "lib/revision.h"
#include "lib/parse-options.h"
#include "lib/progress.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/store/attach.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How long the KernelCI dashboard caches an answer, "no results" too. */
#define DASHBOARD_CACHE_SECONDS 180

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
	struct kcidb_dashboard dashboard;

	struct candidate *cands;
	size_t cands_nr, cands_alloc;

	size_t added;
	int dry_run, quiet;

	/* The meter under way, taken down before an error is printed. */
	struct progress *meter;

	/* What `sync push` published, to explain an empty answer; and the explanations. */
	struct kcidb_published published;
	struct strbuf cached;
	/* --known-issues: the entries the issues pulled make */
	int known_issues;
	struct known_issues issues;
};

/* A record the dashboard gave for `commit` (a kcidb_found_fn). */
static void add_candidate(const git_oid *commit, const struct strbuf *text, const char *original,
			  void *data)
{
	struct pull_state *st = data;
	struct candidate *c;

	ALLOC_GROW(st->cands, st->cands_nr + 1, st->cands_alloc);
	c = &st->cands[st->cands_nr];
	git_oid_cpy(&c->commit, commit);
	c->seq = st->cands_nr++;
	c->text = xstrndup(text->buf, text->len);
	c->original = original ? xstrdup(original) : NULL;
}

/* A value or test path as one field of the known-issues file: blanks and wildcards as `?`. */
static char *issue_field(const char *value)
{
	char *out = xstrdup(value), *p;

	for (p = out; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '*' || *p == '?' || *p == '[' || *p == '\\')
			*p = '?';
	return out;
}

static void add_issue_env(struct known_issue *k, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	ALLOC_GROW(k->env, k->env_nr + 1, k->env_alloc);
	k->env[k->env_nr].key = xstrdup(key);
	k->env[k->env_nr].pattern = issue_field(value);
	k->env_nr++;
}

/*
 * A test of a pulled commit that a KCIDB issue ties to (a kcidb_issue_fn):
 * an entry of the known-issues file for that test in that environment.
 */
static void add_issue(const git_oid *commit, const struct kcidb_issue_test *t, void *data)
{
	struct pull_state *st = data;
	struct known_issue *k;

	(void)commit;
	ALLOC_GROW(st->issues.items, st->issues.nr + 1, st->issues.alloc);
	k = &st->issues.items[st->issues.nr++];
	memset(k, 0, sizeof(*k));
	k->pattern = issue_field(t->path);
	add_issue_env(k, "arch", t->arch);
	add_issue_env(k, KCIDB_ENV_DEVICE, t->device);
	k->link = xstrdup(t->link);
	if (t->comment)
		k->reason = xstrdup(t->comment);
}

/* The known-issues file of the work tree: results.knownIssues, or the default. */
static char *known_issues_path(git_repository *repo)
{
	char *name = config_get_string(repo, "results.knownIssues");
	const char *top = git_repository_workdir(repo);
	struct strbuf path = STRBUF_INIT;

	if (!top)
		die("--known-issues needs a work tree to write %s in",
		    name && *name ? name : KNOWN_ISSUES_DEFAULT_PATH);
	strbuf_addf(&path, "%s%s", top, name && *name ? name : KNOWN_ISSUES_DEFAULT_PATH);
	free(name);
	return strbuf_detach(&path, NULL);
}

/* Adds the entries of the issues pulled to the work tree's file; 0, or -1 after an error. */
static int write_known_issues(struct pull_state *st)
{
	char *path = known_issues_path(st->repo);
	const char *top = git_repository_workdir(st->repo);
	int added = known_issues_file_append(path, &st->issues, st->dry_run,
					     st->dry_run ? stdout : NULL);

	if (added >= 0 && !st->quiet)
		fprintf(stderr, "%s %d known issue%s of %zu found to %s\n",
			st->dry_run ? "would add" : "added", added, added == 1 ? "" : "s",
			st->issues.nr, path + strlen(top));
	free(path);
	return added < 0 ? -1 : 0;
}

static int cmp_candidate(const void *va, const void *vb)
{
	const struct candidate *a = va, *b = vb;
	int c = git_oid_cmp(&a->commit, &b->commit);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
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
	struct record_list incoming = RECORD_LIST_INIT, original = RECORD_LIST_INIT;
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
		if (c->original) {
			size_t before = original.nr;

			if (record_list_parse(&original, c->original, strlen(c->original), &err) ||
			    original.nr != before + 1)
				BUG("a published record does not parse back as one: %s", err.buf);
			if (note_attach_has(&note, &original.items[before]))
				continue;
		}
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
	record_list_release(&original);
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

/*
 * Nothing was found for `commit`: when a push of it was taken less than
 * the dashboard's cache time ago, the answer may be the cached one from
 * before, which is worth saying (once the meter is done).
 */
static void explain_nothing(struct pull_state *st, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];
	long long when, ago;

	git_oid_tostr(hex, sizeof(hex), commit);
	when = kcidb_published_last(&st->published, hex);
	ago = (long long)time(NULL) - when;
	if (when < 0 || ago >= DASHBOARD_CACHE_SECONDS)
		return;
	strbuf_addf(&st->cached, "nothing found for %s, which KCIDB took %lld s ago: the"
		    " dashboard caches its answers for up to %d s; pull again later\n",
		    hex, ago < 0 ? 0 : ago, DASHBOARD_CACHE_SECONDS);
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
		OPT_BOOL(0, "known-issues", &st.known_issues, "add the KCIDB issues of the tests pulled to the known-issues file"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to write"),
		OPT_BOOL(0, "progress", &progress, "show progress (default: when standard error is a terminal)"),
		OPT_BOOL('q', "quiet", &st.quiet, "report only errors"),
		OPT_END()
	};
	struct strbuf err = STRBUF_INIT, shown = STRBUF_INIT;
	struct notes_store store;
	size_t i, o, done = 0;

	memset(&st, 0, sizeof(st));
	st.dashboard = (struct kcidb_dashboard)KCIDB_DASHBOARD_INIT;
	strbuf_init(&st.cached, 0);
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
	st.dashboard.repo = st.repo;
	st.dashboard.conn = &st.conn;
	st.dashboard.target = &st.target;
	st.dashboard.http = &st.http;
	st.dashboard.found = add_candidate;
	st.dashboard.found_data = &st;
	st.dashboard.meter = &st.meter;
	if (st.known_issues) {
		free(known_issues_path(st.repo));	/* no work tree: say so before any request */
		st.dashboard.issue_found = add_issue;
		st.dashboard.issue_data = &st;
	}
	if (st.conn.submit_url) {
		http_scrub_url(&shown, st.conn.submit_url);
		if (kcidb_published_read(&st.published, st.repo, shown.buf, &err))
			die("%s", err.buf);
		strbuf_reset(&shown);
	}
	http_scrub_url(&shown, st.conn.dashboard_url);

	/*
	 * Everything is read before anything is written.  The meter counts
	 * the dashboard's answers for a commit and origin (kcidb/dashboard.h).
	 */
	st.meter = progress_start("Reading KCIDB", st.commits.nr * st.origins.nr);
	for (i = 0; i < st.commits.nr; i++) {
		size_t before = st.cands_nr;

		for (o = 0; o < st.origins.nr; o++) {
			if (kcidb_dashboard_read(&st.dashboard, &st.commits.oids[i],
						 st.origins.items[o])) {
				progress_free(&st.meter);
				error("nothing was added");
				goto out;
			}
			progress_update(st.meter, ++done);
		}
		if (st.cands_nr == before)
			explain_nothing(&st, &st.commits.oids[i]);
	}
	progress_stop(&st.meter);
	if (!st.quiet)
		fputs(st.cached.buf, stderr);

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
	if (st.dashboard.unchecked)
		warning("attached %zu signed record%s whose signature%s could not be accepted here"
			" ('git results verify' tells more): %s", st.dashboard.unchecked,
			st.dashboard.unchecked == 1 ? "" : "s", st.dashboard.unchecked == 1 ? "" : "s",
			st.dashboard.unchecked_why.buf);
	if (!st.quiet)
		fprintf(stderr, "%s %zu new record%s of %zu found at %s\n",
			st.dry_run ? "would add" : "added", st.added, st.added == 1 ? "" : "s",
			st.cands_nr, shown.buf);
	if (st.known_issues && write_known_issues(&st))
		ret = 1;
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
	kcidb_dashboard_release(&st.dashboard);
	kcidb_published_release(&st.published);
	known_issues_release(&st.issues);
	strbuf_release(&st.cached);
	strbuf_release(&err);
	strbuf_release(&shown);
	free(ref_name);
	free(owned_origin);
	git_repository_free(st.repo);
	return ret;
}
