/*
 * git results sync: publish records to KCIDB and pull them back.  This
 * file dispatches to push (sync-push.c) and pull (sync-pull.c); what both
 * need is in kcidb/.
 */
#include "git-results/builtin.h"
#include "lib/parse-options.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sync_usage[] = {
	"git results sync push [<options>] [<commit>... | <range>]",
	"git results sync pull [<options>] [<commit>... | <range>]",
	NULL
};

int cmd_sync(int argc, const char **argv)
{
	static const char *const subcommands[] = { "push", "pull", NULL };
	struct option options[] = { OPT_END() };

	if (argc == 2 && !strcmp(argv[1], "--git-completion-helper")) {
		parse_options_complete(subcommands, options);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "push"))
		return cmd_sync_push(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "pull"))
		return cmd_sync_pull(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "-h"))
		usage_with_options(sync_usage, options, 0);
	if (argc < 2)
		usage_msg_opt(sync_usage, options, "name a subcommand: push or pull");
	if (argv[1][0] == '-' && argv[1][1] == '-')
		usage_msg_opt(sync_usage, options, "unknown option '%s'", argv[1] + 2);
	if (argv[1][0] == '-')
		usage_msg_opt(sync_usage, options, "unknown switch '%s'", argv[1] + 1);
	usage_msg_opt(sync_usage, options, "unknown subcommand: '%s'", argv[1]);
}
