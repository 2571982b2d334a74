/*
 * Building the release summary from the repository, and the lists the
 * text and Markdown renderings share; the renderers are in
 * summary-text.c, summary-markdown.c, summary-html.c and summary-json.c.
 */
#include "lib/release/summary.h"
#include "lib/metric.h"
#include "lib/release/previous.h"
#include "lib/odb/commit-walk.h"
#include "lib/progress.h"
#include "lib/repo.h"
#include "lib/results-regzbot.h"
#include "lib/revision.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static char *commit_subject(git_repository *repo, const git_oid *oid)
{
	git_commit *commit = NULL;
	const char *s;
	char *ret;

	check(git_commit_lookup(&commit, repo, oid), "cannot read commit");
	s = git_commit_summary(commit);
	ret = xstrdup(s ? s : "");
	git_commit_free(commit);
	return ret;
}

/*
 * The roll-up of the note on a merged head, through `filter`: parsed
 * then, and read as a roll-up alone otherwise, for speed.
 */
static int merged_head_rollup(struct notes_store *store, const git_oid *blob_id, const char *head,
			      const struct record_filter *filter, struct record_rollup *roll)
{
	const struct strbuf *note = store_note_text(store, blob_id);
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	if (!record_filter_active(filter))
		return record_list_summarize_attached(note->buf, note->len, head, NULL, roll);
	if (record_list_parse(&list, note->buf, note->len, &err)) {
		ret = -1;
	} else {
		record_list_normalize(&list);
		commit_results_leave_out_foreign(&list, head, NULL);
		record_filter_apply(filter, &list);
		record_list_rollup(&list, roll);
	}
	record_list_release(&list);
	strbuf_release(&err);
	return ret;
}

static void summarize_merge(struct summary_merge *m, git_repository *repo,
			    struct notes_store *store, git_commit *commit,
			    const struct record_filter *filter)
{
	enum result_status status = STATUS__NR;
	unsigned i, n = git_commit_parentcount(commit);
	size_t k;

	git_oid_tostr(m->commit, sizeof(m->commit), git_commit_id(commit));
	m->subject = xstrdup(git_commit_summary(commit) ? git_commit_summary(commit) : "");
	m->heads = xcalloc(n - 1, sizeof(*m->heads));
	for (i = 1; i < n; i++) {
		const git_oid *head = git_commit_parent_id(commit, i);
		const git_oid *blob_id = store_lookup(store, head);
		struct record_rollup roll;

		git_oid_tostr(m->heads[m->heads_nr++], GIT_OID_HEXSZ + 1, head);
		if (!blob_id)
			continue;
		if (merged_head_rollup(store, blob_id, m->heads[m->heads_nr - 1], filter, &roll)) {
			m->bad_note = 1;
		} else {
			for (k = 0; k < STATUS__NR; k++)
				m->counts[k] += roll.counts[k];
			m->records += roll.runs;
			status = status_worse(status, roll.status);
		}
	}
	m->status = status == STATUS__NR ? STATUS_DONE : status;
}

static void add_merge(struct summary *s, git_repository *repo, struct notes_store *store,
		      git_commit *commit)
{
	ALLOC_GROW(s->merges, s->merges_nr + 1, s->merges_alloc);
	memset(&s->merges[s->merges_nr], 0, sizeof(*s->merges));
	summarize_merge(&s->merges[s->merges_nr++], repo, store, commit, s->release.filter);
}

/*
 * Collects the first-parent merges of the range, oldest first: those on
 * the line of first parents from the release down to the first commit
 * the walk of the range did not show, which is the merge base when the
 * previous release has one on that line, and otherwise the first commit
 * the previous release reaches (git log --first-parent
 * <previous>..<release>).  The walk knows the parents already: no
 * commit is read but the merges.  The meter counts the merges found, as
 * the summary lists them; it is updated on every commit so that it
 * moves on its timer between merges.
 */
static void find_merges(struct summary *s, git_repository *repo, struct notes_store *store,
			struct commit_walk *walk)
{
	struct progress *meter = progress_start("Summarising merges", 0);
	git_oid cur, parent;
	size_t i;

	git_oid_cpy(&cur, &s->release.oid);
	while (commit_walk_shown(walk, &cur)) {
		if (!commit_walk_parent(walk, &cur, 1, &parent)) {
			git_commit *commit;

			check(git_commit_lookup(&commit, repo, &cur), "cannot read commit");
			add_merge(s, repo, store, commit);
			git_commit_free(commit);
		}
		progress_update(meter, s->merges_nr);
		/* a root, or the boundary of a shallow clone */
		if (commit_walk_parent(walk, &cur, 0, &parent))
			break;
		git_oid_cpy(&cur, &parent);
	}
	progress_stop(&meter);
	for (i = 0; i < s->merges_nr / 2; i++) {
		struct summary_merge tmp = s->merges[i];

		s->merges[i] = s->merges[s->merges_nr - 1 - i];
		s->merges[s->merges_nr - 1 - i] = tmp;
	}
}

