/*
 * git results: test results attached to commits through git notes.
 * This file only dispatches to the subcommands.
 */
#include "git-results/builtin.h"
#include "lib/json-alloc.h"
#include "lib/pager.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GIT_RESULTS_VERSION
#define GIT_RESULTS_VERSION "0.1"
#endif

/* Page the output on a terminal, like git log (see lib/pager.h). */
#define USE_PAGER (1 << 0)

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
	int flags;
	const char *program;
};

static const struct subcommand subcommands[] = {
	{ "add", cmd_add, "Attach the results of a test run to a commit" },
	{ "parse", cmd_parse, "Read a test output and print its record, without a repository" },
	{ "show", cmd_show, "Show the results recorded on commits", USE_PAGER },
	{ "log", cmd_log, "List commits with their results, one per line", USE_PAGER },
	{ "remove", cmd_remove, "Remove results from a commit" },
	{ "prune", cmd_prune, "Remove the results of commits that no longer exist" },
	{ "sync", NULL, "Publish results to KCIDB and pull them from it", 0, "git-results-sync" },
	{ "patchwork", NULL, "Publish results as checks on Patchwork patches", 0, "git-results-patchwork" },
	{ "verify", cmd_verify, "Check the signatures of records against the trust policy" },
	{ "diff", cmd_diff, "Compare the results of two commits: regressions first" },
	{ "summary", cmd_summary, "Summarise the results of a release, to commit in-tree" },
	{ "report", cmd_report, "Write a static HTML report of a range's results" },
	{ "bisect", cmd_bisect, "Find where a test started failing, from recorded results" },
	{ "format-patch", cmd_format_patch, "Write the results of commits as email messages" },
	{ "am", cmd_am, "Attach the results carried by email messages" },
	{ "trailer", cmd_trailer, "Print or add the Test-link trailers of a commit" },
	{ "fetch", cmd_fetch, "Fetch a remote's results into refs/notes/remotes/<remote>/" },
	{ "conflicts", cmd_conflicts, "List the runs with different records on one commit", USE_PAGER },
	{ "merge", cmd_merge, "Merge another notes ref into ours, record by record" },
	{ "pull", cmd_pull, "Fetch a remote's results and merge them into ours" },
	{ "push", cmd_push, "Publish our results to a remote, merging theirs first" },
	{ "setup", cmd_setup, "Configure sharing results with a remote, and the hooks" },
	{ "copy", cmd_copy, "Copy results to rewritten commits that have the same tree" },
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

	fprintf(out, "usage: git results [--version] [-h | --help] [-p | --paginate | -P | --no-pager]\n"
		"                   <command> [<args>]\n\n");
	fprintf(out, "These are the git results commands:\n");
	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		fprintf(out, "   %-13s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(out, "\n'git results <command> -h' describes a command's options;\n"
		"'git results help <command>' opens its manual page.\n");
}

/* Prints the subcommands and main options for contrib/completion. */
static void complete_main(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		printf("%s ", subcommands[i].name);
	printf("help --paginate --no-pager --version --help\n");
}

/*
 * Opens the manual page of git results, or of one of its commands, the
 * way git opens its own: through `git help`, so that help.format,
 * man.viewer and git's MANPATH handling apply.
 */
static int show_help(const char *cmd)
{
	struct strbuf page = STRBUF_INIT;

	strbuf_addstr(&page, "git-results");
	if (cmd)
		strbuf_addf(&page, "-%s", cmd);
	fflush(stdout);
	execlp("git", "git", "help", page.buf, (char *)NULL);
	die_errno("cannot run 'git help %s'", page.buf);
}

static const struct subcommand *find_subcommand(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		if (!strcmp(name, subcommands[i].name))
			return &subcommands[i];
	return NULL;
}

int main(int argc, const char **argv)
{
	const struct subcommand *cmd;
	int use_pager = -1, ret;

	json_alloc_setup();

	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		const char *arg = argv[0];

		if (!strcmp(arg, "-h")) {
			print_usage(stdout);
			return EXIT_USAGE;
		} else if (!strcmp(arg, "--help")) {
			return show_help(argc > 1 ? argv[1] : NULL);
		} else if (!strcmp(arg, "--version")) {
			printf("git-results version %s\n", GIT_RESULTS_VERSION);
			return 0;
		} else if (!strcmp(arg, "-p") || !strcmp(arg, "--paginate")) {
			use_pager = 1;
		} else if (!strcmp(arg, "-P") || !strcmp(arg, "--no-pager")) {
			use_pager = 0;
		} else if (!strcmp(arg, "--git-completion-helper")) {
			complete_main();
			return 0;
		} else {
			error("unknown option: %s", arg);
			print_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!argc) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help"))
		return show_help(argc > 1 ? argv[1] : NULL);
	if (!strcmp(argv[0], "version")) {
		printf("git-results version %s\n", GIT_RESULTS_VERSION);
		return 0;
	}
	cmd = find_subcommand(argv[0]);
	if (!cmd) {
		error("'%s' is not a git results command. See 'git results -h'.", argv[0]);
		return EXIT_USAGE;
	}
	/* "git results add --help" is "git help git-results-add", as in git. */
	if (argc > 1 && !strcmp(argv[1], "--help"))
		return show_help(cmd->name);
	pager_setup_for_command(cmd->name, use_pager, cmd->flags & USE_PAGER);
	if (cmd->program)
		exec_program(cmd->program, argv);
	ret = cmd->fn(argc, argv);
	if (fflush(stdout) || ferror(stdout))
		die_errno("unable to write to standard output");
	return ret;
}
