/*
 * Results for the same code on another commit (see lib/store/same-tree.h),
 * found through an index of the trees of the commits with results.
 *
 * The index is derived data, like git's commit-graph: a file under the
 * repository's git-results/ directory, one per notes ref, made for one
 * notes commit and made again when the ref has moved.  It holds
 *
 *	"GRTI", version (4 bytes), the notes commit id (20 bytes),
 *	the number of entries (4 bytes), then per entry the tree id and the
 *	commit id (20 bytes each), sorted by tree, then commit,
 *
 * all numbers big-endian.  A file that is missing, damaged or made for
 * another notes commit is simply made again; one that cannot be written
 * (a read-only repository) is built in memory each time.
 */
#include "lib/store/same-tree.h"
#include "lib/byteorder.h"
#include "lib/hex.h"
#include "lib/odb/commit-graph.h"
#include "lib/odb/object-read.h"
#include "lib/repo.h"
#include "lib/sha1.h"
#include "lib/usage.h"
#include "lib/write-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define INDEX_MAGIC "GRTI"
#define INDEX_VERSION 1
#define HEADER_LEN (4 + 4 + GIT_OID_RAWSZ + 4)
#define ENTRY_LEN (2 * GIT_OID_RAWSZ)

struct tree_index {
	const unsigned char *entries;
	uint32_t nr;
	void *map;		/* the mapped file, or NULL */
	size_t map_len;
	unsigned char *built;	/* or the entries built in memory */
};

static void index_path(struct strbuf *out, struct notes_store *s)
{
	unsigned char digest[20];
	char hex[17];
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, s->ref, strlen(s->ref));
	sha1_final(&ctx, digest);
	hex_encode(hex, digest, 8);
	strbuf_addstr(out, git_repository_commondir(s->repo));
	while (out->len > 1 && out->buf[out->len - 1] == '/')
		strbuf_setlen(out, out->len - 1);
	strbuf_addf(out, "/git-results/tree-index-%s", hex);
}

/* Maps the index file when it is sound and made for the notes commit read. */
static int index_map(struct tree_index *ix, const char *path, const git_oid *tip)
{
	struct stat st;
	unsigned char *p;
	uint32_t nr;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || st.st_size < HEADER_LEN) {
		close(fd);
		return -1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	nr = get_be32(p + 4 + 4 + GIT_OID_RAWSZ);
	if (memcmp(p, INDEX_MAGIC, 4) || get_be32(p + 4) != INDEX_VERSION ||
	    memcmp(p + 8, tip->id, GIT_OID_RAWSZ) ||
	    (uint64_t)st.st_size != HEADER_LEN + (uint64_t)nr * ENTRY_LEN) {
		munmap(p, (size_t)st.st_size);
		return -1;
	}
	ix->map = p;
	ix->map_len = (size_t)st.st_size;
	ix->entries = p + HEADER_LEN;
	ix->nr = nr;
	return 0;
}

struct build {
	struct commit_graph *graph;
	struct object_reader objects;
	unsigned char *entries;
	size_t nr, alloc;
};

/* The tree of `commit`: from the commit-graph when it has it, else the object. */
static int tree_of(struct build *b, const git_oid *commit, git_oid *tree)
{
	uint32_t pos = b->graph ? commit_graph_find(b->graph, commit) : COMMIT_GRAPH_NO_POS;
	char *why = NULL;

	if (pos != COMMIT_GRAPH_NO_POS) {
		commit_graph_tree(b->graph, pos, tree);
		return 0;
	}
	/* A commit of a shallow or partial clone may be missing: no tree to index. */
	if (object_read(&b->objects, commit, GIT_OBJECT_COMMIT, &why)) {
		free(why);
		return -1;
	}
	if (b->objects.data.len < 5 + GIT_OID_HEXSZ ||
	    memcmp(b->objects.data.buf, "tree ", 5) ||
	    git_oid_fromstrn(tree, b->objects.data.buf + 5, GIT_OID_HEXSZ))
		return -1;
	return 0;
}

static int add_note(const struct note_entry *note, void *data)
{
	struct build *b = data;
	git_oid tree;

	if (tree_of(b, &note->object, &tree))
		return 0;
	ALLOC_GROW(b->entries, (b->nr + 1) * ENTRY_LEN, b->alloc);
	memcpy(b->entries + b->nr * ENTRY_LEN, tree.id, GIT_OID_RAWSZ);
	memcpy(b->entries + b->nr * ENTRY_LEN + GIT_OID_RAWSZ, note->object.id, GIT_OID_RAWSZ);
	b->nr++;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return memcmp(a, b, ENTRY_LEN);
}

