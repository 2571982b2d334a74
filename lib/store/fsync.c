/*
 * git's fsync settings for the notes store's writes (see lib/store/fsync.h).
 */
#include "lib/store/fsync.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

#define FSYNC_OBJECTS (FSYNC_LOOSE_OBJECT | FSYNC_PACK | FSYNC_PACK_METADATA | FSYNC_COMMIT_GRAPH)
/* git's FSYNC_COMPONENTS_DEFAULT */
#define FSYNC_DEFAULT ((FSYNC_OBJECTS | FSYNC_REFERENCE) & ~FSYNC_LOOSE_OBJECT)

static const struct {
	const char *name;
	unsigned bits;
} components[] = {
	{ "loose-object", FSYNC_LOOSE_OBJECT },
	{ "pack", FSYNC_PACK },
	{ "pack-metadata", FSYNC_PACK_METADATA },
	{ "commit-graph", FSYNC_COMMIT_GRAPH },
	{ "index", FSYNC_INDEX },
	{ "reference", FSYNC_REFERENCE },
	{ "objects", FSYNC_OBJECTS },
	{ "derived-metadata", FSYNC_PACK_METADATA | FSYNC_COMMIT_GRAPH },
	{ "committed", FSYNC_OBJECTS | FSYNC_REFERENCE },
	{ "added", FSYNC_OBJECTS | FSYNC_REFERENCE | FSYNC_INDEX },
	{ "all", FSYNC_OBJECTS | FSYNC_REFERENCE | FSYNC_INDEX },
	{ "default", FSYNC_DEFAULT },
};

unsigned store_fsync_parse(const char *value)
{
	unsigned current = FSYNC_DEFAULT, positive = 0, negative = 0;
	const char *p = value;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len, i;
		int negated;

		while (*p == ' ' || *p == '\t')
			p++;
		len = end ? (size_t)(end - p) : strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		negated = len && *p == '-';
		if (negated) {
			p++;
			len--;
		}
		if (len == 4 && !strncmp(p, "none", 4)) {
			current = 0;
		} else {
			for (i = 0; i < ARRAY_SIZE(components); i++) {
				if (strlen(components[i].name) != len ||
				    strncmp(p, components[i].name, len))
					continue;
				if (negated)
					negative |= components[i].bits;
				else
					positive |= components[i].bits;
			}
		}
		p = end ? end + 1 : NULL;
	}
	return (current & ~negative) | positive;
}

int store_fsync_apply(git_repository *repo)
{
	char *value = config_get_string(repo, "core.fsync");
	unsigned bits = store_fsync_parse(value);
	int on;

	/* The older switch still adds loose objects, as in git. */
	if (config_get_bool(repo, "core.fsyncobjectfiles", 0))
		bits |= FSYNC_LOOSE_OBJECT;
	on = !!(bits & (FSYNC_LOOSE_OBJECT | FSYNC_REFERENCE));
	check(git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on), "cannot set fsync");
	free(value);
	return on;
}
