#ifndef RESULT_GROUPS_H
#define RESULT_GROUPS_H

#include "lib/record.h"
#include "lib/strbuf.h"

/*
 * The records of one commit, grouped by origin and environment: the unit
 * in which releases are summarised and compared.  Several records of one
 * group (repeated runs) are merged test by test, each test keeping its
 * worst status, so a group lists every test once.  A test that failed in
 * one run and passed (PASS or DONE) in another run of the group is
 * marked unstable: reruns of the same tree and environment disagree.
 */

struct group_test {
	const char *path;	/* borrowed from a record */
	const char *reason;	/* borrowed; NULL when none */
	enum result_status status;
	int reruns_differ;	/* failed in one run, passed in another */
};

struct result_group {
	const struct record *record;	/* the group's first record: origin, env */
	size_t records;
	enum result_status status;	/* roll-up of the merged tests; DONE if none */
	size_t counts[STATUS__NR];	/* of the merged tests */
	struct group_test *tests;	/* sorted by path, one per path; in the set's block */
	size_t tests_nr;
};

struct result_groups {
	struct result_group *items;	/* sorted by result_group_cmp() */
	size_t nr, alloc;
	struct group_test *block;	/* every group's tests, one after another */
};
#define RESULT_GROUPS_INIT { NULL, 0, 0, NULL }

/*
 * Groups the records of `list` (appending to `out`, which must be empty).
 * The groups borrow strings and records from `list`, which must outlive
 * them.
 */
void result_groups_build(struct result_groups *out, const struct record_list *list);
void result_groups_release(struct result_groups *groups);

/* Orders groups by origin, then environment (key, then value, pairwise). */
int result_group_cmp(const struct result_group *a, const struct result_group *b);

/* Appends "arch=x86_64 config=defconfig" (nothing when there is no env). */
void result_group_describe_env(struct strbuf *out, const struct result_group *g);

/* Adds the group's counts to `totals` and returns the worse of `status` and the group's. */
enum result_status result_group_add_counts(const struct result_group *g,
					   size_t totals[STATUS__NR],
					   enum result_status status);

/* FAIL, ERROR and MISS: the statuses that need someone's attention. */
static inline int status_is_failing(enum result_status s)
{
	return s < STATUS_PASS;
}

/* PASS and DONE: the test ran to completion without finding a fault. */
static inline int status_is_completed(enum result_status s)
{
	return s == STATUS_PASS || s == STATUS_DONE;
}

#endif
