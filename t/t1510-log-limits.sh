#!/bin/sh
# git results log takes git log's limits (-n, --since/--until, --author,
# --first-parent, --all) with git log's meaning, checked against git log
# itself, and limits by results: --origin, --env, --status, --untested.

. "$(dirname "$0")/test-lib.sh"

# commit <name> <date> <author> <path> [<parent>...]: a commit with that
# committer date and author, whose tree is one file <path> holding <name>;
# its id is kept in $<name> and in .git/names, for the tests that follow.
commit() {
	name=$1 date=$2 author=$3 path=$4
	shift 4
	parents=
	for p in "$@"; do
		parents="$parents -p $p"
	done
	blob=$(echo "$name" | git hash-object -w --stdin) &&
	case $path in
	*/*)
		sub=$(printf "100644 blob %s\t%s\n" "$blob" "${path#*/}" | git mktree) &&
		tree=$(printf "040000 tree %s\t%s\n" "$sub" "${path%%/*}" | git mktree) ;;
	*)
		tree=$(printf "100644 blob %s\t%s\n" "$blob" "$path" | git mktree) ;;
	esac &&
	# shellcheck disable=SC2086
	oid=$(GIT_AUTHOR_NAME="$author" GIT_AUTHOR_EMAIL="$(echo "$author" | tr A-Z a-z)@example.com" \
	      GIT_COMMITTER_DATE="$((1600000000 + date)) +0000" git commit-tree $parents -m "$name" "$tree") &&
	eval "$name=\$oid" &&
	echo "$name $oid" >>.git/names
}

# the id of a commit made by commit()
oid() {
	sed -n "s/^$1 //p" .git/names
}

# add <commit> <origin> <arch> <PASS|FAIL>: one run of one test
add() {
	if test "$4" = PASS; then echo "ok 1 - t"; else echo "not ok 1 - t"; fi >run.tap &&
	git results add -q --origin "$2" --run "$2-$3-$1" --env arch="$3" "$1" run.tap
}

# the commits git log lists for <args> that have results (with: as
# listed; without: the others), against git results log <args>; paths
# limit as with --full-history (see git-results-log(1))
expect_listed() {
	git log --full-history --format=%h "$@" >log &&
	{ grep -F -x -f tested log >expect || test_must_be_empty expect; } &&
	git results log "$@" >out &&
	cut -d" " -f1 out >actual &&
	test_cmp expect actual
}

expect_untested() {
	git log --full-history --format=%h "$@" >log &&
	{ grep -v -F -x -f tested log >expect || test_must_be_empty expect; } &&
	git results log --untested "$@" >out &&
	cut -d" " -f1 out >actual &&
	test_cmp expect actual
}

# the short ids of the named commits, one a line, in that order
ids() {
	for n in "$@"; do
		git rev-parse --short=7 "$(oid "$n")" || return 1
	done
}

test_expect_success 'setup: two branches merged, two origins, two environments' '
	git init -q repo &&
	cd repo &&
	commit A 1000 Alice file &&
	commit B 2000 Bob file $A &&
	commit C 3000 Alice file $B &&
	commit T1 2500 Carol sub/t $B &&
	commit T2 3500 Bob sub/t $T1 &&
	commit M 4000 Alice file $C $T2 &&
	commit D 5000 Carol file $M &&
	commit O1 2200 Bob other $A &&
	# R has the tree of C: C'"'"'s results count for it
	R=$(GIT_COMMITTER_DATE="1600006000 +0000" git commit-tree -p $D -m R $C^{tree}) &&
	echo "R $R" >>.git/names &&
	git update-ref refs/heads/main $R &&
	git update-ref refs/heads/topic $T2 &&
	git update-ref refs/heads/other $O1 &&
	git tag -a -m v1 v1 $C &&
	git symbolic-ref HEAD refs/heads/main &&
	add $A ci x86_64 PASS &&
	add $B ci x86_64 FAIL &&
	add $B lab arm64 PASS &&
	add $C lab arm64 PASS &&
	add $T1 ci arm64 FAIL &&
	add $M ci x86_64 PASS &&
	add $M lab x86_64 FAIL &&
	add $O1 ci x86_64 PASS &&
	ids A B C T1 M O1 R >tested &&
	git results log >out &&
	cut -d" " -f1 out >actual &&
	ids R M C T1 B A >expect &&
	test_cmp expect actual &&
	grep "^$(ids R) PASS .*same tree as" out
