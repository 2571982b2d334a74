/*
 * Building the static HTML report: the range, its releases and commits
 * with results, and writing the pages into a directory; the pages
 * themselves are rendered in report-html.c and the plots in
 * report-svg.c.
 */
#include "lib/release/report.h"
#include "lib/odb/commit-walk.h"
#include "lib/progress.h"
#include "lib/release/previous.h"
#include "lib/repo.h"
#include "lib/revision.h"
#include "lib/usage.h"
#include "lib/write-file.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A tag of the repository that names a commit. */
struct report_tag {
	git_oid commit;
	char *name;		/* borrowed from the release tags */
	size_t walked;		/* position of its commit in the walk, newest first */
};

struct tag_scan {
	struct report_tag *items;	/* by commit, then name */
	size_t nr;
};

/* The tags `match` (a glob; NULL: all) selects, by commit then name, as `tags` lists them. */
static void tag_scan_init(struct tag_scan *scan, const struct release_tags *tags, const char *match)
{
	size_t i, nr;
	const struct release_tag *items = release_tags_items(tags, &nr);

	scan->items = xcalloc(nr + 1, sizeof(*scan->items));
	scan->nr = 0;
	for (i = 0; i < nr; i++) {
		if (match && fnmatch(match, items[i].name, 0))
			continue;
		git_oid_cpy(&scan->items[scan->nr].commit, &items[i].commit);
		scan->items[scan->nr].name = items[i].name;
		scan->items[scan->nr++].walked = SIZE_MAX;
	}
}

/* Oldest release first; the tags of one commit by name. */
static int tag_by_walk(const void *va, const void *vb)
{
	const struct report_tag *a = va, *b = vb;

	if (a->walked != b->walked)
		return a->walked > b->walked ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Marks the tags on `commit`, the walk's `walked`th commit. */
static int mark_tags(struct tag_scan *scan, const git_oid *commit, size_t walked)
{
	size_t lo = 0, hi = scan->nr;
	int found = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (git_oid_cmp(&scan->items[mid].commit, commit) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < scan->nr && git_oid_equal(&scan->items[lo].commit, commit); lo++) {
		scan->items[lo].walked = walked;
		found = 1;
	}
	return found;
}

/*
 * A tag name as a file name and URL path segment: bytes other than
 * [A-Za-z0-9.-] become "_xx" (their hex), '_' included, so two tags
 * never share a file.
 */
static char *release_stem(const char *tag)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *tag; tag++) {
		unsigned char c = (unsigned char)*tag;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-')
			strbuf_addch(&sb, c);
		else
			strbuf_addf(&sb, "_%02x", c);
	}
	return strbuf_detach(&sb, NULL);
}

static void add_to_walk(void *data, const git_oid *commit, int hide)
{
	if (hide)
		commit_walk_hide(data, commit);
	else
		commit_walk_push(data, commit);
}

static int walk_range(struct report *r, struct tag_scan *scan, const char **revs, size_t revs_nr)
{
	struct commit_walk *walk = commit_walk_new(r->repo);
	struct progress *meter;
	git_oid oid;
	size_t i;

	if (!revs_nr && revision_read(r->repo, "HEAD", add_to_walk, walk))
		goto fail;
	for (i = 0; i < revs_nr; i++)
		if (revision_read(r->repo, revs[i], add_to_walk, walk))
			goto fail;
	meter = progress_start("Counting commits", 0);
	while (!commit_walk_next(walk, &oid)) {
		int tagged = mark_tags(scan, &oid, r->walked++);

		/* a release's page is there even when it has no results */
		if (tagged || store_lookup(r->store, &oid)) {
			ALLOC_GROW(r->commits, r->commits_nr + 1, r->commits_alloc);
			git_oid_cpy(&r->commits[r->commits_nr++], &oid);
		}
		progress_update(meter, r->walked);
	}
	progress_stop(&meter);
	commit_walk_free(walk);
	return 0;
fail:
	commit_walk_free(walk);
	return -1;
}

static int summarise_releases(struct report *r, const struct report_options *opts)
{
	struct summary_options sopts = SUMMARY_OPTIONS_INIT;
	struct strbuf spec = STRBUF_INIT;
	struct progress *meter;
	size_t i;
	int ret = 0;

	sopts.filter = opts->filter;
	sopts.tags = r->tags;	/* read once, not once per release */
	meter = progress_start("Summarising releases", r->releases_nr);
	for (i = 0; i < r->releases_nr && !ret; i++) {
		struct report_release *rel = &r->releases[i];

		/* by its full name, which no branch shadows, shown by its short one */
		strbuf_reset(&spec);
		strbuf_addf(&spec, "refs/tags/%s", rel->tag);
		sopts.name = rel->tag;
		ret = summary_build(&rel->summary, r->repo, r->store, spec.buf, &sopts);
		progress_update(meter, i + 1);
	}
	progress_stop(&meter);
	strbuf_release(&spec);
	return ret;
}

