/*
 * Unit tests for what sets tests aside from regressions: the stability
 * decision along history, known-issues files, reruns that disagree and
 * runs a rerun supersedes.
 */
#include "t/unit/unit.h"
#include "t/unit/record-maker.h"
#include "lib/results-diff.h"
#include "lib/usage.h"

#include <stdlib.h>

#define P STATUS_PASS
#define F STATUS_FAIL
#define E STATUS_ERROR
#define D STATUS_DONE
#define S STATUS_SKIP
#define A STABILITY_ABSENT
#define UNSTABLE(...) stability_is_unstable((const enum result_status[]){ __VA_ARGS__ }, \
		sizeof((enum result_status[]){ __VA_ARGS__ }) / sizeof(enum result_status))

static void test_decision(void)
{
	CHECK_INT(stability_is_unstable(NULL, 0), 0);
	CHECK_INT(UNSTABLE(F), 0);
	CHECK_INT(UNSTABLE(P, P, P, P), 0);
	CHECK_INT(UNSTABLE(F, F, F, F), 0);
	/* One change is a regression or a fix, not instability. */
	CHECK_INT(UNSTABLE(F, F, P, P, P), 0);
	CHECK_INT(UNSTABLE(P, P, F, F), 0);
	/* Two changes: a regression and its fix, or a fix that did not hold. */
	CHECK_INT(UNSTABLE(P, F, P), 0);
	CHECK_INT(UNSTABLE(F, P, F), 0);
	CHECK_INT(UNSTABLE(P, F, F, P, P), 0);
	/* Back, forth and back again. */
	CHECK_INT(UNSTABLE(F, P, F, P), 1);
	CHECK_INT(UNSTABLE(P, F, P, F), 1);
	CHECK_INT(UNSTABLE(P, P, F, P, P, F), 1);
	CHECK_INT(UNSTABLE(P, F, F, P, F), 1);
	/* ERROR and MISS fail as FAIL does; DONE completes as PASS does. */
	CHECK_INT(UNSTABLE(E, D, F, D), 1);
	CHECK_INT(UNSTABLE(E, F, E, STATUS_MISS), 0);
	/* SKIP and absent entries say nothing and do not break a run. */
	CHECK_INT(UNSTABLE(F, S, F, A, F), 0);
	CHECK_INT(UNSTABLE(F, S, P, A, F, S, P), 1);
	CHECK_INT(UNSTABLE(P, S, F, A, F, P), 0);
	CHECK_INT(UNSTABLE(F, A, A, P), 0);
}

static void test_known_issues_file(void)
{
	static const char text[] =
		"# known issues of this tree\n"
		"\n"
		"net.udp*  https://lore.kernel.org/r/1@x  times out on slow boards\n"
		"  boot.* arch=arm* device=rpi4 maestro:0123abcd\n"
		"lonely-pattern\n"
		"kunit.a arch=x86_64\n"
		"mm.thp https://bugzilla.kernel.org/show_bug.cgi?id=42\r\n";
	struct known_issues ki = KNOWN_ISSUES_INIT;
	struct record_list list = RECORD_LIST_INIT;
	struct result_groups groups = RESULT_GROUPS_INIT;
	const struct result_group *arm, *x86;

	known_issues_parse(&ki, "known-issues", text, sizeof(text) - 1);
	if (!CHECK_INT(ki.nr, 3))
		return;
	CHECK_STR(ki.items[0].pattern, "net.udp*");
	CHECK_STR(ki.items[0].link, "https://lore.kernel.org/r/1@x");
	CHECK_STR(ki.items[0].reason, "times out on slow boards");
	CHECK_INT(ki.items[0].line, 3);
	CHECK_INT(ki.items[1].env_nr, 2);
	CHECK_STR(ki.items[1].env[0].key, "arch");
	CHECK_STR(ki.items[1].env[0].pattern, "arm*");
	CHECK_STR(ki.items[1].link, "maestro:0123abcd");
	CHECK_STR(ki.items[1].reason, NULL);
	/* A link with '=' in it is not an environment filter. */
	CHECK_STR(ki.items[2].link, "https://bugzilla.kernel.org/show_bug.cgi?id=42");
	CHECK_INT(ki.items[2].line, 7);

	add(&list, "ci", "1", "arm64", "FAIL:boot.smp PASS:net.udp_gro PASS:mm.thp");
	add(&list, "ci", "2", "x86_64", "FAIL:boot.smp FAIL:net.udpgso PASS:net.tcp");
	result_groups_build(&groups, &list);
	arm = &groups.items[0];
	x86 = &groups.items[1];
	/* arm64 has no device: the entry needs both. */
	CHECK(!known_issues_match(&ki, arm, "boot.smp"));
	CHECK(!known_issues_match(&ki, x86, "boot.smp"));
	CHECK(known_issues_match(&ki, x86, "net.udpgso") == &ki.items[0]);
	CHECK(known_issues_match(&ki, arm, "net.udp_gro") == &ki.items[0]);
	CHECK(!known_issues_match(&ki, x86, "net.tcp"));

	known_issues_tally(&ki, &groups);
	CHECK_INT(ki.items[0].failing, 1);
	CHECK_INT(ki.items[0].completed, 1);
	CHECK(!known_issue_possibly_fixed(&ki.items[0]));
	/* Matched nothing at all: not tested, so not "possibly fixed". */
	CHECK(!known_issue_possibly_fixed(&ki.items[1]));
	CHECK(known_issue_possibly_fixed(&ki.items[2]));

	result_groups_release(&groups);
	record_list_release(&list);
	known_issues_release(&ki);
}

