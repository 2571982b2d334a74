#ifndef FORMATS_CRASH_H
#define FORMATS_CRASH_H

#include "formats/format.h"
#include "lib/line-reader.h"
#include "lib/strbuf.h"

/*
 * Kernel crash reports in a console log, found one line at a time: the
 * reports the kernel prints (Oops, BUG:, WARNING:, KASAN, lockdep, RCU
 * stalls, hung tasks, panics, ...) titled as syzbot titles them
 * ("KASAN: use-after-free Read in filp_close", "WARNING in
 * driver_unregister").  Every reader of console output (ktap, lava,
 * console) feeds its lines here and adds the crashes to its results as
 * failing tests kernel.crash.<kind> (see git-results-formats(7)).
 *
 * The table of report kinds is in formats/crash.c.
 */

/*
 * Room for every kind of crash in one log: at least as many as the rows
 * of the table in crash.c (a static assertion there), so no report goes
 * untold however many kinds a log holds.
 */
#define CRASH_MAX_KINDS 128

struct crash {
	const char *kind;	/* path component: "kasan", "warning", ... */
	char *title;		/* the first title of this kind */
	unsigned long count;	/* reports of this kind */
	int before_init;	/* the first came before the kernel started init */
};

struct crash_detector {
	/* the report being read: its lines, without printk prefixes */
	int reading;
	struct strbuf report;
	size_t report_lines;
	char context[16];	/* printk caller ("T123") of the report's header */
	struct strbuf header;	/* the first header line, for an ERROR's reason */

	struct crash crashes[CRASH_MAX_KINDS];
	size_t nr;
	unsigned long reports;	/* reports started so far */
	int boot_seen;		/* "Linux version ..." */
	int init_seen;		/* "Run /sbin/init as init process" */
	struct strbuf title;	/* scratch */
};

void crash_detector_init(struct crash_detector *d);
void crash_detector_release(struct crash_detector *d);

/* Forgets what was read so far. */
void crash_detector_reset(struct crash_detector *d);

/*
 * Reads one line of console output, as it was printed (printk prefixes
 * and all).  Returns 1 when the line starts a crash report, 0 otherwise.
 */
int crash_detector_line(struct crash_detector *d, const char *line, size_t len);

/*
 * crash_detector_line() of a line a line reader returned, by the marks
 * its marker crash_header_mark() made (line_reader_marks()): the
 * same, faster.
 */
int crash_detector_line_marked(struct crash_detector *d, const char *line, size_t len,
			       struct line_marks marks);

/* Whether a report is still being read (its title needs more lines). */
static inline int crash_detector_reading(const struct crash_detector *d)
{
	return d->reading;
}

/* The input ended: titles the report being read. */
void crash_detector_finish(struct crash_detector *d);

/* The first crash's header line, or NULL when none was seen. */
const char *crash_detector_first_header(const struct crash_detector *d);

/*
 * The title of the first crash report of the log, as syzbot would report
 * it, once crash_detector_finish() has run; NULL when there was none.
 */
const char *crash_detector_first_title(const struct crash_detector *d);

/* What the crashes say about the test "boot". */
enum crash_boot {
	CRASH_BOOT_NONE,	/* nothing: the log's tests ran */
	CRASH_BOOT_NO_TESTS,	/* FAIL on a crash: the kernel never reached the tests */
	CRASH_BOOT_BY_INIT,	/* a plain console log: did the kernel start init? */
};

/*
 * Hands the crashes to `sink`, one FAIL test kernel.crash.<kind> per
 * kind, its reason the first title of that kind ("... (3 reports)" when
 * it repeated), and the test "boot" as `boot` says: with
 * CRASH_BOOT_BY_INIT, PASS when the kernel started init before any
 * crash, FAIL when a crash came first, MISS when the log shows the boot
 * and neither (nothing when the log shows neither the boot nor a crash).
 * Returns the sink's non-zero return, or 0; *emitted counts the tests.
 */
int crash_detector_emit(struct crash_detector *d, struct result_sink *sink, enum crash_boot boot,
			size_t *emitted);

#endif
