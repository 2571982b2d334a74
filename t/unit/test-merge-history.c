/*
 * The three-way merge of notes refs against a model, over generated
 * histories.  Each history has a few clones (notes refs) of one shared
 * remote ref, on a real repository: clones add records, remove them by
 * origin and run (as `git results remove --origin --run` does), sign them
 * and replace them (add --force), through the store and the attach
 * policy; they pull, push (fetch, merge, retry when the remote moved),
 * merge each other directly, and merge each other at the same time, which
 * makes criss-cross histories with several merge bases.
 *
 * The model knows nothing of git: each record is added by one event, and
 * each clone holds the set of add and remove events it has seen; merging
 * is the union of those sets.  A clone's records must be exactly those
 * it has seen added and not seen removed, in canonical order, after every
 * step.  Merges are also done the other way round, which must give the
 * same tree, and a merge must be a commit with two parents.
 *
 * TEST_MERGE_SEED picks other histories; TEST_MERGE_HISTORIES how many.
 */
#include "t/unit/unit.h"
#include "lib/store/attach.h"
#include "lib/store/merge.h"
#include "lib/record.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#define CLONES 3
#define REMOTE CLONES		/* the shared ref, kept in the model like a clone */
#define REFS (CLONES + 1)
#define OBJECTS 3
#define STEPS 16
#define MAX_RECORDS (STEPS * 2 + 8)
#define HISTORIES_PER_REPO 1

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static git_repository *repo;
static git_oid objects[OBJECTS];

/* A record some event added: each one's bytes are different from every other's. */
struct model_record {
	unsigned object;
	char origin[8], run[16];
	int is_signed;
	struct strbuf text;
};

struct history {
	unsigned nr;
	struct model_record records[MAX_RECORDS];
	size_t records_nr;
	unsigned char added[REFS][MAX_RECORDS];
	unsigned char removed[REFS][MAX_RECORDS];
	unsigned events;
};

static struct history h;

static const char *ref_name(unsigned who)
{
	static char names[REFS + 2][64];
	char *buf = names[who];

	if (who == REMOTE)
		snprintf(buf, 64, "refs/notes/h%u/remote", h.nr);
	else if (who > REMOTE)
		snprintf(buf, 64, "refs/notes/h%u/tmp%u", h.nr, who - REMOTE);
	else
		snprintf(buf, 64, "refs/notes/h%u/c%u", h.nr, who);
	return buf;
}

static int live(unsigned who, size_t r)
{
	return h.added[who][r] && !h.removed[who][r];
}

/* Clone `to` has seen all that `from` has. */
static void model_merge(unsigned to, unsigned from)
{
	size_t r;

	for (r = 0; r < h.records_nr; r++) {
		h.added[to][r] |= h.added[from][r];
		h.removed[to][r] |= h.removed[from][r];
	}
}

static void make_record(struct record *r, unsigned object, const char *origin, const char *run,
			unsigned event)
{
	char hex[GIT_OID_HEXSZ + 1], path[32];

	record_init(r);
	record_set_origin(r, origin);
	record_set_run(r, run);
	git_oid_tostr(hex, sizeof(hex), &objects[object]);
	memcpy(r->commit, hex, sizeof(hex));
	memcpy(r->tree, "abcdefabcdefabcdefabcdefabcdefabcdefabcd", 41);
	record_set_date(r, "2026-11-25T10:00:00Z");
	/* The event's own test makes these bytes those of no other record. */
	snprintf(path, sizeof(path), "suite.event_%u", event);
	record_add_test(r, path, event % 3 ? STATUS_PASS : STATUS_FAIL, NULL);
	record_add_test(r, "suite.common", STATUS_PASS, NULL);
	record_normalize(r);
}

static size_t new_model_record(const struct record *r, unsigned object)
{
	struct model_record *m;

	if (h.records_nr == MAX_RECORDS)
		BUG("too many records");
	m = &h.records[h.records_nr];
	m->object = object;
	snprintf(m->origin, sizeof(m->origin), "%s", r->origin);
	snprintf(m->run, sizeof(m->run), "%s", r->run);
	m->is_signed = r->signature != NULL;
	strbuf_init(&m->text, 0);
	record_write(&m->text, r);
	return h.records_nr++;
}

