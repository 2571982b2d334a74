/*
 * Unit tests for formats/ltp.c: kirk's JSON report, its statuses and
 * reasons, and reports that are not kirk's.
 */
#include "t/unit/format-sink.h"

extern const struct format format_ltp;

static void test_corpus(void)
{
	struct results r = { 0 };

	/* ltp-kirk/lkp-fs-00-results.json: 13 tests, proc01 failing */
	parse_file(&format_ltp, CORPORA "/ltp-kirk/lkp-fs-00-results.json", &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(r.nr, 13);
	CHECK_INT(count_status(&r, STATUS_PASS), 12);
	check_result(&r, "ltp.gf15", STATUS_PASS, NULL);
	check_result(&r, "ltp.read_all_dev", STATUS_PASS, NULL);
	check_result(&r, "ltp.proc01", STATUS_FAIL,
		     "TFAIL  :  proc01.c:400: read failed: /proc/sys/net/ipv4/neigh/default/"
		     "anycast_delay: errno=EINVAL(22): Invalid argument");
	results_release(&r);
}

static void test_statuses(void)
{
	struct results r = { 0 };

	parse_str(&format_ltp,
		  "{\"results\": [\n"
		  " {\"test_fqn\": \"a\", \"status\": \"pass\", \"test\": {\"log\": \"a 1 TPASS : ok\"}},\n"
		  " {\"test_fqn\": \"b\", \"status\": \"brok\", \"test\": {\"log\": \"x\\ntst_test.c:1: TBROK: mmap failed\\n\", \"retval\": [\"2\"]}},\n"
		  " {\"test_fqn\": \"c\", \"status\": \"warn\", \"test\": {\"log\": \"\", \"retval\": [\"4\"]}},\n"
		  " {\"test_fqn\": \"d\", \"status\": \"conf\", \"test\": {\"log\": \"d.c:9: TCONF: no /dev/kvm\"}},\n"
		  " {\"test_fqn\": \"e\", \"test\": {\"result\": \"fail\", \"log\": \"e 1 TFAIL : bad\"}},\n"
		  " {\"test_fqn\": \"killed [x]\", \"status\": \"brok\", \"test\": {\"retval\": [\"-1\"]}},\n"
		  " {\"test_fqn\": \"f\", \"status\": \"fail\"}\n"
		  "], \"stats\": {}, \"environment\": {}}\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "ltp.a", STATUS_PASS, NULL);
	check_result(&r, "ltp.b", STATUS_ERROR, "TBROK: mmap failed");
	check_result(&r, "ltp.c", STATUS_ERROR, "exit code 4");
	check_result(&r, "ltp.d", STATUS_SKIP, "TCONF: no /dev/kvm");
	check_result(&r, "ltp.e", STATUS_FAIL, "TFAIL : bad");
	check_result(&r, "ltp.killed_x", STATUS_ERROR, "name \"ltp.killed [x]\": exit code -1");
	check_result(&r, "ltp.f", STATUS_FAIL, NULL);
	CHECK_INT(r.nr, 7);
	results_release(&r);

	r.stop_after = 1;
	parse_str(&format_ltp, "{\"results\": [{\"test_fqn\": \"a\", \"status\": \"pass\"},"
		  "{\"test_fqn\": \"b\", \"status\": \"pass\"}]}", &r);
	CHECK_INT(r.ret, 7);
	CHECK_INT(r.nr, 1);
	results_release(&r);
}

/* A name that had to change keeps its original in the reason. */
static void test_original_names(void)
{
	struct results r = { 0 };

	parse_str(&format_ltp,
		  "{\"results\": [\n"
		  " {\"test_fqn\": \"fs_bind01_sh\", \"status\": \"pass\"},\n"
		  " {\"test_fqn\": \"memcg test.sh (v2)\", \"status\": \"pass\"},\n"
		  " {\"test_fqn\": \"quote\\\"d\\\\name\", \"status\": \"fail\","
		  " \"test\": {\"log\": \"q 1 TFAIL : bad\"}},\n"
		  " {\"test_fqn\": \"\", \"status\": \"conf\", \"test\": {\"log\": \"TCONF: why\"}},\n"
		  " {\"test_fqn\": \"twice!\", \"status\": \"pass\"},\n"
		  " {\"test_fqn\": \"twice!\", \"status\": \"fail\"}\n"
		  "]}\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "ltp.fs_bind01_sh", STATUS_PASS, NULL);
	/* kirk's name is one component: its dot is not a separator */
	check_result(&r, "ltp.memcg_test_sh_v2", STATUS_PASS, "name \"ltp.memcg test.sh (v2)\"");
	check_result(&r, "ltp.quote_d_name", STATUS_FAIL,
		     "name \"ltp.quote\\\"d\\\\name\": TFAIL : bad");
	check_result(&r, "ltp.unnamed", STATUS_SKIP, "name \"ltp.\": TCONF: why");
	/* kirk ran it twice: two lines, both with the name */
	if (CHECK_INT(r.nr, 6)) {
		CHECK_STR(r.v[4].path, "ltp.twice");
		CHECK_STR(r.v[4].reason, "name \"ltp.twice!\"");
		CHECK_STR(r.v[5].path, "ltp.twice");
		CHECK_STR(r.v[5].reason, "name \"ltp.twice!\"");
	}
	results_release(&r);
}

static void test_errors(void)
{
	static const struct {
		const char *json, *err;
	} cases[] = {
		{ "{\"results\": [{\"status\": \"pass\"}]}", "results[0] has no test_fqn" },
		{ "{\"results\": [{\"test_fqn\": \"a\"}]}", "results[0] has no status" },
		{ "{\"results\": [{\"test_fqn\": \"a\", \"status\": \"maybe\"}]}",
		  "results[0] has the unknown status 'maybe'" },
		{ "{\"results\": [7]}", "results[0] is not an object" },
		{ "{\"stats\": {}}", "not a kirk report: no \"results\" array" },
		{ "[1, 2]", "not a kirk report: no \"results\" array" },
		{ "{\"results\": [\n{\"test_fqn\": \"a\",,}]}", "line 2, column 18: string or '}' expected near ','" },
		{ "{\"results\": []} trailing", "line 1, column 24: end of file expected near 'trailing'" },
	};
	struct results r = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		parse_str(&format_ltp, cases[i].json, &r);
		CHECK_INT(r.ret, -1);
		CHECK_STR(r.err.buf, cases[i].err);
		results_release(&r);
	}
	/* no tests is still a report */
	parse_str(&format_ltp, "{\"results\": []}", &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(r.nr, 0);
	results_release(&r);
}

static void test_detect(void)
{
	const char *kirk = "\n {\"results\": [{\"test_fqn\": \"a\"";
	const char *other = "{\"results\": {\"suite\": {}}}";

	CHECK_INT(format_ltp.detect(kirk, strlen(kirk)), 95);
	CHECK_INT(format_ltp.detect(other, strlen(other)), 0);
	CHECK_INT(format_ltp.detect("TAP version 13\n\"test_fqn\"", 25), 0);
}

int main(void)
{
	test_corpus();
	test_statuses();
	test_original_names();
	test_errors();
	test_detect();
	return unit_done();
}
