/*
 * git results diff: compare the results of two commits, per origin and
 * environment: regressions first, then fixes, new failures, tests still
 * failing and tests that disappeared.
 */
#include "git-results/builtin.h"
#include "lib/metric.h"
#include "lib/commit-results.h"
#include "lib/diff-baseline.h"
#include "lib/metrics-diff.h"
#include "lib/parse-options.h"
#include "lib/record-filter.h"
#include "lib/repo.h"
#include "lib/results-json.h"
#include "lib/results-regzbot.h"
#include "lib/revision.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const diff_usage[] = {
	"git results diff [--json | --regzbot] [--exit-code] [--origin <origin>...] [--ref <notes-ref>]\n"
	"                        (<old> <new> | <old>..<new> | <a>...<new>)",
	"git results diff --baseline=last-recorded [--baseline-walk=(first-parent|all)] [<options>] [<new>]",
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
	if (e->kind == DIFF_UNSTABLE)
		strbuf_addstr(out, e->reruns_differ ? "  (reruns differ)" : "  (flips in recent history)");
	if (e->known)
		strbuf_addf(out, "  known: %s", e->known->link);
	strbuf_addch(out, '\n');
}

/* The first lines: what is compared with what. */
static void write_header(struct strbuf *out, const struct commit_results *old,
			 const struct commit_results *new, const struct diff_baseline *b)
{
	size_t i;

	if (b) {
		strbuf_addf(out, "Comparing %s (%.12s) with the last results recorded on %s\n",
			    new->name, new->hex, b->walk == BASELINE_WALK_ALL ?
			    "its ancestors" : "its first-parent line");
		diff_baseline_describe(out, b);
	} else {
		strbuf_addf(out, "Comparing %s (%.12s) with %s (%.12s)\n", old->name, old->hex,
			    new->name, new->hex);
	}
	for (i = !!b; i < 2; i++) {
		const struct commit_results *side = i ? new : old;

		commit_results_describe_conflicts(out, side);
		if (!side->same_tree)
			continue;
		strbuf_addf(out, "%s: ", side->name);
		commit_results_describe_source(out, side);
		strbuf_addch(out, '\n');
	}
}

static void write_text(struct strbuf *out, const struct results_diff *d,
		       const struct commit_results *new)
{
	const struct result_group *group = NULL;
	size_t i;
	int kind = -1;

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
	if (d->possibly_fixed_nr)
		strbuf_addf(out, "\nKnown issues possibly fixed (%zu):\n", d->possibly_fixed_nr);
	for (i = 0; i < d->possibly_fixed_nr; i++)
		known_issue_describe(out, d->possibly_fixed[i]);
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

/*
 * Loads the two sides named on the command line: "<old> <new>",
 * "<old>..<new>" or "<a>...<new>" (the merge base of a and new against
 * new, as git diff compares them).  Returns 0, or -1 after printing why.
 */
static int load_sides(struct commit_results *old, struct commit_results *new,
		      git_repository *repo, struct notes_store *store, int argc, const char **argv)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	git_oid old_oid, new_oid;
	int symmetric = 0, got_old, got_new, ret = -1;

	if (argc == 1) {
		if (revision_range_split_symmetric(argv[0], &from, &to, &symmetric) ||
		    revision_diff_range(repo, argv[0], &old_oid, &new_oid))
			goto out;
		if (symmetric) {
			char *a = strbuf_detach(&from, NULL);

			strbuf_addf(&from, "merge base of %s and %s", a, to.buf);
			free(a);
		}
	} else {
		strbuf_addstr(&from, argv[0]);
		strbuf_addstr(&to, argv[1]);
		if (repo_resolve_commit(repo, argv[0], &old_oid) < 0 ||
		    repo_resolve_commit(repo, argv[1], &new_oid) < 0)
			goto out;
	}
	got_old = commit_results_load_oid(old, store, &old_oid, from.buf);
	got_new = commit_results_load_oid(new, store, &new_oid, to.buf);
	if (got_old == 1)
		commit_results_report_missing(old);
	if (got_new == 1)
		commit_results_report_missing(new);
	if (!got_old && !got_new)
		ret = 0;
out:
	strbuf_release(&from);
	strbuf_release(&to);
	return ret;
}

