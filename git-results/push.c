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
#include "lib/store.h"
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
	"git results push [--ref <notes-ref>] [-q] [--[no-]progress] [<remote> | <url>]",
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

int cmd_push(int argc, const char **argv)
{
	struct transport_options opts = TRANSPORT_OPTIONS_INIT;
	const char *ref = NULL;
	struct option options[] = {
		OPT_TRANSPORT_OPTIONS(&ref, &opts,
				      "notes ref to push (default: results.notesRef or refs/notes/results)",
				      "report only conflicts and notes that are not records"),
		OPT_END()
	};
	struct strbuf summary = STRBUF_INIT;
	git_repository *repo;
	char *remote, *ref_name, *tracking;
	git_oid pushed_over, now, tip;
	int attempt, refusals = 0, ret = 1;

	argc = parse_options(argc, argv, options, push_usage);
	if (argc > 1)
		usage_msg_opt(push_usage, options, "too many arguments");
	progress_set_enabled(opts.quiet ? 0 : opts.progress);
	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	repo = repo_open();
	remote = argc ? xstrdup(argv[0]) : default_remote(repo, 1);
	ref_name = store_ref_name(repo, ref);
	tracking = remote_tracking_ref(repo, remote, ref_name);
	if (check_remote(repo, remote))
		goto out;

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
			ret = 0;
			goto out;
		}
	}
	error("cannot push %s to '%s': other pushers kept getting there first (%d attempts)",
	      ref_name, remote, MAX_PUSH_ATTEMPTS);
out:
	strbuf_release(&summary);
	free(remote);
	free(ref_name);
	free(tracking);
	git_repository_free(repo);
	return ret;
}
