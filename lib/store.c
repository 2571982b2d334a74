#include "lib/store.h"
#include "lib/hex.h"
#include "lib/odb/object-read.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_CAS_ATTEMPTS 400
#define CAS_LOCKED 2
/* How long one lock file may stay before we stop waiting for it. */
#define STALE_LOCK_MS 2000

char *store_ref_name(git_repository *repo, const char *explicit_ref)
{
	char *configured = explicit_ref ? NULL : config_get_string(repo, "results.notesref");
	const char *name = explicit_ref ? explicit_ref : configured ? configured : STORE_DEFAULT_REF;
	struct strbuf sb = STRBUF_INIT;

	/*
	 * git's expand_notes_ref(): "foo" and "notes/foo" mean refs/notes/foo,
	 * and so does "refs/heads/foo" mean refs/notes/refs/heads/foo: a notes
	 * command never writes a branch or merges one's files into notes.
	 */
	if (!strncmp(name, "refs/notes/", 11))
		strbuf_addstr(&sb, name);
	else if (!strncmp(name, "notes/", 6))
		strbuf_addf(&sb, "refs/%s", name);
	else
		strbuf_addf(&sb, "refs/notes/%s", name);
	free(configured);
	if (!git_reference_is_valid_name(sb.buf))
		die("refusing to use '%s' as notes ref: not a valid ref name", sb.buf);
	return strbuf_detach(&sb, NULL);
}

static void rebuild_index(struct notes_store *s)
{
	size_t i, want = 64;

	while (want < s->notes_nr * 2 + 1)
		want *= 2;
	free(s->index);
	s->index = xcalloc(want, sizeof(*s->index));
	s->index_size = want;
	for (i = 0; i < s->notes_nr; i++) {
		size_t slot = oid_hash(&s->notes[i].object) & (want - 1);

		while (s->index[slot])
			slot = (slot + 1) & (want - 1);
		s->index[slot] = (uint32_t)(i + 1);
	}
}

static void load_subtree(struct notes_store *s, unsigned byte);
static int subtree_loaded(const struct notes_store *s, unsigned byte);
static void load_subtree2(struct notes_store *s, unsigned prefix);
static int unread_subtree2(const struct notes_store *s, unsigned prefix);
static unsigned prefix16(const git_oid *object);

/* Looks up among the notes read so far. */
static struct note_entry *find_loaded(struct notes_store *s, const git_oid *object)
{
	size_t slot;

	if (!s->index_size)
		return NULL;
	slot = oid_hash(object) & (s->index_size - 1);
	while (s->index[slot]) {
		struct note_entry *e = &s->notes[s->index[slot] - 1];

		if (!git_oid_cmp(&e->object, object))
			return e;
		slot = (slot + 1) & (s->index_size - 1);
	}
	return NULL;
}

static struct note_entry *find(struct notes_store *s, const git_oid *object)
{
	if (!subtree_loaded(s, object->id[0]))
		load_subtree(s, object->id[0]);
	if (unread_subtree2(s, prefix16(object)))
		load_subtree2(s, prefix16(object));
	return find_loaded(s, object);
}

#define SUBTREE2_NR 65536

static unsigned prefix16(const git_oid *object)
{
	return (unsigned)object->id[0] << 8 | object->id[1];
}

static void mark_dirty2(struct notes_store *s, unsigned prefix)
{
	if (!s->subtree2_dirty)
		s->subtree2_dirty = xcalloc(SUBTREE2_NR / 32, sizeof(uint32_t));
	s->subtree2_dirty[prefix / 32] |= 1u << (prefix % 32);
}

static void mark_dirty(struct notes_store *s, const git_oid *object)
{
	s->subtree_dirty[object->id[0] / 32] |= 1u << (object->id[0] % 32);
	mark_dirty2(s, prefix16(object));
	s->any_dirty = 1;
}

/* The depth-2 subtree `prefix` as read, if it can be written again as is. */
static const git_oid *clean_subtree2(const struct notes_store *s, unsigned prefix, size_t count)
{
	const struct store_subtree *st;

	if (!s->subtree2 ||
	    (s->subtree2_dirty && (s->subtree2_dirty[prefix / 32] & (1u << (prefix % 32)))))
		return NULL;
	st = &s->subtree2[prefix];
	return st->count == count && !git_oid_is_zero(&st->oid) ? &st->oid : NULL;
}

