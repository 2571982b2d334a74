/*
 * Unit tests for lib/store/attach.c: the one attach policy, outcome by
 * outcome, as add, am and sync pull use it.
 */
#include "t/unit/unit.h"
#include "lib/store/attach.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A record of `origin`/`run`; `variant` changes its results, `sig` signs it. */
static void make(struct record *r, const char *origin, const char *run, int variant,
		 const char *sig)
{
	record_init(r);
	record_set_origin(r, origin);
	record_set_run(r, run);
	memcpy(r->commit, "1234567890123456789012345678901234567890", 41);
	memcpy(r->tree, "abcdefabcdefabcdefabcdefabcdefabcdefabcd", 41);
	record_set_date(r, "2026-11-25T10:00:00Z");
	record_add_test(r, "suite.case_a", variant ? STATUS_FAIL : STATUS_PASS, NULL);
	if (sig) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "-----BEGIN PGP SIGNATURE-----\n\n%s\n-----END PGP SIGNATURE-----\n",
			    sig);
		r->signature = strbuf_detach(&sb, NULL);
	}
	record_normalize(r);
}

/* A note holding one record read from the store: an owned copy of `r`. */
static void note_with(struct note_attach *n, const struct record *r)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;

	record_write(&text, r);
	if (record_list_parse(&n->records, text.buf, text.len, &err))
		BUG("%s", err.buf);
	n->stored = n->records.nr;
	strbuf_release(&text);
	strbuf_release(&err);
}

static int has_signature(const struct note_attach *n, const char *origin)
{
	size_t i;

	for (i = 0; i < n->records.nr; i++)
		if (!strcmp(n->records.items[i].origin, origin))
			return n->records.items[i].signature != NULL;
	return -1;
}