struct attach_one {
	unsigned object;
	const struct record *record;
	enum attach_conflict how;
	enum attach_outcome outcome;
};

static enum store_change apply_attach(struct notes_store *s, void *data)
{
	struct attach_one *a = data;
	struct note_attach n = NOTE_ATTACH_INIT;
	struct strbuf err = STRBUF_INIT;

	if (note_attach_read(&n, s, &objects[a->object], &err))
		BUG("not a note of records: %s", err.buf);
	a->outcome = store_attach(&n, a->record, a->how);
	note_attach_write(&n, s, &objects[a->object]);
	note_attach_release(&n);
	strbuf_release(&err);
	return STORE_COMMIT;
}

static enum attach_outcome attach(unsigned who, unsigned object, const struct record *r,
				  enum attach_conflict how)
{
	struct attach_one a = { object, r, how, ATTACH_CONFLICT };
	struct notes_store s;

	store_open(&s, repo, ref_name(who));
	if (store_update(&s, apply_attach, &a, "attach\n") < 0)
		BUG("cannot attach");
	store_release(&s);
	return a.outcome;
}

/* Records of this clone on `object`, live in the model, of the key of record `of`. */
static size_t live_of_key(unsigned who, size_t of, size_t *out)
{
	size_t r, nr = 0;

	for (r = 0; r < h.records_nr; r++)
		if (live(who, r) && h.records[r].object == h.records[of].object &&
		    !strcmp(h.records[r].origin, h.records[of].origin) &&
		    !strcmp(h.records[r].run, h.records[of].run))
			out[nr++] = r;
	return nr;
}

/* A random record live in clone `who`, or -1. */
static long pick_live(unsigned who)
{
	size_t r, nr = 0, pick;

	for (r = 0; r < h.records_nr; r++)
		nr += live(who, r);
	if (!nr)
		return -1;
	pick = rnd((unsigned)nr);
	for (r = 0; r < h.records_nr; r++)
		if (live(who, r) && !pick--)
			return (long)r;
	return -1;
}

static int step_add(unsigned who)
{
	static const char *const origins[] = { "ci", "lab" };
	unsigned object = rnd(OBJECTS), event = ++h.events;
	struct record r;
	char run[16];
	size_t id;
	int ok;

	snprintf(run, sizeof(run), "r%u", event);
	make_record(&r, object, origins[rnd(2)], run, event);
	id = new_model_record(&r, object);
	ok = attach(who, object, &r, ATTACH_REFUSE) == ATTACH_ADDED;
	h.added[who][id] = 1;
	record_release(&r);
	return ok;
}

struct remove_key {
	unsigned object;
	const char *origin, *run;
};

static enum store_change apply_remove(struct notes_store *s, void *data)
{
	struct remove_key *k = data;
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	size_t i, j;

	if (store_read(s, &objects[k->object], &list, &err) != STORE_NOTE_READ)
		BUG("no note of records to remove from: %s", err.buf);
	for (i = j = 0; i < list.nr; i++) {
		if (!strcmp(list.items[i].origin, k->origin) && !strcmp(list.items[i].run, k->run))
			record_release(&list.items[i]);
		else
			list.items[j++] = list.items[i];
	}
	list.nr = j;
	store_put_records(s, &objects[k->object], &list);
	record_list_release(&list);
	strbuf_release(&err);
	return STORE_COMMIT;
}

/* `git results remove --origin --run`: every record of one key goes. */
static int step_remove(unsigned who)
{
	long pick = pick_live(who);
	size_t same[MAX_RECORDS], nr, i;
	struct remove_key k;
	struct notes_store s;

	if (pick < 0)
		return 1;
	k.object = h.records[pick].object;
	k.origin = h.records[pick].origin;
	k.run = h.records[pick].run;
	store_open(&s, repo, ref_name(who));
	if (store_update(&s, apply_remove, &k, "remove\n") < 0)
		BUG("cannot remove");
	store_release(&s);
	nr = live_of_key(who, (size_t)pick, same);
	for (i = 0; i < nr; i++)
		h.removed[who][same[i]] = 1;
	return 1;
}

