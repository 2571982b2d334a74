/*
 * Unit tests for the semantic merge: the algebra on randomised notes
 * (commutative, idempotent, associative on records, never dropping a
 * record or a byte of its signature), conflicts, text that is not
 * records, and whole notes refs merged both ways on a throwaway
 * repository, which must give the same tree.
 *
 * The inputs come from a fixed seed; TEST_MERGE_SEED picks another.
 */
#include "t/unit/unit.h"
#include "lib/store/merge.h"
#include "lib/record.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <unistd.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

/* A pool of record texts: 3 origins x 2 runs x 3 variants, some signed. */
#define POOL_NR 18
static struct strbuf pool[POOL_NR];

static void make_pool(void)
{
	static const char *const origins[] = { "kernelci", "lkft", "maintainer" };
	size_t i;

	for (i = 0; i < POOL_NR; i++) {
		struct record r = RECORD_INIT;
		char run[16];

		strbuf_init(&pool[i], 0);
		record_set_origin(&r, origins[i / 6]);
		snprintf(run, sizeof(run), "run-%zu", (i / 3) % 2);
		record_set_run(&r, run);
		memcpy(r.commit, "1234567890123456789012345678901234567890", 41);
		memcpy(r.tree, "abcdefabcdefabcdefabcdefabcdefabcdefabcd", 41);
		record_set_date(&r, "2026-11-25T10:00:00Z");
		record_add_test(&r, "suite.case_a", i % 3 ? STATUS_PASS : STATUS_FAIL, NULL);
		record_add_test(&r, "suite.case_b", STATUS_PASS, i % 3 == 2 ? "slow" : NULL);
		if (i % 4 == 1) {
			struct strbuf sig = STRBUF_INIT;

			strbuf_addf(&sig, "-----BEGIN PGP SIGNATURE-----\n\n"
				    "iHUEABYKAB0WIQT%02zuBYTES+/=\n=ab%02zu\n"
				    "-----END PGP SIGNATURE-----\n", i, i);
			r.signature = strbuf_detach(&sig, NULL);
		}
		record_normalize(&r);
		record_write(&pool[i], &r);
		record_release(&r);
	}
}

static const char *const texts[] = {
	"Reviewed by hand, looks good\n",
	"Tested-by: someone\n\nwith a second paragraph\n",
	"no newline at the end",
};

/*
 * A random note: canonical records, records in any order with repeats and
 * extra blank lines (as `git notes merge -s union` leaves them), a note
 * that is not records, or records and text together.
 */
static void random_note(struct strbuf *out, int records_only)
{
	unsigned kind = records_only ? rnd(2) : rnd(4);
	unsigned i, n = 1 + rnd(4);
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;

	strbuf_reset(out);
	if (kind == 2) {
		strbuf_addstr(out, texts[rnd(ARRAY_SIZE(texts))]);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct strbuf *r = &pool[rnd(POOL_NR)];

		if (kind == 0) {
			if (record_list_parse(&list, r->buf, r->len, &err))
				BUG("pool record does not parse: %s", err.buf);
		} else {
			if (out->len)
				strbuf_addstr(out, rnd(2) ? "\n" : "\n\n");
			strbuf_addbuf(out, r);
		}
	}
	if (kind == 0) {
		record_list_normalize(&list);
		record_list_write(out, &list);
	}
	if (kind == 3) {
		strbuf_addch(out, '\n');
		strbuf_addstr(out, texts[rnd(2)]);
	}
	record_list_release(&list);
	strbuf_release(&err);
}

static void merge(struct strbuf *out, const struct strbuf *a, const struct strbuf *b)
{
	struct note_merge_info info = NOTE_MERGE_INFO_INIT;

	strbuf_reset(out);
	notes_merge_text(out, a->buf, a->len, b->buf, b->len, &info);
	note_merge_info_release(&info);
}