static int is_dirty(const struct notes_store *s, unsigned byte)
{
	return !!(s->subtree_dirty[byte / 32] & (1u << (byte % 32)));
}

static void append_note(struct notes_store *s, const git_oid *object, const git_oid *blob)
{
	size_t slot;

	ALLOC_GROW(s->notes, s->notes_nr + 1, s->notes_alloc);
	git_oid_cpy(&s->notes[s->notes_nr].object, object);
	git_oid_cpy(&s->notes[s->notes_nr].blob, blob);
	s->notes_nr++;
	if (s->notes_nr * 2 >= s->index_size) {
		rebuild_index(s);
		return;
	}
	slot = oid_hash(object) & (s->index_size - 1);
	while (s->index[slot])
		slot = (slot + 1) & (s->index_size - 1);
	s->index[slot] = (uint32_t)s->notes_nr;
}

/*
 * The same object annotated at two fanout depths (possible when a tree
 * was written by hand or by a tool with another fanout rule): git
 * concatenates the two notes; we keep every record of both, or both texts
 * when they are not records.
 */
static void merge_duplicate(struct notes_store *s, struct note_entry *e, const git_oid *blob)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	const git_oid *blobs[2] = { &e->blob, blob };
	git_oid merged;
	int i, records = 1;

	for (i = 0; i < 2; i++) {
		git_blob *b;

		check(git_blob_lookup(&b, s->repo, blobs[i]), "cannot read note");
		if (i)
			strbuf_addch(&text, '\n');
		strbuf_add(&text, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		if (records && record_list_parse(&list, git_blob_rawcontent(b),
						 (size_t)git_blob_rawsize(b), &err))
			records = 0;
		git_blob_free(b);
	}
	if (records) {
		record_list_normalize(&list);
		strbuf_reset(&text);
		record_list_write(&text, &list);
	}
	check(git_blob_create_from_buffer(&merged, s->repo, text.buf, text.len),
	      "cannot write note");
	git_oid_cpy(&e->blob, &merged);
	mark_dirty(s, &e->object);
	record_list_release(&list);
	strbuf_release(&err);
	strbuf_release(&text);
}

static int is_hex(const char *s, size_t len)
{
	return hex_is_lower(s, len);
}

/* Notes a depth-2 subtree ("ab/cd/", `hex` is "abcd"), to be read on first use. */
static void remember_subtree2(struct notes_store *s, const char *hex, const git_oid *oid)
{
	unsigned prefix;

	if (sscanf(hex, "%4x", &prefix) != 1)
		BUG("bad fanout prefix '%s'", hex);
	if (!s->subtree2)
		s->subtree2 = xcalloc(SUBTREE2_NR, sizeof(*s->subtree2));
	git_oid_cpy(&s->subtree2[prefix].oid, oid);
	s->subtree2[prefix].count = 0;
	s->subtree2[prefix].loaded = 0;
}

/* Whether the depth-2 subtree `prefix` exists and has not been read. */
static int unread_subtree2(const struct notes_store *s, unsigned prefix)
{
	return s->subtree2 && !s->subtree2[prefix].loaded &&
		!git_oid_is_zero(&s->subtree2[prefix].oid);
}

/* Reads an object of the notes; dies as libgit2's lookups would when it cannot. */
static const struct strbuf *read_object(struct notes_store *s, const git_oid *oid,
					git_object_t type, const char *what)
{
	char *error = NULL;

	if (!s->objects) {
		s->objects = xmalloc(sizeof(*s->objects));
		object_reader_open(s->objects, s->repo);
	}
	if (object_read(s->objects, oid, type, &error))
		die("cannot read %s: %s", what, error);
	return &s->objects->data;
}

static void load_tree(struct notes_store *s, const git_oid *tree_id, struct strbuf *hex,
		      struct strbuf *path, int depth)
{
	struct strbuf tree = STRBUF_INIT;
	struct raw_tree_entry te;
	size_t pos = 0;
	int ret;

