/*
 * Writing the store's table as a notes tree (see lib/store/tree-write.h).
 */
#include "lib/store/tree-write.h"
#include "lib/repo.h"
#include "lib/store/table.h"
#include "lib/store/tree-read.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>



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

static int cmp_note(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct note_entry *)a)->object,
			   &((const struct note_entry *)b)->object);
}

/* Sorts the notes and drops removed ones; the index is rebuilt. */
void store_compact(struct notes_store *s)
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
	store_rebuild_index(s);
	s->sorted = 1;
}

static unsigned nibble(const git_oid *oid, int n)
{
	unsigned byte = oid->id[n / 2];

	return n % 2 ? byte & 0xf : byte >> 4;
}

/*
 * Whether the directory at `depth` (`parent` is its first byte at depth
 * 1) holds a fanout subtree not read yet under each of the 16 possible
 * next hex digits: sets has[digit].
 */
static void unread_subtrees(const struct notes_store *s, int depth, unsigned parent, int has[16])
{
	unsigned byte, prefix;

	if (depth == 0) {
		for (byte = 0; byte < 256; byte++) {
			if (store_unread_subtree(s, byte))
				has[byte >> 4] = 1;
			else if (s->subtree2)
				for (prefix = byte << 8; prefix <= (byte << 8 | 0xff); prefix++)
					if (store_unread_subtree2(s, prefix)) {
						has[byte >> 4] = 1;
						break;
					}
		}
	} else if (depth == 1 && s->subtree2) {
		for (prefix = parent << 8; prefix <= (parent << 8 | 0xff); prefix++)
			if (store_unread_subtree2(s, prefix))
				has[(prefix >> 4) & 0xf] = 1;
	}
}

/*
 * git's notes code fans a directory out one more level (2/38 -> 2/2/36
 * ...) when each of the 16 possible next hex digits starts two of its
 * entries, or one that is a fanout subtree it has not read (notes.c,
 * determine_fanout(): every slot of that level of its 16-tree is an
 * internal node or a subtree).  git reads only the subtrees on the path
 * of the notes it changes, and so do we: a subtree not read counts as it
 * does for git, and the decision is the one git would make for the same
 * change.  git reads our trees as it would have written them, and leaves
 * them be.
 *
 * `notes` are the notes read under the directory (`parent` is its first
 * byte at depth 1).  Deciding no, git reads every subtree below the
 * directory and writes its notes in it (settle_fanout() does that).
 */
