#!/bin/sh
# verify: every status told apart, gpg --verify agreeing on each, ranges,
# --all, --json, and the usage and configuration errors.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-sign.sh"

SIGNER=$TRASH_DIRECTORY/signer
KTAP=$TEST_DATA/kunit-skip.ktap

# sign_add <key> <args of add...>: signs in the CI's keyring.
sign_add() {
	key=$1
	shift
	GNUPGHOME=$SIGNER git results add -q -u "$key" "$@"
}

test_expect_success 'setup: a signer keyring, and a maintainer keyring with some of its keys' '
	GNUPGHOME=$SIGNER &&
	test_gpg_key "CI Bot <ci@example.com>" >ci.fpr &&
	test_gpg_key "Lab Bot <lab@example.com>" >lab.fpr &&
	test_gpg_key "Stranger <stranger@example.com>" >stranger.fpr &&
	test_gpg_key "Gone Bot <gone@example.com>" >gone.fpr &&
	gpg --batch --faked-system-time "20200101T000000!" --passphrase "" \
		--quick-gen-key "Old Bot <old@example.com>" ed25519 sign 1y 2>/dev/null &&
	gpg --with-colons --list-keys old@example.com | awk -F: "/^fpr/ { print \$10; exit }" >old.fpr &&
	gpg --export ci@example.com lab@example.com gone@example.com old@example.com >public.gpg &&
	GNUPGHOME=$TRASH_DIRECTORY/.gnupg &&
	test_gpg_key "Maintainer <maintainer@example.com>" >maintainer.fpr &&
	gpg --batch --import public.gpg &&
	cat >faked-gpg <<-\EOF &&
	#!/bin/sh
	exec gpg --faked-system-time "20200601T000000!" "$@"
	EOF
	chmod +x faked-gpg &&

	git init -q repo &&
	cd repo &&
	for c in c0 c1 c2 c3 c4 c5 c6 c7 c8; do
		test_commit $c || return 1
	done &&
	sign_add ci@example.com --origin ci --run good c1 "$KTAP" &&
	git results add -q --origin ci --run plain c2 "$KTAP" &&
	sign_add ci@example.com --origin ci --run changed --env arch=x86_64 c3 "$KTAP" &&
	git notes --ref=results show c3 >note &&
	sed "s/^env arch x86_64\$/env arch arm64/" note >tampered &&
	git notes --ref=results add -f -F tampered c3 &&
	git notes --ref=results show c1 >note &&
	git notes --ref=results add -F note c4 &&
	sign_add stranger@example.com --origin ci --run unknown c5 "$KTAP" &&
	GNUPGHOME=$SIGNER git -c gpg.program="$TRASH_DIRECTORY/faked-gpg" \
		results add -q -u old@example.com --origin ci --run old c6 "$KTAP" &&
	sign_add gone@example.com --origin ci --run gone c7 "$KTAP" &&
	sed "s/^:-----BEGIN/-----BEGIN/" "$SIGNER/openpgp-revocs.d/$(cat ../gone.fpr).rev" >revoke.asc &&
	gpg --batch --import revoke.asc &&
	sign_add lab@example.com --origin lab --run lab1 c8 "$KTAP"
'

hex() {
	git rev-parse "$1"
}

test_expect_success 'a good record verifies silently' '
	cd repo &&
	git results verify c1 >out 2>err &&
	test ! -s out &&
	test ! -s err &&
	git results verify -v c1 >out &&
	echo "good $(hex c1) ci good key $(cat ../ci.fpr) \"CI Bot <ci@example.com>\"" >expect &&
	test_cmp expect out
'

test_expect_success 'unsigned' '
	cd repo &&
	test_expect_code 1 git results verify c2 >out 2>err &&
	echo "unsigned $(hex c2) ci plain" >expect &&
	test_cmp expect out &&
	echo "error: 1 of 1 record did not verify" >expect &&
	test_cmp expect err
'

test_expect_success 'bad: a changed byte in the record' '
	cd repo &&
	test_expect_code 1 git results verify c3 >out &&
	echo "bad $(hex c3) ci changed key $(cat ../ci.fpr) \"CI Bot <ci@example.com>\" (the signature does not match the record)" >expect &&
	test_cmp expect out
'

