/*
 * Fuego's unified output format, run.json (fuegotest.org, wiki/run.json
 * and wiki/Unified_Output_Format; schema 1.0, Fuego 1.2 and later): one
 * run of one test on one board,
 *
 *   {"name": "Benchmark.netperf", "schema_version": "1.0", "status": "PASS",
 *    "metadata": {"board": "ren1", "kernel_version": "4.9.0", "test_plan": "None",
 *                 "toolchain": "arm", "timestamp": "2017-11-02T22:40:55+0000", ...},
 *    "test_sets": [{"name": "default", "status": "PASS",
 *                   "test_cases": [{"name": "MIGRATED_TCP_STREAM", "status": "PASS",
 *                                   "measurements": [{"name": "net", "measure": 928.57,
 *                                                     "status": "PASS"}]}]}]}
 *
 * nested test_set -> test_case -> measurement.  A test case is the test
 * "<test>.<set>.<case>" ("Benchmark.netperf.default.MIGRATED_TCP_STREAM");
 * a measurement one level deeper, its value and unit its measurement, with
 * the status its pass criteria gave it, or DONE when none did.  The
 * metadata (board, kernel version, test plan, toolchain, host) becomes
 * the run's environment.
 */
#include "formats/format.h"
#include "formats/input-json.h"
#include "lib/metric.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct fuego {
	struct result_sink *sink;
	struct strbuf *err;
	struct strbuf path, original, reason;
	size_t nr;
	int ret;
};

/*
 * Fuego's statuses; a missing one (a measurement without pass criteria,
 * or a case that only measured) is DONE.  Returns -1 for anything else.
 */
static int fuego_status(json_t *item, enum result_status *out)
{
	static const struct {
		const char *name;
		enum result_status status;
	} map[] = {
		{ "PASS", STATUS_PASS },
		{ "FAIL", STATUS_FAIL },
		{ "ERROR", STATUS_ERROR },
		{ "SKIP", STATUS_SKIP },
	};
	json_t *v = json_object_get(item, "status");
	size_t i;

	if (!v || json_is_null(v)) {
		*out = STATUS_DONE;
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	for (i = 0; i < ARRAY_SIZE(map); i++) {
		if (!strcasecmp(json_string_value(v), map[i].name)) {
			*out = map[i].status;
			return 0;
		}
	}
	return -1;
}

/* Appends one name to the path and the original name; undone by pop(). */
static void push(struct fuego *f, const char *name, struct name_set *names)
{
	input_json_add_component(&f->path, name, "unnamed", names);
	if (f->original.len)
		strbuf_addch(&f->original, '.');
	strbuf_addstr(&f->original, name);
}

static void pop(struct fuego *f, size_t path_len, size_t original_len)
{
	strbuf_setlen(&f->path, path_len);
	strbuf_setlen(&f->original, original_len);
}

static int send(struct fuego *f, enum result_status status, const char *why,
		const struct record_metric *metric)
{
	strbuf_reset(&f->reason);
	if (strcmp(f->path.buf, f->original.buf))
		format_original_name(&f->reason, f->original.buf, why);
	else if (why)
		strbuf_addstr(&f->reason, why);
	f->nr++;
	f->ret = format_sink_test(f->sink, f->path.buf, status,
				  f->reason.len ? f->reason.buf : NULL, metric);
	return f->ret ? -1 : 0;
}

/* "928.57 Mbit/s": a measurement that is not a number, with its unit, as a reason. */
static void add_measure(struct strbuf *out, json_t *m)
{
	json_t *v = json_object_get(m, "measure");
	const char *unit = input_json_string(m, "unit");

	if (json_is_integer(v))
		strbuf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		strbuf_addf(out, "%.15g", json_real_value(v));
	else if (json_is_string(v))
		format_add_cut_str(out, json_string_value(v), INPUT_JSON_MAX_REASON);
	else
		return;
	if (unit && *unit)
		strbuf_addf(out, " %s", unit);
}

static const char *item_name(json_t *item)
{
	const char *name = input_json_string(item, "name");

	return name ? name : "";
}

static int bad_status(struct fuego *f, json_t *item)
{
	json_t *v = json_object_get(item, "status");

	strbuf_addf(f->err, "%s: unknown status '%s'", f->original.buf,
		    json_is_string(v) ? json_string_value(v) : "(not a string)");
	return -1;
}

static int walk_case(struct fuego *f, json_t *tc, struct name_set *names)
{
	size_t path_len = f->path.len, original_len = f->original.len;
	struct name_set measures = NAME_SET_INIT;
	enum result_status own, worst = STATUS__NR, status;
	json_t *list = json_object_get(tc, "measurements"), *m;
	struct strbuf why = STRBUF_INIT;
	struct record_metric metric;
	size_t i, case_len, case_original_len;
	int ret = -1;

	if (!json_is_object(tc)) {
		strbuf_addf(f->err, "%s: a test case that is not an object", f->original.buf);
		return -1;
	}
	push(f, item_name(tc), names);
	case_len = f->path.len;
	case_original_len = f->original.len;
	if (fuego_status(tc, &own)) {
		bad_status(f, tc);
		goto out;
	}
	json_array_foreach(list, i, m) {
		if (!json_is_object(m))
			continue;
		push(f, item_name(m), &measures);
		if (fuego_status(m, &status)) {
			bad_status(f, m);
			goto out;
		}
		strbuf_reset(&why);
		if (input_json_measurement(&metric, m, "measure", "unit")) {
			ret = send(f, status, NULL, &metric);
			record_metric_release(&metric);
			if (ret)
				goto out;
			ret = -1;
		} else {
			add_measure(&why, m);
			if (send(f, status, why.len ? why.buf : NULL, NULL))
				goto out;
		}
		worst = status_worse(worst, status);
		pop(f, case_len, case_original_len);
	}
	/* the case's own status adds something only when it is worse */
	if (worst == STATUS__NR || own < worst) {
		if (send(f, own, NULL, NULL))
			goto out;
	}
	ret = 0;
out:
	name_set_clear(&measures);
	strbuf_release(&why);
	pop(f, path_len, original_len);
	return ret;
}

static int walk_set(struct fuego *f, json_t *ts, struct name_set *names)
{
	size_t path_len = f->path.len, original_len = f->original.len, i;
	struct name_set cases = NAME_SET_INIT;
	json_t *list = json_object_get(ts, "test_cases"), *tc;
	enum result_status own;
	int ret = -1;

	if (!json_is_object(ts)) {
		strbuf_addf(f->err, "%s: a test set that is not an object", f->original.buf);
		return -1;
	}
	push(f, item_name(ts), names);
	json_array_foreach(list, i, tc)
		if (walk_case(f, tc, &cases))
			goto out;
	if (!json_array_size(list)) {
		/* a set that reported no case: its own status, if any */
		if (fuego_status(ts, &own)) {
			bad_status(f, ts);
			goto out;
		}
		if (own != STATUS_DONE && send(f, own, NULL, NULL))
			goto out;
	}
	ret = 0;
out:
	name_set_clear(&cases);
	pop(f, path_len, original_len);
	return ret;
}

/* Fuego's "2017-11-02T22:40:55+0000" as RFC 3339: "...+00:00". */
static void set_date(struct record *header, const char *ts)
{
	size_t len = strlen(ts);
	char buf[64];

	if (len >= 5 && len < sizeof(buf) - 1 && (ts[len - 5] == '+' || ts[len - 5] == '-') &&
	    ts[len - 3] != ':') {
		snprintf(buf, sizeof(buf), "%.*s:%s", (int)(len - 2), ts, ts + len - 2);
		record_set_date(header, buf);
	} else {
		record_set_date(header, ts);
	}
}

/* The metadata that says what was tested; Fuego's own bookkeeping stays out. */
static int describe_run(struct fuego *f, json_t *top)
{
	static const struct {
		const char *json, *env;
	} keys[] = {
		{ "board", "device" },
		{ "kernel_version", "kernel" },
		{ "test_plan", "test_plan" },
		{ "toolchain", "toolchain" },
		{ "host_name", "host" },
	};
	json_t *meta = json_object_get(top, "metadata");
	struct record header = RECORD_INIT;
	const char *ts;
	size_t i;

	if (!json_is_object(meta) || !f->sink->run)
		return 0;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *value = input_json_string(meta, keys[i].json);

		/* Fuego writes the string "None" for no test plan */
		if (value && *value && strcmp(value, "None"))
			record_set_env(&header, keys[i].env, value);
	}
	ts = input_json_string(meta, "timestamp");
	if (ts && *ts)
		set_date(&header, ts);
	if (header.env_nr || header.date)
		f->ret = f->sink->run(f->sink, &header);
	record_release(&header);
	return f->ret;
}

