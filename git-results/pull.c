/*
 * git results pull: fetch a remote's results and merge them into ours.
 */
#include "git-results/builtin.h"
#include "lib/remote.h"
#include "lib/parse-options.h"
#include "lib/progress.h"
#include "lib/repo.h"
#include "lib/store/conflicts.h"

static const char *const pull_usage[] = {
	"git results pull [--ref <notes-ref>] [-q] [--[no-]progress] [<remote> | <url>]",
	NULL
};

int cmd_pull(int argc, const char **argv)
{
	struct transport_options opts = TRANSPORT_OPTIONS_INIT;
	struct remote_results theirs = REMOTE_RESULTS_INIT;
	const char *ref = NULL;
	struct option options[] = {
		OPT_TRANSPORT_OPTIONS(&ref, &opts,
				      "notes ref to update (default: results.notesRef or refs/notes/results)",
				      "report only conflicts and notes that are not records"),
		OPT_END()
	};
	git_repository *repo;
	int ret;

	argc = parse_options(argc, argv, options, pull_usage);
	if (argc > 1)
		usage_msg_opt(pull_usage, options, "too many arguments");
	progress_set_enabled(opts.quiet ? 0 : opts.progress);
	repo = repo_open();
	ret = remote_results_fetch(&theirs, repo, argc ? argv[0] : NULL, ref, &opts);
	if (ret > 0)
		ret = merge_notes_ref(repo, theirs.ref, theirs.tracking, opts.quiet);
	if (ret >= 0 && theirs.ref)
		store_warn_conflicts(repo, theirs.ref);
	remote_results_release(&theirs);
	git_repository_free(repo);
	return ret < 0;
}
