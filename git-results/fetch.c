/*
 * git results fetch: bring a remote's results into its tracking ref,
 * refs/notes/remotes/<remote>/results, without touching ours.
 */
#include "git-results/builtin.h"
#include "lib/remote.h"
#include "lib/parse-options.h"
#include "lib/repo.h"

static const char *const fetch_usage[] = {
	"git results fetch [--ref <notes-ref>] [-q] [--[no-]progress] [<remote> | <url>]",
	NULL
};

int cmd_fetch(int argc, const char **argv)
{
	struct transport_options opts = TRANSPORT_OPTIONS_INIT;
	struct remote_results theirs = REMOTE_RESULTS_INIT;
	const char *ref = NULL;
	struct option options[] = {
		OPT_TRANSPORT_OPTIONS(&ref, &opts,
				      "notes ref to fetch (default: results.notesRef or refs/notes/results)",
				      "be quiet"),
		OPT_END()
	};
	git_repository *repo;
	int ret;

	argc = parse_options(argc, argv, options, fetch_usage);
	if (argc > 1)
		usage_msg_opt(fetch_usage, options, "too many arguments");
	repo = repo_open();
	ret = remote_results_fetch(&theirs, repo, argc ? argv[0] : NULL, ref, &opts);
	remote_results_release(&theirs);
	git_repository_free(repo);
	return ret < 0;
}
