/*
 * The release summary as CommonMark, for web pages and pull requests;
 * also the source of the HTML rendering.  Every piece of text from the
 * repository is escaped (or put in a code span), so no commit subject,
 * test name or reason can add markup.
 */
#include "summary.h"

#include <string.h>

/* Appends `s` with every ASCII punctuation character backslash-escaped. */
static void md_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", *s) && *s)
			strbuf_addch(out, '\\');
		strbuf_addch(out, *s);
	}
}

/* Appends `s` as a code span, fenced by more backticks than it contains. */
static void md_code(struct strbuf *out, const char *s)
{
	size_t run = 0, longest = 0, i, len = strlen(s);
	int pad;

	if (!len) {
		strbuf_addstr(out, "\"\"");
		return;
	}
	for (i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* CommonMark strips one space from each end when both have one. */
	pad = s[0] == '`' || s[len - 1] == '`' || s[0] == ' ' || s[len - 1] == ' ';
	for (i = 0; i <= longest; i++)
		strbuf_addch(out, '`');
	if (pad)
		strbuf_addch(out, ' ');
	strbuf_addstr(out, s);
	if (pad)
		strbuf_addch(out, ' ');
	for (i = 0; i <= longest; i++)
		strbuf_addch(out, '`');
}

static void add_group(struct strbuf *out, const struct result_group *g)
{
	struct strbuf env = STRBUF_INIT;

	md_code(out, g->record->origin);
	if (g->record->env_nr) {
		result_group_describe_env(&env, g);
		strbuf_addch(out, ' ');
		md_code(out, env.buf);
	}
	strbuf_release(&env);
}

static void add_test_item(struct strbuf *out, enum result_status status, const char *path,
			  const char *was, const char *reason)
{
	strbuf_addf(out, "  - **%s** ", status_name(status));
	md_code(out, path);
	if (was)
		strbuf_addf(out, " (was %s)", was);
	if (reason) {
		strbuf_addstr(out, ": ");
		md_text(out, reason);
	}
	strbuf_addch(out, '\n');
}

static void add_header(struct strbuf *out, const struct summary *s)
{
	strbuf_addstr(out, "# Test results for ");
	md_text(out, s->name);
	strbuf_addstr(out, "\n\n- Release: ");
	md_code(out, s->name);
	strbuf_addstr(out, "\n- Commit: ");
	md_code(out, s->release.hex);
	strbuf_addch(out, ' ');
	md_text(out, s->subject);
	strbuf_addstr(out, "\n- Previous: ");
	if (s->has_previous) {
		md_code(out, s->previous.name);
		strbuf_addch(out, ' ');
		md_code(out, s->previous.hex);
	} else {
		strbuf_addstr(out, "none found");
	}
	strbuf_addstr(out, "\n- Range: ");
	md_code(out, s->range);
	strbuf_addstr(out, ", ");
	summary_add_plural(out, s->commits, "commit", "commits");
	strbuf_addstr(out, ", ");
	summary_add_plural(out, s->merges_nr, "merge", "merges");
	strbuf_addch(out, '\n');
}

static void add_signatures(struct strbuf *out, const struct summary *s)
{
	size_t i;

	strbuf_addstr(out, "\n## Signatures\n\n");
	for (i = 0; i < s->release.records.nr; i++) {
		const struct record *r = &s->release.records.items[i];

		strbuf_addstr(out, "- ");
		md_code(out, r->origin);
		strbuf_addstr(out, " run ");
		md_code(out, r->run);
		strbuf_addstr(out, ": ");
		md_text(out, s->signatures[i].detail);
		strbuf_addch(out, '\n');
	}
}

static void add_results(struct strbuf *out, const struct summary *s)
{
	size_t i;

	strbuf_addstr(out, "\n## Results by origin and environment\n\n");
	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		strbuf_addf(out, "- **%s** ", status_name(g->status));
		add_group(out, g);
		strbuf_addstr(out, ": ");
		summary_add_group_counts(out, g);
		strbuf_addch(out, '\n');
	}
	strbuf_addf(out, "\n**Total: %s**, ", status_name(s->status));
	summary_add_totals(out, s);
	strbuf_addch(out, '\n');
}

