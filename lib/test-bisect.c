#include "lib/test-bisect.h"
#include "lib/metrics-diff.h"
#include "lib/odb/commit-walk.h"
#include "lib/result-groups.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

/* The verdict of a commit: -1 none (no result, or SKIP), 0 pass, 1 failure. */
static int verdict(const struct test_history *h, uint32_t i, uint32_t column, uint32_t test)
{
	enum result_status st;

	if (test_history_status(h, i, column, test, &st) || st == STATUS_SKIP)
		return -1;
	return status_is_failing(st);
}

struct region {
	const struct test_history *h;
	uint32_t column, test;
	unsigned char *seen;
	uint32_t *stack;
	size_t nr;
	long oldest_fail, newest_pass;
};

static void push(uint32_t i, void *data)
{
	struct region *r = data;

	if (r->seen[i])
		return;
	r->seen[i] = 1;
	r->stack[r->nr++] = i;
}

/*
 * From `start`, the ancestry that does not go through a pass: its oldest
 * failure, and the newest of the passes where it stops.
 */
static void explore(struct region *r, uint32_t start)
{
	memset(r->seen, 0, r->h->commits_nr);
	r->nr = 0;
	r->oldest_fail = r->newest_pass = -1;
	push(start, r);
	while (r->nr) {
		uint32_t i = r->stack[--r->nr];
		int v = verdict(r->h, i, r->column, r->test);

		if (!v) {
			if (r->newest_pass < 0 || (long)i < r->newest_pass)
				r->newest_pass = i;
			continue;
		}
		if (v > 0 && (long)i > r->oldest_fail)
			r->oldest_fail = i;
		test_history_for_each_parent(r->h, i, push, r);
	}
}

void test_bisect_find(const struct test_history *h, uint32_t column, uint32_t test,
		      struct test_bisect *out)
{
	struct region r = { h, column, test, NULL, NULL, 0, -1, -1 };
	uint32_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < h->commits_nr && verdict(h, i, column, test) < 0; i++)
		;
	if (i == h->commits_nr) {
		out->outcome = TEST_BISECT_NOT_RECORDED;
		return;
	}
	out->newest = i;
	if (!verdict(h, i, column, test)) {
		out->outcome = TEST_BISECT_NOT_FAILING;
		return;
	}
	r.seen = xmalloc(h->commits_nr);
	r.stack = xmalloc(h->commits_nr * sizeof(*r.stack));
	explore(&r, i);
	out->first_fail = (uint32_t)r.oldest_fail;
	explore(&r, out->first_fail);
	if (r.newest_pass < 0) {
		out->outcome = TEST_BISECT_NEVER_PASSED;
	} else {
		out->outcome = TEST_BISECT_FOUND;
		out->last_pass = (uint32_t)r.newest_pass;
	}
	free(r.seen);
	free(r.stack);
}

size_t test_bisect_between(git_repository *repo, const git_oid *last_pass,
			   const git_oid *first_fail,
			   void (*fn)(const git_oid *commit, void *data), void *data)
{
	struct commit_walk *walk = commit_walk_new(repo);
	size_t nr = 0;
	git_oid oid;

	commit_walk_push(walk, first_fail);
	commit_walk_hide(walk, last_pass);
	while (!commit_walk_next(walk, &oid)) {
		if (git_oid_equal(&oid, first_fail))
			continue;
		nr++;
		if (fn)
			fn(&oid, data);
	}
	commit_walk_free(walk);
	return nr;
}

void test_bisect_regzbot_introduced(struct strbuf *out, const git_oid *last_pass,
				    const git_oid *first_fail, int adjacent)
{
	char pass[GIT_OID_HEXSZ + 1], fail[GIT_OID_HEXSZ + 1];

	git_oid_tostr(pass, 13, last_pass);
	git_oid_tostr(fail, 13, first_fail);
	if (adjacent)
		strbuf_addf(out, "#regzbot introduced: %s\n", fail);
	else
		strbuf_addf(out, "#regzbot introduced: %s..%s\n", pass, fail);
}

void test_bisect_regzbot_title(struct strbuf *out, const char *test, const char *environment)
{
	strbuf_addf(out, "#regzbot title: %s fails on %s\n", test, environment);
}

void test_bisect_regzbot_metric_title(struct strbuf *out, const char *test, double change,
				      const char *environment)
{
	strbuf_addf(out, "#regzbot title: %s ", test);
	metric_add_percent(out, change);
	strbuf_addf(out, " regression on %s\n", environment);
}
