#ifndef RESULT_SPOOL_H
#define RESULT_SPOOL_H

#include "lib/metric.h"
#include "lib/status.h"
#include "lib/strbuf.h"

#include <stdint.h>

/*
 * The tests of one record on their way from a parser to the record's
 * canonical text, in memory that does not grow with their number.
 *
 * Each test is kept as its canonical test line ("PASS a.b # reason\n",
 * git-results-record(5)).  Lines collect in a chunk of a few megabytes;
 * a full chunk is sorted and spilled to an unlinked temporary file as a
 * sorted run, front-coded (each line as the length of the prefix it
 * shares with the line before and the rest, a fifth of the bytes for
 * sorted test paths), and the runs are merged when the tests are read
 * back.
 * Tests that arrive in canonical order, as a large generated log's
 * usually do, are never sorted: their chunks extend one run, which is
 * read back in large blocks.  A record of a few thousand tests never
 * touches the disk.  A chunk past a few pages lives in huge pages, and
 * is sorted by a list of its lines, which stay where they are.
 */

struct spool_run {
	uint64_t offset, len;	/* where the run lies in the temporary file */
};

struct spool_reader;
struct spool_sort_entry;

struct result_spool {
	/* What was added: read them, do not write them. */
	size_t counts[STATUS__NR];
	uint64_t nr;		/* tests */
	uint64_t bytes;		/* bytes of all their canonical lines */
	uint64_t metrics;	/* tests with a measurement */

	/* Bytes of lines kept in memory before spilling; tests may lower it. */
	size_t chunk_limit;

	/* Private. */
	struct strbuf chunk;	/* lines not spilled yet */
	size_t chunk_lines;
	size_t prev_path, prev_path_len, prev_tail, prev_tail_len;
	enum result_status prev_status;
	int chunk_sorted;	/* `chunk` is in canonical order (by `order` when set) */
	int chunk_extends;	/* ... and continues the last run */
	struct spool_sort_entry *order;	/* the chunk's lines in order, when sorted; or NULL */
	struct spool_sort_entry *sort_block;	/* where `order` is sorted, kept for the next chunk */
	size_t sort_alloc;	/* lines it can sort */
	struct strbuf last;	/* the last line of the last run */
	struct strbuf scratch;
	int fd;			/* temporary file, or -1 */
	uint64_t file_len;
	struct spool_run *runs;
	size_t runs_nr, runs_alloc;
	int finished;
	struct spool_reader *reader;
};

#define RESULT_SPOOL_CHUNK (4u << 20)

void result_spool_init(struct result_spool *s);
/* Frees memory and closes (so deletes) the temporary file; `s` is re-initialised. */
void result_spool_release(struct result_spool *s);

/*
 * Adds one test.  `path` must be a valid record path; `reason` may be
 * NULL, and is cleaned as record_add_test() cleans it.  Dies when the
 * temporary file cannot be written.
 */
void result_spool_add(struct result_spool *s, const char *path, enum result_status status,
		    const char *reason);
/* The same, with the test's measurement (NULL for none). */
void result_spool_add_metric(struct result_spool *s, const char *path, enum result_status status,
			     const char *reason, const struct record_metric *metric);

/*
 * Ends adding and (re)starts reading the tests back, in canonical order.
 * May be called again to read them once more.
 */
void result_spool_rewind(struct result_spool *s);

/*
 * The next block of whole canonical test lines, each ending in '\n', and
 * its length; NULL after the last.  The block stays valid until the next
 * call.  Reads the temporary file as needed; dies when it cannot.
 */
const char *result_spool_read(struct result_spool *s, size_t *len);

/* One test line taken apart; the pointers are into the line. */
struct spool_test {
	enum result_status status;
	const char *path;
	size_t path_len;
	const char *metric;	/* "940.5 Mbit/s", after " = "; NULL when none */
	size_t metric_len;
	const char *reason;	/* NULL when the test has none */
	size_t reason_len;
};

/*
 * Splits the canonical test line at `line` (`len` bytes, up to and
 * excluding its newline) into `t`.
 */
void spool_test_parse(struct spool_test *t, const char *line, size_t len);

#endif
