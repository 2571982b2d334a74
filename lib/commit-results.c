#include "lib/commit-results.h"
#include "lib/repo.h"
#include "lib/store/same-tree.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

size_t commit_results_leave_out_foreign(struct record_list *list, const char *attached,
					const char *tree)
{
	size_t i, k;

	for (i = k = 0; i < list->nr; i++) {
		struct record *r = &list->items[i];

		/* its own, or made for another commit of the same code (copy) */
		if (!*r->commit || !strcmp(r->commit, attached) || (tree && !strcmp(r->tree, tree))) {
			list->items[k++] = *r;
			continue;
		}
		warning("leaving out the record of origin '%s', run '%s' in the note on %s:"
			" it was made for commit %s", r->origin, r->run, attached, r->commit);
		record_release(r);
	}
	list->nr = k;
	return k;
}

int commit_results_load_oid(struct commit_results *cr, struct notes_store *store,
			    const git_oid *oid, const char *name)
{
	struct strbuf err = STRBUF_INIT;
	int ret;

	free(cr->name);
	cr->name = xstrdup(name);
	git_oid_cpy(&cr->oid, oid);
	git_oid_tostr(cr->hex, sizeof(cr->hex), oid);
	cr->same_tree = 0;
	cr->conflicts = 0;
	ret = store_read(store, oid, &cr->records, &err);
	if (ret == STORE_NOTE_NONE &&
	    !store_read_same_tree(store, oid, &cr->records, &cr->same_tree_source)) {
		cr->same_tree = 1;	/* the one rule: results of an identical tree */
		ret = STORE_NOTE_READ;
	}
	if (ret == STORE_NOTE_READ) {
		char tree[GIT_OID_HEXSZ + 1] = "";
		git_commit *c;

		if (!git_commit_lookup(&c, store->repo, oid)) {
			git_oid_tostr(tree, sizeof(tree), git_commit_tree_id(c));
			git_commit_free(c);
		}
		if (!commit_results_leave_out_foreign(&cr->records, cr->same_tree ?
				git_oid_tostr_s(&cr->same_tree_source) : cr->hex, *tree ? tree : NULL) ||
		    !record_filter_apply(cr->filter, &cr->records))
			ret = STORE_NOTE_NONE;
		record_list_drop_superseded(&cr->records);
	}
	if (ret == STORE_NOTE_BAD)
		error("the note on '%s' in %s is not a results record: %s", name, store->ref, err.buf);
	else if (ret == STORE_NOTE_READ) {
		struct record_rollup roll;

		result_groups_build(&cr->groups, &cr->records);
		record_list_rollup(&cr->records, &roll);
		cr->conflicts = roll.conflicts;
	}
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

void commit_results_report_missing(const struct commit_results *cr)
{
	record_filter_error_none(cr->filter, cr->name);
}

void commit_results_describe_source(struct strbuf *out, const struct commit_results *cr)
{
	if (cr->same_tree)
		strbuf_addf(out, "results of %s, which has the same tree",
			    git_oid_tostr_s(&cr->same_tree_source));
}

void commit_results_describe_conflicts(struct strbuf *out, const struct commit_results *cr)
{
	if (cr->conflicts)
		strbuf_addf(out, "%s: %zu run%s in conflict, each counted once as its worse"
			    " record (see git results conflicts)\n", cr->name, cr->conflicts,
			    cr->conflicts == 1 ? "" : "s");
}

void commit_results_source_json(json_t *obj, const struct commit_results *cr)
{
	json_object_set_new(obj, "same_tree", json_boolean(cr->same_tree));
	json_object_set_new(obj, "conflicts", json_integer((json_int_t)cr->conflicts));
	if (cr->same_tree)
		json_object_set_new(obj, "attached_to",
				    json_string(git_oid_tostr_s(&cr->same_tree_source)));
}

void commit_results_release(struct commit_results *cr)
{
	result_groups_release(&cr->groups);
	record_list_release(&cr->records);
	free(cr->name);
	cr->name = NULL;
	cr->has_results = 0;
}
