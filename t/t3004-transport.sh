#!/bin/sh
# Signed records travel with plain git: pushed to a bare repository and
# fetched into a clone, every note arrives byte for byte and still
# verifies in the receiving maintainer's keyring.  (Merging notes refs is
# git results merge's business, tested with it.)
. "$(dirname "$0")/test-lib.sh"

SIGNER=$TRASH_DIRECTORY/signer

test_expect_success 'setup: a CI repository with signed records' '
	GNUPGHOME=$SIGNER &&
	test_gpg_key "CI Bot <ci@example.com>" >ci.fpr &&
	gpg --export ci@example.com >ci.gpg &&
	git init -q ci &&
	(
		cd ci &&
		test_commit one &&
		test_commit two &&
		test_commit three &&
		for c in one two three; do
			echo "$c $TEST_DATA/kunit-failure.ktap" || return 1
		done >batch &&
		GNUPGHOME=$SIGNER git results add -q --batch -u ci@example.com --origin ci <batch &&
		GNUPGHOME=$SIGNER git results add -q -u ci@example.com --origin ci --run extra \
			two "$TEST_DATA/kunit-skip.ktap" &&
		GNUPGHOME=$SIGNER git results verify one two three
	) &&
	git init -q --bare public.git &&
	git init -q maintainer &&
	git -C maintainer remote add origin ../public.git &&
	GNUPGHOME=$TRASH_DIRECTORY/.gnupg &&
	test_gpg_key "Maintainer <maintainer@example.com>" >maintainer.fpr &&
	gpg --batch --import ci.gpg
'

# Every note of a notes ref as "<commit> <blob>" lines.
notes_list() {
	git -C "$1" notes --ref="$2" list >notes &&
	sort notes
}

test_expect_success 'git push of the notes ref carries every signed note unchanged' '
	(cd ci && git push -q --tags ../public.git main refs/notes/results) &&
	notes_list ci results >expect &&
	notes_list public.git results >actual &&
	test_cmp expect actual &&
	for c in one two three; do
		git -C ci notes --ref=results show $c >expect &&
		git -C public.git notes --ref=results show $c >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'git fetch into a ref of its own, then verify there' '
	cd maintainer &&
	git fetch -q --tags origin main refs/notes/results:refs/notes/ci-results &&
	git checkout -q FETCH_HEAD &&
	git -C ../ci notes --ref=results list >notes &&
	sort notes >expect &&
	git notes --ref=ci-results list >notes &&
	sort notes >actual &&
	test_cmp expect actual &&
	git results verify --ref ci-results one two three &&
	git results verify --ref ci-results --all -v >out &&
	test $(grep -c "^good .* key $(cat ../ci.fpr) " out) = 4 &&
	test $(wc -l <out) = 4
'

test_expect_success 'pushing onward from the maintainer keeps them intact too' '
	git init -q --bare second.git &&
	(cd maintainer && git push -q --tags ../second.git HEAD:refs/heads/main refs/notes/ci-results:refs/notes/results) &&
	notes_list ci results >expect &&
	notes_list second.git results >actual &&
	test_cmp expect actual &&
	git clone -q second.git reader 2>/dev/null &&
	cd reader &&
	git fetch -q origin refs/notes/results:refs/notes/results &&
	git results verify --all
'

test_expect_success 'a fetched note edited after the fact is caught' '
	cd reader &&
	git notes --ref=results show two >orig &&
	sed "s/^run extra\$/run extrb/" orig >edited &&
	! test_cmp orig edited >/dev/null &&
	git notes --ref=results add -f -F edited two &&
	test_expect_code 1 git results verify two >out &&
	grep "^bad [0-9a-f]* ci extrb key $(cat ../ci.fpr) " out &&
	grep "^good [0-9a-f]* ci [0-9a-f]\{12\} " out
'

test_done
