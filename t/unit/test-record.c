/*
 * Unit tests for the record model: canonical text, parsing it back,
 * refusing what is not canonical, and the roll-up.
 */
#include "t/unit/unit.h"
#include "lib/record-filter.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <stdlib.h>

static void make_record(struct record *r)
{
	record_init(r);
	memcpy(r->commit, "0123456789abcdef0123456789abcdef01234567", 41);
	memcpy(r->tree, "89abcdef0123456789abcdef0123456789abcdef", 41);
	record_set_origin(r, "kernelci");
	record_set_run(r, "run-1");
	record_set_date(r, "2026-11-25T10:00:00Z");
	record_set_env(r, "config", "defconfig");
	record_set_env(r, "arch", "x86_64");
	record_add_link(r, "https://b.example/log");
	record_add_link(r, "https://a.example/log");
	record_add_link(r, "https://b.example/log");
	record_add_test(r, "kunit.b.two", STATUS_PASS, NULL);
	record_add_test(r, "kunit.a.one", STATUS_FAIL, "  expected 1 == 2\n ");
	record_add_test(r, "kunit.c.three", STATUS_SKIP, "no \xff device");
	record_normalize(r);
}

static const char expected[] =
	"results 1\n"
	"commit 0123456789abcdef0123456789abcdef01234567\n"
	"tree 89abcdef0123456789abcdef0123456789abcdef\n"
	"origin kernelci\n"
	"run run-1\n"
	"date 2026-11-25T10:00:00Z\n"
	"env arch x86_64\n"
	"env config defconfig\n"
	"link https://a.example/log\n"
	"link https://b.example/log\n"
	"status FAIL\n"
	"counts FAIL=1 ERROR=0 MISS=0 PASS=1 DONE=0 SKIP=1\n"
	"\n"
	"FAIL kunit.a.one # expected 1 == 2\n"
	"PASS kunit.b.two\n"
	"SKIP kunit.c.three # no ? device\n";

static void test_canonical_text(void)
{
	struct record r;
	struct strbuf out = STRBUF_INIT;

	make_record(&r);
	record_write(&out, &r);
	CHECK_STR(out.buf, expected);
	CHECK_INT(r.status, STATUS_FAIL);
	record_release(&r);
	strbuf_release(&out);
}

static void test_roundtrip(void)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;

	CHECK_INT(record_list_parse(&list, expected, strlen(expected), &err), 0);
	CHECK_INT(list.nr, 1);
	record_list_write(&out, &list);
	CHECK_STR(out.buf, expected);
	record_list_release(&list);
	strbuf_release(&err);
	strbuf_release(&out);
}

/* Whether two lists hold the same tests: paths, statuses and reasons. */
static int same_tests(const struct record_list *a, const struct record_list *b)
{
	size_t i, j;

	if (a->nr != b->nr)
		return 0;
	for (i = 0; i < a->nr; i++) {
		const struct record *ra = &a->items[i], *rb = &b->items[i];

		if (ra->tests_nr != rb->tests_nr || ra->tests_omitted != rb->tests_omitted)
			return 0;
		for (j = 0; j < ra->tests_nr; j++) {
			const struct record_test *ta = &ra->tests[j], *tb = &rb->tests[j];

			if (strcmp(ta->path, tb->path) || ta->status != tb->status ||
			    !ta->reason != !tb->reason || (ta->reason && strcmp(ta->reason, tb->reason)))
				return 0;
		}
	}
	return 1;
}

/*
 * record_list_parse() of `text` into `list`, checked against
 * record_list_parse_text() of a copy, whose records borrow their tests'
 * strings: both must give the same tests, or the same error.
 */
static int parse_both(struct record_list *list, const char *text, struct strbuf *err)
{
	struct record_list borrowed = RECORD_LIST_INIT;
	struct strbuf copy = STRBUF_INIT, err2 = STRBUF_INIT;
	int ret = record_list_parse(list, text, strlen(text), err), ret2;

	strbuf_addstr(&copy, text);
	borrowed.failing_only = list->failing_only;
	ret2 = record_list_parse_text(&borrowed, &copy, &err2);
	if (!CHECK_INT(ret2, ret) ||
	    !CHECK_STR(err2.buf, err->buf) || !CHECK(!copy.len) ||
	    !CHECK(same_tests(list, &borrowed)))
		printf("# parsing in place differs on: %s\n", text);
	record_list_release(&borrowed);
	strbuf_release(&copy);
	strbuf_release(&err2);
	return ret;
}

