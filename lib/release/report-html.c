/*
 * The pages of the static HTML report: the front page, a page per
 * release and a page per commit.  Every string from a record, a commit
 * or a ref is escaped (lib/html.h); links between pages are relative;
 * nothing depends on the clock, the locale or the order of a hash.  The
 * markup is also well-formed XML (void elements closed, no named
 * entities, a script without & or <), so XML tools can check a page.
 */
#include "lib/release/report.h"
#include "lib/html.h"
#include "lib/metric.h"
#include "lib/record.h"
#include "lib/repo.h"
#include "lib/sign/verdict.h"
#include "lib/test-history.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

/* How many releases a history strip shows before and after its own. */
#define STRIP_BEFORE 20
#define STRIP_AFTER 10

/* The environment keys the matrix has rows for, besides the origin. */
static const char *const matrix_keys[] = { "origin", "arch", "device", "lab" };

static void page_start(struct strbuf *out, const char *prefix, const char *title)
{
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
		      "<meta name=\"viewport\" content=\"width=device-width\" />\n<title>");
	html_escape(out, title);
	strbuf_addf(out, "</title>\n<link rel=\"stylesheet\" href=\"%sreport.css\" />\n</head>\n<body>\n",
		    prefix);
	strbuf_addf(out, "<nav><a href=\"%sindex.html\">All releases</a></nav>\n", prefix);
}

static void page_end(struct strbuf *out)
{
	strbuf_addstr(out, "</body>\n</html>\n");
}

static void add_status(struct strbuf *out, const char *tag, enum result_status status)
{
	strbuf_addf(out, "<%s class=\"st-%s\">%s</%s>", tag, status_name(status),
		    status_name(status), tag);
}

static void add_release_link(struct strbuf *out, const char *prefix, const struct report_release *rel)
{
	strbuf_addf(out, "<a href=\"%srelease/%s.html\">", prefix, rel->stem);
	html_escape(out, rel->tag);
	strbuf_addstr(out, "</a>");
}

static void add_commit_link(struct strbuf *out, const char *prefix, const char *hex)
{
	strbuf_addf(out, "<a href=\"%scommit/%s.html\"><code>%.12s</code></a>", prefix, hex, hex);
}

static const struct report_release *find_release(const struct report *r, const char *tag)
{
	size_t i;

	for (i = 0; tag && i < r->releases_nr; i++)
		if (!strcmp(r->releases[i].tag, tag))
			return &r->releases[i];
	return NULL;
}

static void add_group_env(struct strbuf *out, const struct result_group *g)
{
	struct strbuf env = STRBUF_INIT;

	html_escape(out, g->record->origin);
	result_group_describe_env(&env, g);
	if (env.len) {
		strbuf_addch(out, ' ');
		html_escape(out, env.buf);
	}
	strbuf_release(&env);
}

static void add_count_cell(struct strbuf *out, const char *key, size_t n)
{
	strbuf_addf(out, "<td class=\"n c-%s\">%zu</td>", key, n);
}

static void add_rate_cell(struct strbuf *out, long rate)
{
	if (rate < 0)
		strbuf_addstr(out, "<td class=\"n c-rate\">-</td>");
	else
		strbuf_addf(out, "<td class=\"n c-rate\">%ld.%ld%%</td>", rate / 10, rate % 10);
}

/* ---- the front page ---- */

