#ifndef TEST_HISTORY_H
#define TEST_HISTORY_H

#include <git2.h>
#include <jansson.h>
#include <stdint.h>

#include "lib/odb/commit-walk.h"
#include "lib/record-filter.h"
#include "lib/status.h"
#include "lib/store.h"
#include "lib/strbuf.h"

/*
 * The history of some tests over a walk of commits: for each commit, the
 * status of each matching test in each origin and environment, read from
 * the notes without parsing whole records (`log --test`, `bisect`, the
 * regzbot lines of `diff`).
 *
 * The rules are every reader's: a commit without a note of its own has
 * the results of another commit with the same tree (lib/store/same-tree.h);
 * a record made for another commit is left out, with a warning
 * (commit_results_leave_out_foreign()); several records of one origin and
 * environment on one commit (reruns, or one run in conflict) give each
 * test once, as its worst status (lib/result-groups.h).
 */

/* One origin and environment: the unit in which statuses are compared. */
struct test_history_column {
	char *origin;
	char *env;		/* "arch=x86_64\nconfig=defconfig"; "" when none */
};

/* The status of one test in one column on one commit. */
struct test_history_result {
	uint32_t commit;	/* index into commits */
	uint32_t column;	/* index into columns */
	uint32_t test;		/* index into tests */
	enum result_status status;	/* the worst of its runs */
	unsigned char reruns_differ;	/* another run of the column completed what one failed */
};

struct test_history_commit {
	git_oid oid;
	unsigned noted:1;	/* has results (for any test) */
	unsigned same_tree:1;	/* ...those of another commit with its tree */
	uint32_t parents_at, parents_nr;	/* its walked parents: parents[at..at+nr) */
	uint32_t first_result;	/* its results are results[first_result..next's) */
};

struct test_history {
	struct test_history_commit *commits;	/* in walk order: newest first */
	size_t commits_nr, commits_alloc;
	uint32_t *parents;		/* commit indices */
	size_t parents_nr, parents_alloc;
	struct test_history_column *columns;	/* in order found */
	size_t columns_nr, columns_alloc;
	char **tests;			/* matching paths, in order found */
	size_t tests_nr, tests_alloc;
	struct test_history_result *results;	/* by commit, in walk order */
	size_t results_nr, results_alloc;
	size_t bad_notes;		/* notes that are not records, skipped */
	unsigned has_metrics:1;		/* a matching test line has a measurement */

	/* set before test_history_read(): the records counted (NULL: all) */
	const struct record_filter *filter;

	/* private */
	char *pattern;
	size_t pattern_len;
	size_t literal_len;	/* of the pattern's prefix without wildcards */
	size_t tail_len;	/* of a glob's end without wildcards */
	uint32_t *test_index;	/* tests sorted by path */
	uint32_t *commit_slots;	/* open addressing: oid -> commit index + 1 */
	size_t commit_slots_size;
};
#define TEST_HISTORY_INIT { 0 }

/*
 * Whether `path` is what `pattern` asks for: the path itself, a path
 * under it (`kunit.example` names its tests), or a match of the pattern
 * as an fnmatch(3) glob, where `*` also matches dots.
 */
int test_history_matches(const char *pattern, const char *path);

/*
 * Walks `walk` to its end and reads, from `store`, the statuses of the
 * tests `pattern` matches on each commit, in the records h->filter keeps
 * (columns of other origins and environments are never made).  `keep`, when not NULL, leaves
 * out of the history the commits for which it returns 0.  Dies when an
 * object cannot be read; a note that is not made of records is skipped
 * with a warning.
 */
typedef int (*test_history_keep_fn)(void *data, const git_oid *commit);
void test_history_read(struct test_history *h, struct notes_store *store,
		       struct commit_walk *walk, const char *pattern,
		       test_history_keep_fn keep, void *keep_data);

void test_history_release(struct test_history *h);

/* The index of `oid` among the walked commits, or -1. */
long test_history_find(const struct test_history *h, const git_oid *oid);

/*
 * Calls `fn` for each walked parent of commit `i` (parents outside the
 * walk, hidden or never reached, are not there).
 */
void test_history_for_each_parent(const struct test_history *h, uint32_t i,
				  void (*fn)(uint32_t parent, void *data), void *data);

/* The result of `test` in `column` on commit `i`, or NULL when it has none. */
const struct test_history_result *test_history_result_of(const struct test_history *h, uint32_t i,
							  uint32_t column, uint32_t test);

/*
 * The status of `test` in `column` on commit `i`: 0 with `*out` set, or
 * -1 when that commit has none.
 */
int test_history_status(const struct test_history *h, uint32_t i, uint32_t column,
			uint32_t test, enum result_status *out);

/* One character per status, for history strips: F E M P D S; '.' for none. */
char test_history_status_char(int has, enum result_status status);

/* Appends "ci arch=x86_64 config=defconfig" (origin, then environment). */
void test_history_describe_column(struct strbuf *out, const struct test_history_column *c);

/* The environment as a JSON object {"arch": "x86_64", ...}: a new reference. */
json_t *test_history_env_json(const struct test_history_column *c);

#endif
