/*
 * JUnit XML (Ant, Surefire, Jenkins, pytest, jest and the rest), read
 * with expat in chunks: memory does not grow with the input, whatever
 * the size of the stack traces and captured output in it.
 *
 * Only the elements that carry results are looked at:
 *
 *   <testsuites>                   the optional root; its name is not used
 *     <testsuite name>             may nest; each name adds to the path
 *       <testcase classname name>  one result
 *         <failure> <error> <skipped>
 *         <flakyFailure> <flakyError> <rerunFailure> <rerunError>
 *       <error> <failure> <skipped>  a suite that failed as a whole
 *
 *         <properties><property name value>  its measurement, when
 *                                   they name a value and unit
 *                                   (formats/junit-metric.h)
 *
 * Everything else (other properties, system-out, unknown elements) is
 * skipped without keeping its text.  A document git results wrote, whose root is
 * <testsuites name="git results">, is read by formats/junit-own.c
 * instead, back into the runs it was written from.
 *
 * Document type declarations may be present,
 * but a document that declares entities is refused before any of them is
 * expanded: external entities are never read and entity expansion bombs
 * never start.
 */
#include "formats/format.h"
#include "formats/junit-own.h"
#include "formats/junit-metric.h"
#include "lib/usage.h"

#include <expat.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

/*
 * Suites nested deeper end the parse with an error: no real report nests
 * them so, and a path that left some out would be a quieter record.
 */
#define JUNIT_MAX_SUITES 64
/* Longer reasons are cut (at a character boundary), and say so. */
#define JUNIT_MAX_REASON 512
#define JUNIT_CUT_MARK " [cut at 512 bytes]"
/* Text kept from a result element to find its first line. */
#define JUNIT_MAX_TEXT 4096

enum element {
	EL_OTHER,
	EL_SUITES,
	EL_SUITE,
	EL_CASE,
	EL_FAILURE,
	EL_ERROR,
	EL_SKIPPED,
	EL_FLAKY_FAILURE,
	EL_FLAKY_ERROR,
	EL_RERUN_FAILURE,
	EL_RERUN_ERROR,
	EL_STACK_TRACE,
	EL_PROPERTIES,
	EL_PROPERTY,
};

static const struct {
	const char *name;
	enum element el;
} elements[] = {
	{ "testsuites", EL_SUITES },
	{ "testsuite", EL_SUITE },
	{ "testcase", EL_CASE },
	{ "failure", EL_FAILURE },
	{ "error", EL_ERROR },
	{ "skipped", EL_SKIPPED },
	{ "flakyFailure", EL_FLAKY_FAILURE },
	{ "flakyError", EL_FLAKY_ERROR },
	{ "rerunFailure", EL_RERUN_FAILURE },
	{ "rerunError", EL_RERUN_ERROR },
	{ "stackTrace", EL_STACK_TRACE },
	{ "properties", EL_PROPERTIES },
	{ "property", EL_PROPERTY },
};

/*
 * Deeper elements are skipped unread where they cannot hold results
 * (properties, output); where they could, the parse ends with an error.
 */
#define JUNIT_MAX_DEPTH 256

struct junit {
	XML_Parser xp;
	struct result_sink *sink;
	int ret;			/* a sink's value, or -1 with err set */
	struct strbuf *err;

	int depth;			/* elements open; the root is 1 */
	int skip_depth;			/* the depth of a subtree we skip, or 0 */
	enum element open[JUNIT_MAX_DEPTH];

	/*
	 * The open suites: the path, the names it was made from, and each
	 * suite's end in both, raw name, and whether the path changed that
	 * name (to make it a path component).
	 */
	struct strbuf suite_path, suite_original;
	size_t suite_end[JUNIT_MAX_SUITES], suite_original_end[JUNIT_MAX_SUITES];
	struct strbuf suite_name[JUNIT_MAX_SUITES];
	unsigned char suite_renamed[JUNIT_MAX_SUITES];
	int renamed_suites;		/* how many of the open suites are */
	int nr_suites;			/* at most JUNIT_MAX_SUITES */