	/* The reader's buffer is reused by the reads below this level. */
	strbuf_addbuf(&tree, read_object(s, tree_id, GIT_OBJECT_TREE, "notes tree"));
	while ((ret = tree_entry_next(&tree, &pos, &te)) > 0) {
		const char *name = te.name;
		size_t len = te.name_len;
		git_object_t type = tree_entry_type(te.mode);
		size_t hex_len = hex->len, path_len = path->len;

		if (type == GIT_OBJECT_TREE && len == 2 && is_hex(name, 2) && hex->len + 2 < 40) {
			if (!depth) {
				/* Read on first use: a lookup needs one of 256 subtrees. */
				unsigned byte = (unsigned)strtoul(name, NULL, 16);

				git_oid_cpy(&s->subtree[byte], &te.oid);
				s->root_fanned = 1;
				continue;
			}
			strbuf_add(hex, name, 2);
			if (depth == 1) {
				/* And so is each of the 256 below that. */
				remember_subtree2(s, hex->buf, &te.oid);
				strbuf_setlen(hex, hex_len);
				continue;
			}
			strbuf_addf(path, "%s/", name);
			load_tree(s, &te.oid, hex, path, depth + 1);
		} else if (type == GIT_OBJECT_BLOB && hex->len + len == 40 && is_hex(name, len)) {
			git_oid object;
			struct note_entry *e;

			strbuf_add(hex, name, len);
			git_oid_fromstr(&object, hex->buf);
			e = find_loaded(s, &object);
			if (e)
				merge_duplicate(s, e, &te.oid);
			else
				append_note(s, &object, &te.oid);
		} else {
			struct non_note *nn;

			ALLOC_GROW(s->non_notes, s->non_notes_nr + 1, s->non_notes_alloc);
			nn = &s->non_notes[s->non_notes_nr++];
			strbuf_addstr(path, name);
			nn->path = xstrdup(path->buf);
			git_oid_cpy(&nn->oid, &te.oid);
			nn->mode = te.mode;
		}
		strbuf_setlen(hex, hex_len);
		strbuf_setlen(path, path_len);
	}
	if (ret < 0)
		die("cannot read notes tree: %s is not a valid tree", git_oid_tostr_s(tree_id));
	strbuf_release(&tree);
}

static int subtree_loaded(const struct notes_store *s, unsigned byte)
{
	return !!(s->subtree_loaded[byte / 32] & (1u << (byte % 32)));
}

static void load_subtree(struct notes_store *s, unsigned byte)
{
	struct strbuf hex = STRBUF_INIT, path = STRBUF_INIT;
	size_t before = s->notes_nr;

	s->subtree_loaded[byte / 32] |= 1u << (byte % 32);
	if (git_oid_is_zero(&s->subtree[byte]))
		return;
	strbuf_addf(&hex, "%02x", byte);
	strbuf_addf(&path, "%02x/", byte);
	load_tree(s, &s->subtree[byte], &hex, &path, 1);
	s->subtree_count[byte] = (uint32_t)(s->notes_nr - before);
	s->sorted = 0;
	strbuf_release(&hex);
	strbuf_release(&path);
}

static void load_subtree2(struct notes_store *s, unsigned prefix)
{
	struct strbuf hex = STRBUF_INIT, path = STRBUF_INIT;
	struct store_subtree *st = &s->subtree2[prefix];
	size_t before = s->notes_nr;

	st->loaded = 1;
	strbuf_addf(&hex, "%04x", prefix);
	strbuf_addf(&path, "%02x/%02x/", prefix >> 8, prefix & 0xff);
	load_tree(s, &st->oid, &hex, &path, 2);
	st->count = (uint32_t)(s->notes_nr - before);
	s->subtree_count[prefix >> 8] += st->count;
	s->sorted = 0;
	strbuf_release(&hex);
	strbuf_release(&path);
}

/* Reads the depth-2 subtrees not read yet whose prefix is in [first, last]. */
static int load_subtrees2(struct notes_store *s, unsigned first, unsigned last)
{
	unsigned prefix;
	int any = 0;

	for (prefix = first; s->subtree2 && prefix <= last; prefix++) {
		if (unread_subtree2(s, prefix)) {
			load_subtree2(s, prefix);
			any = 1;
		}
	}
	return any;
}

/*
 * Reads every first-level subtree not read yet, and with `everything`
 * every second-level one too: walks need all notes, writes only the
 * first level (see settle_fanout()).
 */
static void load_all(struct notes_store *s, int everything)
{
	unsigned byte;

	for (byte = 0; byte < 256; byte++)
		if (!subtree_loaded(s, byte))
			load_subtree(s, byte);
	if (everything)
		load_subtrees2(s, 0, SUBTREE2_NR - 1);
}

