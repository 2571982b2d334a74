/*
 * git results diff: compare the results of two commits, per origin and
 * environment: regressions first, then fixes, new failures, tests still
 * failing and tests that disappeared.
 */
#include "git-results/builtin.h"
#include "lib/commit-results.h"
#include "lib/metrics-diff.h"
#include "lib/parse-options.h"
#include "lib/repo.h"
#include "lib/results-json.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const diff_usage[] = {
	"git results diff [--json] [--exit-code] [--ref <notes-ref>] <old> <new>",
	NULL
};

static void add_group_line(struct strbuf *out, const struct result_group *g)
{
	strbuf_addf(out, "    %s", g->record->origin);
	if (g->record->env_nr) {
		strbuf_addstr(out, "  ");
		result_group_describe_env(out, g);
	}
}

static void add_entry_line(struct strbuf *out, const struct diff_entry *e)
{
	enum result_status shown = e->has_new ? e->new_status : e->old_status;
	const char *reason = e->has_new ? e->new_reason : e->old_reason;

	strbuf_addf(out, "        %-5s %s", status_name(shown), e->path);
	if (e->has_old && e->has_new && e->old_status != e->new_status)
		strbuf_addf(out, "  (was %s)", status_name(e->old_status));
	if (reason)
		strbuf_addf(out, "  # %s", reason);
	strbuf_addch(out, '\n');
}

static void write_text(struct strbuf *out, const struct results_diff *d,
		       const struct commit_results *old, const struct commit_results *new)
{
	const struct result_group *group = NULL;
	size_t i;
	int kind = -1;

	strbuf_addf(out, "Comparing %s (%.12s) with %s (%.12s)\n", old->name, old->hex,
		    new->name, new->hex);
	for (i = 0; i < 2; i++) {
		const struct commit_results *side = i ? new : old;

		commit_results_describe_conflicts(out, side);
		if (!side->same_tree)
			continue;
		strbuf_addf(out, "%s: ", side->name);
		commit_results_describe_source(out, side);
		strbuf_addch(out, '\n');
	}
	for (i = 0; i < d->nr; i++) {
		const struct diff_entry *e = &d->entries[i];

		if ((int)e->kind != kind) {
			kind = (int)e->kind;
			group = NULL;
			strbuf_addf(out, "\n%s (%zu):\n", diff_kind_title(e->kind), d->counts[kind]);
		}
		if (e->group != group) {
			group = e->group;
			add_group_line(out, group);
			/* A whole environment gone is one line, not one per test. */
			if (e->group_gone) {
				strbuf_addf(out, ": not tested in %s (%zu test%s)\n", new->name,
					    group->tests_nr, group->tests_nr == 1 ? "" : "s");
				i += group->tests_nr - 1;
				continue;
			}
			strbuf_addch(out, '\n');
		}
		add_entry_line(out, e);
	}
	strbuf_addch(out, '\n');
	results_diff_describe_counts(out, d);
	strbuf_addch(out, '\n');
}

static json_t *side_to_json(const struct commit_results *cr)
{
	json_t *obj = json_object(), *groups = json_array();
	size_t i;

	json_object_set_new(obj, "name", json_string(cr->name));
	json_object_set_new(obj, "commit", json_string(cr->hex));
	commit_results_source_json(obj, cr);
	for (i = 0; i < cr->groups.nr; i++)
		json_array_append_new(groups, group_to_json(&cr->groups.items[i]));
	json_object_set_new(obj, "environments", groups);
	return obj;
}

int cmd_diff(int argc, const char **argv)
{
	int json = 0, exit_code = 0, ret = 128;	/* an error, as git's die() */
	const char *ref = NULL;
	struct option options[] = {
		OPT_BOOL(0, "json", &json, "print the comparison as JSON"),
		OPT_BOOL(0, "exit-code", &exit_code, "exit with 1 when there are regressions or new failures"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_END()
	};
	struct commit_results old = COMMIT_RESULTS_INIT, new = COMMIT_RESULTS_INIT;
	struct results_diff d = RESULTS_DIFF_INIT;
	struct metrics_diff md = METRICS_DIFF_INIT;
	struct metric_config mcfg = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct notes_store store;
	git_repository *repo;
	char *ref_name;
	int got_old, got_new;

	argc = parse_options(argc, argv, options, diff_usage);
	if (argc != 2)
		usage_msg_opt(diff_usage, options, "need two commits to compare");
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);

	got_old = commit_results_load(&old, repo, &store, argv[0]);
	got_new = commit_results_load(&new, repo, &store, argv[1]);
	if (got_old == 1)
		error("no results recorded for '%s'", argv[0]);
	if (got_new == 1)
		error("no results recorded for '%s'", argv[1]);
	if (got_old || got_new)
		goto out;

	results_diff_compute(&d, &old.groups, &new.groups);
	if (metric_config_read(&mcfg, repo))
		goto out;
	metrics_diff_compute(&md, &old, &new, &mcfg);
	if (json) {
		json_t *obj = json_object();
		json_t *changes = results_diff_to_json(&d);

		json_object_set_new(obj, "old", side_to_json(&old));
		json_object_set_new(obj, "new", side_to_json(&new));
		json_object_update(obj, changes);
		json_decref(changes);
		changes = metrics_diff_to_json(&md);
		json_object_update(obj, changes);
		json_decref(changes);
		results_json_write(&out, obj);
	} else {
		write_text(&out, &d, &old, &new);
		metrics_diff_write_text(&out, &md);
	}
	fwrite(out.buf, 1, out.len, stdout);
	ret = exit_code && (d.counts[DIFF_REGRESSION] || d.counts[DIFF_NEW_FAILURE] ||
			    md.counts[METRIC_REGRESSION]) ? 1 : 0;
out:
	metrics_diff_release(&md);
	metric_config_release(&mcfg);
	results_diff_release(&d);
	commit_results_release(&old);
	commit_results_release(&new);
	strbuf_release(&out);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	return ret;
}
