#include "lib/odb/promisor.h"
#include "lib/repo.h"
#include "lib/run-command.h"
#include "lib/usage.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Ids a fetch takes on its command line, well below any ARG_MAX. */
#define IDS_PER_FETCH 1000

static pthread_mutex_t fetch_lock = PTHREAD_MUTEX_INITIALIZER;

char *promisor_remote(git_repository *repo)
{
	char *remote = config_get_string(repo, "extensions.partialClone");
	git_config_iterator *it = NULL;
	git_config_entry *entry;
	git_config *config = NULL;

	if (remote)
		return remote;
	/*
	 * Like git, the first remote with remote.<name>.promisor set.  Every
	 * entry is looked at: libgit2's glob iterator leaks its pcre2 data.
	 */
	if (git_repository_config_snapshot(&config, repo) < 0 ||
	    git_config_iterator_new(&it, config) < 0)
		goto out;
	while (!remote && !git_config_next(&entry, it)) {
		size_t n = strlen(entry->name), suffix = strlen(".promisor");

		if (strncasecmp(entry->name, "remote.", 7) || n <= 7 + suffix ||
		    strcasecmp(entry->name + n - suffix, ".promisor"))
			continue;
		if (config_parse_bool(entry->value) == 1)
			remote = xstrndup(entry->name + 7, n - 7 - suffix);
	}
out:
	git_config_iterator_free(it);
	git_config_free(config);
	return remote;
}

static int fetch_some(const char *remote, const git_oid *oids, size_t nr)
{
	const char **argv = xcalloc(nr + 16, sizeof(*argv));
	char (*hex)[GIT_OID_HEXSZ + 1] = xcalloc(nr, sizeof(*hex));
	size_t argc = 0, i;
	int code;

	/* What git's promisor_remote.c runs, with the ids as arguments. */
	argv[argc++] = "git";
	argv[argc++] = "-c";
	argv[argc++] = "fetch.negotiationAlgorithm=noop";
	argv[argc++] = "fetch";
	argv[argc++] = "--no-tags";
	argv[argc++] = "--no-write-fetch-head";
	argv[argc++] = "--recurse-submodules=no";
	argv[argc++] = "--filter=blob:none";
	argv[argc++] = "--";
	argv[argc++] = remote;
	for (i = 0; i < nr; i++) {
		git_oid_tostr(hex[i], sizeof(hex[i]), &oids[i]);
		argv[argc++] = hex[i];
	}
	argv[argc] = NULL;
	code = run_command(argv, NULL);
	free(argv);
	free(hex);
	if (code)
		return error("cannot fetch missing objects from the promisor remote '%s'", remote);
	return 0;
}

int promisor_fetch(const char *remote, const git_oid *oids, size_t nr)
{
	int ret = 0;
	size_t i;

	pthread_mutex_lock(&fetch_lock);
	for (i = 0; i < nr && !ret; i += IDS_PER_FETCH)
		ret = fetch_some(remote, oids + i, nr - i < IDS_PER_FETCH ? nr - i : IDS_PER_FETCH);
	pthread_mutex_unlock(&fetch_lock);
	return ret;
}
