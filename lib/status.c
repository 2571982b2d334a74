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
	enum result_status s;

	/* Every test line starts with one: the first letter tells which it can be. */
	if (!len)
		return -1;
	switch (name[0]) {
	case 'F': s = STATUS_FAIL; break;
	case 'E': s = STATUS_ERROR; break;
	case 'M': s = STATUS_MISS; break;
	case 'P': s = STATUS_PASS; break;
	case 'D': s = STATUS_DONE; break;
	case 'S': s = STATUS_SKIP; break;
	default: return -1;
	}
	if (strlen(names[s]) != len || memcmp(names[s], name, len))
		return -1;
	*out = s;
	return 0;
}
