#!/bin/sh
# git results merge: the union of records per commit, conflicts kept and
# reported, notes from git notes kept, signed bytes untouched, a
# two-parent commit or a fast-forward, and a writer racing the merge.
. "$(dirname "$0")/test-lib.sh"

KTAP_FAIL=$TEST_DATA/kunit-failure.ktap
KTAP_SKIP=$TEST_DATA/kunit-skip.ktap

# count_records <ref> <commit>: how many records the note holds.
count_records() {
	git notes --ref="$1" show "$2" >note &&
	test_count_records note
}

# contains <needle-file> <haystack-file>: the bytes of one are in the other.
contains() {
	python3 -c 'import sys; sys.exit(open(sys.argv[1], "rb").read() not in open(sys.argv[2], "rb").read())' "$1" "$2"
}

test_expect_success 'setup: two notes refs with a common and a diverging history' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	test_commit two &&
	test_commit three &&
	git results add -q --ref base --origin ci --run r1 one "$KTAP_SKIP" &&
	git update-ref refs/notes/a refs/notes/base &&
	git update-ref refs/notes/b refs/notes/base &&
	git results add -q --ref a --origin ci --run r2 one "$KTAP_FAIL" &&
	git results add -q --ref a --origin lab --run x two "$KTAP_SKIP" &&
	git results add -q --ref b --origin lkft --run y one "$KTAP_SKIP" &&
	git results add -q --ref b --origin lab --run x two "$KTAP_SKIP" &&
	git results add -q --ref b --origin lkft --run z three "$KTAP_FAIL"
'

test_expect_success 'merge keeps the union of the records of each commit' '
	cd repo &&
	git update-ref refs/notes/ab refs/notes/a &&
	git results merge --ref ab b 2>err &&
	grep "^Merged refs/notes/b into refs/notes/ab: 1 note added, 1 merged$" err &&
	test $(count_records ab one) = 3 &&
	test $(count_records ab two) = 1 &&
	test $(count_records ab three) = 1 &&
	git results show --ref ab one >out &&
	grep "^origin ci  run r1" out &&
	grep "^origin ci  run r2" out &&
	grep "^origin lkft  run y" out
'

test_expect_success 'a record with measurements (version 2) is merged and counted as any other' '
	cd repo &&
	cat >../lava.log <<-\EOF &&
	<LAVA_SIGNAL_STARTRUN 1_netperf 1>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=throughput RESULT=pass MEASUREMENT=940.50 UNITS=Mbit/s>
	<LAVA_SIGNAL_ENDRUN 1_netperf 1>
	EOF
	git results add -q --ref v2 --origin lava --run m1 one ../lava.log &&
	git notes --ref=v2 show one >note &&
	grep "^results 2$" note &&
	git update-ref refs/notes/abv2 refs/notes/ab &&
	git results merge -q --ref abv2 v2 &&
	git notes --ref=abv2 show one >merged &&
	grep "^PASS netperf.throughput = 940.5 Mbit/s$" merged &&
	test $(count_records abv2 one) = 4 &&
	git results show --ref abv2 one >out &&
	grep "^origin lava  run m1" out
'

test_expect_success 'the merged note is canonical: records sorted, read back byte for byte' '
	cd repo &&
	git notes --ref=ab show one >note &&
	git results show --ref ab --raw one >raw &&
	test_cmp note raw &&
	grep "^origin" note >origins &&
	printf "origin ci\norigin ci\norigin lkft\n" >expect &&
	test_cmp expect origins
'

test_expect_success 'the merge is a commit with both tips as parents' '
	cd repo &&
	git rev-parse refs/notes/a refs/notes/b >expect &&
	git rev-list --no-walk --parents refs/notes/ab >parents &&
	cut -d" " -f2- parents | tr " " "\n" >actual &&
	test_cmp expect actual &&
	git fsck --strict
'

test_expect_success 'git log --notes shows the merged results' '
	cd repo &&
	git log --notes=ab -1 one >log &&
	grep "Notes (ab):" log &&
	grep "    origin lkft" log &&
	grep "    origin ci" log
'

test_expect_success 'merging the other way gives the same tree' '
	cd repo &&
	git update-ref refs/notes/ba refs/notes/b &&
	git results merge -q --ref ba a &&
	test $(git rev-parse refs/notes/ab^{tree}) = $(git rev-parse refs/notes/ba^{tree})
'

test_expect_success 'merging again changes nothing' '
	cd repo &&
	before=$(git rev-parse refs/notes/ab) &&
	git results merge --ref ab b 2>err &&
	grep "^Already up to date.$" err &&
	test $(git rev-parse refs/notes/ab) = $before &&
	git results merge --ref ab ba 2>err &&
	test $(git rev-parse refs/notes/ab^{tree}) = $(git rev-parse $before^{tree})
