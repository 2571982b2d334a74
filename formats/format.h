#ifndef FORMATS_FORMAT_H
#define FORMATS_FORMAT_H

#include "lib/line-reader.h"
#include "lib/status.h"
#include "lib/strbuf.h"

#include <sys/types.h>

/*
 * Every input format is one `struct format` in the registry
 * (formats/registry.c).  A parser reads its input once, streaming, and
 * hands each test result to a sink as soon as it is known, so that the
 * parser's own memory does not depend on the input's size.
 */

struct record;
struct record_metric;

struct result_sink {
	/*
	 * Called once per test result.  `path` is a KCIDB path (dot-separated
	 * components of [A-Za-z0-9_-]); `reason` may be NULL.  Both are only
	 * valid during the call.  A non-zero return stops the parser, which
	 * then returns that value.
	 */
	int (*test)(struct result_sink *sink, const char *path,
		    enum result_status status, const char *reason);
	/*
	 * Called by formats whose input says what was tested, before the
	 * tests of each run: a KCIDB submission holds one run per build and
	 * test environment, a KUnit JSON file names its architecture.
	 * `header` is a record without tests; what the input does not say is
	 * left unset (NULL, or "" for the commit).  `date` may be any RFC 3339
	 * date; the consumer normalises it.  The tests that follow, up to the
	 * next call, belong to that run.  Formats that give only tests never
	 * call it; NULL in a sink that has no use for it.  A non-zero return
	 * stops the parser, as for test().
	 */
	int (*run)(struct result_sink *sink, const struct record *header);
	void *data;
	/*
	 * As test(), for a test that gave a measurement, valid only during
	 * the call.  Formats call it through format_sink_test(), which falls
	 * back on test() (the measurement dropped) in a sink that leaves it
	 * NULL.
	 */
	int (*test_metric)(struct result_sink *sink, const char *path,
			   enum result_status status, const char *reason,
			   const struct record_metric *metric);
};

/* Hands one test to `sink`, with its measurement when `metric` is not NULL. */
int format_sink_test(struct result_sink *sink, const char *path, enum result_status status,
		     const char *reason, const struct record_metric *metric);

struct format {
	const char *name;
	const char *description;
	/*
	 * Given the first bytes of the input, returns how sure it is that the
	 * input is in this format: 0 (not at all) to 100 (certain).
	 */
	int (*detect)(const char *head, size_t len);
	/*
	 * Whether the format is often embedded in a longer log (a console
	 * log that reaches it after megabytes of boot messages), so that its
	 * detector is also asked about later windows of whole lines when
	 * nothing claimed the start of the input.
	 */
	int embedded;
	/*
	 * Parses the whole input.  Returns 0 on success, a sink's non-zero
	 * return value, or -1 with a one-line message (no "error: " prefix) in
	 * `err` when the input cannot be read as this format.
	 */
	int (*parse)(struct line_reader *in, struct result_sink *sink, struct strbuf *err);
};

/* Looks a format up by name (case-insensitive); NULL when unknown. */
const struct format *format_find(const char *name);

/*
 * Picks the format whose detector is surest about `head`; NULL when none
 * claims it.
 */
const struct format *format_detect(const char *head, size_t len);

/*
 * The same, asking only the embedded formats about a window of whole
 * lines from the middle of the input, and only taking a detector's word
 * when it is at least `min_score` sure.
 */
const struct format *format_detect_embedded(const char *window, size_t len, int min_score);

/*
 * How sure a detector must be for a named format that does not recognise
 * the input at all to be refused in its favour.
 */
#define FORMAT_SURE_SCORE 80

/* How much of the input detectors see at a time. */
#define FORMAT_DETECT_BYTES (64 * 1024)

/*
 * Detects the format of what `lr` reads, which started at offset `start`
 * of its file descriptor (-1 when it cannot be read again): the surest
 * detector about the first FORMAT_DETECT_BYTES, or for formats embedded
 * in logs the one whose results start first, looking as far into the
 * input as needed (formats/detect.c).  Lines before those results may be
 * consumed, so the parser starts where they do; rarely, the input is
 * rewound to `start`.  NULL when no format claims the input.
 */
const struct format *format_detect_input(struct line_reader *lr, off_t start);

/* Appends the registered names, comma-separated, for messages. */
void format_list_names(struct strbuf *out);

/*
 * Turns a free-form test name into one KCIDB path component: characters
 * outside [A-Za-z0-9_-] become '_', runs of them collapse, and an empty
 * result becomes "unnamed".  Appends to `out`.
 */
void format_path_component(struct strbuf *out, const char *name, size_t len);

/*
 * Parses `path` ("-" for standard input) with the named format, or the
 * detected one when `format_name` is NULL or "auto", handing its results
 * to `sink`.  Returns 0; a sink's non-zero return value when it stopped
 * the parser (having reported why itself); or -1 with a message in `err`
 * (which names the file) when the input cannot be read or parsed.
 */
int format_parse_file(const char *path, const char *format_name, struct result_sink *sink,
		      struct strbuf *err);

/*
 * The same, adding every test to `r`, whatever run of the input it
 * belongs to: for tests and tools that look at one input's results.
 */
int format_parse_file_to_record(struct record *r, const char *path, const char *format_name,
				struct strbuf *err);

/*
 * Appends the reason a test line gets when its name had to change to
 * become a path component: the original name, quoted, then the format's
 * own reason, if any ("name \"Earliest (UTC)\": timed out").  Readers
 * use it so that no name is lost; see git-results-formats(7).
 */
void format_original_name(struct strbuf *out, const char *name, const char *reason);

/*
 * How much of `s` a reader keeps under a limit of `max` bytes: all of it
 * when it fits, else at most `max` bytes, cut back to a UTF-8 character
 * boundary.  A reader that cuts says so with format_add_cut_mark().
 */
size_t format_cut_len(const char *s, size_t len, size_t max);

/*
 * Appends " [cut at <max> bytes]", which ends every reason or original
 * name a reader cut at a limit (git-results-formats(7), LIMITS).
 */
void format_add_cut_mark(struct strbuf *out, size_t max);

/* Appends `s`, cut at `max` bytes as format_cut_len() says, and saying so. */
void format_add_cut(struct strbuf *out, const char *s, size_t len, size_t max);

/* The same for a C string, which is read no further than it is kept. */
void format_add_cut_str(struct strbuf *out, const char *s, size_t max);

/*
 * Appends the path component of a name longer than `max` bytes: its
 * first bytes, mapped as format_path_component() does, then "_" and
 * eight hex digits hashed from the whole name, `max` bytes at most.  The
 * same name gets the same component in every run, and names that share
 * their first `max` bytes get different ones.
 */
void format_cut_component(struct strbuf *out, const char *name, size_t len, size_t max);

/* Whether `name` is already a valid path component, unchanged. */
int format_is_path_component(const char *name, size_t len);

#endif
