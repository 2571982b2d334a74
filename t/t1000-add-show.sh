#!/bin/sh
# add, show, log and remove on a real repository, read back by git itself.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	test_commit two &&
	test_commit three
'

test_expect_success 'add attaches a record that git notes reads' '
	cd repo &&
	git results add --origin ci --run r1 --env arch=x86_64 --env config=defconfig \
		--link https://ci.example/r1 HEAD "$TEST_DATA/kunit-failure.ktap" &&
	git notes --ref=results show HEAD >note &&
	head -1 note >first &&
	echo "results 1" >expect &&
	test_cmp expect first &&
	grep "^commit $(git rev-parse HEAD)$" note &&
	grep "^tree $(git rev-parse HEAD^{tree})$" note &&
	grep "^origin ci$" note &&
	grep "^run r1$" note &&
	grep "^env arch x86_64$" note &&
	grep "^status FAIL$" note &&
	grep "^FAIL example.example_simple_test" note &&
	git notes --ref=results list >list &&
	test $(wc -l <list) = 1 &&
	git fsck --strict
'

test_expect_success 'git log --notes=results shows the record' '
	cd repo &&
	git log -1 --notes=results >log &&
	grep "Notes (results):" log &&
	grep "    origin ci" log
'

test_expect_success 'the record is canonical: show --raw gives the note bytes' '
	cd repo &&
	git notes --ref=results show HEAD >expect &&
	git results show --raw HEAD >actual &&
	test_cmp expect actual
'

test_expect_success 'show leads with failures and summarises' '
	cd repo &&
	git results show >out &&
	grep "^commit $(git rev-parse HEAD)$" out &&
	grep "^origin ci  run r1" out &&
	grep "^status FAIL: " out &&
	grep "FAIL  example.example_simple_test" out &&
	! grep "PASS  sysctl_test" out &&
	git results show --all >all &&
	grep "PASS  sysctl_test" all
'

test_expect_success 'show --json gives one object per record' '
	cd repo &&
	git results show --json HEAD >out.json &&
	python3 - <<-\PY
	import json
	data = json.load(open("out.json"))
	assert len(data) == 1, data
	r = data[0]
	for key in ("commit", "origin", "run", "status", "counts", "tests"):
	    assert key in r, key
	assert r["origin"] == "ci" and r["run"] == "r1"
	assert r["status"] == "FAIL"
	assert set(r["counts"]) == {"FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"}
	assert {"path": "example.example_simple_test", "status": "FAIL"}.items() <= \
	    [t for t in r["tests"] if t["path"] == "example.example_simple_test"][0].items()
	PY
'

test_expect_success 'a second run on the same commit is kept beside the first' '
	cd repo &&
	git results add --origin ci --run r2 --env arch=arm64 "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=results show HEAD >note &&
	test $(test_count_records note) = 2 &&
	git results show --json >out.json &&
	python3 -c "import json; d = json.load(open(\"out.json\")); assert [r[\"run\"] for r in d] == [\"r1\", \"r2\"], d"
'

test_expect_success 'adding the same record again changes nothing' '
	cd repo &&
	before=$(notes_tip) &&
	git results add --origin ci --run r2 --env arch=arm64 "$TEST_DATA/kunit-skip.ktap" &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'a different record under the same run needs --force' '
	cd repo &&
	before=$(notes_tip) &&
	test_expect_code 1 git results add --origin ci --run r2 "$TEST_DATA/kunit-failure.ktap" 2>err &&
	grep "already has a different record" err &&
	test "$(notes_tip)" = "$before" &&
	git results add --force --origin ci --run r2 --env arch=arm64 "$TEST_DATA/kunit-failure.ktap" &&
	test "$(notes_tip)" != "$before" &&
	git notes --ref=results show HEAD >note &&
	test $(test_count_records note) = 2
'

test_expect_success 'add reads standard input and defaults to HEAD' '
	cd repo &&
	git results add --origin stdin_ci HEAD~1 <"$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=results show HEAD~1 >note &&
	grep "^origin stdin_ci$" note &&
	git results add --origin file_only "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=results show HEAD >note &&
	grep "^origin file_only$" note
'

test_expect_success 'log lists commits with results, like --oneline' '
	cd repo &&
	git results log >out &&
	test $(wc -l <out) = 2 &&
	head -1 out >first &&
	grep "^$(git rev-parse --short=7 HEAD) FAIL " first &&
	grep " three$" first &&
	git results log HEAD~1..HEAD >range &&
	test $(wc -l <range) = 1 &&
	git results log --json >log.json &&
	python3 -c "import json; d = json.load(open(\"log.json\")); assert len(d) == 2 and d[0][\"status\"] == \"FAIL\" and d[0][\"records\"] == 3, d"
