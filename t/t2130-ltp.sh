#!/bin/sh
# LTP: the kirk report in ../shared/corpora/ltp-kirk against the statuses
# EXPECTED.md lists for it and against its own per-test counts.
. "$(dirname "$0")/test-lib.sh"

KIRK=$CORPORA/ltp-kirk/lkp-fs-00-results.json

test_expect_success 'every test, with the status EXPECTED.md gives it' '
	git results parse "$KIRK" >out &&
	sed -n "/^$/,\$p" out | sed 1d | cut -d" " -f1-2 >actual &&
	cat >expect <<-\EOF &&
	PASS ltp.gf15
	PASS ltp.gf17
	PASS ltp.gf20
	PASS ltp.gf25
	PASS ltp.inode01
	PASS ltp.inode02
	PASS ltp.lftest01
	FAIL ltp.proc01
	PASS ltp.read_all_dev
	PASS ltp.rwtest01
	PASS ltp.rwtest04
	PASS ltp.stream01
	PASS ltp.stream05
	EOF
	test_cmp expect actual
'

# kirk's stats sum assertions (TPASS, TFAIL lines), not tests: 18 passed
# and 22 failed over 13 tests.  A test fails exactly when it has failed
# assertions, which is what the report's own numbers say.
test_expect_success 'a test fails exactly where kirk counted failed assertions' '
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d[\"stats\"][\"passed\"] == sum(r[\"test\"][\"passed\"] for r in d[\"results\"]) == 18
assert d[\"stats\"][\"failed\"] == sum(r[\"test\"][\"failed\"] for r in d[\"results\"]) == 22
for r in d[\"results\"]:
    print(\"FAIL\" if r[\"test\"][\"failed\"] else \"PASS\", \"ltp.\" + r[\"test_fqn\"])
" "$KIRK" | sort >expect &&
	git results parse --json "$KIRK" >ours.json &&
	python3 -c "import json, sys; [print(t[\"status\"], t[\"path\"]) for t in json.load(sys.stdin)[\"tests\"]]" <ours.json |
	sort >actual &&
	test_cmp expect actual
'

test_expect_success 'the failure says why, from the log' '
	grep "^FAIL ltp.proc01 # TFAIL  :  proc01.c:400: read failed: /proc/sys/net/ipv4/neigh/default/anycast_delay: errno=EINVAL(22): Invalid argument$" out
'

test_expect_success 'broken, warned and unconfigured tests' '
	cat >kirk.json <<-\EOF &&
	{"results": [
	 {"test_fqn": "mmap01", "status": "brok", "test": {"log": "tst_test.c:1: TBROK: mmap failed\n", "retval": ["2"]}},
	 {"test_fqn": "cleanup01", "status": "warn", "test": {"log": "", "retval": ["4"]}},
	 {"test_fqn": "kvm01", "status": "conf", "test": {"log": "kvm.c:9: TCONF: no /dev/kvm\n", "retval": ["32"]}}
	], "stats": {}, "environment": {}}
	EOF
	git results parse kirk.json >out &&
	grep "^ERROR ltp.mmap01 # TBROK: mmap failed$" out &&
	grep "^ERROR ltp.cleanup01 # exit code 4$" out &&
	grep "^SKIP ltp.kvm01 # TCONF: no /dev/kvm$" out
'

test_expect_success 'a report that is not kirk'\''s says what is wrong' '
	echo "{\"results\": [{\"test_fqn\": \"a\", \"status\": \"maybe\"}]}" >bad.json &&
	test_must_fail git results parse --format=ltp bad.json 2>err &&
	echo "error: cannot parse '\''bad.json'\'' as ltp: results[0] has the unknown status '\''maybe'\''" >expect &&
	test_cmp expect err &&
	echo "{\"results\": [" >cut.json &&
	test_must_fail git results parse --format=ltp cut.json 2>err &&
	grep "^error: cannot parse '\''cut.json'\'' as ltp: line 2, column 0: " err
'

test_expect_success 'names that had to change keep their original' '
	cat >names.json <<-\EOF &&
	{"results": [
	 {"test_fqn": "fs_bind01_sh", "status": "pass"},
	 {"test_fqn": "memcg test.sh (v2)", "status": "pass"},
	 {"test_fqn": "quote\"d\\name", "status": "fail", "test": {"log": "q 1 TFAIL : bad"}},
	 {"test_fqn": "", "status": "conf", "test": {"log": "TCONF: why"}},
	 {"test_fqn": "twice!", "status": "pass"},
	 {"test_fqn": "twice!", "status": "pass"}
	]}
	EOF
	git results parse names.json >out &&
	sed "1,/^\$/d" out >actual &&
	cat >expect <<-\EOF &&
	PASS ltp.fs_bind01_sh
	PASS ltp.memcg_test_sh_v2 # name "ltp.memcg test.sh (v2)"
	FAIL ltp.quote_d_name # name "ltp.quote\"d\\name": TFAIL : bad
	PASS ltp.twice # name "ltp.twice!"
	PASS ltp.twice # name "ltp.twice!"
	SKIP ltp.unnamed # name "ltp.": TCONF: why
	EOF
	test_cmp expect actual
'

test_done
