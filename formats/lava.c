/*
 * LAVA results, from either of the two logs a LAVA job leaves:
 *
 *  - the console log of the device, where lava-test-shell prints its
 *    signals, after whatever the kernel puts in front of a line:
 *      <8>[    8.208468] <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=access01 RESULT=pass>
 *    STARTRUN / ENDRUN bracket a test definition's run, STARTTC / ENDTC
 *    a test case, TESTSET START / STOP a set of test cases;
 *
 *  - the job log the dispatcher writes, one YAML flow mapping per line
 *    ("- {"dt": ..., "lvl": "results", "msg": {...}}"), whose "results"
 *    entries are what LAVA recorded: the test cases and LAVA's own
 *    actions (suite "lava").  Read as tuxrun reads it (results.py).
 *
 * A signal LAVA would refuse (a result other than pass, fail, skip or
 * unknown, as printed by a parser that split a name on its spaces) is
 * not a result and is dropped, as LAVA does.
 *
 * Detection may start the parser deep in a console log, after the
 * STARTRUN that named the running definition: test cases seen outside a
 * run wait for the ENDRUN that names it (the next STARTRUN, or the end,
 * reports them without).
 */
#include "formats/crash.h"
#include "formats/crash-header.h"
#include "formats/format.h"
#include "lib/metric.h"
#include "lib/usage.h"

#include <jansson.h>
#include <string.h>

/*
 * Longer names and reasons are cut, and say so: a reason ends in " [cut
 * at 512 bytes]", and a cut name is a changed one, whose original ends in
 * " [cut at 1024 bytes]" and whose component ends in a hash of the whole
 * name, so that two names sharing their first bytes stay two tests.
 */
#define LAVA_MAX_NAME 1024
#define LAVA_MAX_REASON 512
/* Test cases held for a run's name, in bytes, before giving up on it. */
#define LAVA_MAX_PENDING (16UL << 20)

struct lava {
	struct result_sink *sink;
	int ret;
	int job_log;		/* the dispatcher's YAML log, not a console */
	int found;		/* a signal, or a job log entry */

	int in_run;
	/*
	 * The running definition's path component and the open test set's
	 * (or empty), each with the name it was made from and whether that
	 * had to change.
	 */
	struct strbuf run, run_original;
	struct strbuf set, set_original;
	int run_renamed, set_renamed;
	struct strbuf started;	/* a STARTTC case's whole id, still waiting for its result */
	/*
	 * Outside a run, for each test case: status, renamed flag, path, NUL,
	 * then the original path and NUL when renamed, reason, NUL, the
	 * measurement's text (metric_write() without " = ", or nothing), NUL.
	 */
	struct strbuf pending;
	/* The measurement of the case being reported, or NULL: &metric_buf. */
	struct record_metric *metric, metric_buf;
	struct strbuf metric_text;

	struct strbuf path, original, reason, named_reason, json;
	struct strbuf refused;	/* why the first job log line that did not parse did not */
	struct crash_detector crashes;	/* of a console log */
	const struct line_reader *in;	/* for the line numbers of warnings */
	unsigned long reports_at_start;	/* crash reports before the STARTTC */
};

static const char signal_prefix[] = "<LAVA_SIGNAL_";

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* LAVA numbers definitions "0_ltp-smoke"; the name is what follows. */
static size_t skip_run_number(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_digit(s[i]))
		i++;
	return i && i < len && s[i] == '_' && i + 1 < len ? i + 1 : 0;
}

/*
 * Appends a name as the log spells it, but for NUL bytes, which would end
 * it early where it is held as a C string: they become spaces, as every
 * control character of a reason does (record_clean_reason()).
 */
