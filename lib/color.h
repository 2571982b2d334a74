#ifndef COLOR_H
#define COLOR_H

#include <git2.h>

#include "lib/status.h"

/*
 * Colour as git does it.  Whether standard output is coloured comes from
 * --color[=<when>], else color.results, else color.ui; "auto" (git's
 * default) colours a terminal, and git's pager when color.pager allows,
 * unless TERM is "dumb".  The colours themselves are git colour values
 * ("red", "bold yellow", "#ff8700 ul"...) under color.results.<slot>.
 */

#define GIT_COLOR_UNKNOWN -1
#define GIT_COLOR_NEVER 0
#define GIT_COLOR_ALWAYS 1
#define GIT_COLOR_AUTO 2

/* The longest escape sequence color_parse() writes, with its NUL. */
#define COLOR_MAXLEN 96

enum color_slot {
	COLOR_COMMIT,	/* commit ids, as git log colours them */
	COLOR_FAIL,
	COLOR_ERROR,
	COLOR_MISS,
	COLOR_PASS,
	COLOR_DONE,
	COLOR_SKIP,
	COLOR_SLOT__NR
};

/*
 * Parses the <when> of --color=<when>: "always", "never" or "auto" (any
 * case).  Returns a GIT_COLOR_* value, GIT_COLOR_UNKNOWN when invalid.
 */
int color_parse_when(const char *value);

/*
 * Parses a colour setting such as color.ui the way git does: "always",
 * "never", "auto", or a boolean, where true means "auto".  Returns
 * GIT_COLOR_UNKNOWN when it is none of them.
 */
int color_parse_config(const char *value);

/*
 * Parses a git colour value (up to two colours, foreground then
 * background, and attributes such as bold, ul, no-italic or reset) into
 * the escape sequence that sets it; `dst` holds COLOR_MAXLEN bytes and
 * gets "" for "normal".  Returns 0, or -1 when the value is not valid.
 */
int color_parse(const char *value, char *dst);

/*
 * Decides whether standard output is coloured, from `when` (the
 * --color option, GIT_COLOR_UNKNOWN when not given) and the
 * configuration, and reads the slots' colours.  Call it after the pager
 * has started.  Dies on a bad configuration value, as git does.
 */
void color_setup(git_repository *repo, int when);

/* Whether color_setup() turned colour on. */
int color_enabled(void);

/* The escape sequence that starts `slot`, or "" when colour is off. */
const char *color_get(enum color_slot slot);

/* color_get() for the slot of a test status. */
const char *color_status(enum result_status status);

/* The sequence that ends a colour, or "" when colour is off. */
const char *color_reset(void);

#endif
