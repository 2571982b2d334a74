/*
 * Unit tests for lib/result-spool.c: whatever the order tests arrive in and
 * however often they spill to disk, reading them back gives exactly the
 * test lines record_write_payload() writes for the same tests.
 */
#include "t/unit/unit.h"
#include "lib/record.h"
#include "lib/result-spool.h"
#include "lib/usage.h"

#include <stdlib.h>

/* The test lines of the canonical payload of `r` (after the blank line). */
static void canonical_tests(struct strbuf *out, struct record *r)
{
	struct strbuf payload = STRBUF_INIT;
	const char *body;

	record_set_origin(r, "o");
	record_set_run(r, "r");
	record_set_date(r, "2026-11-25T10:00:00Z");
	record_normalize(r);
	record_write_payload(&payload, r);
	body = strstr(payload.buf, "\n\n");
	strbuf_addstr(out, body + 2);
	strbuf_release(&payload);
}

static void read_all(struct strbuf *out, struct result_spool *s)
{
	const char *block;
	size_t len;

	result_spool_rewind(s);
	while ((block = result_spool_read(s, &len)))
		strbuf_add(out, block, len);
}

static unsigned long seed = 12345;

static unsigned long rnd(void)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return seed >> 33;
}

static const char *const reasons[] = {
	NULL, "timed out", "  padded  ", "tab\there", "", "a # b", "\xff bad utf-8",
};

/* Adds `n` random tests, some repeated, to both. */
static void add_random(struct result_spool *s, struct record *r, size_t n, int sorted)
{
	struct strbuf path = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		enum result_status st = (enum result_status)(rnd() % STATUS__NR);
		const char *reason = reasons[rnd() % ARRAY_SIZE(reasons)];

		strbuf_reset(&path);
		if (sorted)
			strbuf_addf(&path, "suite_%06zu.case", i);
		else
			strbuf_addf(&path, "s%lu.c%lu%s", rnd() % 7, rnd() % 50, rnd() % 5 ? "" : ".x-y");
		result_spool_add(s, path.buf, st, reason);
		record_add_test(r, path.buf, st, reason);
	}
	strbuf_release(&path);
}

/*
 * Checks that `s`, which holds the `n` tests of `r`, reads back as the
 * record's test lines, twice, and releases both.
 */
static void check_spool(struct result_spool *s, struct record *r, size_t n)
{
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT, again = STRBUF_INIT;
	size_t i, total = 0;

	canonical_tests(&want, r);
	read_all(&got, s);
	if (!CHECK_INT(got.len, want.len) | !CHECK(!memcmp(got.buf, want.buf, got.len)))
		printf("# got:\n%.400s\n# want:\n%.400s\n", got.buf, want.buf);
	CHECK_INT(s->nr, n);
	CHECK_INT(s->bytes, want.len);
	for (i = 0; i < STATUS__NR; i++) {
		CHECK_INT(s->counts[i], r->counts[i]);
		total += s->counts[i];
	}
	CHECK_INT(total, n);
	/* reading twice gives the same */
	read_all(&again, s);
	CHECK(again.len == got.len && !memcmp(again.buf, got.buf, got.len));
	result_spool_release(s);
	record_release(r);
	strbuf_release(&got);
	strbuf_release(&want);
	strbuf_release(&again);
}

/*
 * Adds `n` tests to a spool with chunks of `chunk_limit` bytes, and checks
 * it spilled at least `min_runs` runs (exactly that many when `exact`).
 */
static void check_same(size_t n, size_t chunk_limit, int sorted, size_t min_runs, int exact)
{
	struct result_spool s;
	struct record r = RECORD_INIT;

	printf("# %zu %s tests, chunks of %zu bytes\n", n, sorted ? "sorted" : "shuffled", chunk_limit);
	result_spool_init(&s);
	s.chunk_limit = chunk_limit;
	add_random(&s, &r, n, sorted);
	if (exact)
		CHECK_INT(s.runs_nr, min_runs);
	else
		CHECK(s.runs_nr >= min_runs);
	check_spool(&s, &r, n);
}

/*
 * Paths that share their first bytes, or all of them, in the order of
 * a shuffle: the sort compares eight bytes past the prefix all paths
 * share before it reads the rest.
 */
static void test_close_paths(void)
{
	static const char *const paths[] = {
		"x.case_10", "x.case_1", "x.case_100", "x.case_1.y", "x.case_1", "x.case", "x.case_1abcdefgh",
		"x.case_1abcdefg", "x.case_1abcdefgh.i", "x.case_1abcdefgi", "x.casf", "x.case_1-", "x.case_1abcdefgh",
		"x.case_10", "x.c", "x.case_2", "x.case_20", "x.case_1abcdefgh",
		/* differing in the first byte past the key */
		"x.case_1abce", "x.case_1abcd", "x.case_1abce", "x.case_1abcd",
	};
	struct result_spool s;
	struct record r = RECORD_INIT;
	size_t i;

	printf("# paths that share a prefix\n");
	result_spool_init(&s);
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		enum result_status st = (enum result_status)(i % STATUS__NR);
		const char *reason = i % 3 ? "why" : NULL;

		result_spool_add(&s, paths[i], st, reason);
		record_add_test(&r, paths[i], st, reason);
	}
	check_spool(&s, &r, ARRAY_SIZE(paths));
}

/*
 * Tests as KUnit prints them: suites in no order, each's cases named
 * case_1..case_<cases> in the order they ran (three runs per suite in
 * canonical order); some suites printed twice, apart (runs that overlap
 * others), a few cases twice with another status.
 */
