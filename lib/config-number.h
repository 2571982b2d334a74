#ifndef CONFIG_NUMBER_H
#define CONFIG_NUMBER_H

#include "lib/strbuf.h"

#include <git2.h>

/*
 * Numbers in git config, for the network settings of the commands that
 * talk to servers (results.kcidb.*, results.patchwork.*).  Each sets
 * `out` to `def` when `key` is not set, and returns 0, or -1 with a
 * message naming the key and its value in `err`.
 */

/* Seconds, as a decimal number from 0 to a week. */
int config_get_seconds(git_repository *repo, const char *key, double def, double *out,
		       struct strbuf *err);

/* A whole number from 0 to `max`. */
int config_get_int(git_repository *repo, const char *key, int def, int max, int *out,
		   struct strbuf *err);

#endif
