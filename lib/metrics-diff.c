#include "lib/metrics-diff.h"
#include "lib/metric.h"
#include "lib/repo.h"
#include "lib/results-json.h"
#include "lib/usage.h"

#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "5", "5%", "2.5": a percentage, not negative. */
static int parse_percent(const char *s, double *out)
{
	size_t len = strlen(s);

	if (len && s[len - 1] == '%')
		len--;
	if (metric_parse_value(s, len, out) || *out < 0)
		return -1;
	return 0;
}

static int parse_better(const char *s, enum metric_better *out)
{
	if (!strcmp(s, "higher"))
		*out = METRIC_BETTER_HIGHER;
	else if (!strcmp(s, "lower"))
		*out = METRIC_BETTER_LOWER;
	else
		return -1;
	return 0;
}

/* One results.metric.<glob>.threshold or .better setting (`key` whole). */
static int add_rule(struct metric_config *cfg, const char *key, const char *value)
{
	const char *name = key + strlen("results.metric.");
	const char *dot = strrchr(name, '.');
	struct metric_rule *rule;

	if (!dot || dot == name)
		return 0;
	ALLOC_GROW(cfg->rules, cfg->rules_nr + 1, cfg->rules_alloc);
	rule = &cfg->rules[cfg->rules_nr];
	memset(rule, 0, sizeof(*rule));
	if (!strcasecmp(dot + 1, "threshold")) {
		if (parse_percent(value, &rule->threshold))
			return error("bad %s value '%s': expected a percentage", key, value);
		rule->has_threshold = 1;
	} else if (!strcasecmp(dot + 1, "better")) {
		if (parse_better(value, &rule->better))
			return error("bad %s value '%s': expected 'higher' or 'lower'", key, value);
	} else {
		return 0;
	}
	rule->glob = xstrndup(name, (size_t)(dot - name));
	cfg->rules_nr++;
	return 0;
}

static int read_rule(const git_config_entry *entry, void *data)
{
	return add_rule(data, entry->name, entry->value);
}

/* A rule from `git -c`, after those of the files: it wins over them. */
static int read_override_rule(const char *key, const char *value, void *data)
{
	if (strncasecmp(key, "results.metric.", strlen("results.metric.")))
		return 0;
	return add_rule(data, key, value);
}

int metric_config_read(struct metric_config *cfg, git_repository *repo)
{
	char *value = config_get_string(repo, "results.metricThreshold");
	git_config *snapshot = NULL;
	int ret = 0;

	memset(cfg, 0, sizeof(*cfg));
	cfg->threshold = METRIC_DEFAULT_THRESHOLD;
	if (value && parse_percent(value, &cfg->threshold))
		ret = error("bad results.metricThreshold value '%s': expected a percentage", value);
	free(value);
	if (!ret && !git_repository_config_snapshot(&snapshot, repo)) {
		if (git_config_foreach_match(snapshot, "^results\\.metric\\..*\\.(threshold|better)$",
					     read_rule, cfg))
			ret = -1;
		git_config_free(snapshot);
	}
	if (!ret && config_for_each_override(read_override_rule, cfg))
		ret = -1;
	return ret;
}

void metric_config_release(struct metric_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->rules_nr; i++)
		free(cfg->rules[i].glob);
	free(cfg->rules);
	memset(cfg, 0, sizeof(*cfg));
}

static int unit_is(const char *unit, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(unit, *list))
			return 1;
	return 0;
}

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

enum metric_better metric_better_from_unit(const char *unit)
{
	static const char *const times[] = {
		"s", "sec", "secs", "second", "seconds", "ms", "msec", "msecs", "us", "usec",
		"usecs", "\xc2\xb5s", "ns", "nsec", "nsecs", "min", "mins", "minutes",
		"h", "hours", "cycles", NULL
	};

	if (!unit)
		return METRIC_BETTER_UNKNOWN;
	if (unit_is(unit, times) || ends_with_ci(unit, "/op") || ends_with_ci(unit, "/iter"))
		return METRIC_BETTER_LOWER;
	/* rates: Mbit/s, MB/s, ops/sec, Mbps, IOPS, fps */
	if (ends_with_ci(unit, "/s") || ends_with_ci(unit, "/sec") || ends_with_ci(unit, "ps"))
		return METRIC_BETTER_HIGHER;
	return METRIC_BETTER_UNKNOWN;
}

/* One measurement of one side, with the group its record belongs to. */
struct sample {
	const struct result_group *group;
	const char *path;
	const char *run;
	const struct record_metric *metric;	/* the unit, the prefix */
	double value;
};

