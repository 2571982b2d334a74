/*
 * Unit tests for the notes store, on a throwaway repository: reading
 * back what was written, git's fanout rule at two levels, and a writer
 * that loses the compare-and-swap re-applying its change.
 */
#include "t/unit/unit.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <unistd.h>

static git_repository *repo;

static void make_oid(git_oid *oid, unsigned first, unsigned second, unsigned n)
{
	memset(oid, 0, sizeof(*oid));
	oid->id[0] = (unsigned char)first;
	oid->id[1] = (unsigned char)second;
	oid->id[18] = (unsigned char)(n >> 8);
	oid->id[19] = (unsigned char)n;
}

static void make_list(struct record_list *list, const char *run)
{
	struct record r = RECORD_INIT;

	record_set_origin(&r, "unit");
	record_set_run(&r, run);
	record_set_date(&r, "2026-11-25T10:00:00Z");
	record_add_test(&r, "a.b", STATUS_PASS, NULL);
	record_normalize(&r);
	record_list_take(list, &r);
}

struct put_all {
	git_oid *oids;
	size_t nr;
	const char *run;
};

static int apply_put_all(struct notes_store *s, void *data)
{
	struct put_all *p = data;
	size_t i;

	for (i = 0; i < p->nr; i++) {
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;

		if (store_read(s, &p->oids[i], &list, &err) < 0)
			return -1;
		make_list(&list, p->run);
		record_list_normalize(&list);
		store_put_records(s, &p->oids[i], &list);
		record_list_release(&list);
		strbuf_release(&err);
	}
	return 0;
}

static int write_notes(const char *ref, git_oid *oids, size_t nr, const char *run)
{
	struct notes_store s;
	struct put_all p = { oids, nr, run };
	int ret;

	store_open(&s, repo, ref);
	ret = store_update(&s, apply_put_all, &p, "unit\n");
	store_release(&s);
	return ret;
}

/* The tree path of the note on `oid`, or "" when not found. */
static int has_path(const char *ref, const char *path)
{
	git_object *obj = NULL;
	git_tree_entry *e = NULL;
	int found;

	if (git_revparse_single(&obj, repo, ref) < 0)
		return 0;
	{
		git_tree *tree;

		git_commit_tree(&tree, (git_commit *)obj);
		found = !git_tree_entry_bypath(&e, tree, path);
		git_tree_entry_free(e);
		git_tree_free(tree);
	}
	git_object_free(obj);
	return found;
}

static void test_roundtrip(void)
{
	git_oid oid;
	struct notes_store s;
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;

	make_oid(&oid, 0x12, 0x34, 1);
	store_open(&s, repo, "refs/notes/rt");
	CHECK(!s.has_tip);
	CHECK(store_lookup(&s, &oid) == NULL);
	store_release(&s);

	CHECK_INT(write_notes("refs/notes/rt", &oid, 1, "1"), 0);
	store_open(&s, repo, "refs/notes/rt");
	CHECK(s.has_tip);
	CHECK(store_lookup(&s, &oid) != NULL);
	CHECK_INT(store_read(&s, &oid, &list, &err), 0);
	CHECK_INT(list.nr, 1);
	CHECK_STR(list.items[0].run, "1");
	store_release(&s);
	record_list_release(&list);
	strbuf_release(&err);
	CHECK(has_path("refs/notes/rt", "1234000000000000000000000000000000000001"));
}

