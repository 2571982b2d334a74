/*
 * Unit tests for t/unit/unit.h itself: a failing check evaluates its
 * arguments once, as a passing one does, and prints what it got.
 */
#include "t/unit/unit.h"

#include <stdlib.h>
#include <unistd.h>

static const char *next_name(int *calls)
{
	return ++*calls == 1 ? "first" : "second";
}

/*
 * Runs two checks that fail, with their output (a "not ok" line each)
 * in a file rather than in the TAP stream, and takes them back out of
 * the counts; returns what they printed.
 */
static char *failing_checks(int *int_calls, int *str_calls)
{
	FILE *out = tmpfile();
	static char buf[1024];
	size_t n;
	int saved;

	if (!out)
		abort();
	fflush(stdout);
	saved = dup(1);
	dup2(fileno(out), 1);
	CHECK_INT(++*int_calls, 0);
	CHECK_STR(next_name(str_calls), "none");
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	unit_count -= 2;
	unit_failed -= 2;
	rewind(out);
	n = fread(buf, 1, sizeof(buf) - 1, out);
	buf[n] = '\0';
	fclose(out);
	return buf;
}

static void test_failing_check_evaluates_once(void)
{
	int int_calls = 0, str_calls = 0;
	const char *printed = failing_checks(&int_calls, &str_calls);

	CHECK_INT(int_calls, 1);
	CHECK_INT(str_calls, 1);
	CHECK(strstr(printed, "#   got:  1\n#   want: 0\n") != NULL);
	CHECK(strstr(printed, "#   got:  'first'\n#   want: 'none'\n") != NULL);
}

int main(void)
{
	test_failing_check_evaluates_once();
	return unit_done();
}
