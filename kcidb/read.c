/*
 * KCIDB submissions (kcidb-io schema v4 and v5): a JSON object with
 * "version", "checkouts", "builds", "tests" (and issues and incidents,
 * which are not test results and are ignored).
 *
 * A record is one run, one origin and one environment, on one commit, so
 * the tests of a submission become one run per build, test origin and
 * test environment (the platform a test ran on and the lab that ran it),
 * in the order the runs first appear.  A run takes its commit from the
 * checkout its build was made from, and the rest as the one map in
 * kcidb/map.h says, so that `sync pull` of the same build gives the same
 * record.  Tests without a status are still running and are left out.
 */
#include "kcidb/map.h"
#include "lib/metric.h"
#include "formats/format.h"
#include "formats/input-json.h"
#include "lib/hex.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kcidb_run {
	struct strbuf key;	/* build id, origin, platform, lab */
	struct record header;
	json_t *build;		/* its build, when the submission holds it */
	size_t *tests;		/* indices into the tests array */
	size_t nr, alloc;
	const char *log_url;	/* shared by all its tests so far, or NULL */
	int log_urls_differ;
};

/* Checkouts or builds by id: a power of two of slots, at most half full. */
struct id_index {
	json_t **slots;
	size_t alloc;
};

struct kcidb {
	struct result_sink *sink;
	struct strbuf *err;
	json_t *checkouts, *builds, *tests;
	struct id_index checkout_ids, build_ids;
	struct kcidb_run *runs;
	size_t nr, alloc;
	/* runs by key: index + 1, 0 when free; a power of two, at most half full */
	size_t *index;
	size_t index_alloc;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
	return h;
}

static json_t **id_slot(const struct id_index *ix, const char *id)
{
	size_t mask = ix->alloc - 1, i = (size_t)hash_bytes(id, strlen(id)) & mask;

	while (ix->slots[i] && strcmp(json_string_value(json_object_get(ix->slots[i], "id")), id))
		i = (i + 1) & mask;
	return &ix->slots[i];
}

/* Indexes the objects of `array` that have an "id"; the first of an id wins. */
static void id_index_build(struct id_index *ix, json_t *array)
{
	size_t i;
	json_t *item;

	for (ix->alloc = 16; ix->alloc < 2 * json_array_size(array) + 1; ix->alloc *= 2)
		;
	ix->slots = xcalloc(ix->alloc, sizeof(*ix->slots));
	json_array_foreach(array, i, item) {
		const char *id = input_json_string(item, "id");
		json_t **slot;

		if (!id)
			continue;
		slot = id_slot(ix, id);
		if (!*slot)
			*slot = item;
	}
}

/* The object whose "id" is `id`; NULL when none. */
static json_t *find_by_id(const struct id_index *ix, const char *id)
{
	return id ? *id_slot(ix, id) : NULL;
}

static json_t *get_path(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, a) : NULL;

	return b && json_is_object(v) ? json_object_get(v, b) : v;
}

static const char *string_at(json_t *obj, const char *a, const char *b)
{
	json_t *v = get_path(obj, a, b);

	return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}

/*
 * A header for the run of `test`: what its build, its checkout and the
 * test itself say about where and how it ran.
 */
static void describe_run(struct kcidb *k, struct record *header, json_t *test, json_t *build,
			 const char *origin, const char *platform, const char *lab)
{
	const char *build_id = input_json_string(test, "build_id");
	json_t *checkout = find_by_id(&k->checkout_ids, input_json_string(build, "checkout_id"));
	const char *commit = string_at(checkout, "git_commit_hash", NULL);
	const struct kcidb_build_env *m;
	struct strbuf run = STRBUF_INIT;

	record_set_origin(header, origin);
	if (build_id) {
		kcidb_run_id(&run, build_id, origin, platform, lab);
		record_set_run(header, run.buf);
	}
	if (commit && hex_is_oid(commit))
		memcpy(header->commit, commit, RECORD_HEXSZ + 1);

	for (m = kcidb_build_envs; m->env; m++) {
		const char *v = kcidb_build_env_value(build, test, m);

		if (v)
			record_set_env(header, m->env, v);
	}
	if (platform)
		record_set_env(header, KCIDB_ENV_DEVICE, platform);
	if (lab)
		record_set_env(header, KCIDB_ENV_LAB, lab);
	/* another CI's results, as `sync pull` marks them: never pushed as ours */
	record_set_env(header, KCIDB_ENV_IMPORTED, KCIDB_IMPORTED_VALUE);
	strbuf_release(&run);
}