/*
 * Counts the commits of the range and collects its first-parent merges,
 * oldest first.  The number of commits is what the walk finds out, so
 * its meter has no total, like git's "Counting objects".
 */
static void walk_range(struct summary *s, git_repository *repo, struct notes_store *store)
{
	struct progress *meter = progress_start("Counting commits", 0);
	struct commit_walk *walk = commit_walk_new(repo);
	git_oid oid;

	/* git's walk, which stops at a shallow clone's boundary as git does. */
	commit_walk_push(walk, &s->release.oid);
	if (s->has_previous)
		commit_walk_hide(walk, &s->previous.oid);
	while (!commit_walk_next(walk, &oid))
		progress_update(meter, ++s->commits);
	progress_stop(&meter);
	find_merges(s, repo, store, walk);
	commit_walk_free(walk);
}

static void add_totals(struct summary *s, git_repository *repo)
{
	enum result_status status = STATUS__NR;
	struct progress *meter;
	size_t i;

	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		status = result_group_add_counts(g, s->totals, status);
		s->tests += g->tests_nr;
		if (!i || strcmp(g->record->origin, s->release.groups.items[i - 1].record->origin))
			s->origins++;
	}
	s->status = status == STATUS__NR ? STATUS_DONE : status;
	s->signatures = xcalloc(s->release.records.nr + 1, sizeof(*s->signatures));
	/* A gpg run per signed record: worth a meter when there are many. */
	meter = s->release.records.nr ? progress_start("Verifying signatures",
						       s->release.records.nr) : NULL;
	for (i = 0; i < s->release.records.nr; i++) {
		record_signer_check_at(repo, &s->release.records.items[i],
				       s->release.same_tree ?
				       git_oid_tostr_s(&s->release.same_tree_source) :
				       s->release.hex, &s->signatures[i]);
		progress_update(meter, i + 1);
	}
	progress_stop(&meter);
}

static int summary_compare_metrics(struct summary *s, git_repository *repo)
{
	struct metric_config cfg;

	if (metric_config_read(&cfg, repo)) {
		metric_config_release(&cfg);
		return -1;
	}
	metrics_diff_compute(&s->metrics, &s->previous, &s->release, &cfg);
	metric_config_release(&cfg);
	return 0;
}

int summary_build(struct summary *s, git_repository *repo, struct notes_store *store,
		  const char *spec, const struct summary_options *opts)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	git_oid release, previous;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	strbuf_init(&s->regzbot, 0);
	if (revision_is_dotted(spec)) {
		if (revision_range_split(spec, &from, &to))
			goto out;
		if (opts->previous) {
			error("--previous cannot be used with a range");
			goto out;
		}
		if (revision_range(repo, spec, &previous, &release))
			goto out;
		s->has_previous = 1;
	} else {
		strbuf_addstr(&to, spec);
		if (repo_resolve_commit(repo, spec, &release) < 0)
			goto out;
		if (opts->previous) {
			strbuf_addstr(&from, opts->previous);
			if (repo_resolve_commit(repo, opts->previous, &previous) < 0)
				goto out;
			s->has_previous = 1;
		} else {
			const char *name = opts->name ? opts->name : spec;
			int got = opts->tags ?
				release_tags_find_previous(opts->tags, repo, &release, name,
							   &from, &previous) :
				release_find_previous(repo, &release, name, &from, &previous);

			if (got < 0)
				goto out;
			s->has_previous = !got;
		}
	}

	s->release.filter = s->previous.filter = opts->filter;
	s->name = xstrdup(opts->name ? opts->name : to.buf);
	s->subject = commit_subject(repo, &release);
	if (commit_results_load_oid(&s->release, store, &release, s->name) < 0)
		goto out;
	if (s->has_previous) {
		if (commit_results_load_oid(&s->previous, store, &previous, from.buf) < 0)
			goto out;
		/* The range as people name it: with --name, by that name. */
		strbuf_addf(&from, "..%s", s->name);
		s->range = strbuf_detach(&from, NULL);
	} else {
		s->range = xstrdup(s->name);
	}
	walk_range(s, repo, store);
	add_totals(s, repo);
	if (s->has_previous && s->previous.has_results && s->release.has_results) {
		s->has_diff = 1;
		if (diff_noise_load(&s->noise, store, &s->release.oid, &s->release.groups,
				    record_filter_active(opts->filter) ? NULL : &s->previous))
			goto out;
		results_diff_compute_noise(&s->diff, &s->previous.groups, &s->release.groups,
					   &s->noise);
		if (summary_compare_metrics(s, repo))
			goto out;
		if (opts->regzbot)
			results_regzbot_append(&s->regzbot, store, &s->previous, &s->release, &s->diff);
	}
	ret = 0;
out:
	strbuf_release(&from);
	strbuf_release(&to);
	return ret;
}

void summary_add_plural(struct strbuf *out, size_t n, const char *one, const char *many)
{
	strbuf_addf(out, "%zu %s", n, n == 1 ? one : many);
}

void summary_add_counts(struct strbuf *out, size_t tests, const size_t counts[STATUS__NR])
{
	summary_add_plural(out, tests, "test", "tests");
	if (tests) {
		strbuf_addstr(out, ", ");
		record_describe_counts(out, counts);
	}
}