static void store_load(struct notes_store *s)
{
	git_commit *commit = NULL;
	struct strbuf hex = STRBUF_INIT, path = STRBUF_INIT;
	int ret;

	ret = git_reference_name_to_id(&s->tip, s->repo, s->ref);
	if (ret == GIT_ENOTFOUND)
		return;
	check(ret, "cannot read notes ref");
	s->has_tip = 1;
	if (git_commit_lookup(&commit, s->repo, &s->tip) < 0)
		die("notes ref %s does not point to a commit: %s", s->ref, git_error_text());
	load_tree(s, git_commit_tree_id(commit), &hex, &path, 0);
	s->sorted = 0;
	git_commit_free(commit);
	strbuf_release(&hex);
	strbuf_release(&path);
}

void store_open(struct notes_store *s, git_repository *repo, const char *ref)
{
	memset(s, 0, sizeof(*s));
	s->repo = repo;
	s->ref = xstrdup(ref);
	/* We wrote or read every object we link; libgit2 need not re-check. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	store_load(s);
}

static void clear_notes(struct notes_store *s)
{
	size_t i;

	for (i = 0; i < s->non_notes_nr; i++)
		free(s->non_notes[i].path);
	free(s->non_notes);
	free(s->notes);
	free(s->index);
	s->non_notes = NULL;
	s->notes = NULL;
	s->index = NULL;
	s->non_notes_nr = s->non_notes_alloc = 0;
	s->notes_nr = s->notes_alloc = s->index_size = 0;
	memset(s->subtree, 0, sizeof(s->subtree));
	memset(s->subtree_count, 0, sizeof(s->subtree_count));
	memset(s->subtree_dirty, 0, sizeof(s->subtree_dirty));
	memset(s->subtree_loaded, 0, sizeof(s->subtree_loaded));
	free(s->subtree2);
	free(s->subtree2_dirty);
	s->subtree2 = NULL;
	s->subtree2_dirty = NULL;
	s->root_fanned = s->any_dirty = s->has_tip = 0;
	s->has_merge_parent = 0;
}

void store_begin_bulk(struct notes_store *s)
{
	if (!s->bulk)
		s->bulk = xcalloc(1, sizeof(*s->bulk));
}

void store_release(struct notes_store *s)
{
	if (s->bulk) {
		pack_writer_release(s->bulk);
		free(s->bulk);
		s->bulk = NULL;
	}
	clear_notes(s);
	if (s->objects) {
		object_reader_release(s->objects);
		free(s->objects);
		s->objects = NULL;
	}
	free(s->ref);
	s->ref = NULL;
}

const git_oid *store_lookup(struct notes_store *s, const git_oid *object)
{
	struct note_entry *e = find(s, object);

	return e && !git_oid_is_zero(&e->blob) ? &e->blob : NULL;
}

int store_read(struct notes_store *s, const git_oid *object, struct record_list *out,
	       struct strbuf *err)
{
	const git_oid *blob_id = store_lookup(s, object);
	const struct strbuf *note;

	if (!blob_id)
		return 1;
	note = read_object(s, blob_id, GIT_OBJECT_BLOB, "note");
	return record_list_parse(out, note->buf, note->len, err);
}

void store_set(struct notes_store *s, const git_oid *object, const git_oid *blob)
{
	struct note_entry *e = find(s, object);

	if (e)
		git_oid_cpy(&e->blob, blob);
	else
		append_note(s, object, blob);
	s->sorted = 0;
	mark_dirty(s, object);
}

void store_remove(struct notes_store *s, const git_oid *object)
{
	struct note_entry *e = find(s, object);

	if (!e || git_oid_is_zero(&e->blob))
		return;
	memset(&e->blob, 0, sizeof(e->blob));
	mark_dirty(s, object);
}

void store_put_text(struct notes_store *s, const git_oid *object, const char *buf, size_t len)
{
	git_oid blob;

	if (s->bulk)
		pack_writer_add(s->bulk, GIT_OBJECT_BLOB, buf, len, &blob);
	else
		check(git_blob_create_from_buffer(&blob, s->repo, buf, len), "cannot write note");
	store_set(s, object, &blob);
}

void store_put_records(struct notes_store *s, const git_oid *object,
		       const struct record_list *list)
{
	struct strbuf text = STRBUF_INIT;

	if (!list->nr) {
		store_remove(s, object);
		return;
	}
	record_list_write(&text, list);
	store_put_text(s, object, text.buf, text.len);
	strbuf_release(&text);
}

static void load_all(struct notes_store *s, int everything);

const git_oid *store_non_note(struct notes_store *s, const char *path)
{
	size_t i;

	load_all(s, 1);
	for (i = 0; i < s->non_notes_nr; i++)
		if (!strcmp(s->non_notes[i].path, path))
			return &s->non_notes[i].oid;
	return NULL;
}

int store_add_non_note(struct notes_store *s, const char *path, const git_oid *oid,
		       git_filemode_t mode)
{
	struct non_note *nn;
	unsigned byte, byte2;

	if (store_non_note(s, path))
		return -1;
	ALLOC_GROW(s->non_notes, s->non_notes_nr + 1, s->non_notes_alloc);
	nn = &s->non_notes[s->non_notes_nr++];
	nn->path = xstrdup(path);
	git_oid_cpy(&nn->oid, oid);
	nn->mode = mode;
	/* An entry inside a fanout subtree makes that subtree be rewritten. */
	if (strlen(path) > 3 && path[2] == '/' && is_hex(path, 2) &&
	    sscanf(path, "%2x", &byte) == 1) {
		s->subtree_dirty[byte / 32] |= 1u << (byte % 32);
		if (strlen(path) > 6 && path[5] == '/' && is_hex(path + 3, 2) &&
		    sscanf(path + 3, "%2x", &byte2) == 1)
			mark_dirty2(s, byte << 8 | byte2);
	}
	s->any_dirty = 1;
	return 0;
}

