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
 * Adds `n` tests to a spool with chunks of `chunk_limit` bytes, and checks
 * it spilled at least `min_runs` runs (exactly that many when `exact`).
 */
static void check_same(size_t n, size_t chunk_limit, int sorted, size_t min_runs, int exact)
{
	struct result_spool s;
	struct record r = RECORD_INIT;
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT, again = STRBUF_INIT;
	size_t i, total = 0;

	printf("# %zu %s tests, chunks of %zu bytes\n", n, sorted ? "sorted" : "shuffled", chunk_limit);
	result_spool_init(&s);
	s.chunk_limit = chunk_limit;
	add_random(&s, &r, n, sorted);
	canonical_tests(&want, &r);
	if (exact)
		CHECK_INT(s.runs_nr, min_runs);
	else
		CHECK(s.runs_nr >= min_runs);
	read_all(&got, &s);
	if (!CHECK_INT(got.len, want.len) | !CHECK(!memcmp(got.buf, want.buf, got.len)))
		printf("# got:\n%.400s\n# want:\n%.400s\n", got.buf, want.buf);
	CHECK_INT(s.nr, n);
	CHECK_INT(s.bytes, want.len);
	for (i = 0; i < STATUS__NR; i++) {
		CHECK_INT(s.counts[i], r.counts[i]);
		total += s.counts[i];
	}
	CHECK_INT(total, n);
	/* reading twice gives the same */
	read_all(&again, &s);
	CHECK(again.len == got.len && !memcmp(again.buf, got.buf, got.len));
	result_spool_release(&s);
	record_release(&r);
	strbuf_release(&got);
	strbuf_release(&want);
	strbuf_release(&again);
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
	return unit_done();
}
