/*
 * git results report: a static, offline HTML report of a range, written
 * into a directory from the notes alone.
 */
#include "git-results/builtin.h"
#include "lib/parse-options.h"
#include "lib/progress.h"
#include "lib/record-filter.h"
#include "lib/release/report.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>

static const char *const report_usage[] = {
	"git results report -o <dir> [--match <pattern>] [--origin <origin>...]\n"
	"                          [--ref <notes-ref>] [--[no-]progress] [<revision-range>...]",
	NULL
};

int cmd_report(int argc, const char **argv)
{
	struct report_options opts = REPORT_OPTIONS_INIT;
	struct record_filter filter = RECORD_FILTER_INIT;
	const char *output = NULL, *ref = NULL;
	int progress = -1, ret = 1;
	struct option options[] = {
		OPT_STRING('o', "output", &output, "dir", "the directory to write the report into"),
		OPT_STRING(0, "match", &opts.match, "pattern",
			   "only tags matching this glob are releases (default: every tag)"),
		OPT_RECORD_FILTER_ORIGIN(&filter),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_BOOL(0, "progress", &progress, "report progress on standard error"),
		OPT_END()
	};
	struct report report = REPORT_INIT;
	struct notes_store store;
	git_repository *repo;
	char *ref_name;

	argc = parse_options(argc, argv, options, report_usage);
	if (!output)
		usage_msg_opt(report_usage, options, "name the directory to write with -o <dir>");
	record_filter_read_or_usage(&filter, report_usage, options);
	opts.filter = &filter;
	progress_set_enabled(progress);
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);

	if (report_build(&report, repo, &store, argv, (size_t)argc, &opts))
		goto out;
	if (!report.releases_nr)
		warning("no tags in the range: the report has no releases");
	if (report_write(&report, output))
		goto out;
	ret = 0;
out:
	report_release(&report);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	record_filter_release(&filter);
	return ret;
}
