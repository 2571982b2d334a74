/*
 * libFuzzer target for --format=auto: detection among all the registered
 * formats (looking past the first window for formats embedded in logs),
 * then the chosen parser, through the same entry point the commands use.
 */
#include "t/fuzz/fuzz.h"
#include "formats/format.h"
#include "lib/record.h"
#include "lib/usage.h"


/* Whatever the input, the record it made is canonical: it reads back. */
static void check_record(struct record *r)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	record_set_origin(r, "fuzz");
	record_set_run(r, "1");
	record_set_date(r, "2026-01-01T00:00:00Z");
	record_normalize(r);
	record_write(&out, r);
	if (record_list_parse(&list, out.buf, out.len, &err))
		BUG("a parsed record does not read back: %s", err.buf);
	record_list_release(&list);
	strbuf_release(&out);
	strbuf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record r = RECORD_INIT;
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;

	strbuf_addf(&path, "/proc/self/fd/%d", fuzz_input_fd(data, size));
	if (!format_parse_file_to_record(&r, path.buf, "auto", &err))
		check_record(&r);
	else if (!err.len)
		BUG("parsing failed without a message");
	record_release(&r);
	strbuf_release(&err);
	strbuf_release(&path);
	return 0;
}
