/*
 * The store's table of notes (see lib/store/table.h).
 */
#include "lib/store/table.h"
#include "lib/odb/object-read.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

void store_rebuild_index(struct notes_store *s)
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

/* Looks up among the notes read so far. */
struct note_entry *store_find_loaded(struct notes_store *s, const git_oid *object)
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

unsigned store_prefix16(const git_oid *object)
{
	return (unsigned)object->id[0] << 8 | object->id[1];
}

void store_append_note(struct notes_store *s, const git_oid *object, const git_oid *blob)
{
	size_t slot;

	ALLOC_GROW(s->notes, s->notes_nr + 1, s->notes_alloc);
	git_oid_cpy(&s->notes[s->notes_nr].object, object);
	git_oid_cpy(&s->notes[s->notes_nr].blob, blob);
	s->notes_nr++;
	if (s->notes_nr * 2 >= s->index_size) {
		store_rebuild_index(s);
		return;
	}
	slot = oid_hash(object) & (s->index_size - 1);
	while (s->index[slot])
		slot = (slot + 1) & (s->index_size - 1);
	s->index[slot] = (uint32_t)s->notes_nr;
}

void store_clear_notes(struct notes_store *s)
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
	s->any_dirty = s->has_tip = 0;
	s->has_merge_parent = 0;
}

void store_mark_dirty2(struct notes_store *s, unsigned prefix)
{
	if (!s->subtree2_dirty)
		s->subtree2_dirty = xcalloc(STORE_SUBTREE2_NR / 32, sizeof(uint32_t));
	s->subtree2_dirty[prefix / 32] |= 1u << (prefix % 32);
}

void store_mark_dirty(struct notes_store *s, const git_oid *object)
{
	s->subtree_dirty[object->id[0] / 32] |= 1u << (object->id[0] % 32);
	store_mark_dirty2(s, store_prefix16(object));
	s->any_dirty = 1;
}
