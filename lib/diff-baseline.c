#include "lib/diff-baseline.h"
#include "lib/repo.h"
#include "lib/results-json.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

int baseline_walk_parse(const char *name, enum baseline_walk *walk)
{
	if (!strcmp(name, "first-parent"))
		*walk = BASELINE_WALK_FIRST_PARENT;
	else if (!strcmp(name, "all"))
		*walk = BASELINE_WALK_ALL;
	else
		return -1;
	return 0;
}

const char *baseline_walk_name(enum baseline_walk walk)
{
	return walk == BASELINE_WALK_ALL ? "all" : "first-parent";
}

/* The pick of the new side's group that `r` belongs to, or NULL. */
static struct baseline_pick *pick_of(struct diff_baseline *b, const struct record *r)
{
	struct result_group probe;
	size_t i;

	memset(&probe, 0, sizeof(probe));
	probe.record = r;
	for (i = 0; i < b->picks_nr; i++)
		if (!result_group_cmp(&probe, b->picks[i].group))
			return &b->picks[i];
	return NULL;
}

/*
 * Takes from the ancestor `cr` the baseline of every group still
 * without one.  Returns how many groups it gave a baseline.
 */
static size_t take_baselines(struct diff_baseline *b, const struct commit_results *cr,
			     size_t distance)
{
	size_t i, taken = 0;

	for (i = 0; i < cr->records.nr; i++) {
		const struct record *r = &cr->records.items[i];
		struct baseline_pick *p = pick_of(b, r);

		if (!p || (p->found && !git_oid_equal(&p->commit, &cr->oid)))
			continue;
		if (!p->found) {
			p->found = 1;
			git_oid_cpy(&p->commit, &cr->oid);
			p->distance = distance;
			taken++;
		}
		/* every record of the group on that commit: its reruns too */
		ALLOC_GROW(b->view.items, b->view.nr + 1, b->view.alloc);
		b->view.items[b->view.nr++] = *r;
	}
	return taken;
}

static git_revwalk *start_walk(git_repository *repo, const git_oid *oid, enum baseline_walk how)
{
	git_revwalk *walk;

	check(git_revwalk_new(&walk, repo), "cannot walk history");
	if (how == BASELINE_WALK_FIRST_PARENT) {
		check(git_revwalk_simplify_first_parent(walk), "cannot walk history");
	} else {
		git_revwalk_sorting(walk, GIT_SORT_TIME);
	}
	check(git_revwalk_push(walk, oid), "cannot walk history");
	return walk;
}

int diff_baseline_find(struct diff_baseline *b, git_repository *repo, struct notes_store *store,
		       const struct commit_results *new, const struct record_filter *filter)
{
	git_revwalk *walk;
	size_t i, missing, distance = 0;
	git_oid oid;
	int got, ret = 0;

	b->picks = xcalloc(new->groups.nr + 1, sizeof(*b->picks));
	for (i = 0; i < new->groups.nr; i++)
		b->picks[b->picks_nr++].group = &new->groups.items[i];
	missing = b->picks_nr;
	walk = start_walk(repo, &new->oid, b->walk);
	while (missing && !(got = git_revwalk_next(&oid, walk))) {
		struct commit_results cr = COMMIT_RESULTS_INIT;
		size_t taken;

		if (git_oid_equal(&oid, &new->oid))
			continue;	/* the walk starts at the commit itself */
		distance++;
		/* a commit without a note may have its tree's results (amended, rebased) */
		cr.filter = filter;
		got = commit_results_load_oid(&cr, store, &oid, git_oid_tostr_s(&oid));
		if (got < 0) {
			commit_results_release(&cr);
			ret = -1;
			break;
		}
		taken = got ? 0 : take_baselines(b, &cr, distance);
		if (!taken) {
			commit_results_release(&cr);
			continue;
		}
		missing -= taken;
		ALLOC_GROW(b->sources, b->sources_nr + 1, b->sources_alloc);
		b->sources[b->sources_nr++] = cr;
	}
	git_revwalk_free(walk);
	if (!ret)
		result_groups_build(&b->groups, &b->view);
	return ret;
}

void diff_baseline_describe(struct strbuf *out, const struct diff_baseline *b)
{
	size_t i;

	for (i = 0; i < b->picks_nr; i++) {
		const struct baseline_pick *p = &b->picks[i];

		strbuf_addf(out, "    %s", p->group->record->origin);
		if (p->group->record->env_nr) {
			strbuf_addstr(out, "  ");
			result_group_describe_env(out, p->group);
		}
		if (!p->found)
			strbuf_addstr(out, ": no earlier results\n");
		else if (b->walk == BASELINE_WALK_FIRST_PARENT)
			strbuf_addf(out, ": %s (%zu commit%s back)\n", git_oid_tostr_s(&p->commit),
				    p->distance, p->distance == 1 ? "" : "s");
		else
			strbuf_addf(out, ": %s\n", git_oid_tostr_s(&p->commit));
	}
}

json_t *diff_baseline_to_json(const struct diff_baseline *b)
{
	json_t *array = json_array();
	size_t i;

	for (i = 0; i < b->picks_nr; i++) {
		const struct baseline_pick *p = &b->picks[i];
		json_t *obj = json_object();

		json_object_set_new(obj, "origin", json_string(p->group->record->origin));
		json_object_set_new(obj, "env", group_env_to_json(p->group));
		json_object_set_new(obj, "commit", p->found ?
				    json_string(git_oid_tostr_s(&p->commit)) : json_null());
		json_object_set_new(obj, "distance", p->found && b->walk == BASELINE_WALK_FIRST_PARENT ?
				    json_integer((json_int_t)p->distance) : json_null());
		json_array_append_new(array, obj);
	}
	return array;
}

void diff_baseline_release(struct diff_baseline *b)
{
	size_t i;

	result_groups_release(&b->groups);
	free(b->view.items);	/* shallow copies: the sources own the records */
	b->view.items = NULL;
	b->view.nr = b->view.alloc = 0;
	for (i = 0; i < b->sources_nr; i++)
		commit_results_release(&b->sources[i]);
	free(b->sources);
	b->sources = NULL;
	b->sources_nr = b->sources_alloc = 0;
	free(b->picks);
	b->picks = NULL;
	b->picks_nr = 0;
}