test_expect_success 'wrong-commit: a record replayed onto another commit' '
	cd repo &&
	test_expect_code 1 git results verify c4 >out &&
	echo "wrong-commit $(hex c4) ci good key $(cat ../ci.fpr) \"CI Bot <ci@example.com>\" (the record was made for commit $(hex c1))" >expect &&
	test_cmp expect out &&
	git results show c4 >shown &&
	grep "^warning: this record was made for commit $(hex c1)\$" shown
'

test_expect_success 'no-public-key' '
	cd repo &&
	test_expect_code 1 git results verify c5 >out &&
	echo "no-public-key $(hex c5) ci unknown key $(cat ../stranger.fpr) (no public key)" >expect &&
	test_cmp expect out
'

test_expect_success 'expired-key' '
	cd repo &&
	test_expect_code 1 git results verify c6 >out &&
	echo "expired-key $(hex c6) ci old key $(cat ../old.fpr) \"Old Bot <old@example.com>\" (the key has expired)" >expect &&
	test_cmp expect out
'

test_expect_success 'revoked-key' '
	cd repo &&
	test_expect_code 1 git results verify c7 >out &&
	echo "revoked-key $(hex c7) ci gone key $(cat ../gone.fpr) \"Gone Bot <gone@example.com>\" (the key was revoked)" >expect &&
	test_cmp expect out
'