'

test_expect_success '--first-parent, as git log' '
	cd repo &&
	expect_listed --first-parent &&
	expect_listed --first-parent "$(oid B)..main" &&
	expect_listed --first-parent topic &&
	expect_listed --first-parent main ^topic &&
	git results log --first-parent >out &&
	! grep "$(ids T1)" out
'

test_expect_success '--since and --until, in the forms git reads, as git log' '
	cd repo &&
	for since in @1600002500 1600002500 "2020-09-13 13:08:20" 2020-09-13T13:08:20Z \
		"2020-09-13 15:08:20 +0200" "2020-09-13 13:08" "2 weeks ago" "3.days.ago"
	do
		expect_listed --since="$since" &&
		expect_listed --after "$since" &&
		expect_listed --until="$since" &&
		expect_listed --before "$since" || return 1
	done &&
	expect_listed --since=@1600002000 --until=@1600004000 &&
	expect_listed --since=@1600002000 "$(oid B)..main" &&
	expect_listed --since=@1600002600 "$(oid B)..main" &&
	expect_listed --until=@1600003000 "$(oid A)..topic" &&
	expect_listed --until=@1600002200 "$(oid A)..topic" &&
	git results log --since=@1600002600 "$(oid A)..main" >out &&
	cut -d" " -f1 out >actual &&
	ids R M C >expect &&
	test_cmp expect actual &&
	git results log --until=@1600002200 "$(oid A)..topic" >out &&
	cut -d" " -f1 out >actual &&
	ids B >expect &&
	test_cmp expect actual &&
	expect_listed --since=@1600002000 --first-parent &&
	expect_listed --all --since=@1600002100 &&
	git results log --since=@1600002500 >out &&
	cut -d" " -f1 out >actual &&
	ids R M C T1 >expect &&
	test_cmp expect actual
'

test_expect_success '--author: a pattern on "Name <email>", several OR-ed, as git log' '
	cd repo &&
	expect_listed --author=Alice &&
	expect_listed --author="^Bob <" &&
	expect_listed --author=carol@example &&
	expect_listed --author=Bob --author=Carol &&
	expect_listed --author="a.*e" &&
	expect_listed --author=nobody &&
	git results log --author=Carol >out &&
	cut -d" " -f1 out >actual &&
	ids T1 >expect &&
	test_cmp expect actual
'

test_expect_success '--all: every branch and tag and HEAD, not the notes' '
	cd repo &&
	expect_listed --all &&
	git results log --all >out &&
	grep "^$(ids O1) " out &&
	git results log >out &&
	! grep "^$(ids O1) " out &&
	git log --format=%h --exclude="refs/notes/*" --all >log &&
	{ grep -v -F -x -f tested log >expect || test_must_be_empty expect; } &&
	git results log --all --untested >out &&
	cut -d" " -f1 out >actual &&
	test_cmp expect actual &&
	o1=$(oid O1) &&
	git update-ref --no-deref HEAD $o1 &&
	test_when_finished "git symbolic-ref HEAD refs/heads/main" &&
	git update-ref -d refs/heads/other &&
	test_when_finished "git update-ref refs/heads/other $o1" &&
	git results log --all >out &&
	grep "^$(ids O1) " out
'

test_expect_success '-n, --max-count and -<n> count the commits listed' '
	cd repo &&
	git results log >all &&
	for n in 0 1 3 6 10
	do
		head -n $n all >expect &&
		git results log -n $n >actual &&
		test_cmp expect actual &&
		git results log -n$n >actual &&
		test_cmp expect actual &&
		git results log --max-count=$n >actual &&
		test_cmp expect actual &&
		git results log -$n >actual &&
		test_cmp expect actual || return 1
	done &&
	git results log --untested >all &&
	head -n 2 all >expect &&
	git results log --untested -2 >actual &&
	test_cmp expect actual &&
	test_line_count = 2 actual &&
	git results log --origin=lab >all &&
	head -n 2 all >expect &&
	git results log -2 --origin=lab >actual &&
	test_cmp expect actual &&
	git results log -n -1 >actual &&
	git results log >expect &&
	test_cmp expect actual
