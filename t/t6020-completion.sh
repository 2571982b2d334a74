#!/bin/sh
# Shell completion, installed: bash (`bash -i` with bash-completion and
# git's own completion, which loads ours for "git results") and zsh
# (zsh's git completion, driven through a pseudo-terminal).
. "$(dirname "$0")/test-lib.sh"

GIT_BASH_COMPLETION=/usr/share/bash-completion/completions/git
DEST=$TRASH_DIRECTORY/dest
PATH=$DEST/usr/bin:${PATH#"$SRC_DIR/bin:"}
XDG_DATA_DIRS=$DEST/usr/share
export XDG_DATA_DIRS

# complete_bash <line>: the candidates bash offers at the end of <line>,
# one per line, as git's completion and bash-completion produce them.
cat >complete-bash <<'EOF'
. /usr/share/bash-completion/bash_completion
. /usr/share/bash-completion/completions/git
line=$1
COMP_LINE=$line
COMP_POINT=${#line}
read -r -a COMP_WORDS <<<"$line"
case "$line" in *" ") COMP_WORDS+=("") ;; esac
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
func=$(complete -p "${COMP_WORDS[0]}" 2>/dev/null | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
if test -z "$func"; then
	_completion_loader "${COMP_WORDS[0]}"
	func=$(complete -p "${COMP_WORDS[0]}" | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
fi
"$func" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
EOF
complete_bash() {
	bash --norc --noprofile -i -c '. "$0"' "$TRASH_DIRECTORY/complete-bash" "$1" 2>/dev/null
}

# complete_zsh <line> <expected>: what zsh shows after <line><TAB>, its
# escape sequences removed, once <expected> is in it (or after 10 s).
cat >complete.zsh <<'EOF'
setopt extended_glob
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=($FPATH_DIR \$fpath); autoload -U compinit; compinit -u -D"
zpty -w -n z "$1"$'\t'
out= clean=
integer i=0
while (( i++ < 100 )); do
	while zpty -r -t z chunk; do out+=$chunk; done
	clean=${out//$'\e'\[[0-9;?]#[a-zA-Z]/}
	[[ $clean == *$2* ]] && break
	sleep 0.1
done
print -r -- $clean
zpty -d z
EOF
complete_zsh() {
	FPATH_DIR=$DEST/usr/share/zsh/site-functions zsh -f "$TRASH_DIRECTORY/complete.zsh" "$1" "$2" |
	tr -d '\r'
}

test_expect_success 'setup: install, a repository with tags and notes' '
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s --no-print-directory \
		-C "$SRC_DIR" NO_BUILD=1 install DESTDIR="$DEST" prefix=/usr >install.log &&
	git init -q repo &&
	(
		cd repo &&
		test_commit one &&
		test_commit two &&
		git results add --origin ci "$TEST_DATA/kunit-skip.ktap" &&
		git results add --ref other --origin ci "$TEST_DATA/kunit-skip.ktap"
	)
'

if ! test -f "$GIT_BASH_COMPLETION" || ! test -f /usr/share/bash-completion/bash_completion; then
	test_skip 'bash completion' 'git or bash-completion not installed'
	test_done
fi

test_expect_success 'bash: git lists results among its commands' '
	(cd repo && complete_bash "git res") >out &&
	grep "^results $" out
'

test_expect_success 'bash: the subcommands, from the dispatch table' '
	(cd repo && complete_bash "git results ") | sort >out &&
	for word in $(git results --git-completion-helper); do
		case "$word" in -*) ;; *) echo "$word " ;; esac
	done | sort >expect &&
	test_cmp expect out
'

test_expect_success 'bash: a subcommand from its start' '
	(cd repo && complete_bash "git results sh") >out &&
	echo "show " >expect &&
	test_cmp expect out
'

test_expect_success 'bash: the options of a subcommand' '
	(cd repo && complete_bash "git results show --") >out &&
	grep "^--all $" out &&
	grep "^--json $" out &&
	grep "^--ref=$" out &&
	grep "^--color $" out &&
	grep "^--no-\.\.\. $" out &&
	! grep "^--no-all" out &&
	(cd repo && complete_bash "git results show --no-") >out &&
	grep "^--no-all $" out &&
	grep "^--no-color $" out &&
	(cd repo && complete_bash "git results add --b") >out &&
	echo "--batch " >expect &&
	test_cmp expect out
'

test_expect_success 'bash: option values' '
	(cd repo && complete_bash "git results log --color=") | sort >out &&
	printf "%s \n" always auto never >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results show --ref=") | sort >out &&
	printf "%s \n" other results >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results show --ref o") >out &&
	echo "other " >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results add --origin ") >out &&
	test "$(cat out)" = "" &&
	(cd repo && complete_bash "git results log --status=F") >out &&
	echo "FAIL " >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results log --status ") | sort >out &&
	printf "%s \n" DONE ERROR FAIL MISS PASS SKIP >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results log --unti") >out &&
	echo "--until=" >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results log --unte") >out &&
	echo "--untested " >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results diff --baseline-walk=") | sort >out &&
	printf "%s \n" all first-parent >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results diff --baseline=") >out &&
	echo "last-recorded " >expect &&
	test_cmp expect out
'

test_expect_success 'bash: commits, and files where add takes one' '
	(cd repo && complete_bash "git results show o") >out &&
	echo "one " >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results add --origin ci o") | sort >out &&
	printf "%s \n" one one.t >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results add HEAD o") >out &&
	echo "one.t " >expect &&
	test_cmp expect out &&
	(cd repo && complete_bash "git results log one..t") >out &&
	echo "one..two " >expect &&
	test_cmp expect out
'

test_expect_success 'bash: help completes the commands' '
	(cd repo && complete_bash "git results help l") >out &&
	echo "log " >expect &&
	test_cmp expect out
'

test_expect_success 'bash: git -C names the repository whose refs complete' '
	complete_bash "git -C repo results show t" >out &&
	echo "two " >expect &&
	test_cmp expect out
'

test_expect_success 'bash: git-results run on its own' '
	(cd repo && complete_bash "git-results sh") >out &&
	echo "show " >expect &&
	test_cmp expect out
'

if ! command -v zsh >/dev/null; then
	test_skip 'zsh completion' 'zsh not installed'
	test_done
fi

test_expect_success 'zsh: the completion parses' '
	zsh -n "$DEST/usr/share/zsh/site-functions/_git-results"
'

test_expect_success 'zsh: git lists results, with its description' '
	(cd repo && complete_zsh "git res" "results -- attach") >out &&
	grep "results -- attach test results" out
'

test_expect_success 'zsh: subcommands, options and values' '
	(cd repo && complete_zsh "git results sh" "git results show") >out &&
	grep "git results show" out &&
	(cd repo && complete_zsh "git results show --" "--json") >out &&
	grep -e "--all" out && grep -e "--ref=" out && grep -e "--color" out &&
	(cd repo && complete_zsh "git results log --color=" "always") >out &&
	grep "always" out && grep "never" out &&
	(cd repo && complete_zsh "git results log --status=" "ERROR") >out &&
	grep "FAIL" out && grep "SKIP" out &&
	(cd repo && complete_zsh "git results show --ref " "other") >out &&
	grep "other" out && grep "results  *other\|other  *results" out &&
	(cd repo && complete_zsh "git results show --ref=o" "--ref=other") >out &&
	grep -e "--ref=other" out &&
	(cd repo && complete_zsh "git results help " "remove") >out &&
	grep "add" out && grep "log" out && ! grep "help  " out
'

test_done