static int parse_fails(const char *text, const char *want_err)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	int ret = parse_both(&list, text, &err);
	int ok = ret == -1 && list.nr == 0 && strstr(err.buf, want_err);

	if (!ok)
		printf("# ret=%d err='%s' want '%s'\n", ret, err.buf, want_err);
	record_list_release(&list);
	strbuf_release(&err);
	return ok;
}

static char *replace(const char *text, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = strstr(text, from);

	if (!p)
		BUG("'%s' not in text", from);
	strbuf_add(&sb, text, p - text);
	strbuf_addstr(&sb, to);
	strbuf_addstr(&sb, p + strlen(from));
	return strbuf_detach(&sb, NULL);
}

static void test_refusals(void)
{
	char *t;

	CHECK(parse_fails("", "no record found"));
	CHECK(parse_fails("hello world\n", "not a git-results record"));
	CHECK(parse_fails("results 3\norigin a\n", "unsupported record version"));

	t = replace(expected, "counts FAIL=1", "counts FAIL=2");
	CHECK(parse_fails(t, "status or counts do not match"));
	free(t);
	t = replace(expected, "status FAIL", "status PASS");
	CHECK(parse_fails(t, "status or counts do not match"));
	free(t);
	/* Tests out of order: not canonical, so a signature could not hold. */
	t = replace(expected, "FAIL kunit.a.one # expected 1 == 2\nPASS kunit.b.two\n",
		    "PASS kunit.b.two\nFAIL kunit.a.one # expected 1 == 2\n");
	CHECK(parse_fails(t, "not in canonical form"));
	free(t);
	t = replace(expected, "env arch x86_64\nenv config defconfig\n",
		    "env config defconfig\nenv arch x86_64\n");
	CHECK(parse_fails(t, "not in canonical form"));
	free(t);
	t = replace(expected, "origin kernelci", "origin KernelCI");
	CHECK(parse_fails(t, "invalid origin"));
	free(t);
	t = replace(expected, "PASS kunit.b.two", "PASS kunit..two");
	CHECK(parse_fails(t, "invalid test path"));
	free(t);
	t = replace(expected, "PASS kunit.b.two", "WIN kunit.b.two");
	CHECK(parse_fails(t, "does not start with a status"));
	free(t);
	t = replace(expected, "run run-1\n", "");
	CHECK(parse_fails(t, "lacks origin, run"));
	free(t);
	t = replace(expected, "date 2026-11-25T10:00:00Z\n", "");
	CHECK(parse_fails(t, "lacks origin, run, date"));
	free(t);
	t = replace(expected, "2026-11-25T10:00:00Z", "yesterday");
	CHECK(parse_fails(t, "invalid date"));
	free(t);
	t = replace(expected, "env arch x86_64", "env arch x86\xff" "64");
	CHECK(parse_fails(t, "not valid UTF-8"));
	free(t);
	t = replace(expected, "# expected 1 == 2", "# expected \xed\xa0\x80");
	CHECK(parse_fails(t, "not in canonical form"));
	free(t);
	t = replace(expected, "date 2026", "colour blue\ndate 2026");
	CHECK(parse_fails(t, "unknown, repeated or malformed"));
	free(t);
	t = replace(expected, "tree ", "tree 0\ntree ");
	CHECK(parse_fails(t, "unknown, repeated or malformed"));
	free(t);
	{
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;
		char buf[] = "results 1\0";

		CHECK_INT(record_list_parse(&list, buf, sizeof(buf), &err), -1);
		CHECK(strstr(err.buf, "NUL") != NULL);
		strbuf_release(&err);
	}
	{
		/* the version is read within the given length, not past it */
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;
		const char buf[] = "results 23";
		int ret = record_list_parse(&list, buf, sizeof(buf) - 2, &err);

		CHECK_INT(ret, -1);
		CHECK(strstr(err.buf, "lacks origin") != NULL);
		strbuf_release(&err);
	}
	CHECK(parse_fails("results  1\norigin a\n", "unsupported record version"));
	CHECK(parse_fails("results +1\norigin a\n", "unsupported record version"));
	CHECK(parse_fails("results 18446744073709551617\norigin a\n", "unsupported record version"));
}