static void test_diff_sets_aside(void)
{
	struct record_list old = RECORD_LIST_INIT, new = RECORD_LIST_INIT;
	struct result_groups og = RESULT_GROUPS_INIT, ng = RESULT_GROUPS_INIT;
	struct results_diff d = RESULTS_DIFF_INIT;
	struct diff_noise noise = DIFF_NOISE_INIT;
	static const char known[] = "net.known https://example.org/bug/1 flaky link\n";

	add(&old, "ci", "1", "x86_64", "PASS:net.flaky PASS:net.known PASS:net.real PASS:net.gone");
	add(&new, "ci", "1", "x86_64", "FAIL:net.flaky FAIL:net.known FAIL:net.real");
	add(&new, "ci", "2", "x86_64", "PASS:net.flaky FAIL:net.known FAIL:net.real");
	result_groups_build(&og, &old);
	result_groups_build(&ng, &new);
	known_issues_parse(&noise.known, "known-issues", known, sizeof(known) - 1);
	noise.has_known = 1;
	known_issues_tally(&noise.known, &ng);
	results_diff_compute_noise(&d, &og, &ng, &noise);

	CHECK_INT(d.counts[DIFF_REGRESSION], 1);
	CHECK_INT(d.counts[DIFF_UNSTABLE], 1);
	CHECK_INT(d.counts[DIFF_KNOWN_ISSUE], 1);
	CHECK_INT(d.counts[DIFF_DISAPPEARED], 1);
	CHECK_INT(d.nr, 4);
	CHECK_STR(d.entries[0].path, "net.real");
	CHECK_STR(d.entries[2].path, "net.flaky");
	CHECK_INT(d.entries[2].kind, DIFF_UNSTABLE);
	CHECK_INT(d.entries[2].reruns_differ, 1);
	CHECK_STR(d.entries[3].path, "net.known");
	CHECK(d.entries[3].known == &noise.known.items[0]);
	CHECK_INT(d.possibly_fixed_nr, 0);
	results_diff_release(&d);

	/* Without the noise, reruns that disagree are still unstable. */
	results_diff_compute(&d, &og, &ng);
	CHECK_INT(d.counts[DIFF_REGRESSION], 2);
	CHECK_INT(d.counts[DIFF_UNSTABLE], 1);
	results_diff_release(&d);

	diff_noise_release(&noise);
	result_groups_release(&og);
	result_groups_release(&ng);
	record_list_release(&old);
	record_list_release(&new);
}

static void test_superseded_runs(void)
{
	struct record_list list = RECORD_LIST_INIT;

	add(&list, "ci", "a", "x86_64", "FAIL:net.x");
	add(&list, "ci", "b", "x86_64", "PASS:net.x");
	add(&list, "ci", "c", "x86_64", "PASS:net.x");
	add(&list, "lab", "a", "x86_64", "FAIL:net.x");
	record_add_supersedes(&list.items[1], "a");
	record_add_supersedes(&list.items[2], "b");
	record_add_supersedes(&list.items[2], "c");	/* never itself */
	record_normalize(&list.items[2]);
	CHECK_STR(list.items[2].supersedes[0], "b");
	CHECK_INT(record_list_drop_superseded(&list), 2);
	if (CHECK_INT(list.nr, 2)) {
		CHECK_STR(list.items[0].run, "c");
		/* Another origin's run of the same id is not replaced. */
		CHECK_STR(list.items[1].origin, "lab");
	}
	record_list_release(&list);
}

int main(void)
{
	test_decision();
	test_known_issues_file();
	test_diff_sets_aside();
	test_superseded_runs();
	return unit_done();
}
