#ifndef CONFIG_PATH_H
#define CONFIG_PATH_H

#include <git2.h>

/*
 * Paths in git configuration, read as git reads its `pathname` values:
 * a leading "~/" is the home directory, and a relative path is taken
 * from the top of the work tree (from the git directory of a bare
 * repository), where git runs its commands.
 */

/*
 * Resolves `value`, the value of the setting `key`.  Returns a new
 * string; dies, naming `key`, when it starts with "~/" and HOME is unset.
 */
char *config_resolve_path(git_repository *repo, const char *value, const char *key);

/* The resolved path that `key` is set to, or NULL when it is unset. */
char *config_get_path(git_repository *repo, const char *key);

#endif
