#ifndef STORE_FSYNC_H
#define STORE_FSYNC_H

#include <git2.h>

/*
 * git's core.fsync, core.fsyncObjectFiles and core.fsyncMethod, for the
 * objects and the ref a notes write makes.  libgit2 fsyncs everything it
 * writes into the git directory or nothing (GIT_OPT_ENABLE_FSYNC_GITDIR),
 * so its fsync is on when git would fsync either loose objects or
 * references: a ref made durable must not name objects that are not.
 * With git's default (packs and references) it is on; core.fsync=none
 * turns it off.  Every fsyncMethod is met with fsync(), which is as safe
 * as any of them.  Returns whether fsync is on.
 */
int store_fsync_apply(git_repository *repo);

/*
 * Parses a core.fsync value as git does: from git's default, "none"
 * clears, "-<component>" removes and "<component>" adds.  Returns the
 * components as FSYNC_* bits; unknown components are ignored, as git
 * ignores them with a warning.
 */
#define FSYNC_LOOSE_OBJECT	(1 << 0)
#define FSYNC_PACK		(1 << 1)
#define FSYNC_PACK_METADATA	(1 << 2)
#define FSYNC_COMMIT_GRAPH	(1 << 3)
#define FSYNC_INDEX		(1 << 4)
#define FSYNC_REFERENCE		(1 << 5)
unsigned store_fsync_parse(const char *value);

#endif
