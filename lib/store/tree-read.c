/*
 * Reading a notes tree into the store's table (see lib/store/tree-read.h).
 */
#include "lib/store/tree-read.h"
#include "lib/store/table.h"
#include "lib/hex.h"
#include "lib/odb/object-read.h"
#include "lib/record.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void load_subtree(struct notes_store *s, unsigned byte);
static int subtree_loaded(const struct notes_store *s, unsigned byte);
static void load_subtree2(struct notes_store *s, unsigned prefix);

struct note_entry *store_find(struct notes_store *s, const git_oid *object)
{
	if (!subtree_loaded(s, object->id[0]))
		load_subtree(s, object->id[0]);
	if (store_unread_subtree2(s, store_prefix16(object)))
		load_subtree2(s, store_prefix16(object));
	return store_find_loaded(s, object);
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
		const struct strbuf *note = store_read_object(s, blobs[i], GIT_OBJECT_BLOB, "note");

		if (i)
			strbuf_addch(&text, '\n');
		strbuf_addbuf(&text, note);
		if (records && record_list_parse(&list, note->buf, note->len, &err))
			records = 0;
	}
	if (records) {
		record_list_normalize(&list);
		strbuf_reset(&text);
		record_list_write(&text, &list);
	}
	repo_error_reset();
	check(git_blob_create_from_buffer(&merged, s->repo, text.buf, text.len),
	      "cannot write note");
	git_oid_cpy(&e->blob, &merged);
	store_mark_dirty(s, &e->object);
	record_list_release(&list);
	strbuf_release(&err);
	strbuf_release(&text);
}

/* Notes a depth-2 subtree ("ab/cd/", `hex` is "abcd"), to be read on first use. */
static void remember_subtree2(struct notes_store *s, const char *hex, const git_oid *oid)
{
	unsigned prefix;

	if (sscanf(hex, "%4x", &prefix) != 1)
		BUG("bad fanout prefix '%s'", hex);
	if (!s->subtree2)
		s->subtree2 = xcalloc(STORE_SUBTREE2_NR, sizeof(*s->subtree2));
	git_oid_cpy(&s->subtree2[prefix].oid, oid);
	s->subtree2[prefix].count = 0;
	s->subtree2[prefix].loaded = 0;
}

/* Whether the depth-2 subtree `prefix` exists and has not been read. */
int store_unread_subtree2(const struct notes_store *s, unsigned prefix)
{
	return s->subtree2 && !s->subtree2[prefix].loaded &&
		!git_oid_is_zero(&s->subtree2[prefix].oid);
}

/* Reads an object of the notes; dies as libgit2's lookups would when it cannot. */
const struct strbuf *store_read_object(struct notes_store *s, const git_oid *oid,
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

void store_take_object(struct notes_store *s, const git_oid *oid, git_object_t type,
		       const char *what, struct strbuf *out)
{
	store_read_object(s, oid, type, what);
	strbuf_release(out);
	*out = s->objects->data;
	strbuf_init(&s->objects->data, 0);
}

static void load_tree(struct notes_store *s, const git_oid *tree_id, struct strbuf *hex,
		      struct strbuf *path, int depth)
{
	struct strbuf tree = STRBUF_INIT;
	struct raw_tree_entry te;
	size_t pos = 0;
	int ret;

	/* The reader's buffer is reused by the reads below this level. */
	strbuf_addbuf(&tree, store_read_object(s, tree_id, GIT_OBJECT_TREE, "notes tree"));
	while ((ret = tree_entry_next(&tree, &pos, &te)) > 0) {
		const char *name = te.name;
		size_t len = te.name_len;
		git_object_t type = tree_entry_type(te.mode);
		size_t hex_len = hex->len, path_len = path->len;

		if (type == GIT_OBJECT_TREE && len == 2 && hex_is_lower(name, 2) && hex->len + 2 < 40) {
			if (!depth) {
				/* Read on first use: a lookup needs one of 256 subtrees. */
				unsigned byte = (unsigned)strtoul(name, NULL, 16);

				git_oid_cpy(&s->subtree[byte], &te.oid);
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
		} else if (type == GIT_OBJECT_BLOB && hex->len + len == 40 && hex_is_lower(name, len)) {
			git_oid object;
			struct note_entry *e;

			strbuf_add(hex, name, len);
			git_oid_fromstr(&object, hex->buf);
			/*
			 * A note beside fanout subtrees (a tree of mixed
			 * fanout) belongs with the subtree it would be in:
			 * read that first, as git does, so that a write
			 * never has one without the other.
			 */
			e = depth < 2 ? store_find(s, &object) : store_find_loaded(s, &object);
			if (e)
				merge_duplicate(s, e, &te.oid);
			else
				store_append_note(s, &object, &te.oid);
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

int store_unread_subtree(const struct notes_store *s, unsigned byte)
{
	return !subtree_loaded(s, byte) && !git_oid_is_zero(&s->subtree[byte]);
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
int store_load_subtrees2(struct notes_store *s, unsigned first, unsigned last)
{
	unsigned prefix;
	int any = 0;

	for (prefix = first; s->subtree2 && prefix <= last; prefix++) {
		if (store_unread_subtree2(s, prefix)) {
			load_subtree2(s, prefix);
			any = 1;
		}
	}
	return any;
}

/* Reads every subtree not read yet, at both levels: walks need all notes. */
void store_load_all(struct notes_store *s)
{
	unsigned byte;

	for (byte = 0; byte < 256; byte++)
		if (!subtree_loaded(s, byte))
			load_subtree(s, byte);
	store_load_subtrees2(s, 0, STORE_SUBTREE2_NR - 1);
}

void store_load(struct notes_store *s)
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
		die("notes ref %s does not point to a commit: %s", s->ref, repo_error_text());
	load_tree(s, git_commit_tree_id(commit), &hex, &path, 0);
	s->sorted = 0;
	git_commit_free(commit);
	strbuf_release(&hex);
	strbuf_release(&path);
}

