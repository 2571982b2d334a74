/*
 * git results parse: read one test output and print the record it makes,
 * without a repository (nothing is attached).
 */
#include "builtin.h"
#include "record-options.h"
#include "../formats/json.h"
#include "../lib/usage.h"

#include <stdio.h>

static const char *const parse_usage[] = {
	"git results parse [<options>] [--json] (<file> | -)",
	NULL
};

int cmd_parse(int argc, const char **argv)
{
	struct record_options opts = RECORD_OPTIONS_INIT;
	struct record r = RECORD_INIT;
	int json = 0, ret;
	struct option options[] = {
		OPT_RECORD_OPTIONS(&opts),
		OPT_BOOL(0, "json", &json, "print JSON instead of the record text"),
		OPT_END()
	};

	argc = parse_options(argc, argv, options, parse_usage);
	if (argc != 1)
		usage_msg_opt(parse_usage, options, argc ? "too many arguments" :
			      "name a file, or '-' for standard input");
	ret = record_options_build(&r, &opts, NULL, NULL, argv[0]);
	if (!ret) {
		if (json) {
			json_print(record_to_json(&r));
		} else {
			struct strbuf out = STRBUF_INIT;

			record_write(&out, &r);
			fwrite(out.buf, 1, out.len, stdout);
			strbuf_release(&out);
		}
	}
	record_release(&r);
	record_options_release(&opts);
	return ret ? 1 : 0;
}