static void add_release_row(struct strbuf *out, const struct report_release *rel)
{
	const struct summary *s = &rel->summary;
	static const enum diff_kind kinds[] = {
		DIFF_REGRESSION, DIFF_FIX, DIFF_UNSTABLE, DIFF_KNOWN_ISSUE
	};
	size_t i;
	int k;

	strbuf_addf(out, "<tr id=\"r-%s\" data-filter=\"", rel->stem);
	html_escape(out, rel->tag);
	strbuf_addstr(out, "\"><td>");
	add_release_link(out, "", rel);
	strbuf_addstr(out, "</td><td>");
	add_commit_link(out, "", s->release.hex);
	strbuf_addstr(out, "</td>");
	if (s->release.has_results)
		add_status(out, "td", s->status);
	else
		strbuf_addstr(out, "<td>no results</td>");
	add_count_cell(out, "tests", s->tests);
	for (k = 0; k < STATUS__NR; k++)
		add_count_cell(out, status_name((enum result_status)k), s->totals[k]);
	add_rate_cell(out, report_pass_rate(s->totals));
	add_count_cell(out, "records", s->release.records.nr);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (s->has_diff)
			add_count_cell(out, diff_kind_key(kinds[i]), s->diff.counts[kinds[i]]);
		else
			strbuf_addf(out, "<td class=\"n c-%s\">-</td>", diff_kind_key(kinds[i]));
	}
	/* "-" unless a measurement was compared, as summary --json has no metric_changes then */
	if (s->has_diff && metrics_diff_compared(&s->metrics))
		add_count_cell(out, metric_verdict_key(METRIC_REGRESSION),
			       s->metrics.counts[METRIC_REGRESSION]);
	else
		strbuf_addf(out, "<td class=\"n c-%s\">-</td>", metric_verdict_key(METRIC_REGRESSION));
	strbuf_addstr(out, "</tr>\n");
}

static void add_release_table(struct strbuf *out, const struct report *r)
{
	size_t i;
	int k;

	strbuf_addstr(out, "<h2 id=\"releases\">Releases</h2>\n<table class=\"releases\">\n<thead><tr>"
		      "<th>Release</th><th>Commit</th><th>Status</th><th>Tests</th>");
	for (k = 0; k < STATUS__NR; k++)
		strbuf_addf(out, "<th>%s</th>", status_name((enum result_status)k));
	strbuf_addstr(out, "<th>Pass rate</th><th>Records</th><th>Regressions</th><th>Fixes</th>"
		      "<th>Unstable</th><th>Known issues</th><th>Metric regressions</th></tr></thead>\n"
		      "<tbody>\n");
	for (i = r->releases_nr; i-- > 0;)
		add_release_row(out, &r->releases[i]);
	strbuf_addstr(out, "</tbody>\n</table>\n");
}

/* A row of the matrix: "arch=x86_64", by key in matrix_keys order, then value. */
struct matrix_row {
	size_t key;
	const char *value;	/* borrowed from a record */
};

