/*
 * JUnit documents that git results wrote, read back faithfully: origin,
 * run, date, environment, tester and links from each suite's properties,
 * and each test's path, status and reason exactly as the writer had them
 * (the mapping is the writer's, in formats/junit-write.h, backwards).
 *
 * Such a document is read strictly.  What the writer always writes must be
 * there, and the counts and status it wrote must match the test cases, as
 * a record's must match its tests.  A document that says git results
 * wrote it but is not as git results writes it is refused, naming the
 * line of the first thing wrong: reading it the foreign way instead would
 * put every test under another path, so that it no longer compares with
 * the records it came from.  Elements the writer never writes (system-err,
 * Surefire's reruns, a tool's own additions) are skipped, as they are in
 * any JUnit.
 */
#include "formats/junit-own.h"
#include "formats/junit-metric.h"
#include "lib/hex.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A longer reason is none git results wrote (nor one any reader makes). */
#define OWN_MAX_REASON (1 << 20)

/* A property of a test case is the deepest element read: the root is 1. */
#define OWN_MAX_DEPTH 5

enum own_element {
	OWN_OTHER,
	OWN_ROOT,
	OWN_SUITE,
	OWN_PROPERTIES,
	OWN_PROPERTY,
	OWN_CASE,
	OWN_RESULT,
	OWN_SYSTEM_OUT,
	OWN_MISPLACED,
};

/*
 * The properties a suite holds once, `seen` having a bit for each, and
 * whether the writer writes them for every record.
 */
static const struct {
	const char *name;
	int required;
} single_properties[] = {
	{ "commit", 0 },
	{ "origin", 1 },
	{ "run", 1 },
	{ "date", 1 },
	{ "tester", 0 },
	{ "status", 1 },
};

/* JUnit's counters, as junit-write.c makes them from the six statuses. */
enum { COUNT_TESTS, COUNT_FAILURES, COUNT_ERRORS, COUNT_SKIPPED, COUNT__NR };
static const char *const count_names[] = { "tests", "failures", "errors", "skipped" };

struct counters {
	size_t n[COUNT__NR];
	int valid;		/* all four were there, as the writer writes numbers */
};

struct junit_own {
	XML_Parser xp;
	struct result_sink *sink;
	struct strbuf *err;
	int *ret;

	int depth;		/* the root is 1 */
	int skip_depth;		/* the depth of a subtree we skip, or 0 */
	enum own_element open[OWN_MAX_DEPTH + 1];

	struct counters root_said;
	size_t root_counts[STATUS__NR];

	/* The open suite: its run's header, and what the writer said of it. */
	struct strbuf suite_name;
	struct record header;
	unsigned seen;
	int had_properties;
	int run_started;
	enum result_status said_status;
	struct counters said;
	size_t counts[STATUS__NR];

	/* The open test case. */
	struct strbuf path;
	int results;		/* result elements */
	enum result_status result;
	int done;		/* it has the "status" property DONE */
	int has_message;
	struct strbuf message;
	struct strbuf output;	/* its <system-out> text */
	struct junit_metric metric;	/* its measurement's properties */
	struct strbuf scratch;
};

static const char *attr(const char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (!strcmp(atts[0], name))
			return atts[1];
	return NULL;
}

static void stop(struct junit_own *o, int ret)
{
	if (!*o->ret)
		*o->ret = ret;
	XML_StopParser(o->xp, XML_FALSE);
}

/* Stops the parse with "line <n>: " and a message; the first one wins. */
__attribute__((format(printf, 2, 3)))
static void fail(struct junit_own *o, const char *fmt, ...)
{
	va_list ap;

	if (*o->ret)
		return;
	strbuf_addf(o->err, "line %lu: ", (unsigned long)XML_GetCurrentLineNumber(o->xp));
	va_start(ap, fmt);
	strbuf_vaddf(o->err, fmt, ap);
	va_end(ap);
	stop(o, -1);
}

/* A count as the writer writes one: "0", or digits without a leading zero. */
static int parse_count(const char *s, size_t *out)
{
	size_t n = 0;
	const char *p;

	if (!s || !*s || (s[0] == '0' && s[1]))
		return -1;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9' || n > (SIZE_MAX - 9) / 10)
			return -1;
		n = n * 10 + (size_t)(*p - '0');
	}
	*out = n;
	return 0;
}

static void read_counters(struct counters *c, const char **atts)
{
	int i;

	c->valid = 1;
	for (i = 0; i < COUNT__NR; i++)
		if (parse_count(attr(atts, count_names[i]), &c->n[i]))
			c->valid = 0;
}

