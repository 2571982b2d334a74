/*
 * --format=auto: which format an input is in.  Most formats are known by
 * how their input starts; those found inside longer logs (KTAP, LAVA
 * signals) may start anywhere, after megabytes of boot messages.
 */
#include "formats/format.h"

#include <string.h>
#include <unistd.h>

/*
 * How sure an embedded format's detector must be about one line: a line
 * such as "ok 1" proves little in a console log, a version line or a
 * LAVA signal does.
 */
#define EMBEDDED_MIN_SCORE 90
/*
 * How sure a detector must be about the first window as a whole to be
 * taken at its word without looking further: bare TAP, whose first line
 * is a plan or a result, is.
 */
#define HEAD_MIN_SCORE 80

/*
 * The embedded format of the first line in `window` that a detector
 * claims, with that line's offset in *at; NULL when no line is claimed.
 */
static const struct format *first_embedded(const char *window, size_t len, size_t *at)
{
	const struct format *fmt = format_detect_embedded(window, len, EMBEDDED_MIN_SCORE);
	const char *p = window, *end = window + len;

	*at = 0;
	if (!fmt)
		return NULL;
	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);
		const struct format *line_fmt;

		line_fmt = format_detect_embedded(p, (eol ? eol : end) - p, EMBEDDED_MIN_SCORE);
		if (line_fmt) {
			*at = p - window;
			return line_fmt;
		}
		p = eol ? eol + 1 : end;
	}
	return fmt;	/* a detector that needs more than one line */
}

/* Consumes input up to and including the next newline. */
static void drop_rest_of_line(struct line_reader *lr)
{
	const char *data, *nl;
	size_t len;

	while ((len = line_reader_peek(lr, FORMAT_DETECT_BYTES, &data))) {
		nl = memchr(data, '\n', len);
		line_reader_consume(lr, nl ? (size_t)(nl + 1 - data) : len);
		if (nl)
			return;
	}
}

/*
 * Picks among the formats found inside logs (KTAP, LAVA signals) the one
 * whose results start first: the first line a detector is sure about (a
 * version line, a LAVA test case; not LAVA's framing of a run, which a
 * crash may leave without any result while the KTAP inside it has them).
 *
 * Within the first window the parser reads from the start of the input,
 * and a detector's claim on the window as a whole (bare TAP, say) stands
 * when no line is sure.  Beyond it, the lines nobody is sure about are
 * dropped window by window, so the input is read once and in constant
 * memory, and the parser starts at the line that decided.  Only when the
 * input ends without such a line does a weaker claim on the first window
 * (a LAVA run that crashed before any result) make us read the input
 * again, from where it started, and only if it can be read again.
 */
static const struct format *detect_embedded(struct line_reader *lr, off_t start,
					    const char *head, size_t len,
					    const struct format *head_best)
{
	const struct format *fmt;
	size_t at;

	fmt = first_embedded(head, len, &at);
	if (fmt)
		return fmt;
	if (head_best && (len < FORMAT_DETECT_BYTES || head_best->detect(head, len) >= HEAD_MIN_SCORE))
		return head_best;
	while (len >= FORMAT_DETECT_BYTES && !lr->error) {
		const char *nl = memrchr(head, '\n', len);

		if (nl) {
			line_reader_consume(lr, nl + 1 - head);
		} else {
			/* a line longer than a window is no use to anybody */
			line_reader_consume(lr, len);
			drop_rest_of_line(lr);
		}
		len = line_reader_peek(lr, FORMAT_DETECT_BYTES, &head);
		fmt = first_embedded(head, len, &at);
		if (fmt) {
			line_reader_consume(lr, at);
			return fmt;
		}
	}
	if (!head_best || lr->error || start < 0 || lseek(lr->fd, start, SEEK_SET) != start)
		return NULL;
	line_reader_release(lr);
	line_reader_init(lr, lr->fd);
	return head_best;
}

const struct format *format_detect_input(struct line_reader *lr, off_t start)
{
	const struct format *fmt;
	const char *head;
	size_t len = line_reader_peek(lr, FORMAT_DETECT_BYTES, &head);

	fmt = format_detect(head, len);
	if (!fmt || fmt->embedded)
		fmt = detect_embedded(lr, start, head, len, fmt);
	return fmt;
}
