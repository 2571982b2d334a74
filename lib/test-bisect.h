#ifndef TEST_BISECT_H
#define TEST_BISECT_H

#include "lib/test-history.h"

/*
 * Where a test started failing, from recorded results alone (`git results
 * bisect`, the regzbot lines of `diff`).  In one origin and environment,
 * from the newest commit of the history that has a result for the test:
 * the failing region is what its ancestry reaches without passing
 * through a commit where the test passed (first-parent and merged
 * branches alike); the first failure is the oldest failing commit of
 * that region, and the last pass the newest passing commit its own
 * ancestry reaches the same way.  A SKIP is no verdict: the commit counts
 * as untested.
 */

enum test_bisect_outcome {
	TEST_BISECT_FOUND,
	TEST_BISECT_NOT_RECORDED,	/* no verdict on any commit */
	TEST_BISECT_NOT_FAILING,	/* the newest verdict is not a failure */
	TEST_BISECT_NEVER_PASSED,	/* no pass before the first failure */
};

struct test_bisect {
	enum test_bisect_outcome outcome;
	uint32_t newest;	/* the newest commit with a verdict (all but NOT_RECORDED) */
	uint32_t first_fail;	/* FOUND and NEVER_PASSED */
	uint32_t last_pass;	/* FOUND */
};

/* Bisects `test` in `column` over the history `h` (indices into h->commits). */
void test_bisect_find(const struct test_history *h, uint32_t column, uint32_t test,
		      struct test_bisect *out);

/*
 * Calls `fn` (when not NULL) for each commit of <last-pass>..<first-fail>
 * other than the first failure, newest first: what `git bisect` would
 * have to look at.  Returns how many there are; none means the first
 * failure is the commit that introduced the failure.
 */
size_t test_bisect_between(git_repository *repo, const git_oid *last_pass,
			   const git_oid *first_fail,
			   void (*fn)(const git_oid *commit, void *data), void *data);

/*
 * Appends "#regzbot introduced: <last-pass>..<first-fail>\n", or the
 * first failure alone when nothing lies between them (`adjacent`): then
 * it is the commit that introduced the failure.  Ids are abbreviated to
 * 12 hexadecimal digits, as the kernel cites commits.
 */
void test_bisect_regzbot_introduced(struct strbuf *out, const git_oid *last_pass,
				    const git_oid *first_fail, int adjacent);

/* Appends "#regzbot title: <test> fails on <environment>\n". */
void test_bisect_regzbot_title(struct strbuf *out, const char *test, const char *environment);

/*
 * Appends "#regzbot title: <test> -18.0% regression on <environment>\n",
 * a measurement's regression as 0-day's reports name it.
 */
void test_bisect_regzbot_metric_title(struct strbuf *out, const char *test, double change,
				      const char *environment);

#endif
