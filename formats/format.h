#ifndef FORMAT_H
#define FORMAT_H

#include "../lib/line-reader.h"
#include "../lib/status.h"
#include "../lib/strbuf.h"

#include <sys/types.h>

/*
 * Every input format is one `struct format` in the registry
 * (formats/registry.c).  A parser reads its input once, streaming, and
 * hands each test result to a sink as soon as it is known, so that the
 * parser's own memory does not depend on the input's size.
 */

struct result_sink {
	/*
	 * Called once per test result.  `path` is a KCIDB path (dot-separated
	 * components of [A-Za-z0-9_-]); `reason` may be NULL.  Both are only
	 * valid during the call.  A non-zero return stops the parser, which
	 * then returns that value.
	 */
	int (*test)(struct result_sink *sink, const char *path,
		    enum result_status status, const char *reason);
	void *data;
};

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

struct record;

/*
 * Parses `path` ("-" for standard input) with the named format, or the
 * detected one when `format_name` is NULL or "auto", adding its tests to
 * `r`.  Returns 0, or -1 with a message in `err` (which names the file).
 */
int format_parse_file(struct record *r, const char *path, const char *format_name,
		      struct strbuf *err);

#endif