'

test_expect_success 'show on a commit without results is an error' '
	cd repo &&
	test_expect_code 1 git results show one 2>err &&
	grep "^error: no results recorded for .one.$" err
'

test_expect_success 'remove one run, then one origin, then all' '
	cd repo &&
	git results remove --origin ci --run r2 HEAD &&
	git notes --ref=results show HEAD >note &&
	test $(test_count_records note) = 2 &&
	git results remove --origin ci HEAD &&
	git notes --ref=results show HEAD >note &&
	grep "^origin file_only$" note &&
	! grep "^origin ci$" note &&
	git results remove HEAD &&
	test_must_fail git notes --ref=results show HEAD &&
	test_expect_code 1 git results remove HEAD 2>err &&
	grep "no results recorded" err &&
	git fsck --strict
'

test_expect_success 'remove --origin is repeatable: the records show --origin shows' '
	cd repo &&
	for o in one two three; do
		git results add -q --origin $o --run r HEAD "$TEST_DATA/kunit-skip.ktap" || return 1
	done &&
	git results show --json --origin one --origin two HEAD >shown.json &&
	python3 -c "import json; print(\"removed %d records\" % len(json.load(open(\"shown.json\"))))" >expect &&
	git results remove --origin one --origin two HEAD 2>err &&
	test_cmp expect err &&
	git notes --ref=results show HEAD >note &&
	grep "^origin three$" note &&
	! grep "^origin one$" note &&
	! grep "^origin two$" note &&
	test_expect_code 129 git results remove --origin Bad HEAD 2>err &&
	grep "^error: bad --origin .Bad." err &&
	git results remove HEAD
'

test_expect_success '--ref and results.notesRef choose the notes ref' '
	cd repo &&
	git results add --ref ci-results --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=ci-results show HEAD >note &&
	grep "^origin ci$" note &&
	test_when_finished "git config --unset results.notesRef" &&
	git config results.notesRef refs/notes/other &&
	git results add --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=other show HEAD >note &&
	grep "^origin ci$" note &&
	git -c results.notesRef=refs/notes/third results add --origin ci "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=third show HEAD >note &&
	grep "^origin ci$" note
'

test_expect_success 'notes written by git notes add: records are read, other text is refused' '
	cd repo &&
	git results show --raw HEAD~1 >record &&
	git notes --ref=handmade add -F record HEAD~1 &&
	git results show --ref handmade HEAD~1 >out &&
	grep "^origin stdin_ci" out &&
	git notes --ref=results add -m "just a comment" one &&
	before=$(notes_tip) &&
	test_expect_code 1 git results show one 2>err &&
	grep "not a results record" err &&
	test_expect_code 1 git results add --origin ci one "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "not a results record" err &&
	test "$(notes_tip)" = "$before" &&
	git results log >out &&
	grep "not a results note" out
'

test_expect_success 'the notes commit says who wrote it' '
	cd repo &&
	git log -1 --format="%s|%cn" refs/notes/results >out &&
	echo "Notes added by '\''git notes add'\''|C O Mitter" >expect &&
	test_cmp expect out &&
	git log --format="%s" refs/notes/results >subjects &&
	grep "^Notes added by .git results add.$" subjects
'

test_expect_success 'show reads passing tests only to count them, and checks them all' '
	git init -q counted &&
	(
		cd counted &&
		test_commit c &&
		cat >results.tap <<-\EOF &&
		TAP version 13
		1..4
		ok 1 - alpha
		not ok 2 - beta # expected 1
		ok 3 - gamma # SKIP no device
		ok 4 - delta
		EOF
		git results add --origin ci --run r1 HEAD results.tap &&
		git results show HEAD >out &&
		grep "^status FAIL: 4 tests, 1 FAIL, 2 PASS, 1 SKIP$" out &&
		grep "^    FAIL  " out >listed &&
		test_line_count = 1 listed &&
		! grep "PASS  \|SKIP  " out &&
		git results show --all HEAD >all &&
		grep "^status FAIL: 4 tests, " all &&
		grep "^    PASS  " all >passes &&
		test_line_count = 2 passes &&
		git notes --ref=results show HEAD >note &&
		# a passing line out of order: refused though show keeps no pass
		sed "/^PASS .*alpha/{h;d;};/^PASS .*delta/G" note >swapped &&
		! test_cmp note swapped &&
		git notes --ref=results add -f -F swapped HEAD &&
		test_must_fail git results show HEAD 2>err &&
		grep "not in canonical form" err
	)
'

test_done
