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

struct release_tags {
	struct release_pattern pattern;
	struct release_tag *items;	/* by commit, then name */
	unsigned char *final;		/* [i]: items[i] is a final release */
	size_t nr, alloc;
};

static int collect_tag(const char *name, const git_oid *commit, int annotated, void *data)
{
	struct release_tags *tags = data;

	ALLOC_GROW(tags->items, tags->nr + 1, tags->alloc);
	git_oid_cpy(&tags->items[tags->nr].commit, commit);
	tags->items[tags->nr++].name = xstrdup(name);
	return 0;
}

/* By commit, then name: the least name of a commit's tags comes first. */
static int tagged_cmp(const void *va, const void *vb)
{
	const struct release_tag *a = va, *b = vb;
	int c = git_oid_cmp(&a->commit, &b->commit);

	return c ? c : strcmp(a->name, b->name);
}

struct release_tags *release_tags_read(git_repository *repo)
{
	struct release_tags *tags = xcalloc(1, sizeof(*tags));
	size_t i;

	if (pattern_read(&tags->pattern, repo)) {
		free(tags);
		return NULL;
	}
	if (tags_for_each_commit(repo, collect_tag, tags)) {
		release_tags_free(tags);
		return NULL;
	}
	if (tags->nr > 1)
		qsort(tags->items, tags->nr, sizeof(*tags->items), tagged_cmp);
	tags->final = xcalloc(tags->nr + 1, 1);
	for (i = 0; i < tags->nr; i++)
		tags->final[i] = pattern_match(&tags->pattern, tags->items[i].name);
	return tags;
}

const struct release_tag *release_tags_items(const struct release_tags *tags, size_t *nr)
{
	*nr = tags->nr;
	return tags->items;
}

void release_tags_free(struct release_tags *tags)
{
	size_t i;

	if (!tags)
		return;
	for (i = 0; i < tags->nr; i++)
		free(tags->items[i].name);
	free(tags->items);
	free(tags->final);
	pattern_release(&tags->pattern);
	free(tags);
}

/*
 * The tag of `commit` that counts (the least name among its tags, of
 * final releases only when `finals`), or NULL.
 */
static const struct release_tag *tagged_find(const struct release_tags *tags,
					      const git_oid *commit, int finals)
{
	size_t lo = 0, hi = tags->nr;

	/* the first entry of the commit: the least of its names */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (git_oid_cmp(&tags->items[mid].commit, commit) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < tags->nr && git_oid_equal(&tags->items[lo].commit, commit); lo++)
		if (!finals || tags->final[lo])
			return &tags->items[lo];
	return NULL;
}

static const char *short_tag_name(const char *name)
{
	if (!strncmp(name, "refs/tags/", 10))
		return name + 10;
	if (!strncmp(name, "tags/", 5))
		return name + 5;
	return name;
}

int release_tags_find_previous(const struct release_tags *tags, git_repository *repo,
			       const git_oid *release, const char *release_name,
			       struct strbuf *name, git_oid *oid)
{
	int finals = pattern_match(&tags->pattern, short_tag_name(release_name));
	struct commit_walk *walk;
	int ret = 1, any = 0;
	git_oid cur;
	size_t i;

	/* without a tag to find, there is no history to read */
	for (i = 0; !any && i < tags->nr; i++)
		any = (!finals || tags->final[i]) && !git_oid_equal(&tags->items[i].commit, release);
	if (!any)
		return 1;
	walk = commit_walk_new(repo);
	commit_walk_push(walk, release);
	while (ret == 1 && !commit_walk_next(walk, &cur)) {
		const struct release_tag *t;

		/* the release is not its own previous release */
		if (git_oid_equal(&cur, release) || !(t = tagged_find(tags, &cur, finals)))
			continue;
		strbuf_addstr(name, t->name);
		git_oid_cpy(oid, &t->commit);
		ret = 0;
	}
	commit_walk_free(walk);
	return ret;
}

int release_find_previous(git_repository *repo, const git_oid *release, const char *release_name,
			  struct strbuf *name, git_oid *oid)
{
	struct release_tags *tags = release_tags_read(repo);
	int ret;

	if (!tags)
		return -1;
	ret = release_tags_find_previous(tags, repo, release, release_name, name, oid);
	release_tags_free(tags);
	return ret;
}
