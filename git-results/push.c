/*
 * git results push: publish our results to a remote without ever
 * overwriting someone else's: fetch theirs, merge, push without force,
 * and start again when another pusher got there first.
 */
#include "git-results/builtin.h"
#include "lib/remote.h"
#include "lib/parse-options.h"
#include "lib/progress.h"
#include "lib/repo.h"
#include "lib/sign/verdict.h"
#include "lib/store.h"
#include "lib/store/conflicts.h"
#include "lib/store/publish.h"
#include "lib/store/table.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Each attempt loses only to a pusher who succeeded meanwhile, so many
 * attempts are needed only when many push at once.  A refusal while the
 * remote did not move is not a race: a hook or a permission said no.
 */
#define MAX_PUSH_ATTEMPTS 30
#define MAX_REFUSALS_UNMOVED 3

static const char *const push_usage[] = {
	"git results push [--ref <notes-ref>] [-q] [--[no-]progress] [--all | --published <rev>...]\n"
	"                        [--[no-]verify] [<remote> | <url>]",
	NULL
};

/* Waits a random while, longer after each lost race, so racers spread out. */
static void backoff(int attempt)
{
	long max_ms = 50L << (attempt < 4 ? attempt : 4);
	long ms = 20 + rand() % max_ms;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int read_ref(git_repository *repo, const char *name, git_oid *out)
{
	if (git_reference_name_to_id(out, repo, name) < 0) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return 1;
}

/* results.requireValid: what a push would send is checked first. */
struct valid_check {
	git_repository *repo;
	struct notes_store *local, *remote;
	size_t refused;
};

/* Checks the records of one note the remote does not have as it is. */
static int check_note(const struct note_entry *note, void *data)
{
	struct valid_check *vc = data;
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf why = STRBUF_INIT;
	const git_oid *theirs = store_lookup(vc->remote, &note->object);
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	if (theirs && !git_oid_cmp(theirs, &note->blob))
		return 0;
	git_oid_tostr(hex, sizeof(hex), &note->object);
	if (store_read(vc->local, &note->object, &list, &why) == STORE_NOTE_BAD) {
		error("the note on %s in %s is not a results record: %s", hex, vc->local->ref,
		      why.buf);
		vc->refused++;
	}
	for (i = 0; i < list.nr; i++) {
		strbuf_reset(&why);
		if (record_check_outgoing(vc->repo, &list.items[i], hex, &why)) {
			error("%s", why.buf);
			vc->refused++;
		}
	}
	record_list_release(&list);
	strbuf_release(&why);
	return 0;
}

/*
 * With results.requireValid, refuses to push when a record the remote
 * does not have (as its tracking ref last showed) fails verification:
 * names another commit, or is signed and its signature is bad.
 */
static int require_valid(git_repository *repo, const char *ref_name, const char *tracking)
{
	struct notes_store local, remote;
	struct valid_check vc = { repo, &local, &remote, 0 };

	if (!config_get_bool(repo, "results.requirevalid", 0))
		return 0;
	store_open(&local, repo, ref_name);
	store_open(&remote, repo, tracking);
	store_for_each(&local, check_note, &vc);
	store_release(&local);
	store_release(&remote);
	if (!vc.refused)
		return 0;
	return error("not pushing %s: %zu record%s failed verification (results.requireValid);"
		     " see git-results-verify(1)", ref_name, vc.refused,
		     vc.refused == 1 ? "" : "s");
}

/* The commits the remote has, and those it will have (--published). */
static int published_tips(git_repository *repo, const char *remote,
			  const struct string_list *extra, struct oid_list *tips)
{
	size_t i;

	tips->nr = 0;
	if (remote_published_tips(repo, remote, tips))
		return -1;
	for (i = 0; i < extra->nr; i++) {
		ALLOC_GROW(tips->oids, tips->nr + 1, tips->alloc);
		if (repo_resolve_commit(repo, extra->items[i], &tips->oids[tips->nr]) < 0)
			return -1;
		tips->nr++;
	}
	return 0;
}

/* Says which commits' results stayed home, and how to send them. */
static void report_held(git_repository *repo, const char *remote, const struct oid_list *held)
{
	size_t i, shown = held->nr > 10 ? 10 : held->nr;

	fprintf(stderr, "held back the results of %zu commit%s that '%s' does not have:\n",
		held->nr, held->nr == 1 ? "" : "s", remote);
	for (i = 0; i < shown; i++) {
		git_commit *commit = NULL;
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, 8, &held->oids[i]);
		if (!git_commit_lookup(&commit, repo, &held->oids[i]))
			fprintf(stderr, "  %s %s\n", hex, git_commit_summary(commit));
		else
			fprintf(stderr, "  %s\n", hex);
		git_commit_free(commit);
	}
	if (shown < held->nr)
		fprintf(stderr, "  ... and %zu more\n", held->nr - shown);
	fprintf(stderr, "hint: push those commits first, or publish their results anyway"
		" with 'git results push --all'\n");
}

