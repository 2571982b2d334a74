#!/bin/sh
# The merge is three-way, against the notes merge base: a record removed
# and pushed stays removed when a clone that still had it pushes; a
# signed record replaces its unsigned payload; the result is the same
# either way round, criss-cross histories included; git agrees.
. "$(dirname "$0")/test-lib.sh"

KTAP_FAIL=$TEST_DATA/kunit-failure.ktap
KTAP_SKIP=$TEST_DATA/kunit-skip.ktap

# runs <commit> [<notes-ref>]: "origin run" of each record, read by git notes.
runs() {
	git notes --ref="${2:-results}" show "$1" >"$TRASH_DIRECTORY/note" &&
	awk '/^origin / { o = $2 } /^run / { print o, $2 }' "$TRASH_DIRECTORY/note"
}

# want <dir> <commit> <origin>:<run>:<ktap>...: the note git results add
# writes on <commit> for these records alone, made in a scratch notes ref
# of <dir>, into the file "expect": what a merge must leave, byte for byte.
want() {
	want_dir=$1 want_commit=$2 &&
	shift 2 &&
	for rec in "$@"; do
		git -C "$want_dir" results add -q --ref want \
			--origin "${rec%%:*}" --run "$(echo "$rec" | cut -d: -f2)" \
			"$want_commit" "${rec#*:*:}" || return 1
	done &&
	git -C "$want_dir" notes --ref=want show "$want_commit" >expect &&
	git -C "$want_dir" update-ref -d refs/notes/want
}

# shown <commit> [<notes-ref>]: the same, as git results show prints it.
shown() {
	git results show --ref "${2:-results}" "$1" >"$TRASH_DIRECTORY/shown" &&
	sed -n "s/^origin \([^ ]*\)  run \([^ ]*\).*/\1 \2/p" "$TRASH_DIRECTORY/shown"
}

test_expect_success 'setup: a bare remote and two clones that share two records' '
	git init -q --bare remote.git &&
	git init -q seed &&
	(
		cd seed &&
		test_commit one &&
		test_commit two &&
		git push -q --tags ../remote.git main
	) &&
	git clone -q remote.git alice &&
	git clone -q remote.git bob &&
	(
		cd alice &&
		git results add -q --origin ci --run r1 one "$KTAP_SKIP" &&
		git results add -q --origin lab --run r2 one "$KTAP_FAIL" &&
		git results push -q
	) &&
	git -C bob results pull -q &&
	(cd bob && runs one) >actual &&
	printf "ci r1\nlab r2\n" >expect &&
	test_cmp expect actual
'

# Each test below changes the same note on both sides, so that the merge
# is three-way record by record, not one side's note taken whole.
test_expect_success 'a record removed and pushed stays removed when a clone that had it pushes' '
	git -C alice results remove --origin ci --run r1 one 2>err &&
	grep "^removed 1 record$" err &&
	git -C alice results push -q &&
	git -C bob results add -q --origin bob --run b0 one "$KTAP_SKIP" &&
	git -C bob results add -q --origin bob --run b1 two "$KTAP_SKIP" &&
	git -C bob results push 2>err &&
	grep "^Merged refs/notes/remotes/origin/results into refs/notes/results: 0 notes added, 1 merged$" err &&
	want bob one "bob:b0:$KTAP_SKIP" "lab:r2:$KTAP_FAIL" &&
	git -C bob notes --ref=results show one >actual &&
	test_cmp expect actual &&
	git -C remote.git notes --ref=results show one >actual &&
	test_cmp expect actual &&
	(cd bob && shown one) >actual &&
	printf "bob b0\nlab r2\n" >expect &&
	test_cmp expect actual &&
	git -C alice results pull -q &&
	(cd alice && runs one) >actual &&
	test_cmp expect actual &&
	(cd alice && runs two) >actual &&
	echo "bob b1" >expect &&
	test_cmp expect actual
'

test_expect_success 'the push left a merge with both tips as parents, and git fsck is clean' '
	git -C remote.git rev-list --no-walk --parents refs/notes/results >parents &&
	test $(wc -w <parents) = 3 &&
	git -C remote.git fsck --strict &&
	git -C bob fsck --strict &&
	git -C alice fsck --strict
'

test_expect_success 'a note removed whole stays removed though the other side removed a record of it; its commit has no note' '
	git -C alice results remove one 2>err &&
	git -C alice results push -q &&
	git -C bob results remove --origin lab --run r2 one 2>err &&
	grep "^removed 1 record$" err &&
	git -C bob results add -q --origin bob --run b2 two "$KTAP_FAIL" &&
	git -C bob results push 2>err &&
	grep "^Merged .*: 0 notes added, 0 merged, 1 removed$" err &&
	test_must_fail git -C bob notes --ref=results show one 2>err &&
	test_must_fail git -C remote.git notes --ref=results show one 2>err
'