	/* The open testcase. */
	int in_case;
	struct strbuf case_path, case_original;
	int case_renamed;
	enum result_status case_status;
	int case_has_verdict;
	struct strbuf case_reason;
	struct strbuf flaky_reason;
	struct junit_metric case_metric;

	/* The open result element (failure, error, ...), or EL_OTHER. */
	enum element result;
	int result_depth;
	int in_stack_trace;
	struct strbuf message;
	struct strbuf type;
	struct strbuf text;
	struct strbuf reason;
	struct strbuf named_reason;	/* "name \"...\": reason" of a renamed test */

	struct junit_own *own;		/* reads a document git results wrote */

	unsigned long events;		/* handler calls: how far expat got */
};

static enum element lookup(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(elements); i++)
		if (!strcmp(elements[i].name, name))
			return elements[i].el;
	return EL_OTHER;
}

static const char *attr(const char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (!strcmp(atts[0], name))
			return atts[1];
	return NULL;
}

static void stop(struct junit *j, int ret)
{
	if (!j->ret)
		j->ret = ret;
	XML_StopParser(j->xp, XML_FALSE);
}

/* Stops the parse with a message; the first one wins. */
__attribute__((format(printf, 2, 3)))
static void fail(struct junit *j, const char *fmt, ...)
{
	va_list ap;

	if (j->ret)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(j->err, fmt, ap);
	va_end(ap);
	stop(j, -1);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Appends `s` as a one-line reason: runs of white space become one space,
 * the ends are trimmed, and it is cut at JUNIT_MAX_REASON bytes, on a
 * character boundary, ending in JUNIT_CUT_MARK.
 */
static void add_reason(struct strbuf *out, const char *s, size_t len)
{
	size_t i, start = out->len;
	int space = 0;

	for (i = 0; i < len && out->len - start <= JUNIT_MAX_REASON; i++) {
		if (is_space(s[i])) {
			space = out->len > start;
			continue;
		}
		if (space)
			strbuf_addch(out, ' ');
		space = 0;
		strbuf_addch(out, s[i]);
	}
	if (out->len - start > JUNIT_MAX_REASON) {
		size_t cut = start + JUNIT_MAX_REASON;

		while (cut > start && ((unsigned char)out->buf[cut] & 0xc0) == 0x80)
			cut--;
		while (cut > start && out->buf[cut - 1] == ' ')
			cut--;
		strbuf_setlen(out, cut);
		strbuf_addstr(out, JUNIT_CUT_MARK);
	}
}

/* Appends the first line of `s` that is not blank. */
static void add_first_line(struct strbuf *out, const char *s, size_t len)
{
	const char *end = s + len;

	while (s < end) {
		const char *eol = memchr(s, '\n', end - s);
		const char *next = eol ? eol + 1 : end;
		const char *p;

		for (p = s; p < next && is_space(*p); p++)
			;
		if (p < next) {
			add_reason(out, s, next - s);
			return;
		}
		s = next;
	}
}

/*
 * Appends one name to a path, made safe, and as it is to `original`.
 * Returns whether the path had to change it.
 */
static int add_name(struct strbuf *path, struct strbuf *original, const char *name, size_t len)
{
	if (path->len)
		strbuf_addch(path, '.');
	if (original->len)
		strbuf_addch(original, '.');
	strbuf_add(original, name, len);
	if (format_is_path_component(name, len)) {
		strbuf_add(path, name, len);
		return 0;
	}
	format_path_component(path, name, len);
	return 1;
}

/*
 * Appends a dotted name (a suite or class name) to a path: its dots
 * separate names, each made safe, empty ones dropped.  Returns whether
 * any had to change.
 */
static int add_dotted(struct strbuf *path, struct strbuf *original, const char *name)
{
	int renamed = 0;

	while (*name) {
		const char *dot = strchr(name, '.');
		size_t len = dot ? (size_t)(dot - name) : strlen(name);

		if (len)
			renamed |= add_name(path, original, name, len);
		name += len;
		if (*name)
			name++;
	}
	return renamed;
}

/*
 * The part of `name` that the innermost suite's name does not already
 * say: "" when they are equal, "b.C" for "a.b.C" in suite "a".
 */
static const char *beyond_suite(const struct junit *j, const char *name)
{
	const struct strbuf *suite;
	size_t len;

	if (!j->nr_suites)
		return name;
	suite = &j->suite_name[j->nr_suites - 1];
	len = suite->len;
	if (!len || strncmp(name, suite->buf, len))
		return name;
	if (!name[len])
		return "";
	return name[len] == '.' ? name + len + 1 : name;
}

/*
 * Hands a result to the sink; when `renamed`, `original` (the path as
 * the input spelt it) goes in front of its reason.
 */
static void emit(struct junit *j, const char *path, const char *original, int renamed,
		 enum result_status status, const char *reason, const struct record_metric *metric)
{
	int ret;

	if (!*path) {
		path = "unnamed";
		renamed = 1;
	}
	if (renamed) {
		strbuf_reset(&j->named_reason);
		format_original_name(&j->named_reason, original, reason);
		reason = j->named_reason.buf;
	}
	ret = format_sink_test(j->sink, path, status, reason, metric);

	if (ret)
		stop(j, ret);
}

static void start_suite(struct junit *j, const char **atts)
{
	const char *name = attr(atts, "name");
	struct strbuf *own = &j->suite_name[j->nr_suites];

	j->suite_end[j->nr_suites] = j->suite_path.len;
	j->suite_original_end[j->nr_suites] = j->suite_original.len;
	j->suite_renamed[j->nr_suites] = 0;
	strbuf_reset(own);
	if (name) {
		/* "a.b" inside suite "a" adds only "b" */
		j->suite_renamed[j->nr_suites] =
			add_dotted(&j->suite_path, &j->suite_original, beyond_suite(j, name));
		j->renamed_suites += j->suite_renamed[j->nr_suites];
		strbuf_addstr(own, name);
	}
	j->nr_suites++;
}

static void end_suite(struct junit *j)
{
	j->nr_suites--;
	strbuf_setlen(&j->suite_path, j->suite_end[j->nr_suites]);
	strbuf_setlen(&j->suite_original, j->suite_original_end[j->nr_suites]);
	j->renamed_suites -= j->suite_renamed[j->nr_suites];
}

/* tst, gtest and others mark a test that did not run in an attribute. */
static int skipped_by_attribute(const char *value)
{
	static const char *const skipping[] = {
		"disabled", "notrun", "skipped", "skip", "ignored", "suppressed",
	};
	size_t i;

	if (!value)
		return 0;
	for (i = 0; i < ARRAY_SIZE(skipping); i++)
		if (!strcasecmp(value, skipping[i]))
			return 1;
	return 0;
}

static void start_case(struct junit *j, const char **atts)
{
	const char *classname = attr(atts, "classname");
	const char *name = attr(atts, "name");

	strbuf_reset(&j->case_path);
	strbuf_addbuf(&j->case_path, &j->suite_path);
	strbuf_reset(&j->case_original);
	strbuf_addbuf(&j->case_original, &j->suite_original);
	j->case_renamed = j->renamed_suites > 0;
	/* Surefire names the suite after the class: do not say it twice */
	if (classname)
		j->case_renamed |= add_dotted(&j->case_path, &j->case_original,
					      beyond_suite(j, classname));
	if (!name)
		name = "";
	/* the test's own name is one name, dots and all */
	j->case_renamed |= add_name(&j->case_path, &j->case_original, name, strlen(name));

	j->in_case = 1;
	j->case_status = STATUS_PASS;
	if (skipped_by_attribute(attr(atts, "status")) ||
	    skipped_by_attribute(attr(atts, "result")))
		j->case_status = STATUS_SKIP;
	j->case_has_verdict = 0;
	junit_metric_reset(&j->case_metric);
	strbuf_reset(&j->case_reason);
	strbuf_reset(&j->flaky_reason);
}

static void end_case(struct junit *j)
{
	const char *reason = NULL;
	struct record_metric metric;
	int has_metric;

	j->in_case = 0;
	if (j->case_has_verdict)
		reason = j->case_reason.len ? j->case_reason.buf : NULL;
	else if (j->flaky_reason.len)
		reason = j->flaky_reason.buf;
	has_metric = junit_metric_get(&j->case_metric, &metric);
	emit(j, j->case_path.buf, j->case_original.buf, j->case_renamed, j->case_status, reason,
	     has_metric ? &metric : NULL);
	if (has_metric)
		record_metric_release(&metric);
}

static int is_flaky(enum element el)
{
	return el == EL_FLAKY_FAILURE || el == EL_FLAKY_ERROR;
}

static int is_result(enum element el)
{
	return el == EL_FAILURE || el == EL_ERROR || el == EL_SKIPPED ||
		el == EL_FLAKY_FAILURE || el == EL_FLAKY_ERROR ||
		el == EL_RERUN_FAILURE || el == EL_RERUN_ERROR;
}

static void start_result(struct junit *j, enum element el, const char **atts)
{
	const char *message = attr(atts, "message");
	const char *type = attr(atts, "type");

	j->result = el;
	j->result_depth = j->depth;
	j->in_stack_trace = 0;
	strbuf_reset(&j->message);
	strbuf_reset(&j->type);
	strbuf_reset(&j->text);
	if (message)
		add_reason(&j->message, message, strlen(message));
	if (type)
		add_reason(&j->type, type, strlen(type));
}

static enum result_status result_status(enum element el)
{
	switch (el) {
	case EL_FAILURE:
	case EL_RERUN_FAILURE:
		return STATUS_FAIL;
	case EL_ERROR:
	case EL_RERUN_ERROR:
		return STATUS_ERROR;
	case EL_SKIPPED:
		return STATUS_SKIP;
	default:
		return STATUS_PASS;	/* a failed attempt of a test that passed */
	}
}

/* The reason a result element gives: its message, text or type. */
static const char *result_reason(struct junit *j)
{
	strbuf_reset(&j->reason);
	if (j->message.len)
		strbuf_addbuf(&j->reason, &j->message);
	else
		add_first_line(&j->reason, j->text.buf, j->text.len);
	/* an exception class says more than nothing, for failures */
	if (!j->reason.len && j->result != EL_SKIPPED)
		strbuf_addbuf(&j->reason, &j->type);
	return j->reason.len ? j->reason.buf : NULL;
}

static void end_result(struct junit *j)
{
	enum element el = j->result;
	enum result_status status = result_status(el);
	const char *reason = result_reason(j);

	j->result = EL_OTHER;
	if (!j->in_case) {
		/* a suite that failed before or around its tests */
		emit(j, j->suite_path.buf, j->suite_original.buf, j->renamed_suites > 0,
		     status, reason, NULL);
		return;
	}
	if (is_flaky(el)) {
		if (!j->flaky_reason.len) {
			strbuf_addstr(&j->flaky_reason, "flaky");
			if (reason)
				strbuf_addf(&j->flaky_reason, ": %s", reason);
		}
		return;
	}
	/* several results in one test: the most important one counts */
	if (!j->case_has_verdict || status_worse(status, j->case_status) != j->case_status) {
		j->case_status = status;
		strbuf_reset(&j->case_reason);
		if (reason)
			strbuf_addstr(&j->case_reason, reason);
	}
	j->case_has_verdict = 1;
}

static void XMLCALL start_element(void *data, const char *name, const char **atts)
{
	struct junit *j = data;
	enum element el, parent;

	j->events++;
	j->depth++;
	if (j->own) {
		junit_own_start(j->own, name, atts);
		return;
	}
	if (j->skip_depth)
		return;
	if (j->depth == 1 && junit_own_is_root(name, atts)) {
		j->own = junit_own_new(j->xp, j->sink, j->err, &j->ret, atts);
		return;
	}
	el = lookup(name);
	if (j->depth == 1 && el != EL_SUITES && el != EL_SUITE) {
		fail(j, "the root element is <%s>, not <testsuites> or <testsuite>", name);
		return;
	}
	if (j->depth > JUNIT_MAX_DEPTH) {
		fail(j, "line %lu: elements nested deeper than %d; git results reads no deeper",
		     (unsigned long)XML_GetCurrentLineNumber(j->xp), JUNIT_MAX_DEPTH);
		return;
	}
	j->open[j->depth - 1] = el;
	parent = j->depth > 1 ? j->open[j->depth - 2] : EL_OTHER;

	if (j->result != EL_OTHER) {
		/* Surefire's reruns keep their trace in a child element */
		if (el == EL_STACK_TRACE && j->depth == j->result_depth + 1)
			j->in_stack_trace = 1;
		else
			j->skip_depth = j->depth;
		return;
	}
	if (is_result(el) && (parent == EL_CASE || (parent == EL_SUITE && !j->in_case))) {
		start_result(j, el, atts);
		return;
	}
	switch (el) {
	case EL_SUITES:
		break;
	case EL_SUITE:
		if (j->in_case)
			j->skip_depth = j->depth;
		else if (j->nr_suites >= JUNIT_MAX_SUITES)
			fail(j, "line %lu: <testsuite> nested deeper than %d; git results reads no deeper",
			     (unsigned long)XML_GetCurrentLineNumber(j->xp), JUNIT_MAX_SUITES);
		else
			start_suite(j, atts);
		break;
	case EL_CASE:
		/* some writers leave out the suite: <testsuites><testcase> */
		if (j->in_case || (parent != EL_SUITE && parent != EL_SUITES))
			j->skip_depth = j->depth;
		else
			start_case(j, atts);
		break;
	case EL_PROPERTIES:
		/* a test case's: its measurement may be there */
		if (parent != EL_CASE || !j->in_case)
			j->skip_depth = j->depth;
		break;
	case EL_PROPERTY:
		if (parent == EL_PROPERTIES && j->depth > 2 && j->open[j->depth - 3] == EL_CASE) {
			const char *pname = attr(atts, "name"), *pvalue = attr(atts, "value");

			if (pname && pvalue)
				junit_metric_property(&j->case_metric, pname, pvalue);
		}
		j->skip_depth = j->depth;
		break;
	default:
		/* system-out and the like: nothing for us */
		j->skip_depth = j->depth;
		break;
	}
}

static void XMLCALL end_element(void *data, const char *name)
{
	struct junit *j = data;
	enum element el;

	j->events++;
	if (j->own) {
		junit_own_end(j->own);
		j->depth--;
		return;
	}
	if (j->skip_depth) {
		if (j->depth == j->skip_depth)
			j->skip_depth = 0;
		j->depth--;
		return;
	}
	if (j->depth > JUNIT_MAX_DEPTH) {
		j->depth--;	/* the element refused for its depth: nothing was kept */
		return;
	}
	el = j->open[j->depth - 1];
	if (j->result != EL_OTHER) {
		if (j->depth == j->result_depth)
			end_result(j);
		else if (el == EL_STACK_TRACE)
			j->in_stack_trace = 0;
	} else if (el == EL_SUITE) {
		end_suite(j);
	} else if (el == EL_CASE) {
		end_case(j);
	}
	j->depth--;
}

static void XMLCALL character_data(void *data, const char *s, int len)
{
	struct junit *j = data;
	size_t room;

	j->events++;
	if (j->own) {
		junit_own_text(j->own, s, len);
		return;
	}
	if (j->skip_depth || j->result == EL_OTHER || j->message.len)
		return;
	if (is_flaky(j->result) || j->result == EL_RERUN_FAILURE || j->result == EL_RERUN_ERROR) {
		if (!j->in_stack_trace)
			return;
	} else if (j->depth != j->result_depth) {
		return;
	}
	room = JUNIT_MAX_TEXT - j->text.len;
	strbuf_add(&j->text, s, (size_t)len < room ? (size_t)len : room);
}

/* Comments and processing instructions only show that expat got on. */
static void XMLCALL comment(void *data, const char *text)
{
	struct junit *j = data;

	j->events++;
}

static void XMLCALL processing_instruction(void *data, const char *target, const char *text)
{
	struct junit *j = data;

	j->events++;
}

/*
 * Any entity declaration ends the parse, before the entity can be used:
 * that rules out external entities (XXE) and expansion bombs alike.
 */
static void XMLCALL entity_declaration(void *data, const char *name, int is_parameter_entity,
				       const char *value, int value_length, const char *base,
				       const char *system_id, const char *public_id,
				       const char *notation_name)
{
	fail(data, "the document declares the entity '%s'; entity declarations are refused", name);
}

/* Never called with parameter entities off; refuse rather than read. */
static int XMLCALL external_entity(XML_Parser xp, const char *context, const char *base,
				   const char *system_id, const char *public_id)
{
	return XML_STATUS_ERROR;
}

static void junit_init(struct junit *j, struct result_sink *sink, struct strbuf *err)
{
	int i;

	memset(j, 0, sizeof(*j));
	j->sink = sink;
	j->err = err;
	j->result = EL_OTHER;
	strbuf_init(&j->suite_path, 0);
	strbuf_init(&j->suite_original, 0);
	for (i = 0; i < JUNIT_MAX_SUITES; i++)
		strbuf_init(&j->suite_name[i], 0);
	strbuf_init(&j->case_path, 0);
	strbuf_init(&j->case_original, 0);
	strbuf_init(&j->case_reason, 0);
	strbuf_init(&j->flaky_reason, 0);
	junit_metric_init(&j->case_metric);
	strbuf_init(&j->message, 0);
	strbuf_init(&j->type, 0);
	strbuf_init(&j->text, 0);
	strbuf_init(&j->reason, 0);
	strbuf_init(&j->named_reason, 0);

	j->xp = XML_ParserCreate(NULL);
	if (!j->xp)
		die("out of memory");
	XML_SetUserData(j->xp, j);
	XML_SetParamEntityParsing(j->xp, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetEntityDeclHandler(j->xp, entity_declaration);
	XML_SetExternalEntityRefHandler(j->xp, external_entity);
	XML_SetElementHandler(j->xp, start_element, end_element);
	XML_SetCharacterDataHandler(j->xp, character_data);
	XML_SetCommentHandler(j->xp, comment);
	XML_SetProcessingInstructionHandler(j->xp, processing_instruction);
}

static void junit_release(struct junit *j)
{
	int i;

	XML_ParserFree(j->xp);
	junit_own_free(j->own);
	strbuf_release(&j->suite_path);
	strbuf_release(&j->suite_original);
	for (i = 0; i < JUNIT_MAX_SUITES; i++)
		strbuf_release(&j->suite_name[i]);
	strbuf_release(&j->case_path);
	strbuf_release(&j->case_original);
	strbuf_release(&j->case_reason);
	strbuf_release(&j->flaky_reason);
	junit_metric_release(&j->case_metric);
	strbuf_release(&j->message);
	strbuf_release(&j->type);
	strbuf_release(&j->text);
	strbuf_release(&j->reason);
	strbuf_release(&j->named_reason);
}

/*
 * Hands expat one piece of the input; at the end with `len` 0.  Sets
 * j->ret and `err` when expat refuses the document.
 */
static void junit_feed(struct junit *j, const char *data, size_t len, struct strbuf *err)
{
	if (len > INT_MAX)
		BUG("a read of %zu bytes", len);
	if (XML_Parse(j->xp, data, (int)len, !len) == XML_STATUS_ERROR && !j->ret) {
		strbuf_addf(err, "line %lu, column %lu: %s",
			    (unsigned long)XML_GetCurrentLineNumber(j->xp),
			    (unsigned long)XML_GetCurrentColumnNumber(j->xp) + 1,
			    XML_ErrorString(XML_GetErrorCode(j->xp)));
		j->ret = -1;
	}
}

/*
 * expat 2.5 scans a token it has not seen the end of again from its
 * start at every piece of input it is given, so that a token of N bytes
 * (a 100 MB attribute) read in pieces of 64 KiB cost O(N^2).  While a
 * piece shows no progress (no handler was called), the next piece is
 * made twice as large: a long token costs O(N), as expat 2.6's reparse
 * deferral would make it.
 */
static int junit_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct junit j;
	struct strbuf piece = STRBUF_INIT;
	size_t want = 0;	/* bytes to gather before feeding; 0 feeds each read */
	const char *data;
	size_t len;
	int ret;

	junit_init(&j, sink, err);
	do {
		unsigned long events = j.events;

		len = line_reader_read(in, &data);
		if (!len && in->error)
			break;
		if (want) {
			strbuf_add(&piece, data, len);
			if (len && piece.len < want)
				continue;
			data = piece.buf;
			len = piece.len;
		}
		junit_feed(&j, data, len, err);
		if (j.events != events) {
			want = 0;
		} else if (len) {
			want = len < (INT_MAX / 2) ? 2 * len : INT_MAX;
		}
		strbuf_reset(&piece);
	} while (len && !j.ret);
	ret = j.ret;
	if (!ret && in->error) {
		strbuf_addstr(err, strerror(in->error));
		ret = -1;
	}
	strbuf_release(&piece);
	junit_release(&j);
	return ret;
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && is_space(*p))
		p++;
	return p;
}

