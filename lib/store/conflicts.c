/*
 * Finding the conflicts a note holds (see lib/store/conflicts.h).
 */
#include "lib/store/conflicts.h"
#include "lib/repo.h"
#include "lib/usage.h"

struct scan_state {
	struct notes_store *s;
	git_odb *odb;
	struct conflict_scan *out;
};

static int scan_note(const struct note_entry *note, void *data)
{
	struct scan_state *st = data;
	const struct strbuf *text;
	struct record_rollup roll;

	/*
	 * A partial clone fetches a missing note when it is read: only those
	 * here are looked at, so that a warning never downloads every note.
	 */
	if (!git_odb_exists(st->odb, &note->blob))
		return 0;
	text = store_note_text(st->s, &note->blob);
	if (record_list_summarize(text->buf, text->len, &roll) || !roll.conflicts)
		return 0;
	if (st->out->commits < ARRAY_SIZE(st->out->first))
		git_oid_cpy(&st->out->first[st->out->commits], &note->object);
	st->out->commits++;
	st->out->runs += roll.conflicts;
	return 0;
}

void store_scan_conflicts(struct notes_store *s, struct conflict_scan *out)
{
	struct scan_state st = { s, NULL, out };

	memset(out, 0, sizeof(*out));
	check(git_repository_odb(&st.odb, s->repo), "cannot open the object database");
	store_for_each(s, scan_note, &st);
	git_odb_free(st.odb);
}

void store_warn_conflicts(git_repository *repo, const char *ref)
{
	struct notes_store s;
	struct conflict_scan c;
	struct strbuf where = STRBUF_INIT;
	size_t i;

	store_open(&s, repo, ref);
	store_scan_conflicts(&s, &c);
	store_release(&s);
	if (!c.runs)
		return;
	for (i = 0; i < c.commits && i < ARRAY_SIZE(c.first); i++)
		strbuf_addf(&where, "%s%.7s", i ? ", " : "", git_oid_tostr_s(&c.first[i]));
	if (c.commits > ARRAY_SIZE(c.first))
		strbuf_addstr(&where, ", ...");
	warning("%zu run%s in conflict on %zu commit%s (%s) in %s;"
		" 'git results conflicts' lists them", c.runs, c.runs == 1 ? "" : "s",
		c.commits, c.commits == 1 ? "" : "s", where.buf, ref);
	strbuf_release(&where);
}
