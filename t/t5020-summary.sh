#!/bin/sh
# git results summary: the release summary, byte-for-byte deterministic,
# with regressions, signatures and the merged subsystem trees.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"


test_expect_success 'setup: two releases, subsystem merges in between' '
	git init -q repo &&
	cd repo &&
	git commit -q --allow-empty -m "Linux 6.0" &&
	git tag -a -m v6.0 v6.0 &&
	write_tap ../old.tap ok:net_a ok:net_b fail:net_c ok:gpu_a &&
	git results add --origin ci --run v60 --env arch=x86_64 v6.0 ../old.tap &&

	git checkout -q -b net v6.0 &&
	git commit -q --allow-empty -m "net: fix the frobnicator" &&
	write_tap ../net.tap ok:net_a ok:net_b ok:net_c &&
	git results add --origin netci --run tip --env arch=x86_64 HEAD ../net.tap &&
	git checkout -q -b drm v6.0 &&
	git commit -q --allow-empty -m "drm: <script>alert(1)</script> & more" &&
	git checkout -q main &&
	git commit -q --allow-empty -m "core: a direct commit" &&
	git merge -q --no-ff -m "Merge tag '\''net-6.1'\'' of git://example.org/net" net &&
	git merge -q --no-ff -m "Merge branch '\''drm-next'\'' of git://example.org/drm" drm &&
	git commit -q --allow-empty -m "Linux 6.1" &&
	git tag -a -m v6.1 v6.1 &&

	write_tap ../new.tap fail:net_a ok:net_b ok:net_c ok:gpu_a &&
	git results add --origin ci --run v61 --env arch=x86_64 v6.1 ../new.tap &&
	write_tap ../arm.tap ok:boot skip:gpu_a &&
	git results add --origin lab --run arm1 --env arch=arm64 --env device=rpi4 v6.1 ../arm.tap &&
	git results add --origin lab --run arm2 --env arch=arm64 --env device=rpi4 v6.1 ../arm.tap --date 2026-01-02T00:00:00Z &&
	write_tap ../m.tap ok:boot &&
	test_gpg_key "Maintainer <maintainer@example.org>" >../fpr &&
	git results add --sign -u maintainer@example.org --origin maintainer --run v6.1 v6.1 ../m.tap &&
	git results show v6.1 >/dev/null
'

test_expect_success 'the text summary' '
	cd repo &&
	git results summary v6.1 >out &&
	v61=$(git rev-parse v6.1^{commit}) &&
	v60=$(git rev-parse v6.0^{commit}) &&
	fpr=$(cat ../fpr) &&
	m1=$(git rev-parse --short=12 main~2) && m2=$(git rev-parse --short=12 main~1) &&
	t1=$(git rev-parse --short=12 net) && t2=$(git rev-parse --short=12 drm) &&
	cat >expect <<-EOF &&
	Test results for v6.1

	Release:   v6.1
	Commit:    $v61 Linux 6.1
	Previous:  v6.0 $v60
	Range:     v6.0..v6.1, 6 commits, 2 merges

	Signatures (4 records):
	    ci run v61: unsigned
	    lab run arm1: unsigned
	    lab run arm2: unsigned
	    maintainer run v6.1: good signature: key $fpr "Maintainer <maintainer@example.org>"

	Results by origin and environment (3):
	    FAIL  ci  arch=x86_64: 4 tests, 1 FAIL, 3 PASS
	    PASS  lab  arch=arm64 device=rpi4: 2 tests, 1 PASS, 1 SKIP (2 records)
	    PASS  maintainer: 1 test, 1 PASS

	Total: FAIL, 7 tests, 1 FAIL, 5 PASS, 1 SKIP; 4 records from 3 origins

	Regressions since v6.0 (1):
	    ci  arch=x86_64
	        FAIL  net_a  (was PASS)
	    All changes: 1 regression, 1 fix, 0 new failures, 0 still failing, 0 disappeared

	Failing tests (1):
	    ci  arch=x86_64
	        FAIL  net_a

	Merged trees (2):
	    $m1 Merge tag '\''net-6.1'\'' of git://example.org/net (tip $t1): PASS, 3 tests, 3 PASS; 1 record
	    $m2 Merge branch '\''drm-next'\'' of git://example.org/drm (tip $t2): no results
	EOF
	test_cmp expect out