static void add_original(struct strbuf *original, const char *s, size_t len)
{
	const char *nul;

	while ((nul = memchr(s, '\0', len))) {
		strbuf_add(original, s, (size_t)(nul - s));
		strbuf_addch(original, ' ');
		len -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	strbuf_add(original, s, len);
}

/*
 * Appends one name to a path, made a component, and as it is to
 * `original`.  Returns whether the path had to change it.
 */
static int add_component(struct strbuf *path, struct strbuf *original, const char *s, size_t len)
{
	size_t cut = format_cut_len(s, len, LAVA_MAX_NAME);

	if (path->len)
		strbuf_addch(path, '.');
	if (original->len)
		strbuf_addch(original, '.');
	add_original(original, s, cut);
	if (cut < len) {
		format_add_cut_mark(original, LAVA_MAX_NAME);
		format_cut_component(path, s, len, LAVA_MAX_NAME);
		return 1;
	}
	if (format_is_path_component(s, len)) {
		strbuf_add(path, s, len);
		return 0;
	}
	format_path_component(path, s, len);
	return 1;
}

/*
 * Test case ids are often already dotted ("timens.timerfd.clockid=7"):
 * each part becomes a component.  Returns whether one had to change.
 */
static int add_dotted(struct strbuf *path, struct strbuf *original, const char *s, size_t len)
{
	const char *end = s + len;
	size_t start = path->len;
	int renamed = 0;

	if (len > LAVA_MAX_NAME) {
		/* one component, not as many as a long id has dots */
		return add_component(path, original, s, len);
	}

	while (s < end) {
		const char *dot = memchr(s, '.', end - s);
		size_t n = (dot ? dot : end) - s;

		if (n)
			renamed |= add_component(path, original, s, n);
		s += n + (dot != NULL);
	}
	if (path->len == start)
		renamed = add_component(path, original, "", 0);
	return renamed;
}

/* Makes `path` the component for one name, and `original` that name. */
static int set_component(struct strbuf *path, struct strbuf *original, const char *s, size_t len)
{
	strbuf_reset(path);
	strbuf_reset(original);
	return add_component(path, original, s, len);
}

/* The LAVA result words; -1 for anything LAVA would refuse. */
static int parse_result(const char *s, size_t len, enum result_status *status)
{
	static const struct {
		const char *word;
		enum result_status status;
	} results[] = {
		{ "pass", STATUS_PASS },
		{ "fail", STATUS_FAIL },
		{ "skip", STATUS_SKIP },
		/* ran, but gave no verdict on the kernel */
		{ "unknown", STATUS_DONE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(results); i++) {
		if (strlen(results[i].word) == len && !memcmp(results[i].word, s, len)) {
			*status = results[i].status;
			return 0;
		}
	}
	return -1;
}

static void add_reason(struct strbuf *out, const char *s, size_t len)
{
	format_add_cut(out, s, len, LAVA_MAX_REASON);
}

/*
 * Hands a result to the sink; `original`, the path as the input spelt
 * it when that had to change (else NULL), goes in front of its reason.
 */
static void emit(struct lava *l, const char *path, const char *original,
		 enum result_status status, const char *reason)
{
	if (l->ret)
		return;
	if (original) {
		strbuf_reset(&l->named_reason);
		format_original_name(&l->named_reason, original, reason);
		reason = l->named_reason.buf;
	}
	l->ret = format_sink_test(l->sink, path, status, reason, l->metric);
}

/* Drops the measurement of the case reported last. */
static void clear_metric(struct lava *l)
{
	if (l->metric)
		record_metric_release(l->metric);
	l->metric = NULL;
}

/*
 * Takes a case's MEASUREMENT and UNITS as its measurement when the
 * measurement is a number; returns 0 then, -1 (nothing kept) otherwise.
 */
static int set_metric(struct lava *l, const char *measurement, size_t measurement_len,
		      const char *units, size_t units_len)
{
	struct strbuf unit = STRBUF_INIT;
	double value;
	int ret;

	clear_metric(l);
	if (metric_parse_value(measurement, measurement_len, &value))
		return -1;
	if (units)
		strbuf_add(&unit, units, units_len);
	ret = metric_from_input(&l->metric_buf, value, units ? unit.buf : NULL, METRIC_PREFIX_NONE);
	if (!ret)
		l->metric = &l->metric_buf;
	strbuf_release(&unit);
	return ret;
}

/* Reports the test cases held outside a run, under the run if `named`. */
static void flush_pending(struct lava *l, int named)
{
	const char *p = l->pending.buf, *end = p + l->pending.len;

	while (p < end && !l->ret) {
		enum result_status status = (enum result_status)(*p++ - '0');
		int renamed = *p++ == '1';
		const char *rel = p, *rel_original = rel, *reason;

		p = rel + strlen(rel) + 1;
		if (renamed) {
			rel_original = p;
			p += strlen(p) + 1;
		}
		reason = p;
		p = reason + strlen(reason) + 1;
		clear_metric(l);
		if (*p && !metric_parse(&l->metric_buf, p, strlen(p)))
			l->metric = &l->metric_buf;
		p += strlen(p) + 1;
		strbuf_reset(&l->path);
		strbuf_reset(&l->original);
		if (named && l->run.len) {
			strbuf_addbuf(&l->path, &l->run);
			strbuf_addch(&l->path, '.');
			strbuf_addbuf(&l->original, &l->run_original);
			strbuf_addch(&l->original, '.');
			renamed |= l->run_renamed;
		}
		strbuf_addstr(&l->path, rel);
		strbuf_addstr(&l->original, rel_original);
		emit(l, l->path.buf, renamed ? l->original.buf : NULL, status,
		     *reason ? reason : NULL);
	}
	clear_metric(l);
	strbuf_reset(&l->pending);
}

/* Case `id` of the running definition and set, or held until it is named. */
static void report(struct lava *l, const char *id, size_t len, enum result_status status,
		   const char *reason)
{
	int renamed = 0;

	strbuf_reset(&l->path);
	strbuf_reset(&l->original);
	if (l->in_run) {
		strbuf_addbuf(&l->path, &l->run);
		strbuf_addbuf(&l->original, &l->run_original);
		renamed |= l->run_renamed;
	}
	if (l->set.len) {
		if (l->path.len)
			strbuf_addch(&l->path, '.');
		if (l->original.len)
			strbuf_addch(&l->original, '.');
		strbuf_addbuf(&l->path, &l->set);
		strbuf_addbuf(&l->original, &l->set_original);
		renamed |= l->set_renamed;
	}
	renamed |= add_dotted(&l->path, &l->original, id, len);
	if (l->in_run) {
		emit(l, l->path.buf, renamed ? l->original.buf : NULL, status, reason);
		return;
	}
	strbuf_addch(&l->pending, '0' + status);
	strbuf_addch(&l->pending, renamed ? '1' : '0');
	strbuf_addbuf(&l->pending, &l->path);
	strbuf_addch(&l->pending, '\0');
	if (renamed) {
		strbuf_addbuf(&l->pending, &l->original);
		strbuf_addch(&l->pending, '\0');
	}
	strbuf_addstr(&l->pending, reason ? reason : "");
	strbuf_addch(&l->pending, '\0');
	if (l->metric) {
		strbuf_reset(&l->metric_text);
		metric_write(&l->metric_text, l->metric);
		strbuf_addstr(&l->pending, l->metric_text.buf + 3);	/* after " = " */
	}
	strbuf_addch(&l->pending, '\0');
	if (l->pending.len > LAVA_MAX_PENDING) {
		warning("line %lu: more than %lu MiB of test cases before the name of their run; "
			"they are reported without it", l->in->lineno, LAVA_MAX_PENDING >> 20);
		flush_pending(l, 0);
	}
}

/* A STARTTC without its TESTCASE when the run ends: it never reported. */
static void miss_started_case(struct lava *l)
{
	struct strbuf id = STRBUF_INIT;

	if (!l->started.len)
		return;
	strbuf_addbuf(&id, &l->started);
	strbuf_reset(&l->started);
	/* the case that was running when the kernel crashed */
	if (l->crashes.reports > l->reports_at_start)
		report(l, id.buf, id.len, STATUS_ERROR, crash_detector_first_header(&l->crashes));
	else
		report(l, id.buf, id.len, STATUS_MISS, "no result reported");
	strbuf_release(&id);
}

static void end_run(struct lava *l, int finished)
{
	miss_started_case(l);
	if (!finished && l->in_run)
		emit(l, l->run.buf, l->run_renamed ? l->run_original.buf : NULL, STATUS_MISS,
		     "test run did not finish");
	l->in_run = 0;
	strbuf_reset(&l->run);
	strbuf_reset(&l->set);
}

/* The next space-separated word of [*p, end). */
static int next_word(const char **p, const char *end, const char **word, size_t *len)
{
	const char *s = *p;

	while (s < end && is_blank(*s))
		s++;
	*word = s;
	while (s < end && !is_blank(*s))
		s++;
	*len = s - *word;
	*p = s;
	return *len > 0;
}

/* "KEY=value": the value when the word has that key. */
static int key_value(const char *word, size_t len, const char *key, const char **value,
		     size_t *value_len)
{
	size_t n = strlen(key);

	if (len <= n || memcmp(word, key, n) || word[n] != '=')
		return 0;
	*value = word + n + 1;
	*value_len = len - n - 1;
	return 1;
}

static void signal_testcase(struct lava *l, const char *p, const char *end)
{
	const char *word, *id = NULL, *result = NULL, *measurement = NULL, *units = NULL;
	size_t len, id_len = 0, result_len = 0, measurement_len = 0, units_len = 0;
	enum result_status status;

	while (next_word(&p, end, &word, &len)) {
		if (!key_value(word, len, "TEST_CASE_ID", &id, &id_len) &&
		    !key_value(word, len, "RESULT", &result, &result_len) &&
		    !key_value(word, len, "MEASUREMENT", &measurement, &measurement_len))
			key_value(word, len, "UNITS", &units, &units_len);
	}
	if (!id || !result || parse_result(result, result_len, &status))
		return;
	if (l->started.len == id_len && id_len && !memcmp(l->started.buf, id, id_len))
		strbuf_reset(&l->started);
	strbuf_reset(&l->reason);
	clear_metric(l);
	if (measurement && set_metric(l, measurement, measurement_len, units, units_len)) {
		add_reason(&l->reason, measurement, measurement_len);
		if (units) {
			strbuf_addch(&l->reason, ' ');
			add_reason(&l->reason, units, units_len);
		}
	}
	report(l, id, id_len, status, l->reason.len ? l->reason.buf : NULL);
	clear_metric(l);
}

static void handle_signal(struct lava *l, const char *name, size_t name_len,
			  const char *p, const char *end)
{
	const char *word;
	size_t len, skip;

#define IS(s) (name_len == strlen(s) && !memcmp(name, s, name_len))
	if (IS("TESTCASE")) {
		signal_testcase(l, p, end);
	} else if (IS("STARTRUN")) {
		if (l->in_run)
			end_run(l, 0);
		miss_started_case(l);
		flush_pending(l, 0);
		if (!next_word(&p, end, &word, &len))
			return;
		skip = skip_run_number(word, len);
		l->run_renamed = set_component(&l->run, &l->run_original, word + skip, len - skip);
		l->in_run = 1;
	} else if (IS("ENDRUN")) {
		if (l->in_run) {
			end_run(l, 1);
		} else if (next_word(&p, end, &word, &len)) {
			/* the end of a run whose start we did not see: it names it */
			miss_started_case(l);
			skip = skip_run_number(word, len);
			l->run_renamed = set_component(&l->run, &l->run_original, word + skip,
						       len - skip);
			flush_pending(l, 1);
			strbuf_reset(&l->run);
			strbuf_reset(&l->set);
		}
	} else if (IS("STARTTC")) {
		miss_started_case(l);
		/* whole: report() cuts it, and hashes all of it */
		if (next_word(&p, end, &word, &len))
			strbuf_add(&l->started, word, len);
		l->reports_at_start = l->crashes.reports;
	} else if (IS("TESTSET")) {
		/* "START name" or "STOP" */
		strbuf_reset(&l->set);
		if (next_word(&p, end, &word, &len) && len == 5 && !memcmp(word, "START", 5) &&
		    next_word(&p, end, &word, &len))
			l->set_renamed = set_component(&l->set, &l->set_original, word, len);
	}
#undef IS
}

/*
 * Finds the signals in one console line.  A signal inside quotes is shell
 * text (a trace of the command that printed it), not a signal.
 */
static void console_line(struct lava *l, const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	const size_t plen = sizeof(signal_prefix) - 1;

	while (!l->ret && (p = memmem(p, end - p, signal_prefix, plen))) {
		const char *name = p + plen, *name_end = name, *close;

		while (name_end < end && ((*name_end >= 'A' && *name_end <= 'Z') || *name_end == '_'))
			name_end++;
		close = name_end < end ? memchr(name_end, '>', (size_t)(end - name_end)) : NULL;
		if (!close)
			return;
		if (name_end > name && (name_end == close || is_blank(*name_end)) &&
		    !(p > line && (p[-1] == '\'' || p[-1] == '"'))) {
			l->found = 1;
			handle_signal(l, name, name_end - name, name_end, close);
		}
		p = close + 1;
	}
}

/*
 * The dispatcher writes YAML flow mappings that are JSON but for "!"
 * tags ("size": ! "12927667"); drop those outside strings.
 */
static void untag(struct strbuf *out, const char *s, size_t len)
{
	size_t i;
	int in_string = 0;

	strbuf_reset(out);
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_string) {
			if (c == '\\' && i + 1 < len) {
				strbuf_addch(out, c);
				c = s[++i];
			} else if (c == '"') {
				in_string = 0;
			}
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '!' && i + 1 < len && s[i + 1] == ' ') {
			i++;
			continue;
		}
		strbuf_addch(out, c);
	}
}