static int same(const struct strbuf *a, const struct strbuf *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

static void report(const char *what, const struct strbuf *a, const struct strbuf *b)
{
	printf("# %s\n# --- a:\n%s\n# --- b:\n%s\n", what, a->buf, b->buf);
}

/* Every record (with its signature) and every text of `in` is in `merged`. */
static int keeps_all(const struct strbuf *merged, const struct strbuf *in)
{
	size_t i;

	for (i = 0; i < POOL_NR; i++)
		if (memmem(in->buf, in->len, pool[i].buf, pool[i].len) &&
		    !memmem(merged->buf, merged->len, pool[i].buf, pool[i].len))
			return 0;
	for (i = 0; i < ARRAY_SIZE(texts); i++)
		if (strstr(in->buf, texts[i]) && !strstr(merged->buf, texts[i]))
			return 0;
	return 1;
}

static void test_algebra(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	struct strbuf ab = STRBUF_INIT, ba = STRBUF_INIT, again = STRBUF_INIT;
	struct strbuf bc = STRBUF_INIT, ab_c = STRBUF_INIT, a_bc = STRBUF_INIT;
	int commutative = 1, idempotent = 1, absorbs = 1, kept = 1, associative = 1;
	int canonical = 1, trial;

	for (trial = 0; trial < 2000; trial++) {
		int records_only = trial % 2;

		random_note(&a, records_only);
		random_note(&b, records_only);
		random_note(&c, records_only);
		merge(&ab, &a, &b);
		merge(&ba, &b, &a);
		if (commutative && !same(&ab, &ba)) {
			report("merge(a, b) != merge(b, a)", &a, &b);
			commutative = 0;
		}
		merge(&again, &ab, &ab);
		if (idempotent && !same(&again, &ab)) {
			report("merge(m, m) != m", &ab, &ab);
			idempotent = 0;
		}
		merge(&again, &ab, &b);
		if (absorbs && !same(&again, &ab)) {
			report("merge(merge(a, b), b) != merge(a, b)", &a, &b);
			absorbs = 0;
		}
		merge(&again, &a, &ab);
		if (absorbs && !same(&again, &ab)) {
			report("merge(a, merge(a, b)) != merge(a, b)", &a, &b);
			absorbs = 0;
		}
		if (kept && (!keeps_all(&ab, &a) || !keeps_all(&ab, &b))) {
			report("a record or text was dropped", &a, &b);
			kept = 0;
		}
		if (records_only) {
			struct record_list list = RECORD_LIST_INIT;
			struct strbuf err = STRBUF_INIT, rewritten = STRBUF_INIT;

			merge(&bc, &b, &c);
			merge(&ab_c, &ab, &c);
			merge(&a_bc, &a, &bc);
			if (associative && !same(&ab_c, &a_bc)) {
				report("merge(merge(a, b), c) != merge(a, merge(b, c))", &a, &b);
				associative = 0;
			}
			/* Unless both were the same text, the result is canonical. */
			if (!same(&a, &b)) {
				if (record_list_parse(&list, ab.buf, ab.len, &err))
					canonical = 0;
				record_list_normalize(&list);
				record_list_write(&rewritten, &list);
				if (canonical && !same(&rewritten, &ab)) {
					report("the merge is not canonical", &a, &b);
					canonical = 0;
				}
			}
			record_list_release(&list);
			strbuf_release(&err);
			strbuf_release(&rewritten);
		}
	}
	CHECK(commutative);
	CHECK(idempotent);
	CHECK(absorbs);
	CHECK(kept);
	CHECK(associative);
	CHECK(canonical);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
	strbuf_release(&ab);
	strbuf_release(&ba);
	strbuf_release(&again);
	strbuf_release(&bc);
	strbuf_release(&ab_c);
	strbuf_release(&a_bc);
}

static void merge3(struct strbuf *out, const struct strbuf *base, const struct strbuf *a,
		   const struct strbuf *b)
{
	struct note_merge_info info = NOTE_MERGE_INFO_INIT;

	strbuf_reset(out);
	notes_merge_text3(out, base->buf, base->len, a->buf, a->len, b->buf, b->len, &info);
	note_merge_info_release(&info);
}

static int has_pool(const struct strbuf *note, size_t i)
{
	return !!memmem(note->buf, note->len, pool[i].buf, pool[i].len);
}

/*
 * Three-way: commutative; a side equal to the base gives the other side;
 * a record either side added, or both kept, is there; a record of the
 * base that one side removed is not.
 */
static void test_three_way(void)
{
	struct strbuf base = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct strbuf ab = STRBUF_INIT, ba = STRBUF_INIT, again = STRBUF_INIT;
	int commutative = 1, unchanged = 1, kept = 1, removed = 1, trial;
	size_t i;

	for (trial = 0; trial < 2000; trial++) {
		int records_only = trial % 2;

		random_note(&base, records_only);
		random_note(&a, records_only);
		random_note(&b, records_only);
		merge3(&ab, &base, &a, &b);
		merge3(&ba, &base, &b, &a);
		if (commutative && !same(&ab, &ba)) {
			report("merge3(base, a, b) != merge3(base, b, a)", &a, &b);
			commutative = 0;
		}
		merge3(&again, &base, &base, &b);
		unchanged &= same(&again, &b);
		merge3(&again, &base, &a, &base);
		unchanged &= same(&again, &a);
		for (i = 0; records_only && i < POOL_NR; i++) {
			int in_base = has_pool(&base, i), in_a = has_pool(&a, i), in_b = has_pool(&b, i);

			if (kept && ((in_a && in_b) || (!in_base && (in_a || in_b))) && !has_pool(&ab, i)) {
				report("a record added or kept was dropped", &a, &b);
				kept = 0;
			}
			if (removed && in_base && (!in_a || !in_b) && has_pool(&ab, i)) {
				report("a record removed came back", &a, &b);
				removed = 0;
			}
		}
	}
	CHECK(commutative);
	CHECK(unchanged);
	CHECK(kept);
	CHECK(removed);
	strbuf_release(&base);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&ab);
	strbuf_release(&ba);
	strbuf_release(&again);
}

