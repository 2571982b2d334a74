/*
 * tuxrun's results.json (kernelci/tuxrun, tuxrun/results.py), also what
 * tuxsuite publishes for a test job: the LAVA test cases of one job, by
 * suite then case,
 *
 *   {"lava": {"job": {"result": "fail", "error_type": "Test",
 *                     "error_msg": "lava-test-shell timed out ..."},
 *             "http-download": {"kernel": {"result": "pass", ...}}},
 *    "ltp-smoke": {"chdir01": {"result": "fail", "log_excerpt": [...]}}}
 *
 * where LAVA's own download actions are keyed one level deeper, by the
 * artefact they fetched.  A case becomes "suite.case" (or
 * "lava.action.artefact").  Older tuxrun kept LAVA's "<n>_" in front of
 * suite names ("0_ltp-smoke"), which current tuxrun drops; so do we, so
 * that results of both versions compare.  A case's "measurement" and
 * "units" (lava-test-case --measurement) are its measurement.  The job's
 * other metadata (architecture, qemu version) is in a separate file: name
 * it with --env.  The suites are read one at a time (formats/json-stream.h),
 * so memory grows with the largest suite, not with the file.
 */
#include "formats/format.h"
#include "formats/input-json.h"
#include "formats/json-stream.h"
#include "lib/metric.h"
#include "lib/usage.h"

#include <string.h>
#include <strings.h>

struct tuxrun {
	struct result_sink *sink;
	struct strbuf *err;
	struct strbuf path, original, reason;
	size_t nr;
	int ret;
};