/* The record of model record `id`, parsed back. */
static void parse_model(struct record_list *list, size_t id)
{
	struct strbuf err = STRBUF_INIT;

	if (record_list_parse(list, h.records[id].text.buf, h.records[id].text.len, &err) ||
	    list->nr != 1)
		BUG("cannot parse a record of the model: %s", err.buf);
	strbuf_release(&err);
}

/* add --sign of a record already there: its signed form replaces it. */
static int step_sign(unsigned who)
{
	long pick = pick_live(who);
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf sig = STRBUF_INIT;
	size_t same[MAX_RECORDS], id;
	int ok;

	/* add refuses a record whose key holds a conflict: sign a single one. */
	if (pick < 0 || h.records[pick].is_signed || live_of_key(who, (size_t)pick, same) != 1)
		return 1;
	parse_model(&list, (size_t)pick);
	strbuf_addf(&sig, "-----BEGIN PGP SIGNATURE-----\n\nsigned by event %u\n"
		    "-----END PGP SIGNATURE-----\n", ++h.events);
	list.items[0].signature = strbuf_detach(&sig, NULL);
	record_normalize(&list.items[0]);
	id = new_model_record(&list.items[0], h.records[pick].object);
	ok = attach(who, h.records[pick].object, &list.items[0], ATTACH_REFUSE) == ATTACH_UPGRADED;
	h.removed[who][pick] = 1;
	h.added[who][id] = 1;
	record_list_release(&list);
	return ok;
}

/* add --force: another record of the same key replaces those there. */
static int step_replace(unsigned who)
{
	long pick = pick_live(who);
	size_t same[MAX_RECORDS], nr, i, id;
	struct record r;
	int ok;

	if (pick < 0)
		return 1;
	nr = live_of_key(who, (size_t)pick, same);
	make_record(&r, h.records[pick].object, h.records[pick].origin, h.records[pick].run,
		    ++h.events);
	id = new_model_record(&r, h.records[pick].object);
	ok = attach(who, h.records[pick].object, &r, ATTACH_REPLACE) == ATTACH_REPLACED;
	for (i = 0; i < nr; i++)
		h.removed[who][same[i]] = 1;
	h.added[who][id] = 1;
	record_release(&r);
	return ok;
}

static int ref_id(git_oid *out, unsigned who)
{
	return git_reference_name_to_id(out, repo, ref_name(who));
}

static void set_ref(unsigned who, const git_oid *id)
{
	git_reference *ref;

	check(git_reference_create(&ref, repo, ref_name(who), id, 1, NULL), "cannot write ref");
	git_reference_free(ref);
}

static int tree_of(git_oid *tree, unsigned *parents, unsigned who)
{
	git_commit *commit;
	git_oid id;

	if (ref_id(&id, who))
		return -1;
	check(git_commit_lookup(&commit, repo, &id), "cannot read commit");
	git_oid_cpy(tree, git_commit_tree_id(commit));
	*parents = git_commit_parentcount(commit);
	git_commit_free(commit);
	return 0;
}

static int merges, merges_swapped, criss_crosses, several_bases, mismatches;

/*
 * Merges `from` into `to`, as `git results merge` does, and checks that
 * merging the other way round gives the same tree.
 */
static int merge(unsigned to, unsigned from, int swap_too)
{
	struct notes_merge_result res = NOTES_MERGE_RESULT_INIT;
	git_oid from_id, to_id, tree, swapped_tree;
	unsigned parents, swapped_parents;
	int ok = 1;

	if (ref_id(&from_id, from))
		return 1;	/* nothing to merge yet */
	if (ref_id(&to_id, to)) {
		swap_too = 0;	/* a fast-forward */
	} else {
		git_oidarray bases = { NULL, 0 };

		if (!git_merge_bases(&bases, repo, &to_id, &from_id))
			several_bases += bases.count > 1;
		git_oidarray_dispose(&bases);
	}
	if (notes_merge(&res, repo, ref_name(to), ref_name(from)) < 0)
		BUG("cannot merge");
	model_merge(to, from);
	if (res.outcome == NOTES_MERGE_MERGED) {
		merges++;
		ok = !tree_of(&tree, &parents, to) && parents == 2;
		if (swap_too) {
			unsigned tmp = REMOTE + 1;

			set_ref(tmp, &from_id);
			set_ref(tmp + 1, &to_id);
			if (notes_merge(&res, repo, ref_name(tmp), ref_name(tmp + 1)) < 0)
				BUG("cannot merge");
			ok &= !tree_of(&swapped_tree, &swapped_parents, tmp) &&
				!git_oid_cmp(&tree, &swapped_tree);
			merges_swapped++;
		}
	}
	notes_merge_result_release(&res);
	return ok;
}