'

test_expect_success 'two runs give identical bytes, whatever the clock, zone and locale' '
	cd repo &&
	git results summary v6.1 >one &&
	TZ=Asia/Tokyo LC_ALL=C.UTF-8 GIT_COMMITTER_DATE="1800000000 +0900" git results summary v6.1 >two &&
	cmp one two &&
	for f in markdown html json; do
		git results summary --format $f v6.1 >one.$f &&
		TZ=America/New_York git results summary --format $f v6.1 >two.$f &&
		cmp one.$f two.$f || return 1
	done
'

test_expect_success 'a range gives the same summary as the tag it ends at' '
	cd repo &&
	git results summary v6.1 >tag &&
	git results summary v6.0..v6.1 >range &&
	test_cmp tag range &&
	git results summary --previous v6.0 v6.1 >previous &&
	test_cmp tag previous
'

test_expect_success '--output writes the file that is committed in-tree' '
	cd repo &&
	mkdir -p Documentation/results &&
	git results summary --output Documentation/results/v6.1.txt v6.1 >stdout &&
	! test -s stdout &&
	git results summary v6.1 >expect &&
	test_cmp expect Documentation/results/v6.1.txt &&
	git add Documentation/results/v6.1.txt &&
	git commit -q -m "Add the v6.1 results summary" &&
	git results summary --output Documentation/results/v6.1.txt v6.1 &&
	git diff --exit-code &&
	! ls Documentation/results/*.tmp-* 2>/dev/null
'

test_expect_success '--name and --previous' '
	cd repo &&
	git results summary --name "Linux 6.1" --previous v6.0^{commit} v6.1 >out &&
	head -1 out >first &&
	echo "Test results for Linux 6.1" >expect &&
	test_cmp expect first &&
	grep "^Previous:  v6.0^{commit} $(git rev-parse v6.0^{commit})$" out
'

test_expect_success 'a previous release off the first-parent line' '
	cd repo &&
	git results summary --previous net v6.1 >out &&
	grep "^Range:     net..v6.1, 5 commits, 2 merges$" out &&
	sed -n "/^Merged trees/,\$p" out >merges &&
	git results summary v6.1 >out &&
	sed -n "/^Merged trees/,\$p" out >expect &&
	test_cmp expect merges
'

test_expect_success 'the first release has no previous release' '
	cd repo &&
	git results summary v6.0 >out &&
	grep "^Previous:  none found$" out &&
	grep "^Range:     v6.0, 1 commit, 0 merges$" out &&
	grep "^Regressions: no previous release to compare with$" out
'

test_expect_success 'markdown' '
	cd repo &&
	git results summary --format markdown v6.1 >out.md &&
	head -1 out.md >first &&
	echo "# Test results for v6\\.1" >expect &&
	test_cmp expect first &&
	cat >expect <<-\EOF &&
	## Regressions since v6\.0
	  - **FAIL** `net_a` (was PASS)
	EOF
	printf "%s%s%s\n" "- \`maintainer\` run \`v6.1\`: good signature\\: key " "$(cat ../fpr)" \
		" \\\"Maintainer \\<maintainer\\@example\\.org\\>\\\"" >>expect &&
	while IFS= read -r line; do
		grep -qxF -e "$line" out.md || { echo "missing: $line"; return 1; }
	done <expect
'

test_expect_success 'the whole markdown summary' '
	cd repo &&
	git results summary --format markdown v6.1 >out.md &&
	cat >expect.in <<-\EOF &&
	# Test results for v6\.1

	- Release: `v6.1`
	- Commit: `@v61@` Linux 6\.1
	- Previous: `v6.0` `@v60@`
	- Range: `v6.0..v6.1`, 6 commits, 2 merges

	## Signatures

	- `ci` run `v61`: unsigned
	- `lab` run `arm1`: unsigned
	- `lab` run `arm2`: unsigned
	- `maintainer` run `v6.1`: good signature\: key @fpr@ \"Maintainer \<maintainer\@example\.org\>\"

	## Results by origin and environment

	- **FAIL** `ci` `arch=x86_64`: 4 tests, 1 FAIL, 3 PASS
	- **PASS** `lab` `arch=arm64 device=rpi4`: 2 tests, 1 PASS, 1 SKIP (2 records)
	- **PASS** `maintainer`: 1 test, 1 PASS

	**Total: FAIL**, 7 tests, 1 FAIL, 5 PASS, 1 SKIP; 4 records from 3 origins

	## Regressions since v6\.0

	- `ci` `arch=x86_64`
	  - **FAIL** `net_a` (was PASS)

	All changes: 1 regression, 1 fix, 0 new failures, 0 still failing, 0 disappeared.

	## Failing tests

	- `ci` `arch=x86_64`
	  - **FAIL** `net_a`

	## Merged trees

	- `@m1@` Merge tag \'\''net\-6\.1\'\'' of git\:\/\/example\.org\/net (tip `@t1@`): **PASS**, 3 tests, 3 PASS; 1 record
	- `@m2@` Merge branch \'\''drm\-next\'\'' of git\:\/\/example\.org\/drm (tip `@t2@`): no results
	EOF
	sed -e "s/@v61@/$(git rev-parse v6.1^{commit})/" -e "s/@v60@/$(git rev-parse v6.0^{commit})/" \
	    -e "s/@fpr@/$(cat ../fpr)/" \
	    -e "s/@m1@/$(git rev-parse --short=12 v6.1~2)/" -e "s/@m2@/$(git rev-parse --short=12 v6.1~1)/" \
	    -e "s/@t1@/$(git rev-parse --short=12 net)/" -e "s/@t2@/$(git rev-parse --short=12 drm)/" \
	    expect.in >expect &&
	test_cmp expect out.md
'

test_expect_success 'html is rendered by cmark and well-formed' '
	cd repo &&
	git results summary --format html v6.1 >out.html &&
	xmllint --noout out.html &&
	python3 - <<-\PY
	import html.parser, xml.etree.ElementTree as ET
	text = open("out.html", encoding="utf-8").read()
	root = ET.fromstring(text)
	body = root.find("body")
	assert body.find("h1").text == "Test results for v6.1", body.find("h1").text
	assert [h.text for h in body.findall("h2")][:3] == ["Signatures", "Results by origin and environment", "Regressions since v6.0"]
	assert "<script>" not in text and "&lt;script&gt;" not in text  # drm subject is not in the range text, merges are
	class P(html.parser.HTMLParser):
	    def __init__(self):
	        super().__init__()
	        self.stack = []
	    def handle_starttag(self, tag, attrs):
	        self.stack.append(tag)
	    def handle_startendtag(self, tag, attrs):
	        pass
	    def handle_endtag(self, tag):
	        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
	        self.stack.pop()
	p = P()
	p.feed(text)
	assert p.stack == [], p.stack
	PY
'

test_expect_success 'repository text cannot inject markup' '
	cd repo &&
	git checkout -q -b evil v6.1 &&
	git commit -q --allow-empty -m "x" &&
	git checkout -q -b side evil~1 &&
	git commit -q --allow-empty -m "side" &&
	git checkout -q evil &&
	git merge -q --no-ff -m "Merge <script>alert(1)</script> & *stars* \`tick\` [l](http://x)" side &&
	git results add --origin ci --run evil HEAD ../m.tap &&
	git results summary --format html v6.1..HEAD >evil.html &&
	xmllint --noout evil.html &&
	grep "Merge &lt;script&gt;alert(1)&lt;/script&gt; &amp; \*stars\* \`tick\` \[l\](http://x)" evil.html &&
	! grep "<script>" evil.html &&
	! grep "<em>" evil.html &&
	! grep "<a " evil.html &&
	git checkout -q main
'

test_expect_success 'json' '
	cd repo &&
	git results summary --format json v6.1 >out.json &&
	git results summary --json v6.1 >out2.json &&
	cmp out.json out2.json &&
	python3 - <<-\PY
	import json
	d = json.load(open("out.json"))
	assert list(d) == ["release", "subject", "previous", "range", "signatures", "environments",
	                   "totals", "changes", "failing", "merges"], list(d)
	assert d["release"]["name"] == "v6.1" and d["previous"]["name"] == "v6.0"
	assert d["range"] == {"spec": "v6.0..v6.1", "commits": 6, "merges": 2}, d["range"]
	sig = {(s["origin"], s["run"]): s["signature"] for s in d["signatures"]}
	assert sig[("maintainer", "v6.1")] == "good" and sig[("ci", "v61")] == "unsigned", sig
	assert d["totals"]["status"] == "FAIL" and d["totals"]["tests"] == 7 and d["totals"]["records"] == 4
	assert d["changes"]["counts"]["regressions"] == 1
	assert d["changes"]["regressions"][0]["path"] == "net_a"
	assert [f["path"] for f in d["failing"]] == ["net_a"]
	m = d["merges"]
	assert [x["status"] for x in m] == ["PASS", None], m
	assert m[0]["records"] == 1 and len(m[0]["merged"]) == 1
	PY
'

test_expect_success 'a release without results still gets a summary, with a warning' '
	cd repo &&
	git tag -a -m v6.2 v6.2 main &&
	git results summary v6.2 >out 2>err &&
	grep "^warning: no results recorded for .v6.2.$" err &&
	grep "^No results recorded for v6.2$" out &&
	grep "^Previous:  v6.1 " out
'

# merged_trees <previous> <release>: the commits of the summary's merged
# trees, and those git log --first-parent --merges lists, oldest first
merged_trees() {
	git results summary --previous "$1" "$2" >summary.out &&
	sed -n "/^Merged trees/,\$s/^    \([0-9a-f]*\) .*/\1/p" summary.out >merged &&
	git log --reverse --first-parent --merges --format=%h --abbrev=12 "$1..$2" >expect &&
	test_cmp expect merged
}

