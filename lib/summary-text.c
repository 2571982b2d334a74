/*
 * The release summary as plain text: what gets committed in-tree, so
 * it reads well in a terminal, in `git show` and in an email.
 */
#include "summary.h"

#include <string.h>

static void add_group(struct strbuf *out, const struct result_group *g)
{
	strbuf_addstr(out, g->record->origin);
	if (g->record->env_nr) {
		strbuf_addstr(out, "  ");
		result_group_describe_env(out, g);
	}
}

static void add_header(struct strbuf *out, const struct summary *s)
{
	strbuf_addf(out, "Test results for %s\n\n", s->name);
	strbuf_addf(out, "Release:   %s\n", s->name);
	strbuf_addf(out, "Commit:    %s %s\n", s->release.hex, s->subject);
	if (s->has_previous)
		strbuf_addf(out, "Previous:  %s %s\n", s->previous.name, s->previous.hex);
	else
		strbuf_addstr(out, "Previous:  none found\n");
	strbuf_addf(out, "Range:     %s, ", s->range);
	summary_add_plural(out, s->commits, "commit", "commits");
	strbuf_addstr(out, ", ");
	summary_add_plural(out, s->merges_nr, "merge", "merges");
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
	size_t i;

	strbuf_addf(out, "\nResults by origin and environment (%zu):\n", s->release.groups.nr);
	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		strbuf_addf(out, "    %-5s ", status_name(g->status));
		add_group(out, g);
		strbuf_addstr(out, ": ");
		summary_add_group_counts(out, g);
		strbuf_addch(out, '\n');
	}
	strbuf_addf(out, "\nTotal: %s, ", status_name(s->status));
	summary_add_totals(out, s);
	strbuf_addch(out, '\n');
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

static void add_regressions(struct strbuf *out, const struct summary *s)
{
	const struct result_group *group = NULL;
	size_t i;

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
	for (i = 0; i < s->diff.nr && s->diff.entries[i].kind == DIFF_REGRESSION; i++) {
		const struct diff_entry *e = &s->diff.entries[i];

		if (e->group != group) {
			group = e->group;
			strbuf_addstr(out, "    ");
			add_group(out, group);
			strbuf_addch(out, '\n');
		}
		add_test_line(out, e->new_status, e->path, status_name(e->old_status), e->new_reason);
	}
	strbuf_addstr(out, "    All changes: ");
	results_diff_describe_counts(out, &s->diff);
	strbuf_addch(out, '\n');
}

static void add_failing(struct strbuf *out, const struct summary *s)
{
	size_t i, j, failing = 0;

	for (i = 0; i < STATUS_PASS; i++)
		failing += s->totals[i];
	strbuf_addf(out, "\nFailing tests (%zu):\n", failing);
	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		if (!status_is_failing(g->status))
			continue;
		strbuf_addstr(out, "    ");
		add_group(out, g);
		strbuf_addch(out, '\n');
		for (j = 0; j < g->tests_nr; j++)
			if (status_is_failing(g->tests[j].status))
				add_test_line(out, g->tests[j].status, g->tests[j].path, NULL,
					      g->tests[j].reason);
	}
}

static void add_merges(struct strbuf *out, const struct summary *s)
{
	size_t i;

	if (!s->merges_nr) {
		strbuf_addstr(out, "\nMerged trees: none\n");
		return;
	}
	strbuf_addf(out, "\nMerged trees (%zu):\n", s->merges_nr);
	for (i = 0; i < s->merges_nr; i++) {
		const struct summary_merge *m = &s->merges[i];

		strbuf_addf(out, "    %.12s %s (tip %.12s): ", m->commit, m->subject, m->heads[0]);
		if (m->bad_note)
			strbuf_addstr(out, "a note that is not results");
		else if (!m->records)
			strbuf_addstr(out, "no results");
		else {
			size_t tests = 0, k;

			for (k = 0; k < STATUS__NR; k++)
				tests += m->counts[k];
			strbuf_addf(out, "%s, ", status_name(m->status));
			summary_add_counts(out, tests, m->counts);
			strbuf_addstr(out, "; ");
			summary_add_plural(out, m->records, "record", "records");
		}
		strbuf_addch(out, '\n');
	}
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
		add_failing(out, s);
	}
	add_merges(out, s);
}
