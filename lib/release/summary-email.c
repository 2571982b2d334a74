/*
 * The release summary as the reply LKFT, KernelCI and others send to a
 * stable-rc announcement: a verdict, a Tested-by: trailer, the build
 * tested, the regressions and fixes against the previous release, the
 * result counts, a summary per architecture and per device, the test
 * suites and the Test-link: lines.  Plain text within 72 columns (a URL
 * or a name longer than that stays whole on its own line).
 */
#include "lib/release/summary.h"
#include "lib/release/describe.h"
#include "lib/release/link-template.h"
#include "lib/release/tested-by.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define EMAIL_WIDTH 72

/*
 * Appends `text` word-wrapped to EMAIL_WIDTH columns, the first line led
 * by `first`, the others by `indent`.  A word longer than a line stays
 * whole on a line of its own.
 */
static void add_wrapped(struct strbuf *out, const char *first, const char *indent, const char *text)
{
	size_t col = strlen(first), lead = col;
	const char *p = text;

	strbuf_addstr(out, first);
	while (*p) {
		size_t n = strcspn(p, " ");

		if (col > lead && col + 1 + n > EMAIL_WIDTH) {
			strbuf_addch(out, '\n');
			strbuf_addstr(out, indent);
			col = lead = strlen(indent);
		} else if (col > lead) {
			strbuf_addch(out, ' ');
			col++;
		}
		strbuf_add(out, p, n);
		col += n;
		p += n;
		while (*p == ' ')
			p++;
	}
	strbuf_addch(out, '\n');
}

/* "* key: value", the value on a line of its own when both do not fit, as LKFT's test details. */
static void add_build_line(struct strbuf *out, const char *key, const char *value)
{
	if (strlen("* ") + strlen(key) + strlen(": ") + strlen(value) > EMAIL_WIDTH)
		strbuf_addf(out, "* %s:\n%s\n", key, value);
	else
		strbuf_addf(out, "* %s: %s\n", key, value);
}

/* "a", "a and b", "a, b, and c": the list of a verdict, as LKFT writes it. */
static void add_english_list(struct strbuf *out, const struct string_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		if (i && l->nr > 2)
			strbuf_addch(out, ',');
		if (i)
			strbuf_addstr(out, i == l->nr - 1 ? " and " : " ");
		strbuf_addstr(out, l->items[i]);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_unique(struct string_list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i], s))
			return;
	string_list_append(l, s);
}

static void sort_list(struct string_list *l)
{
	if (l->nr > 1)
		qsort(l->items, l->nr, sizeof(*l->items), cmp_str);
}

/* The value of `key` in the group's environment, or NULL. */
static const char *group_env(const struct result_group *g, const char *key)
{
	size_t i;

	for (i = 0; i < g->record->env_nr; i++)
		if (!strcmp(g->record->env[i].key, key))
			return g->record->env[i].value;
	return NULL;
}

/* "ci arch=arm64 config=defconfig": the group as regzbot's title names it. */
static void add_group_name(struct strbuf *out, const struct result_group *g)
{
	strbuf_addstr(out, g->record->origin);
	if (g->record->env_nr) {
		strbuf_addch(out, ' ');
		result_group_describe_env(out, g);
	}
}

/* The suite of a test path: up to its first '.', or the whole path. */
static size_t suite_len(const char *path)
{
	const char *dot = strchr(path, '.');

	return dot && dot[1] ? (size_t)(dot - path) : strlen(path);
}

/* The test within its suite: after the first '.', or the whole path. */
static const char *suite_test(const char *path)
{
	size_t n = suite_len(path);

	return path[n] ? path + n + 1 : path;
}

/* Starts the "* <group>, <suite>" item of `path` when it is not the item already open. */
static void open_item(struct strbuf *out, const struct result_group *g, const char *path,
		      const struct result_group **open_group, const char **open_path)
{
	struct strbuf item = STRBUF_INIT;

	if (*open_group == g && *open_path &&
	    suite_len(*open_path) == suite_len(path) &&
	    !strncmp(*open_path, path, suite_len(path)))
		return;
	*open_group = g;
	*open_path = path;
	add_group_name(&item, g);
	strbuf_addf(&item, ", %.*s", (int)suite_len(path), path);
	strbuf_addch(out, '\n');
	add_wrapped(out, "* ", "  ", item.buf);
	strbuf_release(&item);
}