static void test_conflicts(void)
{
	struct note_merge_info info = NOTE_MERGE_INFO_INIT;
	struct strbuf ab = STRBUF_INIT, ba = STRBUF_INIT, again = STRBUF_INIT;
	const struct strbuf *v0 = &pool[0], *v1 = &pool[1];

	/* pool[0] and pool[1]: same origin and run, different tests. */
	notes_merge_text(&ab, v0->buf, v0->len, v1->buf, v1->len, &info);
	CHECK_INT(info.conflicts_nr, 1);
	CHECK_STR(info.conflicts[0].origin, "kernelci");
	CHECK_STR(info.conflicts[0].run, "run-0");
	CHECK(!info.has_text);
	note_merge_info_release(&info);
	notes_merge_text(&ba, v1->buf, v1->len, v0->buf, v0->len, &info);
	CHECK(same(&ab, &ba));
	note_merge_info_release(&info);
	/* Both texts kept, in a fixed order: the bytes decide. */
	CHECK(ab.len == v0->len + 1 + v1->len);
	{
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;
		const struct strbuf *first;

		record_list_parse(&list, v0->buf, v0->len, &err);
		record_list_parse(&list, v1->buf, v1->len, &err);
		first = record_cmp(&list.items[0], &list.items[1]) < 0 ? v0 : v1;
		CHECK(!memcmp(ab.buf, first->buf, first->len));
		record_list_release(&list);
		strbuf_release(&err);
	}

	/* A side that already holds the conflict does not report it again. */
	notes_merge_text(&again, ab.buf, ab.len, v0->buf, v0->len, &info);
	CHECK(same(&again, &ab));
	CHECK_INT(info.conflicts_nr, 0);
	note_merge_info_release(&info);

	/* Identical records collapse, and are no conflict. */
	strbuf_reset(&again);
	notes_merge_text(&again, v0->buf, v0->len, v0->buf, v0->len, &info);
	CHECK(same(&again, v0));
	CHECK_INT(info.conflicts_nr, 0);
	note_merge_info_release(&info);
	strbuf_release(&ab);
	strbuf_release(&ba);
	strbuf_release(&again);
}

