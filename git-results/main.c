/*
 * git results: test results attached to commits through git notes.
 * This file only dispatches to the subcommands.
 */
#include "builtin.h"
#include "../lib/usage.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef GIT_RESULTS_VERSION
#define GIT_RESULTS_VERSION "0.1"
#endif

struct subcommand {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
};

static const struct subcommand subcommands[] = {
	{ "add", cmd_add, "Attach the results of a test run to a commit" },
	{ "parse", cmd_parse, "Read a test output and print its record, without a repository" },
	{ "show", cmd_show, "Show the results recorded on commits" },
	{ "log", cmd_log, "List commits with their results, one per line" },
	{ "remove", cmd_remove, "Remove results from a commit" },
	{ "fetch", cmd_fetch, "Fetch a remote's results into refs/notes/remotes/<remote>/" },
	{ "merge", cmd_merge, "Merge another notes ref into ours, record by record" },
	{ "pull", cmd_pull, "Fetch a remote's results and merge them into ours" },
	{ "push", cmd_push, "Publish our results to a remote, merging theirs first" },
	{ "setup", cmd_setup, "Configure sharing results with a remote, and the hooks" },
	{ "copy", cmd_copy, "Copy results to rewritten commits that have the same tree" },
};

static void print_usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: git results [--version] [-h | --help] <command> [<args>]\n\n");
	fprintf(out, "These are the git results commands:\n");
	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		fprintf(out, "   %-10s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(out, "\n'git results <command> -h' describes a command's options.\n");
}

int main(int argc, const char **argv)
{
	size_t i;

	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h")) {
		print_usage(stdout);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		const char *page = argc > 2 ? argv[2] : NULL;
		char name[128];

		snprintf(name, sizeof(name), "git-results%s%s", page ? "-" : "", page ? page : "");
		execlp("man", "man", name, (char *)NULL);
		print_usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("git-results version %s\n", GIT_RESULTS_VERSION);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(subcommands); i++) {
		if (!strcmp(argv[1], subcommands[i].name)) {
			int ret = subcommands[i].fn(argc - 1, argv + 1);

			if (fflush(stdout) || ferror(stdout))
				die_errno("unable to write to standard output");
			return ret;
		}
	}
	error("'%s' is not a git results command. See 'git results -h'.", argv[1]);
	return EXIT_USAGE;
}
