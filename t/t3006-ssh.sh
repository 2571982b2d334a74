#!/bin/sh
# gpg.format=ssh: records signed with ssh-keygen -Y sign (key files,
# ssh-agent, literal keys, gpg.ssh.defaultKeyCommand) and checked against
# a real allowed signers file: good, untrusted, bad, another namespace,
# wrong-commit, expired and revoked keys, the trust policy, a missing
# ssh-keygen, ssh-keygen itself agreeing, and temporary files that never
# outlive the command.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-sign.sh"

KTAP=$TEST_DATA/kunit-skip.ktap
ALLOWED=$TRASH_DIRECTORY/allowed_signers
SQ="'"

# Our own agent, never the user's; stopped however the script ends.
unset SSH_AUTH_SOCK SSH_AGENT_PID
eval "$(ssh-agent -s -a "$TRASH_DIRECTORY/agent.sock")" >/dev/null
trap 'ssh-agent -k >/dev/null 2>&1' EXIT

# fpr <key>: the fingerprint ssh-keygen -l prints for <key>.pub
fpr() {
	ssh-keygen -lf "$TRASH_DIRECTORY/$1.pub" | awk '{ print $2 }'
}

hex() {
	git rev-parse "$1"
}

test_expect_success 'setup: keys, an allowed signers file, a repository' '
	for k in ci lab stranger old young gone gitonly; do
		ssh-keygen -q -t ed25519 -N "" -C "$k" -f $k || return 1
	done &&
	ssh-keygen -q -t rsa -b 2048 -N "" -C rsa -f rsa &&
	cat >allowed_signers <<-EOF &&
	ci@example.com namespaces="git-results" $(cat ci.pub)
	lab@example.com $(cat lab.pub)
	rsa@example.com $(cat rsa.pub)
	old@example.com valid-before="20200101" $(cat old.pub)
	young@example.com valid-after="20300101" $(cat young.pub)
	gone@example.com $(cat gone.pub)
	gitonly@example.com namespaces="git" $(cat gitonly.pub)
	EOF
	cat gone.pub >revoked_keys &&
	mkdir tmp &&
	git init -q repo &&
	cd repo &&
	for c in c0 c1 c2 c3 c4 c5 c6 c7 c8 c9; do
		test_commit $c || return 1
	done &&
	git config gpg.format ssh &&
	git config gpg.ssh.allowedSignersFile "$ALLOWED"
'

test_expect_success 'add --sign signs with the key file user.signingKey names' '
	cd repo &&
	git -c user.signingKey="$TRASH_DIRECTORY/ci" results add --sign --origin ci --run r1 c1 "$KTAP" &&
	git notes --ref=results show c1 >note &&
	grep "^-----BEGIN SSH SIGNATURE-----\$" note &&
	test "$(tail -1 note)" = "-----END SSH SIGNATURE-----" &&
	git results verify c1 >out 2>err &&
	test ! -s out &&
	test ! -s err &&
	git results verify -v c1 >out &&
	echo "good $(hex c1) ci r1 key $(fpr ci) \"ci@example.com\"" >expect &&
	test_cmp expect out
'

test_expect_success 'show --show-signature and --json report the principal and fingerprint' '
	cd repo &&
	git results show --show-signature c1 >out &&
	grep "^signature good: key $(fpr ci) \"ci@example.com\"\$" out &&
	git results verify --json c1 >out.json &&
	python3 - "$(fpr ci)" out.json <<-\PY
	import json, sys
	[r] = json.load(open(sys.argv[2]))
	assert r["status"] == "good", r
	assert r["format"] == "ssh", r
	assert r["fingerprint"] == sys.argv[1], r
	assert r["primary_fingerprint"] is None, r
	assert r["signer"] == "ci@example.com", r
	assert r["trust"] == "fully", r
	assert r["timestamp"] is None, r
	assert r["reason"] is None, r
	PY
'

test_expect_success 'summary reports the SSH signer as it reports OpenPGP ones' '
	cd repo &&
	git results summary c1 >out &&
	grep "^    ci run r1: good signature: key $(fpr ci) \"ci@example.com\"\$" out &&
	git results summary --format json c1 >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	s = json.load(open(sys.argv[1]))
	[r] = [r for r in s["signatures"] if r["origin"] == "ci"]
	assert r["signature"] == "good", r
	assert r["signer"] == "ci@example.com", r
	PY