void store_set_merge_parent(struct notes_store *s, const git_oid *parent)
{
	git_oid_cpy(&s->merge_parent, parent);
	s->has_merge_parent = 1;
	s->any_dirty = 1;
}

static int cmp_note(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct note_entry *)a)->object,
			   &((const struct note_entry *)b)->object);
}

/* Sorts the notes and drops removed ones; the index is rebuilt. */
static void compact(struct notes_store *s)
{
	size_t i, j;

	if (s->sorted)
		return;
	if (s->notes_nr > 1)
		qsort(s->notes, s->notes_nr, sizeof(*s->notes), cmp_note);
	for (i = j = 0; i < s->notes_nr; i++)
		if (!git_oid_is_zero(&s->notes[i].blob))
			s->notes[j++] = s->notes[i];
	s->notes_nr = j;
	rebuild_index(s);
	s->sorted = 1;
}

static unsigned nibble(const git_oid *oid, int n)
{
	unsigned byte = oid->id[n / 2];

	return n % 2 ? byte & 0xf : byte >> 4;
}

/*
 * git's notes code fans a directory out one more level (2/38 -> 2/2/36
 * ...) when each of the 16 possible next hex digits starts at least two
 * of its notes (notes.c, determine_fanout()).  Deciding the same way means
 * git reads our trees as it would have written them, and leaves them be.
 *
 * `notes` are the notes read under the directory (`parent` is its first
 * byte at depth 1).  A second-level subtree not read counts as one note:
 * a lower bound, so a yes is certain, and settle_fanout() reads what it
 * takes to turn a no into a certain one.
 */
static int should_fan_out(const struct notes_store *s, const struct note_entry *notes,
			  size_t nr, int depth, unsigned parent)
{
	unsigned counts[16] = { 0 };
	size_t i, total = nr;

	for (i = 0; i < nr; i++)
		counts[nibble(&notes[i].object, depth * 2)]++;
	if (depth <= 1 && s->subtree2) {
		unsigned first = depth ? parent << 8 : 0, last = depth ? first + 255 : SUBTREE2_NR - 1;
		unsigned prefix;

		for (prefix = first; prefix <= last; prefix++) {
			if (unread_subtree2(s, prefix)) {
				counts[depth ? (prefix >> 4) & 0xf : prefix >> 12]++;
				total++;
			}
		}
	}
	if (total < 32 || depth >= 19)
		return 0;
	for (i = 0; i < 16; i++)
		if (counts[i] < 2)
			return 0;
	return 1;
}