static void add_test_changes(struct strbuf *out, const struct summary *s, enum diff_kind kind)
{
	const struct result_group *group = NULL;
	const char *path = NULL;
	size_t i;

	for (i = 0; i < s->diff.nr; i++) {
		const struct diff_entry *e = &s->diff.entries[i];

		if (e->kind != kind || !e->has_new)
			continue;
		open_item(out, e->group, e->path, &group, &path);
		strbuf_addf(out, "  - %s", suite_test(e->path));
		if (e->known)
			strbuf_addf(out, " (known issue: %s)", e->known->link);
		strbuf_addch(out, '\n');
	}
}

static void add_metric_changes(struct strbuf *out, const struct summary *s,
			       enum metric_verdict verdict)
{
	const struct result_group *group = NULL;
	const char *path = NULL;
	struct strbuf line = STRBUF_INIT;
	size_t i;

	for (i = 0; i < s->metrics.nr; i++) {
		const struct metric_change *c = &s->metrics.items[i];

		if (c->verdict != verdict)
			continue;
		open_item(out, c->group, c->path, &group, &path);
		strbuf_reset(&line);
		metric_change_describe(&line, c);
		add_wrapped(out, "  - ", "    ", line.buf);
	}
	strbuf_release(&line);
}

static void add_verdict(struct strbuf *out, const struct summary *s)
{
	struct string_list origins = STRING_LIST_INIT, arches = STRING_LIST_INIT;
	struct strbuf line = STRBUF_INIT;
	size_t i, regressions = s->diff.counts[DIFF_REGRESSION];

	for (i = 0; i < s->release.groups.nr; i++)
		add_unique(&origins, s->release.groups.items[i].record->origin);
	for (i = 0; i < s->release.groups.nr; i++) {
		const char *arch = group_env(&s->release.groups.items[i], "arch");

		if (arch)
			add_unique(&arches, arch);
	}
	if (regressions) {
		string_list_clear(&arches);
		for (i = 0; i < s->diff.nr; i++) {
			const char *arch = s->diff.entries[i].kind == DIFF_REGRESSION ?
				group_env(s->diff.entries[i].group, "arch") : NULL;

			if (arch)
				add_unique(&arches, arch);
		}
	}
	sort_list(&origins);
	sort_list(&arches);
	strbuf_addstr(&line, "Results from ");
	add_english_list(&line, &origins);
	strbuf_addstr(&line, ".");
	add_wrapped(out, "", "", line.buf);
	strbuf_reset(&line);
	if (!s->has_previous)
		strbuf_addstr(&line, "No previous release to compare with");
	else if (!s->has_diff)
		strbuf_addf(&line, "No results recorded for %s to compare with", s->previous.name);
	else if (!regressions)
		strbuf_addstr(&line, "No regressions");
	else
		summary_add_plural(&line, regressions, "regression", "regressions");
	if (s->has_diff && arches.nr) {
		strbuf_addstr(&line, " on ");
		add_english_list(&line, &arches);
	}
	strbuf_addch(&line, '.');
	add_wrapped(out, "", "", line.buf);
	string_list_clear(&origins);
	string_list_clear(&arches);
	strbuf_release(&line);
}

/* The repository URL: results.repositoryUrl, else remote "origin"'s, without any user or token. */
static void add_repository_url(struct strbuf *out, git_repository *repo)
{
	char *url = config_get_string(repo, "results.repositoryUrl");
	const char *scheme, *at, *slash;

	if (!url || !*url) {
		free(url);
		url = config_get_string(repo, "remote.origin.url");
	}
	if (!url || !*url) {
		free(url);
		return;
	}
	scheme = strstr(url, "://");
	if (scheme) {
		scheme += 3;
		at = strchr(scheme, '@');
		slash = strchr(scheme, '/');
		if (at && (!slash || at < slash))
			memmove((char *)scheme, at + 1, strlen(at + 1) + 1);
	}
	add_build_line(out, "git", url);
	free(url);
}

