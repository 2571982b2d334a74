/*
 * Unit tests for lib/progress: the exact bytes a meter writes to stderr
 * (git's format, "\r" between redraws, ", done." at the end), that a
 * shorter redraw blanks out what the longer one left, and that a meter
 * taken down after an error leaves a blank line for the message.
 */
#include "t/unit/unit.h"
#include "lib/progress.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static FILE *capture;
static int saved_stderr;

/* Sends stderr to a temporary file until captured() reads it back. */
static void capture_stderr(void)
{
	fflush(stderr);
	capture = tmpfile();
	saved_stderr = dup(2);
	dup2(fileno(capture), 2);
}

static void captured(struct strbuf *out)
{
	char buf[4096];
	size_t n;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	rewind(capture);
	strbuf_reset(out);
	while ((n = fread(buf, 1, sizeof(buf), capture)) > 0)
		strbuf_add(out, buf, n);
	fclose(capture);
}

int main(void)
{
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;
	struct progress *p;

	setenv("GIT_PROGRESS_DELAY", "0", 1);

	progress_set_enabled(-1);
	capture_stderr();
	p = progress_start("Walking commits", 0);
	captured(&out);
	CHECK(!p);	/* stderr is a file, not a terminal */

	progress_set_enabled(0);
	CHECK(!progress_start("Walking commits", 10));

	progress_set_enabled(1);
	capture_stderr();
	p = progress_start("Adding results", 4);
	progress_update(p, 1);
	progress_update(p, 2);
	progress_update(p, 2);
	progress_update(p, 4);
	progress_stop(&p);
	captured(&out);
	CHECK(!p);
	CHECK_STR(out.buf, "Adding results:  25% (1/4)\rAdding results:  50% (2/4)\r"
		  "Adding results: 100% (4/4)\rAdding results: 100% (4/4), done.\n");

	/* Without a total: the count only, redrawn on the timer's tick. */
	capture_stderr();
	p = progress_start("Counting commits", 0);
	progress_update(p, 100);
	progress_update(p, 101);	/* no tick yet: not drawn */
	raise(SIGALRM);
	progress_update(p, 7);		/* shorter: the old tail is blanked */
	progress_stop(&p);
	captured(&out);
	CHECK_STR(out.buf, "Counting commits: 100\rCounting commits: 7  \r"
		  "Counting commits: 7, done.\n");

	/* Taken down after an error: blanked, no "done", the message on a clean line. */
	capture_stderr();
	p = progress_start("Publishing results", 2);
	progress_update(p, 1);
	progress_free(&p);
	error("no");
	captured(&out);
	CHECK(!p);
	strbuf_addstr(&want, "Publishing results:  50% (1/2)\r");
	strbuf_addf(&want, "%*s\r", (int)strlen("Publishing results:  50% (1/2)"), "");
	strbuf_addstr(&want, "error: no\n");
	CHECK_STR(out.buf, want.buf);

	/* Never drawn (the delay is not over): nothing to take down. */
	setenv("GIT_PROGRESS_DELAY", "60", 1);
	capture_stderr();
	p = progress_start("Reading KCIDB", 3);
	progress_update(p, 1);
	progress_free(&p);
	p = progress_start("Reading KCIDB", 3);
	progress_update(p, 3);
	progress_stop(&p);
	captured(&out);
	CHECK_STR(out.buf, "");

	/* Both ends accept NULL, as when progress is off. */
	progress_update(NULL, 1);
	progress_stop(&p);
	progress_free(&p);

	strbuf_release(&out);
	strbuf_release(&want);
	return unit_done();
}
