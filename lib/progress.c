#include "progress.h"
#include "usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct progress {
	char *title;
	uint64_t total;
	uint64_t last_done;
	int last_percent;
	double start;
	double delay;
	double last_shown;
	int shown;
};

static int progress_enabled = -1;

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
	return p;
}

static void display(struct progress *p, uint64_t done, const char *end)
{
	if (p->total) {
		int percent = (int)(done * 100 / p->total);

		fprintf(stderr, "%s: %3d%% (%llu/%llu)%s", p->title, percent,
			(unsigned long long)done, (unsigned long long)p->total, end);
		p->last_percent = percent;
	} else {
		fprintf(stderr, "%s: %llu%s", p->title, (unsigned long long)done, end);
	}
	fflush(stderr);
	p->shown = 1;
}

void progress_update(struct progress *p, uint64_t done)
{
	double t;

	if (!p)
		return;
	p->last_done = done;
	/* Cheap checks first: this runs once per item of a long loop. */
	if (p->shown && p->total && (int)(done * 100 / p->total) == p->last_percent &&
	    (done & 0x3ff))
		return;
	t = now();
	if (!p->shown && t - p->start < p->delay)
		return;
	/* A new percentage shows at once, a count without a total once a second. */
	if (p->shown && (!p->total || (int)(done * 100 / p->total) == p->last_percent) &&
	    t - p->last_shown < 1.0)
		return;
	p->last_shown = t;
	display(p, done, "\r");
}

void progress_stop(struct progress **pp)
{
	struct progress *p = *pp;

	if (!p)
		return;
	if (p->shown || now() - p->start >= p->delay)
		display(p, p->total ? p->total : p->last_done, ", done.\n");
	progress_free(pp);
}

void progress_free(struct progress **pp)
{
	struct progress *p = *pp;

	if (!p)
		return;
	free(p->title);
	free(p);
	*pp = NULL;
}
