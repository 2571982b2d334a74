#include "lib/known-issues-file.h"
#include "lib/usage.h"
#include "lib/write-file.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *env_pattern(const struct known_issue *k, const char *key)
{
	size_t i;

	for (i = 0; i < k->env_nr; i++)
		if (!strcmp(k->env[i].key, key))
			return k->env[i].pattern;
	return NULL;
}

int known_issue_covers(const struct known_issue *have, const struct known_issue *k)
{
	size_t i;

	if (fnmatch(have->pattern, k->pattern, 0))
		return 0;
	for (i = 0; i < have->env_nr; i++) {
		const char *value = env_pattern(k, have->env[i].key);

		if (!value || fnmatch(have->env[i].pattern, value, 0))
			return 0;
	}
	return 1;
}

void known_issue_format(struct strbuf *out, const struct known_issue *k)
{
	size_t i;

	strbuf_addstr(out, k->pattern);
	for (i = 0; i < k->env_nr; i++)
		strbuf_addf(out, " %s=%s", k->env[i].key, k->env[i].pattern);
	strbuf_addf(out, " %s", k->link);
	if (k->reason)
		strbuf_addf(out, " %s", k->reason);
}

static int held(const struct known_issues *ki, const struct known_issue *k)
{
	size_t i;

	for (i = 0; i < ki->nr; i++)
		if (known_issue_covers(&ki->items[i], k))
			return 1;
	return 0;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Makes the directories leading to `path`; 0, or -1 after an error. */
static int make_leading_dirs(const char *path)
{
	struct strbuf dir = STRBUF_INIT;
	const char *slash;
	int ret = 0;

	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		strbuf_reset(&dir);
		strbuf_add(&dir, path, slash - path);
		if (mkdir(dir.buf, 0777) && errno != EEXIST) {
			ret = error_errno("cannot create '%s'", dir.buf);
			break;
		}
	}
	strbuf_release(&dir);
	return ret;
}

int known_issues_file_append(const char *path, const struct known_issues *add, int dry_run,
			     FILE *show)
{
	struct known_issues have = KNOWN_ISSUES_INIT;
	struct strbuf text = STRBUF_INIT, line = STRBUF_INIT;
	char **lines = xcalloc(add->nr + 1, sizeof(*lines));
	size_t i, nr = 0;
	int exists = 1, ret = -1;

	if (strbuf_read_file(&text, path) < 0) {
		if (errno != ENOENT) {
			error_errno("cannot read '%s'", path);
			goto out;
		}
		exists = 0;
	}
	known_issues_parse(&have, path, text.buf, text.len);
	for (i = 0; i < add->nr; i++) {
		if (held(&have, &add->items[i]))
			continue;
		strbuf_reset(&line);
		known_issue_format(&line, &add->items[i]);
		lines[nr++] = strbuf_detach(&line, NULL);
		/* the entry is held from now on: a second one like it is not added */
		ALLOC_GROW(have.items, have.nr + 1, have.alloc);
		have.items[have.nr] = add->items[i];
		have.items[have.nr].reason = NULL;
		have.nr++;
	}
	/* borrowed from `add`: not released with `have` */
	have.nr -= nr;
	qsort(lines, nr, sizeof(*lines), cmp_line);
	if (!exists)
		strbuf_addstr(&text, "# Known failures of this tree.  See git-results-known-issues(5).\n");
	else if (text.len && text.buf[text.len - 1] != '\n')
		strbuf_addch(&text, '\n');
	for (i = 0; i < nr; i++) {
		strbuf_addf(&text, "%s\n", lines[i]);
		if (show)
			fprintf(show, "%s\n", lines[i]);
	}
	if (nr && !dry_run &&
	    ((!exists && make_leading_dirs(path)) || write_file_atomic(path, text.buf, text.len)))
		goto out;
	ret = nr;
out:
	for (i = 0; i < nr; i++)
		free(lines[i]);
	free(lines);
	known_issues_release(&have);
	strbuf_release(&text);
	strbuf_release(&line);
	return ret;
}