/* The slot of `key` in the index: its run's, or the free one to take. */
static size_t *index_slot(struct kcidb *k, const struct strbuf *key)
{
	size_t mask = k->index_alloc - 1, i = (size_t)hash_bytes(key->buf, key->len) & mask;

	while (k->index[i]) {
		const struct strbuf *other = &k->runs[k->index[i] - 1].key;

		if (other->len == key->len && !memcmp(other->buf, key->buf, key->len))
			break;
		i = (i + 1) & mask;
	}
	return &k->index[i];
}

static void index_grow(struct kcidb *k)
{
	size_t i;

	if ((k->nr + 1) * 2 <= k->index_alloc)
		return;
	free(k->index);
	k->index_alloc = k->index_alloc ? 2 * k->index_alloc : 64;
	k->index = xcalloc(k->index_alloc, sizeof(*k->index));
	for (i = 0; i < k->nr; i++)
		*index_slot(k, &k->runs[i].key) = i + 1;
}

static struct kcidb_run *run_for(struct kcidb *k, json_t *test, const char *origin)
{
	const char *build_id = input_json_string(test, "build_id");
	json_t *build = find_by_id(&k->build_ids, build_id);
	const char *platform = kcidb_test_platform(test);
	const char *lab = kcidb_run_lab(kcidb_test_lab(test), build, origin);
	struct strbuf key = STRBUF_INIT;
	struct kcidb_run *run;
	size_t *slot;

	/* NUL cannot occur in JSON strings jansson gives us: a safe separator */
	strbuf_addf(&key, "%s%c%s%c%s%c%s", build_id ? build_id : "", 0, origin, 0,
		    platform ? platform : "", 0, lab ? lab : "");
	index_grow(k);
	slot = index_slot(k, &key);
	if (*slot) {
		strbuf_release(&key);
		return &k->runs[*slot - 1];
	}
	ALLOC_GROW(k->runs, k->nr + 1, k->alloc);
	run = &k->runs[k->nr++];
	*slot = k->nr;
	memset(run, 0, sizeof(*run));
	run->key = key;
	run->build = build;
	record_init(&run->header);
	describe_run(k, &run->header, test, build, origin, platform, lab);
	return run;
}

/*
 * The earliest start of a run's tests.  KCIDB dates are RFC 3339, in
 * practice all in UTC with the same offset, so text order is time order.
 */
static void keep_earliest(struct record *header, const char *date)
{
	if (date && (!header->date || strcmp(date, header->date) < 0))
		record_set_date(header, date);
}

static int group_tests(struct kcidb *k)
{
	size_t i;
	json_t *test;

	json_array_foreach(k->tests, i, test) {
		const char *origin, *status_text, *log_url;
		enum result_status status;
		struct kcidb_run *run;

		if (!json_is_object(test)) {
			strbuf_addf(k->err, "tests[%zu] is not an object", i);
			return -1;
		}
		status_text = input_json_string(test, "status");
		switch (kcidb_status_parse(status_text, &status)) {
		case 1:
			continue;	/* still running: no result yet */
		case -1:
			strbuf_addf(k->err, "tests[%zu] has an unknown status '%s'", i, status_text);
			return -1;
		}
		origin = input_json_string(test, "origin");
		if (!origin || !*origin) {
			strbuf_addf(k->err, "tests[%zu] has no origin", i);
			return -1;
		}
		run = run_for(k, test, origin);
		ALLOC_GROW(run->tests, run->nr + 1, run->alloc);
		run->tests[run->nr++] = i;
		keep_earliest(&run->header, input_json_string(test, "start_time"));
		log_url = string_at(test, "log_url", NULL);
		if (run->nr == 1)
			run->log_url = log_url;
		else if (!log_url || !run->log_url || strcmp(log_url, run->log_url))
			run->log_urls_differ = 1;
	}
	return 0;
}