/* The notes read whose first byte is `byte`, in the sorted notes. */
static const struct note_entry *byte_range(const struct notes_store *s, unsigned byte,
					   size_t *nr)
{
	size_t lo = 0, hi = s->notes_nr, start;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->notes[mid].object.id[0] < byte)
			lo = mid + 1;
		else
			hi = mid;
	}
	start = lo;
	while (lo < s->notes_nr && s->notes[lo].object.id[0] == byte)
		lo++;
	*nr = lo - start;
	return s->notes + start;
}

/*
 * Gets the notes ready to be written: every first-level subtree read, and
 * the second-level subtrees of a directory read too when, without them,
 * whether it fans out is not certain.  Unread subtrees are then written
 * back as they were.
 */
static void settle_fanout(struct notes_store *s)
{
	unsigned byte;
	int more = 0;

	load_all(s, 0);
	compact(s);
	if (!s->subtree2)
		return;
	if (!should_fan_out(s, s->notes, s->notes_nr, 0, 0)) {
		more = load_subtrees2(s, 0, SUBTREE2_NR - 1);
	} else {
		for (byte = 0; byte < 256; byte++) {
			const struct note_entry *notes;
			size_t nr;

			if (!is_dirty(s, byte))
				continue;
			notes = byte_range(s, byte, &nr);
			if (!should_fan_out(s, notes, nr, 1, byte))
				more |= load_subtrees2(s, byte << 8, (byte << 8) + 255);
		}
	}
	if (more)
		compact(s);
}

/*
 * A tree being written.  Notes trees are written without libgit2's
 * treebuilder: the entries are already in order (or nearly), and a bulk
 * write puts the trees into the same pack as the notes.
 */
struct tree_entry {
	git_filemode_t mode;
	char name[GIT_OID_HEXSZ + 1];
	const char *long_name;	/* non-notes may have longer names */
	git_oid oid;
};

struct tree_writer {
	struct tree_entry *entries;
	size_t nr, alloc;
};

static void tree_add(struct tree_writer *tw, const char *name, const git_oid *oid,
		     git_filemode_t mode)
{
	struct tree_entry *e;

	ALLOC_GROW(tw->entries, tw->nr + 1, tw->alloc);
	e = &tw->entries[tw->nr++];
	e->mode = mode;
	if (strlen(name) <= GIT_OID_HEXSZ) {
		strcpy(e->name, name);
		e->long_name = NULL;
	} else {
		e->name[0] = '\0';
		e->long_name = name;
	}
	git_oid_cpy(&e->oid, oid);
}

static const char *entry_name(const struct tree_entry *e)
{
	return e->long_name ? e->long_name : e->name;
}

/* git's tree order: byte order, with a directory compared as "name/". */
static int cmp_tree_entry(const void *va, const void *vb)
{
	const struct tree_entry *a = va, *b = vb;
	const char *na = entry_name(a), *nb = entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > n ? (unsigned char)na[n] : a->mode == GIT_FILEMODE_TREE ? '/' : 0;
	cb = lb > n ? (unsigned char)nb[n] : b->mode == GIT_FILEMODE_TREE ? '/' : 0;
	return (int)ca - (int)cb;
}

static void tree_write(struct notes_store *s, struct tree_writer *tw, git_oid *out)
{
	struct strbuf buf = STRBUF_INIT;
	size_t i;

	if (tw->nr > 1)
		qsort(tw->entries, tw->nr, sizeof(*tw->entries), cmp_tree_entry);
	for (i = 0; i < tw->nr; i++) {
		strbuf_addf(&buf, "%o %s", (unsigned)tw->entries[i].mode, entry_name(&tw->entries[i]));
		strbuf_addch(&buf, '\0');
		strbuf_add(&buf, tw->entries[i].oid.id, GIT_OID_RAWSZ);
	}
	if (s->bulk) {
		pack_writer_add(s->bulk, GIT_OBJECT_TREE, buf.buf, buf.len, out);
	} else {
		git_odb *odb;

		check(git_repository_odb(&odb, s->repo), "cannot open object database");
		check(git_odb_write(out, odb, buf.buf, buf.len, GIT_OBJECT_TREE),
		      "cannot write notes tree");
		git_odb_free(odb);
	}
	strbuf_release(&buf);
	free(tw->entries);
	tw->entries = NULL;
	tw->nr = tw->alloc = 0;
}

