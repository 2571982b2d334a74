#!/bin/sh
# show --to b4-check and contrib/b4-results-check, run the way b4 runs a
# review check command: at the top of the work tree, one patch email on
# standard input, one JSON object read from standard output.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

CHECK=$SRC_DIR/contrib/b4-results-check

# b4_reads <output file>: what b4 keeps of a check command's output
# (src/b4/review/checks.py, _run_external_cmd): tool|status|summary|url,
# then the details, one finding per line.
b4_reads() {
	python3 - "$1" <<-\PY
	import json, sys
	out = open(sys.argv[1], "rb").read()
	if not out.strip():
	    sys.exit(0)
	data = json.loads(out)
	if not isinstance(data, list):
	    data = [data]
	for e in data:
	    status = e.get("status", "fail")
	    assert status in ("pass", "warn", "fail"), status
	    print("|".join([e.get("tool", "?"), status, e.get("summary", ""), e.get("url", "")]))
	    for f in json.loads(e.get("details") or "[]"):
	        print("  " + "|".join([f["status"], f["context"], f["description"], f.get("url", "")]))
	PY
}

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	echo base >file && git add file && git commit -q -m base &&
	echo one >>file && git commit -q -a -m "first" \
		-m "Link: https://lore.kernel.org/r/20261201.1-alice@example.org" &&
	git tag one &&
	echo two >>file && git commit -q -a -m "second" &&
	git tag two &&
	echo three >>file && git commit -q -a -m "third" &&
	git tag three &&
	write_tap ../pass.tap ok:a ok:b &&
	write_tap ../fail.tap ok:a fail:b &&
	write_tap ../skip.tap skip:a &&
	git results add -q --origin lkft --run r1 --env arch=x86_64 \
		--link https://ci.example/r1 one ../fail.tap &&
	git results add -q --origin ci --run r2 --env arch=arm64 one ../pass.tap &&
	git results add -q --origin ci --run r3 two ../skip.tap
'

test_expect_success 'show --to b4-check: one object per commit, as b4 reads it' '
	cd repo &&
	git results show --to b4-check one two >out &&
	test_line_count = 2 out &&
	sed -n 1p out >one.json &&
	sed -n 2p out >two.json &&
	b4_reads one.json >read &&
	b4_reads two.json >>read &&
	cat >expect <<-\EOF &&
	git-results|fail|1 FAIL, 3 PASS in 2 runs|https://ci.example/r1
	  pass|ci/r2|arch=arm64: 2 PASS|
	  fail|lkft/r1|arch=x86_64: 1 FAIL, 1 PASS; failing: FAIL b|https://ci.example/r1
	git-results|warn|1 SKIP in 1 run|
	  warn|ci/r3|1 SKIP|
	EOF
	test_cmp expect read
'

test_expect_success 'the wrapper finds the commit by the Message-ID of its Link: trailer' '
	cd repo &&
	git format-patch -1 --stdout one >mail.raw &&
	sed "/^Subject:/a\\
Message-ID: <20261201.1-alice@example.org>" mail.raw >mail &&
	git checkout -q three &&
	"$CHECK" <mail >out &&
	b4_reads out >read &&
	head -n 1 read >first &&
	echo "git-results|fail|1 FAIL, 3 PASS in 2 runs|https://ci.example/r1" >expect &&
	test_cmp expect first
'

test_expect_success 'the wrapper finds a commit without a Link: by its patch id' '
	cd repo &&
	git format-patch -1 --stdout two >mail.raw &&
	sed "/^Subject:/a\\
Message-ID: <other@example.org>" mail.raw >mail &&
	"$CHECK" <mail >out &&
	b4_reads out >read &&
	head -n 1 read >first &&
	echo "git-results|warn|1 SKIP in 1 run|" >expect &&
	test_cmp expect first
'

test_expect_success 'no commit, or a commit without results: no output, success' '
	cd repo &&
	git format-patch -1 --stdout three >mail &&
	"$CHECK" <mail >out &&
	test_must_be_empty out &&
	printf "Subject: [PATCH] unknown\nMessage-ID: <nobody@example.org>\n\nno diff here\n" >mail &&
	"$CHECK" <mail >out &&
	test_must_be_empty out
'

test_done
