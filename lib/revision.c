#include "lib/revision.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <string.h>

int revision_is_range(const char *arg)
{
	return *arg == '^' || strstr(arg, "..") != NULL;
}

int revision_push(git_repository *repo, git_revwalk *walk, const char *arg)
{
	git_revspec spec;
	git_oid oid;
	int hide = 0;

	if (strstr(arg, "..."))
		return error("symmetric ranges ('%s') are not supported; use 'a..b'", arg);
	if (strstr(arg, "..")) {
		if (git_revparse(&spec, repo, arg) < 0)
			return error("bad revision range '%s'", arg);
		if (spec.from)
			check(git_revwalk_hide(walk, git_object_id(spec.from)), "cannot walk");
		if (spec.to)
			check(git_revwalk_push(walk, git_object_id(spec.to)), "cannot walk");
		else
			check(git_revwalk_push_head(walk), "cannot walk");	/* "a.." means "a..HEAD" */
		git_object_free(spec.from);
		git_object_free(spec.to);
		return 0;
	}
	if (*arg == '^') {
		hide = 1;
		arg++;
	}
	if (repo_resolve_commit(repo, arg, &oid) < 0)
		return -1;
	check(hide ? git_revwalk_hide(walk, &oid) : git_revwalk_push(walk, &oid), "cannot walk");
	return 0;
}