static void test_several_records_and_signature(void)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT, out = STRBUF_INIT;
	const char *sig = "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n";
	char *second = replace(expected, "run run-1", "run run-2");

	/* Written out of order and with a duplicate: normalising sorts and collapses. */
	strbuf_addstr(&text, second);
	strbuf_addstr(&text, sig);
	strbuf_addch(&text, '\n');
	strbuf_addstr(&text, expected);
	strbuf_addch(&text, '\n');
	strbuf_addstr(&text, expected);
	CHECK_INT(record_list_parse(&list, text.buf, text.len, &err), 0);
	CHECK_INT(list.nr, 3);
	CHECK(list.items[0].signature && !strcmp(list.items[0].signature, sig));
	record_list_normalize(&list);
	CHECK_INT(list.nr, 2);
	CHECK_STR(list.items[0].run, "run-1");
	CHECK_STR(list.items[1].run, "run-2");
	record_list_write(&out, &list);
	strbuf_reset(&text);
	strbuf_addstr(&text, expected);
	strbuf_addch(&text, '\n');
	strbuf_addstr(&text, second);
	strbuf_addstr(&text, sig);
	CHECK_STR(out.buf, text.buf);

	/* The written text reads back to itself. */
	record_list_release(&list);
	CHECK_INT(record_list_parse(&list, out.buf, out.len, &err), 0);
	strbuf_reset(&text);
	record_list_write(&text, &list);
	CHECK_STR(text.buf, out.buf);

	{
		struct record_rollup roll;

		CHECK_INT(record_list_summarize(out.buf, out.len, &roll), 0);
		CHECK_INT(roll.runs, 2);
		CHECK_INT(roll.conflicts, 0);
		CHECK_INT(roll.status, STATUS_FAIL);
		CHECK_INT(roll.counts[STATUS_PASS], 2);
		CHECK_INT(roll.counts[STATUS_SKIP], 2);
	}
	{
		/* A listing must not believe a header its tests contradict. */
		struct record_rollup roll;
		char *lie = replace(out.buf, "PASS kunit.b.two", "FAIL kunit.b.two");

		CHECK_INT(record_list_summarize(lie, strlen(lie), &roll), -1);
		free(lie);
	}
	free(second);
	record_list_release(&list);
	strbuf_release(&err);
	strbuf_release(&text);
	strbuf_release(&out);
}

static void test_empty_record(void)
{
	struct record r = RECORD_INIT;
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, twice = STRBUF_INIT;

	record_set_origin(&r, "lab");
	record_set_run(&r, "1");
	record_set_date(&r, "2026-11-25T10:00:00Z");
	record_normalize(&r);
	CHECK_INT(r.status, STATUS_DONE);
	record_write(&out, &r);
	strbuf_addbuf(&twice, &out);
	strbuf_addch(&twice, '\n');
	strbuf_addbuf(&twice, &out);
	CHECK_INT(record_list_parse(&list, twice.buf, twice.len, &err), 0);
	CHECK_INT(list.nr, 2);
	record_release(&r);
	record_list_release(&list);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&twice);
}

static void test_rollup_priority(void)
{
	struct record r = RECORD_INIT;

	record_set_origin(&r, "o");
	record_set_run(&r, "1");
	record_add_test(&r, "a", STATUS_SKIP, NULL);
	record_normalize(&r);
	CHECK_INT(r.status, STATUS_SKIP);
	record_add_test(&r, "b", STATUS_DONE, NULL);
	record_normalize(&r);
	CHECK_INT(r.status, STATUS_DONE);
	record_add_test(&r, "c", STATUS_PASS, NULL);
	record_add_test(&r, "d", STATUS_MISS, NULL);
	record_normalize(&r);
	CHECK_INT(r.status, STATUS_MISS);
	record_add_test(&r, "e", STATUS_ERROR, NULL);
	record_normalize(&r);
	CHECK_INT(r.status, STATUS_ERROR);
	record_add_test(&r, "f", STATUS_FAIL, NULL);
	record_normalize(&r);
	CHECK_INT(r.status, STATUS_FAIL);
	record_release(&r);
}