test_expect_success 'a record added on one side and one removed on the other are both seen' '
	git -C alice results pull -q &&
	git -C alice results add -q --origin ci --run r3 one "$KTAP_SKIP" &&
	git -C alice results add -q --origin lab --run r4 two "$KTAP_SKIP" &&
	git -C bob results remove --origin bob --run b1 two 2>err &&
	git -C bob results push -q &&
	git -C alice results push -q &&
	git -C bob results pull -q &&
	want bob two "bob:b2:$KTAP_FAIL" "lab:r4:$KTAP_SKIP" &&
	for clone in alice bob remote.git; do
		git -C $clone notes --ref=results show two >actual &&
		test_cmp expect actual || return 1
	done &&
	for clone in alice bob; do
		(cd $clone && runs one && runs two) >actual &&
		printf "ci r3\nbob b2\nlab r4\n" >expect &&
		test_cmp expect actual || return 1
	done &&
	git -C alice rev-parse refs/notes/results^{tree} >a &&
	git -C bob rev-parse refs/notes/results^{tree} >b &&
	test_cmp a b
'

test_expect_success 'a record signed on one side replaces its unsigned copy the other side kept' '
	test_gpg_key "CI Bot <ci@example.com>" >fpr &&
	git -C alice results add -q --origin ci --run s1 two "$KTAP_SKIP" &&
	git -C alice results push -q &&
	git -C bob results pull -q &&
	git -C alice -c user.signingKey=ci@example.com results add -q --sign \
		--origin ci --run s1 two "$KTAP_SKIP" 2>err &&
	git -C alice notes --ref=results show two >signed &&
	grep "^-----BEGIN PGP SIGNATURE-----$" signed &&
	git -C alice results push -q &&
	git -C bob results add -q --origin bob --run b3 one "$KTAP_SKIP" &&
	git -C bob results push 2>err &&
	! grep -i conflict err &&
	git -C bob notes --ref=results show two >merged &&
	test_cmp signed merged &&
	test $(grep -c "^origin ci$" merged) = 1
'

test_expect_success 'setup: three notes refs from one base, each side adding and removing' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	test_commit two &&
	git results add -q --ref base --origin ci --run r0 one "$KTAP_SKIP" &&
	git results add -q --ref base --origin ci --run r1 one "$KTAP_FAIL" &&
	git results add -q --ref base --origin ci --run r2 two "$KTAP_SKIP" &&
	git update-ref refs/notes/a refs/notes/base &&
	git update-ref refs/notes/b refs/notes/base &&
	git results remove --ref a --origin ci --run r0 one 2>err &&
	git results add -q --ref a --origin lab --run xa one "$KTAP_SKIP" &&
	git results remove --ref b --origin ci --run r1 one 2>err &&
	git results add -q --ref b --origin lab --run xb two "$KTAP_FAIL"
'

test_expect_success 'merging either way gives the same tree: each side'"'"'s removals and additions' '
	cd repo &&
	git update-ref refs/notes/ab refs/notes/a &&
	git results merge -q --ref ab b &&
	git update-ref refs/notes/ba refs/notes/b &&
	git results merge -q --ref ba a &&
	test $(git rev-parse refs/notes/ab^{tree}) = $(git rev-parse refs/notes/ba^{tree}) &&
	runs one ab >actual &&
	echo "lab xa" >expect &&
	test_cmp expect actual &&
	runs two ab >actual &&
	printf "ci r2\nlab xb\n" >expect &&
	test_cmp expect actual &&
	git fsck --strict
'

# a and b each merge the other at the same time: the next merge between
# them has two merge bases, the tips they started from.
test_expect_success 'criss-cross: a removal made after the crossing stays removed' '
	cd repo &&
	git update-ref refs/notes/x refs/notes/a &&
	git update-ref refs/notes/y refs/notes/b &&
	git update-ref refs/notes/x0 refs/notes/x &&
	git results merge -q --ref x y &&
	git results merge -q --ref y x0 &&
	git merge-base --all refs/notes/x refs/notes/y >bases &&
	test_line_count = 2 bases &&
	git results remove --ref x --origin lab --run xa one 2>err &&
	git results remove --ref y --origin lab --run xb two 2>err &&
	git results add -q --ref y --origin ci --run late one "$KTAP_SKIP" &&
	git update-ref refs/notes/xy refs/notes/x &&
	git results merge -q --ref xy y &&
	git update-ref refs/notes/yx refs/notes/y &&
	git results merge -q --ref yx x &&
	test $(git rev-parse refs/notes/xy^{tree}) = $(git rev-parse refs/notes/yx^{tree}) &&
	runs one xy >actual &&
	echo "ci late" >expect &&
	test_cmp expect actual &&
	runs two xy >actual &&
	echo "ci r2" >expect &&
	test_cmp expect actual &&
	shown two xy >actual &&
	test_cmp expect actual
'

test_expect_success 'unrelated histories have no base: the merge is the union' '
	cd repo &&
	git results add -q --ref lone --origin lone --run l1 one "$KTAP_SKIP" &&
	git update-ref refs/notes/u refs/notes/xy &&
	git results merge -q --ref u lone &&
	runs one u >actual &&
	printf "ci late\nlone l1\n" >expect &&
	test_cmp expect actual
'

test_done