static int add_build(struct strbuf *out, const struct summary *s, git_repository *repo)
{
	struct link_values values = { repo, { { 0 } }, NULL };
	struct strbuf value = STRBUF_INIT, err = STRBUF_INIT;
	char *tmpl = config_get_string(repo, "results.linkTemplate");
	int ret = 0;

	strbuf_addstr(out, "\n## Build\n");
	/* "6.1.2-rc1", as LKFT names the version, for the tag v6.1.2-rc1 */
	add_build_line(out, "kernel", s->name[0] == 'v' && isdigit((unsigned char)s->name[1]) ?
		       s->name + 1 : s->name);
	add_repository_url(out, repo);
	add_build_line(out, "git commit", s->release.hex);
	if (!describe_commit(repo, &s->release.oid, 0, &value, NULL, &err))
		add_build_line(out, "git describe", value.buf);
	if (tmpl && *tmpl) {
		git_oid_cpy(&values.commit, &s->release.oid);
		strbuf_reset(&value);
		strbuf_reset(&err);
		if (link_template_expand(&value, tmpl, link_values_lookup, &values, &err))
			ret = error("results.linkTemplate: %s", err.buf);
		else
			add_build_line(out, "test details", value.buf);
	}
	free(tmpl);
	strbuf_release(&value);
	strbuf_release(&err);
	return ret;
}

/* LKFT's sections: regressions and fixes of tests and metrics, against the previous release. */
static void add_changes(struct strbuf *out, const struct summary *s)
{
	const char *prev = s->previous.name;

	if (!s->has_previous) {
		strbuf_addstr(out, "\n## Test Regressions (no previous release to compare with)\n");
		return;
	}
	if (!s->has_diff) {
		strbuf_addf(out, "\n## Test Regressions (no results recorded for %s)\n", prev);
		return;
	}
	strbuf_addf(out, "\n## Test Regressions (compared to %s)\n", prev);
	add_test_changes(out, s, DIFF_REGRESSION);
	strbuf_addf(out, "\n## Metric Regressions (compared to %s)\n", prev);
	add_metric_changes(out, s, METRIC_REGRESSION);
	strbuf_addf(out, "\n## Test Fixes (compared to %s)\n", prev);
	add_test_changes(out, s, DIFF_FIX);
	strbuf_addf(out, "\n## Metric Fixes (compared to %s)\n", prev);
	add_metric_changes(out, s, METRIC_IMPROVEMENT);
	/* Set aside from regressions and fixes, so listed where they are seen. */
	if (s->diff.counts[DIFF_UNSTABLE]) {
		strbuf_addstr(out, "\n## Unstable Tests\n");
		add_test_changes(out, s, DIFF_UNSTABLE);
	}
	if (s->diff.counts[DIFF_KNOWN_ISSUE]) {
		strbuf_addstr(out, "\n## Known Issues\n");
		add_test_changes(out, s, DIFF_KNOWN_ISSUE);
	}
}

/* The counts LKFT gives: pass is PASS and DONE, fail is FAIL, ERROR and MISS. */
static void split_counts(const size_t counts[STATUS__NR], size_t *total, size_t *pass,
			 size_t *fail, size_t *skip)
{
	size_t k;

	*total = *pass = *fail = *skip = 0;
	for (k = 0; k < STATUS__NR; k++) {
		*total += counts[k];
		if (status_is_failing(k))
			*fail += counts[k];
		else if (status_is_completed(k))
			*pass += counts[k];
		else
			*skip += counts[k];
	}
}

/* "## Summary per <key>": one line per value of the environment key, when any group has it. */
static void add_summary_per(struct strbuf *out, const struct summary *s, const char *key)
{
	struct string_list values = STRING_LIST_INIT;
	size_t i, j, k;

	for (i = 0; i < s->release.groups.nr; i++) {
		const char *v = group_env(&s->release.groups.items[i], key);

		if (v)
			add_unique(&values, v);
	}
	if (!values.nr)
		return;
	sort_list(&values);
	strbuf_addf(out, "\n## Summary per %s\n", key);
	for (j = 0; j < values.nr; j++) {
		size_t counts[STATUS__NR] = { 0 }, total, pass, fail, skip;
		struct strbuf line = STRBUF_INIT;

		for (i = 0; i < s->release.groups.nr; i++) {
			const struct result_group *g = &s->release.groups.items[i];
			const char *v = group_env(g, key);

			if (v && !strcmp(v, values.items[j]))
				for (k = 0; k < STATUS__NR; k++)
					counts[k] += g->counts[k];
		}
		split_counts(counts, &total, &pass, &fail, &skip);
		strbuf_addf(&line, "%s: %zu total, %zu passed, %zu failed, %zu skipped",
			    values.items[j], total, pass, fail, skip);
		add_wrapped(out, "* ", "  ", line.buf);
		strbuf_release(&line);
	}
	string_list_clear(&values);
}

