/*
 * The release summary as CommonMark, for web pages and pull requests;
 * also the source of the HTML rendering.  Every piece of text from the
 * repository is escaped (or put in a code span), so no commit subject,
 * test name or reason can add markup.
 */
#include "lib/release/summary.h"
#include "lib/metric.h"

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

static void add_group(struct strbuf *out, const struct result_group *g, enum result_status status)
{
	struct strbuf env = STRBUF_INIT;

	strbuf_addstr(out, "- ");
	if (status != STATUS__NR)
		strbuf_addf(out, "**%s** ", status_name(status));
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

static void add_merge(struct strbuf *out, const struct summary_merge *m)
{
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
	strbuf_addch(out, ')');
}

static void add_status(struct strbuf *out, enum result_status status)
{
	strbuf_addf(out, "**%s**", status_name(status));
}

static const struct summary_markup md_markup = {
	add_group, add_test_item, add_merge, add_status
};

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
	if (s->release.same_tree) {
		struct strbuf source = STRBUF_INIT;

		commit_results_describe_source(&source, &s->release);
		strbuf_addstr(out, "\n- Results: ");
		md_text(out, source.buf);
		strbuf_release(&source);
	}
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
	summary_add_range_counts(out, s);
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
	strbuf_addstr(out, "\n## Results by origin and environment\n\n");
	summary_add_group_list(out, s, &md_markup);
	strbuf_addf(out, "\n**Total: %s**, ", status_name(s->status));
	summary_add_totals(out, s);
	strbuf_addch(out, '\n');
}

/* The metric changes, one list item per test, under a heading per verdict. */
static void add_metric_changes(struct strbuf *out, const struct summary *s)
{
	const struct metrics_diff *d = &s->metrics;
	struct strbuf line = STRBUF_INIT;
	size_t i;
	int verdict = -1;

	for (i = 0; i < d->nr; i++) {
		const struct metric_change *c = &d->items[i];

		if ((int)c->verdict != verdict) {
			verdict = (int)c->verdict;
			strbuf_addf(out, "\n### %s\n\n", metric_verdict_title(c->verdict));
		}
		strbuf_reset(&line);
		strbuf_addstr(&line, c->group->record->origin);
		if (c->group->record->env_nr) {
			strbuf_addch(&line, ' ');
			result_group_describe_env(&line, c->group);
		}
		strbuf_addstr(out, "- ");
		md_code(out, line.buf);
		strbuf_addstr(out, ": ");
		strbuf_reset(&line);
		metric_change_describe(&line, c);
		md_text(out, line.buf);
		strbuf_addch(out, '\n');
	}
	strbuf_release(&line);
}

static void add_regressions(struct strbuf *out, const struct summary *s)
{
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
	summary_add_regression_list(out, s, &md_markup);
	if (s->diff.counts[DIFF_REGRESSION])
		strbuf_addch(out, '\n');
	strbuf_addstr(out, "All changes: ");
	results_diff_describe_counts(out, &s->diff);
	strbuf_addstr(out, ".\n");
	add_metric_changes(out, s);
}

static void add_noise_section(struct strbuf *out, const struct summary *s, enum diff_kind kind,
			      const char *title)
{
	if (!s->diff.counts[kind])
		return;
	strbuf_addf(out, "\n## %s (%zu)\n\n", title, s->diff.counts[kind]);
	summary_add_change_list(out, s, kind, &md_markup);
}

/* Unstable tests and known issues: set aside, never regressions or fixes. */
static void add_noise(struct strbuf *out, const struct summary *s)
{
	size_t i, k;

	if (!s->has_diff)
		return;
	add_noise_section(out, s, DIFF_UNSTABLE, "Unstable tests");
	add_noise_section(out, s, DIFF_KNOWN_ISSUE, "Known issues");
	if (s->diff.possibly_fixed_nr)
		strbuf_addf(out, "\n## Known issues possibly fixed (%zu)\n\n", s->diff.possibly_fixed_nr);
	for (i = 0; i < s->diff.possibly_fixed_nr; i++) {
		const struct known_issue *ki = s->diff.possibly_fixed[i];

		strbuf_addstr(out, "- ");
		md_code(out, ki->pattern);
		for (k = 0; k < ki->env_nr; k++) {
			strbuf_addch(out, ' ');
			md_code(out, ki->env[k].key);
			strbuf_addstr(out, "\\=");
			md_code(out, ki->env[k].pattern);
		}
		strbuf_addstr(out, ": ");
		md_text(out, ki->link);
		if (ki->reason) {
			strbuf_addstr(out, ", ");
			md_text(out, ki->reason);
		}
		strbuf_addch(out, '\n');
	}
}

static void add_failing(struct strbuf *out, const struct summary *s)
{
	strbuf_addstr(out, "\n## Failing tests\n\n");
	if (!summary_failing_tests(s)) {
		strbuf_addstr(out, "None.\n");
		return;
	}
	summary_add_failing_list(out, s, &md_markup);
}

static void add_merges(struct strbuf *out, const struct summary *s)
{
	strbuf_addstr(out, "\n## Merged trees\n\n");
	if (!s->merges_nr) {
		strbuf_addstr(out, "None.\n");
		return;
	}
	summary_add_merge_list(out, s, &md_markup);
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
		add_noise(out, s);
		add_failing(out, s);
	}
	add_merges(out, s);
	/* In a code block: a line starting with '#' would be a heading. */
	if (s->regzbot.len) {
		strbuf_addstr(out, "\n```\n");
		strbuf_addbuf(out, &s->regzbot);
		strbuf_addstr(out, "```\n");
	}
}
