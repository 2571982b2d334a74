#include "lib/config-path.h"
#include "lib/repo.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <stdlib.h>

char *config_resolve_path(git_repository *repo, const char *value, const char *key)
{
	struct strbuf sb = STRBUF_INIT;

	if (value[0] == '~' && value[1] == '/') {
		const char *home = getenv("HOME");

		if (!home)
			die("cannot expand '%s' in %s: HOME is not set", value, key);
		strbuf_addf(&sb, "%s%s", home, value + 1);
	} else if (value[0] != '/') {
		const char *top = git_repository_workdir(repo);

		/* libgit2's directories end with a slash */
		strbuf_addf(&sb, "%s%s", top ? top : git_repository_path(repo), value);
	} else {
		strbuf_addstr(&sb, value);
	}
	return strbuf_detach(&sb, NULL);
}

char *config_get_path(git_repository *repo, const char *key)
{
	char *value = config_get_string(repo, key), *path;

	if (!value)
		return NULL;
	path = config_resolve_path(repo, value, key);
	free(value);
	return path;
}