'

test_expect_success 'ssh-keygen -Y verify accepts the split payload and signature, in the git-results namespace only' '
	cd repo &&
	rec=$(record_of c1 ci split) &&
	ssh-keygen -Y verify -n git-results -f "$ALLOWED" -I ci@example.com \
		-s "$rec.sig" <"$rec.payload" >out &&
	grep "^Good \"git-results\" signature for ci@example.com with ED25519 key $(fpr ci)\$" out &&
	ssh-keygen -Y check-novalidate -n git-results -s "$rec.sig" <"$rec.payload" &&
	! ssh-keygen -Y check-novalidate -n git -s "$rec.sig" <"$rec.payload" &&
	sed "s/^run r1\$/run r2/" "$rec.payload" >changed &&
	! ssh-keygen -Y verify -n git-results -f "$ALLOWED" -I ci@example.com \
		-s "$rec.sig" <changed
'

test_expect_success 'an RSA key signs and verifies too' '
	cd repo &&
	git -c user.signingKey="$TRASH_DIRECTORY/rsa" results add --sign --origin lab --run rsa c1 "$KTAP" &&
	git results verify -v c1 >out &&
	grep "^good $(hex c1) lab rsa key $(fpr rsa) \"rsa@example.com\"\$" out
'

test_expect_success 'untrusted: a key that is not in the allowed signers file' '
	cd repo &&
	git results add --sign -u "$TRASH_DIRECTORY/stranger" --origin ci --run r2 c2 "$KTAP" &&
	test_expect_code 1 git results verify c2 >out 2>err &&
	echo "untrusted $(hex c2) ci r2 key $(fpr stranger) (key is not in $ALLOWED)" >expect &&
	test_cmp expect out &&
	echo "error: 1 of 1 record did not verify" >expect &&
	test_cmp expect err &&
	rec=$(record_of c2 ci split-stranger) &&
	! ssh-keygen -Y find-principals -f "$ALLOWED" -s "$rec.sig"
'

test_expect_success 'untrusted: an entry that allows only the git namespace' '
	cd repo &&
	git results add --sign -u "$TRASH_DIRECTORY/gitonly" --origin ci --run r3 c3 "$KTAP" &&
	test_expect_code 1 git results verify c3 >out &&
	grep "^untrusted $(hex c3) ci r3 key $(fpr gitonly) \"gitonly@example.com\" (.*key is not permitted for use in signature namespace \"git-results\")\$" out
'

test_expect_success 'bad: a record changed after it was signed' '
	cd repo &&
	git -c user.signingKey="$TRASH_DIRECTORY/ci" results add --sign --origin ci --run r4 --env arch=x86_64 c4 "$KTAP" &&
	git notes --ref=results show c4 >note &&
	sed "s/^env arch x86_64\$/env arch arm64/" note >tampered &&
	git notes --ref=results add -f -F tampered c4 &&
	test_expect_code 1 git results verify c4 >out &&
	echo "bad $(hex c4) ci r4 key $(fpr ci) (the signature does not match the record)" >expect &&
	test_cmp expect out &&
	rec=$(record_of c4 ci split-tampered) &&
	! ssh-keygen -Y verify -n git-results -f "$ALLOWED" -I ci@example.com \
		-s "$rec.sig" <"$rec.payload"
'

test_expect_success 'bad: a signature made for another namespace, though ssh-keygen takes it for git' '
	cd repo &&
	git results add --origin lab --run r5 c5 "$KTAP" &&
	git notes --ref=results show c5 >payload &&
	ssh-keygen -q -Y sign -n git -f ../lab payload 2>/dev/null &&
	ssh-keygen -Y verify -n git -f "$ALLOWED" -I lab@example.com -s payload.sig <payload &&
	cat payload payload.sig | git notes --ref=results add -f -F - c5 &&
	git results show --json c5 >out.json &&
	grep "\"signed\": true" out.json &&
	test_expect_code 1 git results verify c5 >out &&
	echo "bad $(hex c5) lab r5 key $(fpr lab) (the signature is for namespace ${SQ}git${SQ}, not ${SQ}git-results${SQ})" >expect &&
	test_cmp expect out
'

