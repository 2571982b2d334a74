#include "lib/release/previous.h"
#include "lib/release/tags.h"
#include "lib/odb/commit-walk.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* Which tag names are final releases: results.releasePattern. */
struct release_pattern {
	char *glob;		/* after "glob:", or NULL for a regex */
	regex_t regex;
};

static int pattern_read(struct release_pattern *p, git_repository *repo)
{
	char *value = config_get_string(repo, "results.releasePattern");
	const char *re = value ? value : RELEASE_PATTERN_DEFAULT;
	int err;

	p->glob = NULL;
	if (value && !strncmp(value, "glob:", 5)) {
		p->glob = xstrdup(value + 5);
		free(value);
		return 0;
	}
	err = regcomp(&p->regex, re, REG_EXTENDED | REG_NOSUB);
	if (err) {
		char msg[256];

		regerror(err, &p->regex, msg, sizeof(msg));
		error("bad results.releasePattern '%s': %s", re, msg);
	}
	free(value);
	return err ? -1 : 0;
}

static int pattern_match(const struct release_pattern *p, const char *tag)
{
	if (p->glob)
		return !fnmatch(p->glob, tag, 0);
	return !regexec(&p->regex, tag, 0, NULL, 0);
}

static void pattern_release(struct release_pattern *p)
{
	if (p->glob)
		free(p->glob);
	else
		regfree(&p->regex);
}

struct tagged {
	git_oid commit;
	char *name;
};

struct tag_scan {
	const git_oid *release;		/* its own tags do not count */
	const struct release_pattern *finals;	/* NULL: every tag */
	struct tagged *items;
	size_t nr, alloc;
};

static int collect_tag(const char *name, const git_oid *commit, int annotated, void *data)
{
	struct tag_scan *scan = data;

	if (scan->finals && !pattern_match(scan->finals, name))
		return 0;
	if (!git_oid_equal(commit, scan->release)) {
		ALLOC_GROW(scan->items, scan->nr + 1, scan->alloc);
		git_oid_cpy(&scan->items[scan->nr].commit, commit);
		scan->items[scan->nr++].name = xstrdup(name);
	}
	return 0;
}

/* By commit, then name: the least name of a commit's tags comes first. */
static int tagged_cmp(const void *va, const void *vb)
{
	const struct tagged *a = va, *b = vb;
	int c = git_oid_cmp(&a->commit, &b->commit);

	return c ? c : strcmp(a->name, b->name);
}

static const struct tagged *tagged_find(const struct tag_scan *scan, const git_oid *commit)
{
	size_t lo = 0, hi = scan->nr;

	/* the first entry of the commit: the least of its names */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (git_oid_cmp(&scan->items[mid].commit, commit) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < scan->nr && git_oid_equal(&scan->items[lo].commit, commit) ?
		&scan->items[lo] : NULL;
}

static const char *short_tag_name(const char *name)
{
	if (!strncmp(name, "refs/tags/", 10))
		return name + 10;
	if (!strncmp(name, "tags/", 5))
		return name + 5;
	return name;
}

int release_find_previous(git_repository *repo, const git_oid *release, const char *release_name,
			  struct strbuf *name, git_oid *oid)
{
	struct release_pattern pattern;
	struct tag_scan scan = { release, NULL, NULL, 0, 0 };
	struct commit_walk *walk;
	git_oid cur;
	size_t i;
	int ret = 1;

	if (pattern_read(&pattern, repo))
		return -1;
	if (pattern_match(&pattern, short_tag_name(release_name)))
		scan.finals = &pattern;
	tags_for_each_commit(repo, collect_tag, &scan);
	if (scan.nr > 1)
		qsort(scan.items, scan.nr, sizeof(*scan.items), tagged_cmp);

	walk = commit_walk_new(repo);
	commit_walk_push(walk, release);
	/* without a tag to find, there is no history to read */
	while (ret == 1 && scan.nr && !commit_walk_next(walk, &cur)) {
		const struct tagged *t;

		if (!(t = tagged_find(&scan, &cur)))
			continue;
		strbuf_addstr(name, t->name);
		git_oid_cpy(oid, &t->commit);
		ret = 0;
	}
	commit_walk_free(walk);
	for (i = 0; i < scan.nr; i++)
		free(scan.items[i].name);
	free(scan.items);
	pattern_release(&pattern);
	return ret;
}
