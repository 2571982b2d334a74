#ifndef RELEASE_PREVIOUS_H
#define RELEASE_PREVIOUS_H

#include <git2.h>

#include "lib/strbuf.h"

/*
 * The previous release `git results summary <release>` compares with,
 * by the kernel's convention: a final release (v6.1) is compared with
 * the previous final release (v6.0), skipping the release candidates
 * between them; anything else (v6.1-rc2) with the previous tag, rc or
 * final.  Which tag names are final releases is `results.releasePattern`:
 * a POSIX extended regular expression, or a glob after "glob:"; by
 * default RELEASE_PATTERN_DEFAULT.  Tags count whether annotated or
 * lightweight, as `git describe --tags` counts them.
 */
#define RELEASE_PATTERN_DEFAULT "^v[0-9]+(\\.[0-9]+)*$"

/*
 * Finds the previous release of `release`, whose name (as the summary
 * shows it: a tag name, or "refs/tags/<tag>") says whether it is a
 * final release.  It is the tag on the first ancestor, in git log's
 * order (newest committer date first), that carries a tag of the kind
 * looked for; the release itself is not its own previous release.
 * Appends its tag name to `name` and puts its commit in `oid`.
 * Returns 0, 1 when there is none, or -1 after printing an error (a
 * bad results.releasePattern).
 */
int release_find_previous(git_repository *repo, const git_oid *release, const char *release_name,
			  struct strbuf *name, git_oid *oid);

/*
 * The tags of a repository, read once, for a caller that finds the
 * previous release of many releases (`git results report`), and the
 * same search on them.  NULL (after printing an error) on a bad
 * results.releasePattern.
 */
struct release_tags;
struct release_tag {
	git_oid commit;		/* the tag, peeled to its commit */
	char *name;		/* its short name */
};
struct release_tags *release_tags_read(git_repository *repo);
/* The tags, by commit then name; `*nr` of them. */
const struct release_tag *release_tags_items(const struct release_tags *tags, size_t *nr);
/* As release_find_previous(), among `tags`. */
int release_tags_find_previous(const struct release_tags *tags, git_repository *repo,
			       const git_oid *release, const char *release_name,
			       struct strbuf *name, git_oid *oid);
void release_tags_free(struct release_tags *tags);

#endif