/* Fetch, merge, push; the push is a fast-forward of the remote, retried when it is not. */
static int step_push(unsigned who)
{
	git_oid remote, mine;
	int ok = merge(who, REMOTE, 0);

	if (ref_id(&mine, who))
		return ok;
	if (!ref_id(&remote, REMOTE) && git_oid_cmp(&remote, &mine) &&
	    !git_graph_descendant_of(repo, &mine, &remote))
		BUG("the remote moved between fetch and push");
	set_ref(REMOTE, &mine);
	model_merge(REMOTE, who);
	return ok;
}

/* A push that finds the remote moved since its fetch: only a fast-forward goes. */
static int step_stale_push(unsigned who)
{
	git_oid remote, mine;

	if (ref_id(&mine, who))
		return 1;
	if (!ref_id(&remote, REMOTE) && git_oid_cmp(&remote, &mine) &&
	    !git_graph_descendant_of(repo, &mine, &remote))
		return step_push(who);	/* rejected: fetch, merge, push again */
	set_ref(REMOTE, &mine);
	model_merge(REMOTE, who);
	return 1;
}

/* Two clones merge each other at the same time: a criss-cross. */
static int step_criss_cross(unsigned a, unsigned b)
{
	git_oid a_id, b_id;
	unsigned tmp = REMOTE + 1;
	unsigned char a_added[MAX_RECORDS], a_removed[MAX_RECORDS];
	int ok;

	if (ref_id(&a_id, a) || ref_id(&b_id, b) || !git_oid_cmp(&a_id, &b_id))
		return merge(a, b, 1);
	memcpy(a_added, h.added[a], sizeof(a_added));
	memcpy(a_removed, h.removed[a], sizeof(a_removed));
	ok = merge(a, b, 0);
	/* b merges what a had before it merged b. */
	set_ref(tmp, &a_id);
	{
		struct notes_merge_result res = NOTES_MERGE_RESULT_INIT;
		size_t r;

		if (notes_merge(&res, repo, ref_name(b), ref_name(tmp)) < 0)
			BUG("cannot merge");
		for (r = 0; r < h.records_nr; r++) {
			h.added[b][r] |= a_added[r];
			h.removed[b][r] |= a_removed[r];
		}
		notes_merge_result_release(&res);
	}
	criss_crosses++;
	return ok;
}

static int cmp_model(const void *va, const void *vb)
{
	const struct model_record *a = *(const struct model_record *const *)va;
	const struct model_record *b = *(const struct model_record *const *)vb;
	int c = strcmp(a->origin, b->origin);
	size_t n = a->text.len < b->text.len ? a->text.len : b->text.len;

	if (!c)
		c = strcmp(a->run, b->run);
	if (!c)
		c = memcmp(a->text.buf, b->text.buf, n);
	return c ? c : (a->text.len > b->text.len) - (a->text.len < b->text.len);
}

/*
 * Whether the notes of `who` are exactly the model's, in canonical order,
 * read by libgit2's own notes code (as `git notes show` would read them).
 */
static int check_clone(unsigned who)
{
	const struct model_record *mine[MAX_RECORDS];
	struct strbuf want = STRBUF_INIT;
	git_oid tip;
	unsigned o;
	int ok = 1;

	if (ref_id(&tip, who))
		return 1;	/* nothing written yet */
	for (o = 0; o < OBJECTS && ok; o++) {
		git_note *note = NULL;
		const char *got = "(no note)";
		size_t r, nr = 0, i;

		for (r = 0; r < h.records_nr; r++)
			if (live(who, r) && h.records[r].object == o)
				mine[nr++] = &h.records[r];
		qsort(mine, nr, sizeof(*mine), cmp_model);
		strbuf_reset(&want);
		for (i = 0; i < nr; i++) {
			if (i)
				strbuf_addch(&want, '\n');
			strbuf_addbuf(&want, &mine[i]->text);
		}
		if (!git_note_read(&note, repo, ref_name(who), &objects[o])) {
			got = git_note_message(note);
			ok = !strcmp(got, want.buf);
		} else {
			ok = !want.len;
		}
		if (!ok)
			printf("# history %u, %s, object %u: want\n%s# got\n%s\n", h.nr,
			       ref_name(who), o, want.buf, got);
		git_note_free(note);
	}
	strbuf_release(&want);
	return ok;
}

