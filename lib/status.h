#ifndef STATUS_H
#define STATUS_H

#include <stddef.h>

/*
 * KCIDB's six test statuses, in its roll-up priority: a set of results
 * rolls up to the first status in this order that any of them has.
 */
enum result_status {
	STATUS_FAIL,
	STATUS_ERROR,
	STATUS_MISS,
	STATUS_PASS,
	STATUS_DONE,
	STATUS_SKIP,
	STATUS__NR
};

/* The upper-case KCIDB name ("FAIL", ...). */
const char *status_name(enum result_status status);

/* Parses an exact upper-case KCIDB name; 0 on success, -1 otherwise. */
int status_parse(const char *name, size_t len, enum result_status *out);

/* The more important of two statuses, by roll-up priority. */
static inline enum result_status status_worse(enum result_status a, enum result_status b)
{
	return a < b ? a : b;
}

#endif