int main(void)
{
	struct record plain, signed1, signed2, other, other_run;
	struct note_attach n = NOTE_ATTACH_INIT;

	make(&plain, "ci", "r1", 0, NULL);
	make(&signed1, "ci", "r1", 0, "c2lnMQ==");
	make(&signed2, "ci", "r1", 0, "c2lnMg==");
	make(&other, "ci", "r1", 1, NULL);
	make(&other_run, "ci", "r2", 1, NULL);

	CHECK_INT(record_match(&plain, &plain), RECORD_MATCH_SAME);
	CHECK_INT(record_match(&signed1, &plain), RECORD_MATCH_SIGNED_FORM);
	CHECK_INT(record_match(&plain, &signed1), RECORD_MATCH_SIGNS);
	CHECK_INT(record_match(&signed1, &signed2), RECORD_MATCH_RESIGNED);
	CHECK_INT(record_match(&plain, &other), RECORD_MATCH_DIFFERENT);

	/* Into an empty note, and again: added once. */
	CHECK_INT(store_attach(&n, &plain, ATTACH_REFUSE), ATTACH_ADDED);
	CHECK_INT(store_attach(&n, &plain, ATTACH_REFUSE), ATTACH_PRESENT);
	CHECK_INT(store_attach(&n, &other_run, ATTACH_REFUSE), ATTACH_ADDED);
	CHECK_INT(n.records.nr, 2);
	/* One input's own records never replace each other. */
	CHECK_INT(store_attach(&n, &signed1, ATTACH_REPLACE), ATTACH_CONFLICT);
	CHECK_INT(store_attach(&n, &other, ATTACH_REPLACE), ATTACH_CONFLICT);
	CHECK_INT(store_attach(&n, &other, ATTACH_KEEP_BOTH), ATTACH_ADDED);
	CHECK_INT(n.records.nr, 3);
	note_attach_release(&n);

	/* A signed record replaces its stored unsigned payload, without force. */
	note_with(&n, &plain);
	CHECK_INT(store_attach(&n, &signed1, ATTACH_REFUSE), ATTACH_UPGRADED);
	CHECK_INT(n.records.nr, 1);
	CHECK_INT(has_signature(&n, "ci"), 1);
	CHECK_INT(n.stored, 0);
	note_attach_release(&n);

	/* The unsigned copy of a stored signed record is already there. */
	note_with(&n, &signed1);
	CHECK(note_attach_has(&n, &plain));
	CHECK(note_attach_has(&n, &signed1));
	CHECK(!note_attach_has(&n, &signed2));
	CHECK(!note_attach_has(&n, &other));
	CHECK_INT(store_attach(&n, &plain, ATTACH_REFUSE), ATTACH_PRESENT);
	CHECK_INT(store_attach(&n, &plain, ATTACH_KEEP_BOTH), ATTACH_PRESENT);
	/* Signed again: already there, unless replaced. */
	CHECK_INT(store_attach(&n, &signed2, ATTACH_REFUSE), ATTACH_PRESENT);
	CHECK_INT(store_attach(&n, &signed2, ATTACH_KEEP_BOTH), ATTACH_PRESENT);
	CHECK_INT(store_attach(&n, &signed2, ATTACH_REPLACE), ATTACH_REPLACED);
	CHECK_INT(n.records.nr, 1);
	CHECK_STR(n.records.items[0].signature, signed2.signature);
	note_attach_release(&n);

	/* Different results for one run: refused, replaced, or both kept. */
	note_with(&n, &plain);
	CHECK_INT(store_attach(&n, &other, ATTACH_REFUSE), ATTACH_CONFLICT);
	CHECK_INT(n.records.nr, 1);
	CHECK_INT(n.changed, 0);
	CHECK_INT(store_attach(&n, &other, ATTACH_KEEP_BOTH), ATTACH_ADDED);
	CHECK_INT(n.records.nr, 2);
	note_attach_release(&n);
	note_with(&n, &plain);
	CHECK_INT(store_attach(&n, &other, ATTACH_REPLACE), ATTACH_REPLACED);
	CHECK_INT(n.records.nr, 1);
	CHECK_INT(n.records.items[0].tests[0].status, STATUS_FAIL);
	note_attach_release(&n);

	/*
	 * A conflict already kept in a note: signing one side replaces that
	 * side only; the other record of the run stays.
	 */
	note_with(&n, &plain);
	note_with(&n, &other);
	CHECK_INT(n.stored, 2);
	CHECK_INT(store_attach(&n, &signed1, ATTACH_KEEP_BOTH), ATTACH_UPGRADED);
	CHECK_INT(n.records.nr, 2);
	note_attach_release(&n);

	/*
	 * An imported copy (sync pull's marker line) and its original are one
	 * record: the original replaces the copy, the copy of a record that is
	 * there is already recorded, and a copy is no copy of other results.
	 */
	{
		struct record copy, copy_of_other;

		make(&copy, "ci", "r1", 0, NULL);
		record_set_env(&copy, RECORD_ENV_IMPORTED, "kcidb unsigned");
		record_normalize(&copy);
		make(&copy_of_other, "ci", "r1", 1, NULL);
		record_set_env(&copy_of_other, RECORD_ENV_IMPORTED, "kcidb unsigned");
		record_normalize(&copy_of_other);
		CHECK_INT(record_match(&plain, &copy), RECORD_MATCH_IMPORTED_COPY);
		CHECK_INT(record_match(&copy, &plain), RECORD_MATCH_ORIGINAL);
		CHECK_INT(record_match(&copy, &signed1), RECORD_MATCH_ORIGINAL);
		CHECK_INT(record_match(&plain, &copy_of_other), RECORD_MATCH_DIFFERENT);
		CHECK_INT(record_match(&copy_of_other, &plain), RECORD_MATCH_DIFFERENT);

		{
			struct strbuf c = STRBUF_INIT, p = STRBUF_INIT, sg = STRBUF_INIT,
				      o = STRBUF_INIT;

			record_write(&c, &copy);
			record_write(&p, &plain);
			record_write(&sg, &signed1);
			record_write(&o, &copy_of_other);
			CHECK(record_text_imports(c.buf, c.len, p.buf, p.len));
			CHECK(record_text_imports(c.buf, c.len, sg.buf, sg.len));
			CHECK(!record_text_imports(p.buf, p.len, c.buf, c.len));
			CHECK(!record_text_imports(o.buf, o.len, p.buf, p.len));
			CHECK(!record_text_imports(c.buf, c.len, c.buf, c.len));
			strbuf_release(&c);
			strbuf_release(&p);
			strbuf_release(&sg);
			strbuf_release(&o);
		}
		note_with(&n, &copy);
		CHECK_INT(store_attach(&n, &plain, ATTACH_REFUSE), ATTACH_UPGRADED);
		CHECK_INT(n.records.nr, 1);
		CHECK(!n.records.items[0].env_nr);
		note_attach_release(&n);

		note_with(&n, &plain);
		CHECK_INT(store_attach(&n, &copy, ATTACH_KEEP_BOTH), ATTACH_PRESENT);
		CHECK(note_attach_has(&n, &copy));
		CHECK_INT(n.records.nr, 1);
		note_attach_release(&n);
		record_release(&copy);
		record_release(&copy_of_other);
	}

	/* --force with one record of a conflict resolves it to that record. */
	note_with(&n, &plain);
	note_with(&n, &other);
	CHECK_INT(store_attach(&n, &plain, ATTACH_REFUSE), ATTACH_PRESENT);
	CHECK_INT(n.records.nr, 2);
	CHECK_INT(store_attach(&n, &plain, ATTACH_REPLACE), ATTACH_REPLACED);
	CHECK_INT(n.records.nr, 1);
	CHECK_INT(n.records.items[0].tests[0].status, STATUS_PASS);
	CHECK_INT(store_attach(&n, &plain, ATTACH_REPLACE), ATTACH_PRESENT);
	note_attach_release(&n);

	/* The same rule on note text, as a merge applies it. */
	{
		struct strbuf p = STRBUF_INIT, s = STRBUF_INIT, o = STRBUF_INIT;

		record_write(&p, &plain);
		record_write(&s, &signed1);
		record_write(&o, &other);
		CHECK(record_text_signs(s.buf, s.len, p.buf, p.len));
		CHECK(!record_text_signs(p.buf, p.len, s.buf, s.len));
		CHECK(!record_text_signs(s.buf, s.len, o.buf, o.len));
		CHECK(!record_text_signs(p.buf, p.len, p.buf, p.len));
		strbuf_release(&p);
		strbuf_release(&s);
		strbuf_release(&o);
	}

	record_release(&plain);
	record_release(&signed1);
	record_release(&signed2);
	record_release(&other);
	record_release(&other_run);
	return unit_done();
}
