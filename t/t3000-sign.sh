#!/bin/sh
# add --sign: the key chosen as git chooses it, the signature appended in
# canonical armour, checked by plain gpg, and show --show-signature.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-sign.sh"

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	test_commit one &&
	test_commit two &&
	test_commit three &&
	test_commit four &&
	test_gpg_key "C O Mitter <committer@example.com>" >../committer.fpr &&
	test_gpg_key "CI Bot <ci@example.com>" >../ci.fpr &&
	test_gpg_key "Lab Bot <lab@example.com>" >../lab.fpr &&
	test $(wc -c <../ci.fpr) = 41
'

test_expect_success 'add --sign appends a signature block to the record' '
	cd repo &&
	git results add --sign --origin ci --run r1 one "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=results show one >note &&
	grep "^commit $(git rev-parse one)$" note &&
	sed -n "/^-----BEGIN PGP SIGNATURE-----\$/,\$p" note >sig &&
	test "$(head -1 sig)" = "-----BEGIN PGP SIGNATURE-----" &&
	test "$(tail -1 sig)" = "-----END PGP SIGNATURE-----" &&
	test "$(tail -1 note)" = "-----END PGP SIGNATURE-----" &&
	git results verify one >out 2>err &&
	test ! -s out &&
	test ! -s err
'

test_expect_success 'the armour is canonical: no header line, 64 columns, a checksum' '
	cd repo &&
	git notes --ref=results show one >note &&
	sed -n "/^-----BEGIN PGP SIGNATURE-----\$/,\$p" note >sig &&
	test "$(sed -n 2p sig)" = "" &&
	sed -e 1,2d -e "\$d" sig >body &&
	awk "length(\$0) > 64 { bad = 1 } END { exit bad }" body &&
	tail -1 body | grep "^=[A-Za-z0-9+/]\{4\}\$" &&
	! grep ": " body
'

test_expect_success 'payload and signature, written to two files, verify with gpg --verify' '
	cd repo &&
	git results add --sign --origin lab --run r2 one "$TEST_DATA/kunit-failure.ktap" &&
	mkdir split &&
	git notes --ref=results show one >note &&
	(cd split && split_note <../note) &&
	test $(ls split | wc -l) = 4 &&
	for n in 1 2; do
		gpg --verify split/record-$n.sig split/record-$n.payload || return 1
	done &&
	grep "^commit $(git rev-parse one)$" split/record-1.payload &&
	grep "^origin ci$" split/record-1.payload &&
	grep "^origin lab$" split/record-2.payload
'

test_expect_success 'gpg --verify refuses a changed payload, as verify does' '
	cd repo &&
	sed "s/^run r1\$/run r9/" split/record-1.payload >changed.payload &&
	! gpg --verify split/record-1.sig changed.payload &&
	git notes --ref=results show one >note &&
	sed "s/^run r1\$/run r9/" note >changed &&
	git notes --ref=results add -f -F changed one &&
	test_expect_code 1 git results verify one >out &&
	grep "^bad $(git rev-parse one) ci r9 " out &&
	git notes --ref=results add -f -F note one &&
	git results verify one
'

test_expect_success 'without a configured key, the committer identity signs' '
	cd repo &&
	git results verify -v one >out &&
	grep "^good .* ci r1 key $(cat ../committer.fpr) \"C O Mitter <committer@example.com>\"\$" out
'

test_expect_success 'user.signingKey, then results.signingKey, then -u choose the key' '
	cd repo &&
	git -c user.signingKey=ci@example.com results add --sign --origin k1 two "$TEST_DATA/kunit-skip.ktap" &&
	git -c user.signingKey=ci@example.com -c results.signingKey=lab@example.com \
		results add --sign --origin k2 two "$TEST_DATA/kunit-skip.ktap" &&
	git -c results.signingKey=lab@example.com \
		results add -u "$(cat ../ci.fpr)" --origin k3 two "$TEST_DATA/kunit-skip.ktap" &&
	git results verify -v two >out &&
	grep "^good .* k1 [^ ]* key $(cat ../ci.fpr) " out &&
	grep "^good .* k2 [^ ]* key $(cat ../lab.fpr) " out &&
	grep "^good .* k3 [^ ]* key $(cat ../ci.fpr) " out
'