static void test_field_checks(void)
{
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(record_check_origin("kernelci_2", &err), 0);
	CHECK_INT(record_check_origin("Kernel", &err), -1);
	CHECK_INT(record_check_origin("", &err), -1);
	CHECK_INT(record_check_run("kernelci:abc-1.2+x", &err), 0);
	CHECK_INT(record_check_run("a/b", &err), -1);
	CHECK_INT(record_check_run("a b", &err), -1);
	CHECK_INT(record_check_path("a.b-c.d_e", &err), 0);
	CHECK_INT(record_check_path("a.", &err), -1);
	CHECK_INT(record_check_path(".a", &err), -1);
	CHECK_INT(record_check_path("a b", &err), -1);
	CHECK_INT(record_check_env_key("arch", &err), 0);
	CHECK_INT(record_check_env_key("1arch", &err), -1);
	CHECK_INT(record_check_value("x", " lead", &err), -1);
	CHECK_INT(record_check_value("x", "tab\there", &err), -1);
	strbuf_release(&err);
}

/*
 * The runs `log --origin --env` rolls up from `text`, after checking that
 * the two other readers make the same choice through the same filter:
 * parsed records (show, diff, summary) and origin and environment
 * columns (bisect, log --test).
 */
static size_t filtered_runs(const char *text, const char **origins, size_t origins_nr,
			    const char **envs, size_t envs_nr)
{
	struct record_filter f = RECORD_FILTER_INIT;
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT, lines = STRBUF_INIT;
	struct record_rollup roll, parsed;
	size_t i, j, columns = 0;

	for (i = 0; i < origins_nr; i++)
		string_list_append(&f.origins, origins[i]);
	for (i = 0; i < envs_nr; i++)
		string_list_append(&f.envs, envs[i]);
	if (!CHECK_INT(record_filter_read(&f, &err), 0) ||
	    !CHECK_INT(record_list_summarize_filtered(text, strlen(text), NULL, NULL, &f, &roll), 0) ||
	    !CHECK_INT(record_list_parse(&list, text, strlen(text), &err), 0)) {
		roll.runs = (size_t)-1;
		goto out;
	}
	for (i = 0; i < list.nr; i++) {
		strbuf_reset(&lines);
		for (j = 0; j < list.items[i].env_nr; j++)
			strbuf_addf(&lines, "%s%s=%s", j ? "\n" : "", list.items[i].env[j].key,
				    list.items[i].env[j].value);
		columns += record_filter_match_env_lines(&f, list.items[i].origin,
							 strlen(list.items[i].origin), lines.buf);
	}
	record_filter_apply(&f, &list);
	record_list_rollup(&list, &parsed);
	CHECK_INT(parsed.runs, roll.runs);
	CHECK_INT(columns, roll.runs);
out:
	record_list_release(&list);
	record_filter_release(&f);
	strbuf_release(&err);
	strbuf_release(&lines);
	return roll.runs;
}

/* `log --origin --env`: the roll-up of the records kept, from the fast path. */
static void test_filtered_rollup(void)
{
	char *lab = replace(expected, "origin kernelci", "origin lab");
	char *arm = replace(lab, "env arch x86_64", "env arch arm64 (big.LITTLE)");
	struct strbuf text = STRBUF_INIT;
	const char *kernelci[] = { "kernelci" }, *labs[] = { "lab" }, *both[] = { "lab", "kernelci" };
	const char *big[] = { "arch=arm64 (big.LITTLE)" }, *arm64[] = { "arch=arm64" };
	const char *x86_defconfig[] = { "arch=x86_64", "config=defconfig" };
	const char *defconfig[] = { "config=defconfig" }, *key_only[] = { "arc=h x86_64" };
	const char *twice[] = { "config=defconfig", "config=defconfig" };

	strbuf_addstr(&text, expected);
	strbuf_addch(&text, '\n');
	strbuf_addstr(&text, arm);
	CHECK_INT(filtered_runs(text.buf, NULL, 0, NULL, 0), 2);
	CHECK_INT(filtered_runs(text.buf, labs, 1, NULL, 0), 1);
	CHECK_INT(filtered_runs(text.buf, both, 2, NULL, 0), 2);
	CHECK_INT(filtered_runs(text.buf, NULL, 0, big, 1), 1);
	CHECK_INT(filtered_runs(text.buf, NULL, 0, arm64, 1), 0);
	CHECK_INT(filtered_runs(text.buf, NULL, 0, key_only, 1), 0);
	CHECK_INT(filtered_runs(text.buf, NULL, 0, x86_defconfig, 2), 1);
	CHECK_INT(filtered_runs(text.buf, NULL, 0, defconfig, 1), 2);
	CHECK_INT(filtered_runs(text.buf, NULL, 0, twice, 2), 2);
	CHECK_INT(filtered_runs(text.buf, kernelci, 1, big, 1), 0);
	CHECK_INT(filtered_runs(text.buf, labs, 1, big, 1), 1);
	free(lab);
	free(arm);
	strbuf_release(&text);
}

