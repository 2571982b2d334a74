#include "lib/remote.h"
#include "lib/store/merge.h"
#include "lib/repo.h"
#include "lib/run-command.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void remote_hint_fetch(git_repository *repo, const struct notes_store *s)
{
	static int hinted;
	struct strbuf key = STRBUF_INIT;
	char *name, *url;

	if (hinted || s->has_tip || !config_get_bool(repo, "advice.resultsFetch", 1))
		return;
	hinted = 1;
	name = default_remote(repo, 0);
	/* the configuration, not git_remote_lookup(): libgit2 1.5 leaks in its insteadOf glob */
	strbuf_addf(&key, "remote.%s.url", name);
	url = config_get_string(repo, key.buf);
	if (url)
		fprintf(stderr, "hint: there are no results in this repository yet; clones do not"
			" fetch them:\nhint: 'git results pull %s' gets those of '%s', if it has"
			" any\nhint: (advice.resultsFetch=false turns this hint off)\n", name, name);
	free(url);
	free(name);
	strbuf_release(&key);
}

char *default_remote(git_repository *repo, int for_push)
{
	struct strbuf branch = STRBUF_INIT;
	int on_branch = !repo_current_branch(repo, &branch);
	char *remote = NULL;

	if (for_push && on_branch)
		remote = repo_branch_config(repo, branch.buf, "pushRemote");
	if (for_push && !remote)
		remote = config_get_string(repo, "remote.pushDefault");
	if (!remote && on_branch)
		remote = repo_branch_config(repo, branch.buf, "remote");
	strbuf_release(&branch);
	/* "." is the repository itself, which has no results to exchange. */
	if (remote && !strcmp(remote, ".")) {
		free(remote);
		remote = NULL;
	}
	return remote ? remote : xstrdup("origin");
}

int ref_exists(git_repository *repo, const char *name)
{
	git_oid oid;

	return !git_reference_name_to_id(&oid, repo, name);
}

int remote_exists(git_repository *repo, const char *remote)
{
	struct strbuf key = STRBUF_INIT;
	char *url = NULL;
	int valid = 0;

	if (!git_remote_name_is_valid(&valid, remote) && valid) {
		strbuf_addf(&key, "remote.%s.url", remote);
		url = config_get_string(repo, key.buf);
	}
	free(url);
	strbuf_release(&key);
	return !!url;
}

int remote_is_url(git_repository *repo, const char *remote)
{
	struct stat st;

	if (remote_exists(repo, remote))
		return 0;
	/* As git tells a URL or path from a remote's name. */
	return strchr(remote, ':') || strchr(remote, '/') ||
		(!stat(remote, &st) && S_ISDIR(st.st_mode));
}

int check_remote(git_repository *repo, const char *remote)
{
	int valid = 0;

	if (remote_is_url(repo, remote))
		return 0;
	if (git_remote_name_is_valid(&valid, remote) < 0 || !valid)
		return error("'%s' is not a valid remote name", remote);
	if (!remote_exists(repo, remote))
		return error("no such remote '%s'", remote);
	return 0;
}

char *tracking_ref_name(const char *remote, const char *ref)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name = ref;

	if (!strncmp(name, "refs/notes/", 11))
		name += 11;
	else if (!strncmp(name, "refs/", 5))
		name += 5;
	strbuf_addf(&sb, "refs/notes/remotes/%s/%s", remote, name);
	return strbuf_detach(&sb, NULL);
}

char *remote_tracking_ref(git_repository *repo, const char *remote, const char *ref)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name = ref;

	if (!remote_is_url(repo, remote))
		return tracking_ref_name(remote, ref);
	if (!strncmp(name, "refs/notes/", 11))
		name += 11;
	else if (!strncmp(name, "refs/", 5))
		name += 5;
	strbuf_addf(&sb, "refs/notes/fetch-head/%s", name);
	return strbuf_detach(&sb, NULL);
}

static char *refspec_into(const char *ref, const char *tracking)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "+%s*:%s*", ref, tracking);
	return strbuf_detach(&sb, NULL);
}

char *fetch_refspec(const char *remote, const char *ref)
{
	char *tracking = tracking_ref_name(remote, ref);
	char *refspec = refspec_into(ref, tracking);

	free(tracking);
	return refspec;
}

static void add_transport_options(const char **argv, size_t *nr,
				  const struct transport_options *opts, int pass_quiet)
{
	if (opts->quiet && pass_quiet)
		argv[(*nr)++] = "--quiet";
	if (opts->progress >= 0)
		argv[(*nr)++] = opts->progress ? "--progress" : "--no-progress";
}