static void add_non_notes(struct notes_store *s, struct tree_writer *tw, const char *dir)
{
	size_t i, dir_len = strlen(dir);

	for (i = 0; i < s->non_notes_nr; i++) {
		const char *p = s->non_notes[i].path;

		if (strncmp(p, dir, dir_len) || strchr(p + dir_len, '/'))
			continue;
		tree_add(tw, p + dir_len, &s->non_notes[i].oid, s->non_notes[i].mode);
	}
}

/*
 * Writes the directory `dir` (`prefix` names it: its first byte at depth
 * 1, its first two at depth 2), holding `notes` and, at the first two
 * levels, the subtrees not read.
 */
static void write_dir(struct notes_store *s, const struct note_entry *notes, size_t nr,
		      int depth, unsigned prefix, struct strbuf *dir, git_oid *out)
{
	struct tree_writer tw = { NULL, 0, 0 };
	char hex[GIT_OID_HEXSZ + 1];
	size_t i = 0;
	unsigned byte;

	if (should_fan_out(s, notes, nr, depth, prefix)) {
		for (byte = 0; byte < 256; byte++) {
			unsigned sub_prefix = depth ? prefix << 8 | byte : byte;
			size_t j = i, dir_len = dir->len;
			const git_oid *clean;
			git_oid sub;

			while (j < nr && notes[j].object.id[depth] == byte)
				j++;
			if (!depth && s->root_fanned && !is_dirty(s, byte) &&
			    s->subtree_count[byte] == j - i && !git_oid_is_zero(&s->subtree[byte])) {
				git_oid_cpy(&sub, &s->subtree[byte]);
			} else if (depth == 1 && unread_subtree2(s, sub_prefix)) {
				git_oid_cpy(&sub, &s->subtree2[sub_prefix].oid);
			} else if (depth == 1 && j > i && (clean = clean_subtree2(s, sub_prefix, j - i))) {
				git_oid_cpy(&sub, clean);
			} else if (j > i) {
				strbuf_addf(dir, "%02x/", byte);
				write_dir(s, notes + i, j - i, depth + 1, sub_prefix, dir, &sub);
				strbuf_setlen(dir, dir_len);
			} else {
				continue;
			}
			snprintf(hex, sizeof(hex), "%02x", byte);
			tree_add(&tw, hex, &sub, GIT_FILEMODE_TREE);
			i = j;
		}
	} else {
		for (i = 0; i < nr; i++) {
			git_oid_tostr(hex, sizeof(hex), &notes[i].object);
			tree_add(&tw, hex + depth * 2, &notes[i].blob, GIT_FILEMODE_BLOB);
		}
	}
	add_non_notes(s, &tw, dir->buf);
	tree_write(s, &tw, out);
}

static int backoff(int attempt)
{
	struct timespec ts;
	long max_us = 1000L << (attempt < 6 ? attempt : 6);
	long us = (long)(rand() % max_us) + 200;

	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	nanosleep(&ts, NULL);
	return 0;
}

/*
 * Moves the ref to `new_id` if it still is what we read (s->tip, or
 * absent): returns 0 when it moved, 1 when another writer got there
 * first, CAS_LOCKED when another holds the ref's lock.  The ref is
 * locked before its value is compared, so the check and the update are
 * one step; libgit2's own create and
 * create_matching check a missing ref before taking the lock, which lets
 * two writers both create it and one of them lose its notes.
 */
static int compare_and_swap(struct notes_store *s, const git_oid *new_id,
			    const git_signature *sig, const char *reflog)
{
	git_transaction *tx;
	git_oid current;
	int ret, exists;

	check(git_transaction_new(&tx, s->repo), "cannot update notes ref");
	ret = git_transaction_lock_ref(tx, s->ref);
	if (ret == GIT_ELOCKED) {
		ret = CAS_LOCKED;
		goto out;
	}
	check(ret, "cannot lock notes ref");
	ret = git_reference_name_to_id(&current, s->repo, s->ref);
	if (ret < 0 && ret != GIT_ENOTFOUND)
		check(ret, "cannot read notes ref");
	exists = !ret;
	if (exists != s->has_tip || (exists && !git_oid_equal(&current, &s->tip))) {
		ret = 1;
		goto out;
	}
	check(git_transaction_set_target(tx, s->ref, new_id, sig, reflog),
	      "cannot update notes ref");
	ret = git_transaction_commit(tx);
	if (ret == GIT_ELOCKED)
		ret = CAS_LOCKED;
	else if (ret == GIT_EMODIFIED)
		ret = 1;
	else
		check(ret, "cannot update notes ref");
out:
	git_transaction_free(tx);
	return ret;
}