/* Whether `c` says what junit-write.c writes for tests with `counts`. */
static int counters_match(const struct counters *c, const size_t counts[STATUS__NR])
{
	size_t tests = 0;
	int i;

	for (i = 0; i < STATUS__NR; i++)
		tests += counts[i];
	return c->valid && c->n[COUNT_TESTS] == tests &&
		c->n[COUNT_FAILURES] == counts[STATUS_FAIL] &&
		c->n[COUNT_ERRORS] == counts[STATUS_ERROR] + counts[STATUS_MISS] &&
		c->n[COUNT_SKIPPED] == counts[STATUS_SKIP];
}

/* The roll-up of git-results-record(5): DONE for a record without tests. */
static enum result_status roll_up(const size_t counts[STATUS__NR])
{
	int i;

	for (i = 0; i < STATUS__NR; i++)
		if (counts[i])
			return (enum result_status)i;
	return STATUS_DONE;
}

static int has_env(const struct record *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->env_nr; i++)
		if (!strcmp(r->env[i].key, key))
			return 1;
	return 0;
}

/*
 * One property of the suite.  Values are taken as they are: add and parse
 * check the header they get (formats/read-run.c) as they check
 * any input's, and ignore what a record cannot hold, with a warning.
 */
static void suite_property(struct junit_own *o, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(single_properties); i++) {
		if (strcmp(name, single_properties[i].name))
			continue;
		if (o->seen & (1u << i)) {
			fail(o, "testsuite '%s' has two %s properties", o->suite_name.buf, name);
			return;
		}
		o->seen |= 1u << i;
		break;
	}
	if (!strcmp(name, "commit")) {
		if (!hex_is_oid(value))
			fail(o, "property commit '%s' of testsuite '%s' is not a commit id",
			     value, o->suite_name.buf);
		else
			memcpy(o->header.commit, value, RECORD_HEXSZ + 1);
	} else if (!strcmp(name, "origin")) {
		record_set_origin(&o->header, value);
	} else if (!strcmp(name, "run")) {
		record_set_run(&o->header, value);
	} else if (!strcmp(name, "date")) {
		record_set_date(&o->header, value);
	} else if (!strcmp(name, "tester")) {
		record_set_tester(&o->header, value);
	} else if (!strcmp(name, "status")) {
		if (status_parse(value, strlen(value), &o->said_status))
			fail(o, "property status '%s' of testsuite '%s' is not a status",
			     value, o->suite_name.buf);
	} else if (!strcmp(name, "link")) {
		record_add_link(&o->header, value);
	} else if (!strncmp(name, "env.", 4)) {
		if (has_env(&o->header, name + 4))
			fail(o, "testsuite '%s' has two %s properties", o->suite_name.buf, name);
		else
			record_set_env(&o->header, name + 4, value);
	}
	/* "tree" (add takes it from the commit) and properties of other tools */
}

static void start_property(struct junit_own *o, const char **atts)
{
	enum own_element owner = o->open[o->depth - 2];
	const char *name = attr(atts, "name");
	const char *value = attr(atts, "value");

	if (!name || !value) {
		fail(o, "a property without a name or a value in testsuite '%s'", o->suite_name.buf);
		return;
	}
	if (owner == OWN_SUITE) {
		suite_property(o, name, value);
		return;
	}
	if (strcmp(name, "status")) {
		junit_metric_property(&o->metric, name, value);
		return;
	}
	if (strcmp(value, "DONE"))
		fail(o, "testcase '%s' has the status property '%s', not DONE", o->path.buf, value);
	o->done = 1;
}

/*
 * The suite's header is complete: hand it over, so that the tests that
 * follow belong to its run.
 */
static void begin_run(struct junit_own *o)
{
	size_t i;
	int ret;

	o->run_started = 1;
	for (i = 0; i < ARRAY_SIZE(single_properties); i++) {
		if (single_properties[i].required && !(o->seen & (1u << i))) {
			fail(o, "testsuite '%s' of a git results document has no %s property",
			     o->suite_name.buf, single_properties[i].name);
			return;
		}
	}
	if (!o->sink->run)
		return;
	ret = o->sink->run(o->sink, &o->header);
	if (ret)
		stop(o, ret);
}

static void start_suite(struct junit_own *o, const char **atts)
{
	const char *name = attr(atts, "name");

	strbuf_reset(&o->suite_name);
	strbuf_addstr(&o->suite_name, name ? name : "");
	record_release(&o->header);
	record_init(&o->header);
	o->seen = 0;
	o->had_properties = 0;
	o->run_started = 0;
	read_counters(&o->said, atts);
	memset(o->counts, 0, sizeof(o->counts));
}