static int matrix_row_cmp(const void *va, const void *vb)
{
	const struct matrix_row *a = va, *b = vb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* The value of matrix key `key` in group `g`, or NULL. */
static const char *group_value(const struct result_group *g, size_t key)
{
	size_t i;

	if (!key)
		return g->record->origin;
	for (i = 0; i < g->record->env_nr; i++)
		if (!strcmp(g->record->env[i].key, matrix_keys[key]))
			return g->record->env[i].value;
	return NULL;
}

static struct matrix_row *matrix_rows(const struct report *r, size_t *nr)
{
	struct matrix_row *rows = NULL;
	size_t i, j, key, n = 0, alloc = 0, out = 0;

	for (i = 0; i < r->releases_nr; i++) {
		const struct result_groups *groups = &r->releases[i].summary.release.groups;

		for (j = 0; j < groups->nr; j++) {
			for (key = 0; key < ARRAY_SIZE(matrix_keys); key++) {
				const char *value = group_value(&groups->items[j], key);

				if (!value)
					continue;
				ALLOC_GROW(rows, n + 1, alloc);
				rows[n].key = key;
				rows[n++].value = value;
			}
		}
	}
	if (n)
		qsort(rows, n, sizeof(*rows), matrix_row_cmp);
	for (i = 0; i < n; i++)
		if (!out || matrix_row_cmp(&rows[out - 1], &rows[i]))
			rows[out++] = rows[i];
	*nr = out;
	return rows;
}

static void add_matrix(struct strbuf *out, const struct report *r)
{
	size_t rows_nr, i, j, k;
	struct matrix_row *rows = matrix_rows(r, &rows_nr);

	strbuf_addstr(out, "<h2 id=\"matrix\">Environments by release</h2>\n<div class=\"matrix\">\n"
		      "<table>\n<thead><tr><th>Environment</th>");
	for (j = 0; j < r->releases_nr; j++) {
		strbuf_addstr(out, "<th>");
		add_release_link(out, "", &r->releases[j]);
		strbuf_addstr(out, "</th>");
	}
	strbuf_addstr(out, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < rows_nr; i++) {
		struct strbuf name = STRBUF_INIT;

		strbuf_addf(&name, "%s=%s", matrix_keys[rows[i].key], rows[i].value);
		strbuf_addstr(out, "<tr data-filter=\"");
		html_escape(out, name.buf);
		strbuf_addstr(out, "\"><th>");
		html_escape(out, name.buf);
		strbuf_addstr(out, "</th>");
		for (j = 0; j < r->releases_nr; j++) {
			const struct result_groups *groups = &r->releases[j].summary.release.groups;
			enum result_status status = STATUS__NR;

			for (k = 0; k < groups->nr; k++) {
				const char *value = group_value(&groups->items[k], rows[i].key);

				if (value && !strcmp(value, rows[i].value))
					status = status_worse(status, groups->items[k].status);
			}
			if (status == STATUS__NR) {
				strbuf_addstr(out, "<td class=\"st-none\">.</td>");
				continue;
			}
			strbuf_addf(out, "<td class=\"st-%s\" title=\"", status_name(status));
			html_escape(out, r->releases[j].tag);
			strbuf_addf(out, ": %s\">%c</td>", status_name(status),
				    test_history_status_char(1, status));
		}
		strbuf_addstr(out, "</tr>\n");
		strbuf_release(&name);
	}
	strbuf_addstr(out, "</tbody>\n</table>\n</div>\n");
	free(rows);
}

/* The filter: hidden, as it does nothing, until the script shows it. */
static const char filter_box[] =
	"<p class=\"filter\" id=\"filter-box\" hidden=\"hidden\"><label>Filter releases and environments: "
	"<input id=\"filter\" type=\"search\" /></label></p>\n";
static const char filter_script[] =
	"<script>\n"
	"var f = document.getElementById(\"filter\");\n"
	"document.getElementById(\"filter-box\").hidden = false;\n"
	"f.addEventListener(\"input\", function () {\n"
	"\tvar q = f.value.toLowerCase();\n"
	"\tdocument.querySelectorAll(\"tr[data-filter]\").forEach(function (tr) {\n"
	"\t\ttr.hidden = q === \"\" ? false : tr.dataset.filter.toLowerCase().indexOf(q) === -1;\n"
	"\t});\n"
	"});\n"
	"</script>\n";

void report_write_index(struct strbuf *out, const struct report *r)
{
	page_start(out, "", "Test results");
	strbuf_addstr(out, "<h1>Test results</h1>\n<p>");
	summary_add_plural(out, r->releases_nr, "release", "releases");
	strbuf_addstr(out, ", ");
	summary_add_plural(out, r->walked, "commit", "commits");
	strbuf_addstr(out, ", ");
	summary_add_plural(out, r->commits_nr, "page", "pages");
	strbuf_addstr(out, " of commits with results or tags.</p>\n");
	strbuf_addstr(out, "<h2 id=\"plots\">Over time</h2>\n");
	strbuf_addstr(out, "<h3>Pass rate per release</h3>\n");
	report_add_pass_rate_plot(out, r);
	strbuf_addstr(out, "<h3>Results per release, by status (failures at the bottom)</h3>\n");
	report_add_counts_plot(out, r);
	strbuf_addstr(out, "<h3>Pass rate per origin</h3>\n");
	report_add_origin_plot(out, r);
	strbuf_addstr(out, "<p>Pass rate: PASS and DONE among the tests that ran (all but SKIP).</p>\n");
	strbuf_addstr(out, filter_box);
	add_matrix(out, r);
	add_release_table(out, r);
	strbuf_addstr(out, filter_script);
	page_end(out);
}

/* ---- a release's page ---- */

static int group_cmp_ptr(const void *key, const void *item)
{
	return result_group_cmp(key, item);
}

static int test_cmp_path(const void *key, const void *item)
{
	return strcmp(key, ((const struct group_test *)item)->path);
}

/* The status of `path` of the origin and environment of `g` in release `s`. */
static int release_test_status(const struct summary *s, const struct result_group *g,
			       const char *path, enum result_status *out)
{
	const struct result_group *mine;
	const struct group_test *t;

	/* bsearch() must not be given the NULL array of an empty list */
	if (!s->release.groups.nr)
		return -1;
	mine = bsearch(g, s->release.groups.items, s->release.groups.nr,
		       sizeof(*s->release.groups.items), group_cmp_ptr);
	if (!mine || !mine->tests_nr)
		return -1;
	t = bsearch(path, mine->tests, mine->tests_nr, sizeof(*mine->tests), test_cmp_path);
	if (!t)
		return -1;
	*out = t->status;
	return 0;
}

static void add_strip(struct strbuf *out, const struct report *r, size_t i,
		      const struct result_group *g, const char *path)
{
	size_t j = i > STRIP_BEFORE ? i - STRIP_BEFORE : 0;
	size_t end = i + STRIP_AFTER + 1 < r->releases_nr ? i + STRIP_AFTER + 1 : r->releases_nr;

	strbuf_addstr(out, "<td class=\"strip\">");
	for (; j < end; j++) {
		enum result_status status = STATUS_DONE;
		int has = !release_test_status(&r->releases[j].summary, g, path, &status);

		strbuf_addf(out, "<a href=\"%s.html\" class=\"%s%s%s\" title=\"", r->releases[j].stem,
			    has ? "st-" : "st-none", has ? status_name(status) : "",
			    j == i ? " this" : "");
		html_escape(out, r->releases[j].tag);
		strbuf_addf(out, ": %s\">%c</a>", has ? status_name(status) : "not run",
			    test_history_status_char(has, status));
	}
	strbuf_addstr(out, "</td>");
}

static void add_change_table(struct strbuf *out, const struct report *r, size_t i,
			     enum diff_kind kind)
{
	const struct summary *s = &r->releases[i].summary;
	struct strbuf reason = STRBUF_INIT;
	size_t j, shown = 0;

	strbuf_addf(out, "<h2 id=\"%s\">%s (%zu)</h2>\n", diff_kind_key(kind), diff_kind_title(kind),
		    s->diff.counts[kind]);
	for (j = 0; j < s->diff.nr; j++) {
		const struct diff_entry *e = &s->diff.entries[j];

		if (e->kind != kind || !e->has_new)
			continue;
		if (!shown++)
			strbuf_addf(out, "<table class=\"changes\">\n<thead><tr><th>Status</th><th>Was</th>"
				    "<th>Origin and environment</th><th>Test</th><th>Why</th>"
				    "<th>History (%d releases before, %d after)</th></tr></thead>\n<tbody>\n",
				    STRIP_BEFORE, STRIP_AFTER);
		strbuf_addstr(out, "<tr>");
		add_status(out, "td", e->new_status);
		if (e->has_old)
			add_status(out, "td", e->old_status);
		else
			strbuf_addstr(out, "<td>-</td>");
		strbuf_addstr(out, "<td>");
		add_group_env(out, e->group);
		strbuf_addstr(out, "</td><td><code>");
		html_escape(out, e->path);
		strbuf_addstr(out, "</code></td><td>");
		strbuf_reset(&reason);
		summary_add_change_reason(&reason, e);
		if (e->known)
			html_add_link(out, e->known->link, reason.buf);
		else
			html_escape(out, reason.buf);
		strbuf_addstr(out, "</td>");
		add_strip(out, r, i, e->group, e->path);
		strbuf_addstr(out, "</tr>\n");
	}
	if (shown)
		strbuf_addstr(out, "</tbody>\n</table>\n");
	else
		strbuf_addstr(out, "<p>None.</p>\n");
	strbuf_release(&reason);
}

/* A cell of a metric change: `text` escaped, with class `key`. */
static void add_metric_cell(struct strbuf *out, const char *key, const char *text)
{
	strbuf_addf(out, "<td class=\"%s\">", key);
	html_escape(out, text);
	strbuf_addstr(out, "</td>");
}

/*
 * The metric changes of one verdict, as the summary lists them: each
 * test's old and new median, unit, change, threshold and direction, its
 * runs, and the spread of a noisy side.
 */
static void add_metric_table(struct strbuf *out, const struct summary *s, enum metric_verdict verdict)
{
	struct strbuf cell = STRBUF_INIT;
	size_t j, shown = 0;

	strbuf_addf(out, "<h2 id=\"%s\">%s (%zu)</h2>\n", metric_verdict_key(verdict),
		    metric_verdict_title(verdict), s->metrics.counts[verdict]);
	for (j = 0; j < s->metrics.nr; j++) {
		const struct metric_change *c = &s->metrics.items[j];

		if (c->verdict != verdict)
			continue;
		if (!shown++)
			strbuf_addstr(out, "<table class=\"metrics\">\n<thead><tr><th>Origin and environment</th>"
				      "<th>Test</th><th>Old</th><th>New</th><th>Unit</th><th>Change</th>"
				      "<th>Threshold</th><th>Better</th><th>Runs</th><th>Spread</th>"
				      "</tr></thead>\n<tbody>\n");
		strbuf_addstr(out, "<tr><td>");
		add_group_env(out, c->group);
		strbuf_addstr(out, "</td><td><code>");
		html_escape(out, c->path);
		strbuf_addstr(out, "</code></td>");
		strbuf_reset(&cell);
		metric_format_value(&cell, c->old_value);
		add_metric_cell(out, "n m-old", cell.buf);
		strbuf_reset(&cell);
		metric_format_value(&cell, c->new_value);
		add_metric_cell(out, "n m-new", cell.buf);
		add_metric_cell(out, "m-unit", c->unit ? c->unit : "");
		strbuf_reset(&cell);
		metric_add_percent(&cell, c->change);
		add_metric_cell(out, "n m-change", cell.buf);
		strbuf_reset(&cell);
		metric_format_value(&cell, c->threshold);
		strbuf_addch(&cell, '%');
		add_metric_cell(out, "n m-threshold", cell.buf);
		add_metric_cell(out, "m-better", metric_better_name(c->better));
		strbuf_reset(&cell);
		strbuf_addf(&cell, "%zu -> %zu", c->old_runs, c->new_runs);
		add_metric_cell(out, "n m-runs", cell.buf);
		strbuf_reset(&cell);
		metric_change_describe_spread(&cell, c, 0);
		add_metric_cell(out, "m-spread", cell.buf);
		strbuf_addstr(out, "</tr>\n");
	}
	if (shown)
		strbuf_addstr(out, "</tbody>\n</table>\n");
	else
		strbuf_addstr(out, "<p>None.</p>\n");
	strbuf_release(&cell);
}

/*
 * The metric changes since the previous release, when a measurement was
 * compared: regressions, improvements and noisy metrics, and the changes
 * of metrics with no known direction when there are some.
 */
static void add_metric_changes(struct strbuf *out, const struct summary *s)
{
	static const enum metric_verdict verdicts[] = {
		METRIC_REGRESSION, METRIC_IMPROVEMENT, METRIC_NOISY, METRIC_CHANGED
	};
	size_t k, compared = metrics_diff_compared(&s->metrics);

	if (!compared)
		return;
	for (k = 0; k < ARRAY_SIZE(verdicts); k++)
		if (verdicts[k] != METRIC_CHANGED || s->metrics.counts[METRIC_CHANGED])
			add_metric_table(out, s, verdicts[k]);
	strbuf_addstr(out, "<p>");
	summary_add_plural(out, compared, "metric", "metrics");
	strbuf_addf(out, " compared, %zu within %s threshold.</p>\n",
		    s->metrics.counts[METRIC_UNCHANGED],
		    s->metrics.counts[METRIC_UNCHANGED] == 1 ? "its" : "their");
}

static void add_release_facts(struct strbuf *out, const struct report *r, size_t i)
{
	const struct summary *s = &r->releases[i].summary;
	const struct report_release *prev = s->has_previous ? find_release(r, s->previous.name) : NULL;
	struct strbuf line = STRBUF_INIT;

	strbuf_addstr(out, "<table class=\"facts\">\n<tr><th>Commit</th><td>");
	add_commit_link(out, "../", s->release.hex);
	strbuf_addstr(out, " ");
	html_escape(out, s->subject);
	strbuf_addstr(out, "</td></tr>\n<tr><th>Previous</th><td>");
	if (prev)
		add_release_link(out, "../", prev);
	else if (s->has_previous)
		html_escape(out, s->previous.name);
	else
		strbuf_addstr(out, "none");
	strbuf_addstr(out, "</td></tr>\n<tr><th>Range</th><td>");
	html_escape(out, s->range);
	strbuf_addstr(out, ", ");
	summary_add_range_counts(out, s);
	strbuf_addstr(out, "</td></tr>\n<tr><th>Status</th>");
	if (s->release.has_results)
		add_status(out, "td", s->status);
	else
		strbuf_addstr(out, "<td>no results</td>");
	strbuf_addstr(out, "</tr>\n<tr><th>Results</th><td>");
	summary_add_totals(&line, s);
	html_escape(out, line.buf);
	strbuf_addstr(out, "</td></tr>\n<tr><th>Pass rate</th>");
	add_rate_cell(out, report_pass_rate(s->totals));
	strbuf_addstr(out, "</tr>\n</table>\n");
	strbuf_reset(&line);
	commit_results_describe_source(&line, &s->release);
	commit_results_describe_conflicts(&line, &s->release);
	if (line.len) {
		strbuf_addstr(out, "<p>");
		html_escape(out, line.buf);
		strbuf_addstr(out, "</p>\n");
	}
	strbuf_release(&line);
}

static void add_group_table(struct strbuf *out, const struct summary *s)
{
	struct strbuf counts = STRBUF_INIT;
	size_t i;

	strbuf_addstr(out, "<h2 id=\"environments\">Environments</h2>\n");
	if (!s->release.groups.nr) {
		strbuf_addstr(out, "<p>None.</p>\n");
		return;
	}
	strbuf_addstr(out, "<table>\n<thead><tr><th>Status</th><th>Origin and environment</th>"
		      "<th>Results</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];

		strbuf_addstr(out, "<tr>");
		add_status(out, "td", g->status);
		strbuf_addstr(out, "<td>");
		add_group_env(out, g);
		strbuf_addstr(out, "</td><td>");
		strbuf_reset(&counts);
		summary_add_group_counts(&counts, g);
		html_escape(out, counts.buf);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</tbody>\n</table>\n");
	strbuf_release(&counts);
}

static void add_signatures(struct strbuf *out, const struct summary *s)
{
	size_t i;

	strbuf_addstr(out, "<h2 id=\"signatures\">Signatures</h2>\n");
	if (!s->release.records.nr) {
		strbuf_addstr(out, "<p>No records.</p>\n");
		return;
	}
	strbuf_addstr(out, "<ul>\n");
	for (i = 0; i < s->release.records.nr; i++) {
		const struct record *rec = &s->release.records.items[i];

		strbuf_addstr(out, "<li>");
		html_escape(out, rec->origin);
		strbuf_addstr(out, " run ");
		html_escape(out, rec->run);
		strbuf_addstr(out, ": ");
		html_escape(out, s->signatures[i].detail ? s->signatures[i].detail : "");
		strbuf_addstr(out, "</li>\n");
	}
	strbuf_addstr(out, "</ul>\n");
}

void report_write_release_page(struct strbuf *out, const struct report *r, size_t i)
{
	const struct report_release *rel = &r->releases[i];
	const struct summary *s = &rel->summary;
	static const enum diff_kind kinds[] = {
		DIFF_REGRESSION, DIFF_FIX, DIFF_NEW_FAILURE, DIFF_UNSTABLE, DIFF_KNOWN_ISSUE
	};
	struct strbuf title = STRBUF_INIT;
	size_t k;

	strbuf_addf(&title, "Test results for %s", rel->tag);
	page_start(out, "../", title.buf);
	if (i || i + 1 < r->releases_nr) {
		strbuf_addstr(out, "<nav>");
		if (i) {
			strbuf_addstr(out, "Older: ");
			add_release_link(out, "../", &r->releases[i - 1]);
		}
		if (i + 1 < r->releases_nr) {
			strbuf_addstr(out, i ? " &#183; Newer: " : "Newer: ");
			add_release_link(out, "../", &r->releases[i + 1]);
		}
		strbuf_addstr(out, "</nav>\n");
	}
	strbuf_addstr(out, "<h1>");
	html_escape(out, title.buf);
	strbuf_addstr(out, "</h1>\n");
	add_release_facts(out, r, i);
	add_group_table(out, s);
	if (s->has_diff) {
		for (k = 0; k < ARRAY_SIZE(kinds); k++)
			add_change_table(out, r, i, kinds[k]);
		add_metric_changes(out, s);
	} else {
		strbuf_addstr(out, "<h2 id=\"changes\">Changes</h2>\n<p>Not compared: ");
		strbuf_addstr(out, !s->has_previous ? "there is no previous release." :
			      "the previous release or this one has no results.");
		strbuf_addstr(out, "</p>\n");
	}
	add_signatures(out, s);
	page_end(out);
	strbuf_release(&title);
}

/* ---- a commit's page ---- */

static void add_record(struct strbuf *out, struct report *r, const struct commit_results *cr,
		       const struct record *rec)
{
	struct record_signature_check check = RECORD_SIGNATURE_CHECK_INIT;
	struct strbuf line = STRBUF_INIT;
	size_t i, failing = 0;

	strbuf_addstr(out, "<h2>");
	html_escape(out, rec->origin);
	strbuf_addstr(out, " run ");
	html_escape(out, rec->run);
	strbuf_addstr(out, "</h2>\n<table class=\"facts\">\n<tr><th>Status</th>");
	add_status(out, "td", rec->status);
	strbuf_addstr(out, "</tr>\n<tr><th>Results</th><td>");
	summary_add_counts(&line, rec->tests_nr, rec->counts);
	html_escape(out, line.buf);
	strbuf_addstr(out, "</td></tr>\n<tr><th>Date</th><td>");
	html_escape(out, rec->date ? rec->date : "");
	strbuf_addstr(out, "</td></tr>\n<tr><th>Environment</th><td>");
	for (i = 0; i < rec->env_nr; i++) {
		strbuf_addstr(out, i ? "<br />" : "");
		html_escape(out, rec->env[i].key);
		strbuf_addch(out, '=');
		html_escape(out, rec->env[i].value);
	}
	strbuf_addstr(out, "</td></tr>\n");
	if (rec->tester) {
		strbuf_addstr(out, "<tr><th>Tester</th><td>");
		html_escape(out, rec->tester);
		strbuf_addstr(out, "</td></tr>\n");
	}
	if (rec->links_nr) {
		strbuf_addstr(out, "<tr><th>Links</th><td>");
		for (i = 0; i < rec->links_nr; i++) {
			strbuf_addstr(out, i ? "<br />" : "");
			html_add_link(out, rec->links[i], rec->links[i]);
		}
		strbuf_addstr(out, "</td></tr>\n");
	}
	for (i = 0; i < rec->supersedes_nr; i++) {
		strbuf_addstr(out, "<tr><th>Supersedes</th><td>");
		html_escape(out, rec->supersedes[i]);
		strbuf_addstr(out, "</td></tr>\n");
	}
	record_signer_check_at(r->repo, rec, cr->same_tree ? git_oid_tostr_s(&cr->same_tree_source) :
			       cr->hex, &check);
	strbuf_addf(out, "<tr><th>Signature</th><td class=\"sig-%s\">",
		    record_signature_state_name(check.state));
	html_escape(out, check.detail ? check.detail : "");
	strbuf_addstr(out, "</td></tr>\n</table>\n");
	record_signature_check_release(&check);

	for (i = 0; i < rec->tests_nr; i++) {
		const struct record_test *t = &rec->tests[i];

		if (!status_is_failing(t->status))
			continue;
		if (!failing++)
			strbuf_addstr(out, "<table class=\"tests\">\n<thead><tr><th>Status</th>"
				      "<th>Test</th><th>Reason</th></tr></thead>\n<tbody>\n");
		strbuf_addstr(out, "<tr>");
		add_status(out, "td", t->status);
		strbuf_addstr(out, "<td><code>");
		html_escape(out, t->path);
		strbuf_addstr(out, "</code></td><td>");
		html_escape(out, t->reason ? t->reason : "");
		strbuf_addstr(out, "</td></tr>\n");
	}
	if (failing)
		strbuf_addstr(out, "</tbody>\n</table>\n");
	if (failing < rec->tests_nr)
		strbuf_addf(out, "<p>%s%zu other test%s: none failed.</p>\n", failing ? "" : "All ",
			    rec->tests_nr - failing, rec->tests_nr - failing == 1 ? "" : "s");
	strbuf_release(&line);
}

int report_write_commit_page(struct strbuf *out, struct report *r, const git_oid *oid)
{
	struct commit_results cr = COMMIT_RESULTS_INIT;
	struct strbuf title = STRBUF_INIT, line = STRBUF_INIT;
	git_commit *commit = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, tags = 0;
	int ret = -1;

	git_oid_tostr(hex, sizeof(hex), oid);
	cr.filter = r->filter;
	if (commit_results_load_oid(&cr, r->store, oid, hex) < 0)
		goto out;
	check(git_commit_lookup(&commit, r->repo, oid), "cannot read commit");
	strbuf_addf(&title, "Test results of %.12s", hex);
	page_start(out, "../", title.buf);
	strbuf_addstr(out, "<h1>");
	html_escape(out, title.buf);
	strbuf_addstr(out, "</h1>\n<table class=\"facts\">\n<tr><th>Commit</th><td><code>");
	strbuf_addstr(out, hex);
	strbuf_addstr(out, "</code></td></tr>\n<tr><th>Subject</th><td>");
	html_escape(out, git_commit_summary(commit) ? git_commit_summary(commit) : "");
	strbuf_addstr(out, "</td></tr>\n");
	for (i = 0; i < r->releases_nr; i++) {
		if (!git_oid_equal(&r->releases[i].summary.release.oid, oid))
			continue;
		strbuf_addstr(out, tags++ ? ", " : "<tr><th>Release</th><td>");
		add_release_link(out, "../", &r->releases[i]);
	}
	if (tags)
		strbuf_addstr(out, "</td></tr>\n");
	strbuf_addstr(out, "</table>\n");
	commit_results_describe_source(&line, &cr);
	commit_results_describe_conflicts(&line, &cr);
	if (line.len) {
		strbuf_addstr(out, "<p>");
		html_escape(out, line.buf);
		strbuf_addstr(out, "</p>\n");
	}
	if (!cr.has_results)
		strbuf_addstr(out, "<p>No results recorded.</p>\n");
	for (i = 0; i < cr.records.nr; i++)
		add_record(out, r, &cr, &cr.records.items[i]);
	page_end(out);
	ret = 0;
out:
	git_commit_free(commit);
	commit_results_release(&cr);
	strbuf_release(&title);
	strbuf_release(&line);
	return ret;
}
