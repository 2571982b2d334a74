/*
 * libFuzzer target for one input format, compiled once per format in the
 * registry with -DFUZZ_FORMAT=format_<name>: the format's detector and
 * parser on arbitrary bytes.  Every path a parser reports must be a valid
 * KCIDB path and every status one of the six, whatever the input.
 */
#include "t/fuzz/fuzz.h"
#include "formats/format.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <string.h>

#ifndef FUZZ_FORMAT
#error "compile with -DFUZZ_FORMAT=format_<name>"
#endif

extern const struct format FUZZ_FORMAT;

static int check_test(struct result_sink *sink, const char *path,
		      enum result_status status, const char *reason)
{
	struct strbuf err = STRBUF_INIT;

	if (record_check_path(path, &err))
		BUG("%s reported a bad path: %s", FUZZ_FORMAT.name, err.buf);
	if ((unsigned)status >= STATUS__NR)
		BUG("%s reported status %d", FUZZ_FORMAT.name, (int)status);
	if (reason && strlen(reason) > (1 << 20))
		BUG("%s reported a reason of %zu bytes", FUZZ_FORMAT.name, strlen(reason));
	(*(size_t *)sink->data)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct line_reader lr;
	struct strbuf err = STRBUF_INIT;
	size_t tests = 0;
	struct result_sink sink = { check_test, NULL, &tests };
	int score = FUZZ_FORMAT.detect((const char *)data, size);

	if (score < 0 || score > 100)
		BUG("%s detector scored %d", FUZZ_FORMAT.name, score);
	line_reader_init(&lr, fuzz_input_fd(data, size));
	if (FUZZ_FORMAT.parse(&lr, &sink, &err) && !err.len)
		BUG("%s failed without a message", FUZZ_FORMAT.name);
	line_reader_release(&lr);
	strbuf_release(&err);
	return 0;
}
