# shellcheck shell=sh
# Sourced by the t/perf/p*.sh benchmarks after they set PERF_NAME: the
# environment every benchmark runs in (git results from this tree, fixed
# identities, no system or user configuration) and the timers that
# measure a command beside its anchor in the same run.

SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${PERF_DIR:-$SRC_DIR/t/perf/build}/$PERF_NAME
PATH=$SRC_DIR/bin:$PATH
GIT_COMMITTER_NAME=perf GIT_COMMITTER_EMAIL=perf@example.com
GIT_AUTHOR_NAME=perf GIT_AUTHOR_EMAIL=perf@example.com
GIT_CONFIG_NOSYSTEM=1 HOME=$WORK LC_ALL=C
export PATH GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
export GIT_CONFIG_NOSYSTEM HOME LC_ALL
unset GIT_DIR GIT_WORK_TREE GIT_NOTES_REF

now_ns() { date +%s%N; }

# build_import <options...>: git fast-import, for building a benchmark's
# input (never for a timed anchor, which runs as users run it).  With
# glibc's default heap trimming, fast-import shrinks and grows its heap
# by brk() hundreds of times per commit: 100 s of system time for 50,000
# commits on the project's virtual machine, 4 s with some headroom kept.
build_import() {
	GLIBC_TUNABLES=glibc.malloc.top_pad=67108864 git fast-import "$@"
}

# notes_at_paths <notes>: in the fast-import stream of one notes commit
# of <notes> notes on standard input, each `N inline <commit>` becomes
# `M 100644 inline <path>`, <path> the commit's name split as fast-import
# fans out that many notes (two hex digits a level, a level for each
# factor of 256): the same tree, written in 6 s instead of 27 s for
# 200,000 notes, as fast-import adds `N` notes to one flat tree, with a
# linear search for each, and fans them out only at the end of the
# commit.  No line of the notes' data may start with "N inline ".
notes_at_paths() {
	awk -v n="$1" 'BEGIN { while (n >= 256) { n = int(n / 256); fanout++ } }
	/^N inline / {
		path = ""
		for (i = 0; i < fanout; i++)
			path = path substr($3, 2 * i + 1, 2) "/"
		print "M 100644 inline " path substr($3, 2 * fanout + 1)
		next
	}
	{ print }'
}

# linear_history <last> [<first>]: commits number <first> (default 1) to
# <last> on main in the repository of the current directory, one second
# apart, each changing one file, written by build_import
linear_history() {
	awk -v n="$1" -v first="${2:-1}" 'BEGIN {
		for (i = first; i <= n; i++) {
			printf "commit refs/heads/main\ncommitter perf <perf@example.com> %d +0000\n", 1600000000 + i
			msg = "commit " i
			printf "data %d\n%s\n", length(msg), msg
			printf "M 644 inline file\ndata %d\n%d\n\n", length(i "") + 1, i
		}
	}' | build_import --quiet
}

# merge_history <first-parent-commits> <release-file> [<max-commits>]:
# a history shaped as git.git's on master in the repository of the
# current directory, written by build_import, stopping early once it
# holds <max-commits> commits; the name of the last release tag goes to
# <release-file>.
merge_history() {
	# Marks: mainline commit i is :i; topic commits are :1000000 and up.
	# Three mainline commits in four merge a topic of two to four commits,
	# forked from one of four branches that follow the mainline 0 to 40
	# commits behind; every 24th mainline commit is tagged, in cycles of
	# v2.N.0-rc0, -rc1, -rc2, then v2.N.0.  Commits start from branches, not
	# marks, so that fast-import copies their trees instead of reading each
	# back from the pack it is writing (which made this take minutes).
	awk -v n="$1" -v out="$2" -v max="${3:-0}" 'BEGIN {
		srand(19); t = 1100000000; topic = 1000000; rel = 0; cyc = 0
		for (i = 1; i <= n && (max == 0 || commits < max); i++) {
			if (i % 10 == 1 && i > 1)
				printf "reset refs/heads/fork%d\nfrom refs/heads/master\n\n", int(i / 10) % 4
			merge = i > 40 && rand() < 0.75
			if (merge) {
				len = 2 + int(rand() * 3); f = int(rand() * 64)
				for (k = 1; k <= len; k++) {
					printf "commit refs/heads/topic\nmark :%d\ncommitter perf <perf@example.com> %d +0000\n", topic, t++
					msg = "topic " topic
					printf "data %d\n%s\n", length(msg), msg
					if (k == 1)
						printf "from refs/heads/fork%d\n", int(rand() * 4)
					printf "M 644 inline t/%d\ndata %d\n%s\n\n", f, length(msg), msg
					last_topic = topic++; commits++
				}
			}
			printf "commit refs/heads/master\nmark :%d\ncommitter perf <perf@example.com> %d +0000\n", i, t++; commits++
			if (merge) {
				msg = "Merge branch '\''topic-" last_topic "'\''"
				printf "data %d\n%s\nmerge :%d\n", length(msg), msg, last_topic
				msg = "topic " last_topic
				printf "M 644 inline t/%d\ndata %d\n%s\n\n", f, length(msg), msg
			} else {
				msg = "commit " i
				printf "data %d\n%s\nM 644 inline file\ndata %d\n%s\n\n", length(msg), msg, length(msg), msg
			}
			if (i % 24 == 0) {
				if (cyc == 3) { name = sprintf("v2.%d.0", rel); rel++; cyc = 0 }
				else name = sprintf("v2.%d.0-rc%d", rel, cyc++)
				printf "tag %s\nfrom :%d\ntagger perf <perf@example.com> %d +0000\ndata %d\n%s\n", name, i, t, length(name), name
				last = name
			}
		}
		print last > out
	}' | build_import --quiet --active-branches=10
	for b in topic fork0 fork1 fork2 fork3; do
		git update-ref -d refs/heads/$b
	done
	git reset -q --hard master
}

# time_cmd <repeat> <command...>: mean wall time in microseconds
time_cmd() {
	n=$1
	shift
	start=$(now_ns)
	i=0
	while test $i -lt "$n"; do
		"$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	echo "$(( ($(now_ns) - start) / n / 1000 ))"
}

# report <what> <ours_us> <theirs_us> <anchor name>: one line, with the
# ratio ours / theirs (below 1.0: faster than the anchor)
report() {
	awk -v what="$1" -v a="$2" -v b="$3" -v anchor="$4" 'BEGIN {
		printf "%-34s %10.2f ms  %-36s %10.2f ms  ratio %.2f\n", what, a / 1000, anchor, b / 1000, a / b
	}'
}

# time_pair <rounds> <repeat> <ours> <theirs>: "ours_us theirs_us", the
# mean wall times of two commands (each a string for eval) measured in
# alternating blocks of <repeat> runs, so that the load of a shared
# machine falls on both alike
time_pair() {
	rounds=$1 n=$2 ours_total=0 theirs_total=0 round=0
	while test $round -lt "$rounds"; do
		ours_total=$((ours_total + $(time_cmd "$n" eval "$3")))
		theirs_total=$((theirs_total + $(time_cmd "$n" eval "$4")))
		round=$((round + 1))
	done
	echo "$((ours_total / rounds)) $((theirs_total / rounds))"
}