'

test_expect_success 'a ref behind fast-forwards; a missing one is created' '
	cd repo &&
	git update-ref refs/notes/behind refs/notes/a &&
	git results merge --ref behind ab 2>err &&
	grep "^Fast-forward refs/notes/behind" err &&
	test $(git rev-parse refs/notes/behind) = $(git rev-parse refs/notes/ab) &&
	git results merge --ref fresh ab 2>err &&
	grep "^Fast-forward refs/notes/fresh to refs/notes/ab (new\.\." err &&
	test $(git rev-parse refs/notes/fresh) = $(git rev-parse refs/notes/ab)
'

test_expect_success 'two different records for one origin and run are both kept, as a conflict' '
	cd repo &&
	git results add -q --ref c1 --origin ci --run same one "$KTAP_SKIP" &&
	git results add -q --ref c2 --origin ci --run same one "$KTAP_FAIL" &&
	git update-ref refs/notes/c12 refs/notes/c1 &&
	git results merge --ref c12 c2 2>err &&
	grep "^warning: conflict on $(git rev-parse one): different records for origin .ci., run .same.; both kept$" err &&
	test $(count_records c12 one) = 2 &&
	git update-ref refs/notes/c21 refs/notes/c2 &&
	git results merge -q --ref c21 c1 2>err &&
	test $(git rev-parse refs/notes/c12^{tree}) = $(git rev-parse refs/notes/c21^{tree}) &&
	git results merge --ref c12 c21 2>err &&
	! grep conflict err
'

test_expect_success 'a note written by git notes is kept, and reported' '
	cd repo &&
	git notes --ref=plain add -m "Reviewed by hand" two &&
	git update-ref refs/notes/mixed refs/notes/a &&
	git results merge --ref mixed plain 2>err &&
	grep "^warning: the note on $(git rev-parse two) is not only results records" err &&
	git notes --ref=mixed show two >note &&
	grep "^Reviewed by hand$" note &&
	grep "^origin lab$" note &&
	git results merge --ref mixed plain 2>err &&
	grep "Already up to date" err
'

test_expect_success 'a note git notes added on a commit of its own is kept as it is' '
	cd repo &&
	git notes --ref=plain2 add -m "Only text" three &&
	git update-ref refs/notes/mixed2 refs/notes/a &&
	git results merge --ref mixed2 plain2 2>err &&
	grep "^warning: the note on $(git rev-parse three)" err &&
	git notes --ref=mixed2 show three >note &&
	echo "Only text" >expect &&
	test_cmp expect note
'

test_expect_success 'signed records pass through byte for byte' '
	cd repo &&
	mkdir -p "$GNUPGHOME" && chmod 700 "$GNUPGHOME" &&
	gpg --batch -q --passphrase "" --quick-gen-key "Tester <tester@example.com>" ed25519 sign never 2>/dev/null &&
	git results add -q --ref tmp --origin maintainer --run v1 one "$KTAP_SKIP" &&
	git notes --ref=tmp show one >payload &&
	gpg --batch -q --armor --detach-sign -o sig payload &&
	cat payload sig >signed &&
	blob=$(git hash-object -w signed) &&
	git notes --ref=signed add -f -C $blob one &&
	git results show --ref signed --json one >out.json &&
	grep "\"signed\": true" out.json &&
	git update-ref refs/notes/s1 refs/notes/ab &&
	git results merge -q --ref s1 signed &&
	git notes --ref=s1 show one >merged &&
	test $(test_count_records merged) = 4 &&
	contains signed merged &&
	python3 -c "import sys; m = open(\"merged\", \"rb\").read(); s = open(\"signed\", \"rb\").read(); i = m.index(s); open(\"p2\", \"wb\").write(m[i:i + len(open(\"payload\", \"rb\").read())])" &&
	gpg --batch -q --verify sig p2 &&
	gpgconf --kill all
'

# The attach policy (lib/store/attach.h) in a merge: signing a record
# already shared must not bring its unsigned copy back as a conflict.
test_expect_success 'a signed record replaces its identical unsigned payload, from either side' '
	cd repo &&
	git update-ref refs/notes/u1 refs/notes/tmp &&
	git results merge --ref u1 signed 2>err &&
	! grep -i conflict err &&
	git notes --ref=u1 show one >merged &&
	test_cmp signed merged &&
	git update-ref refs/notes/u2 refs/notes/signed &&
	git results merge --ref u2 tmp 2>err &&
	! grep -i conflict err &&
	git notes --ref=u2 show one >merged &&
	test_cmp signed merged
'