/* Skips "<?...?>", "<!--...-->" and "<!DOCTYPE ...>"; NULL when none is there. */
static const char *skip_prolog_item(const char *p, const char *end)
{
	const char *q;

	if (end - p >= 2 && !memcmp(p, "<?", 2)) {
		q = memmem(p, end - p, "?>", 2);
		return q ? q + 2 : NULL;
	}
	if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
		q = memmem(p + 4, end - p - 4, "-->", 3);
		return q ? q + 3 : NULL;
	}
	if (end - p >= 9 && !memcmp(p, "<!DOCTYPE", 9)) {
		const char *gt = memchr(p, '>', end - p);
		const char *subset = memchr(p, '[', end - p);

		/* the internal subset may hold '>' of its own */
		if (subset && (!gt || subset < gt)) {
			q = memchr(subset, ']', end - subset);
			gt = q ? memchr(q, '>', end - q) : NULL;
		}
		return gt ? gt + 1 : NULL;
	}
	return NULL;
}

static int has_tag(const char *p, const char *end, const char *tag)
{
	size_t n = strlen(tag);

	return end - p > (long)n && !memcmp(p, tag, n) &&
		(is_space(p[n]) || p[n] == '>' || p[n] == '/');
}

/*
 * Certain when the first element is <testsuites> or <testsuite>; any
 * other XML is claimed weakly, so that --format=auto says what is wrong
 * with it rather than that it is in no known format.
 */
static int junit_detect(const char *head, size_t len)
{
	const char *p = head, *end = head + len, *next;
	int xml = 0;

	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	for (;;) {
		p = skip_space(p, end);
		next = skip_prolog_item(p, end);
		if (!next)
			break;
		xml = 1;
		p = next;
	}
	if (has_tag(p, end, "<testsuites") || has_tag(p, end, "<testsuite"))
		return 100;
	return xml ? 20 : 0;
}

const struct format format_junit = {
	.name = "junit",
	.description = "JUnit XML (Ant, Surefire, pytest, jest and others)",
	.detect = junit_detect,
	.parse = junit_parse,
};
