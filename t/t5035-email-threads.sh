#!/bin/sh
# format-patch --thread and --in-reply-to, as git format-patch threads
# patches, the "-- " signature that ends every message, and am reading
# messages a mailing list changed: a footer after the signature, or text
# after the last complete record.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-release.sh"

# headers <mbox>: each message's Message-ID|In-Reply-To|References, as
# Python's email package reads them.
headers() {
	python3 - "$1" <<-\PY
	import mailbox, sys
	for m in mailbox.mbox(sys.argv[1]):
	    refs = " ".join((m.get("References") or "").split())
	    print("|".join([m.get("Message-ID") or "", m.get("In-Reply-To") or "", refs]))
	PY
}

test_expect_success 'setup' '
	git init -q repo &&
	cd repo &&
	release_commit "Linux 6.0" v6.0 &&
	release_commit "Linux 6.1" v6.1 &&
	write_tap ../one.tap ok:a fail:b &&
	write_tap ../two.tap ok:boot &&
	git results add -q --origin ci --run x86 v6.0 ../one.tap &&
	git results add -q --origin ci --run x86 v6.1 ../two.tap &&
	git clone -q . ../clone &&
	git -C ../clone fetch -q origin "refs/tags/*:refs/tags/*"
'

test_expect_success 'without threading there are no threading headers' '
	cd repo &&
	git results format-patch --stdout v6.0 v6.1 >plain.mbox &&
	! grep -i "^\(Message-ID\|In-Reply-To\|References\):" plain.mbox
'

test_expect_success '--thread: every message answers the first, as git format-patch --thread' '
	cd repo &&
	git results format-patch --stdout --thread v6.0 v6.1 >thread.mbox &&
	headers thread.mbox >got &&
	a=$(git rev-parse v6.0^{commit}) && b=$(git rev-parse v6.1^{commit}) &&
	cat >expect <<-EOF &&
	<results-$a-1-2@example.com>||
	<results-$b-2-2@example.com>|<results-$a-1-2@example.com>|<results-$a-1-2@example.com>
	EOF
	test_cmp expect got &&
	git results format-patch --stdout --thread v6.0 v6.1 >again.mbox &&
	test_cmp thread.mbox again.mbox
'

test_expect_success '--in-reply-to: every message answers it, with or without --thread' '
	cd repo &&
	git results format-patch --stdout --thread --in-reply-to "<rc1-announce@kernel.org>" v6.0 v6.1 >reply.mbox &&
	headers reply.mbox >got &&
	a=$(git rev-parse v6.0^{commit}) && b=$(git rev-parse v6.1^{commit}) &&
	cat >expect <<-EOF &&
	<results-$a-1-2@example.com>|<rc1-announce@kernel.org>|<rc1-announce@kernel.org>
	<results-$b-2-2@example.com>|<rc1-announce@kernel.org>|<rc1-announce@kernel.org>
	EOF
	test_cmp expect got &&
	git results format-patch --stdout --in-reply-to rc1-announce@kernel.org v6.0 v6.1 >all.mbox &&
	headers all.mbox >got &&
	cat >expect <<-EOF &&
	<results-$a-1-2@example.com>|<rc1-announce@kernel.org>|<rc1-announce@kernel.org>
	<results-$b-2-2@example.com>|<rc1-announce@kernel.org>|<rc1-announce@kernel.org>
	EOF
	test_cmp expect got &&
	test_expect_code 129 git results format-patch --stdout --in-reply-to "no id" v6.0 2>err &&
	grep "not a Message-ID" err
'

test_expect_success 'git format-patch threads the same way' '
	cd repo &&
	for opts in "--thread --in-reply-to=<rc1-announce@kernel.org>" \
		"--in-reply-to=<rc1-announce@kernel.org>" --thread
	do
		git format-patch -q --always --stdout $opts -2 v6.1 >git.mbox &&
		headers git.mbox >git-headers &&
		sed "s/^[^|]*|//" git-headers | sed "s/<[0-9a-f]\{40\}[^>]*>/<first>/g" >git-shape &&
		git results format-patch --stdout $opts v6.0 v6.1 >ours.mbox &&
		headers ours.mbox >ours &&
		sed "s/^[^|]*|//" ours | sed "s/<results-[^>]*>/<first>/g" >our-shape &&
		test_cmp git-shape our-shape || return 1
	done
'

test_expect_success 'every message ends with a signature line, which git mailsplit keeps in its message' '
	cd repo &&
	mkdir split &&
	git mailsplit -osplit thread.mbox >count &&
	echo 2 >expect &&
	test_cmp expect count &&
	grep -c "^-- $" split/0001 >n &&
	echo 1 >expect &&
	test_cmp expect n
'

test_expect_success 'am: a mailing-list footer after the signature is not read' '
	cd repo &&
	awk "{ print } /^git-results [0-9]/ { print \"_______________________________________________\"; print \"linux-test mailing list\"; print \"https://lists.example.org/listinfo/linux-test\" }" \
		thread.mbox >footer.mbox &&
	grep -c "^linux-test mailing list$" footer.mbox >n &&
	echo 2 >expect &&
	test_cmp expect n &&
	cd ../clone &&
	git results am ../repo/footer.mbox 2>err &&
	! grep warning err &&
	git notes --ref=results show v6.0^{commit} >mine &&
	git -C ../repo notes --ref=results show v6.0^{commit} >theirs &&
	test_cmp theirs mine
'

test_expect_success 'am: text after the last complete record is left out, with a warning' '
	cd repo &&
	git results add -q --origin lab --run r2 v6.1 ../one.tap &&
	git results format-patch --stdout v6.1 >two.mbox &&
	sed "/^-- $/,/^git-results [0-9]/d" two.mbox >nosig.mbox &&
	! grep "^-- $" nosig.mbox &&
	printf "\n_______________________________________________\nlinux-test mailing list\n" >>nosig.mbox &&
	cd ../clone &&
	git results am ../repo/nosig.mbox 2>err &&
	grep "^warning: message 1: ignoring 3 lines after the last complete record$" err &&
	git notes --ref=results show v6.1^{commit} >mine &&
	git -C ../repo notes --ref=results show v6.1^{commit} >theirs &&
	test_cmp theirs mine
'

test_expect_success 'am: a record cut short is never attached' '
	cd repo &&
	git results format-patch --stdout --origin lab v6.1 >lab.mbox &&
	sed -e "/^-- $/,/^git-results [0-9]/d" -e "/^FAIL b$/d" lab.mbox >cut.mbox &&
	cd ../clone &&
	before=$(git rev-parse -q --verify refs/notes/results) &&
	test_expect_code 1 git results am ../repo/cut.mbox 2>err &&
	grep "not results" err &&
	test "$(git rev-parse -q --verify refs/notes/results)" = "$before"
'

test_done