test_expect_success 'wrong-commit: a signed record replayed onto another commit' '
	cd repo &&
	git notes --ref=results show c1 >note &&
	git notes --ref=results add -F note c6 &&
	test_expect_code 1 git results verify c6 >out &&
	grep "^wrong-commit $(hex c6) ci r1 key $(fpr ci) \"ci@example.com\" (the record was made for commit $(hex c1))\$" out &&
	grep "^wrong-commit $(hex c6) lab rsa " out
'

test_expect_success 'the allowed signers validity is checked at the date of the record' '
	cd repo &&
	git results add --sign -u "$TRASH_DIRECTORY/old" --origin old --run r7 c7 "$KTAP" &&
	test_expect_code 1 git results verify c7 >out &&
	echo "expired-key $(hex c7) old r7 key $(fpr old) (the key has expired)" >expect &&
	test_cmp expect out &&
	git results add --sign -u "$TRASH_DIRECTORY/old" --origin old --run r7old \
		--date 2019-06-01T00:00:00Z c7 "$KTAP" &&
	test_expect_code 1 git results verify -v c7 >out &&
	grep "^good $(hex c7) old r7old key $(fpr old) \"old@example.com\"\$" out &&
	git results add --sign -u "$TRASH_DIRECTORY/young" --origin young --run r7 c7 "$KTAP" &&
	test_expect_code 1 git results verify c7 >out &&
	grep "^untrusted $(hex c7) young r7 key $(fpr young) (.*key is not yet valid.*)\$" out
'

test_expect_success 'revoked-key: gpg.ssh.revocationFile lists the key' '
	cd repo &&
	git results add --sign -u "$TRASH_DIRECTORY/gone" --origin gone --run r8 c8 "$KTAP" &&
	git results verify c8 &&
	test_expect_code 1 git -c gpg.ssh.revocationFile="$TRASH_DIRECTORY/revoked_keys" \
		results verify c8 >out &&
	echo "revoked-key $(hex c8) gone r8 key $(fpr gone) \"gone@example.com\" (the key was revoked)" >expect &&
	test_cmp expect out &&
	git -c gpg.ssh.revocationFile="$TRASH_DIRECTORY/revoked_keys" results verify c1 &&
	git -c gpg.ssh.revocationFile=no-such-file results verify c1 c8 2>err &&
	echo "warning: ssh signing revocation file configured but not found: $TRASH_DIRECTORY/repo/no-such-file" >expect &&
	test_cmp expect err
'

test_expect_success 'a relative gpg.ssh.allowedSignersFile is taken from the top of the work tree' '
	cd repo &&
	mkdir -p sub &&
	cd sub &&
	git -c gpg.ssh.allowedSignersFile=../allowed_signers results verify c1 &&
	cp "$ALLOWED" ../allowed_signers &&
	git -c gpg.ssh.allowedSignersFile=allowed_signers results verify c1 &&
	rm ../allowed_signers
'

test_expect_success 'gpg.ssh.allowedSignersFile unset or missing: an error naming it' '
	cd repo &&
	test_expect_code 1 git -c gpg.ssh.allowedSignersFile="$TRASH_DIRECTORY/none" results verify c1 >out &&
	grep "^error $(hex c1) ci r1 key $(fpr ci) (cannot read gpg.ssh.allowedSignersFile .$TRASH_DIRECTORY/none.: No such file or directory)\$" out &&
	test_when_finished "git -C \"$TRASH_DIRECTORY/repo\" config gpg.ssh.allowedSignersFile \"\$ALLOWED\"" &&
	git config --unset gpg.ssh.allowedSignersFile &&
	test_expect_code 1 git results verify c1 >out &&
	git config gpg.ssh.allowedSignersFile "$ALLOWED" &&
	grep "^error $(hex c1) ci r1 key $(fpr ci) (gpg.ssh.allowedSignersFile needs to be configured to check SSH signatures)\$" out &&
	git results verify c1
'

