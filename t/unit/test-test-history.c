/*
 * Unit tests for lib/test-history: which test paths a `--test` pattern
 * names, and the characters of a history strip.
 */
#include "t/unit/unit.h"
#include "lib/test-history.h"

static void test_matches(void)
{
	/* a path names itself, and a path the tests under it */
	CHECK(test_history_matches("kunit.example.simple", "kunit.example.simple"));
	CHECK(test_history_matches("kunit.example", "kunit.example.simple"));
	CHECK(test_history_matches("kunit", "kunit.example.simple"));
	/* ...at a dot only: a prefix of a component names nothing */
	CHECK(!test_history_matches("kunit.exam", "kunit.example.simple"));
	CHECK(!test_history_matches("kunit.example.simple", "kunit.example"));
	CHECK(!test_history_matches("kunit.example.simple", "kunit.example.simple_test"));
	/* a glob, where * also crosses dots */
	CHECK(test_history_matches("kunit.*.simple", "kunit.example.simple"));
	CHECK(test_history_matches("kunit.*", "kunit.example.simple"));
	CHECK(test_history_matches("*simple", "kunit.example.simple"));
	CHECK(test_history_matches("kunit.ex?mple.[rs]imple", "kunit.example.simple"));
	CHECK(!test_history_matches("kunit.*.other", "kunit.example.simple"));
	CHECK(!test_history_matches("kunit.e*", "kunit.other.simple"));
}

static void test_status_chars(void)
{
	CHECK_INT(test_history_status_char(1, STATUS_FAIL), 'F');
	CHECK_INT(test_history_status_char(1, STATUS_ERROR), 'E');
	CHECK_INT(test_history_status_char(1, STATUS_MISS), 'M');
	CHECK_INT(test_history_status_char(1, STATUS_PASS), 'P');
	CHECK_INT(test_history_status_char(1, STATUS_DONE), 'D');
	CHECK_INT(test_history_status_char(1, STATUS_SKIP), 'S');
	CHECK_INT(test_history_status_char(0, STATUS_PASS), '.');
}

int main(void)
{
	test_matches();
	test_status_chars();
	return unit_done();
}
