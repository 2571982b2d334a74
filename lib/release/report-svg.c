/*
 * The plots of the report's front page, as inline SVG: drawn with
 * integer coordinates only, so that the same releases give the same
 * bytes on every machine, and each point or bar carries a <title> that
 * says what it is.  The release table under the plots holds the same
 * numbers for readers without graphics.
 */
#include "lib/release/report.h"
#include "lib/html.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

#define PLOT_WIDTH 800
#define PLOT_HEIGHT 200
#define PLOT_LEFT 44		/* room for the y axis labels */
#define PLOT_RIGHT 8
#define PLOT_TOP 10
#define PLOT_BOTTOM 22		/* room for the first and last release's names */

#define PLOT_INNER_W (PLOT_WIDTH - PLOT_LEFT - PLOT_RIGHT)
#define PLOT_INNER_H (PLOT_HEIGHT - PLOT_TOP - PLOT_BOTTOM)

/* Fill colours of the statuses, the same hues as report.css. */
static const char *const status_fill[STATUS__NR] = {
	"#d9534f", "#ec971f", "#9b59b6", "#5cb85c", "#3aa6a6", "#aaaaaa"
};

/* Line colours for origins, in turn. */
static const char *const palette[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
};

long report_pass_rate(const size_t counts[STATUS__NR])
{
	size_t ran = 0, passed = counts[STATUS_PASS] + counts[STATUS_DONE];
	int k;

	for (k = 0; k < STATUS__NR; k++)
		if (k != STATUS_SKIP)
			ran += counts[k];
	return ran ? (long)(passed * 1000 / ran) : -1;
}

static long plot_x(size_t i, size_t n)
{
	if (n < 2)
		return PLOT_LEFT + PLOT_INNER_W / 2;
	return PLOT_LEFT + (long)(i * PLOT_INNER_W / (n - 1));
}

/* y of a rate in tenths of a percent */
static long plot_y_rate(long rate)
{
	return PLOT_TOP + PLOT_INNER_H - rate * PLOT_INNER_H / 1000;
}

static void plot_start(struct strbuf *out, const char *title)
{
	strbuf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		    "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", PLOT_WIDTH, PLOT_HEIGHT,
		    PLOT_WIDTH, PLOT_HEIGHT);
	html_escape(out, title);
	strbuf_addstr(out, "\">\n<title>");
	html_escape(out, title);
	strbuf_addstr(out, "</title>\n");
	strbuf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
		    "stroke=\"#ccc\"/>\n", PLOT_LEFT, PLOT_TOP, PLOT_INNER_W, PLOT_INNER_H);
}

/* The names of the first and last releases under the x axis. */
static void plot_end(struct strbuf *out, const struct report *r)
{
	if (r->releases_nr) {
		strbuf_addf(out, "<text x=\"%d\" y=\"%d\">", PLOT_LEFT, PLOT_HEIGHT - 6);
		html_escape(out, r->releases[0].tag);
		strbuf_addstr(out, "</text>\n");
	}
	if (r->releases_nr > 1) {
		strbuf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			    PLOT_WIDTH - PLOT_RIGHT, PLOT_HEIGHT - 6);
		html_escape(out, r->releases[r->releases_nr - 1].tag);
		strbuf_addstr(out, "</text>\n");
	}
	strbuf_addstr(out, "</svg>\n");
}

static void rate_axis(struct strbuf *out)
{
	int pct;

	for (pct = 0; pct <= 100; pct += 50)
		strbuf_addf(out, "<text x=\"%d\" y=\"%ld\" text-anchor=\"end\">%d%%</text>\n",
			    PLOT_LEFT - 4, plot_y_rate(pct * 10) + 4, pct);
}

static void add_rate(struct strbuf *out, long rate)
{
	strbuf_addf(out, "%ld.%ld%%", rate / 10, rate % 10);
}

/*
 * One line of pass rates over the releases (`rates[i]` < 0: none, which
 * breaks the line), with a titled point at each release.
 */
static void rate_line(struct strbuf *out, const struct report *r, const long *rates,
		      const char *colour, const char *label)
{
	size_t i;
	int open = 0;

	for (i = 0; i < r->releases_nr; i++) {
		if (rates[i] < 0) {
			if (open)
				strbuf_addstr(out, "\"/>\n");
			open = 0;
			continue;
		}
		if (!open)
			strbuf_addf(out, "<polyline fill=\"none\" stroke=\"%s\" points=\"", colour);
		strbuf_addf(out, "%s%ld,%ld", open ? " " : "", plot_x(i, r->releases_nr),
			    plot_y_rate(rates[i]));
		open = 1;
	}
	if (open)
		strbuf_addstr(out, "\"/>\n");
	for (i = 0; i < r->releases_nr; i++) {
		if (rates[i] < 0)
			continue;
		strbuf_addf(out, "<circle cx=\"%ld\" cy=\"%ld\" r=\"2\" fill=\"%s\"><title>",
			    plot_x(i, r->releases_nr), plot_y_rate(rates[i]), colour);
		if (label) {
			html_escape(out, label);
			strbuf_addch(out, ' ');
		}
		html_escape(out, r->releases[i].tag);
		strbuf_addstr(out, ": ");
		add_rate(out, rates[i]);
		strbuf_addstr(out, "</title></circle>\n");
	}
}