static const struct result_group *group_of(const struct result_groups *groups,
					   const struct record *r)
{
	struct result_group key;
	size_t lo = 0, hi = groups->nr;

	memset(&key, 0, sizeof(key));
	key.record = r;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = result_group_cmp(&key, &groups->items[mid]);

		if (!c)
			return &groups->items[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int cmp_sample(const void *va, const void *vb)
{
	const struct sample *a = va, *b = vb;
	int c = result_group_cmp(a->group, b->group);

	if (!c)
		c = strcmp(a->path, b->path);
	if (!c)
		c = a->value < b->value ? -1 : a->value > b->value;
	return c;
}

/* As cmp_sample(), the samples of one run together. */
static int cmp_sample_run(const void *va, const void *vb)
{
	const struct sample *a = va, *b = vb;
	int c = result_group_cmp(a->group, b->group);

	if (!c)
		c = strcmp(a->path, b->path);
	if (!c)
		c = strcmp(a->run, b->run);
	if (!c)
		c = a->value < b->value ? -1 : a->value > b->value;
	return c;
}

/*
 * One sample per run: the records of a run in conflict (the same origin
 * and run id, different bytes) are one run, not several, and count once,
 * as the median of their values.  Returns the number of samples left.
 */
static size_t one_sample_per_run(struct sample *s, size_t nr)
{
	size_t i, j, k, out = 0;

	if (nr > 1)
		qsort(s, nr, sizeof(*s), cmp_sample_run);
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && s[j].group == s[i].group && !strcmp(s[j].path, s[i].path) &&
		     !strcmp(s[j].run, s[i].run); j++)
			;
		k = i + (j - i) / 2;
		s[out] = s[i];
		s[out].value = (j - i) % 2 ? s[k].value : (s[k - 1].value + s[k].value) / 2;
		out++;
	}
	return out;
}

/* A side's measurements of one test in one group. */
struct summary {
	const struct result_group *group;
	const char *path;
	const struct record_metric *first;
	int mixed_units;
	double median, spread;
	size_t runs;
};

static int same_unit(const struct record_metric *a, const struct record_metric *b)
{
	return a->prefix == b->prefix && !!a->unit == !!b->unit &&
		(!a->unit || !strcmp(a->unit, b->unit));
}

/* Sorted samples into one summary per group and test. */
static struct summary *summarize(const struct commit_results *cr, size_t *nr)
{
	struct sample *s = NULL;
	struct summary *out = NULL;
	size_t s_nr = 0, s_alloc = 0, out_alloc = 0, i, j, k;

	*nr = 0;
	for (i = 0; i < cr->records.nr; i++) {
		const struct record *r = &cr->records.items[i];
		const struct result_group *g = NULL;

		for (j = 0; j < r->tests_nr; j++) {
			if (!r->tests[j].metric)
				continue;
			if (!g && !(g = group_of(&cr->groups, r)))
				break;
			ALLOC_GROW(s, s_nr + 1, s_alloc);
			s[s_nr].group = g;
			s[s_nr].path = r->tests[j].path;
			s[s_nr].run = r->run;
			s[s_nr].metric = r->tests[j].metric;
			s[s_nr].value = r->tests[j].metric->value;
			s_nr++;
		}
	}
	s_nr = one_sample_per_run(s, s_nr);
	if (s_nr > 1)
		qsort(s, s_nr, sizeof(*s), cmp_sample);
	for (i = 0; i < s_nr; i = j) {
		struct summary *sum;
		double lo, hi;

		for (j = i + 1; j < s_nr && s[j].group == s[i].group && !strcmp(s[j].path, s[i].path); j++)
			;
		ALLOC_GROW(out, *nr + 1, out_alloc);
		sum = &out[(*nr)++];
		sum->group = s[i].group;
		sum->path = s[i].path;
		sum->first = s[i].metric;
		sum->runs = j - i;
		sum->mixed_units = 0;
		for (k = i + 1; k < j; k++)
			if (!same_unit(s[k].metric, s[i].metric))
				sum->mixed_units = 1;
		/* sorted by value: the median is the middle one, or the mean of the two */
		k = i + (j - i) / 2;
		sum->median = (j - i) % 2 ? s[k].value : (s[k - 1].value + s[k].value) / 2;
		lo = s[i].value;
		hi = s[j - 1].value;
		sum->spread = sum->median ? (hi - lo) / fabs(sum->median) * 100 :
			hi != lo ? INFINITY : 0;
	}
	free(s);
	return out;
}