static const char *string_member(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Adds "0_ltp-io" as "ltp-io", as tuxrun does; returns whether it changed. */
static int add_numbered(struct strbuf *path, struct strbuf *original, const char *s, int dotted)
{
	size_t len = strlen(s), skip = skip_run_number(s, len);

	if (dotted)
		return add_dotted(path, original, s + skip, len - skip);
	return add_component(path, original, s + skip, len - skip);
}

static void job_result(struct lava *l, json_t *msg)
{
	const char *definition = string_member(msg, "definition");
	const char *test_case = string_member(msg, "case");
	const char *result = string_member(msg, "result");
	const char *set = string_member(msg, "set");
	const char *label = NULL, *why;
	json_t *extra = json_object_get(msg, "extra");
	enum result_status status;
	size_t case_len;
	int renamed;

	if (!definition || !test_case || !result || parse_result(result, strlen(result), &status))
		return;
	strbuf_reset(&l->path);
	strbuf_reset(&l->original);
	renamed = add_numbered(&l->path, &l->original, definition, 0);
	if (set && *set)
		renamed |= add_component(&l->path, &l->original, set, strlen(set));
	renamed |= add_numbered(&l->path, &l->original, test_case, 1);
	/* downloads repeat, one per artefact: tuxrun keys them by label */
	case_len = strlen(test_case);
	if (!strcmp(definition, "lava") && case_len > 9 &&
	    !strcmp(test_case + case_len - 9, "-download") && json_is_object(extra))
		label = string_member(extra, "label");
	if (label && *label) {
		if (!strncmp(label, "rootfs.", 7) && label[7])
			label += 7;
		renamed |= add_component(&l->path, &l->original, label, strlen(label));
	}

	strbuf_reset(&l->reason);
	clear_metric(l);
	why = string_member(msg, "measurement");
	if (why) {
		const char *units = string_member(msg, "units");

		set_metric(l, why, strlen(why), units, units ? strlen(units) : 0);
	} else if (json_is_number(json_object_get(msg, "measurement")) &&
		   !metric_from_input(&l->metric_buf,
				      json_number_value(json_object_get(msg, "measurement")),
				      string_member(msg, "units"), METRIC_PREFIX_NONE)) {
		l->metric = &l->metric_buf;
	}
	why = string_member(msg, "error_msg");
	if (!why && json_is_object(extra))
		why = string_member(extra, "fail");
	if (why) {
		add_reason(&l->reason, why, strlen(why));
	} else if (!l->metric && string_member(msg, "measurement")) {
		why = string_member(msg, "measurement");
		add_reason(&l->reason, why, strlen(why));
		why = string_member(msg, "units");
		if (why) {
			strbuf_addch(&l->reason, ' ');
			add_reason(&l->reason, why, strlen(why));
		}
	}
	emit(l, l->path.buf, renamed ? l->original.buf : NULL, status,
	     l->reason.len ? l->reason.buf : NULL);
	clear_metric(l);
}

/*
 * One "- {...}" line of a job log; lines that do not parse are skipped,
 * as tuxrun does, the first one's reason kept for when no line does.
 */
static void job_log_line(struct lava *l, const char *line, size_t len, unsigned long lineno)
{
	json_t *entry, *msg;
	json_error_t jerr;
	const char *lvl;

	if (len < 3 || memcmp(line, "- {", 3))
		return;
	untag(&l->json, line + 2, len - 2);
	entry = json_loadb(l->json.buf, l->json.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(entry)) {
		if (!l->refused.len)
			strbuf_addf(&l->refused, "line %lu: %s", lineno,
				    entry ? "not a JSON object" : jerr.text);
		goto cleanup;
	}
	l->found = 1;
	lvl = string_member(entry, "lvl");
	msg = json_object_get(entry, "msg");
	if (lvl && !strcmp(lvl, "results") && json_is_object(msg))
		job_result(l, msg);
cleanup:
	json_decref(entry);
}

static int is_job_log_line(const char *s, size_t len)
{
	return len > 3 && !memcmp(s, "- {", 3) && memmem(s, len, "\"lvl\":", 6);
}

static int lava_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct lava l;
	char *line;
	size_t len;
	int first = 1;
	size_t crashes = 0;

	memset(&l, 0, sizeof(l));
	l.sink = sink;
	l.in = in;
	strbuf_init(&l.run, 0);
	strbuf_init(&l.run_original, 0);
	strbuf_init(&l.set, 0);
	strbuf_init(&l.set_original, 0);
	strbuf_init(&l.started, 0);
	strbuf_init(&l.pending, 0);
	strbuf_init(&l.path, 0);
	strbuf_init(&l.original, 0);
	strbuf_init(&l.reason, 0);
	strbuf_init(&l.named_reason, 0);
	strbuf_init(&l.json, 0);
	strbuf_init(&l.refused, 0);
	strbuf_init(&l.metric_text, 0);
	crash_detector_init(&l.crashes);

	line_reader_set_marker(in, crash_header_mark);
	while (!l.ret && (line = line_reader_next(in, &len))) {
		if (first && len) {
			l.job_log = is_job_log_line(line, len);
			first = 0;
		}
		if (l.job_log)
			job_log_line(&l, line, len, in->lineno);
		else {
			int found = l.found;

			crash_detector_line_marked(&l.crashes, line, len, line_reader_marks(in, line));
			console_line(&l, line, len);
			/* as for KTAP: crashes before the first signal only count without any */
			if (!found && l.found)
				crash_detector_reset(&l.crashes);
		}
	}
	crash_detector_finish(&l.crashes);
	if (!l.ret && l.in_run)
		end_run(&l, 0);
	if (!l.ret) {
		miss_started_case(&l);
		flush_pending(&l, 0);
	}
	if (!l.ret && !l.job_log)
		l.ret = crash_detector_emit(&l.crashes, sink,
					    l.found ? CRASH_BOOT_NONE : CRASH_BOOT_NO_TESTS, &crashes);
	if (!l.ret && !in->error && !l.found && !crashes) {
		strbuf_addstr(err, l.job_log ? "no LAVA job log entries found" :
			      "no LAVA signals found");
		if (l.refused.len)
			strbuf_addf(err, " (%s)", l.refused.buf);
		l.ret = -1;
	}

	strbuf_release(&l.run);
	strbuf_release(&l.run_original);
	strbuf_release(&l.set);
	strbuf_release(&l.set_original);
	strbuf_release(&l.started);
	strbuf_release(&l.pending);
	strbuf_release(&l.path);
	strbuf_release(&l.original);
	strbuf_release(&l.reason);
	strbuf_release(&l.refused);
	strbuf_release(&l.named_reason);
	strbuf_release(&l.json);
	strbuf_release(&l.metric_text);
	clear_metric(&l);
	crash_detector_release(&l.crashes);
	return l.ret;
}