static void add_result_summary(struct strbuf *out, const struct summary *s)
{
	struct string_list suites = STRING_LIST_INIT;
	struct strbuf storage = STRBUF_INIT;
	size_t total, pass, fail, skip, i, j, off;

	split_counts(s->totals, &total, &pass, &fail, &skip);
	strbuf_addf(out, "\n## Test result summary\ntotal: %zu, pass: %zu, fail: %zu, skip: %zu\n",
		    total, pass, fail, skip);
	add_summary_per(out, s, "arch");
	add_summary_per(out, s, "device");

	/*
	 * NUL-separated suite names: the list points into the buffer once it
	 * is complete.  A group's tests are sorted by path, so a suite's
	 * tests mostly follow each other: each run of them adds its name once.
	 */
	for (i = 0; i < s->release.groups.nr; i++) {
		const struct result_group *g = &s->release.groups.items[i];
		const char *prev = NULL;
		size_t prev_len = 0;

		for (j = 0; j < g->tests_nr; j++) {
			const char *path = g->tests[j].path;
			size_t n = suite_len(path);

			if (prev && n == prev_len && !memcmp(prev, path, n))
				continue;
			strbuf_add(&storage, path, n);
			strbuf_addch(&storage, '\0');
			prev = path;
			prev_len = n;
		}
	}
	/* sorted, then each once: a stable-rc has hundreds of thousands of tests */
	for (off = 0; off < storage.len; off += strlen(storage.buf + off) + 1)
		string_list_append(&suites, storage.buf + off);
	sort_list(&suites);
	strbuf_addstr(out, "\n## Test suites summary\n");
	for (i = 0; i < suites.nr; i++)
		if (!i || strcmp(suites.items[i - 1], suites.items[i]))
			add_wrapped(out, "* ", "  ", suites.items[i]);
	string_list_clear(&suites);
	strbuf_release(&storage);
}

/* The links of the release's records, sorted and once each, as Test-link: trailers. */
static void add_test_links(struct strbuf *out, const struct summary *s)
{
	struct string_list links = STRING_LIST_INIT;
	size_t i, j;

	for (i = 0; i < s->release.records.nr; i++)
		for (j = 0; j < s->release.records.items[i].links_nr; j++)
			add_unique(&links, s->release.records.items[i].links[j]);
	sort_list(&links);
	if (links.nr)
		strbuf_addch(out, '\n');
	for (i = 0; i < links.nr; i++)
		strbuf_addf(out, "Test-link: %s\n", links.items[i]);
	string_list_clear(&links);
}

int summary_write_email(struct strbuf *out, const struct summary *s, git_repository *repo)
{
	struct strbuf who = STRBUF_INIT;

	if (!s->release.has_results) {
		strbuf_addf(out, "No results recorded for %s.\n", s->name);
		return add_build(out, s, repo);
	}
	add_verdict(out, s);
	/* Only a comparison without regressions, and no run in conflict, earns the trailer. */
	if (s->has_diff && !s->diff.counts[DIFF_REGRESSION] && !s->release.conflicts) {
		/* a trailer is one line, however long */
		tested_by_identity(&who, repo);
		strbuf_addf(out, "\nTested-by: %s\n", who.buf);
		strbuf_release(&who);
	}
	if (add_build(out, s, repo))
		return -1;
	add_changes(out, s);
	add_result_summary(out, s);
	add_test_links(out, s);
	if (s->regzbot.len) {
		strbuf_addch(out, '\n');
		strbuf_addbuf(out, &s->regzbot);
	}
	return 0;
}
