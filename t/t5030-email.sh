#!/bin/sh
# git results format-patch and am: results by email, read by git's own
# mailsplit, mailinfo and am, and applied back all or nothing.
. "$(dirname "$0")/test-lib.sh"

# The signature line format-patch ends every message with.
add_signature() {
	printf -- '-- \ngit-results %s\n' "$(git results --version | sed 's/.* //')"
}
. "$TEST_DIRECTORY/lib-release.sh"


test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	release_commit "Linux 6.0" v6.0 &&
	git commit -q --allow-empty -m "net: untested change" &&
	release_commit "Linux 6.1 – “Hurr durr” edition" v6.1 &&
	printf "TAP version 13\n1..3\nok 1 a\nnot ok 2 b # expected 1, got 2 – für\nok 3 c # SKIP no device\n" >../one.tap &&
	write_tap ../two.tap ok:boot &&
	git results add --origin ci --run x86 --env arch=x86_64 --link https://ci.example/1 v6.0 ../one.tap &&
	git results add --origin ci --run x86 --env arch=x86_64 v6.1 ../one.tap &&
	git results add --origin lab --run arm v6.1 ../two.tap &&
	: >../empty.tap &&
	printf "TAP version 13\n1..0\n" >../none.tap &&
	git results add --origin boot --run b1 v6.1 ../none.tap &&
	git clone -q . ../clone &&
	git -C ../clone fetch -q origin "refs/tags/*:refs/tags/*"
'

test_expect_success 'format-patch --stdout: git mailsplit splits it, one message per commit' '
	cd repo &&
	git results format-patch --stdout v6.0 v6.1 >../all.mbox &&
	mkdir ../split &&
	git mailsplit -o../split ../all.mbox >count &&
	echo 2 >expect &&
	test_cmp expect count &&
	head -1 ../all.mbox >first &&
	echo "From $(git rev-parse v6.0^{commit}) Mon Sep 17 00:00:00 2001" >expect &&
	test_cmp expect first
'

test_expect_success 'git mailinfo extracts the records as the message, the subject decoded' '
	cd repo &&
	git mailinfo ../msg ../patch <../split/0001 >info &&
	git notes --ref=results show v6.0^{commit} >note &&
	add_signature >>note &&
	echo >>note &&
	test_cmp note ../msg &&
	! test -s ../patch &&
	grep "^Subject: FAIL (1 FAIL, 1 PASS, 1 SKIP) $(git rev-parse --short=12 v6.0^{commit}) Linux 6.0$" info &&
	grep "^Author: C O Mitter$" info &&
	grep "^Email: committer@example.com$" info &&
	grep "^Date: Tue, 14 Nov 2023 22:13:20 +0000$" info &&
	git mailinfo ../msg2 ../patch2 <../split/0002 >info2 &&
	grep "^Subject: FAIL (1 FAIL, 1 ERROR, 2 PASS, 1 SKIP; 3 records) $(git rev-parse --short=12 v6.1^{commit}) Linux 6.1 – “Hurr durr” edition$" info2 &&
	grep "^Subject: =?UTF-8?q?" ../split/0002
'

test_expect_success 'git am accepts the mbox (the records become the commit messages)' '
	git init -q amrepo &&
	cd amrepo &&
	git commit -q --allow-empty -m base &&
	git am -q --empty=keep ../all.mbox &&
	test $(git rev-list --count HEAD) = 3 &&
	git cat-file commit HEAD~1 >commit &&
	sed "1,/^$/d" commit >msg &&
	git -C ../repo notes --ref=results show v6.0^{commit} >note &&
	{ echo "FAIL (1 FAIL, 1 PASS, 1 SKIP) $(git -C ../repo rev-parse --short=12 v6.0^{commit}) Linux 6.0"; echo; cat note; add_signature | sed "s/ \$//"; } >expect &&
	test_cmp expect msg
'

