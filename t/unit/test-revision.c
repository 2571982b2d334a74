/*
 * Unit tests for how lib/revision reads a range "a..b": which
 * arguments are ranges, and the names of a range's ends.
 */
#include "t/unit/unit.h"
#include "lib/revision.h"

static void check_split(const char *arg, const char *from, const char *to)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	if (CHECK(!revision_range_split(arg, &a, &b))) {
		CHECK_STR(a.buf, from);
		CHECK_STR(b.buf, to);
	} else {
		printf("#   arg: '%s'\n", arg);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

static void check_bad_split(const char *arg)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	if (!CHECK(revision_range_split(arg, &a, &b) < 0))
		printf("#   arg: '%s'\n", arg);
	CHECK_STR(a.buf, "");
	CHECK_STR(b.buf, "");
	strbuf_release(&a);
	strbuf_release(&b);
}

static void check_symmetric(const char *arg, const char *from, const char *to, int symmetric)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int got = -1;

	if (CHECK(!revision_range_split_symmetric(arg, &a, &b, &got))) {
		CHECK_STR(a.buf, from);
		CHECK_STR(b.buf, to);
		CHECK(got == symmetric);
	} else {
		printf("#   arg: '%s'\n", arg);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

static void check_bad_symmetric(const char *arg)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int got;

	if (!CHECK(revision_range_split_symmetric(arg, &a, &b, &got) < 0))
		printf("#   arg: '%s'\n", arg);
	strbuf_release(&a);
	strbuf_release(&b);
}

int main(void)
{
	CHECK(revision_is_dotted("a..b"));
	CHECK(revision_is_dotted("a..."));
	CHECK(revision_is_dotted(".."));
	CHECK(!revision_is_dotted("a.b"));
	CHECK(!revision_is_dotted("^a"));
	CHECK(revision_is_range("^a"));
	CHECK(revision_is_range("a..b"));
	CHECK(!revision_is_range("v6.1"));

	check_split("v6.0..v6.1", "v6.0", "v6.1");
	check_split("v6.0..", "v6.0", "HEAD");
	check_split("..v6.1", "HEAD", "v6.1");
	check_split("HEAD~2..HEAD^{commit}", "HEAD~2", "HEAD^{commit}");
	/* the first ".." splits, as git and libgit2 split; "b..c" is then no revision */
	check_split("a..b..c", "a", "b..c");

	fprintf(stderr, "# errors expected below\n");
	check_bad_split("v6.0...v6.1");
	check_bad_split("...");
	check_bad_split("..");
	check_bad_split("v6.1");

	check_symmetric("v6.0...v6.1", "v6.0", "v6.1", 1);
	check_symmetric("v6.0..v6.1", "v6.0", "v6.1", 0);
	check_symmetric("a...", "a", "HEAD", 1);
	check_symmetric("...b", "HEAD", "b", 1);
	fprintf(stderr, "# errors expected below\n");
	check_bad_symmetric("...");
	check_bad_symmetric("..");
	check_bad_symmetric("v6.1");
	return unit_done();
}