static void end_suite(struct junit_own *o)
{
	int i;

	if (!o->run_started)
		begin_run(o);
	if (*o->ret)
		return;
	if (!counters_match(&o->said, o->counts) || roll_up(o->counts) != o->said_status) {
		fail(o, "the status or counts of testsuite '%s' do not match its test cases",
		     o->suite_name.buf);
		return;
	}
	for (i = 0; i < STATUS__NR; i++)
		o->root_counts[i] += o->counts[i];
}

static void start_case(struct junit_own *o, const char **atts)
{
	const char *classname = attr(atts, "classname");
	const char *name = attr(atts, "name");

	if (!o->run_started)
		begin_run(o);
	if (*o->ret)
		return;
	strbuf_reset(&o->path);
	if (classname)
		strbuf_addf(&o->path, "%s.", classname);
	strbuf_addstr(&o->path, name ? name : "");
	strbuf_reset(&o->scratch);
	if (record_check_path(o->path.buf, &o->scratch)) {
		fail(o, "testcase '%s' in testsuite '%s' is not a record path",
		     o->path.buf, o->suite_name.buf);
		return;
	}
	o->results = 0;
	o->done = 0;
	junit_metric_reset(&o->metric);
	o->has_message = 0;
	strbuf_reset(&o->message);
	strbuf_reset(&o->output);
}

static void end_case(struct junit_own *o)
{
	enum result_status status = STATUS_PASS;
	const char *reason = NULL;
	struct record_metric metric;
	int ret, has_metric;

	if (o->done && o->results) {
		fail(o, "testcase '%s' has the status property DONE and a result element",
		     o->path.buf);
		return;
	}
	if (o->results) {
		status = o->result;
		reason = o->has_message ? o->message.buf : NULL;
	} else {
		if (o->done)
			status = STATUS_DONE;
		reason = o->output.len ? o->output.buf : NULL;
	}
	o->counts[status]++;
	has_metric = junit_metric_get(&o->metric, &metric);
	ret = format_sink_test(o->sink, o->path.buf, status, reason, has_metric ? &metric : NULL);
	if (has_metric)
		record_metric_release(&metric);
	if (ret)
		stop(o, ret);
}

/* <failure>, <error> or <skipped>, with the type junit-write.c gives each. */
static void start_result(struct junit_own *o, const char *element, const char **atts)
{
	const char *type = attr(atts, "type");
	const char *message = attr(atts, "message");

	if (o->results++) {
		fail(o, "testcase '%s' has more than one result", o->path.buf);
		return;
	}
	if (!strcmp(element, "skipped")) {
		o->result = STATUS_SKIP;
	} else if (!strcmp(element, "failure") && type && !strcmp(type, "FAIL")) {
		o->result = STATUS_FAIL;
	} else if (!strcmp(element, "error") && type && !strcmp(type, "ERROR")) {
		o->result = STATUS_ERROR;
	} else if (!strcmp(element, "error") && type && !strcmp(type, "MISS")) {
		o->result = STATUS_MISS;
	} else {
		fail(o, "testcase '%s' has a <%s> of type '%s', not %s", o->path.buf, element,
		     type ? type : "", !strcmp(element, "failure") ? "FAIL" : "ERROR or MISS");
		return;
	}
	if (!message)
		return;
	if (strlen(message) > OWN_MAX_REASON) {
		fail(o, "the reason of testcase '%s' is longer than 1 MiB", o->path.buf);
		return;
	}
	o->has_message = 1;
	strbuf_addstr(&o->message, message);
}

/*
 * What an element is where it stands.  The elements that carry results
 * are misplaced anywhere the writer does not put them: skipping them
 * would lose results, reading them the foreign way would misplace them.
 */
static enum own_element classify(enum own_element parent, const char *name)
{
	int results = !strcmp(name, "testsuites") || !strcmp(name, "testsuite") ||
		!strcmp(name, "testcase") || !strcmp(name, "failure") ||
		!strcmp(name, "error") || !strcmp(name, "skipped");