test_expect_success 'am attaches the records to the same commits, byte for byte' '
	cd clone &&
	git results am ../all.mbox 2>err &&
	grep "^Applying: \[RESULTS 1/2\] FAIL" err &&
	grep "^4 records attached to refs/notes/results, 0 already there$" err &&
	for c in v6.0 v6.1; do
		git notes --ref=results show $c^{commit} >mine &&
		git -C ../repo notes --ref=results show $c^{commit} >theirs &&
		test_cmp theirs mine || return 1
	done &&
	git log -1 --format=%s refs/notes/results >subject &&
	echo "Notes added by '\''git results am'\''" >expect &&
	test_cmp expect subject &&
	git fsck --strict
'

test_expect_success 'am never attaches a record twice' '
	cd clone &&
	before=$(notes_tip) &&
	git results am ../all.mbox 2>err &&
	grep "^0 records attached to refs/notes/results, 4 already there$" err &&
	test "$(notes_tip)" = "$before" &&
	cat ../all.mbox ../all.mbox >../twice.mbox &&
	git results am ../twice.mbox &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'format-patch -o writes one file per commit; a range skips untested commits' '
	cd repo &&
	git results format-patch -o ../out v6.0 v6.0..v6.1 >list &&
	cat >expect <<-EOF &&
	../out/0001-results-$(git rev-parse --short=12 v6.0^{commit}).patch
	../out/0002-results-$(git rev-parse --short=12 v6.1^{commit}).patch
	EOF
	test_cmp expect list &&
	grep "^Subject: \[RESULTS 1/2\] " ../out/0001-* &&
	cat ../out/0001-* ../out/0002-* >../joined &&
	test_cmp ../all.mbox ../joined
'

test_expect_success 'format-patch is deterministic and --origin filters' '
	cd repo &&
	git results format-patch --stdout v6.0 v6.1 >again &&
	test_cmp ../all.mbox again &&
	git results format-patch --stdout --origin lab --to "Lab <lab@example.org>" --cc a@example.org --cc b@example.org v6.1 >lab.mbox &&
	git mailinfo -k msg patch <lab.mbox >info &&
	grep "^Subject: \[RESULTS\] PASS (1 PASS) $(git rev-parse --short=12 v6.1^{commit}) Linux 6.1" info &&
	grep "^To: Lab <lab@example.org>$" lab.mbox &&
	grep "^Cc: a@example.org,$" lab.mbox &&
	grep "^origin lab$" lab.mbox &&
	! grep "^origin ci$" lab.mbox
'

test_expect_success 'format-patch --origin is repeatable: the records show --origin shows' '
	cd repo &&
	git results format-patch --stdout --origin ci --origin lab v6.1 >two.mbox &&
	grep "^origin " two.mbox | sort >actual &&
	git results show --json --origin ci --origin lab v6.1 >two.json &&
	python3 -c "
