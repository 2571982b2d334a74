#include "lib/status.h"
#include "lib/usage.h"

#include <string.h>

static const char *const names[STATUS__NR] = {
	[STATUS_FAIL] = "FAIL",
	[STATUS_ERROR] = "ERROR",
	[STATUS_MISS] = "MISS",
	[STATUS_PASS] = "PASS",
	[STATUS_DONE] = "DONE",
	[STATUS_SKIP] = "SKIP",
};

const char *status_name(enum result_status status)
{
	if ((unsigned)status >= STATUS__NR)
		BUG("invalid status %d", (int)status);
	return names[status];
}

int status_parse(const char *name, size_t len, enum result_status *out)
{
	int i;

	for (i = 0; i < STATUS__NR; i++) {
		if (strlen(names[i]) == len && !memcmp(names[i], name, len)) {
			*out = (enum result_status)i;
			return 0;
		}
	}
	return -1;
}