test_expect_success 'the trust policy applies: results.trustedKeys with SSH fingerprints, gpg.minTrustLevel' '
	cd repo &&
	echo "$(fpr ci) ci" >../trusted &&
	test_expect_code 1 git -c results.trustedKeys="$TRASH_DIRECTORY/trusted" results verify c1 >out &&
	grep "^good $(hex c1) ci r1 " out &&
	grep "^untrusted $(hex c1) lab rsa key $(fpr rsa) \"rsa@example.com\" (key is not in $TRASH_DIRECTORY/trusted)\$" out &&
	echo "$(fpr rsa) ci" >>../trusted &&
	test_expect_code 1 git -c results.trustedKeys="$TRASH_DIRECTORY/trusted" results verify c1 >out &&
	grep "^untrusted $(hex c1) lab rsa .*(key may not sign for origin .lab. in $TRASH_DIRECTORY/trusted)\$" out &&
	git -c gpg.minTrustLevel=fully results verify c1 &&
	test_expect_code 1 git -c gpg.minTrustLevel=ultimate results verify c1 >out &&
	grep "^untrusted $(hex c1) ci r1 .*(key validity is fully, gpg.minTrustLevel asks for ultimate)\$" out
'

test_expect_success 'ssh-agent signs for a public key file, a literal key and key::' '
	cd repo &&
	ssh-add -q ../lab 2>/dev/null &&
	git results add --sign -u "$TRASH_DIRECTORY/lab.pub" --origin agent --run pubfile c9 "$KTAP" &&
	git -c user.signingKey="$(cat ../lab.pub)" results add --sign --origin agent --run literal c9 "$KTAP" &&
	git -c user.signingKey="key::$(cat ../lab.pub)" results add --sign --origin agent --run prefixed c9 "$KTAP" &&
	git results verify -v c9 >out &&
	test_line_count = 3 out &&
	test $(grep -c "^good $(hex c9) agent [a-z]* key $(fpr lab) \"lab@example.com\"\$" out) = 3
'

test_expect_success 'gpg.ssh.defaultKeyCommand gives the key when none is configured' '
	cd repo &&
	git -c gpg.ssh.defaultKeyCommand="ssh-add -L" results add --sign --origin agent --run default c9 "$KTAP" &&
	git results verify -v c9 >out &&
	grep "^good $(hex c9) agent default key $(fpr lab) " out &&
	before=$(notes_tip) &&
	test_expect_code 128 git results add --sign --origin agent --run none c9 "$KTAP" 2>err &&
	grep "^fatal: either user.signingKey or gpg.ssh.defaultKeyCommand needs to be configured for SSH signing\$" err &&
	test_expect_code 1 git -c user.signingKey= results add --sign --origin agent --run none c9 "$KTAP" 2>err &&
	grep "^error: cannot sign the record for $(hex c9): user.signingKey needs to be set for SSH signing\$" err &&
	test_expect_code 128 git -c gpg.ssh.defaultKeyCommand="echo not-a-key" \
		results add --sign --origin agent --run none c9 "$KTAP" 2>err &&
	grep "^fatal: gpg.ssh.defaultKeyCommand printed no SSH public key\$" err &&
	test_expect_code 128 git -c gpg.ssh.defaultKeyCommand="sh -c \"echo no agent >&2; exit 2\"" \
		results add --sign --origin agent --run none c9 "$KTAP" 2>err &&
	grep "^fatal: gpg.ssh.defaultKeyCommand failed: no agent\$" err &&
	test_expect_code 128 git -c gpg.ssh.defaultKeyCommand="ssh-add \"-L" \
		results add --sign --origin agent --run none c9 "$KTAP" 2>err &&
	grep "^fatal: malformed gpg.ssh.defaultKeyCommand .ssh-add \"-L.: unclosed quote\$" err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'a key ssh-keygen cannot use, or one the agent lacks, fails the add and writes nothing' '
	cd repo &&
	before=$(notes_tip) &&
	test_expect_code 1 git results add --sign -u "$TRASH_DIRECTORY/no-such-key" \
		--origin ci --run none c9 "$KTAP" 2>err &&
	grep "^error: cannot sign the record for $(hex c9): ssh-keygen failed: .*no-such-key" err &&
	mkdir -p ../lone &&
	cp ../lab.pub ../lone/ &&
	git results add --sign -u "$TRASH_DIRECTORY/lone/lab.pub" --origin agent --run lone c9 "$KTAP" &&
	ssh-add -D -q 2>/dev/null &&
	before=$(notes_tip) &&
	test_expect_code 1 git results add --sign -u "$TRASH_DIRECTORY/lone/lab.pub" \
		--origin ci --run none c9 "$KTAP" 2>err &&
	grep "^error: cannot sign the record for $(hex c9): ssh-keygen failed: .*No private key found" err &&
	test_expect_code 1 git -c user.signingKey="$(cat ../lab.pub)" results add --sign \
		--origin ci --run none c9 "$KTAP" 2>err &&
	grep "^error: cannot sign the record for $(hex c9): ssh-keygen failed: " err &&
	test "$(notes_tip)" = "$before"
