/*
 * Temporary object files of killed writes (see lib/store/tmp-clean.h).
 */
#include "lib/store/tmp-clean.h"
#include "lib/strbuf.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Older than this, no live writer is still writing the file. */
#define TMP_OBJECT_STALE_SECONDS 3600

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static size_t clean_dir(const char *dir, const char *prefix, time_t now)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *e;
	size_t removed = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		struct stat st;

		if (!has_prefix(e->d_name, prefix))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, e->d_name);
		if (lstat(path.buf, &st) || !S_ISREG(st.st_mode) ||
		    now - st.st_mtime < TMP_OBJECT_STALE_SECONDS)
			continue;
		if (!unlink(path.buf))
			removed++;
	}
	closedir(d);
	strbuf_release(&path);
	return removed;
}

size_t store_clean_tmp_objects(git_repository *repo)
{
	struct strbuf dir = STRBUF_INIT;
	time_t now = time(NULL);
	size_t removed;

	strbuf_addf(&dir, "%sobjects", git_repository_commondir(repo));
	removed = clean_dir(dir.buf, "tmp_object_git2_", now);
	strbuf_addstr(&dir, "/pack");
	removed += clean_dir(dir.buf, "tmp_pack_", now);
	strbuf_release(&dir);
	return removed;
}