test_expect_success 'results.sign signs without --sign; --no-sign overrides it' '
	cd repo &&
	git -c results.sign=true results add --origin cfg1 three "$TEST_DATA/kunit-skip.ktap" &&
	git -c results.sign=true results add --no-sign --origin cfg2 three "$TEST_DATA/kunit-skip.ktap" &&
	git results add --origin cfg3 three "$TEST_DATA/kunit-skip.ktap" &&
	test_expect_code 1 git results verify three >out &&
	grep "^good .* cfg1 " out &&
	grep "^unsigned .* cfg2 [^ ]*\$" out &&
	grep "^unsigned .* cfg3 [^ ]*\$" out &&
	test_expect_code 128 git -c results.sign=maybe results add --origin cfg4 three \
		"$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^fatal: bad boolean config value .maybe. for .results.sign.\$" err
'

test_expect_success 'a key that cannot sign fails and writes nothing' '
	cd repo &&
	before=$(notes_tip) &&
	test_expect_code 1 git results add -u nobody@example.com --origin x four \
		"$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^error: cannot sign the record for $(git rev-parse four): no usable secret key for .nobody@example.com.\$" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'gpg.program is the engine that signs and verifies' '
	cd repo &&
	cat >../gpg-wrapper <<-EOF &&
	#!/bin/sh
	echo "\$*" >>"$TRASH_DIRECTORY/gpg-wrapper.log"
	exec gpg "\$@"
	EOF
	chmod +x ../gpg-wrapper &&
	git -c gpg.program="$TRASH_DIRECTORY/gpg-wrapper" \
		results add --sign --origin wrapped four "$TEST_DATA/kunit-skip.ktap" &&
	grep -e "--detach-sign\|--sign" ../gpg-wrapper.log &&
	: >../gpg-wrapper.log &&
	git -c gpg.program="$TRASH_DIRECTORY/gpg-wrapper" results verify four &&
	grep -e "--verify" ../gpg-wrapper.log &&
	PATH=$TRASH_DIRECTORY:$PATH git -c gpg.program=gpg-wrapper results verify four &&
	git -c gpg.openpgp.program="$TRASH_DIRECTORY/gpg-wrapper" results verify four
'

test_expect_success 'a gpg.program that does not exist is an error, and nothing is written' '
	cd repo &&
	before=$(notes_tip) &&
	test_expect_code 1 git -c gpg.program=no-such-gpg \
		results add --sign --origin none four "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^error: cannot sign the record for [0-9a-f]*: cannot run gpg.program .no-such-gpg.: not found\$" err &&
	test "$(notes_tip)" = "$before" &&
	test_expect_code 1 git -c gpg.program=no-such-gpg results verify four >out &&
	grep "^error [0-9a-f]* wrapped [^ ]* cannot run gpg.program .no-such-gpg.: not found\$" out
'

test_expect_success 'gpg.format must be openpgp, x509 or ssh' '
	cd repo &&
	before=$(notes_tip) &&
	test_expect_code 128 git -c gpg.format=pgp results add --sign --origin f four \
		"$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^fatal: invalid value for .gpg.format.: .pgp.\$" err &&
	test "$(notes_tip)" = "$before" &&
	git -c gpg.format=OpenPGP results add --sign --origin f four "$TEST_DATA/kunit-skip.ktap"
'

test_expect_success 'add --batch --sign signs every record, in one notes commit' '
	cd repo &&
	for c in one two three four; do
		echo "$c $TEST_DATA/kunit-failure.ktap" || return 1
	done >batch &&
	before=$(git rev-list --count refs/notes/results) &&
	GIT_PROGRESS_DELAY=0 git results add --progress --batch --sign --origin batch <batch 2>err &&
	grep "Signing records: 100% (4/4), done\.\$" err &&
	test $(git rev-list --count refs/notes/results) = $((before + 1)) &&
	test_expect_code 1 git results verify -v one two three four >out &&
	test $(grep -c "^good .* batch " out) = 4 &&
	git results log >log &&
	test $(wc -l <log) = 4 &&
	! grep "not a results note" log &&
	test_expect_code 1 git results verify --json one two three four >out.json &&
	python3 -c "