static void test_text(void)
{
	struct note_merge_info info = NOTE_MERGE_INFO_INIT;
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT, expect = STRBUF_INIT;
	struct strbuf again = STRBUF_INIT;

	/* A note from `git notes add` and a record: both kept, records first. */
	strbuf_addstr(&text, texts[0]);
	notes_merge_text(&out, text.buf, text.len, pool[3].buf, pool[3].len, &info);
	strbuf_addbuf(&expect, &pool[3]);
	strbuf_addch(&expect, '\n');
	strbuf_addbuf(&expect, &text);
	CHECK_STR(out.buf, expect.buf);
	CHECK(info.has_text);
	note_merge_info_release(&info);

	/* The mixed note splits back into both; merging a part adds nothing. */
	notes_merge_text(&again, out.buf, out.len, text.buf, text.len, &info);
	CHECK_STR(again.buf, out.buf);
	note_merge_info_release(&info);
	strbuf_reset(&again);
	notes_merge_text(&again, pool[3].buf, pool[3].len, out.buf, out.len, &info);
	CHECK_STR(again.buf, out.buf);
	note_merge_info_release(&info);

	/* A record that does not read back is text, kept byte for byte. */
	strbuf_reset(&text);
	strbuf_addbuf(&text, &pool[4]);
	strstr(text.buf, "date 2026")[6] = 'O';	/* not a date any more */
	strbuf_reset(&out);
	notes_merge_text(&out, text.buf, text.len, pool[5].buf, pool[5].len, &info);
	CHECK(info.has_text);
	CHECK(memmem(out.buf, out.len, text.buf, text.len) != NULL);
	CHECK(!memcmp(out.buf, pool[5].buf, pool[5].len));
	note_merge_info_release(&info);

	strbuf_release(&text);
	strbuf_release(&out);
	strbuf_release(&expect);
	strbuf_release(&again);
}

/* Notes refs on a throwaway repository, merged both ways. */
static git_repository *repo;

struct note_text {
	git_oid object;
	struct strbuf text;
};

struct put_texts {
	struct note_text *notes;
	size_t nr;
};

struct put_blobs {
	struct note_entry *notes;
	size_t nr, alloc;
};

static int apply_put_texts(struct notes_store *s, void *data)
{
	struct put_texts *p = data;
	size_t i;

	for (i = 0; i < p->nr; i++)
		store_put_text(s, &p->notes[i].object, p->notes[i].text.buf, p->notes[i].text.len);
	return 0;
}

static void write_texts(const char *ref, struct note_text *notes, size_t nr)
{
	struct put_texts p = { notes, nr };
	struct notes_store s;

	store_open(&s, repo, ref);
	store_begin_bulk(&s);
	if (store_update(&s, apply_put_texts, &p, "unit\n"))
		BUG("cannot write %s", ref);
	store_release(&s);
}

static void copy_ref(const char *to, const char *from)
{
	git_reference *ref;
	git_oid oid;

	check(git_reference_name_to_id(&oid, repo, from), "read ref");
	check(git_reference_create(&ref, repo, to, &oid, 1, NULL), "write ref");
	git_reference_free(ref);
}

static void ref_tree(const char *ref, git_oid *tree_id, unsigned *parents)
{
	git_commit *commit;
	git_oid oid;

	check(git_reference_name_to_id(&oid, repo, ref), "read ref");
	check(git_commit_lookup(&commit, repo, &oid), "read commit");
	git_oid_cpy(tree_id, git_commit_tree_id(commit));
	*parents = git_commit_parentcount(commit);
	git_commit_free(commit);
}

/* The text of the note on `object`, or "" with 0. */
static int read_note(struct strbuf *out, struct notes_store *s, const git_oid *object)
{
	const git_oid *blob_id = store_lookup(s, object);
	git_blob *blob;

	strbuf_reset(out);
	if (!blob_id)
		return 0;
	check(git_blob_lookup(&blob, repo, blob_id), "read blob");
	strbuf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 1;
}

static int collect_note(const struct note_entry *note, void *data)
{
	struct put_blobs *p = data;

	ALLOC_GROW(p->notes, p->nr + 1, p->alloc);
	p->notes[p->nr++] = *note;
	return 0;
}

static int apply_put_blobs(struct notes_store *s, void *data)
{
	struct put_blobs *p = data;
	size_t i;

	for (i = 0; i < p->nr; i++)
		store_set(s, &p->notes[i].object, &p->notes[i].blob);
	return 0;
}

static int prune_note(const struct note_entry *note, void *data)
{
	struct put_blobs *p = data;

	if (note->object.id[0] == 0x11 && note->object.id[1] > 8) {
		ALLOC_GROW(p->notes, p->nr + 1, p->alloc);
		p->notes[p->nr++] = *note;
	}
	return 0;
}