int report_build(struct report *r, git_repository *repo, struct notes_store *store,
		 const char **revs, size_t revs_nr, const struct report_options *opts)
{
	struct tag_scan scan = { NULL, 0 };
	size_t i;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	r->repo = repo;
	r->store = store;
	r->filter = opts->filter;
	r->tags = release_tags_read(repo);
	if (!r->tags)
		return -1;
	tag_scan_init(&scan, r->tags, opts->match);
	if (walk_range(r, &scan, revs, revs_nr))
		goto out;
	if (scan.nr > 1)
		qsort(scan.items, scan.nr, sizeof(*scan.items), tag_by_walk);
	for (i = 0; i < scan.nr && scan.items[i].walked == SIZE_MAX; i++)
		;	/* not in the range: first, as their commit was never walked */
	for (; i < scan.nr; i++) {
		struct report_release *rel;

		ALLOC_GROW(r->releases, r->releases_nr + 1, r->releases_alloc);
		rel = &r->releases[r->releases_nr++];
		memset(rel, 0, sizeof(*rel));
		rel->tag = xstrdup(scan.items[i].name);
		rel->stem = release_stem(rel->tag);
	}
	ret = summarise_releases(r, opts);
out:
	free(scan.items);
	return ret;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) && errno != EEXIST)
		return error_errno("cannot create directory '%s'", path);
	return 0;
}

/* Whether the file at `path` holds exactly `page`. */
static int page_is_unchanged(const char *path, const struct strbuf *page, struct strbuf *old)
{
	strbuf_reset(old);
	return strbuf_read_file(old, path) == (long)page->len &&
		!memcmp(old->buf, page->buf, page->len);
}

/*
 * Writes a page, unless the file already holds it: a report written
 * again over the last one (every night, say) then rewrites only the
 * pages that changed, which keeps their files' times and spares the
 * file system thousands of renames.
 */
static int write_page(struct strbuf *path, size_t dir_len, const char *name,
		      const struct strbuf *page, struct strbuf *old)
{
	strbuf_setlen(path, dir_len);
	strbuf_addstr(path, name);
	if (page_is_unchanged(path->buf, page, old))
		return 0;
	return write_file_atomic(path->buf, page->buf, page->len);
}

static const char report_css[] =
	"body{font-family:sans-serif;margin:1em 2em;color:#222;background:#fff}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"code,.strip{font-family:monospace}\n"
	".matrix{overflow-x:auto}\n"
	".matrix td{padding:0 3px;text-align:center;font-family:monospace}\n"
	".st-FAIL{background:#f4a6a6}.st-ERROR{background:#f7c58b}.st-MISS{background:#d7b8ef}\n"
	".st-PASS{background:#a9dfa9}.st-DONE{background:#a6d8d8}.st-SKIP{background:#ddd}\n"
	".st-none{background:#fff;color:#999}\n"
	".strip span{padding:0 1px}.strip .this{outline:2px solid #222}\n"
	"svg{display:block;margin:.5em 0;max-width:100%;height:auto}\n"
	"svg text{font:11px sans-serif;fill:#222}\n"
	".filter{margin:.5em 0}\n";

int report_write(struct report *r, const char *dir)
{
	struct strbuf path = STRBUF_INIT, page = STRBUF_INIT, name = STRBUF_INIT, old = STRBUF_INIT;
	struct progress *meter = NULL;
	size_t dir_len, i;
	int ret = -1;

	strbuf_addstr(&path, dir);
	while (path.len > 1 && path.buf[path.len - 1] == '/')
		strbuf_setlen(&path, path.len - 1);
	strbuf_addch(&path, '/');
	dir_len = path.len;
	if (make_dir(dir))
		goto out;
	strbuf_addstr(&path, "release");
	if (make_dir(path.buf))
		goto out;
	strbuf_setlen(&path, dir_len);
	strbuf_addstr(&path, "commit");
	if (make_dir(path.buf))
		goto out;

	strbuf_addstr(&page, report_css);
	if (write_page(&path, dir_len, "report.css", &page, &old))
		goto out;
	strbuf_reset(&page);
	report_write_index(&page, r);
	if (write_page(&path, dir_len, "index.html", &page, &old))
		goto out;

	meter = progress_start("Writing pages", r->releases_nr + r->commits_nr);
	for (i = 0; i < r->releases_nr; i++) {
		strbuf_reset(&page);
		report_write_release_page(&page, r, i);
		strbuf_reset(&name);
		strbuf_addf(&name, "release/%s.html", r->releases[i].stem);
		if (write_page(&path, dir_len, name.buf, &page, &old))
			goto out;
		progress_update(meter, i + 1);
	}
	for (i = 0; i < r->commits_nr; i++) {
		strbuf_reset(&page);
		if (report_write_commit_page(&page, r, &r->commits[i]))
			goto out;
		strbuf_reset(&name);
		strbuf_addf(&name, "commit/%s.html", git_oid_tostr_s(&r->commits[i]));
		if (write_page(&path, dir_len, name.buf, &page, &old))
			goto out;
		progress_update(meter, r->releases_nr + i + 1);
	}
	progress_stop(&meter);
	ret = 0;
out:
	progress_free(&meter);
	strbuf_release(&path);
	strbuf_release(&page);
	strbuf_release(&name);
	strbuf_release(&old);
	return ret;
}

void report_release(struct report *r)
{
	size_t i;

	for (i = 0; i < r->releases_nr; i++) {
		summary_release(&r->releases[i].summary);
		free(r->releases[i].tag);
		free(r->releases[i].stem);
	}
	free(r->releases);
	free(r->commits);
	release_tags_free(r->tags);
	memset(r, 0, sizeof(*r));
}