import json
for r in json.load(open(\"two.json\")):
    print(\"origin\", r[\"origin\"])
" | sort >expect &&
	test_cmp expect actual &&
	printf "origin ci\norigin lab\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a long line goes quoted-printable and still reads back' '
	cd repo &&
	long=$(python3 -c "print(\"x\" * 1500 + \" é\")") &&
	printf "TAP version 13\n1..1\nnot ok 1 long # %s\n" "$long" >../long.tap &&
	git results add --origin ci --run long v6.0 ../long.tap &&
	git results format-patch --stdout --origin ci v6.0 >long.mbox &&
	grep "^Content-Transfer-Encoding: quoted-printable$" long.mbox &&
	test $(sed "1,/^$/d" long.mbox | awk "length > 76" | wc -l) = 0 &&
	git mailinfo msg patch <long.mbox >/dev/null &&
	git notes --ref=results show v6.0^{commit} >note &&
	{ cat note; add_signature; echo; } >expect &&
	test_cmp expect msg &&
	cd ../clone &&
	git results am ../repo/long.mbox &&
	git notes --ref=results show v6.0^{commit} >mine &&
	test_cmp ../repo/note mine
'

test_expect_success 'am reads base64, CRLF and standard input' '
	cd repo &&
	git results remove --origin lab v6.1 &&
	git results add --origin lab --run arm2 v6.1 ../two.tap &&
	git results format-patch --stdout --origin lab v6.1 >lab2.mbox &&
	python3 - <<-\PY &&
	import email, email.policy
	raw = open("lab2.mbox", "rb").read()
	first, rest = raw.split(b"\n", 1)
	msg = email.message_from_bytes(rest, policy=email.policy.default)
	body = msg.get_content()
	del msg["Content-Transfer-Encoding"]
	msg.set_content(body, cte="base64")
	out = first + b"\n" + msg.as_bytes(policy=email.policy.SMTP)
	open("lab2-base64.mbox", "wb").write(out)
	PY
	grep "^Content-Transfer-Encoding: base64" lab2-base64.mbox &&
	grep -c "$(printf "\r")$" lab2-base64.mbox &&
	cd ../clone &&
	git results am <../repo/lab2-base64.mbox &&
	git notes --ref=results show v6.1^{commit} >note &&
	grep "^run arm2$" note
'

test_expect_success 'a signed record travels by email and is verified by am' '
	cd repo &&
	test_gpg_key "Lab Bot <lab@example.org>" >/dev/null &&
	write_tap ../signed.tap ok:boot ok:suspend &&
	git results add -q --sign -u lab@example.org --origin signer --run s1 v6.1 ../signed.tap &&
	git results format-patch --stdout --origin signer v6.1 >signed.mbox &&
	git results remove --origin signer v6.1 &&
	git results am signed.mbox 2>err &&
	! grep -i "signature" err &&
	git notes --ref=results show v6.1^{commit} >note &&
	grep -e "^-----END PGP SIGNATURE-----$" note &&
	test_expect_code 1 git results verify v6.1 >out &&
	grep "^unsigned " out &&
	grep "^good [0-9a-f]* signer s1 " out &&
	git results show --show-signature v6.1 >out &&
	grep "^signature good" out
'

# The attach policy (lib/store/attach.h), as add and merge apply it.
test_expect_success 'am: the unsigned copy of a signed record is already there; signing replaces it' '
	cd repo &&
	sed "/^-----BEGIN PGP SIGNATURE-----\$/,/^-----END PGP SIGNATURE-----\$/d" \
		signed.mbox >unsigned.mbox &&
	! grep "^-----BEGIN" unsigned.mbox &&
	before=$(notes_tip) &&
	git results am unsigned.mbox 2>err &&
	grep "^0 records attached to refs/notes/results, 1 already there\$" err &&
	test "$(notes_tip)" = "$before" &&
	git results remove --origin signer v6.1 &&
	git results am unsigned.mbox &&
	git notes --ref=results show v6.1^{commit} >note &&
	! grep "^-----BEGIN PGP SIGNATURE-----\$" note &&
	git results am signed.mbox 2>err &&
	grep "^1 record attached to refs/notes/results, 0 already there\$" err &&
	git notes --ref=results show v6.1^{commit} >note &&
	test $(grep -c "^origin signer\$" note) = 1 &&
	grep "^-----BEGIN PGP SIGNATURE-----\$" note
'

test_expect_success 'a signed record changed on the way is refused, unless forced' '
	cd repo &&
	git results remove --origin signer v6.1 &&
	sed "s/^date \(.*\)0Z$/date \11Z/" signed.mbox >changed.mbox &&
	! cmp signed.mbox changed.mbox &&
	before=$(notes_tip) &&
	test_must_fail git results am changed.mbox 2>err &&
	grep "^error: message 1: origin .signer. run .s1. has a bad signature" err &&
	test "$(notes_tip)" = "$before" &&
	git results am --force changed.mbox 2>err &&
	grep "^warning: message 1: attaching despite a bad signature" err &&
	test_expect_code 1 git results verify v6.1 >out &&
	grep "^bad .* signer s1" out &&
	test_expect_code 1 git results format-patch --stdout v6.1 >out 2>err &&
	grep "^error: the record of origin .signer., run .s1. on $(git rev-parse v6.1^{commit}) does not verify (bad signature" err &&
	test_must_be_empty out
'

# refused <description> <mbox> <error pattern>: am fails, changes nothing.
refused() {
	test_expect_success "am refuses $1 and attaches nothing" "
		cd clone &&
		before=\$(notes_tip) &&
		test_expect_code 1 git results am \"$2\" 2>err &&
		grep -e \"$3\" err &&
		test \"\$(notes_tip)\" = \"\$before\"
	"
}

test_expect_success 'setup: bad messages' '
	cd repo &&
	v61=$(git rev-parse v6.1^{commit}) &&
	git results format-patch --stdout --origin lab v6.1 >lab.mbox &&
	sed "s/^commit $v61$/commit 1111111111111111111111111111111111111111/" lab.mbox >../unknown.mbox &&
	sed "s/^tree .*/tree 2222222222222222222222222222222222222222/" lab.mbox >../tree.mbox &&
	sed "s/^PASS boot$/FAIL boot/" lab.mbox >../edited.mbox &&
	sed "s/^run arm2$/run arm3/; s/^PASS boot$/SKIP boot/; s/^status PASS/status SKIP/; s/PASS=1 DONE=0 SKIP=0/PASS=0 DONE=0 SKIP=1/" lab.mbox >../other.mbox &&
	sed "s/^run arm2$/run arm3/" lab.mbox >../conflict.mbox &&
	cat ../all.mbox ../edited.mbox >../mixed.mbox &&
	printf "From: x\nContent-Type: text/html\n\n<p>hi</p>\n" >../html.mbox &&
	: >../empty.mbox
'

refused 'a record for an unknown commit' ../unknown.mbox 'is for unknown commit 1111111111111111111111111111111111111111; use --force'
refused 'a record whose tree is not its commit'"'"'s' ../tree.mbox 'names tree 2222222222222222222222222222222222222222, but commit'
refused 'a body that is not canonical records' ../edited.mbox 'message 1 (.*): not results: .*status or counts do not match'
refused 'a mailbox with one bad message among good ones' ../mixed.mbox 'message 3 (.*): not results'
refused 'an html message' ../html.mbox 'not a plain text message'
refused 'an empty mailbox' ../empty.mbox 'no messages'

test_expect_success 'a different record of a run already there needs --force, which replaces it' '
	cd clone &&
	git results am ../other.mbox &&
	before=$(notes_tip) &&
	test_expect_code 1 git results am ../conflict.mbox 2>err &&
	grep "already has a different record for origin .lab., run .arm3.; use --force" err &&
	test "$(notes_tip)" = "$before" &&
	git results am --force ../conflict.mbox &&
	git notes --ref=results show v6.1^{commit} >note &&
	test $(grep -c "^run arm3$" note) = 1 &&
	grep -A12 "^run arm3$" note | grep "^PASS boot$"
'

test_expect_success 'two versions of one run in the input are refused' '
	cd clone &&
	cat ../other.mbox ../conflict.mbox >../both.mbox &&
	before=$(notes_tip) &&
	test_expect_code 1 git results am --force ../both.mbox 2>err &&
	grep "messages 1 and 2 carry different records for origin .lab., run .arm3." err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'a merge conflict kept in one note is reported as one message' '
	cd repo &&
	git results add -q --ref left --origin lab --run dup v6.0 ../one.tap &&
	git results add -q --ref right --origin lab --run dup v6.0 ../two.tap &&
	git results format-patch --ref right --stdout --origin lab v6.0 >../right.mbox &&
	git notes --ref=left show v6.0^{commit} >../left.note &&
	awk -v note=../left.note "/^-- \$/ { print \"\"; while ((getline l <note) > 0) print l } { print }" \
		../right.mbox >../kept.mbox &&
	git results merge -q --ref left right 2>/dev/null &&
	test_must_fail git results format-patch --ref left --stdout --origin lab v6.0 >out 2>err &&
	grep "^error: .v6.0. has different records for origin .lab., run .dup., which git results am would refuse" err &&
	cd ../clone &&
	before=$(notes_tip) &&
	test_expect_code 1 git results am ../kept.mbox 2>err &&
	grep "^error: message 1 carries two different records for origin .lab., run .dup. on $(git rev-parse v6.0^{commit})$" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success '--force attaches a record for an unknown commit; --dry-run attaches nothing' '
	cd clone &&
	before=$(notes_tip) &&
	git results am --dry-run --force ../unknown.mbox &&
	test "$(notes_tip)" = "$before" &&
	git results am --force ../unknown.mbox 2>err &&
	grep "^warning: message 1: attaching to unknown commit 1111111111111111111111111111111111111111$" err &&
	git notes --ref=results list >out &&
	grep " 1111111111111111111111111111111111111111$" out
'

# A new commit gets in turn the record of v6.0 moved onto it with another
# tree line, then without a tree line, then without commit and tree lines:
# am refuses each (see above), so format-patch must not send it.
test_expect_success 'format-patch refuses a record am would refuse for its tree or commit' '
	cd repo &&
	echo other >file &&
	git add file &&
	git commit -q -m "changed code" &&
	git results show --to record v6.0 >good &&
	for how in other-tree no-tree no-commit; do
		case $how in
		other-tree) sed "s/^tree .*/tree $(git rev-parse HEAD~1^{tree})/" good ;;
		no-tree) sed "/^tree /d" good ;;
		no-commit) sed "/^tree /d; /^commit /d" good ;;
		esac >bad.record &&
		sed "s/^commit .*/commit $(git rev-parse HEAD)/" bad.record >here.record &&
		git notes --ref=results add -f -F here.record HEAD &&
		test_expect_code 1 git results format-patch --stdout HEAD >out 2>err &&
		test_must_be_empty out &&
		case $how in
		other-tree) grep "^error: the record of origin .ci., run .[a-z0-9]*. on $(git rev-parse HEAD) names tree $(git rev-parse HEAD~1^{tree}), but the commit has tree $(git rev-parse HEAD^{tree})" err ;;
		no-tree) grep "^error: the record of origin .ci., run .[a-z0-9]*. on $(git rev-parse HEAD) names tree (none), but" err ;;
		no-commit) grep "^error: the record of origin .ci., run .[a-z0-9]*. on $(git rev-parse HEAD) names no commit" err ;;
		esac || return 1
	done &&
	git notes --ref=results remove HEAD
'

test_expect_success 'format-patch errors write nothing' '
	cd repo &&
	test_expect_code 1 git results format-patch -o ../none --origin ci v6.1 v6.1~1 2>err &&
	grep "^error: no results of origin .ci. recorded for .v6.1~1." err &&
	! test -e ../none &&
	test_expect_code 1 git results format-patch --origin nobody v6.1 2>err &&
	grep "^error: no results of origin .nobody. recorded for .v6.1.$" err &&
	test_expect_code 1 git results format-patch v6.0..v6.0 2>err &&
	test_expect_code 129 git results format-patch --origin Bad v6.1 2>err &&
	test_expect_code 129 git results format-patch 2>err &&
	test_expect_code 129 git results format-patch --stdout -o x v6.1 2>err &&
	test_expect_code 129 git results format-patch -h >out &&
	grep "^usage: git results format-patch" out &&
	test_expect_code 129 git results am -h >out &&
	grep "^usage: git results am" out
'

test_done
