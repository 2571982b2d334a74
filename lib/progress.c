#include "lib/progress.h"
#include "lib/usage.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

struct progress {
	char *title;
	uint64_t total;
	uint64_t last_done;
	int last_percent;
	double start;
	double delay;
	int shown;
	int last_len;		/* of the line last drawn, to wipe what it leaves */
};

static int progress_enabled = -1;

/*
 * Set by SIGALRM: once when the delay is over, then every second.  As in
 * git, a timer rather than a clock read per update keeps
 * progress_update() free of system calls, which matters in loops over
 * hundreds of thousands of items.
 */
static volatile sig_atomic_t progress_tick;
static int meters_running;

void progress_set_enabled(int enabled)
{
	progress_enabled = enabled;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress_interval(int signo)
{
	progress_tick = 1;
}

static void start_timer(double delay)
{
	struct sigaction sa;
	struct itimerval v;

	sa.sa_handler = progress_interval;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);

	progress_tick = delay <= 0;
	if (progress_tick)
		delay = 1;
	v.it_value.tv_sec = (time_t)delay;
	v.it_value.tv_usec = (suseconds_t)((delay - (double)(time_t)delay) * 1e6);
	if (!v.it_value.tv_sec && !v.it_value.tv_usec)
		v.it_value.tv_usec = 1;
	v.it_interval.tv_sec = 1;
	v.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &v, NULL);
}

static void stop_timer(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &v, NULL);
	signal(SIGALRM, SIG_DFL);
	progress_tick = 0;
}

struct progress *progress_start(const char *title, uint64_t total)
{
	struct progress *p;
	const char *delay = getenv("GIT_PROGRESS_DELAY");

	if (!progress_enabled || (progress_enabled < 0 && !isatty(2)))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->title = xstrdup(title);
	p->total = total;
	p->last_percent = -1;
	p->start = now();
	p->delay = delay && *delay ? atof(delay) : 1.0;
	if (!meters_running++)
		start_timer(p->delay);
	return p;
}

/* Draws the meter; `done` ends it with ", done." and a newline. */
static void display(struct progress *p, uint64_t value, int done)
{
	const char *tail = done ? ", done." : "";
	int len;

	if (p->total) {
		int percent = (int)(value * 100 / p->total);

		len = fprintf(stderr, "%s: %3d%% (%llu/%llu)%s", p->title, percent,
			      (unsigned long long)value, (unsigned long long)p->total, tail);
		p->last_percent = percent;
	} else {
		len = fprintf(stderr, "%s: %llu%s", p->title, (unsigned long long)value, tail);
	}
	/* As git does, blank out the end of a longer line drawn before. */
	fprintf(stderr, "%*s%s", len < p->last_len ? p->last_len - len : 0, "", done ? "\n" : "\r");
	fflush(stderr);
	p->last_len = len;
	p->shown = 1;
}

void progress_update(struct progress *p, uint64_t done)
{
	if (!p)
		return;
	p->last_done = done;
	/* Once shown, a new percentage shows at once; anything else on a tick. */
	if (p->shown && p->total && (int)(done * 100 / p->total) != p->last_percent) {
		display(p, done, 0);
		return;
	}
	if (!progress_tick)
		return;
	progress_tick = 0;
	display(p, done, 0);
}

static void release(struct progress **pp)
{
	struct progress *p = *pp;

	if (!--meters_running)
		stop_timer();
	free(p->title);
	free(p);
	*pp = NULL;
}

void progress_stop(struct progress **pp)
{
	struct progress *p = *pp;

	if (!p)
		return;
	if (p->shown || now() - p->start >= p->delay)
		display(p, p->total ? p->total : p->last_done, 1);
	release(pp);
}

void progress_free(struct progress **pp)
{
	struct progress *p = *pp;

	if (!p)
		return;
	/*
	 * The meter ends in "\r": without this, a message shorter than it
	 * would leave the meter's tail on the line after the message.
	 */
	if (p->shown) {
		fprintf(stderr, "%*s\r", p->last_len, "");
		fflush(stderr);
	}
	release(pp);
}