test_expect_success 'git notes merge -s cat_sort_uniq mangles a signed record (why setup protects)' '
	cd repo &&
	git update-ref refs/notes/g1 refs/notes/ab &&
	git notes --ref=g1 merge -q -s cat_sort_uniq signed &&
	git notes --ref=g1 show one >mangled &&
	! contains signed mangled
'

test_expect_success 'entries of a notes tree that are not notes are kept' '
	cd repo &&
	blob=$(echo "kept by git notes too" | git hash-object -w --stdin) &&
	{ git ls-tree refs/notes/b^{tree} && printf "100644 blob %s\tREADME\n" $blob; } >entries &&
	tree=$(git mktree <entries) &&
	git update-ref refs/notes/withfile $(git commit-tree $tree -p refs/notes/b -m "a file") &&
	git update-ref refs/notes/nn refs/notes/a &&
	git results merge -q --ref nn withfile &&
	test "$(git cat-file -p refs/notes/nn:README)" = "kept by git notes too" &&
	test $(count_records nn one) = 3 &&
	git fsck --strict
'

test_expect_success 'progress is shown when asked for, not otherwise' '
	cd repo &&
	git update-ref refs/notes/p refs/notes/a &&
	GIT_PROGRESS_DELAY=0 git results merge --progress --ref p b 2>err &&
	grep "Merging results: 100% (2/2), done." err &&
	git update-ref refs/notes/p refs/notes/a &&
	GIT_PROGRESS_DELAY=0 git results merge --no-progress --ref p b 2>err &&
	! grep "Merging results" err &&
	git update-ref refs/notes/p refs/notes/a &&
	GIT_PROGRESS_DELAY=0 git results merge --ref p b 2>err &&
	! grep "Merging results" err
'

test_expect_success 'a writer racing the merge loses nothing' '
	cd repo &&
	git update-ref refs/notes/race refs/notes/a &&
	: >.git/refs/notes/race.lock &&
	{ git results merge -q --ref race b 2>err & } &&
	merge=$! &&
	sleep 0.5 &&
	rm .git/refs/notes/race.lock &&
	git results add -q --ref race --origin racer --run r three "$KTAP_SKIP" &&
	wait $merge &&
	git results show --ref race one two three >out &&
	grep "^origin racer  run r" out &&
	grep "^origin lkft  run z" out &&
	grep "^origin lkft  run y" out &&
	test $(count_records race one) = 3 &&
	git rev-list --merges refs/notes/race >merges &&
	test $(wc -l <merges) = 1 &&
	git fsck --strict
'

test_expect_success 'a lock file that stays stops a fast-forward as git stops, soon' '
	cd repo &&
	git update-ref refs/notes/stale refs/notes/a &&
	: >.git/refs/notes/stale.lock &&
	start=$(date +%s) &&
	test_expect_code 128 git results merge --ref stale ab 2>err &&
	end=$(date +%s) &&
	rm .git/refs/notes/stale.lock &&
	test $((end - start)) -lt 8 &&
	grep "^fatal: cannot lock ref .refs/notes/stale.: unable to create .*/refs/notes/stale.lock.: File exists\$" err &&
	! grep "keeps changing" err &&
	test $(git rev-parse refs/notes/stale) = $(git rev-parse refs/notes/a)
'

test_expect_success 'bad input: usage errors, a missing ref, a ref that is not a commit' '
	cd repo &&
	test_expect_code 129 git results merge 2>err &&
	grep "^error: name the notes ref to merge" err &&
	test_expect_code 129 git results merge a b 2>err &&
	test_expect_code 129 git results merge -h >out &&
	grep "^usage: git results merge" out &&
	before=$(git rev-parse refs/notes/ab) &&
	test_expect_code 1 git results merge --ref ab nonexistent 2>err &&
	grep "^error: no notes ref .refs/notes/nonexistent. to merge$" err &&
	git update-ref refs/notes/blob $(git rev-parse one^{tree}) &&
	test_expect_code 1 git results merge --ref ab blob 2>err &&
	grep "^error: notes ref refs/notes/blob does not point to a commit$" err &&
	test $(git rev-parse refs/notes/ab) = $before
'

test_expect_success 'a ref outside refs/notes/ names a notes ref under it, as in git' '
	cd repo &&
	git for-each-ref >refs-before &&
	test_expect_code 1 git results merge refs/heads/master 2>err &&
	grep "^error: no notes ref .refs/notes/refs/heads/master. to merge$" err &&
	git results merge -q --ref refs/heads/master ab &&
	test "$(git rev-parse refs/notes/refs/heads/master)" = "$(git rev-parse refs/notes/ab)" &&
	git update-ref -d refs/notes/refs/heads/master &&
	git for-each-ref >refs-after &&
	test_cmp refs-before refs-after
'

test_done