'

test_expect_success 'gpg.ssh.program pointing nowhere: a clear error, the notes unchanged' '
	cd repo &&
	before=$(notes_tip) &&
	test_expect_code 1 git -c gpg.ssh.program=/nowhere/ssh-keygen -c user.signingKey="$TRASH_DIRECTORY/ci" \
		results add --sign --origin ci --run none c9 "$KTAP" 2>err &&
	echo "error: cannot sign the record for $(hex c9): cannot run gpg.ssh.program '"'/nowhere/ssh-keygen'"': No such file or directory" >expect &&
	test_cmp expect err &&
	test_expect_code 1 git -c gpg.ssh.program=no-such-ssh-keygen -c user.signingKey="$TRASH_DIRECTORY/ci" \
		results add --batch --sign --origin ci <<-EOF 2>err &&
	c8 $KTAP
	c9 $KTAP
	EOF
	grep "^error: cannot sign the record for $(hex c8): cannot run gpg.ssh.program .no-such-ssh-keygen.: No such file or directory\$" err &&
	test "$(notes_tip)" = "$before" &&
	test_expect_code 1 git -c gpg.ssh.program=/nowhere/ssh-keygen results verify c1 >out &&
	grep "^error $(hex c1) ci r1 key $(fpr ci) (cannot run gpg.ssh.program .\/nowhere\/ssh-keygen.: No such file or directory)\$" out
'

test_expect_success 'add --batch --sign signs every record with one key' '
	cd repo &&
	printf "c2 %s\nc3 %s\n" "$KTAP" "$KTAP" |
	git -c user.signingKey="$TRASH_DIRECTORY/ci" results add --batch --sign --origin batch &&
	test_expect_code 1 git results verify -v c2 c3 >out &&
	test $(grep -c "^good [0-9a-f]* batch [0-9a-f]* key $(fpr ci) \"ci@example.com\"\$" out) = 2
'

test_expect_success 'the temporary files are gone after signing, verifying and failing' '
	cd repo &&
	TMPDIR=$TRASH_DIRECTORY/tmp &&
	export TMPDIR &&
	git -c user.signingKey="$TRASH_DIRECTORY/ci" results add --sign --origin tmp --run r1 c0 "$KTAP" &&
	git results verify c0 c1 &&
	test_must_fail git results verify c2 c4 c7 c8 >/dev/null &&
	test_must_fail git results add --sign -u "$TRASH_DIRECTORY/no-such-key" --origin tmp --run r2 c0 "$KTAP" 2>/dev/null &&
	test_must_fail git -c user.signingKey="$(cat ../lab.pub)" results add --sign --origin tmp --run r3 c0 "$KTAP" 2>/dev/null &&
	ls -A "$TMPDIR" >left &&
	test_cmp /dev/null left
'

test_expect_success 'the temporary files are gone when the command is killed' '
	cd repo &&
	TMPDIR=$TRASH_DIRECTORY/tmp &&
	export TMPDIR &&
	cat >../killer <<-\EOF &&
	#!/bin/sh
	# the payload is there for ssh-keygen, until our parent is killed
	for f in "$TMPDIR"/git-results-*/payload; do test -f "$f" || exit 3; done
	kill -TERM $PPID
	sleep 5
	EOF
	chmod +x ../killer &&
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=gpg.ssh.program GIT_CONFIG_VALUE_0="$TRASH_DIRECTORY/killer" &&
	export GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0 &&
	test_expect_code 143 git-results verify c1 2>/dev/null &&
	ls -A "$TMPDIR" >left &&
	test_cmp /dev/null left
'

test_expect_success 'every flipped byte of an SSH-signed record fails verification' '
	cd repo &&
	test_commit c10 &&
	git -c user.signingKey="$TRASH_DIRECTORY/ci" results add --sign --origin sweep --run r1 c10 "$KTAP" &&
	git notes --ref=results show c10 >../note &&
	tamper_sweep ../note tamper &&
	check_sweep ../note tamper
'

test_done
