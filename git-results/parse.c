/*
 * git results parse: read one test output and print the records it makes,
 * without a repository (nothing is attached).
 */
#include "git-results/builtin.h"
#include "formats/read-run.h"
#include "formats/render.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdio.h>
#include <strings.h>

static const char *const parse_usage[] = {
	"git results parse [<options>] [--to <format> | --json] (<file> | -)",
	NULL
};

struct parse_state {
	const struct renderer *to;
	size_t nr;
	struct record_list all;	/* for renderers that take every record at once */
};

static int print_run(struct parsed_run *run, void *data)
{
	struct parse_state *st = data;
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	/* parse has no repository: no commit line, whatever the input says */
	*run->header.commit = '\0';
	parsed_run_finish(run);
	if (st->to->stream) {
		if (st->to->stream(stdout, &run->header, &run->tests, st->nr, &err))
			ret = error("%s", err.buf);
	} else {
		struct record r;

		parsed_run_to_record(run, &r);
		record_list_take(&st->all, &r);
	}
	st->nr++;
	strbuf_release(&err);
	return ret;
}

int cmd_parse(int argc, const char **argv)
{
	struct record_options opts = RECORD_OPTIONS_INIT;
	struct parse_state st = { NULL, 0, RECORD_LIST_INIT };
	const char *to = NULL;
	int json = 0, ret;
	struct option options[] = {
		OPT_RECORD_OPTIONS(&opts),
		OPT_STRING(0, "to", &to, "format", "output format: record (the default), json, ..."),
		OPT_BOOL(0, "json", &json, "print JSON instead of the record text (--to json)"),
		OPT_END()
	};

	argc = parse_options(argc, argv, options, parse_usage);
	if (argc != 1)
		usage_msg_opt(parse_usage, options, argc ? "too many arguments" :
			      "name a file, or '-' for standard input");
	if (json && to && strcasecmp(to, "json"))
		usage_msg_opt(parse_usage, options, "--json and --to %s cannot be used together", to);
	st.to = renderer_find(to ? to : json ? "json" : "record");
	if (!st.to) {
		struct strbuf names = STRBUF_INIT;

		renderer_list_names(&names);
		error("unknown output format '%s' (known: %s)", to, names.buf);
		strbuf_release(&names);
		ret = 1;
		goto out;
	}
	ret = record_options_read(&opts, NULL, argv[0], print_run, &st) ? 1 : 0;
	if (!ret && !st.to->stream) {
		struct strbuf err = STRBUF_INIT;
		/* parse needs no repository, but a renderer may read its configuration */
		git_repository *repo = repo_open_gently();

		if (st.to->render(stdout, repo, &st.all, &err))
			ret = error("%s", err.buf) ? 1 : 0;
		strbuf_release(&err);
		git_repository_free(repo);
	}
out:
	record_list_release(&st.all);
	record_options_release(&opts);
	return ret;
}