static void test_fanout(void)
{
	git_oid oids[64];
	size_t nr = 0;
	unsigned i;

	/* 31 notes, one first digit short of two each: no fanout. */
	for (i = 0; i < 16; i++) {
		make_oid(&oids[nr++], i << 4, 0, 1);
		if (i)
			make_oid(&oids[nr++], i << 4, 0, 2);
	}
	CHECK_INT(write_notes("refs/notes/flat", oids, nr, "1"), 0);
	CHECK(has_path("refs/notes/flat", "0000000000000000000000000000000000000001"));

	/* Every first hex digit twice: 2/38. */
	make_oid(&oids[nr++], 0, 0, 2);
	CHECK_INT(write_notes("refs/notes/fan1", oids, nr, "1"), 0);
	CHECK(has_path("refs/notes/fan1", "00/00000000000000000000000000000000000001"));
	CHECK(!has_path("refs/notes/fan1", "0000000000000000000000000000000000000001"));

	/* Under "ab", every third digit twice too: 2/2/36 there only. */
	nr = 0;
	for (i = 0; i < 16; i++) {
		make_oid(&oids[nr++], i << 4, 0, 1);
		make_oid(&oids[nr++], i << 4, 0, 2);
	}
	for (i = 0; i < 16; i++) {
		make_oid(&oids[nr++], 0xab, i << 4, 1);
		make_oid(&oids[nr++], 0xab, i << 4, 2);
	}
	CHECK_INT(write_notes("refs/notes/fan2", oids, nr, "1"), 0);
	CHECK(has_path("refs/notes/fan2", "ab/10/000000000000000000000000000000000001"));
	CHECK(has_path("refs/notes/fan2", "10/00000000000000000000000000000000000001"));
}

struct racing {
	git_oid mine;
	int calls;
};

/* Lets another writer commit between our read and our ref update. */
static int apply_racing(struct notes_store *s, void *data)
{
	struct racing *r = data;
	struct record_list list = RECORD_LIST_INIT;

	if (!r->calls++) {
		git_oid theirs;

		make_oid(&theirs, 0x99, 0, 7);
		CHECK_INT(write_notes(s->ref, &theirs, 1, "theirs"), 0);
	}
	make_list(&list, "mine");
	store_put_records(s, &r->mine, &list);
	record_list_release(&list);
	return 0;
}

static void test_compare_and_swap(void)
{
	struct racing r = { { { 0 } }, 0 };
	struct notes_store s;
	git_oid theirs;

	make_oid(&r.mine, 0x42, 0, 1);
	make_oid(&theirs, 0x99, 0, 7);
	CHECK_INT(write_notes("refs/notes/race", &theirs, 1, "first"), 0);
	store_open(&s, repo, "refs/notes/race");
	CHECK_INT(store_update(&s, apply_racing, &r, "racing\n"), 0);
	store_release(&s);
	CHECK_INT(r.calls, 2);
	store_open(&s, repo, "refs/notes/race");
	CHECK(store_lookup(&s, &r.mine) != NULL);
	CHECK(store_lookup(&s, &theirs) != NULL);
	store_release(&s);
}

/*
 * Both writers start before the ref exists: the one that creates it
 * second must retry on top of the first one's notes, not replace them.
 */
static void test_compare_and_swap_on_creation(void)
{
	struct racing r = { { { 0 } }, 0 };
	struct notes_store s;
	git_oid theirs;

	make_oid(&r.mine, 0x42, 0, 1);
	make_oid(&theirs, 0x99, 0, 7);
	store_open(&s, repo, "refs/notes/race-new");
	CHECK(!s.has_tip);
	CHECK_INT(store_update(&s, apply_racing, &r, "racing\n"), 0);
	store_release(&s);
	CHECK_INT(r.calls, 2);
	store_open(&s, repo, "refs/notes/race-new");
	CHECK(store_lookup(&s, &r.mine) != NULL);
	CHECK(store_lookup(&s, &theirs) != NULL);
	store_release(&s);
}

int main(void)
{
	char dir[] = "/tmp/git-results-unit-XXXXXX";
	char cmd[256];

	if (!mkdtemp(dir))
		die_errno("mkdtemp");
	setenv("GIT_COMMITTER_NAME", "Unit", 1);
	setenv("GIT_COMMITTER_EMAIL", "unit@example.com", 1);
	setenv("GIT_COMMITTER_DATE", "1700000000 +0000", 1);
	git_libgit2_init();
	check(git_repository_init(&repo, dir, 1), "init");

	test_roundtrip();
	test_fanout();
	test_compare_and_swap();
	test_compare_and_swap_on_creation();

	git_repository_free(repo);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	return unit_done();
}
