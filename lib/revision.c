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

void oid_list_release(struct oid_list *list)
{
	free(list->oids);
	list->oids = NULL;
	list->nr = list->alloc = 0;
}

static void append_commit(struct oid_list *list, const git_oid *oid)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		if (!git_oid_cmp(&list->oids[i], oid))
			return;
	ALLOC_GROW(list->oids, list->nr + 1, list->alloc);
	git_oid_cpy(&list->oids[list->nr++], oid);
}

static int walk_range(git_repository *repo, const char *arg, struct oid_list *out)
{
	git_revwalk *walk = NULL;
	git_revspec spec;
	git_oid oid;
	int ret = -1, got;

	if (strstr(arg, "..."))
		return error("symmetric ranges ('%s') are not supported; use 'a..b'", arg);
	if (git_revparse(&spec, repo, arg) < 0)
		return error("bad revision range '%s'", arg);
	check(git_revwalk_new(&walk, repo), "cannot walk");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL);
	if (spec.from && git_revwalk_hide(walk, git_object_id(spec.from)) < 0)
		goto out;
	if (spec.to && git_revwalk_push(walk, git_object_id(spec.to)) < 0)
		goto out;
	while (!(got = git_revwalk_next(&oid, walk)))
		append_commit(out, &oid);
	if (got != GIT_ITEROVER)
		check(got, "cannot walk history");
	ret = 0;
out:
	if (ret)
		error("bad revision range '%s': %s", arg, git_error_text());
	git_object_free(spec.from);
	git_object_free(spec.to);
	git_revwalk_free(walk);
	return ret;
}

int revision_collect(git_repository *repo, int argc, const char **argv,
			 struct oid_list *out)
{
	int i;

	if (!argc) {
		git_oid oid;

		if (repo_resolve_commit(repo, "HEAD", &oid) < 0)
			return -1;
		append_commit(out, &oid);
		return 0;
	}
	for (i = 0; i < argc; i++) {
		git_oid oid;

		if (strstr(argv[i], "..")) {
			if (walk_range(repo, argv[i], out) < 0)
				return -1;
		} else if (repo_resolve_commit(repo, argv[i], &oid) < 0) {
			return -1;
		} else {
			append_commit(out, &oid);
		}
	}
	return 0;
}
