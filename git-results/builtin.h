#ifndef GIT_RESULTS_BUILTIN_H
#define GIT_RESULTS_BUILTIN_H

#include <git2.h>

/*
 * One file per subcommand, each with a cmd_<name>() entry that gets the
 * subcommand's own argv (argv[0] is the subcommand name) and returns the
 * exit code.  main.c holds the dispatch table.
 */

int cmd_add(int argc, const char **argv);
int cmd_parse(int argc, const char **argv);
int cmd_show(int argc, const char **argv);
int cmd_log(int argc, const char **argv);
int cmd_remove(int argc, const char **argv);
int cmd_prune(int argc, const char **argv);
/* In its own program, git-results-sync (see main.c). */
int cmd_sync(int argc, const char **argv);
/* `sync push` and `sync pull`, with their own argv (argv[0] is "push" or "pull"). */
int cmd_sync_push(int argc, const char **argv);
int cmd_sync_pull(int argc, const char **argv);
/* In its own program, git-results-patchwork (see main.c). */
int cmd_patchwork(int argc, const char **argv);
int cmd_verify(int argc, const char **argv);
int cmd_trailer(int argc, const char **argv);
int cmd_diff(int argc, const char **argv);
int cmd_summary(int argc, const char **argv);
int cmd_format_patch(int argc, const char **argv);
int cmd_am(int argc, const char **argv);
int cmd_fetch(int argc, const char **argv);
int cmd_merge(int argc, const char **argv);
int cmd_pull(int argc, const char **argv);
int cmd_push(int argc, const char **argv);
int cmd_setup(int argc, const char **argv);
int cmd_copy(int argc, const char **argv);
int cmd_conflicts(int argc, const char **argv);
int cmd_bisect(int argc, const char **argv);
int cmd_report(int argc, const char **argv);

/*
 * `log --test` (git-results/log-test.c): prints the history of the tests
 * `pattern` matches, in the records `filter` (--origin, --env; NULL: all)
 * keeps, over the commits of `walk` that `keep` (when not NULL) keeps.
 * Returns the exit code.
 */
struct notes_store;
struct commit_walk;
struct record_filter;
int log_test(struct notes_store *store, struct commit_walk *walk, const char *pattern,
	     const struct record_filter *filter, int json,
	     int (*keep)(void *data, const git_oid *commit), void *keep_data);

#endif