static void add_regressions(struct strbuf *out, const struct summary *s)
{
	const struct result_group *group = NULL;
	size_t i;

	strbuf_addstr(out, "\n## Regressions");
	if (!s->has_previous) {
		strbuf_addstr(out, "\n\nNo previous release to compare with.\n");
		return;
	}
	strbuf_addstr(out, " since ");
	md_text(out, s->previous.name);
	strbuf_addstr(out, "\n\n");
	if (!s->has_diff) {
		strbuf_addstr(out, "No results recorded for ");
		md_code(out, s->release.has_results ? s->previous.name : s->name);
		strbuf_addstr(out, " to compare with.\n");
		return;
	}
	for (i = 0; i < s->diff.nr && s->diff.entries[i].kind == DIFF_REGRESSION; i++) {
		const struct diff_entry *e = &s->diff.entries[i];

		if (e->group != group) {
			group = e->group;
			strbuf_addstr(out, "- ");
			add_group(out, group);
			strbuf_addch(out, '\n');
		}
		add_test_item(out, e->new_status, e->path, status_name(e->old_status), e->new_reason);
	}
	if (s->diff.counts[DIFF_REGRESSION])
		strbuf_addch(out, '\n');
	strbuf_addstr(out, "All changes: ");
	results_diff_describe_counts(out, &s->diff);
	strbuf_addstr(out, ".\n");
}

static void add_failing(struct strbuf *out, const struct summary *s)
{
	size_t i, j, failing = 0;

	for (i = 0; i < STATUS_PASS; i++)
		failing += s->totals[i];
	strbuf_addstr(out, "\n## Failing tests\n\n");
	if (!failing) {
		strbuf_addstr(out, "None.\n");
		return;
	}
	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		if (!status_is_failing(g->status))
			continue;
		strbuf_addstr(out, "- ");
		add_group(out, g);
		strbuf_addch(out, '\n');
		for (j = 0; j < g->tests_nr; j++)
			if (status_is_failing(g->tests[j].status))
				add_test_item(out, g->tests[j].status, g->tests[j].path, NULL,
					      g->tests[j].reason);
	}
}

static void add_merges(struct strbuf *out, const struct summary *s)
{
	size_t i;

	strbuf_addstr(out, "\n## Merged trees\n\n");
	if (!s->merges_nr) {
		strbuf_addstr(out, "None.\n");
		return;
	}
	for (i = 0; i < s->merges_nr; i++) {
		const struct summary_merge *m = &s->merges[i];
		char short_id[13];

		strbuf_addstr(out, "- ");
		memcpy(short_id, m->commit, 12);
		short_id[12] = '\0';
		md_code(out, short_id);
		strbuf_addch(out, ' ');
		md_text(out, m->subject);
		memcpy(short_id, m->heads[0], 12);
		strbuf_addstr(out, " (tip ");
		md_code(out, short_id);
		strbuf_addstr(out, "): ");
		if (m->bad_note) {
			strbuf_addstr(out, "a note that is not results");
		} else if (!m->records) {
			strbuf_addstr(out, "no results");
		} else {
			size_t tests = 0, k;

			for (k = 0; k < STATUS__NR; k++)
				tests += m->counts[k];
			strbuf_addf(out, "**%s**, ", status_name(m->status));
			summary_add_counts(out, tests, m->counts);
			strbuf_addstr(out, "; ");
			summary_add_plural(out, m->records, "record", "records");
		}
		strbuf_addch(out, '\n');
	}
}

void summary_write_markdown(struct strbuf *out, const struct summary *s)
{
	add_header(out, s);
	if (!s->release.has_results) {
		strbuf_addstr(out, "\nNo results recorded for ");
		md_code(out, s->name);
		strbuf_addstr(out, ".\n");
	} else {
		add_signatures(out, s);
		add_results(out, s);
		add_regressions(out, s);
		add_failing(out, s);
	}
	add_merges(out, s);
}
