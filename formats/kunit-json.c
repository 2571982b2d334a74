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
#include "formats/json-stream.h"
#include "lib/record.h"
#include "lib/unlinked-file.h"
#include "lib/usage.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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

static int walk(struct kunit_json *k, json_t *group, int depth);

/* The test cases of a group, each a test line; their names claimed in `names`. */
static int walk_cases(struct kunit_json *k, json_t *cases, struct name_set *names)
{
	size_t path_len = k->path.len, original_len = k->original.len, i;
	json_t *child;

	json_array_foreach(cases, i, child) {
		const char *name = input_json_string(child, "name");
		const char *status_text = input_json_string(child, "status");
		enum result_status status;
		int changed;

		changed = push(k, name, i + 1, names);
		if (!status_text)
			return fail(k, "a test case without a status");
		if (kunit_status(status_text, &status)) {
			strbuf_addf(k->err, "unknown status '%s' of ", status_text);
			return fail(k, "test case");
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
			return -1;
	}
	return 0;
}

/* The sub-group at `position` (from 1) of its parent, at `depth`. */
static int walk_sub_group(struct kunit_json *k, json_t *child, size_t position,
			  struct name_set *names, int depth)
{
	size_t path_len = k->path.len, original_len = k->original.len;
	int changed;

	if (!json_is_object(child))
		return fail(k, "a sub-group that is not an object");
	changed = push(k, input_json_string(child, "name"), position, names);
	if (walk(k, child, depth))
		return -1;
	k->changed -= changed;
	strbuf_setlen(&k->path, path_len);
	strbuf_setlen(&k->original, original_len);
	return 0;
}

static int walk(struct kunit_json *k, json_t *group, int depth)
{
	json_t *cases = json_object_get(group, "test_cases");
	json_t *groups = json_object_get(group, "sub_groups");
	struct name_set names = NAME_SET_INIT;
	json_t *child;
	size_t i;
	int ret = -1;

	if (depth > KUNIT_JSON_MAX_DEPTH)
		return fail(k, "groups nested too deep");
	if ((cases && !json_is_array(cases)) || (groups && !json_is_array(groups)))
		return fail(k, "'test_cases' and 'sub_groups' must be arrays");
	if (walk_cases(k, cases, &names))
		goto out;
	json_array_foreach(groups, i, child)
		if (walk_sub_group(k, child, i + 1, &names, depth + 1))
			goto out;
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

/* Skips kunit.py's progress lines, up to the first line that starts with '{'. */
static int skip_progress(struct json_stream *js, struct strbuf *err)
{
	const char *data, *nl;
	size_t n;

	if (json_stream_peek(js) == '{')
		return 0;
	while ((n = line_reader_peek(js->in, 1, &data))) {
		nl = memchr(data, '\n', n);
		if (!nl) {
			line_reader_consume(js->in, n);
			continue;
		}
		line_reader_consume(js->in, (size_t)(nl + 1 - data));
		js->line++;
		js->column = 0;
		if (line_reader_peek(js->in, 1, &data) && *data == '{')
			return 0;
	}
	if (js->in->error)
		strbuf_addstr(err, strerror(js->in->error));
	else
		strbuf_addstr(err, "no JSON object found");
	return -1;
}

/* The top-level "sub_groups", kept in a file to be read after the rest. */
struct later_groups {
	int fd;				/* -1 when there are none */
	unsigned long line, column;	/* where they start in the input */
};

/*
 * Reads the top-level object: its "sub_groups" (every suite kunit.py
 * ran) into `groups`, the rest (the top-level cases, the run's
 * architecture) into `top`.  What follows the object is kunit.py's.
 */
static int read_top(struct json_stream *js, json_t *top, struct later_groups *groups,
		    struct strbuf *err)
{
	struct name_set keys = NAME_SET_INIT;
	int ret;

	if (skip_progress(js, err))
		return -1;
	ret = json_stream_expect(js, '{', err);
	if (!ret && json_stream_peek(js) == '}')
		ret = json_stream_expect(js, '}', err);
	else
		while (!ret) {
			json_t *key = json_stream_key(js, &keys, err), *value;
			uint64_t len;

			if (!key) {
				ret = -1;
				break;
			}
			if (!strcmp(json_string_value(key), "sub_groups")) {
				json_stream_peek(js);
				groups->line = js->line;
				groups->column = js->column;
				groups->fd = unlinked_file_open("git-results-kunit");
				ret = json_stream_copy_value(js, groups->fd, &len, err);
			} else if ((value = json_stream_value(js, err))) {
				json_object_set_new(top, json_string_value(key), value);
			} else {
				ret = -1;
			}
			json_decref(key);
			if (!ret)
				ret = json_stream_more(js, '}', err);
			if (ret != 1)
				break;
			ret = 0;
		}
	name_set_clear(&keys);
	return ret;
}

/* The top-level sub-groups, one at a time, from the file read_top() left them in. */
static int walk_later_groups(struct kunit_json *k, struct later_groups *groups,
			     struct name_set *names)
{
	struct line_reader in;
	struct json_stream js;
	size_t i;
	int ret;

	if (lseek(groups->fd, 0, SEEK_SET) < 0)
		die_errno("cannot read back a temporary file");
	line_reader_init(&in, groups->fd);
	json_stream_init(&js, &in);
	js.column_sep = " ";
	js.line = groups->line;
	js.column = groups->column;
	if (json_stream_peek(&js) != '[') {
		ret = fail(k, "'test_cases' and 'sub_groups' must be arrays");
		goto out;
	}
	ret = json_stream_expect(&js, '[', k->err);
	if (!ret && json_stream_peek(&js) == ']')
		ret = json_stream_expect(&js, ']', k->err);
	else
		for (i = 1; !ret; i++) {
			json_t *child = json_stream_value(&js, k->err);

			ret = child ? walk_sub_group(k, child, i, names, 1) : -1;
			json_decref(child);
			if (!ret)
				ret = json_stream_more(&js, ']', k->err);
			if (ret != 1)
				break;
			ret = 0;
		}
out:
	json_stream_release(&js);
	line_reader_release(&in);
	return ret;
}

/*
 * The top-level group, streamed: its sub-groups, one at a time, in the
 * memory of the largest.  kunit.py writes them before the top-level
 * cases and the run's architecture, which the record needs first (the
 * run's header comes before its tests, and cases claim their names
 * before groups), so they wait in a temporary file until those are read.
 */
static int kunit_json_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct kunit_json k = { sink, err, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 0, 0, 0 };
	struct later_groups groups = { -1, 0, 0 };
	struct name_set names = NAME_SET_INIT;
	struct json_stream js;
	json_t *top = json_object(), *cases;
	int ret = -1;

	json_stream_init(&js, in);
	js.column_sep = " ";
	if (read_top(&js, top, &groups, err))
		goto out;
	cases = json_object_get(top, "test_cases");
	if (!cases && groups.fd < 0) {
		strbuf_addstr(err, "no 'sub_groups' or 'test_cases': not KUnit JSON");
		goto out;
	}
	if (cases && !json_is_array(cases)) {
		fail(&k, "'test_cases' and 'sub_groups' must be arrays");
		goto out;
	}
	if (describe_run(&k, top) || walk_cases(&k, cases, &names) ||
	    (groups.fd >= 0 && walk_later_groups(&k, &groups, &names))) {
		ret = k.ret ? k.ret : -1;
	} else if (!k.nr) {
		/* what kunit.py writes when it found no KTAP output at all */
		strbuf_addstr(err, "no test cases");
	} else {
		ret = 0;
	}
out:
	if (groups.fd >= 0)
		close(groups.fd);
	name_set_clear(&names);
	json_stream_release(&js);
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
