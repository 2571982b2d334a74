/*
 * KUnit's JSON: what `kunit.py run --json` and `kunit.py parse --json`
 * print (tools/testing/kunit/kunit_json.py), in KernelCI's old test-group
 * shape:
 *
 *   {"name": "KUnit Test Group", "arch": ..., "defconfig": ...,
 *    "sub_groups": [{"name": "suite", "sub_groups": [...],
 *                    "test_cases": [{"name": "case", "status": "PASS"}]}],
 *    "test_cases": []}
 *
 * A test with children is a group and a leaf is a test case, so a group's
 * path is its name under its parent's, and each case gets its own test
 * line.  kunit.py maps its statuses to PASS, SKIP, ERROR (crashed) and
 * FAIL (everything else); a crashed or missing case has no name and is
 * named by its position, as the KTAP reader names it by its number.
 */
#include "formats/format.h"
#include "formats/input-json.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define KUNIT_JSON_MAX_DEPTH 64

struct kunit_json {
	struct result_sink *sink;
	struct strbuf *err;
	struct strbuf path, original, reason;
	int changed;		/* components of `path` not spelt as in `original` */
	size_t nr;		/* test cases */
	int ret;
};

static int kunit_status(const char *name, enum result_status *out)
{
	static const struct {
		const char *name;
		enum result_status status;
	} map[] = {
		{ "PASS", STATUS_PASS },
		{ "FAIL", STATUS_FAIL },
		{ "SKIP", STATUS_SKIP },
		{ "ERROR", STATUS_ERROR },
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

/*
 * Appends one child's name to both the path and the original name;
 * returns how much `changed` grew, to undo it afterwards.
 */
static int push(struct kunit_json *k, const char *name, size_t position, struct name_set *names)
{
	char fallback[32];
	int changed;

	snprintf(fallback, sizeof(fallback), "%zu", position);
	changed = input_json_add_component(&k->path, name, fallback, names);
	if (k->original.len)
		strbuf_addch(&k->original, '.');
	strbuf_addstr(&k->original, name && *name ? name : fallback);
	k->changed += changed;
	return changed;
}

static int fail(struct kunit_json *k, const char *what)
{
	strbuf_addf(k->err, "%s%s%s", what, k->original.len ? " in " : "",
		    k->original.len ? k->original.buf : "");
	return -1;
}

static int walk(struct kunit_json *k, json_t *group, int depth)
{
	json_t *cases = json_object_get(group, "test_cases");
	json_t *groups = json_object_get(group, "sub_groups");
	struct name_set names = NAME_SET_INIT;
	size_t path_len = k->path.len, original_len = k->original.len, i;
	json_t *child;
	int ret = -1;

	if (depth > KUNIT_JSON_MAX_DEPTH)
		return fail(k, "groups nested too deep");
	if ((cases && !json_is_array(cases)) || (groups && !json_is_array(groups)))
		return fail(k, "'test_cases' and 'sub_groups' must be arrays");

	json_array_foreach(cases, i, child) {
		const char *name = input_json_string(child, "name");
		const char *status_text = input_json_string(child, "status");
		enum result_status status;
		int changed;

		changed = push(k, name, i + 1, &names);
		if (!status_text) {
			fail(k, "a test case without a status");
			goto out;
		}
		if (kunit_status(status_text, &status)) {
			strbuf_addf(k->err, "unknown status '%s' of ", status_text);
			fail(k, "test case");
			goto out;
		}
		strbuf_reset(&k->reason);
		if (k->changed)
			format_original_name(&k->reason, k->original.buf, NULL);
		k->nr++;
		k->ret = k->sink->test(k->sink, k->path.buf, status,
				       k->reason.len ? k->reason.buf : NULL);
		k->changed -= changed;
		strbuf_setlen(&k->path, path_len);
		strbuf_setlen(&k->original, original_len);
		if (k->ret)
			goto out;
	}
	json_array_foreach(groups, i, child) {
		int changed;

		if (!json_is_object(child)) {
			fail(k, "a sub-group that is not an object");
			goto out;
		}
		changed = push(k, input_json_string(child, "name"), i + 1, &names);
		if (walk(k, child, depth + 1))
			goto out;
		k->changed -= changed;
		strbuf_setlen(&k->path, path_len);
		strbuf_setlen(&k->original, original_len);
	}
	ret = 0;
out:
	name_set_clear(&names);
	return ret;
}

/* What kunit.py knew about the run: only what it was told, often nothing. */
static int describe_run(struct kunit_json *k, json_t *top)
{
	static const struct {
		const char *json, *env;
	} keys[] = {
		{ "arch", "arch" },
		{ "defconfig", "config" },
		{ "lab_name", "lab" },
		{ "kernel", "kernel" },
	};
	struct record header = RECORD_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *value = input_json_string(top, keys[i].json);

		if (value && *value)
			record_set_env(&header, keys[i].env, value);
	}
	if (header.env_nr && k->sink->run)
		k->ret = k->sink->run(k->sink, &header);
	record_release(&header);
	return k->ret;
}

static int kunit_json_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct kunit_json k = { sink, err, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 0, 0, 0 };
	json_t *top = input_json_read(in, INPUT_JSON_EMBEDDED, err);
	int ret = -1;

	if (!top)
		return -1;
	if (!json_is_object(top) ||
	    (!json_object_get(top, "sub_groups") && !json_object_get(top, "test_cases"))) {
		strbuf_addstr(err, "no 'sub_groups' or 'test_cases': not KUnit JSON");
		goto out;
	}
	if (describe_run(&k, top) || walk(&k, top, 0)) {
		ret = k.ret ? k.ret : -1;
	} else if (!k.nr) {
		/* what kunit.py writes when it found no KTAP output at all */
		strbuf_addstr(err, "no test cases");
	} else {
		ret = 0;
	}
out:
	json_decref(top);
	strbuf_release(&k.path);
	strbuf_release(&k.original);
	strbuf_release(&k.reason);
	return ret;
}

static int kunit_json_detect(const char *head, size_t len)
{
	const char *start = input_json_start(head, len, INPUT_JSON_EMBEDDED);
	size_t rest;

	if (!start)
		return 0;
	rest = len - (size_t)(start - head);
	if (!memmem(start, rest, "\"test_cases\"", 12) && !memmem(start, rest, "\"sub_groups\"", 12))
		return 0;
	if (memmem(start, rest, "\"KUnit Test Group\"", 18))
		return 100;
	/* Fuego's run.json nests test_cases in test_sets */
	if (memmem(start, rest, "\"test_sets\"", 11))
		return 0;
	return 90;
}

const struct format format_kunit_json = {
	.name = "kunit-json",
	.description = "KUnit JSON (kunit.py --json)",
	.detect = kunit_json_detect,
	.parse = kunit_json_parse,
};
