#ifndef METRICS_DIFF_H
#define METRICS_DIFF_H

#include "lib/commit-results.h"
#include "lib/strbuf.h"

#include <git2.h>
#include <jansson.h>

/*
 * The comparison of the measurements of two commits, per origin,
 * environment and test: what `git results diff` and `git results
 * summary` report as metric regressions.  Each side's runs of one test
 * are summarised by their median; a side whose runs spread wider than
 * the threshold is noisy, and its change is no verdict.  See
 * git-results-diff(1), METRICS.
 */

enum metric_verdict {
	METRIC_REGRESSION,	/* worse by more than the threshold */
	METRIC_IMPROVEMENT,	/* better by more than the threshold */
	METRIC_NOISY,		/* runs on one side spread wider than the threshold */
	METRIC_CHANGED,		/* beyond the threshold, direction unknown */
	METRIC_UNCHANGED,	/* within the threshold (not listed) */
	METRIC__NR
};

enum metric_better {
	METRIC_BETTER_UNKNOWN,
	METRIC_BETTER_HIGHER,
	METRIC_BETTER_LOWER,
};

/* One `results.metric.<glob>.*` setting. */
struct metric_rule {
	char *glob;
	int has_threshold;
	double threshold;	/* percent */
	enum metric_better better;
};

struct metric_config {
	double threshold;	/* results.metricThreshold, percent; default 5 */
	struct metric_rule *rules;	/* in configuration order: the last match wins */
	size_t rules_nr, rules_alloc;
};

#define METRIC_DEFAULT_THRESHOLD 5.0

/*
 * Reads results.metricThreshold and results.metric.<glob>.threshold and
 * .better.  Returns 0, or -1 after printing an error for a bad value.
 */
int metric_config_read(struct metric_config *cfg, git_repository *repo);
void metric_config_release(struct metric_config *cfg);

/* Which way is better for `unit` (NULL: none), from the unit alone. */
enum metric_better metric_better_from_unit(const char *unit);

struct metric_change {
	enum metric_verdict verdict;
	const struct result_group *group;	/* the new side's */
	const char *path, *unit;	/* borrowed from a record; unit NULL when none */
	double old_value, new_value;	/* medians */
	size_t old_runs, new_runs;
	double old_spread, new_spread;	/* (max - min) / |median|, percent */
	double change;			/* (new - old) / |old|, percent */
	double threshold;		/* percent */
	enum metric_better better;
};

struct metrics_diff {
	struct metric_change *items;	/* by verdict, then group, then path */
	size_t nr, alloc;
	size_t counts[METRIC__NR];
	/* set before computing: list the changes within the threshold too */
	unsigned keep_unchanged:1;
};
#define METRICS_DIFF_INIT { NULL, 0, 0, { 0 }, 0 }

/*
 * Compares the measurements of `old` with those of `new`: every test that
 * has one on both sides, in the same unit, with a non-zero old median.
 * `d` borrows from both.
 */
void metrics_diff_compute(struct metrics_diff *d, const struct commit_results *old,
			  const struct commit_results *new, const struct metric_config *cfg);
void metrics_diff_release(struct metrics_diff *d);

/* "Metric regressions", "Metric improvements", "Noisy metrics", "Changed metrics". */
const char *metric_verdict_title(enum metric_verdict v);
/* "metric_regressions", "metric_improvements", "noisy_metrics", "changed_metrics". */
const char *metric_verdict_key(enum metric_verdict v);

/* Appends a change in percent as every report shows it: "-18.0%", "+1.0%". */
void metric_add_percent(struct strbuf *out, double pct);

/* "higher", "lower" or "unknown": which way is better, as JSON names it. */
const char *metric_better_name(enum metric_better better);

/* How many tests had their measurements compared, whatever the verdict. */
size_t metrics_diff_compared(const struct metrics_diff *d);

/*
 * Appends the spread of each noisy side of `c`, "old runs spread 80.0%
 * over 3 runs"; the sides are separated by "; ", as is the first from
 * what `out` holds past `start`.  Nothing when neither side is noisy.
 */
void metric_change_describe_spread(struct strbuf *out, const struct metric_change *c, size_t start);

/*
 * Appends "netperf.throughput: 940 -> 770.8 Mbit/s (-18.0%)", with the
 * spread of each noisy side ("runs spread 12.0% > 5%").
 */
void metric_change_describe(struct strbuf *out, const struct metric_change *c);

/*
 * Appends the listed changes as `diff` and the text summary print them: a
 * heading per verdict ("Metric regressions (1):"), the origin and
 * environment indented by 4, each change by 8; then a line of counts.
 * Nothing when no change is listed.
 */
void metrics_diff_write_text(struct strbuf *out, const struct metrics_diff *d);

/*
 * The changes as JSON: one array per listed verdict, under
 * metric_verdict_key(); an empty object when no measurement was compared.
 */
json_t *metrics_diff_to_json(const struct metrics_diff *d);

/* Appends "1 metric regression, 1 noisy metric" (nothing when there is no change). */
void metrics_diff_describe_counts(struct strbuf *out, const struct metrics_diff *d);

#endif
