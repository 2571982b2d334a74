#include "lib/pathspec.h"
#include "lib/odb/shallow.h"
#include "lib/repo.h"
#include "lib/revision.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where the current directory is below the top of the work tree ("" at the top). */
static void cwd_prefix(struct strbuf *out, git_repository *repo)
{
	const char *workdir = git_repository_workdir(repo);
	char *top, *cwd;
	size_t len;

	if (!workdir)
		return;
	top = realpath(workdir, NULL);
	cwd = realpath(".", NULL);
	if (top && cwd) {
		len = strlen(top);
		if (!strncmp(cwd, top, len) && cwd[len] == '/')
			strbuf_addf(out, "%s/", cwd + len + 1);
	}
	free(top);
	free(cwd);
}

/* Resolves "." and ".." in prefix + path; -1 when it climbs out of the top. */
static int normalize(struct strbuf *out, const char *prefix, const char *path)
{
	struct strbuf joined = STRBUF_INIT;
	char *component, *save = NULL;
	int ret = 0;

	strbuf_addf(&joined, "%s%s", prefix, path);
	for (component = strtok_r(joined.buf, "/", &save); component;
	     component = strtok_r(NULL, "/", &save)) {
		if (!strcmp(component, "."))
			continue;
		if (!strcmp(component, "..")) {
			char *slash;

			if (!out->len) {
				ret = -1;
				break;
			}
			slash = strrchr(out->buf, '/');
			strbuf_setlen(out, slash ? (size_t)(slash - out->buf) : 0);
			continue;
		}
		if (out->len)
			strbuf_addch(out, '/');
		strbuf_addstr(out, component);
	}
	strbuf_release(&joined);
	return ret;
}

void pathspec_init(struct pathspec *ps, git_repository *repo, const char **args, size_t nr)
{
	struct strbuf prefix = STRBUF_INIT, path = STRBUF_INIT;
	size_t i;

	memset(ps, 0, sizeof(*ps));
	ps->shallow = shallow_read(repo);
	cwd_prefix(&prefix, repo);
	ps->paths.strings = xcalloc(nr ? nr : 1, sizeof(char *));
	for (i = 0; i < nr; i++) {
		strbuf_reset(&path);
		if (normalize(&path, prefix.buf, args[i])) {
			const char *top = git_repository_workdir(repo);

			if (!top)
				top = git_repository_path(repo);
			die("%s: '%s' is outside repository at '%.*s'", args[i], args[i],
			    (int)(strlen(top) - (strlen(top) > 1 && top[strlen(top) - 1] == '/')),
			    top);
		}
		if (!path.len)
			ps->all = 1;
		ps->paths.strings[ps->paths.count++] = strbuf_detach(&path, NULL);
	}
	strbuf_release(&prefix);
}

void pathspec_release(struct pathspec *ps)
{
	size_t i;

	for (i = 0; i < ps->paths.count; i++)
		free(ps->paths.strings[i]);
	free(ps->paths.strings);
	shallow_free(ps->shallow);
	memset(ps, 0, sizeof(*ps));
}

static int differs(const struct pathspec *ps, git_repository *repo, git_tree *old_tree,
		   git_tree *new_tree)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_diff *diff;
	int ret;

	/* No pathspec at all matches everything; "." at the top means that. */
	if (!ps->all)
		opts.pathspec = ps->paths;
	check(git_diff_tree_to_tree(&diff, repo, old_tree, new_tree, &opts),
	      "cannot compare trees");
	ret = git_diff_num_deltas(diff) > 0;
	git_diff_free(diff);
	return ret;
}

int pathspec_commit_touches(const struct pathspec *ps, git_repository *repo,
			    const git_oid *commit_id)
{
	git_commit *commit = NULL, *parent = NULL;
	git_tree *tree = NULL, *parent_tree = NULL;
	unsigned int i, nr;
	int ret = 0;

	check(git_commit_lookup(&commit, repo, commit_id), "cannot read commit");
	check(git_commit_tree(&tree, commit), "cannot read tree");
	/* A shallow clone's boundary is a root to git: all its paths are new. */
	nr = shallow_parentcount(ps->shallow, commit);
	if (ps->first_parent && nr > 1)
		nr = 1;
	if (!nr)
		ret = differs(ps, repo, NULL, tree);
	for (i = 0; i < nr && !ret; i++) {
		check(git_commit_parent(&parent, commit, i), "cannot read parent commit");
		check(git_commit_tree(&parent_tree, parent), "cannot read tree");
		ret = differs(ps, repo, parent_tree, tree);
		git_tree_free(parent_tree);
		git_commit_free(parent);
	}
	git_tree_free(tree);
	git_commit_free(commit);
	return ret;
}

int pathspec_revisions_nr(git_repository *repo, const char **args, int nr, int dashdash)
{
	int i;

	if (dashdash >= 0)
		return dashdash;
	for (i = 0; i < nr; i++) {
		const char *arg = args[i];
		git_object *obj = NULL;
		struct stat st;
		int is_rev, is_file = !lstat(arg, &st);

		if (revision_is_range(arg))
			continue;
		is_rev = !git_revparse_single(&obj, repo, arg);
		git_object_free(obj);
		if (is_rev && is_file)
			die("ambiguous argument '%s': both revision and filename; "
			    "use '--' to separate paths from revisions", arg);
		if (!is_rev && is_file)
			return i;
	}
	return nr;
}
