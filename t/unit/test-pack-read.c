/*
 * Unit tests for the pack reader, against libgit2 on repositories git
 * itself packed: every object, read both ways, must come out the same,
 * whether whole, an offset delta or a ref delta, in one pack or several;
 * loose objects are left to libgit2; damaged packs and indexes are
 * declined or refused, never misread or crashed on.  Raw tree entries
 * are checked against libgit2's tree parser.
 */
#include "t/unit/unit.h"
#include "lib/odb/object-read.h"
#include "lib/odb/pack-read.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/test-pack-read.XXXXXX";

static int run(const char *fmt, ...)
{
	struct strbuf cmd = STRBUF_INIT;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	strbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	ret = system(cmd.buf);
	strbuf_release(&cmd);
	return ret;
}

/* The ids of every object in the repository, as git lists them. */
static size_t list_objects(const char *repo, git_oid **out)
{
	struct strbuf path = STRBUF_INIT, ids = STRBUF_INIT;
	size_t nr = 0, alloc = 0;
	char *line, *save = NULL;

	strbuf_addf(&path, "%s/ids", dir);
	run("git -C %s cat-file --batch-all-objects --batch-check='%%(objectname)' >%s",
	    repo, path.buf);
	strbuf_read_file(&ids, path.buf);
	*out = NULL;
	for (line = strtok_r(ids.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		ALLOC_GROW(*out, nr + 1, alloc);
		git_oid_fromstr(&(*out)[nr++], line);
	}
	strbuf_release(&path);
	strbuf_release(&ids);
	return nr;
}

/* Counts deltas of each kind in the repository's packs, as git reports them. */
static long count_deltas(const char *repo)
{
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
	long n;

	strbuf_addf(&path, "%s/deltas", dir);
	run("for i in %s/.git/objects/pack/*.idx; do git verify-pack -v \"$i\"; done |"
	    " awk 'NF == 7 { n++; if ($6 > depth) depth = $6 }"
	    " END { print n + 0, depth + 0 }' >%s", repo, path.buf);
	strbuf_read_file(&out, path.buf);
	n = atol(out.buf);
	printf("# %ld deltas, chains up to %s", n, strchr(out.buf, ' ') ? strchr(out.buf, ' ') + 1 : "?\n");
	strbuf_release(&path);
	strbuf_release(&out);
	return n;
}

/*
 * Reads every object through the pack view and through libgit2; returns
 * how many the view read, and counts those that differ in `*wrong`.
 */
static size_t compare_all(const char *repo_path, size_t *wrong, size_t *total)
{
	git_repository *repo;
	git_odb *odb;
	struct packed_objects *packs;
	struct pack_cursor cursor;
	struct strbuf objects = STRBUF_INIT, data = STRBUF_INIT;
	git_oid *ids;
	size_t nr = list_objects(repo_path, &ids), i, read = 0;

	*wrong = 0;
	*total = nr;
	check(git_repository_open(&repo, repo_path), "open");
	check(git_repository_odb(&odb, repo), "odb");
	strbuf_addf(&objects, "%s/.git/objects", repo_path);
	packs = packed_objects_open(objects.buf);
	pack_cursor_init(&cursor);
	for (i = 0; i < nr; i++) {
		git_odb_object *obj;
		git_object_t type;
		int ret = packed_object_read(packs, &cursor, &ids[i], &type, &data);

		if (ret)
			continue;
		read++;
		if (git_odb_read(&obj, odb, &ids[i]) < 0) {
			(*wrong)++;
			continue;
		}
		if (type != git_odb_object_type(obj) || data.len != git_odb_object_size(obj) ||
		    memcmp(data.buf, git_odb_object_data(obj), data.len))
			(*wrong)++;
		git_odb_object_free(obj);
	}
	pack_cursor_release(&cursor);
	packed_objects_free(packs);
	git_odb_free(odb);
	git_repository_free(repo);
	strbuf_release(&objects);
	strbuf_release(&data);
	free(ids);
	return read;
}

/* A history of one file growing and shrinking, so that git packs deltas. */
static void make_history(const char *repo, int commits)
{
	run("git init -q %s && cd %s && git config user.name t && git config user.email t@e &&"
	    " for i in $(seq 1 %d); do"
	    "   seq 1 $((400 + i)) | sed \"$((i * 7 %% 400 + 1))s/$/ changed $i/\" >f &&"
	    "   mkdir -p d/$((i %% 5)) && cp f d/$((i %% 5))/g &&"
	    "   git add -A && git commit -q -m \"commit $i\"; done", repo, repo, commits);
}

static void test_whole_and_delta(const char *repo, const char *what)
{
	size_t wrong, total, read = compare_all(repo, &wrong, &total);

	printf("# %s: %zu objects, %zu read from packs, %ld deltas\n", what, total, read,
	       count_deltas(repo));
	CHECK(total > 100);
	CHECK_INT(read, total);
	CHECK_INT(wrong, 0);
}

static void test_loose_is_left_to_libgit2(const char *repo)
{
	struct strbuf objects = STRBUF_INIT, data = STRBUF_INIT, out = STRBUF_INIT;
	struct packed_objects *packs;
	struct pack_cursor cursor;
	git_object_t type;
	git_oid loose;
	struct object_reader r;
	git_repository *g;
	char *error = NULL;

	strbuf_addf(&out, "%s/loose", dir);
	run("echo 'a loose blob' | git -C %s hash-object -w --stdin >%s", repo, out.buf);
	strbuf_read_file(&data, out.buf);
	git_oid_fromstrn(&loose, data.buf, GIT_OID_HEXSZ);
	strbuf_addf(&objects, "%s/.git/objects", repo);
	packs = packed_objects_open(objects.buf);
	pack_cursor_init(&cursor);
	CHECK_INT(packed_object_read(packs, &cursor, &loose, &type, &data), 1);

	/* The reader falls back to libgit2 and gets it. */
	check(git_repository_open(&g, repo), "open");
	object_reader_open(&r, g);
	CHECK_INT(object_read(&r, &loose, GIT_OBJECT_BLOB, &error), 0);
	CHECK_STR(r.data.buf, "a loose blob\n");
	CHECK_INT(object_read(&r, &loose, GIT_OBJECT_TREE, &error), -1);
	CHECK(error && strstr(error, "is a blob, not a tree"));
	free(error);
	error = NULL;
	git_oid_fromstr(&loose, "0123456789012345678901234567890123456789");
	CHECK_INT(object_read(&r, &loose, GIT_OBJECT_ANY, &error), -1);
	CHECK(error && !strncmp(error, "cannot read 0123456789012345678901234567890123456789", 52));
	free(error);
	object_reader_release(&r);
	git_repository_free(g);

	pack_cursor_release(&cursor);
	packed_objects_free(packs);
	strbuf_release(&objects);
	strbuf_release(&data);
	strbuf_release(&out);
}

/*
 * Flips bytes all over a copy of the pack: each read must be declined or
 * give libgit2's bytes (a flip in a part no object uses changes nothing).
 */
static void test_damaged_pack(const char *repo)
{
	struct strbuf copy = STRBUF_INIT;
	size_t wrong, total, read;
	int step;

	strbuf_addf(&copy, "%s/damaged", dir);
	for (step = 0; step < 3; step++) {
		run("rm -rf %s && cp -r %s %s && p=$(ls %s/.git/objects/pack/*.pack) &&"
		    " size=$(wc -c <$p) && chmod u+w $p &&"
		    " i=%d; while test $i -lt $((size - 20)); do"
		    "   printf '\\377' | dd of=$p bs=1 seek=$i conv=notrunc 2>/dev/null;"
		    "   i=$((i + 997)); done", copy.buf, repo, copy.buf, copy.buf, 40 + step * 331);
		/* libgit2 is the judge: compare only what it can still read. */
		read = compare_all(copy.buf, &wrong, &total);
		printf("# damaged pack %d: %zu of %zu objects read, %zu differ\n", step, read,
		       total, wrong);
		CHECK(read < total);
		CHECK_INT(wrong, 0);
	}
	strbuf_release(&copy);
}

/* A truncated index, or one whose pack is gone, hides that pack and only it. */
static void test_damaged_index(const char *repo)
{
	struct strbuf copy = STRBUF_INIT, objects = STRBUF_INIT, data = STRBUF_INIT;
	struct packed_objects *packs;
	struct pack_cursor cursor;
	git_object_t type;
	git_oid *ids;
	size_t nr, i, found = 0;

	strbuf_addf(&copy, "%s/truncated", dir);
	run("rm -rf %s && cp -r %s %s && for i in %s/.git/objects/pack/*.idx; do"
	    " chmod u+w $i && truncate -s 1000 $i; done", copy.buf, repo, copy.buf, copy.buf);
	nr = list_objects(repo, &ids);
	strbuf_addf(&objects, "%s/.git/objects", copy.buf);
	packs = packed_objects_open(objects.buf);
	pack_cursor_init(&cursor);
	for (i = 0; i < nr; i++)
		found += !packed_object_read(packs, &cursor, &ids[i], &type, &data);
	CHECK_INT(found, 0);
	pack_cursor_release(&cursor);
	packed_objects_free(packs);
	free(ids);
	strbuf_release(&copy);
	strbuf_release(&objects);
	strbuf_release(&data);
}

/* Every tree's raw entries agree with libgit2's parse of it. */
static void test_tree_entries(const char *repo_path)
{
	git_repository *repo;
	struct object_reader r;
	git_oid *ids;
	size_t nr = list_objects(repo_path, &ids), i, trees = 0, bad = 0;
	char *error = NULL;

	check(git_repository_open(&repo, repo_path), "open");
	object_reader_open(&r, repo);
	for (i = 0; i < nr; i++) {
		struct raw_tree_entry e;
		git_tree *tree;
		size_t pos = 0, n = 0;
		int ret;

		if (git_tree_lookup(&tree, repo, &ids[i]) < 0)
			continue;
		trees++;
		if (object_read(&r, &ids[i], GIT_OBJECT_TREE, &error)) {
			bad++;
			git_tree_free(tree);
			continue;
		}
		while ((ret = tree_entry_next(&r.data, &pos, &e)) > 0) {
			const git_tree_entry *te = git_tree_entry_byindex(tree, n++);

			if (!te || strcmp(git_tree_entry_name(te), e.name) ||
			    git_oid_cmp(git_tree_entry_id(te), &e.oid) ||
			    git_tree_entry_filemode_raw(te) != e.mode ||
			    git_tree_entry_type(te) != tree_entry_type(e.mode))
				bad++;
		}
		if (ret < 0 || n != git_tree_entrycount(tree))
			bad++;
		git_tree_free(tree);
	}
	CHECK(trees > 10);
	CHECK_INT(bad, 0);

	/* Not trees: an unterminated name, a short id, a mode that is not octal. */
	{
		static const char *bad_trees[] = { "100644 name", "100644 name\0short",
						   "10x644 name\0aaaaaaaaaaaaaaaaaaaa", " name\0" };
		static const size_t lens[] = { 11, 17, 31, 6 };
		size_t k;

		for (k = 0; k < 4; k++) {
			struct strbuf t = STRBUF_INIT;
			struct raw_tree_entry e;
			size_t pos = 0;

			strbuf_add(&t, bad_trees[k], lens[k]);
			CHECK_INT(tree_entry_next(&t, &pos, &e), -1);
			strbuf_release(&t);
		}
	}
	object_reader_release(&r);
	git_repository_free(repo);
	free(ids);
}

int main(void)
{
	struct strbuf ofs = STRBUF_INIT, ref = STRBUF_INIT, multi = STRBUF_INIT;

	git_libgit2_init();
	if (!mkdtemp(dir))
		die_errno("mkdtemp");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", dir, 1);

	strbuf_addf(&ofs, "%s/ofs", dir);
	make_history(ofs.buf, 60);
	run("git -C %s repack -q -adf --depth=20 --window=50", ofs.buf);
	test_whole_and_delta(ofs.buf, "offset deltas");
	CHECK(count_deltas(ofs.buf) > 60);

	strbuf_addf(&ref, "%s/ref", dir);
	run("cp -r %s %s && git -C %s -c repack.useDeltaBaseOffset=false repack -q -adf --depth=20 --window=50",
	    ofs.buf, ref.buf, ref.buf);
	test_whole_and_delta(ref.buf, "ref deltas");
	CHECK(count_deltas(ref.buf) > 60);

	/* Three packs, newer ones holding deltas on bases in older ones' history. */
	strbuf_addf(&multi, "%s/multi", dir);
	make_history(multi.buf, 20);
	run("git -C %s repack -q -d && cd %s && for i in 1 2 3 4 5; do seq 1 $i >>f;"
	    " git commit -q -am more$i; done && git repack -q -d && for i in 1 2 3; do"
	    " seq 1 $i >>f; git commit -q -am again$i; done && git repack -q -d", multi.buf,
	    multi.buf);
	run("ls %s/.git/objects/pack/*.idx | wc -l | sed 's/^/# packs: /'", multi.buf);
	test_whole_and_delta(multi.buf, "several packs");

	test_loose_is_left_to_libgit2(multi.buf);
	test_damaged_pack(ofs.buf);
	test_damaged_pack(ref.buf);
	test_damaged_index(ofs.buf);
	test_tree_entries(ofs.buf);

	run("rm -rf %s", dir);
	strbuf_release(&ofs);
	strbuf_release(&ref);
	strbuf_release(&multi);
	git_libgit2_shutdown();
	return unit_done();
}
