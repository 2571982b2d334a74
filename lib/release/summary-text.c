/*
 * The release summary as plain text: what gets committed in-tree, so
 * it reads well in a terminal, in `git show` and in an email.
 */
#include "lib/release/summary.h"

#include <string.h>

static void add_group(struct strbuf *out, const struct result_group *g, enum result_status status)
{
	strbuf_addstr(out, "    ");
	if (status != STATUS__NR)
		strbuf_addf(out, "%-5s ", status_name(status));
	strbuf_addstr(out, g->record->origin);
	if (g->record->env_nr) {
		strbuf_addstr(out, "  ");
		result_group_describe_env(out, g);
	}
}

static void add_test_line(struct strbuf *out, enum result_status status, const char *path,
			  const char *was, const char *reason)
{
	strbuf_addf(out, "        %-5s %s", status_name(status), path);
	if (was)
		strbuf_addf(out, "  (was %s)", was);
	if (reason)
		strbuf_addf(out, "  # %s", reason);
	strbuf_addch(out, '\n');
}

static void add_merge(struct strbuf *out, const struct summary_merge *m)
{
	strbuf_addf(out, "    %.12s %s (tip %.12s)", m->commit, m->subject, m->heads[0]);
}

static void add_status(struct strbuf *out, enum result_status status)
{
	strbuf_addstr(out, status_name(status));
}

static const struct summary_markup text_markup = {
	add_group, add_test_line, add_merge, add_status
};

static void add_header(struct strbuf *out, const struct summary *s)
{
	strbuf_addf(out, "Test results for %s\n\n", s->name);
	strbuf_addf(out, "Release:   %s\n", s->name);
	strbuf_addf(out, "Commit:    %s %s\n", s->release.hex, s->subject);
	if (s->release.same_tree) {
		strbuf_addstr(out, "           ");
		commit_results_describe_source(out, &s->release);
		strbuf_addch(out, '\n');
	}
	if (s->has_previous)
		strbuf_addf(out, "Previous:  %s %s\n", s->previous.name, s->previous.hex);
	if (s->has_previous && s->previous.same_tree) {
		strbuf_addstr(out, "           ");
		commit_results_describe_source(out, &s->previous);
		strbuf_addch(out, '\n');
	}
	if (!s->has_previous)
		strbuf_addstr(out, "Previous:  none found\n");
	commit_results_describe_conflicts(out, &s->release);
	strbuf_addf(out, "Range:     %s, ", s->range);
	summary_add_range_counts(out, s);
	strbuf_addch(out, '\n');
}

static void add_signatures(struct strbuf *out, const struct summary *s)
{
	size_t i;

	strbuf_addf(out, "\nSignatures (%zu record%s):\n", s->release.records.nr,
		    s->release.records.nr == 1 ? "" : "s");
	for (i = 0; i < s->release.records.nr; i++) {
		const struct record *r = &s->release.records.items[i];

		strbuf_addf(out, "    %s run %s: %s\n", r->origin, r->run, s->signatures[i].detail);
	}
}

static void add_results(struct strbuf *out, const struct summary *s)
{
	strbuf_addf(out, "\nResults by origin and environment (%zu):\n", s->release.groups.nr);
	summary_add_group_list(out, s, &text_markup);
	strbuf_addf(out, "\nTotal: %s, ", status_name(s->status));
	summary_add_totals(out, s);
	strbuf_addch(out, '\n');
}

static void add_regressions(struct strbuf *out, const struct summary *s)
{
	if (!s->has_previous) {
		strbuf_addstr(out, "\nRegressions: no previous release to compare with\n");
		return;
	}
	if (!s->has_diff) {
		strbuf_addf(out, "\nRegressions: no results recorded for %s to compare with\n",
			    s->release.has_results ? s->previous.name : s->name);
		return;
	}
	strbuf_addf(out, "\nRegressions since %s (%zu):\n", s->previous.name,
		    s->diff.counts[DIFF_REGRESSION]);
	summary_add_regression_list(out, s, &text_markup);
	strbuf_addstr(out, "    All changes: ");
	results_diff_describe_counts(out, &s->diff);
	strbuf_addch(out, '\n');
	metrics_diff_write_text(out, &s->metrics);
}

/* Unstable tests and known issues: set aside, never regressions or fixes. */
static void add_noise(struct strbuf *out, const struct summary *s)
{
	size_t i;

	if (!s->has_diff)
		return;
	if (s->diff.counts[DIFF_UNSTABLE]) {
		strbuf_addf(out, "\nUnstable tests (%zu):\n", s->diff.counts[DIFF_UNSTABLE]);
		summary_add_change_list(out, s, DIFF_UNSTABLE, &text_markup);
	}
	if (s->diff.counts[DIFF_KNOWN_ISSUE]) {
		strbuf_addf(out, "\nKnown issues (%zu):\n", s->diff.counts[DIFF_KNOWN_ISSUE]);
		summary_add_change_list(out, s, DIFF_KNOWN_ISSUE, &text_markup);
	}
	if (s->diff.possibly_fixed_nr)
		strbuf_addf(out, "\nKnown issues possibly fixed (%zu):\n", s->diff.possibly_fixed_nr);
	for (i = 0; i < s->diff.possibly_fixed_nr; i++)
		known_issue_describe(out, s->diff.possibly_fixed[i]);
}

static void add_failing(struct strbuf *out, const struct summary *s)
{
	strbuf_addf(out, "\nFailing tests (%zu):\n", summary_failing_tests(s));
	summary_add_failing_list(out, s, &text_markup);
}

static void add_merges(struct strbuf *out, const struct summary *s)
{
	if (!s->merges_nr) {
		strbuf_addstr(out, "\nMerged trees: none\n");
		return;
	}
	strbuf_addf(out, "\nMerged trees (%zu):\n", s->merges_nr);
	summary_add_merge_list(out, s, &text_markup);
}

void summary_write_text(struct strbuf *out, const struct summary *s)
{
	add_header(out, s);
	if (!s->release.has_results) {
		strbuf_addf(out, "\nNo results recorded for %s\n", s->name);
	} else {
		add_signatures(out, s);
		add_results(out, s);
		add_regressions(out, s);
		add_noise(out, s);
		add_failing(out, s);
	}
	add_merges(out, s);
	if (s->regzbot.len) {
		strbuf_addch(out, '\n');
		strbuf_addbuf(out, &s->regzbot);
	}
}