int cmd_diff(int argc, const char **argv)
{
	int json = 0, exit_code = 0, regzbot = 0, ret = 128;	/* an error, as git's die() */
	const char *ref = NULL, *baseline = NULL, *walk_name = NULL;
	struct record_filter filter = RECORD_FILTER_INIT;
	struct option options[] = {
		OPT_BOOL(0, "json", &json, "print the comparison as JSON"),
		OPT_BOOL(0, "regzbot", &regzbot, "end with regzbot's lines for each regression"),
		OPT_BOOL(0, "exit-code", &exit_code, "exit with 1 when there are regressions or new failures"),
		OPT_RECORD_FILTER_ORIGIN(&filter),
		OPT_STRING(0, "baseline", &baseline, "last-recorded",
			   "compare each origin and environment with its last results in the ancestry"),
		OPT_STRING(0, "baseline-walk", &walk_name, "first-parent|all",
			   "which ancestors --baseline searches (default: first-parent)"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_END()
	};
	struct commit_results old = COMMIT_RESULTS_INIT, new = COMMIT_RESULTS_INIT;
	struct diff_baseline b = DIFF_BASELINE_INIT;
	struct results_diff d = RESULTS_DIFF_INIT;
	struct diff_noise noise = DIFF_NOISE_INIT;
	struct metrics_diff md = METRICS_DIFF_INIT;
	struct metric_config mcfg = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct notes_store store;
	git_repository *repo;
	char *ref_name;

	argc = parse_options(argc, argv, options, diff_usage);
	if (baseline && strcmp(baseline, "last-recorded"))
		usage_msg_opt(diff_usage, options, "unknown baseline '%s' (use last-recorded)", baseline);
	if (walk_name && !baseline)
		usage_msg_opt(diff_usage, options, "--baseline-walk needs --baseline");
	if (walk_name && baseline_walk_parse(walk_name, &b.walk))
		usage_msg_opt(diff_usage, options, "unknown walk '%s' (use first-parent or all)", walk_name);
	if (baseline && (argc > 1 || (argc && revision_is_dotted(argv[0]))))
		usage_msg_opt(diff_usage, options, "--baseline takes one commit to compare");
	if (!baseline && argc != 2 && !(argc == 1 && revision_is_dotted(argv[0])))
		usage_msg_opt(diff_usage, options, "need two commits to compare");
	if (json && regzbot)
		usage_msg_opt(diff_usage, options, "--regzbot is for the text report, not --json");
	/* the baseline has one commit per environment, not one range to look in */
	record_filter_read_or_usage(&filter, diff_usage, options);
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	old.filter = new.filter = &filter;

	if (baseline) {
		int got = commit_results_load(&new, repo, &store, argc ? argv[0] : "HEAD");

		if (got == 1)
			commit_results_report_missing(&new);
		if (got || diff_baseline_find(&b, repo, &store, &new, &filter))
			goto out;
	} else if (load_sides(&old, &new, repo, &store, argc, (const char **)argv)) {
		goto out;
	}
	/* the old side was loaded through the filter: the history reads its own */
	if (diff_noise_load(&noise, &store, &new.oid, &new.groups,
			    baseline || record_filter_active(&filter) ? NULL : &old))
		goto out;
	results_diff_compute_noise(&d, baseline ? &b.groups : &old.groups, &new.groups, &noise);
	if (metric_config_read(&mcfg, repo))
		goto out;
	if (baseline) {
		/* a view of the picked ancestors' records: b owns them */
		struct commit_results picked = COMMIT_RESULTS_INIT;

		picked.records = b.view;
		picked.groups = b.groups;
		metrics_diff_compute(&md, &picked, &new, &mcfg);
	} else {
		metrics_diff_compute(&md, &old, &new, &mcfg);
	}
	if (json) {
		json_t *obj = json_object();
		json_t *changes = results_diff_to_json(&d);

		if (baseline) {
			json_t *side = json_object();

			json_object_set_new(side, "baseline", json_string(baseline));
			json_object_set_new(side, "walk", json_string(baseline_walk_name(b.walk)));
			json_object_set_new(side, "compared_with", diff_baseline_to_json(&b));
			json_object_set_new(obj, "old", side);
		} else {
			json_object_set_new(obj, "old", side_to_json(&old));
		}
		json_object_set_new(obj, "new", side_to_json(&new));
		json_object_update(obj, changes);
		json_decref(changes);
		changes = metrics_diff_to_json(&md);
		json_object_update(obj, changes);
		json_decref(changes);
		results_json_write(&out, obj);
	} else {
		write_header(&out, &old, &new, baseline ? &b : NULL);
		write_text(&out, &d, &new);
		metrics_diff_write_text(&out, &md);
		if (regzbot && (d.counts[DIFF_REGRESSION] || md.counts[METRIC_REGRESSION])) {
			strbuf_addch(&out, '\n');
			if (baseline)
				results_regzbot_append_baseline(&out, &store, &b, &new, &d);
			else
				results_regzbot_append(&out, &store, &old, &new, &d);
			if (!baseline)
				results_regzbot_append_metrics(&out, &store, &old, &new, &md, &mcfg);
			else if (md.counts[METRIC_REGRESSION])
				warning("no regzbot lines for metric regressions with --baseline: "
					"compare two commits for them");
		}
	}
	fwrite(out.buf, 1, out.len, stdout);
	ret = exit_code && (d.counts[DIFF_REGRESSION] || d.counts[DIFF_NEW_FAILURE] ||
			    md.counts[METRIC_REGRESSION]) ? 1 : 0;
out:
	metrics_diff_release(&md);
	metric_config_release(&mcfg);
	results_diff_release(&d);
	diff_noise_release(&noise);
	diff_baseline_release(&b);
	commit_results_release(&old);
	commit_results_release(&new);
	strbuf_release(&out);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	record_filter_release(&filter);
	return ret;
}