void report_add_pass_rate_plot(struct strbuf *out, const struct report *r)
{
	long *rates = xcalloc(r->releases_nr + 1, sizeof(*rates));
	size_t i;

	for (i = 0; i < r->releases_nr; i++)
		rates[i] = report_pass_rate(r->releases[i].summary.totals);
	plot_start(out, "Pass rate per release");
	rate_axis(out);
	rate_line(out, r, rates, "#1f77b4", NULL);
	plot_end(out, r);
	free(rates);
}

void report_add_counts_plot(struct strbuf *out, const struct report *r)
{
	size_t i, most = 0;
	long bar = r->releases_nr ? PLOT_INNER_W / (long)r->releases_nr : 0;

	if (bar > 2)
		bar = bar * 3 / 4;
	if (bar < 1)
		bar = 1;
	for (i = 0; i < r->releases_nr; i++)
		if (r->releases[i].summary.tests > most)
			most = r->releases[i].summary.tests;
	plot_start(out, "Test results per release, by status");
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%zu</text>\n",
		    PLOT_LEFT - 4, PLOT_TOP + 4, most);
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n",
		    PLOT_LEFT - 4, PLOT_TOP + PLOT_INNER_H + 4);
	for (i = 0; most && i < r->releases_nr; i++) {
		const struct summary *s = &r->releases[i].summary;
		long x, base = PLOT_TOP + PLOT_INNER_H;
		size_t below = 0;
		int k;

		if (r->releases_nr < 2)
			x = PLOT_LEFT + (PLOT_INNER_W - bar) / 2;
		else
			x = PLOT_LEFT + (long)(i * (size_t)(PLOT_INNER_W - bar) / (r->releases_nr - 1));
		/* failures at the bottom, where they are seen */
		for (k = 0; k < STATUS__NR; k++) {
			long top, bottom;

			if (!s->totals[k])
				continue;
			bottom = base - (long)(below * PLOT_INNER_H / most);
			below += s->totals[k];
			top = base - (long)(below * PLOT_INNER_H / most);
			strbuf_addf(out, "<rect x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"%ld\" "
				    "fill=\"%s\"><title>", x, top, bar, bottom - top > 0 ? bottom - top : 1,
				    status_fill[k]);
			html_escape(out, r->releases[i].tag);
			strbuf_addf(out, ": %zu %s</title></rect>\n", s->totals[k],
				    status_name((enum result_status)k));
		}
	}
	plot_end(out, r);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The origins of every release's records, sorted, each once; borrowed. */
static const char **report_origins(const struct report *r, size_t *nr)
{
	const char **all = NULL;
	size_t i, j, n = 0, alloc = 0, out = 0;

	for (i = 0; i < r->releases_nr; i++) {
		const struct result_groups *groups = &r->releases[i].summary.release.groups;

		for (j = 0; j < groups->nr; j++) {
			ALLOC_GROW(all, n + 1, alloc);
			all[n++] = groups->items[j].record->origin;
		}
	}
	if (n)
		qsort(all, n, sizeof(*all), cmp_str);
	for (i = 0; i < n; i++)
		if (!out || strcmp(all[out - 1], all[i]))
			all[out++] = all[i];
	*nr = out;
	return all;
}

/* The counts of `origin`'s groups in release `s`: 0 when it has none. */
static int origin_counts(const struct summary *s, const char *origin, size_t counts[STATUS__NR])
{
	size_t j;
	int found = 0;

	memset(counts, 0, STATUS__NR * sizeof(*counts));
	for (j = 0; j < s->release.groups.nr; j++) {
		const struct result_group *g = &s->release.groups.items[j];

		if (strcmp(g->record->origin, origin))
			continue;
		result_group_add_counts(g, counts, STATUS_DONE);
		found = 1;
	}
	return found;
}

void report_add_origin_plot(struct strbuf *out, const struct report *r)
{
	size_t origins_nr, o, i;
	const char **origins = report_origins(r, &origins_nr);
	long *rates = xcalloc(r->releases_nr + 1, sizeof(*rates));

	plot_start(out, "Pass rate per origin");
	rate_axis(out);
	for (o = 0; o < origins_nr; o++) {
		const char *colour = palette[o % ARRAY_SIZE(palette)];

		for (i = 0; i < r->releases_nr; i++) {
			size_t counts[STATUS__NR];

			rates[i] = origin_counts(&r->releases[i].summary, origins[o], counts) ?
				report_pass_rate(counts) : -1;
		}
		rate_line(out, r, rates, colour, origins[o]);
		strbuf_addf(out, "<text x=\"%ld\" y=\"%d\" fill=\"%s\" style=\"fill:%s\">",
			    (long)PLOT_LEFT + 6 + (long)(o % 6) * 120, PLOT_TOP + 12 + (int)(o / 6) * 12,
			    colour, colour);
		html_escape(out, origins[o]);
		strbuf_addstr(out, "</text>\n");
	}
	plot_end(out, r);
	free(rates);
	free(origins);
}