static int should_fan_out(const struct notes_store *s, const struct note_entry *notes,
			  size_t nr, int depth, unsigned parent)
{
	unsigned counts[16] = { 0 };
	int subtree[16] = { 0 };
	size_t i;

	if (depth >= 19)
		return 0;
	for (i = 0; i < nr; i++)
		counts[nibble(&notes[i].object, depth * 2)]++;
	unread_subtrees(s, depth, parent, subtree);
	for (i = 0; i < 16; i++)
		if (counts[i] < 2 && !subtree[i])
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
 * The depth-1 subtree `byte` as read, if it can be written again as is:
 * nothing in it changed, and `count` notes (those now in its range) are
 * the ones read from it (none when it was not read).
 */
static const git_oid *clean_subtree(const struct notes_store *s, unsigned byte, size_t count)
{
	if (git_oid_is_zero(&s->subtree[byte]) || is_dirty(s, byte) ||
	    s->subtree_count[byte] != count)
		return NULL;
	return &s->subtree[byte];
}

/*
 * Gets the notes ready to be written, reading only what the fanout rule
 * needs: the root's directories decided as git decides them (see
 * should_fan_out()), and below a directory not fanned out every subtree,
 * so that its notes can be written in it.  A directory written again
 * holds every note of its range (tree-read.c reads the subtree of a note
 * found beside it first); the subtrees not read are written back as they
 * were.  Reading more can change the root's decision, so until nothing
 * more is read.
 */
static void settle_fanout(struct notes_store *s)
{
	unsigned byte;
	int more;

	do {
		more = 0;
		store_compact(s);
		if (!should_fan_out(s, s->notes, s->notes_nr, 0, 0)) {
			store_load_all(s);
			store_compact(s);
			return;
		}
		for (byte = 0; byte < 256; byte++) {
			const struct note_entry *notes;
			size_t nr;

			notes = byte_range(s, byte, &nr);
			if ((!nr && git_oid_is_zero(&s->subtree[byte])) || clean_subtree(s, byte, nr))
				continue;
			if (!should_fan_out(s, notes, nr, 1, byte))
				more |= store_load_subtrees2(s, byte << 8, byte << 8 | 0xff);
		}
	} while (more);
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
		repo_error_reset();
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
 * Adds the entries that are not notes kept below `dir` in subdirectories
 * of it (a directory that no longer fans out, whose 2-hex subdirectories
 * held them): each such subdirectory is written with them alone, as git
 * writes an entry that is not a note at its path.
 */
static void add_deeper_non_notes(struct notes_store *s, struct tree_writer *tw,
				 struct strbuf *dir)
{
	size_t i, k, dir_len = dir->len;

	for (i = 0; i < s->non_notes_nr; i++) {
		const char *p = s->non_notes[i].path, *slash;
		struct tree_writer sub = { NULL, 0, 0 };
		git_oid oid;

		if (strncmp(p, dir->buf, dir_len) || !(slash = strchr(p + dir_len, '/')))
			continue;
		/* each subdirectory once, at its first entry */
		for (k = 0; k < i; k++)
			if (!strncmp(s->non_notes[k].path, p, slash + 1 - p))
				break;
		if (k < i)
			continue;
		strbuf_add(dir, p + dir_len, slash + 1 - (p + dir_len));
		add_non_notes(s, &sub, dir->buf);
		add_deeper_non_notes(s, &sub, dir);
		tree_write(s, &sub, &oid);
		/* a fanout directory's name ("ab"): tree_add() copies it */
		strbuf_setlen(dir, dir->len - 1);
		if (dir->len - dir_len > GIT_OID_HEXSZ)
			BUG("non-note below a directory named '%s'", dir->buf + dir_len);
		tree_add(tw, dir->buf + dir_len, &oid, GIT_FILEMODE_TREE);
		strbuf_setlen(dir, dir_len);
	}
}

/* Whether entries that are not notes are kept under `dir` ("ab/"). */
static int has_non_notes(const struct notes_store *s, const char *dir)
{
	size_t i, dir_len = strlen(dir);

	for (i = 0; i < s->non_notes_nr; i++)
		if (!strncmp(s->non_notes[i].path, dir, dir_len))
			return 1;
	return 0;
}

/*
 * Writes the directory `dir` (`prefix` names it: its first byte at depth
 * 1, its first two at depth 2), holding `notes` and, at the first two
 * levels, the subtrees not read.  Returns 0, writing nothing, when the
 * directory (not the root) is left empty.
 */
static int write_dir(struct notes_store *s, const struct note_entry *notes, size_t nr,
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
			if ((!depth && store_unread_subtree(s, byte) && j > i) ||
			    (depth == 1 && store_unread_subtree2(s, sub_prefix) && j > i))
				BUG("notes of %02x/ beside its subtree not read", byte);
			strbuf_addf(dir, "%02x/", byte);
			if (!depth && (clean = clean_subtree(s, byte, j - i))) {
				git_oid_cpy(&sub, clean);
			} else if (depth == 1 && store_unread_subtree2(s, sub_prefix)) {
				git_oid_cpy(&sub, &s->subtree2[sub_prefix].oid);
			} else if (depth == 1 && j > i && (clean = clean_subtree2(s, sub_prefix, j - i))) {
				git_oid_cpy(&sub, clean);
			} else if (!(j > i || (!depth && !git_oid_is_zero(&s->subtree[byte])) ||
				     has_non_notes(s, dir->buf)) ||
				   /*
				    * A first-level directory whose notes read
				    * were all removed may still hold subtrees
				    * not read, or entries that are not notes.
				    */
				   !write_dir(s, notes + i, j - i, depth + 1, sub_prefix, dir, &sub)) {
				strbuf_setlen(dir, dir_len);
				continue;
			}
			strbuf_setlen(dir, dir_len);
			snprintf(hex, sizeof(hex), "%02x", byte);
			tree_add(&tw, hex, &sub, GIT_FILEMODE_TREE);
			i = j;
		}
	} else {
		int unread[16] = { 0 };

		unread_subtrees(s, depth, prefix, unread);
		for (i = 0; i < 16; i++)
			if (unread[i])
				BUG("notes tree directory written without its subtrees");
		for (i = 0; i < nr; i++) {
			git_oid_tostr(hex, sizeof(hex), &notes[i].object);
			tree_add(&tw, hex + depth * 2, &notes[i].blob, GIT_FILEMODE_BLOB);
		}
		add_deeper_non_notes(s, &tw, dir);
	}
	add_non_notes(s, &tw, dir->buf);
	if (depth && !tw.nr)
		return 0;
	tree_write(s, &tw, out);
	return 1;
}

void store_write_tree(struct notes_store *s, git_oid *out)
{
	struct strbuf dir = STRBUF_INIT;

	settle_fanout(s);
	write_dir(s, s->notes, s->notes_nr, 0, 0, &dir, out);
	strbuf_release(&dir);
}
