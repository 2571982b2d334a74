/*
 * git results merge: merge another notes ref (someone else's results,
 * fetched) into ours, record by record.
 */
#include "git-results/builtin.h"
#include "lib/remote.h"
#include "lib/store/merge.h"
#include "lib/parse-options.h"
#include "lib/progress.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const merge_usage[] = {
	"git results merge [--ref <notes-ref>] [-q] [--[no-]progress] <notes-ref>",
	NULL
};

int cmd_merge(int argc, const char **argv)
{
	const char *ref = NULL;
	int quiet = 0, progress = -1, ret;
	struct option options[] = {
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to merge into (default: results.notesRef or refs/notes/results)"),
		OPT_BOOL('q', "quiet", &quiet, "report only conflicts and notes that are not records"),
		OPT_BOOL(0, "progress", &progress, "show progress (default: when stderr is a terminal)"),
		OPT_END()
	};
	git_repository *repo;
	char *ours, *theirs;

	argc = parse_options(argc, argv, options, merge_usage);
	if (argc != 1)
		usage_msg_opt(merge_usage, options, argc ? "too many arguments" :
			      "name the notes ref to merge");
	progress_set_enabled(quiet ? 0 : progress);
	repo = repo_open();
	ours = store_ref_name(repo, ref);
	theirs = store_ref_name(repo, argv[0]);
	ret = merge_notes_ref(repo, ours, theirs, quiet) ? 1 : 0;
	free(ours);
	free(theirs);
	git_repository_free(repo);
	return ret;
}