/* The filter's own checks: the rules of the record, and one value per key. */
static void test_filter_read(void)
{
	struct strbuf err = STRBUF_INIT;
	const char *bad[][2] = {
		{ "Lab", NULL }, { NULL, "arch" }, { NULL, "=x86_64" }, { NULL, "Arch=x86_64" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct record_filter f = RECORD_FILTER_INIT;

		if (bad[i][0])
			string_list_append(&f.origins, bad[i][0]);
		if (bad[i][1])
			string_list_append(&f.envs, bad[i][1]);
		strbuf_reset(&err);
		CHECK_INT(record_filter_read(&f, &err), -1);
		CHECK(err.len > 0);
		record_filter_release(&f);
	}
	{
		struct record_filter f = RECORD_FILTER_INIT;

		string_list_append(&f.envs, "arch=x86_64");
		string_list_append(&f.envs, "arch=arm64");
		strbuf_reset(&err);
		CHECK_INT(record_filter_read(&f, &err), -1);
		CHECK_STR(err.buf, "--env arch given twice, with different values");
		record_filter_release(&f);
	}
	strbuf_release(&err);
}

/* Whether `text` parses and writes back to exactly its own bytes. */
static int reads_back(const char *text)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	int ok = !parse_both(&list, text, &err);

	if (ok) {
		record_list_write(&out, &list);
		ok = !strcmp(out.buf, text);
	}
	if (!ok)
		printf("# '%s' does not read back: %s\n", text, err.buf);
	record_list_release(&list);
	strbuf_release(&err);
	strbuf_release(&out);
	return ok;
}

/*
 * The parser checks each test line as it reads it instead of writing the
 * record again: every way a line can differ from what record_write()
 * gives is refused, at that line, and what is accepted writes back.
 */
/* replace() in place. */
static void replace_in(char **text, const char *from, const char *to)
{
	char *t = replace(*text, from, to);

	free(*text);
	*text = t;
}

static void test_canonical_lines(void)
{
	/* the line the message names: each test line is refused where it is */
	static const char *const refused[][3] = {
		/* a reason record_add_test() would have cleaned */
		{ "# expected 1 == 2", "# expected 1 == 2 ", "line 14: " },
		{ "# expected 1 == 2", "#  expected 1 == 2", "line 14: " },
		{ "# expected 1 == 2", "# expected 1\t== 2", "line 14: " },
		{ "# expected 1 == 2", "# expected \xe2\x80\xae 2", "line 14: " },
		{ "# expected 1 == 2", "#  ", "line 14: " },
		/* a measurement not in its one form */
		{ "# expected 1 == 2", "= 1.50 s # expected 1 == 2", "line 14: " },
		{ "# expected 1 == 2", "= 1.5E0 s", "line 14: " },
		{ "# expected 1 == 2", "= -0 s", "line 14: " },
		/* the same path twice, out of order by status or reason */
		{ "PASS kunit.b.two\n", "PASS kunit.b.two\nFAIL kunit.b.two\n", "line 16: " },
		{ "PASS kunit.b.two\n", "PASS kunit.b.two # b\nPASS kunit.b.two # a\n", "line 16: " },
		{ "PASS kunit.b.two\n", "PASS kunit.b.two # a\nPASS kunit.b.two\n", "line 16: " },
		/* a count with a leading zero, a header line out of order or repeated */
		{ "SKIP=1", "SKIP=01", "" },
		{ "date 2026-11-25T10:00:00Z\nenv arch x86_64\n", "env arch x86_64\ndate 2026-11-25T10:00:00Z\n", "" },
		{ "link https://a.example/log\n", "link https://a.example/log\nlink https://a.example/log\n", "" },
	};
	size_t i;
	char *t;

	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		struct strbuf want = STRBUF_INIT;

		t = replace(expected, refused[i][0], refused[i][1]);
		if (strstr(refused[i][1], "FAIL kunit.b.two"))
			replace_in(&t, "counts FAIL=1", "counts FAIL=2");
		else if (strstr(refused[i][1], "kunit.b.two # a"))
			replace_in(&t, "PASS=1", "PASS=2");
		strbuf_addf(&want, "%srecord is not in canonical form", refused[i][2]);
		if (!CHECK(parse_fails(t, want.buf)))
			printf("# with: %s\n", refused[i][1]);
		strbuf_release(&want);
		free(t);
	}
	/* named at the line that is out of place */
	t = replace(expected, "PASS kunit.b.two\n", "PASS kunit.b.two\nPASS kunit.a.zero\n");
	replace_in(&t, "PASS=1", "PASS=2");
	CHECK(parse_fails(t, "line 16: record is not in canonical form"));
	free(t);

	/* a header with no blank line after it, at the end of the note */
	CHECK(parse_fails("results 1\norigin a\nrun r\ndate 2026-11-25T10:00:00Z\n"
			  "status DONE\ncounts FAIL=0 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n",
			  "not in canonical form"));
	CHECK(reads_back("results 1\norigin a\nrun r\ndate 2026-11-25T10:00:00Z\n"
			 "status DONE\ncounts FAIL=0 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\n"));
	/* what is in order reads back: equal lines, reasons and measurements */
	t = replace(expected, "PASS kunit.b.two\n",
		    "PASS kunit.b.two\nPASS kunit.b.two\nPASS kunit.b.two # a\nPASS kunit.b.two # b\n");
	replace_in(&t, "PASS=1", "PASS=4");
	CHECK(reads_back(t));
	free(t);
	t = replace(expected, "results 1", "results 2");
	replace_in(&t, "PASS kunit.b.two\n", "PASS kunit.b.two = 1.5 s # fast\nPASS kunit.b.two = 2 s\n");
	replace_in(&t, "PASS=1", "PASS=2");
	CHECK(reads_back(t));
	free(t);
	t = replace(expected, "# expected 1 == 2", "# expected \xc3\xa9 <U+202E> == 2");
	CHECK(reads_back(t));
	free(t);
}