	switch (parent) {
	case OWN_ROOT:
		if (!strcmp(name, "testsuite"))
			return OWN_SUITE;
		return results ? OWN_MISPLACED : OWN_OTHER;
	case OWN_SUITE:
		if (!strcmp(name, "properties"))
			return OWN_PROPERTIES;
		if (!strcmp(name, "testcase"))
			return OWN_CASE;
		return results ? OWN_MISPLACED : OWN_OTHER;
	case OWN_CASE:
		if (!strcmp(name, "failure") || !strcmp(name, "error") || !strcmp(name, "skipped"))
			return OWN_RESULT;
		if (!strcmp(name, "properties"))
			return OWN_PROPERTIES;
		if (!strcmp(name, "system-out"))
			return OWN_SYSTEM_OUT;
		return results ? OWN_MISPLACED : OWN_OTHER;
	case OWN_PROPERTIES:
		return !strcmp(name, "property") ? OWN_PROPERTY : OWN_OTHER;
	default:
		/* inside a property, a result or the output: not ours to read */
		return OWN_OTHER;
	}
}

static const char *element_name(enum own_element el)
{
	switch (el) {
	case OWN_ROOT:
		return "testsuites";
	case OWN_SUITE:
		return "testsuite";
	default:
		return "testcase";
	}
}

void junit_own_start(struct junit_own *o, const char *name, const char **atts)
{
	enum own_element parent, el;

	o->depth++;
	if (o->skip_depth || *o->ret)
		return;
	parent = o->open[o->depth - 1];
	el = classify(parent, name);
	if (el == OWN_MISPLACED) {
		fail(o, "<%s> in <%s> is not where git results writes it", name,
		     element_name(parent));
		return;
	}
	if (el == OWN_OTHER || o->depth > OWN_MAX_DEPTH) {
		o->skip_depth = o->depth;
		return;
	}
	o->open[o->depth] = el;
	switch (el) {
	case OWN_SUITE:
		start_suite(o, atts);
		break;
	case OWN_PROPERTIES:
		if (parent != OWN_SUITE)
			break;
		if (o->had_properties || o->run_started)
			fail(o, "testsuite '%s' has a second <properties>", o->suite_name.buf);
		o->had_properties = 1;
		break;
	case OWN_PROPERTY:
		start_property(o, atts);
		break;
	case OWN_CASE:
		start_case(o, atts);
		break;
	case OWN_RESULT:
		start_result(o, name, atts);
		break;
	default:
		break;
	}
}

void junit_own_end(struct junit_own *o)
{
	enum own_element el;

	if (o->skip_depth) {
		if (o->depth == o->skip_depth)
			o->skip_depth = 0;
		o->depth--;
		return;
	}
	el = o->open[o->depth];
	o->depth--;
	if (*o->ret)
		return;
	switch (el) {
	case OWN_ROOT:
		if (!counters_match(&o->root_said, o->root_counts))
			fail(o, "the counts of <testsuites> do not match its test cases");
		break;
	case OWN_SUITE:
		end_suite(o);
		break;
	case OWN_PROPERTIES:
		if (o->open[o->depth] == OWN_SUITE)
			begin_run(o);
		break;
	case OWN_CASE:
		end_case(o);
		break;
	default:
		break;
	}
}

void junit_own_text(struct junit_own *o, const char *s, int len)
{
	if (o->skip_depth || *o->ret || o->open[o->depth] != OWN_SYSTEM_OUT)
		return;
	if (o->output.len + (size_t)len > OWN_MAX_REASON) {
		fail(o, "the reason of testcase '%s' is longer than 1 MiB", o->path.buf);
		return;
	}
	strbuf_add(&o->output, s, (size_t)len);
}

int junit_own_is_root(const char *name, const char **atts)
{
	const char *root_name = attr(atts, "name");

	return !strcmp(name, "testsuites") && root_name && !strcmp(root_name, "git results");
}

struct junit_own *junit_own_new(XML_Parser xp, struct result_sink *sink, struct strbuf *err,
				int *ret, const char **root_atts)
{
	struct junit_own *o = xcalloc(1, sizeof(*o));

	o->xp = xp;
	o->sink = sink;
	o->err = err;
	o->ret = ret;
	o->depth = 1;
	o->open[1] = OWN_ROOT;
	read_counters(&o->root_said, root_atts);
	strbuf_init(&o->suite_name, 0);
	record_init(&o->header);
	strbuf_init(&o->path, 0);
	strbuf_init(&o->message, 0);
	strbuf_init(&o->output, 0);
	junit_metric_init(&o->metric);
	strbuf_init(&o->scratch, 0);
	return o;
}

void junit_own_free(struct junit_own *o)
{
	if (!o)
		return;
	strbuf_release(&o->suite_name);
	record_release(&o->header);
	strbuf_release(&o->path);
	strbuf_release(&o->message);
	strbuf_release(&o->output);
	junit_metric_release(&o->metric);
	strbuf_release(&o->scratch);
	free(o);
}