test_expect_success 'the merged trees are git log --first-parent --merges of the range' '
	git init -q shapes &&
	cd shapes &&
	git commit -q --allow-empty -m A &&
	git commit -q --allow-empty -m B &&
	git checkout -q -b side HEAD^ &&
	git commit -q --allow-empty -m S &&
	git checkout -q main &&
	git merge -q --no-ff -m M1 side &&
	git checkout -q side &&
	git merge -q --no-ff -m M2 main^ &&
	git checkout -q main &&
	git commit -q --allow-empty -m D &&
	git checkout -q -b topic &&
	git commit -q --allow-empty -m T &&
	git checkout -q main &&
	git merge -q --no-ff -m M3 topic &&
	git checkout -q --orphan other &&
	git commit -q --allow-empty -m unrelated &&
	git checkout -q main &&
	test $(git merge-base --all side main | wc -l) = 2 &&
	write_tap ../t.tap ok:boot &&
	git results add --origin ci --run r main ../t.tap &&
	merged_trees side main &&
	test $(wc -l <merged) = 2 &&
	merged_trees main~1 main &&
	merged_trees topic main &&
	merged_trees other main &&
	test $(wc -l <merged) = 2 &&
	merged_trees main~2 side
'

test_expect_success 'errors' '
	cd repo &&
	test_expect_code 1 git results summary no-such-tag 2>err &&
	grep "^error: bad revision .no-such-tag." err &&
	test_expect_code 1 git results summary v6.0...v6.1 2>err &&
	grep "symmetric" err &&
	test_expect_code 1 git results summary --previous v6.0 v6.0..v6.1 2>err &&
	test_expect_code 1 git results summary --output no-such-dir/x.txt v6.1 2>err &&
	grep "^error: cannot create a temporary file for .no-such-dir/x.txt." err &&
	! test -e no-such-dir &&
	test_expect_code 129 git results summary 2>err &&
	test_expect_code 129 git results summary --format pdf v6.1 2>err &&
	grep "unknown format .pdf." err &&
	test_expect_code 129 git results summary -h >out &&
	grep "^usage: git results summary" out
'

test_done