/* Writes the tree and commit; 0 when the ref moved, else compare_and_swap()'s retry code. */
static int try_commit(struct notes_store *s, const char *message)
{
	struct strbuf dir = STRBUF_INIT, reflog = STRBUF_INIT;
	git_signature *sig = repo_committer(s->repo);
	git_commit *parents[2] = { NULL, NULL };
	size_t parents_nr = 0;
	git_oid tree_id, commit_id;
	git_tree *tree;
	int ret;

	settle_fanout(s);
	write_dir(s, s->notes, s->notes_nr, 0, 0, &dir, &tree_id);
	/* The pack must be complete before the ref makes its objects reachable. */
	if (s->bulk)
		pack_writer_finish(s->bulk);
	check(git_tree_lookup(&tree, s->repo, &tree_id), "cannot read new notes tree");
	if (s->has_tip)
		check(git_commit_lookup(&parents[parents_nr++], s->repo, &s->tip),
		      "cannot read notes commit");
	if (s->has_merge_parent)
		check(git_commit_lookup(&parents[parents_nr++], s->repo, &s->merge_parent),
		      "cannot read the notes commit to merge");
	check(git_commit_create(&commit_id, s->repo, NULL, sig, sig, NULL, message, tree,
				parents_nr, (const git_commit **)parents),
	      "cannot write notes commit");

	strbuf_addf(&reflog, "notes: %s", message);
	strbuf_rtrim(&reflog);
	ret = compare_and_swap(s, &commit_id, sig, reflog.buf);

	if (!ret) {
		/* Callers report the commit they made. */
		git_oid_cpy(&s->tip, &commit_id);
		s->has_tip = 1;
	}
	git_tree_free(tree);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_signature_free(sig);
	strbuf_release(&dir);
	strbuf_release(&reflog);
	return ret;
}

void ref_lock_watch(struct ref_lock_watch *w, git_repository *repo, const char *ref)
{
	struct strbuf path = STRBUF_INIT;
	struct timespec now;
	struct stat st;
	long waited_ms;

	strbuf_addf(&path, "%s%s.lock", git_repository_commondir(repo), ref);
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (stat(path.buf, &st)) {
		w->seen = 0;
		goto out;
	}
	if (!w->seen || st.st_dev != w->st.st_dev || st.st_ino != w->st.st_ino ||
	    st.st_mtim.tv_sec != w->st.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != w->st.st_mtim.tv_nsec) {
		w->seen = 1;
		w->st = st;
		w->since = now;
		goto out;
	}
	waited_ms = (now.tv_sec - w->since.tv_sec) * 1000 +
		    (now.tv_nsec - w->since.tv_nsec) / 1000000;
	if (waited_ms >= STALE_LOCK_MS) {
		fprintf(stderr, "hint: another git process seems to be running in this repository;\n"
			"hint: if none is, one crashed earlier: remove the file to continue\n");
		die("cannot lock ref '%s': unable to create '%s': File exists", ref, path.buf);
	}
out:
	strbuf_release(&path);
}

int store_update(struct notes_store *s, store_apply_fn apply, void *data,
		 const char *message)
{
	struct ref_lock_watch watch = { 0 };
	int attempt;

	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	for (attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
		int ret;

		if (s->bulk)
			pack_writer_init(s->bulk, s->repo);
		ret = apply(s, data);

		if (ret || !s->any_dirty) {
			if (s->bulk)
				pack_writer_release(s->bulk);
			return ret ? ret : 1;
		}
		ret = try_commit(s, message);
		if (!ret)
			return 0;
		if (ret == CAS_LOCKED)
			ref_lock_watch(&watch, s->repo, s->ref);
		else
			watch.seen = 0;
		/* Someone else moved the ref: start again from what they wrote. */
		clear_notes(s);
		store_load(s);
		backoff(attempt);
	}
	die("cannot update %s: it keeps changing under us", s->ref);
}

int store_for_each(struct notes_store *s,
		   int (*fn)(const struct note_entry *note, void *data), void *data)
{
	size_t i;
	int ret;

	load_all(s, 1);
	compact(s);
	for (i = 0; i < s->notes_nr; i++)
		if ((ret = fn(&s->notes[i], data)))
			return ret;
	return 0;
}