'

test_expect_success '--origin: only its records count, and commits without them are left out' '
	cd repo &&
	git results log --origin=lab >out &&
	cut -d" " -f1 out >actual &&
	ids R M C B >expect &&
	test_cmp expect actual &&
	grep "^$(ids B) PASS  (1 PASS) B\$" out &&
	grep "^$(ids M) FAIL  (1 FAIL) M\$" out &&
	git results log --origin=ci >out &&
	cut -d" " -f1 out >actual &&
	ids M T1 B A >expect &&
	test_cmp expect actual &&
	grep "^$(ids M) PASS  (1 PASS) M\$" out &&
	git results log --origin=ci --origin=lab >actual &&
	git results log >expect &&
	test_cmp expect actual &&
	git results log --origin=nosuch >out &&
	test_must_be_empty out
'

test_expect_success '--env: only records with every pair given count' '
	cd repo &&
	git results log --env arch=arm64 >out &&
	cut -d" " -f1 out >actual &&
	ids R C T1 B >expect &&
	test_cmp expect actual &&
	grep "^$(ids B) PASS  (1 PASS) B\$" out &&
	git results log --env arch=arm64 --origin ci >out &&
	cut -d" " -f1 out >actual &&
	ids T1 >expect &&
	test_cmp expect actual &&
	git results log --env=arch=x86_64 --env arch=x86_64 >out &&
	cut -d" " -f1 out >actual &&
	ids M B A >expect &&
	test_cmp expect actual &&
	git results log --env arch=x86_64 --env config=defconfig >out &&
	test_must_be_empty out &&
	git results log --env arch=x86 >out &&
	test_must_be_empty out
'

test_expect_success '--status: the roll-up over the records kept' '
	cd repo &&
	git results log --status FAIL >out &&
	cut -d" " -f1 out >actual &&
	ids M T1 B >expect &&
	test_cmp expect actual &&
	git results log --status=FAIL --origin=ci >out &&
	cut -d" " -f1 out >actual &&
	ids T1 B >expect &&
	test_cmp expect actual &&
	git results log --status=PASS,ERROR >out &&
	cut -d" " -f1 out >actual &&
	ids R C A >expect &&
	test_cmp expect actual &&
	git results log --status=SKIP --status=PASS --origin lab >out &&
	cut -d" " -f1 out >actual &&
	ids R C B >expect &&
	test_cmp expect actual
'

test_expect_success '--untested: the holes of the range, as git log lists them' '
	cd repo &&
	expect_untested &&
	expect_untested --first-parent &&
	expect_untested "$(oid B)..main" &&
	expect_untested --since=@1600002000 &&
	expect_untested --author=Bob &&
	expect_untested -- sub &&
	git results log --untested >out &&
	cat >expect <<-EOF &&
	$(ids D) -     (no results) D
	$(ids T2) -     (no results) T2
	EOF
	test_cmp expect out &&
	git results log --untested --origin=lab >out &&
	cut -d" " -f1 out >actual &&
	ids D T2 T1 A >expect &&
	test_cmp expect actual &&
	git results log --untested --env arch=arm64 >out &&
	cut -d" " -f1 out >actual &&
	ids D M T2 A >expect &&
	test_cmp expect actual
'

test_expect_success 'paths, as git log -- <path>' '
	cd repo &&
	expect_listed -- sub &&
	expect_listed -- file &&
	expect_listed --all -- other &&
	expect_listed --first-parent -- file &&
	expect_listed --first-parent -- sub &&
	expect_untested --first-parent -- sub &&
	expect_listed --first-parent "$(oid T1)..main" -- sub &&
	expect_listed --since=@1600002500 -- file &&
	git results log --untested -- sub >out &&
	cut -d" " -f1 out >actual &&
	ids T2 >expect &&
	test_cmp expect actual
