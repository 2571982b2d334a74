/*
 * Unit tests for grouping records by origin and environment and for
 * comparing two sets of groups: which change is which kind, and in
 * which order they come.
 */
#include "t/unit/unit.h"
#include "t/unit/record-maker.h"
#include "lib/results-diff.h"
#include "lib/usage.h"

#include <stdlib.h>

static void test_groups(void)
{
	struct record_list list = RECORD_LIST_INIT;
	struct result_groups g = RESULT_GROUPS_INIT;
	struct strbuf env = STRBUF_INIT;

	add(&list, "lab", "2", "arm64", "PASS:a SKIP:b");
	add(&list, "ci", "1", "x86", "PASS:a PASS:b");
	add(&list, "lab", "1", "arm64", "FAIL:a PASS:c");
	add(&list, "ci", "2", NULL, "ERROR:z");
	record_list_sort(&list);
	result_groups_build(&g, &list);
	CHECK_INT(g.nr, 3);
	CHECK_STR(g.items[0].record->origin, "ci");
	CHECK_INT(g.items[0].record->env_nr, 0);
	CHECK_INT(g.items[0].status, STATUS_ERROR);
	CHECK_STR(g.items[1].record->origin, "ci");
	result_group_describe_env(&env, &g.items[1]);
	CHECK_STR(env.buf, "arch=x86");
	/* Two runs of lab/arm64 merged: a is FAIL (the worse), b SKIP, c PASS. */
	CHECK_INT(g.items[2].records, 2);
	CHECK_INT(g.items[2].tests_nr, 3);
	CHECK_STR(g.items[2].tests[0].path, "a");
	CHECK_INT(g.items[2].tests[0].status, STATUS_FAIL);
	CHECK_INT(g.items[2].counts[STATUS_FAIL], 1);
	CHECK_INT(g.items[2].counts[STATUS_PASS], 1);
	CHECK_INT(g.items[2].counts[STATUS_SKIP], 1);
	CHECK_INT(g.items[2].status, STATUS_FAIL);
	strbuf_release(&env);
	result_groups_release(&g);
	record_list_release(&list);
}

/*
 * Many records of one group, merged pairwise: each path once, at its
 * worst; unstable when another run completed it, not when the same run
 * did (two records of one run, or one path twice in a record).
 */
static void test_groups_many_runs(void)
{
	static const char *const expect[][2] = {
		{ "a", "FAIL" }, { "b", "FAIL" }, { "c", "PASS" }, { "d", "SKIP" },
		{ "e", "PASS" }, { "f", "FAIL" }, { "g", "ERROR" }, { "h", "FAIL" },
	};
	/* h: the failure of a later run replaces the pass, whose run is another */
	static const int differ[] = { 1, 1, 0, 0, 0, 0, 0, 1 };
	struct record_list list = RECORD_LIST_INIT;
	struct result_groups g = RESULT_GROUPS_INIT;
	size_t i;

	add(&list, "ci", "1", "x86", "PASS:a FAIL:b PASS:c PASS:h");
	add(&list, "ci", "2", "x86", "PASS:a PASS:b SKIP:d FAIL:h");
	add(&list, "ci", "3", "x86", "FAIL:a PASS:e");
	add(&list, "ci", "4", "x86", "FAIL:f ERROR:g PASS:g");
	add(&list, "ci", "4", "x86", "PASS:f");
	add(&list, "ci", "5", "x86", "PASS:b");
	record_list_sort(&list);
	result_groups_build(&g, &list);
	if (!CHECK_INT(g.nr, 1))
		goto out;
	CHECK_INT(g.items[0].records, 6);
	if (!CHECK_INT(g.items[0].tests_nr, ARRAY_SIZE(expect)))
		goto out;
	for (i = 0; i < ARRAY_SIZE(expect); i++) {
		const struct group_test *t = &g.items[0].tests[i];

		CHECK_STR(t->path, expect[i][0]);
		CHECK_STR(status_name(t->status), expect[i][1]);
		if (!CHECK_INT(t->reruns_differ, differ[i]))
			printf("# path %s\n", t->path);
	}
	CHECK_INT(g.items[0].counts[STATUS_FAIL], 4);
	CHECK_INT(g.items[0].counts[STATUS_ERROR], 1);
	CHECK_INT(g.items[0].counts[STATUS_PASS], 2);
	CHECK_INT(g.items[0].counts[STATUS_SKIP], 1);
	CHECK_INT(g.items[0].status, STATUS_FAIL);
out:
	result_groups_release(&g);
	record_list_release(&list);
}

static void test_diff(void)
{
	struct record_list old = RECORD_LIST_INIT, new = RECORD_LIST_INIT;
	struct result_groups og = RESULT_GROUPS_INIT, ng = RESULT_GROUPS_INIT;
	struct results_diff d = RESULTS_DIFF_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	static const struct {
		enum diff_kind kind;
		const char *path;
	} want[] = {
		{ DIFF_REGRESSION, "reg" },
		{ DIFF_REGRESSION, "reg_done" },
		{ DIFF_FIX, "fix" },
		{ DIFF_NEW_FAILURE, "new" },
		{ DIFF_NEW_FAILURE, "was_skipped" },
		{ DIFF_STILL_FAILING, "still" },
		{ DIFF_DISAPPEARED, "gone" },
		{ DIFF_DISAPPEARED, "a" },	/* the whole of lab/arm64 */
	};

	add(&old, "ci", "1", "x86", "PASS:reg DONE:reg_done FAIL:fix FAIL:still PASS:gone "
	    "SKIP:was_skipped PASS:same FAIL:to_skip");
	add(&new, "ci", "1", "x86", "FAIL:reg MISS:reg_done PASS:fix ERROR:still FAIL:new "
	    "FAIL:was_skipped PASS:same SKIP:to_skip PASS:new_pass");
	add(&old, "lab", "1", "arm64", "PASS:a");
	result_groups_build(&og, &old);
	result_groups_build(&ng, &new);
	results_diff_compute(&d, &og, &ng);

	CHECK_INT(d.nr, ARRAY_SIZE(want));
	for (i = 0; i < d.nr && i < ARRAY_SIZE(want); i++) {
		CHECK_INT(d.entries[i].kind, want[i].kind);
		CHECK_STR(d.entries[i].path, want[i].path);
	}
	CHECK_INT(d.entries[0].old_status, STATUS_PASS);
	CHECK_INT(d.entries[0].new_status, STATUS_FAIL);
	CHECK(!d.entries[3].has_old);
	CHECK(!d.entries[6].group_gone);
	CHECK(d.entries[7].group_gone);
	CHECK(!d.entries[7].has_new);
	CHECK_INT(d.pairs_nr, 2);
	CHECK(d.pairs[0].old && d.pairs[0].new);
	CHECK(d.pairs[1].old && !d.pairs[1].new);
	results_diff_describe_counts(&sb, &d);
	CHECK_STR(sb.buf, "2 regressions, 1 fix, 2 new failures, 1 still failing, 2 disappeared");

	strbuf_release(&sb);
	results_diff_release(&d);
	result_groups_release(&og);
	result_groups_release(&ng);
	record_list_release(&old);
	record_list_release(&new);
}

static void test_empty(void)
{
	struct result_groups none = RESULT_GROUPS_INIT;
	struct results_diff d = RESULTS_DIFF_INIT;

	results_diff_compute(&d, &none, &none);
	CHECK_INT(d.nr, 0);
	CHECK_INT(d.pairs_nr, 0);
	results_diff_release(&d);
}

int main(void)
{
	test_groups();
	test_groups_many_runs();
	test_diff();
	test_empty();
	return unit_done();
}