int fetch_results(const char *remote, const char *ref, const char *tracking,
		  const struct transport_options *opts)
{
	const char *argv[16];
	char *refspec = refspec_into(ref, tracking);
	size_t nr = 0;
	int code;

	argv[nr++] = "git";
	argv[nr++] = "fetch";
	/*
	 * Only the notes: no tags, and FETCH_HEAD is left to the user's own
	 * fetches.  --prune drops a tracking ref whose notes ref the remote
	 * deleted.
	 */
	argv[nr++] = "--no-tags";
	argv[nr++] = "--no-write-fetch-head";
	argv[nr++] = "--prune";
	add_transport_options(argv, &nr, opts, 1);
	argv[nr++] = "--";
	argv[nr++] = remote;
	argv[nr++] = refspec;
	argv[nr] = NULL;
	code = run_command(argv, NULL);
	free(refspec);
	if (code)
		return error("cannot fetch results from '%s'", remote);
	return 0;
}

int remote_results_fetch(struct remote_results *rr, git_repository *repo, const char *remote,
			 const char *ref, const struct transport_options *opts)
{
	rr->remote = remote ? xstrdup(remote) : default_remote(repo, 0);
	rr->ref = store_ref_name(repo, ref);
	rr->tracking = remote_tracking_ref(repo, rr->remote, rr->ref);
	if (check_remote(repo, rr->remote) || fetch_results(rr->remote, rr->ref, rr->tracking, opts))
		return -1;
	if (ref_exists(repo, rr->tracking))
		return 1;
	if (!opts->quiet)
		fprintf(stderr, "no results on '%s' yet\n", rr->remote);
	return 0;
}

void remote_results_release(struct remote_results *rr)
{
	free(rr->remote);
	free(rr->ref);
	free(rr->tracking);
	memset(rr, 0, sizeof(*rr));
}

/*
 * `git push --porcelain` prints one line per ref:
 * "<flag>\t<from>:<to>\t<summary> (<reason>)", with flag '!' for a ref
 * the remote refused.  The flags and summaries are meant for scripts and
 * are not translated.
 */
static int parse_push_status(const char *out, const char *ref, struct strbuf *why)
{
	const char *line = out;

	while (line && *line) {
		const char *end = strchrnul(line, '\n');
		const char *tab = memchr(line, '\t', end - line);

		if (tab && tab - line == 1) {
			const char *summary = memchr(tab + 1, '\t', end - tab - 1);
			size_t to_len = strlen(ref);
			const char *colon = memchr(tab + 1, ':', end - tab - 1);

			if (summary && colon && (size_t)(summary - colon - 1) == to_len &&
			    !strncmp(colon + 1, ref, to_len)) {
				strbuf_add(why, summary + 1, end - summary - 1);
				return *line == '!';
			}
		}
		line = *end ? end + 1 : NULL;
	}
	return -1;
}

int push_results(const char *remote, const char *ref, const git_oid *tip,
		 const struct transport_options *opts, struct strbuf *why)
{
	struct strbuf refspec = STRBUF_INIT, out = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	const char *argv[16];
	size_t nr = 0;
	int code, ret;

	/* The commit we merged, even if a local writer moves the ref meanwhile. */
	git_oid_tostr(hex, sizeof(hex), tip);
	strbuf_addf(&refspec, "%s:%s", hex, ref);
	argv[nr++] = "git";
	argv[nr++] = "push";
	argv[nr++] = "--porcelain";
	/* Not --quiet, which silences the porcelain report too. */
	add_transport_options(argv, &nr, opts, 0);
	if (opts->no_verify)
		argv[nr++] = "--no-verify";
	argv[nr++] = "--";
	argv[nr++] = remote;
	argv[nr++] = refspec.buf;
	argv[nr] = NULL;
	code = run_command(argv, &out);
	ret = code < 0 ? -1 : parse_push_status(out.buf, ref, why);
	if (ret < 0 || (ret == 0 && code))
		ret = error("cannot push results to '%s'", remote);
	strbuf_release(&refspec);
	strbuf_release(&out);
	return ret;
}

