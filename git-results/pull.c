/*
 * git results pull: fetch a remote's results and merge them into ours.
 */
#include "builtin.h"
#include "sharing.h"
#include "../lib/parse-options.h"
#include "../lib/progress.h"
#include "../lib/repo.h"
#include "../lib/store.h"
#include "../lib/usage.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const pull_usage[] = {
	"git results pull [--ref <notes-ref>] [-q] [--[no-]progress] [<remote>]",
	NULL
};

int cmd_pull(int argc, const char **argv)
{
	struct transport_options opts = TRANSPORT_OPTIONS_INIT;
	const char *ref = NULL;
	struct option options[] = {
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to update (default: results.notesRef or refs/notes/results)"),
		OPT_BOOL('q', "quiet", &opts.quiet, "report only conflicts and notes that are not records"),
		OPT_BOOL(0, "progress", &opts.progress, "show progress (default: when stderr is a terminal)"),
		OPT_END()
	};
	git_repository *repo;
	char *remote, *ref_name, *tracking;
	int ret = 1;

	argc = parse_options(argc, argv, options, pull_usage);
	if (argc > 1)
		usage_msg_opt(pull_usage, options, "too many arguments");
	progress_set_enabled(opts.quiet ? 0 : opts.progress);
	repo = repo_open();
	remote = argc ? xstrdup(argv[0]) : default_remote(repo, 0);
	ref_name = store_ref_name(repo, ref);
	tracking = tracking_ref_name(remote, ref_name);
	if (check_remote(repo, remote) || fetch_results(remote, ref_name, &opts))
		goto out;
	if (!ref_exists(repo, tracking)) {
		if (!opts.quiet)
			fprintf(stderr, "no results on '%s' yet\n", remote);
	} else if (merge_notes_ref(repo, ref_name, tracking, opts.quiet)) {
		goto out;
	}
	ret = 0;
out:
	free(remote);
	free(ref_name);
	free(tracking);
	git_repository_free(repo);
	return ret;
}