static int run_history(void)
{
	unsigned step, who;
	int ok = 1;
	size_t r;

	for (r = 0; r < h.records_nr; r++)
		strbuf_release(&h.records[r].text);
	h.records_nr = h.events = 0;
	memset(h.added, 0, sizeof(h.added));
	memset(h.removed, 0, sizeof(h.removed));

	for (step = 0; step < STEPS && ok; step++) {
		unsigned what = rnd(100), other;

		who = rnd(CLONES);
		other = (who + 1 + rnd(CLONES - 1)) % CLONES;
		if (what < 28)
			ok = step_add(who);
		else if (what < 40)
			ok = step_remove(who);
		else if (what < 47)
			ok = step_sign(who);
		else if (what < 52)
			ok = step_replace(who);
		else if (what < 62)
			ok = merge(who, REMOTE, 1);
		else if (what < 74)
			ok = step_push(who);
		else if (what < 80)
			ok = step_stale_push(who);
		else if (what < 90)
			ok = merge(who, other, 1);
		else
			ok = step_criss_cross(who, other);
		if (!ok)
			printf("# history %u: step %u (%u) did not do what it should\n", h.nr, step, what);
		ok = ok && check_clone(who) && check_clone(other) && check_clone(REMOTE);
	}
	/* Everyone pushes and pulls: then all agree with the model and each other. */
	for (who = 0; ok && who < CLONES; who++)
		ok = step_push(who);
	for (who = 0; ok && who < CLONES; who++)
		ok = merge(who, REMOTE, 1) && check_clone(who);
	return ok;
}

static void new_repo(char *dir)
{
	char cmd[256];

	if (repo) {
		git_repository_free(repo);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			printf("# could not remove %s\n", dir);
	}
	strcpy(dir + strlen(dir) - 6, "XXXXXX");
	if (!mkdtemp(dir))
		die_errno("mkdtemp");
	check(git_repository_init(&repo, dir, 1), "init");
}

int main(void)
{
	const char *seed = getenv("TEST_MERGE_SEED");
	const char *histories = getenv("TEST_MERGE_HISTORIES");
	char dir[] = "/dev/shm/git-results-unit-XXXXXX";
	unsigned i, o, nr = histories && *histories ? (unsigned)atoi(histories) : 1000;
	unsigned failed = 0;

	/*
	 * Every object written deflates through buffers of a few hundred
	 * KiB; mapped and unmapped each time, they cost more than the rest.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
	if (seed && *seed)
		rng_state = strtoull(seed, NULL, 0) | 1;
	printf("# seed %#llx\n", (unsigned long long)rng_state);
	setenv("GIT_COMMITTER_NAME", "Unit", 1);
	setenv("GIT_COMMITTER_EMAIL", "unit@example.com", 1);
	setenv("GIT_COMMITTER_DATE", "1700000000 +0000", 1);
	git_libgit2_init();
	for (o = 0; o < OBJECTS; o++) {
		size_t k;

		for (k = 0; k < sizeof(objects[o].id); k++)
			objects[o].id[k] = (unsigned char)rnd(256);
	}
	for (i = 0; i < nr; i++) {
		if (i % HISTORIES_PER_REPO == 0)
			new_repo(dir);
		h.nr = i;
		if (!run_history() && failed++ < 3)
			printf("# history %u does not match the model\n", i);
	}
	mismatches = (int)failed;
	printf("# %u histories: %d merges (%d also the other way round), %d criss-crosses,"
	       " %d merges with several merge bases\n",
	       nr, merges, merges_swapped, criss_crosses, several_bases);
	CHECK_INT(mismatches, 0);
	CHECK(merges > (int)nr);
	CHECK(criss_crosses > 0);
	CHECK(several_bases > 0);
	new_repo(dir);
	git_repository_free(repo);
	{
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			printf("# could not remove %s\n", dir);
	}
	git_libgit2_shutdown();
	return unit_done();
}