int cmd_push(int argc, const char **argv)
{
	struct transport_options opts = TRANSPORT_OPTIONS_INIT;
	struct string_list extra = STRING_LIST_INIT;
	const char *ref = NULL;
	int all = 0, verify = 1;
	struct option options[] = {
		OPT_TRANSPORT_OPTIONS(&ref, &opts,
				      "notes ref to push (default: results.notesRef or refs/notes/results)",
				      "report only conflicts and notes that are not records"),
		OPT_BOOL(0, "all", &all, "push the results of every commit, even of those the remote does not have"),
		OPT_STRING_LIST(0, "published", &extra, "rev",
				"count this commit and its history as published (the pre-push hook names what it pushes)"),
		OPT_BOOL(0, "verify", &verify, "run the pre-push hook for the notes push (default: yes)"),
		OPT_END()
	};
	struct oid_list tips = OID_LIST_INIT, held = OID_LIST_INIT;
	struct strbuf summary = STRBUF_INIT, scratch = STRBUF_INIT;
	git_repository *repo;
	char *remote, *ref_name, *tracking;
	git_oid pushed_over, now, tip;
	int attempt, refusals = 0, ret = 1;

	argc = parse_options(argc, argv, options, push_usage);
	if (argc > 1)
		usage_msg_opt(push_usage, options, "too many arguments");
	opts.no_verify = !verify;
	if (all && extra.nr)
		usage_msg_opt(push_usage, options, "--all and --published cannot be used together");
	progress_set_enabled(opts.quiet ? 0 : opts.progress);
	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	repo = repo_open();
	remote = argc ? xstrdup(argv[0]) : default_remote(repo, 1);
	ref_name = store_ref_name(repo, ref);
	tracking = remote_tracking_ref(repo, remote, ref_name);
	if (check_remote(repo, remote) || require_valid(repo, ref_name, tracking))
		goto out;
	strbuf_addf(&scratch, "refs/results-push/%ld", (long)getpid());

	for (attempt = 0; attempt < MAX_PUSH_ATTEMPTS; attempt++) {
		int pushed, exists;

		if (attempt)
			backoff(attempt);
		if (fetch_results(remote, ref_name, tracking, &opts))
			goto out;
		exists = read_ref(repo, tracking, &now);
		if (attempt && !git_oid_cmp(&now, &pushed_over) &&
		    ++refusals >= MAX_REFUSALS_UNMOVED) {
			error("'%s' refused %s: %s", remote, ref_name, summary.buf);
			goto out;
		}
		if (exists && merge_notes_ref(repo, ref_name, tracking, opts.quiet))
			goto out;
		if (!read_ref(repo, ref_name, &tip)) {
			if (!opts.quiet)
				fprintf(stderr, "no results to push\n");
			ret = 0;
			goto out;
		}
		held.nr = 0;
		if (!all && (published_tips(repo, remote, &extra, &tips) ||
			     publish_build(repo, ref_name, exists ? &now : NULL, tips.oids, tips.nr,
					   scratch.buf, &tip, &held) < 0))
			goto out;
		if (git_oid_is_zero(&tip) || (exists && !git_oid_cmp(&tip, &now) && held.nr)) {
			/* Nothing the remote may see that it does not have already. */
			if (!opts.quiet)
				report_held(repo, remote, &held);
			ret = 0;
			goto out;
		}
		git_oid_cpy(&pushed_over, &now);
		strbuf_reset(&summary);
		pushed = push_results(remote, ref_name, &tip, &opts, &summary);
		if (pushed < 0)
			goto out;
		if (!pushed) {
			git_reference *tracked = NULL;

			/* What the remote has now, as a fetch would record it. */
			check(git_reference_create(&tracked, repo, tracking, &tip, 1,
						   "git results push"), "cannot update tracking ref");
			git_reference_free(tracked);
			if (!opts.quiet)
				fprintf(stderr, "%s -> %s: %s\n", ref_name, remote, summary.buf);
			if (!opts.quiet && held.nr)
				report_held(repo, remote, &held);
			store_warn_conflicts(repo, ref_name);
			ret = 0;
			goto out;
		}
	}
	error("cannot push %s to '%s': other pushers kept getting there first (%d attempts)",
	      ref_name, remote, MAX_PUSH_ATTEMPTS);
out:
	strbuf_release(&summary);
	strbuf_release(&scratch);
	string_list_clear(&extra);
	oid_list_release(&tips);
	oid_list_release(&held);
	free(remote);
	free(ref_name);
	free(tracking);
	git_repository_free(repo);
	return ret;
}
