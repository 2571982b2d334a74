/*
 * A kernel console log with no test results in it: its tests are the
 * kernel's own, whether it booted (started init) and whether it crashed
 * (formats/crash.c).  What --format=auto falls back to when a log shows
 * printk output and neither KTAP nor LAVA signals.
 */
#include "formats/crash.h"
#include "formats/crash-header.h"

#include <string.h>

/* How sure printk output makes us: less than any format that has tests. */
#define CONSOLE_SCORE 20

static int console_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct crash_detector d;
	size_t emitted = 0;
	char *line;
	size_t len;
	int ret;

	crash_detector_init(&d);
	line_reader_set_marker(in, crash_header_mark);
	while ((line = line_reader_next(in, &len)))
		crash_detector_line_marked(&d, line, len, line_reader_marks(in, line));
	crash_detector_finish(&d);
	if (in->error) {
		strbuf_addstr(err, strerror(in->error));
		ret = -1;
		goto cleanup;
	}
	ret = crash_detector_emit(&d, sink, CRASH_BOOT_BY_INIT, &emitted);
	if (!ret && !emitted) {
		strbuf_addstr(err, "no kernel boot or crash found");
		ret = -1;
	}
cleanup:
	crash_detector_release(&d);
	return ret;
}

/* A printk timestamp at the start of a line: "[    0.000000] ", "<6>[ ...". */
static int printk_line(const char *p, const char *end)
{
	if (p < end && *p == '<') {
		const char *gt = memchr(p, '>', end - p < 5 ? end - p : 5);

		if (!gt)
			return 0;
		p = gt + 1;
	}
	if (p >= end || *p != '[')
		return 0;
	for (p++; p < end && *p == ' '; p++)
		;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p < end && *p == '.';
}

static int console_detect(const char *head, size_t len)
{
	const char *p = head, *end = head + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);

		if (printk_line(p, eol ? eol : end))
			return CONSOLE_SCORE;
		p = eol ? eol + 1 : end;
	}
	return 0;
}

const struct format format_console = {
	.name = "console",
	.description = "a kernel console log: boot and crashes",
	.detect = console_detect,
	.parse = console_parse,
	.embedded = 1,
};
