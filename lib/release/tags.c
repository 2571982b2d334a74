#include "lib/release/tags.h"
#include "lib/odb/commit-graph.h"
#include "lib/repo.h"

#include <string.h>

/*
 * The type of object `oid`: a commit when the commit-graph `graph` (or
 * NULL) lists it, else from its header; GIT_OBJECT_INVALID when
 * unreadable.  libgit2 maps a window of the pack for each header it
 * reads: through the commit-graph a thousand tags cost a thousand
 * binary searches instead.
 */
static git_object_t object_type(const struct commit_graph *graph, git_odb *odb,
				const git_oid *oid)
{
	git_object_t type;
	size_t len;

	if (graph && commit_graph_find(graph, oid) != COMMIT_GRAPH_NO_POS)
		return GIT_OBJECT_COMMIT;
	if (git_odb_read_header(&len, &type, odb, oid) < 0)
		return GIT_OBJECT_INVALID;
	return type;
}

/*
 * The commit the tag object `tag` leads to, through tags of tags.
 * Returns 0, or -1 when it leads elsewhere or cannot be read.
 */
static int peel_tag_object(git_repository *repo, const git_oid *tag, git_oid *commit)
{
	git_object *obj = NULL, *peeled = NULL;
	int ret = -1;

	if (!git_object_lookup(&obj, repo, tag, GIT_OBJECT_TAG) &&
	    !git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT)) {
		git_oid_cpy(commit, git_object_id(peeled));
		ret = 0;
	}
	git_object_free(peeled);
	git_object_free(obj);
	return ret;
}

int tags_for_each_commit(git_repository *repo, tag_commit_fn fn, void *data)
{
	struct commit_graph *graph = commit_graph_open(repo);
	git_reference_iterator *it = NULL;
	git_reference *ref;
	git_odb *odb = NULL;
	int ret = 0, err;

	check(git_repository_odb(&odb, repo), "cannot open the object database");
	check(git_reference_iterator_glob_new(&it, repo, "refs/tags/*"), "cannot list tags");
	while (!ret && !(err = git_reference_next(&ref, it))) {
		const git_oid *target = git_reference_target(ref);
		const git_oid *peel = git_reference_target_peel(ref);
		git_object_t type;
		git_oid commit;
		int annotated = 0, found = 0;

		if (!target)
			;	/* a symbolic ref under refs/tags/: git describe skips it too */
		else if (peel) {
			/* packed-refs peels only tag objects */
			annotated = 1;
			found = object_type(graph, odb, peel) == GIT_OBJECT_COMMIT;
			git_oid_cpy(&commit, peel);
		} else if ((type = object_type(graph, odb, target)) == GIT_OBJECT_COMMIT) {
			found = 1;
			git_oid_cpy(&commit, target);
		} else if (type == GIT_OBJECT_TAG) {
			annotated = 1;
			found = !peel_tag_object(repo, target, &commit);
		}
		if (found)
			ret = fn(git_reference_name(ref) + strlen("refs/tags/"), &commit, annotated,
				 data);
		git_reference_free(ref);
	}
	if (!ret && err != GIT_ITEROVER)
		check(err, "cannot list tags");
	git_reference_iterator_free(it);
	git_odb_free(odb);
	commit_graph_free(graph);
	return ret;
}