/* Leaves only a few notes in the crowded subtree "11/". */
static int apply_prune(struct notes_store *s, void *data)
{
	struct put_blobs p = { NULL, 0, 0 };
	struct notes_store all;
	size_t i;

	store_open(&all, repo, s->ref);
	store_for_each(&all, prune_note, &p);
	store_release(&all);
	for (i = 0; i < p.nr; i++)
		store_remove(s, &p.notes[i].object);
	free(p.notes);
	return 0;
}

/* Writes all the notes of `from` into a new ref `to`, in one commit. */
static void rewrite_from_scratch(const char *to, const char *from)
{
	struct put_blobs p = { NULL, 0, 0 };
	struct notes_store s;

	store_open(&s, repo, from);
	store_for_each(&s, collect_note, &p);
	store_release(&s);
	store_open(&s, repo, to);
	if (store_update(&s, apply_put_blobs, &p, "fresh\n"))
		BUG("cannot write %s", to);
	store_release(&s);
	free(p.notes);
}

static void random_object(git_oid *oid, unsigned i)
{
	size_t k;

	for (k = 0; k < sizeof(oid->id); k++)
		oid->id[k] = (unsigned char)rnd(256);
	/* Half of them crowd four subtrees, which then fan out again. */
	if (i % 2)
		oid->id[0] = (unsigned char)(0x11 * (1 + rnd(4)));
}