static int fuego_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct fuego f = { sink, err, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 0, 0 };
	struct name_set sets = NAME_SET_INIT;
	json_t *top = input_json_read(in, 0, err), *list, *ts;
	const char *name;
	size_t path_len, original_len, i;
	enum result_status own;
	int ret = -1;

	if (!top)
		return -1;
	list = json_object_get(top, "test_sets");
	if (!json_is_object(top) || !json_is_array(list)) {
		strbuf_addstr(err, "no \"test_sets\" array: not a Fuego run.json");
		goto out;
	}
	if (describe_run(&f, top))
		goto out;
	name = input_json_string(top, "name");
	if (name && *name) {
		/* "Functional.hello_world" is the two names it reads as */
		const char *p = name;

		do {
			const char *dot = strchr(p, '.');
			char *part = xstrndup(p, dot ? (size_t)(dot - p) : strlen(p));

			push(&f, part, NULL);
			free(part);
			p = dot ? dot + 1 : NULL;
		} while (p);
	}
	path_len = f.path.len;
	original_len = f.original.len;
	json_array_foreach(list, i, ts)
		if (walk_set(&f, ts, &sets))
			goto out;
	if (!f.nr) {
		/* no test reported: no success, unless Fuego says it skipped */
		if (fuego_status(top, &own) || own != STATUS_SKIP)
			own = STATUS_ERROR;
		if (!f.path.len)
			push(&f, "unnamed", NULL);
		if (send(&f, own, own == STATUS_SKIP ? NULL : "no tests run", NULL))
			goto out;
	}
	pop(&f, path_len, original_len);
	ret = 0;
out:
	if (f.ret)
		ret = f.ret;
	name_set_clear(&sets);
	json_decref(top);
	strbuf_release(&f.path);
	strbuf_release(&f.original);
	strbuf_release(&f.reason);
	return ret;
}

static int fuego_detect(const char *head, size_t len)
{
	const char *start = input_json_start(head, len, 0);
	size_t rest;

	if (!start)
		return 0;
	rest = len - (size_t)(start - head);
	if (!memmem(start, rest, "\"test_sets\"", 11))
		return 0;
	/* a run with cases says so early; schema_version and metadata tell the rest */
	if (memmem(start, rest, "\"test_cases\"", 12) || memmem(start, rest, "\"schema_version\"", 16))
		return 90;
	return 60;
}

const struct format format_fuego = {
	.name = "fuego",
	.description = "Fuego's unified output format (run.json)",
	.detect = fuego_detect,
	.parse = fuego_parse,
};