/*
 * A list with failing_only keeps the failing tests of each record and
 * counts the others, which are checked as strictly: a passing line out
 * of order or not canonical still refuses the note.
 */
static void test_failing_only(void)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	char *t;

	list.failing_only = 1;
	CHECK_INT(parse_both(&list, expected, &err), 0);
	if (CHECK_INT(list.nr, 1)) {
		const struct record *r = &list.items[0];

		CHECK_INT(r->tests_nr, 1);
		CHECK_INT(r->tests_omitted, 2);
		CHECK_STR(r->tests[0].path, "kunit.a.one");
		CHECK_STR(r->tests[0].reason, "expected 1 == 2");
		CHECK_INT(r->counts[STATUS_PASS], 1);
		CHECK_INT(r->counts[STATUS_SKIP], 1);
		CHECK_INT(r->status, STATUS_FAIL);
	}
	record_list_release(&list);

	list.failing_only = 1;
	t = replace(expected, "PASS kunit.b.two\nSKIP kunit.c.three # no ? device\n",
		    "SKIP kunit.c.three # no ? device\nPASS kunit.b.two\n");
	CHECK_INT(parse_both(&list, t, &err), -1);
	CHECK(strstr(err.buf, "line 16: record is not in canonical form") != NULL);
	free(t);
	strbuf_reset(&err);
	t = replace(expected, "SKIP kunit.c.three # no ? device", "SKIP kunit.c.three # no ? device ");
	CHECK_INT(parse_both(&list, t, &err), -1);
	CHECK(strstr(err.buf, "not in canonical form") != NULL);
	free(t);
	strbuf_reset(&err);
	t = replace(expected, "PASS=1", "PASS=2");
	CHECK_INT(parse_both(&list, t, &err), -1);
	CHECK(strstr(err.buf, "status or counts do not match") != NULL);
	free(t);
	CHECK_INT(list.nr, 0);
	record_list_release(&list);
	strbuf_release(&err);
}

/*
 * Records parsed in place keep their tests' strings in the note text:
 * the text lives as long as any of its records, wherever they move, and
 * ends each path and reason with a NUL, where its line had a space or
 * a newline.
 */