test_expect_success 'gpg --verify of each split record agrees with verify' '
	cd repo &&
	for pair in c1:GOODSIG c3:BADSIG c4:GOODSIG c5:ERRSIG c6:EXPKEYSIG c7:REVKEYSIG c8:GOODSIG; do
		c=${pair%%:*} &&
		want=${pair#*:} &&
		rec=$(record_of $c "[a-z]*" split-$c) &&
		got=$(gpg_verdict "$rec") &&
		echo "$c $got" &&
		test "$got" = "$want" || return 1
	done
'

test_expect_success 'a range prints one line per record, in walk order, and fails' '
	cd repo &&
	test_expect_code 1 git results verify c0..c8 >out 2>err &&
	test $(wc -l <out) = 8 &&
	awk "{ print \$1, \$4 }" out | sort >actual &&
	sort >expect <<-\EOF &&
	bad changed
	expired-key old
	good good
	good lab1
	no-public-key unknown
	revoked-key gone
	unsigned plain
	wrong-commit good
	EOF
	test_cmp expect actual &&
	echo "error: 6 of 8 records did not verify" >expect &&
	test_cmp expect err &&
	git results verify c1 c8 &&
	git results verify c0..c1 &&
	git results verify c7..c8 ^c7 &&
	git results verify c7.. &&
	test_expect_code 1 git results verify c5..c7
'

test_expect_success '--all verifies every record in the notes ref' '
	cd repo &&
	test_expect_code 1 git results verify --all >out &&
	test $(wc -l <out) = 8 &&
	test_expect_code 128 git results verify --all --ref=nothing-here 2>err &&
	grep "^error: no results recorded in refs/notes/nothing-here\$" err
'

test_expect_success 'verify --json gives one object per record' '
	cd repo &&
	test_expect_code 1 git results verify --json c0..c8 >out.json &&
	python3 - "$(cat ../ci.fpr)" <<-\PY
	import json, sys
	data = json.load(open("out.json"))
	assert len(data) == 8, data
	keys = ["commit", "origin", "run", "status", "format", "fingerprint",
	        "primary_fingerprint", "signer", "trust", "timestamp", "reason"]
	for r in data:
	    assert list(r) == keys, list(r)
	by_run = {r["run"]: r for r in data}
	good = by_run["good"]
	assert good["status"] == "good" and good["fingerprint"] == sys.argv[1], good
	assert good["trust"] == "undefined" and good["reason"] is None, good
	assert good["signer"] == "CI Bot <ci@example.com>", good
	assert by_run["plain"]["status"] == "unsigned" and by_run["plain"]["format"] is None
	assert by_run["unknown"]["signer"] is None and by_run["unknown"]["status"] == "no-public-key"
	assert by_run["old"]["status"] == "expired-key"
	assert by_run["gone"]["status"] == "revoked-key"
	assert by_run["changed"]["status"] == "bad"
	PY
'

test_expect_success '--progress shows a meter on standard error, --no-progress none' '
	cd repo &&
	GIT_PROGRESS_DELAY=0 git results verify --progress c1 c8 >out 2>err &&
	test ! -s out &&
	grep "Verifying signatures: 100% (2/2), done\.\$" err &&
	GIT_PROGRESS_DELAY=0 git results verify --no-progress c1 c8 2>err &&
	test ! -s err
'

test_expect_success 'verify with no argument checks HEAD' '
	cd repo &&
	git results verify &&
	git checkout -q c2 &&
	test_expect_code 1 git results verify >out &&
	grep "^unsigned $(hex c2) " out &&
	git checkout -q main
'

test_expect_success 'revisions without results and bad revisions are errors, not failed checks' '
	cd repo &&
	test_expect_code 128 git results verify c0 2>err &&
	grep "^error: no results recorded for .c0.\$" err &&
	test_expect_code 128 git results verify no-such-rev 2>err &&
	grep "^error: bad revision .no-such-rev.\$" err &&
	test_expect_code 128 git results verify c0..c0 2>err &&
	grep "^error: no results recorded in the given revisions\$" err &&
	test_expect_code 128 git results verify c1...c2 2>err &&
	grep "^error: symmetric ranges" err &&
	test_expect_code 128 git results verify c1 c0 >out 2>err &&
	test ! -s out &&
	grep "^error: no results recorded for .c0.\$" err
'

test_expect_success 'a note that is not made of records fails verification' '
	cd repo &&
	test_commit c9 &&
	echo "not a record" | git notes --ref=results add -F - c9 &&
	test_expect_code 1 git results verify c9 2>err &&
	grep "^error: $(hex c9): the note is not a results record: line 1: " err &&
	test_expect_code 1 git results verify --json c9 >out.json &&
	grep "\"status\": \"bad\"" out.json &&
	git notes --ref=results remove c9
'

test_expect_success 'usage: -h, --all with revisions, --json with -v' '
	cd repo &&
	test_expect_code 129 git results verify -h >out &&
	grep "^usage: git results verify" out &&
	test_expect_code 129 git results verify --all c1 2>err &&
	grep "^error: --all takes no revisions" err &&
	test_expect_code 129 git results verify --json -v 2>err &&
	grep "^error: --json and --verbose cannot be used together" err &&
	test_expect_code 129 git results verify --bogus 2>err
'

test_expect_success 'an SSH armour around something else is bad (t3006 checks real ones)' '
	cd repo &&
	rec=$(record_of c2 ci split-ssh) &&
	printf "fake signature bytes for the test" | armour "SSH SIGNATURE" >ssh.sig &&
	cat "$rec.payload" ssh.sig >ssh-note &&
	git notes --ref=results add -f -F ssh-note c2 &&
	test_expect_code 1 git results verify c2 >out &&
	echo "bad $(hex c2) ci plain not an SSH signature" >expect &&
	test_cmp expect out &&
	git notes --ref=results add -f -F "$rec.payload" c2
'

test_expect_success 'armour that gpg accepts but that is not canonical is refused' '
	cd repo &&
	rec=$(record_of c2 ci split-comment) &&
	GNUPGHOME=$SIGNER gpg --batch -u ci@example.com --armor --comment "edited" \
		--detach-sign -o comment.sig "$rec.payload" &&
	grep "^Comment: edited" comment.sig &&
	gpg --verify comment.sig "$rec.payload" &&
	cat "$rec.payload" comment.sig >comment-note &&
	git notes --ref=results add -f -F comment-note c2 &&
	test_expect_code 1 git results verify c2 >out &&
	echo "bad $(hex c2) ci plain signature armour is damaged or not in canonical form" >expect &&
	test_cmp expect out &&
	git notes --ref=results add -f -F "$rec.payload" c2
'

test_expect_success 'a signed message (not a detached signature) is refused' '
	cd repo &&
	rec=$(record_of c2 ci split-opaque) &&
	GNUPGHOME=$SIGNER gpg --batch -u ci@example.com --sign -o opaque.gpg "$rec.payload" &&
	armour "PGP SIGNATURE" <opaque.gpg >opaque.sig &&
	cat "$rec.payload" opaque.sig >opaque-note &&
	git notes --ref=results add -f -F opaque-note c2 &&
	test_expect_code 1 git results verify c2 >out &&
	grep "^bad $(hex c2) ci plain " out &&
	git notes --ref=results add -f -F "$rec.payload" c2
'

test_done