/* Appends `oid`, peeled to a commit, when we have it. */
static void add_published(git_repository *repo, const git_oid *oid, struct oid_list *out)
{
	git_object *obj = NULL, *commit = NULL;

	if (git_object_lookup(&obj, repo, oid, GIT_OBJECT_ANY) < 0)
		return;
	if (!git_object_peel(&commit, obj, GIT_OBJECT_COMMIT)) {
		ALLOC_GROW(out->oids, out->nr + 1, out->alloc);
		git_oid_cpy(&out->oids[out->nr++], git_object_id(commit));
	}
	git_object_free(commit);
	git_object_free(obj);
}

struct glob_data {
	git_repository *repo;
	struct oid_list *out;
};

static int add_tracking_tip(const char *name, void *data)
{
	struct glob_data *d = data;
	git_oid oid;

	if (!git_reference_name_to_id(&oid, d->repo, name))
		add_published(d->repo, &oid, d->out);
	return 0;
}

static int ls_remote_tips(git_repository *repo, const char *url, struct strbuf *list,
			  struct oid_list *out)
{
	const char *argv[] = { "git", "ls-remote", "--", url, NULL };
	const char *line;

	if (run_command(argv, list))
		return error("cannot list the refs of '%s'", url);
	/* "<id>\t<ref>" lines */
	for (line = list->buf; *line; ) {
		const char *end = strchrnul(line, '\n');
		git_oid oid;

		if (end - line > GIT_OID_HEXSZ && !git_oid_fromstrn(&oid, line, GIT_OID_HEXSZ))
			add_published(repo, &oid, out);
		line = *end ? end + 1 : end;
	}
	return 0;
}

int remote_published_tips(git_repository *repo, const char *remote, struct oid_list *out)
{
	struct glob_data d = { repo, out };
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (remote_is_url(repo, remote)) {
		ret = ls_remote_tips(repo, remote, &sb, out);
	} else {
		strbuf_addf(&sb, "refs/remotes/%s/*", remote);
		if (git_reference_foreach_glob(repo, sb.buf, add_tracking_tip, &d) < 0)
			ret = error("cannot read the refs of '%s': %s", remote, repo_error_text());
	}
	strbuf_release(&sb);
	return ret;
}

static void print_abbrev(struct strbuf *sb, const git_oid *oid)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), oid);
	strbuf_addf(sb, "%.7s", hex);
}

int merge_notes_ref(git_repository *repo, const char *ours, const char *theirs, int quiet)
{
	struct notes_merge_result res = NOTES_MERGE_RESULT_INIT;
	struct strbuf sb = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	if (notes_merge(&res, repo, ours, theirs) < 0) {
		notes_merge_result_release(&res);
		return -1;
	}
	switch (res.outcome) {
	case NOTES_MERGE_UP_TO_DATE:
		strbuf_addstr(&sb, "Already up to date.\n");
		break;
	case NOTES_MERGE_FAST_FORWARD:
		strbuf_addf(&sb, "Fast-forward %s to %s (", ours, theirs);
		if (git_oid_is_zero(&res.old_tip))
			strbuf_addstr(&sb, "new");
		else
			print_abbrev(&sb, &res.old_tip);
		strbuf_addstr(&sb, "..");
		print_abbrev(&sb, &res.new_tip);
		strbuf_addstr(&sb, ")\n");
		break;
	case NOTES_MERGE_MERGED:
		strbuf_addf(&sb, "Merged %s into %s: %zu note%s added, %zu merged", theirs, ours,
			    res.added, res.added == 1 ? "" : "s", res.combined);
		if (res.removed)
			strbuf_addf(&sb, ", %zu removed", res.removed);
		strbuf_addch(&sb, '\n');
		break;
	}
	if (!quiet)
		fputs(sb.buf, stderr);
	for (i = 0; i < res.conflicts_nr; i++) {
		git_oid_tostr(hex, sizeof(hex), &res.conflicts[i].commit);
		warning("conflict on %s: different records for origin '%s', run '%s'; both kept",
			hex, res.conflicts[i].origin, res.conflicts[i].run);
	}
	for (i = 0; i < res.text_notes_nr; i++) {
		git_oid_tostr(hex, sizeof(hex), &res.text_notes[i]);
		warning("the note on %s is not only results records (written by 'git notes'?);"
			" its text is kept as it is", hex);
	}
	if (res.non_notes.len) {
		const char *p = res.non_notes.buf;

		while (*p) {
			const char *nl = strchr(p, '\n');

			warning("'%.*s' differs in %s; kept the one of %s", (int)(nl - p), p,
				theirs, ours);
			p = nl + 1;
		}
	}
	notes_merge_result_release(&res);
	strbuf_release(&sb);
	return 0;
}
