#ifndef RECORD_MAKER_H
#define RECORD_MAKER_H

/*
 * For the unit tests that compare records: appends to `list` a record of
 * `origin`, run `run`, env arch=`arch` (none when NULL), with the tests
 * of `tests`, "PASS:a FAIL:b" (status and path pairs).
 */

#include "lib/record.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static inline void add(struct record_list *list, const char *origin, const char *run,
		       const char *arch, const char *tests)
{
	struct record r;
	char *copy = xstrdup(tests), *tok, *save = NULL;

	record_init(&r);
	record_set_origin(&r, origin);
	record_set_run(&r, run);
	record_set_date(&r, "2026-11-25T10:00:00Z");
	if (arch)
		record_set_env(&r, "arch", arch);
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		enum result_status s;
		char *colon = strchr(tok, ':');

		if (status_parse(tok, colon - tok, &s))
			abort();
		record_add_test(&r, colon + 1, s, NULL);
	}
	record_normalize(&r);
	record_list_take(list, &r);
	free(copy);
}

#endif
