#include "lib/commit-results.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>

int commit_results_load_oid(struct commit_results *cr, struct notes_store *store,
			    const git_oid *oid, const char *name)
{
	struct strbuf err = STRBUF_INIT;
	int ret;

	free(cr->name);
	cr->name = xstrdup(name);
	git_oid_cpy(&cr->oid, oid);
	git_oid_tostr(cr->hex, sizeof(cr->hex), oid);
	ret = store_read(store, oid, &cr->records, &err);
	if (ret == STORE_NOTE_BAD)
		error("the note on '%s' in %s is not a results record: %s", name, store->ref, err.buf);
	else if (ret == STORE_NOTE_READ)
		result_groups_build(&cr->groups, &cr->records);
	cr->has_results = ret == STORE_NOTE_READ;
	strbuf_release(&err);
	return ret;
}

int commit_results_load(struct commit_results *cr, git_repository *repo,
			struct notes_store *store, const char *rev)
{
	git_oid oid;

	if (repo_resolve_commit(repo, rev, &oid) < 0)
		return -1;
	return commit_results_load_oid(cr, store, &oid, rev);
}

void commit_results_release(struct commit_results *cr)
{
	result_groups_release(&cr->groups);
	record_list_release(&cr->records);
	free(cr->name);
	cr->name = NULL;
	cr->has_results = 0;
}
