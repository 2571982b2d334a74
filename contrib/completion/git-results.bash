# bash completion for git results                      -*- shell-script -*-
#
# git's own completion calls _git_results for "git results ...";
# bash-completion loads this file for it on first use, from
# <prefix>/share/bash-completion/completions/git-results.  Nothing here
# lists subcommands or options: each command prints its own with
# --git-completion-helper, from the option table that prints its -h, so
# commands and options added later complete without changes here.

# Sets __git_results_words to what `git results <words> --git-completion-helper`
# prints, cached for the life of the shell as git caches its option lists.
__git_results_load ()
{
	local var="__git_results_cache_$*"

	var="${var//[^A-Za-z0-9_]/_}"
	if [ -z "${!var+set}" ]; then
		printf -v "$var" '%s' "$(__git results "$@" --git-completion-helper)"
	fi
	__git_results_words="${!var}"
}

# Adds the files and directories that start with $cur to COMPREPLY.
__git_results_files ()
{
	local f IFS=$'\n'

	for f in $(compgen -f -- "$cur"); do
		if [ -d "$f" ]; then
			COMPREPLY+=("$f/")
		else
			COMPREPLY+=("$f ")
		fi
	done
}

__git_results_notes_refs ()
{
	__gitcomp_nl "$(__git for-each-ref --format='%(refname:strip=2)' refs/notes/)" "" "$1"
}

_git_results ()
{
	local __git_results_words word cmds opts path=() nargs=0
	local c=$((__git_cmd_idx + 1))

	__git_results_load
	# Follow the subcommands on the line ("sync push" is two levels) and
	# count the arguments after them.
	while [ $c -lt $cword ]; do
		word="${words[c]}"
		case "$word" in
		-*)
			# An option whose value is the next word: skip that too.
			case " $__git_results_words " in
			*" $word= "*) c=$((c + 1)) ;;
			esac
			;;
		*)
			case " $__git_results_words " in
			*" $word "*)
				if [ $nargs = 0 ]; then
					path+=("$word")
					[ "$word" = help ] && break
					__git_results_load "${path[@]}"
				else
					nargs=$((nargs + 1))
				fi
				;;
			*)
				[ ${#path[@]} -gt 0 ] && nargs=$((nargs + 1))
				;;
			esac
			;;
		esac
		c=$((c + 1))
	done

	cmds= opts=
	for word in $__git_results_words; do
		case "$word" in
		-*) opts="$opts $word" ;;
		*) [ $nargs = 0 ] && cmds="$cmds $word" ;;
		esac
	done

	if [ "${path[*]}" = help ]; then
		__git_results_load
		__gitcomp "$(for word in $__git_results_words; do
			case "$word" in -*|help) ;; *) echo "$word" ;; esac
		done)"
		return
	fi

	case "$prev" in
	--ref)
		__git_results_notes_refs "$cur"
		return
		;;
	--status)
		__gitcomp "FAIL ERROR MISS PASS DONE SKIP"
		return
		;;
	-*)
		# The value of an option such as --origin: bash completes files.
		case " $__git_results_words " in
		*" $prev= "*) return ;;
		esac
		;;
	esac
	case "$cur" in
	--ref=*)
		__git_results_notes_refs "${cur#--ref=}"
		return
		;;
	--color=*)
		__gitcomp "always never auto" "" "${cur#--color=}"
		return
		;;
	--status=*)
		__gitcomp "FAIL ERROR MISS PASS DONE SKIP" "" "${cur#--status=}"
		return
		;;
	--baseline=*)
		__gitcomp "last-recorded" "" "${cur#--baseline=}"
		return
		;;
	--baseline-walk=*)
		__gitcomp "first-parent all" "" "${cur#--baseline-walk=}"
		return
		;;
	-*)
		__gitcomp "$opts"
		return
		;;
	esac
	if [ -n "$cmds" ]; then
		__gitcomp "$cmds"
		return
	fi

	case "${path[*]}" in
	'')
		;;
	parse)
		# Nothing here: bash completes file names.
		;;
	add)
		[ $nargs = 0 ] && __git_complete_refs
		__git_results_files
		;;
	log|conflicts|diff|show)
		__git_complete_revlist
		;;
	*)
		__git_complete_refs
		;;
	esac
}

# For "git-results ..." typed as a command of its own.
_git_results_main ()
{
	local cur words cword prev __git_cmd_idx=0

	_get_comp_words_by_ref -n =: cur words cword prev
	_git_results
}

# git-results on its own needs git's completion functions too.
if ! declare -F __git >/dev/null 2>&1 && declare -F __load_completion >/dev/null 2>&1; then
	__load_completion git
fi
if declare -F __git >/dev/null 2>&1; then
	complete -o bashdefault -o default -o nospace -F _git_results_main git-results
fi