static void settings_for(const struct metric_config *cfg, const char *path, const char *unit,
			 double *threshold, enum metric_better *better)
{
	size_t i;

	*threshold = cfg->threshold;
	*better = metric_better_from_unit(unit);
	for (i = 0; i < cfg->rules_nr; i++) {
		const struct metric_rule *rule = &cfg->rules[i];

		if (fnmatch(rule->glob, path, 0))
			continue;
		if (rule->has_threshold)
			*threshold = rule->threshold;
		if (rule->better != METRIC_BETTER_UNKNOWN)
			*better = rule->better;
	}
}

static int cmp_change(const void *va, const void *vb)
{
	const struct metric_change *a = va, *b = vb;
	int c;

	if (a->verdict != b->verdict)
		return a->verdict < b->verdict ? -1 : 1;
	c = result_group_cmp(a->group, b->group);
	return c ? c : strcmp(a->path, b->path);
}

static void compare(struct metrics_diff *d, const struct summary *o, const struct summary *n,
		    const struct metric_config *cfg)
{
	struct metric_change *c;
	double threshold, change;
	enum metric_better better;
	enum metric_verdict verdict;

	if (o->mixed_units || n->mixed_units || !same_unit(o->first, n->first) || !o->median)
		return;
	settings_for(cfg, n->path, n->first->unit, &threshold, &better);
	change = (n->median - o->median) / fabs(o->median) * 100;
	if (o->spread > threshold || n->spread > threshold)
		verdict = METRIC_NOISY;
	else if (fabs(change) <= threshold)
		verdict = METRIC_UNCHANGED;
	else if (better == METRIC_BETTER_UNKNOWN)
		verdict = METRIC_CHANGED;
	else if ((change > 0) == (better == METRIC_BETTER_HIGHER))
		verdict = METRIC_IMPROVEMENT;
	else
		verdict = METRIC_REGRESSION;
	d->counts[verdict]++;
	if (verdict == METRIC_UNCHANGED && !d->keep_unchanged)
		return;
	ALLOC_GROW(d->items, d->nr + 1, d->alloc);
	c = &d->items[d->nr++];
	c->verdict = verdict;
	c->group = n->group;
	c->path = n->path;
	c->unit = n->first->unit;
	c->old_value = o->median;
	c->new_value = n->median;
	c->old_runs = o->runs;
	c->new_runs = n->runs;
	c->old_spread = o->spread;
	c->new_spread = n->spread;
	c->change = change;
	c->threshold = threshold;
	c->better = better;
}

void metrics_diff_compute(struct metrics_diff *d, const struct commit_results *old,
			  const struct commit_results *new, const struct metric_config *cfg)
{
	size_t o_nr, n_nr, i = 0, j = 0;
	struct summary *o = summarize(old, &o_nr), *n = summarize(new, &n_nr);

	while (i < o_nr && j < n_nr) {
		int c = result_group_cmp(o[i].group, n[j].group);

		if (!c)
			c = strcmp(o[i].path, n[j].path);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			compare(d, &o[i], &n[j], cfg);
			i++;
			j++;
		}
	}
	if (d->nr > 1)
		qsort(d->items, d->nr, sizeof(*d->items), cmp_change);
	free(o);
	free(n);
}

void metrics_diff_release(struct metrics_diff *d)
{
	unsigned keep_unchanged = d->keep_unchanged;

	free(d->items);
	memset(d, 0, sizeof(*d));
	d->keep_unchanged = keep_unchanged;
}

const char *metric_verdict_title(enum metric_verdict v)
{
	static const char *const titles[] = {
		"Metric regressions", "Metric improvements", "Noisy metrics", "Changed metrics",
		"Unchanged metrics"
	};

	return titles[v];
}

const char *metric_verdict_key(enum metric_verdict v)
{
	static const char *const keys[] = {
		"metric_regressions", "metric_improvements", "noisy_metrics", "changed_metrics",
		"unchanged_metrics"
	};

	return keys[v];
}

void metric_add_percent(struct strbuf *out, double pct)
{
	strbuf_addf(out, "%+.1f%%", pct);
}

const char *metric_better_name(enum metric_better better)
{
	return better == METRIC_BETTER_HIGHER ? "higher" :
		better == METRIC_BETTER_LOWER ? "lower" : "unknown";
}

size_t metrics_diff_compared(const struct metrics_diff *d)
{
	size_t compared = 0;
	int v;

	for (v = 0; v < METRIC__NR; v++)
		compared += d->counts[v];
	return compared;
}