static void check_suites(size_t suites, size_t cases, size_t chunk_limit)
{
	struct result_spool s;
	struct record r = RECORD_INIT;
	struct strbuf path = STRBUF_INIT;
	size_t i, c, n = 0;

	printf("# %zu suites of %zu cases, chunks of %zu bytes\n", suites, cases, chunk_limit);
	result_spool_init(&s);
	s.chunk_limit = chunk_limit;
	for (i = 0; i < suites; i++) {
		unsigned long suite = rnd() % (suites + suites / 10 + 1);

		for (c = 1; c <= cases; c++) {
			enum result_status st = rnd() % 50 ? STATUS_PASS : (enum result_status)(rnd() % STATUS__NR);
			const char *reason = st == STATUS_PASS ? NULL : reasons[rnd() % ARRAY_SIZE(reasons)];
			int twice = !(rnd() % 200);

			strbuf_reset(&path);
			strbuf_addf(&path, "suite_%lu.case_%zu", suite, c);
			result_spool_add(&s, path.buf, st, reason);
			record_add_test(&r, path.buf, st, reason);
			n++;
			if (twice) {
				result_spool_add(&s, path.buf, STATUS_FAIL, "again");
				record_add_test(&r, path.buf, STATUS_FAIL, "again");
				n++;
			}
		}
	}
	strbuf_release(&path);
	check_spool(&s, &r, n);
}

/*
 * A KTAP plan's missing tests after the results that came: runs that
 * sort in another order than they came ("a b", then "3".."9",
 * "10".."99", "100".."999"), merged where earlier runs lay.
 */
static void test_numbered(void)
{
	struct result_spool s;
	struct record r = RECORD_INIT;
	char path[16];
	size_t i;

	printf("# numbered tests after named ones\n");
	result_spool_init(&s);
	result_spool_add(&s, "a", STATUS_PASS, NULL);
	record_add_test(&r, "a", STATUS_PASS, NULL);
	result_spool_add(&s, "b", STATUS_FAIL, NULL);
	record_add_test(&r, "b", STATUS_FAIL, NULL);
	for (i = 3; i <= 1000; i++) {
		snprintf(path, sizeof(path), "%zu", i);
		result_spool_add(&s, path, STATUS_MISS, "no result reported");
		record_add_test(&r, path, STATUS_MISS, "no result reported");
	}
	check_spool(&s, &r, 1000);
}

/*
 * A line longer than the room a chunk is given past its limit, in the
 * middle of shuffled tests that fill several chunks.
 */
static void test_long_line(void)
{
	struct result_spool s;
	struct record r = RECORD_INIT;
	size_t len = 300 * 1024;
	char *reason = xmalloc(len + 1);

	printf("# a reason of %zu bytes among shuffled tests\n", len);
	memset(reason, 'x', len);
	reason[len] = '\0';
	result_spool_init(&s);
	s.chunk_limit = 256 * 1024;
	add_random(&s, &r, 20000, 0);
	result_spool_add(&s, "s3.long", STATUS_FAIL, reason);
	record_add_test(&r, "s3.long", STATUS_FAIL, reason);
	add_random(&s, &r, 20000, 0);
	CHECK(s.runs_nr >= 2);
	check_spool(&s, &r, 40001);
	free(reason);
}

static void test_empty(void)
{
	struct result_spool s;
	size_t len = 7;

	result_spool_init(&s);
	result_spool_rewind(&s);
	CHECK(!result_spool_read(&s, &len));
	CHECK_INT(s.nr, 0);
	result_spool_release(&s);
}

static void test_parse_line(void)
{
	struct spool_test t;
	static const char line[] = "ERROR a.b-c # it crashed # twice";

	spool_test_parse(&t, line, strlen(line));
	CHECK_INT(t.status, STATUS_ERROR);
	CHECK_INT(t.path_len, 5);
	CHECK(!memcmp(t.path, "a.b-c", 5));
	CHECK(t.reason && t.reason_len == 18 && !memcmp(t.reason, "it crashed # twice", 18));
	spool_test_parse(&t, "SKIP x", 6);
	CHECK_INT(t.status, STATUS_SKIP);
	CHECK_INT(t.path_len, 1);
	CHECK(!t.reason);
}

int main(void)
{
	test_empty();
	test_parse_line();
	/* all in memory */
	check_same(1, RESULT_SPOOL_CHUNK, 0, 0, 1);
	check_same(2000, RESULT_SPOOL_CHUNK, 0, 0, 1);
	check_same(2000, RESULT_SPOOL_CHUNK, 1, 0, 1);
	/* spilled: sorted input makes one run, whatever the chunk size */
	check_same(5000, 512, 1, 1, 1);
	/* spilled and shuffled: a few runs, then more than are merged at once */
	check_same(3000, 8192, 0, 2, 0);
	check_same(20000, 1024, 0, 65, 0);
	check_same(20000, 64, 0, 4096, 0);
	/* chunks large enough to be sorted in their own blocks, and reused */
	check_same(100000, 256 * 1024, 0, 4, 0);
	check_same(300000, RESULT_SPOOL_CHUNK, 0, 1, 0);
	test_long_line();
	test_close_paths();
	test_numbered();
	/* runs long enough to be merged by cluster */
	check_suites(1, 100, RESULT_SPOOL_CHUNK);
	check_suites(1000, 100, RESULT_SPOOL_CHUNK);
	check_suites(300, 40, 64 * 1024);
	check_suites(5000, 12, RESULT_SPOOL_CHUNK);
	return unit_done();
}