static int tuxrun_status(const char *name, enum result_status *out)
{
	static const struct {
		const char *name;
		enum result_status status;
	} map[] = {
		{ "pass", STATUS_PASS },
		{ "fail", STATUS_FAIL },
		{ "skip", STATUS_SKIP },
		/* LAVA's "no verdict", as for a measurement */
		{ "unknown", STATUS_DONE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++) {
		if (!strcasecmp(name, map[i].name)) {
			*out = map[i].status;
			return 0;
		}
	}
	return -1;
}

/* LAVA numbers test definitions: "0_ltp-smoke" is the suite "ltp-smoke". */
static const char *strip_index(const char *name)
{
	const char *p = name;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > name && *p == '_' && p[1] ? p + 1 : name;
}

/* Why a case failed, when LAVA says: "<type>: <message>" of a job, or an action's "fail". */
static void add_why(struct strbuf *out, json_t *item)
{
	const char *msg = input_json_string(item, "error_msg");
	const char *type = input_json_string(item, "error_type");

	if (!msg)
		msg = input_json_string(json_object_get(item, "extra"), "fail");
	if (!msg || !*msg)
		return;
	if (type && *type)
		strbuf_addf(out, "%s: ", type);
	format_add_cut_str(out, msg, INPUT_JSON_MAX_REASON);
}

/* A measurement that is not a number ("n/a ms") as the reason, when LAVA gave none. */
static void add_measurement_text(struct strbuf *out, json_t *item)
{
	const char *text = input_json_string(item, "measurement");
	const char *units = input_json_string(item, "units");

	if (!text || !*text)
		return;
	format_add_cut_str(out, text, INPUT_JSON_MAX_REASON);
	if (units && *units)
		strbuf_addf(out, " %s", units);
}

static int send_case(struct tuxrun *t, json_t *item, const char *status_text)
{
	enum result_status status;
	struct strbuf why = STRBUF_INIT;
	struct record_metric metric;
	int has_metric;

	if (tuxrun_status(status_text, &status)) {
		strbuf_addf(t->err, "%s: unknown result '%s'", t->original.buf, status_text);
		return -1;
	}
	add_why(&why, item);
	has_metric = input_json_measurement(&metric, item, "measurement", "units");
	if (!has_metric && !why.len)
		add_measurement_text(&why, item);
	strbuf_reset(&t->reason);
	if (strcmp(t->path.buf, t->original.buf))
		format_original_name(&t->reason, t->original.buf, why.len ? why.buf : NULL);
	else
		strbuf_addbuf(&t->reason, &why);
	strbuf_release(&why);
	t->nr++;
	t->ret = format_sink_test(t->sink, t->path.buf, status, t->reason.len ? t->reason.buf : NULL,
				  has_metric ? &metric : NULL);
	if (has_metric)
		record_metric_release(&metric);
	return t->ret ? -1 : 0;
}

/* Appends one name to the path and the original name; undone by pop(). */
static void push(struct tuxrun *t, const char *name, struct name_set *names)
{
	input_json_add_component(&t->path, name, "unnamed", names);
	if (t->original.len)
		strbuf_addch(&t->original, '.');
	strbuf_addstr(&t->original, name);
}

static int walk_case(struct tuxrun *t, const char *name, json_t *item, struct name_set *names)
{
	size_t path_len = t->path.len, original_len = t->original.len, case_len, case_original_len;
	struct name_set labels = NAME_SET_INIT;
	const char *label;
	json_t *result, *sub;
	int ret = -1, found = 0;

	push(t, name, names);
	case_len = t->path.len;
	case_original_len = t->original.len;
	if (!json_is_object(item)) {
		strbuf_addf(t->err, "%s is not an object", t->original.buf);
		goto out;
	}
	result = json_object_get(item, "result");
	if (json_is_string(result)) {
		ret = send_case(t, item, json_string_value(result));
		goto out;
	}
	/* keyed one level deeper, by artefact: {"kernel": {"result": ...}} */
	json_object_foreach(item, label, sub) {
		const char *sub_result = input_json_string(sub, "result");

		if (!sub_result)
			continue;
		found = 1;
		push(t, label, &labels);
		if (send_case(t, sub, sub_result))
			goto out;
		strbuf_setlen(&t->path, case_len);
		strbuf_setlen(&t->original, case_original_len);
	}
	if (!found) {
		strbuf_addf(t->err, "%s has no result", t->original.buf);
		goto out;
	}
	ret = 0;
out:
	name_set_clear(&labels);
	strbuf_setlen(&t->path, path_len);
	strbuf_setlen(&t->original, original_len);
	return ret;
}

/* One suite: an object of cases, each walked as walk_case() does. */
static int one_suite(struct tuxrun *t, const char *suite_name, json_t *suite,
		     struct name_set *suites)
{
	struct name_set cases = NAME_SET_INIT;
	int is_lava = !strcmp(suite_name, "lava");
	const char *case_name;
	json_t *item;
	int ret = 0;

	if (!json_is_object(suite)) {
		strbuf_addf(t->err, "suite '%s' is not an object", suite_name);
		return -1;
	}
	push(t, strip_index(suite_name), suites);
	json_object_foreach(suite, case_name, item) {
		/* LAVA's result for a whole test definition: "0_ltp-smoke" */
		if (walk_case(t, is_lava ? strip_index(case_name) : case_name, item, &cases)) {
			ret = -1;
			break;
		}
	}
	name_set_clear(&cases);
	strbuf_reset(&t->path);
	strbuf_reset(&t->original);
	return ret;
}

/*
 * The object of suites, one suite at a time (formats/json-stream.h): a
 * results.json of any size is read in the memory of its largest suite.
 */
static int read_suites(struct tuxrun *t, struct json_stream *js)
{
	struct name_set suites = NAME_SET_INIT, keys = NAME_SET_INIT;
	struct strbuf *err = t->err;
	int ret;

	if (json_stream_peek(js) != '{') {
		if (!js->in->error)
			strbuf_addstr(err, "no JSON object found");
		else
			strbuf_addstr(err, strerror(js->in->error));
		return -1;
	}
	ret = json_stream_expect(js, '{', err);
	if (!ret && json_stream_peek(js) == '}')
		ret = json_stream_expect(js, '}', err);
	else
		while (!ret) {
			json_t *key = json_stream_key(js, &keys, err), *suite = NULL;

			if (!key || !(suite = json_stream_value(js, err)))
				ret = -1;
			else
				ret = one_suite(t, json_string_value(key), suite, &suites);
			json_decref(suite);
			json_decref(key);
			if (!ret)
				ret = json_stream_more(js, '}', err);
			if (ret != 1)
				break;
			ret = 0;
		}
	if (!ret)
		ret = json_stream_expect_end(js, err);
	name_set_clear(&keys);
	name_set_clear(&suites);
	return ret;
}

static int tuxrun_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct tuxrun t = { sink, err, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct json_stream js;
	int ret;

	json_stream_init(&js, in);
	js.column_sep = " ";
	ret = read_suites(&t, &js);
	if (!ret && !t.nr) {
		strbuf_addstr(err, "no test results (an empty results.json is what a job that never ran leaves)");
		ret = -1;
	}
	if (t.ret)
		ret = t.ret;
	json_stream_release(&js);
	strbuf_release(&t.path);
	strbuf_release(&t.original);
	strbuf_release(&t.reason);
	return ret;
}

static int tuxrun_detect(const char *head, size_t len)
{
	const char *start = input_json_start(head, len, 0);
	size_t rest;

	if (!start)
		return 0;
	rest = len - (size_t)(start - head);
	/* tuxrun always reports LAVA's own actions, as the suite "lava" */
	if (!memmem(start, rest, "\"result\"", 8) || !memmem(start, rest, "\"lava\"", 6) ||
	    memmem(start, rest, "\"test_fqn\"", 10) || memmem(start, rest, "\"major\"", 7))
		return 0;
	return 85;
}

const struct format format_tuxrun = {
	.name = "tuxrun",
	.description = "tuxrun and tuxsuite results.json",
	.detect = tuxrun_detect,
	.parse = tuxrun_parse,
};
