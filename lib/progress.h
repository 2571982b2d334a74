#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>

/*
 * Progress meters as git draws them, on stderr:
 *
 *   Merging results:  45% (9000/20000)
 *   Merging results: 100% (20000/20000), done.
 *
 * A meter appears only once its operation has run for a second
 * (GIT_PROGRESS_DELAY seconds when set), and only when progress is
 * enabled: by default when stderr is a terminal; --progress forces it
 * on and --no-progress off (progress_set_enabled()).
 */

struct progress;

/* -1 follows the terminal (the default), 0 never, 1 always. */
void progress_set_enabled(int enabled);

/*
 * Starts a meter for `total` steps (0 when the total is unknown: then
 * only the count is shown).  Returns NULL when progress is off; every
 * function below accepts NULL.
 */
struct progress *progress_start(const char *title, uint64_t total);

/* Reports that `done` steps are complete. */
void progress_update(struct progress *p, uint64_t done);

/* Prints the final line (when anything was shown) and frees the meter. */
void progress_stop(struct progress **p);

/*
 * Frees the meter without a final line, after an error: a meter that
 * was drawn is blanked out, so that the message printed next starts on
 * a clean line instead of over a half-drawn meter.
 */
void progress_free(struct progress **p);

#endif