static void test_borrowed_strings(void)
{
	struct record_list list = RECORD_LIST_INIT, moved = RECORD_LIST_INIT;
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT, out = STRBUF_INIT;
	char *second = replace(expected, "run run-1", "run run-2");
	int ret;

	strbuf_addf(&text, "%s\n%s", expected, second);
	/* the last line ends the text without a newline */
	strbuf_setlen(&text, text.len - 1);
	ret = record_list_parse_text(&list, &text, &err);
	CHECK_INT(ret, 0);
	CHECK_INT(text.len, 0);
	if (CHECK_INT(list.nr, 2)) {
		CHECK_STR(list.items[0].tests[0].path, "kunit.a.one");
		CHECK_STR(list.items[0].tests[0].reason, "expected 1 == 2");
		CHECK_STR(list.items[1].tests[2].path, "kunit.c.three");
		CHECK_STR(list.items[1].tests[2].reason, "no ? device");
		/* the second record outlives the list and the first record */
		record_list_take(&moved, &list.items[1]);
		record_list_release(&list);
		record_list_write(&out, &moved);
		CHECK_STR(out.buf, second);
		/* a test added later goes to the pool, beside the borrowed ones */
		record_add_test(&moved.items[0], "kunit.d.four", STATUS_PASS, "late");
		CHECK_STR(moved.items[0].tests[3].reason, "late");
		CHECK_STR(moved.items[0].tests[2].reason, "no ? device");
	}
	record_list_release(&list);
	record_list_release(&moved);
	free(second);
	strbuf_release(&text);
	strbuf_release(&err);
	strbuf_release(&out);
}

/*
 * A large note (4 MB and more) cuts its records' arrays of tests from
 * slabs of its own: parsed as a copy is, and each array still grows
 * into one of the record's own, without touching its neighbours'.
 */
static void test_borrowed_slabs(void)
{
	struct record_list list = RECORD_LIST_INIT, copied = RECORD_LIST_INIT;
	struct record_list moved = RECORD_LIST_INIT;
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT, one = STRBUF_INIT;
	struct strbuf first = STRBUF_INIT, second = STRBUF_INIT, out = STRBUF_INIT;
	size_t i, nr = 60000;
	int ret;

	for (i = 0; i < 2; i++) {
		struct record r;
		size_t j;

		record_init(&r);
		record_set_origin(&r, "lkft");
		record_set_run(&r, i ? "run-2" : "run-1");
		record_set_date(&r, "2026-11-25T10:00:00Z");
		for (j = 0; j < nr; j++) {
			strbuf_reset(&one);
			strbuf_addf(&one, "ltp-syscalls.test_%06zu_with_invalid_flags", j);
			record_add_test(&r, one.buf, j % 50 ? STATUS_PASS : STATUS_FAIL,
					j % 50 ? NULL : "expected 1 == 2");
		}
		record_normalize(&r);
		record_write(i ? &second : &first, &r);
		record_release(&r);
	}
	strbuf_addf(&text, "%s\n%s", first.buf, second.buf);
	CHECK(text.len >= 4 << 20);
	CHECK_INT(record_list_parse(&copied, text.buf, text.len, &err), 0);
	ret = record_list_parse_text(&list, &text, &err);
	CHECK_INT(ret, 0);
	if (!CHECK_INT(list.nr, 2))
		goto out;
	CHECK(list.items[0].tests_in_text);
	CHECK(same_tests(&list, &copied));
	/* the first record's array is full: a test more moves it out */
	record_add_test(&list.items[0], "zz.late", STATUS_PASS, NULL);
	CHECK(!list.items[0].tests_in_text);
	CHECK_INT(list.items[0].tests_nr, nr + 1);
	CHECK_STR(list.items[0].tests[nr].path, "zz.late");
	CHECK_STR(list.items[0].tests[0].path, copied.items[0].tests[0].path);
	CHECK_STR(list.items[0].tests[nr - 1].path, copied.items[0].tests[nr - 1].path);
	/* the second, still in the slab, outlives the list */
	record_list_take(&moved, &list.items[1]);
	list.nr = 1;
	record_list_release(&list);
	record_list_write(&out, &moved);
	CHECK(!strcmp(out.buf, second.buf));
out:
	record_list_release(&list);
	record_list_release(&copied);
	record_list_release(&moved);
	strbuf_release(&text);
	strbuf_release(&err);
	strbuf_release(&one);
	strbuf_release(&first);
	strbuf_release(&second);
	strbuf_release(&out);
}

int main(void)
{
	test_canonical_text();
	test_roundtrip();
	test_refusals();
	test_canonical_lines();
	test_failing_only();
	test_borrowed_strings();
	test_borrowed_slabs();
	test_several_records_and_signature();
	test_empty_record();
	test_rollup_priority();
	test_field_checks();
	test_filtered_rollup();
	test_filter_read();
	return unit_done();
}