/* Builds the index from every note, and saves it when the repository lets us. */
static void index_build(struct tree_index *ix, struct notes_store *s, const char *path)
{
	struct build b = { NULL };
	struct strbuf file = STRBUF_INIT;
	unsigned char header[HEADER_LEN];

	b.graph = commit_graph_open(s->repo);
	object_reader_open(&b.objects, s->repo);
	store_for_each(s, add_note, &b);
	commit_graph_free(b.graph);
	object_reader_release(&b.objects);
	if (b.nr > 1)
		qsort(b.entries, b.nr, ENTRY_LEN, cmp_entry);
	ix->built = b.entries;
	ix->entries = b.entries;
	ix->nr = (uint32_t)b.nr;

	memcpy(header, INDEX_MAGIC, 4);
	put_be32(header + 4, INDEX_VERSION);
	memcpy(header + 8, s->tip.id, GIT_OID_RAWSZ);
	put_be32(header + 8 + GIT_OID_RAWSZ, ix->nr);
	strbuf_add(&file, header, sizeof(header));
	strbuf_add(&file, b.entries, b.nr * ENTRY_LEN);
	{
		/* Derived data: when it cannot be saved, it is made again next time. */
		struct strbuf dir = STRBUF_INIT;

		strbuf_add(&dir, path, (size_t)(strrchr(path, '/') - path));
		if ((!mkdir(dir.buf, 0777) || errno == EEXIST) && !access(dir.buf, W_OK))
			write_file_atomic(path, file.buf, file.len);
		strbuf_release(&dir);
	}
	strbuf_release(&file);
}

static void index_open(struct tree_index *ix, struct notes_store *s);
static void index_close(struct tree_index *ix);
static uint32_t index_find(const struct tree_index *ix, const git_oid *tree);

struct tree_index *tree_index_open(struct notes_store *s)
{
	struct tree_index *ix;

	if (!s->has_tip)
		return NULL;
	ix = xmalloc(sizeof(*ix));
	index_open(ix, s);
	return ix;
}

void tree_index_free(struct tree_index *ix)
{
	if (!ix)
		return;
	index_close(ix);
	free(ix);
}

int tree_index_find(const struct tree_index *ix, const git_oid *tree, const git_oid *commit,
		    git_oid *out)
{
	uint32_t i;

	for (i = ix ? index_find(ix, tree) : 0; ix && i < ix->nr; i++) {
		const unsigned char *e = ix->entries + (size_t)i * ENTRY_LEN;

		if (memcmp(e, tree->id, GIT_OID_RAWSZ))
			break;
		git_oid_fromraw(out, e + GIT_OID_RAWSZ);
		if (git_oid_cmp(out, commit))
			return 0;
	}
	return 1;
}

static void index_open(struct tree_index *ix, struct notes_store *s)
{
	struct strbuf path = STRBUF_INIT;

	memset(ix, 0, sizeof(*ix));
	index_path(&path, s);
	if (index_map(ix, path.buf, &s->tip))
		index_build(ix, s, path.buf);
	strbuf_release(&path);
}

static void index_close(struct tree_index *ix)
{
	if (ix->map)
		munmap(ix->map, ix->map_len);
	free(ix->built);
}

/* The first entry for `tree`, or ix->nr when there is none. */
static uint32_t index_find(const struct tree_index *ix, const git_oid *tree)
{
	uint32_t lo = 0, hi = ix->nr;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (memcmp(ix->entries + (size_t)mid * ENTRY_LEN, tree->id, GIT_OID_RAWSZ) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->nr && !memcmp(ix->entries + (size_t)lo * ENTRY_LEN, tree->id, GIT_OID_RAWSZ))
		return lo;
	return ix->nr;
}

/* Moves the records of `list` made for `tree_hex` to `out`; 1 when any. */
static int take_tree(struct record_list *out, struct record_list *list, const char *tree_hex)
{
	size_t i;
	int hit = 0;

	for (i = 0; i < list->nr; i++) {
		if (strcmp(list->items[i].tree, tree_hex))
			continue;
		record_list_take(out, &list->items[i]);
		hit = 1;
	}
	return hit;
}

int store_read_same_tree(struct notes_store *s, const git_oid *commit,
			 struct record_list *out, git_oid *source)
{
	struct tree_index ix;
	char tree_hex[GIT_OID_HEXSZ + 1];
	git_oid tree;
	git_commit *c;
	uint32_t i;
	int ret = 1;

	if (!s->has_tip)
		return 1;	/* no results at all */
	if (git_commit_lookup(&c, s->repo, commit) < 0)
		return 1;	/* beyond a shallow clone's boundary: nothing known */
	git_oid_cpy(&tree, git_commit_tree_id(c));
	git_commit_free(c);
	git_oid_tostr(tree_hex, sizeof(tree_hex), &tree);
	index_open(&ix, s);
	for (i = index_find(&ix, &tree); ret && i < ix.nr; i++) {
		const unsigned char *e = ix.entries + (size_t)i * ENTRY_LEN;
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;
		git_oid other;

		if (memcmp(e, tree.id, GIT_OID_RAWSZ))
			break;
		git_oid_fromraw(&other, e + GIT_OID_RAWSZ);
		if (git_oid_cmp(&other, commit) &&
		    store_read(s, &other, &list, &err) == STORE_NOTE_READ &&
		    take_tree(out, &list, tree_hex)) {
			git_oid_cpy(source, &other);
			ret = 0;
		}
		record_list_release(&list);
		strbuf_release(&err);
	}
	index_close(&ix);
	return ret;
}