static void test_refs(void)
{
	enum { NR = 1500 };
	struct note_text *a = xcalloc(NR, sizeof(*a)), *b = xcalloc(NR, sizeof(*b));
	struct notes_merge_result res = NOTES_MERGE_RESULT_INIT;
	struct strbuf na = STRBUF_INIT, nb = STRBUF_INIT, nm = STRBUF_INIT, want = STRBUF_INIT;
	size_t i, a_nr = 0, b_nr = 0, mismatches = 0, different = 0;
	git_oid tree_ab, tree_ba, tree_pruned;
	unsigned parents_ab, parents_ba;
	struct notes_store sa, sb, sm;

	for (i = 0; i < NR; i++) {
		git_oid object;
		unsigned where = rnd(10);

		random_object(&object, (unsigned)i);
		/* 0-3: both sides, the same note; 4-5: both, different; 6-7: a only; 8-9: b only */
		if (where < 8) {
			git_oid_cpy(&a[a_nr].object, &object);
			strbuf_init(&a[a_nr].text, 0);
			random_note(&a[a_nr].text, 0);
		}
		if (where < 6 || where >= 8) {
			git_oid_cpy(&b[b_nr].object, &object);
			strbuf_init(&b[b_nr].text, 0);
			if (where < 4)
				strbuf_addbuf(&b[b_nr].text, &a[a_nr].text);
			else
				random_note(&b[b_nr].text, 0);
			different += where >= 4 && where < 6 && !same(&a[a_nr].text, &b[b_nr].text);
			b_nr++;
		}
		if (where < 8)
			a_nr++;
	}
	write_texts("refs/notes/a", a, a_nr);
	write_texts("refs/notes/b", b, b_nr);

	copy_ref("refs/notes/ab", "refs/notes/a");
	copy_ref("refs/notes/ba", "refs/notes/b");
	CHECK_INT(notes_merge(&res, repo, "refs/notes/ab", "refs/notes/b"), 0);
	CHECK_INT(res.outcome, NOTES_MERGE_MERGED);
	CHECK(res.added > 0);
	CHECK(res.combined > 0 && res.combined <= different);
	CHECK_INT(notes_merge(&res, repo, "refs/notes/ba", "refs/notes/a"), 0);
	CHECK_INT(res.outcome, NOTES_MERGE_MERGED);

	/* The same tree whichever side merged, and both parents recorded. */
	ref_tree("refs/notes/ab", &tree_ab, &parents_ab);
	ref_tree("refs/notes/ba", &tree_ba, &parents_ba);
	CHECK(!git_oid_cmp(&tree_ab, &tree_ba));
	CHECK_INT(parents_ab, 2);
	CHECK_INT(parents_ba, 2);

	/* Every note is the merge of the two sides' notes. */
	store_open(&sa, repo, "refs/notes/a");
	store_open(&sb, repo, "refs/notes/b");
	store_open(&sm, repo, "refs/notes/ab");
	for (i = 0; i < a_nr + b_nr; i++) {
		const git_oid *object = i < a_nr ? &a[i].object : &b[i - a_nr].object;
		int in_a = read_note(&na, &sa, object);
		int in_b = read_note(&nb, &sb, object);

		read_note(&nm, &sm, object);
		strbuf_reset(&want);
		if (in_a && in_b) {
			struct note_merge_info info = NOTE_MERGE_INFO_INIT;

			notes_merge_text(&want, na.buf, na.len, nb.buf, nb.len, &info);
			note_merge_info_release(&info);
		} else {
			strbuf_addbuf(&want, in_a ? &na : &nb);
		}
		mismatches += !same(&nm, &want);
	}
	CHECK_INT(mismatches, 0);
	store_release(&sa);
	store_release(&sb);
	store_release(&sm);

	/*
	 * The merges read only the subtrees they needed: the tree is still
	 * the one a writer that read everything writes from scratch.
	 */
	rewrite_from_scratch("refs/notes/fresh", "refs/notes/ab");
	ref_tree("refs/notes/fresh", &tree_ba, &parents_ba);
	CHECK(!git_oid_cmp(&tree_ab, &tree_ba));

	/* Removing most of a fanned-out directory folds it back, as git would. */
	copy_ref("refs/notes/pruned", "refs/notes/ab");
	{
		struct notes_store s;

		store_open(&s, repo, "refs/notes/pruned");
		CHECK_INT(store_update(&s, apply_prune, NULL, "prune\n"), 0);
		store_release(&s);
	}
	rewrite_from_scratch("refs/notes/pruned-fresh", "refs/notes/pruned");
	ref_tree("refs/notes/pruned", &tree_ba, &parents_ba);
	ref_tree("refs/notes/pruned-fresh", &tree_pruned, &parents_ba);
	CHECK(!git_oid_cmp(&tree_pruned, &tree_ba));

	/* Merging again changes nothing; a ref behind fast-forwards. */
	CHECK_INT(notes_merge(&res, repo, "refs/notes/ab", "refs/notes/b"), 0);
	CHECK_INT(res.outcome, NOTES_MERGE_UP_TO_DATE);
	CHECK_INT(notes_merge(&res, repo, "refs/notes/ab", "refs/notes/ba"), 0);
	CHECK_INT(res.outcome, NOTES_MERGE_MERGED);
	ref_tree("refs/notes/ab", &tree_ba, &parents_ab);
	CHECK(!git_oid_cmp(&tree_ab, &tree_ba));
	CHECK_INT(res.added + res.combined, 0);
	CHECK_INT(notes_merge(&res, repo, "refs/notes/a", "refs/notes/ab"), 0);
	CHECK_INT(res.outcome, NOTES_MERGE_FAST_FORWARD);
	CHECK_INT(notes_merge(&res, repo, "refs/notes/new", "refs/notes/ab"), 0);
	CHECK_INT(res.outcome, NOTES_MERGE_FAST_FORWARD);
	CHECK_INT(notes_merge(&res, repo, "refs/notes/new", "refs/notes/missing"), -1);

	notes_merge_result_release(&res);
	for (i = 0; i < a_nr; i++)
		strbuf_release(&a[i].text);
	for (i = 0; i < b_nr; i++)
		strbuf_release(&b[i].text);
	free(a);
	free(b);
	strbuf_release(&na);
	strbuf_release(&nb);
	strbuf_release(&nm);
	strbuf_release(&want);
}

int main(void)
{
	const char *seed = getenv("TEST_MERGE_SEED");
	char dir[] = "/tmp/git-results-unit-XXXXXX";
	char cmd[256];

	if (seed && *seed)
		rng_state = strtoull(seed, NULL, 0) | 1;
	printf("# seed %#llx\n", (unsigned long long)rng_state);
	make_pool();
	test_algebra();
	test_three_way();
	test_conflicts();
	test_text();

	if (!mkdtemp(dir))
		die_errno("mkdtemp");
	setenv("GIT_COMMITTER_NAME", "Unit", 1);
	setenv("GIT_COMMITTER_EMAIL", "unit@example.com", 1);
	setenv("GIT_COMMITTER_DATE", "1700000000 +0000", 1);
	git_libgit2_init();
	check(git_repository_init(&repo, dir, 1), "init");
	test_refs();
	git_repository_free(repo);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	return unit_done();
}
