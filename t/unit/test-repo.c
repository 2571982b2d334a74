/*
 * Unit tests for the current branch as lib/repo finds it, on a throwaway
 * repository: born and unborn branches, detached HEAD, symbolic refs to
 * a branch (followed, as git does) and a loop of them; and the
 * branch.<name>.<key> settings read for it.
 */
#include "t/unit/unit.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <unistd.h>

static git_repository *repo;

static void symref(const char *name, const char *target)
{
	git_reference *ref;

	check(git_reference_symbolic_create(&ref, repo, name, target, 1, NULL), "symref");
	git_reference_free(ref);
}

/* HEAD's branch, "(none)" when not on one, "(error)" when unreadable */
static const char *current(void)
{
	static struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_reset(&sb);
	ret = repo_current_branch(repo, &sb);
	if (ret > 0 && !sb.len)
		return "(none)";
	if (ret < 0 && !sb.len)
		return "(error)";
	return ret ? "(appended on failure)" : sb.buf;
}

static void make_commit(git_oid *commit)
{
	git_treebuilder *tb;
	git_signature *sig;
	git_tree *tree;
	git_oid tree_oid;

	check(git_treebuilder_new(&tb, repo, NULL), "treebuilder");
	check(git_treebuilder_write(&tree_oid, tb), "tree");
	check(git_tree_lookup(&tree, repo, &tree_oid), "tree");
	check(git_signature_new(&sig, "Unit", "unit@example.com", 1700000000, 0), "signature");
	check(git_commit_create(commit, repo, "refs/heads/main", sig, sig, NULL, "one", tree, 0, NULL),
	      "commit");
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
}

static void test_current_branch(void)
{
	struct strbuf sb = STRBUF_INIT;
	git_oid commit;

	symref("HEAD", "refs/heads/main");
	CHECK_STR(current(), "main");	/* unborn: still the current branch */
	make_commit(&commit);
	CHECK_STR(current(), "main");

	symref("refs/heads/alias", "refs/heads/main");
	symref("HEAD", "refs/heads/alias");
	CHECK_STR(current(), "main");	/* followed, as git branch --show-current does */
	symref("refs/heads/to-unborn", "refs/heads/feature/x");
	symref("HEAD", "refs/heads/to-unborn");
	CHECK_STR(current(), "feature/x");

	symref("refs/heads/loop-a", "refs/heads/loop-b");
	symref("refs/heads/loop-b", "refs/heads/loop-a");
	symref("HEAD", "refs/heads/loop-a");
	CHECK_STR(current(), "(none)");

	symref("HEAD", "refs/remotes/origin/main");
	CHECK_STR(current(), "(none)");

	check(git_repository_set_head_detached(repo, &commit), "detach");
	CHECK_STR(current(), "(none)");

	/* what is already in the buffer stays */
	symref("HEAD", "refs/heads/main");
	strbuf_addstr(&sb, "on ");
	CHECK_INT(repo_current_branch(repo, &sb), 0);
	CHECK_STR(sb.buf, "on main");
	strbuf_release(&sb);
}

static void test_branch_config(void)
{
	git_config *config;
	char *value;

	check(git_repository_config(&config, repo), "config");
	check(git_config_set_string(config, "branch.main.remote", "upstream"), "config");
	check(git_config_set_string(config, "branch.feature/x.merge", "refs/heads/next"), "config");
	git_config_free(config);

	value = repo_branch_config(repo, "main", "remote");
	CHECK_STR(value, "upstream");
	free(value);
	value = repo_branch_config(repo, "feature/x", "merge");
	CHECK_STR(value, "refs/heads/next");
	free(value);
	value = repo_branch_config(repo, "main", "pushRemote");
	CHECK_STR(value, NULL);
	free(value);
}

int main(void)
{
	char dir[] = "/tmp/git-results-unit-XXXXXX";
	char cmd[256];

	if (!mkdtemp(dir))
		die_errno("mkdtemp");
	git_libgit2_init();
	check(git_repository_init(&repo, dir, 1), "init");

	test_current_branch();
	test_branch_config();

	git_repository_free(repo);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	return unit_done();
}