import json
data = json.load(open(\"out.json\"))
assert sorted(r[\"status\"] for r in data if r[\"origin\"] == \"batch\") == [\"good\"] * 4
"
'

test_expect_success 'adding the same signed results again adds nothing' '
	cd repo &&
	before=$(notes_tip) &&
	git results add --sign --origin ci --run r1 one "$TEST_DATA/kunit-skip.ktap" \
		--date @1700000000 2>err &&
	grep "^0 of 1 record added" err &&
	git results add --origin ci --run r1 one "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^0 of 1 record added" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'signing a record already there unsigned replaces it; --force re-signs' '
	cd repo &&
	git results add --origin late --run r1 four "$TEST_DATA/kunit-skip.ktap" &&
	test_expect_code 1 git results verify four >out &&
	grep "^unsigned .* late r1\$" out &&
	git results add --sign --origin late --run r1 four "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^1 of 1 record added" err &&
	git results verify -v four >out &&
	grep "^good .* late r1 " out &&
	git notes --ref=results show four >note &&
	test $(grep -c "^origin late\$" note) = 1 &&
	git notes --ref=results show four >before &&
	git results add -u lab@example.com --origin late --run r1 four "$TEST_DATA/kunit-skip.ktap" 2>err &&
	grep "^0 of 1 record added" err &&
	git results add -f -u lab@example.com --origin late --run r1 four "$TEST_DATA/kunit-skip.ktap" &&
	git results verify -v four >out &&
	grep "^good .* late r1 key $(cat ../lab.fpr) " out
'

test_expect_success 'a record without tests is signed after the blank line ending its header' '
	cd repo &&
	# a run in which no test reported is an ERROR now: write the record
	printf "results 1\ncommit %s\ntree %s\norigin empty\nrun e1\ndate 2026-11-25T10:00:00Z\nstatus DONE\ncounts FAIL=0 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\n\n" \
		$(git rev-parse two) $(git rev-parse two^{tree}) >../empty.record &&
	git results add --sign ../empty.record &&
	record=$(record_of two empty split-empty) &&
	test "$(tail -c 2 "$record.payload" | od -An -c | tr -d " ")" = "\n\n" &&
	grep "^counts FAIL=0 ERROR=0 MISS=0 PASS=0 DONE=0 SKIP=0\$" "$record.payload" &&
	gpg --verify "$record.sig" "$record.payload" &&
	git results verify -v two >out &&
	grep "^good .* empty " out
'

test_expect_success 'show --show-signature gives signer and validity of each record' '
	cd repo &&
	git results add --origin plain three "$TEST_DATA/kunit-skip.ktap" &&
	git results show --show-signature one three >out &&
	grep "^signature good: key $(cat ../committer.fpr) \"C O Mitter <committer@example.com>\"\$" out &&
	grep "^signature unsigned\$" out &&
	test $(grep -c "^signature " out) = $(grep -c "^commit " out) &&
	git results show one >plain &&
	! grep "^signature" plain
'

test_expect_success 'show --show-signature --json adds a signature object' '
	cd repo &&
	git results show --show-signature --json one three >out.json &&
	python3 - "$(cat ../committer.fpr)" <<-\PY
	import json, sys
	fpr = sys.argv[1]
	data = json.load(open("out.json"))
	by_origin = {(r["attached_to"][:7], r["origin"]): r for r in data}
	good = [r for r in data if r["origin"] == "ci"][0]
	s = good["signature"]
	assert list(s) == ["status", "format", "fingerprint", "primary_fingerprint",
	                   "signer", "trust", "timestamp", "reason"], list(s)
	assert s["status"] == "good" and s["format"] == "openpgp", s
	assert s["fingerprint"] == fpr and s["primary_fingerprint"] == fpr, s
	assert s["signer"] == "C O Mitter <committer@example.com>", s
	assert s["trust"] == "ultimate" and isinstance(s["timestamp"], int), s
	plain = [r for r in data if r["origin"] == "plain"][0]["signature"]
	assert plain["status"] == "unsigned" and plain["format"] is None, plain
	assert plain["fingerprint"] is None and plain["trust"] is None, plain
	assert all(r["signed"] == (r["signature"]["status"] != "unsigned") for r in data)
	PY
'

test_expect_success 'show --raw --show-signature is a usage error' '
	cd repo &&
	test_expect_code 129 git results show --raw --show-signature one 2>err &&
	grep "^error: --raw and --show-signature cannot be used together" err
'

test_expect_success 'add -h lists the signing options' '
	test_expect_code 129 git results add -h >out &&
	grep -e "--\[no-\]sign" out &&
	grep -e "--local-user <key-id>" out
'

test_done