'

# show takes the same paths: of a range, it shows the commits log lists
# (in its own order: compared sorted); a named commit that does not
# change them is not shown, as git show leaves it out.
expect_shown() {
	git results log "$@" >log &&
	cut -d" " -f1 log | sort >expect &&
	git results show "$@" >out &&
	sed -n "s/^commit \([0-9a-f]\{7\}\).*/\1/p" out | sort -u >actual &&
	test_cmp expect actual
}

test_expect_success 'show -- <path>: the commits log -- <path> lists' '
	cd repo &&
	expect_shown "$(oid A)..main" -- sub &&
	expect_shown "$(oid A)..main" -- file &&
	expect_shown "$(oid A)..main" -- sub file &&
	expect_shown "$(oid A)..main" &&
	expect_shown --origin lab "$(oid A)..main" -- file &&
	git results show "$(oid B)" -- sub >out &&
	test_must_be_empty out &&
	git show -s --format=%h "$(oid B)" -- sub >git-out &&
	test_must_be_empty git-out &&
	git results show "$(oid T1)" -- sub >out &&
	grep "^commit $(oid T1)" out
'

test_expect_success 'with a commit-graph: the same lists' '
	cd repo &&
	git commit-graph write --reachable &&
	test_when_finished "rm -f .git/objects/info/commit-graph" &&
	expect_listed --first-parent &&
	expect_listed --since=@1600002500 &&
	expect_listed --until=@1600002500 --first-parent &&
	expect_listed --since=@1600002000 "$(oid B)..main" &&
	expect_listed --author=Bob --all &&
	expect_untested --first-parent --since=@1600002000
'

test_expect_success '--json with limits; the holes have status null' '
	cd repo &&
	git results log --json --origin=lab --since=@1600002500 >out.json &&
	git results log --json --untested -n 1 >holes.json &&
	R=$(oid R) M=$(oid M) C=$(oid C) D=$(oid D) python3 - <<-\PY
	import json, os
	data = json.load(open("out.json"))
	assert [d["commit"] for d in data] == [os.environ[n] for n in ("R", "M", "C")], data
	assert data[1]["status"] == "FAIL" and data[1]["records"] == 1, data[1]
	assert data[0]["same_tree"] and data[0]["attached_to"] == os.environ["C"], data[0]
	holes = json.load(open("holes.json"))
	assert len(holes) == 1, holes
	h = holes[0]
	assert h["commit"] == os.environ["D"] and h["subject"] == "D", h
	assert h["status"] is None and h["records"] == 0, h
	PY
'

test_expect_success 'bad limits are refused, with nothing listed' '
	cd repo &&
	test_expect_code 129 git results log --since=garbage >out 2>err &&
	test_must_be_empty out &&
	grep "^error: invalid date .garbage. for --since" err &&
	test_expect_code 129 git results log --until="2020-13-01" >out 2>err &&
	test_must_be_empty out &&
	test_expect_code 129 git results log --status=fail >out 2>err &&
	test_must_be_empty out &&
	grep "^error: invalid status .fail. for --status" err &&
	test_expect_code 129 git results log --status=FAIL, >out 2>err &&
	test_expect_code 129 git results log --env arch >out 2>err &&
	test_must_be_empty out &&
	grep "^error: --env expects <key>=<value>" err &&
	test_expect_code 129 git results log --env Arch=x >out 2>err &&
	test_expect_code 129 git results log --env arch=x --env arch=y >out 2>err &&
	test_expect_code 129 git results log --origin "Bad origin" >out 2>err &&
	test_must_be_empty out &&
	test_expect_code 129 git results log --author="[" >out 2>err &&
	test_must_be_empty out &&
	test_expect_code 129 git results log --max-count=x >out 2>err &&
	test_expect_code 129 git results log --untested --status FAIL >out 2>err &&
	test_must_be_empty out &&
	grep "^error: --untested and --status cannot be used together" err
'

test_done