/* "old runs spread 80.0% over 3 runs", after "; " when `out` grew past `start`. */
static void add_side_spread(struct strbuf *out, size_t start, const char *side, double spread,
			    size_t runs, double threshold)
{
	if (spread <= threshold)
		return;
	if (out->len > start)
		strbuf_addstr(out, "; ");
	strbuf_addf(out, "%s runs spread ", side);
	if (isinf(spread))
		strbuf_addstr(out, "around 0");
	else
		strbuf_addf(out, "%.1f%%", spread);
	strbuf_addf(out, " over %zu runs", runs);
}

void metric_change_describe_spread(struct strbuf *out, const struct metric_change *c, size_t start)
{
	add_side_spread(out, start, "old", c->old_spread, c->old_runs, c->threshold);
	add_side_spread(out, start, "new", c->new_spread, c->new_runs, c->threshold);
}

void metric_change_describe(struct strbuf *out, const struct metric_change *c)
{
	size_t start;

	strbuf_addf(out, "%s: ", c->path);
	metric_format_value(out, c->old_value);
	strbuf_addstr(out, " -> ");
	metric_format_value(out, c->new_value);
	if (c->unit)
		strbuf_addf(out, " %s", c->unit);
	strbuf_addstr(out, " (");
	start = out->len;
	metric_add_percent(out, c->change);
	metric_change_describe_spread(out, c, start);
	strbuf_addstr(out, ")");
}

json_t *metrics_diff_to_json(const struct metrics_diff *d)
{
	json_t *obj = json_object(), *arrays[METRIC__NR] = { NULL };
	size_t i;
	int v;

	if (!metrics_diff_compared(d))
		return obj;
	for (v = 0; v < METRIC_UNCHANGED; v++) {
		arrays[v] = json_array();
		json_object_set_new(obj, metric_verdict_key((enum metric_verdict)v), arrays[v]);
	}
	for (i = 0; i < d->nr; i++) {
		const struct metric_change *c = &d->items[i];
		json_t *e = json_object();

		json_object_set_new(e, "origin", json_string(c->group->record->origin));
		json_object_set_new(e, "env", group_env_to_json(c->group));
		json_object_set_new(e, "path", json_string(c->path));
		if (c->unit)
			json_object_set_new(e, "unit", json_string(c->unit));
		json_object_set_new(e, "old", json_real(c->old_value));
		json_object_set_new(e, "new", json_real(c->new_value));
		json_object_set_new(e, "old_runs", json_integer((json_int_t)c->old_runs));
		json_object_set_new(e, "new_runs", json_integer((json_int_t)c->new_runs));
		json_object_set_new(e, "change_percent", json_real(c->change));
		json_object_set_new(e, "threshold_percent", json_real(c->threshold));
		if (!isinf(c->old_spread))
			json_object_set_new(e, "old_spread_percent", json_real(c->old_spread));
		if (!isinf(c->new_spread))
			json_object_set_new(e, "new_spread_percent", json_real(c->new_spread));
		json_object_set_new(e, "better", json_string(metric_better_name(c->better)));
		json_array_append_new(arrays[c->verdict], e);
	}
	return obj;
}

void metrics_diff_describe_counts(struct strbuf *out, const struct metrics_diff *d)
{
	static const char *const names[][2] = {
		{ "metric regression", "metric regressions" },
		{ "metric improvement", "metric improvements" },
		{ "noisy metric", "noisy metrics" },
		{ "changed metric", "changed metrics" },
	};
	size_t start = out->len;
	int v;

	for (v = 0; v < METRIC_UNCHANGED; v++)
		if (d->counts[v])
			strbuf_addf(out, "%s%zu %s", out->len > start ? ", " : "", d->counts[v],
				    names[v][d->counts[v] != 1]);
}

void metrics_diff_write_text(struct strbuf *out, const struct metrics_diff *d)
{
	const struct result_group *group = NULL;
	size_t i;
	int verdict = -1;

	if (!d->nr)
		return;
	for (i = 0; i < d->nr; i++) {
		const struct metric_change *c = &d->items[i];

		if ((int)c->verdict != verdict) {
			verdict = (int)c->verdict;
			group = NULL;
			strbuf_addf(out, "\n%s (%zu):\n", metric_verdict_title(c->verdict),
				    d->counts[verdict]);
		}
		if (c->group != group) {
			group = c->group;
			strbuf_addf(out, "    %s", group->record->origin);
			if (group->record->env_nr) {
				strbuf_addstr(out, "  ");
				result_group_describe_env(out, group);
			}
			strbuf_addch(out, '\n');
		}
		strbuf_addstr(out, "        ");
		metric_change_describe(out, c);
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
	metrics_diff_describe_counts(out, d);
	strbuf_addch(out, '\n');
}