static int send_run(struct kcidb *k, struct kcidb_run *run)
{
	struct strbuf path = STRBUF_INIT, reason = STRBUF_INIT, why = STRBUF_INIT;
	struct record_metric metric;
	size_t i;
	int ret = 0;

	/* the one map's rules (kcidb/map.h), as the dashboard import has them */
	if (!run->header.date)
		keep_earliest(&run->header, string_at(run->build, "start_time", NULL));
	if (run->build) {
		const char *log_url = string_at(run->build, "log_url", NULL);

		if (log_url)
			record_add_link(&run->header, log_url);
	} else if (run->log_url && !run->log_urls_differ) {
		record_add_link(&run->header, run->log_url);
	}
	if (k->sink->run)
		ret = k->sink->run(k->sink, &run->header);
	for (i = 0; i < run->nr && !ret; i++) {
		json_t *test = json_array_get(k->tests, run->tests[i]);
		const char *name = input_json_string(test, "path");
		const char *status_text = input_json_string(test, "status");
		const char *error_msg = string_at(test, "misc", "error_msg");
		enum result_status status;

		kcidb_status_parse(status_text, &status);	/* checked by group_tests() */
		strbuf_reset(&why);
		/* v4's waived: the status stands, but should not alarm anyone */
		if (json_is_true(json_object_get(test, "waived")))
			strbuf_addstr(&why, error_msg ? "waived: " : "waived");
		if (error_msg)
			format_add_cut_str(&why, error_msg, INPUT_JSON_MAX_REASON);
		strbuf_reset(&reason);
		if (kcidb_test_path(&path, name))
			format_original_name(&reason, name, why.len ? why.buf : NULL);
		else
			strbuf_addbuf(&reason, &why);
		if (kcidb_test_number(test, &metric) > 0) {
			ret = format_sink_test(k->sink, path.buf, status,
					       reason.len ? reason.buf : NULL, &metric);
			record_metric_release(&metric);
		} else {
			ret = k->sink->test(k->sink, path.buf, status, reason.len ? reason.buf : NULL);
		}
	}
	strbuf_release(&path);
	strbuf_release(&reason);
	strbuf_release(&why);
	return ret;
}

static int check_array(struct kcidb *k, json_t *top, const char *name, json_t **out)
{
	json_t *v = json_object_get(top, name);

	if (v && !json_is_array(v)) {
		strbuf_addf(k->err, "'%s' is not an array", name);
		return -1;
	}
	*out = v ? v : json_array();
	if (!v)
		json_object_set_new(top, name, *out);
	return 0;
}

static int kcidb_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct kcidb k = { sink, err };
	json_t *top = input_json_read(in, 0, err), *major;
	size_t i;
	int ret = -1;

	if (!top)
		return -1;
	major = get_path(top, "version", "major");
	if (!json_is_object(top) || !json_is_integer(major)) {
		strbuf_addstr(err, "no \"version\": {\"major\": ...}: not a KCIDB submission");
		goto out;
	}
	if (json_integer_value(major) != 4 && json_integer_value(major) != 5) {
		strbuf_addf(err, "KCIDB schema version %" JSON_INTEGER_FORMAT
			    " is not supported (4 and 5 are)", json_integer_value(major));
		goto out;
	}
	if (check_array(&k, top, "checkouts", &k.checkouts) ||
	    check_array(&k, top, "builds", &k.builds) ||
	    check_array(&k, top, "tests", &k.tests))
		goto out;
	id_index_build(&k.checkout_ids, k.checkouts);
	id_index_build(&k.build_ids, k.builds);
	if (group_tests(&k))
		goto out;
	if (!k.nr) {
		size_t checkouts = json_array_size(k.checkouts), builds = json_array_size(k.builds);

		strbuf_addstr(err, "the submission has no test results");
		/* a piece of a split submission: the tests came in other files */
		if (checkouts || builds)
			strbuf_addf(err, ", only %zu checkout%s and %zu build%s; add the files"
				    " of their tests naming the commit, or join them with this"
				    " one into one submission", checkouts, checkouts == 1 ? "" : "s",
				    builds, builds == 1 ? "" : "s");
		goto out;
	}
	ret = 0;
	for (i = 0; i < k.nr && !ret; i++)
		ret = send_run(&k, &k.runs[i]);
out:
	for (i = 0; i < k.nr; i++) {
		strbuf_release(&k.runs[i].key);
		record_release(&k.runs[i].header);
		free(k.runs[i].tests);
	}
	free(k.runs);
	free(k.index);
	free(k.checkout_ids.slots);
	free(k.build_ids.slots);
	json_decref(top);
	return ret;
}

static int kcidb_detect(const char *head, size_t len)
{
	const char *start = input_json_start(head, len, 0);
	int lists, links;
	size_t rest;

	if (!start)
		return 0;
	rest = len - (size_t)(start - head);
	lists = memmem(start, rest, "\"tests\"", 7) || memmem(start, rest, "\"builds\"", 8) ||
		memmem(start, rest, "\"checkouts\"", 11);
	if (memmem(start, rest, "\"version\"", 9) && memmem(start, rest, "\"major\"", 7))
		return lists ? 100 : 60;
	/*
	 * json.dump() of kcidb-io's dicts may put "version" last, past what
	 * detection sees of a large submission: its links give it away.
	 */
	links = memmem(start, rest, "\"build_id\"", 10) || memmem(start, rest, "\"checkout_id\"", 13);
	return lists && links ? 80 : 0;
}

const struct format format_kcidb = {
	.name = "kcidb",
	.description = "KCIDB submission JSON, schema v4 and v5",
	.detect = kcidb_detect,
	.parse = kcidb_parse,
};
