#ifndef FORMATS_CRASH_HEADER_H
#define FORMATS_CRASH_HEADER_H

#include <stddef.h>

/*
 * The lines that start a kernel crash report ("BUG:", "WARNING:",
 * "general protection fault", ...), found in each line of a console
 * log by formats/crash.c: the cheap first look at every line.
 */
struct crash_header {
	const char *text;
	/*
	 * Does not start a new report inside another one, or after one:
	 * panics and traps that follow the report that caused them.
	 */
	int cont;
	int word;	/* only after a word boundary: "DEBUG:" is no "BUG:" */
	int titled;	/* only what a kind of crash titles: "INFO: ..." is mostly chatter */
};

/* Builds the lookup tables; cheap after the first call. */
void crash_header_init(void);

/*
 * The header in the line `s`, the leftmost one and, of those starting
 * at the same byte, the first of the table, with where it starts in
 * *at; NULL when the line has none.  Headers are looked for everywhere
 * in a line with a colon, in `s` or, when `colon_before` is set, in
 * what was cut from the line before `s`; else only at the start of `s`
 * (those with none after them: "Unable to handle kernel paging request
 * at ...", "Booting the kernel.").
 *
 * GIT_TEST_CRASH_SCAN=bytes looks at every byte, as the reference the
 * faster scan is tested against; =portable does without SSE2.
 */
const struct crash_header *crash_header_find(const char *s, size_t len, const char **at,
					     int colon_before);

#endif
