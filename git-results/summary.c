/*
 * git results summary: the release summary of a tag or range, as plain
 * text to commit in-tree, or as Markdown, HTML or JSON.
 */
#include "git-results/builtin.h"
#include "lib/parse-options.h"
#include "lib/progress.h"
#include "lib/record-filter.h"
#include "lib/repo.h"
#include "lib/release/summary.h"
#include "lib/usage.h"
#include "lib/write-file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const summary_usage[] = {
	"git results summary [--format <format>] [--output <path>] [--name <name>]\n"
	"                           [--previous <rev>] [--origin <origin>...] [--regzbot]\n"
	"                           [--ref <notes-ref>] [--[no-]progress]\n"
	"                           <tag-or-range>",
	NULL
};

enum summary_format { FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_HTML, FORMAT_JSON, FORMAT_EMAIL };

static int parse_format(const char *name, enum summary_format *out)
{
	static const struct {
		const char *name;
		enum summary_format format;
	} formats[] = {
		{ "text", FORMAT_TEXT },
		{ "markdown", FORMAT_MARKDOWN },
		{ "md", FORMAT_MARKDOWN },
		{ "html", FORMAT_HTML },
		{ "json", FORMAT_JSON },
		{ "email", FORMAT_EMAIL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		if (!strcasecmp(name, formats[i].name)) {
			*out = formats[i].format;
			return 0;
		}
	}
	return -1;
}

int cmd_summary(int argc, const char **argv)
{
	struct summary_options opts = SUMMARY_OPTIONS_INIT;
	struct record_filter filter = RECORD_FILTER_INIT;
	const char *format_name = NULL, *output = NULL, *ref = NULL;
	int json = 0, progress = -1, ret = 1;
	struct option options[] = {
		OPT_STRING(0, "format", &format_name, "format", "text (default), markdown, html, json or email"),
		OPT_BOOL(0, "json", &json, "the same as --format json"),
		OPT_STRING('o', "output", &output, "path", "write the summary to this file instead of standard output"),
		OPT_STRING(0, "name", &opts.name, "name", "the release name to show (default: as given)"),
		OPT_STRING(0, "previous", &opts.previous, "rev",
			   "the previous release to compare with (default: found by git describe)"),
		OPT_RECORD_FILTER_ORIGIN(&filter),
		OPT_BOOL(0, "regzbot", &opts.regzbot, "end with regzbot's lines for each regression"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_BOOL(0, "progress", &progress, "report progress on standard error"),
		OPT_END()
	};
	enum summary_format format = FORMAT_TEXT;
	struct strbuf out = STRBUF_INIT;
	struct notes_store store;
	struct summary s;
	git_repository *repo;
	char *ref_name;

	argc = parse_options(argc, argv, options, summary_usage);
	if (argc != 1)
		usage_msg_opt(summary_usage, options, "name one release tag or range");
	if (json && format_name)
		usage_msg_opt(summary_usage, options, "--json and --format cannot be used together");
	if (json)
		format = FORMAT_JSON;
	else if (format_name && parse_format(format_name, &format))
		usage_msg_opt(summary_usage, options, "unknown format '%s' (use text, markdown, html, json or email)",
			      format_name);
	record_filter_read_or_usage(&filter, summary_usage, options);
	opts.filter = &filter;
	/*
	 * The summary is written once it is complete, so, as with git blame,
	 * a meter on a terminal does not get in the way of the output.
	 */
	progress_set_enabled(progress);
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);

	if (summary_build(&s, repo, &store, argv[0], &opts))
		goto out;
	if (!s.release.has_results)
		warning("no results recorded for '%s'", argv[0]);
	switch (format) {
	case FORMAT_TEXT:
		summary_write_text(&out, &s);
		break;
	case FORMAT_MARKDOWN:
		summary_write_markdown(&out, &s);
		break;
	case FORMAT_HTML:
		if (summary_write_html(&out, &s))
			goto out;
		break;
	case FORMAT_JSON:
		summary_write_json(&out, &s);
		break;
	case FORMAT_EMAIL:
		if (summary_write_email(&out, &s, repo))
			goto out;
		break;
	}
	if (output) {
		if (write_file_atomic(output, out.buf, out.len))
			goto out;
	} else {
		fwrite(out.buf, 1, out.len, stdout);
	}
	ret = 0;
out:
	summary_release(&s);
	strbuf_release(&out);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	record_filter_release(&filter);
	return ret;
}