void summary_release(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->merges_nr; i++) {
		free(s->merges[i].subject);
		free(s->merges[i].heads);
	}
	free(s->merges);
	if (s->signatures)
		for (i = 0; i < s->release.records.nr; i++)
			record_signature_check_release(&s->signatures[i]);
	free(s->signatures);
	results_diff_release(&s->diff);
	diff_noise_release(&s->noise);
	metrics_diff_release(&s->metrics);
	strbuf_release(&s->regzbot);
	commit_results_release(&s->release);
	commit_results_release(&s->previous);
	free(s->name);
	free(s->subject);
	free(s->range);
	memset(s, 0, sizeof(*s));
}

void summary_add_group_counts(struct strbuf *out, const struct result_group *g)
{
	summary_add_counts(out, g->tests_nr, g->counts);
	if (g->records > 1)
		strbuf_addf(out, " (%zu records)", g->records);
}

void summary_add_totals(struct strbuf *out, const struct summary *s)
{
	summary_add_counts(out, s->tests, s->totals);
	strbuf_addstr(out, "; ");
	summary_add_plural(out, s->release.records.nr, "record", "records");
	strbuf_addstr(out, " from ");
	summary_add_plural(out, s->origins, "origin", "origins");
}

void summary_add_range_counts(struct strbuf *out, const struct summary *s)
{
	summary_add_plural(out, s->commits, "commit", "commits");
	strbuf_addstr(out, ", ");
	summary_add_plural(out, s->merges_nr, "merge", "merges");
}

size_t summary_failing_tests(const struct summary *s)
{
	size_t i, failing = 0;

	for (i = 0; i < STATUS_PASS; i++)
		failing += s->totals[i];
	return failing;
}

void summary_add_group_list(struct strbuf *out, const struct summary *s,
			    const struct summary_markup *markup)
{
	size_t i;

	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		markup->group(out, g, g->status);
		strbuf_addstr(out, ": ");
		summary_add_group_counts(out, g);
		strbuf_addch(out, '\n');
	}
}

void summary_add_change_reason(struct strbuf *out, const struct diff_entry *e)
{
	if (e->known)
		strbuf_addf(out, "known issue: %s%s%s", e->known->link,
			    e->known->reason ? ", " : "", e->known->reason ? e->known->reason : "");
	else if (e->kind == DIFF_UNSTABLE)
		strbuf_addstr(out, e->reruns_differ ? "reruns differ" : "flips in recent history");
	else if (e->new_reason)
		strbuf_addstr(out, e->new_reason);
}

void summary_add_change_list(struct strbuf *out, const struct summary *s, enum diff_kind kind,
			     const struct summary_markup *markup)
{
	const struct result_group *group = NULL;
	struct strbuf reason = STRBUF_INIT;
	size_t i;

	for (i = 0; i < s->diff.nr; i++) {
		const struct diff_entry *e = &s->diff.entries[i];

		if (e->kind != kind || !e->has_new)
			continue;
		if (e->group != group) {
			group = e->group;
			markup->group(out, group, STATUS__NR);
			strbuf_addch(out, '\n');
		}
		strbuf_reset(&reason);
		summary_add_change_reason(&reason, e);
		markup->test(out, e->new_status, e->path,
			     e->has_old && e->old_status != e->new_status ? status_name(e->old_status) : NULL,
			     reason.len ? reason.buf : NULL);
	}
	strbuf_release(&reason);
}

void summary_add_regression_list(struct strbuf *out, const struct summary *s,
				 const struct summary_markup *markup)
{
	summary_add_change_list(out, s, DIFF_REGRESSION, markup);
}

void summary_add_failing_list(struct strbuf *out, const struct summary *s,
			      const struct summary_markup *markup)
{
	size_t i, j;

	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		if (!status_is_failing(g->status))
			continue;
		markup->group(out, g, STATUS__NR);
		strbuf_addch(out, '\n');
		for (j = 0; j < g->tests_nr; j++)
			if (status_is_failing(g->tests[j].status))
				markup->test(out, g->tests[j].status, g->tests[j].path, NULL,
					     g->tests[j].reason);
	}
}

void summary_add_merge_list(struct strbuf *out, const struct summary *s,
			    const struct summary_markup *markup)
{
	size_t i, k;

	for (i = 0; i < s->merges_nr; i++) {
		const struct summary_merge *m = &s->merges[i];
		size_t tests = 0;

		markup->merge(out, m);
		strbuf_addstr(out, ": ");
		if (m->bad_note) {
			strbuf_addstr(out, "a note that is not results");
		} else if (!m->records) {
			strbuf_addstr(out, "no results");
		} else {
			for (k = 0; k < STATUS__NR; k++)
				tests += m->counts[k];
			markup->status(out, m->status);
			strbuf_addstr(out, ", ");
			summary_add_counts(out, tests, m->counts);
			strbuf_addstr(out, "; ");
			summary_add_plural(out, m->records, "record", "records");
		}
		strbuf_addch(out, '\n');
	}
}
