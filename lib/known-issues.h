#ifndef KNOWN_ISSUES_H
#define KNOWN_ISSUES_H

#include <git2.h>

#include "lib/result-groups.h"

/*
 * Known issues: failures someone has already reported, listed in a file
 * in the tree of the commit being reported on
 * (Documentation/results/known-issues by default, results.knownIssues),
 * one per line:
 *
 *     <test-pattern> [<key>=<value-pattern>...] <link> [<reason>]
 *
 * The format is specified in Documentation/git-results-known-issues.md.
 * A failure that matches an entry is known, not a regression.
 */

#define KNOWN_ISSUES_DEFAULT_PATH "Documentation/results/known-issues"

struct known_issue_env {
	char *key;
	char *pattern;
};

struct known_issue {
	unsigned line;			/* in the file, from 1 */
	char *pattern;			/* of test paths, as fnmatch(3) without flags */
	struct known_issue_env *env;	/* all must match the group's environment */
	size_t env_nr, env_alloc;
	char *link;			/* a URL, a lore message or a KCIDB issue id */
	char *reason;			/* NULL when none */
	/* Set by known_issues_tally(). */
	size_t failing, completed;	/* tests of the commit it matches, by verdict */
};

struct known_issues {
	char *path;			/* the file's path in the tree */
	struct known_issue *items;
	size_t nr, alloc;
};
#define KNOWN_ISSUES_INIT { NULL, NULL, 0, 0 }

/*
 * Parses the text of a known-issues file named `path` into `ki`
 * (appending).  A line that is not an entry is left out with a warning
 * that names it ("<path>:3: ..."): a bad line in an old commit's file
 * must not stop a report.
 */
void known_issues_parse(struct known_issues *ki, const char *path, const char *buf, size_t len);

/*
 * Reads the known-issues file from the tree of `commit` (not the work
 * tree): results.knownIssues, or KNOWN_ISSUES_DEFAULT_PATH.  Returns 0
 * when it was read, 1 when the tree has no such file, -1 after printing
 * an error.
 */
int known_issues_load(struct known_issues *ki, git_repository *repo, const git_oid *commit);

/* The first entry that matches test `path` of group `g`, or NULL. */
const struct known_issue *known_issues_match(const struct known_issues *ki,
					     const struct result_group *g, const char *path);

/* The same for a test `path` run in the environment `env` (`env_nr` pairs). */
const struct known_issue *known_issues_match_env(const struct known_issues *ki,
						 const struct record_env *env, size_t env_nr,
						 const char *path);

/*
 * Counts, for every entry, the failing and the completed (PASS, DONE)
 * tests of `groups` that it matches: an entry that matches no failure
 * but a test that completed is possibly fixed.
 */
void known_issues_tally(struct known_issues *ki, const struct result_groups *groups);

/* Whether the entry matched no failure, and a test that ran and passed. */
static inline int known_issue_possibly_fixed(const struct known_issue *k)
{
	return !k->failing && k->completed;
}

/*
 * Appends "    <pattern> [key=value...]  <link>  # <reason>  (<path>:<line>)"
 * and a newline: how every report lists an entry.
 */
void known_issue_describe(struct strbuf *out, const struct known_issue *k);

void known_issues_release(struct known_issues *ki);

#endif
