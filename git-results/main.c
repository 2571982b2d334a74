/*
 * git results: test results attached to commits through git notes.
 * This file only dispatches to the subcommands.
 */
#include "builtin.h"
#include "../lib/usage.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GIT_RESULTS_VERSION
#define GIT_RESULTS_VERSION "0.1"
#endif

/*
 * A subcommand runs here (fn), or in a program of its own (program)
 * when it needs libraries the others do not: `sync` links libcurl, whose
 * two dozen shared libraries would otherwise load with every `show`, as
 * git keeps libcurl out of git and in git-remote-http.
 */
struct subcommand {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
	const char *program;
};

static const struct subcommand subcommands[] = {
	{ "add", cmd_add, "Attach the results of a test run to a commit" },
	{ "parse", cmd_parse, "Read a test output and print its record, without a repository" },
	{ "show", cmd_show, "Show the results recorded on commits" },
	{ "log", cmd_log, "List commits with their results, one per line" },
	{ "remove", cmd_remove, "Remove results from a commit" },
	{ "sync", NULL, "Publish results to KCIDB and pull them from it", "git-results-sync" },
	{ "verify", cmd_verify, "Check the signatures of records against the trust policy" },
};

#ifndef GIT_RESULTS_EXEC_PATH
#define GIT_RESULTS_EXEC_PATH "/usr/local/libexec/git-results"
#endif

static int try_exec(const char *dir, size_t dir_len, const char *program, const char **argv)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%.*s/%s", (int)dir_len, dir, program) >= (int)sizeof(path))
		return -1;
	execv(path, (char *const *)argv);
	return errno == ENOENT ? 0 : -1;
}

/*
 * Runs a subcommand's own program, looked for in $GIT_RESULTS_EXEC_PATH,
 * beside this program (the build tree), then in the installed exec path.
 */
__attribute__((noreturn))
static void exec_program(const char *program, const char **argv)
{
	const char *env = getenv("GIT_RESULTS_EXEC_PATH");
	char self[PATH_MAX];
	ssize_t len;

	fflush(NULL);
	if (env && *env && try_exec(env, strlen(env), program, argv) < 0)
		goto fail;
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		char *slash;

		self[len] = '\0';
		slash = strrchr(self, '/');
		if (slash && try_exec(self, (size_t)(slash - self), program, argv) < 0)
			goto fail;
	}
	if (try_exec(GIT_RESULTS_EXEC_PATH, strlen(GIT_RESULTS_EXEC_PATH), program, argv) < 0)
		goto fail;
	errno = ENOENT;
fail:
	die_errno("cannot run %s", program);
}

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
			int ret;

			if (subcommands[i].program)
				exec_program(subcommands[i].program, argv + 1);
			ret = subcommands[i].fn(argc - 1, argv + 1);

			if (fflush(stdout) || ferror(stdout))
				die_errno("unable to write to standard output");
			return ret;
		}
	}
	error("'%s' is not a git results command. See 'git results -h'.", argv[1]);
	return EXIT_USAGE;
}