/* How sure a signal makes us: a test case is a result, the rest framing. */
static int signal_score(const char *s, size_t len)
{
	static const struct {
		const char *name;
		int score;
	} names[] = {
		{ "TESTCASE", 90 },
		{ "STARTRUN", 60 },
		{ "ENDRUN", 60 },
		{ "STARTTC", 60 },
		{ "ENDTC", 60 },
		{ "TESTSET", 60 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		size_t n = strlen(names[i].name);

		if (len > n && !memcmp(s, names[i].name, n) && (s[n] == ' ' || s[n] == '>'))
			return names[i].score;
	}
	return 0;
}

/*
 * A job log is known from its first line.  In a console log, a test case
 * signal on a line of its own, closed on that line, is as sure as a KTAP
 * version line; the signals that only frame a run are less: a run that
 * crashed before any result may hold KTAP that has them.
 */
static int lava_detect(const char *head, size_t len)
{
	const char *p = head, *end = head + len;
	const size_t plen = sizeof(signal_prefix) - 1;
	const char *eol = memchr(head, '\n', len);
	int best = 0;

	if (is_job_log_line(head, (eol ? eol : end) - head))
		return 100;
	/*
	 * A JSON document (tuxrun's results.json, a KCIDB submission) may
	 * quote LAVA signals in its strings; it is not a console log.
	 */
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p < end && *p == '[') {
		/* an array of objects, not a printk timestamp "[   12.5]" */
		do
			p++;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'));
		if (p < end && (*p == '{' || *p == '"' || *p == ']'))
			return 0;
	} else if (p < end && *p == '{') {
		return 0;
	}
	p = head;
	while (best < 90 && (p = memmem(p, end - p, signal_prefix, plen))) {
		const char *name = p + plen;
		const char *line_end = memchr(name, '\n', end - name);
		int score;

		if (!line_end)
			line_end = end;
		score = signal_score(name, line_end - name);
		if (score > best && memchr(name, '>', line_end - name) &&
		    !(p > head && (p[-1] == '\'' || p[-1] == '"')))
			best = score;
		p = name;
	}
	return best;
}

const struct format format_lava = {
	.name = "lava",
	.description = "LAVA test signals in a console log, or a LAVA job log",
	.detect = lava_detect,
	.parse = lava_parse,
	.embedded = 1,
};
