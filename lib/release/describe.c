#include "lib/release/describe.h"
#include "lib/release/tags.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

int describe_commit(git_repository *repo, const git_oid *commit, int tag_only,
		    struct strbuf *out, git_oid *tagged, struct strbuf *err)
{
	git_describe_options opts = GIT_DESCRIBE_OPTIONS_INIT;
	git_describe_format_options fmt = GIT_DESCRIBE_FORMAT_OPTIONS_INIT;
	git_describe_result *result = NULL;
	git_object *obj = NULL, *peeled = NULL;
	git_buf buf = GIT_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int ret = -1;

	git_oid_tostr(hex, sizeof(hex), commit);
	check(git_object_lookup(&obj, repo, commit, GIT_OBJECT_COMMIT), "cannot read commit");
	if (git_describe_commit(&result, obj, &opts) < 0) {
		strbuf_addf(err, "no annotated tag can describe '%s'", hex);
		goto out;
	}
	if (tag_only)
		fmt.abbreviated_size = 0;
	check(git_describe_format(&buf, result, &fmt), "cannot describe commit");
	strbuf_addstr(out, buf.ptr);
	if (tagged) {
		struct strbuf spec = STRBUF_INIT;

		/* With abbrev 0 the name is the tag itself; peel it. */
		strbuf_addf(&spec, "refs/tags/%s^{commit}", buf.ptr);
		if (!tag_only || git_revparse_single(&peeled, repo, spec.buf) < 0) {
			strbuf_release(&spec);
			strbuf_addf(err, "cannot find the commit of tag '%s'", buf.ptr);
			goto out;
		}
		git_oid_cpy(tagged, git_object_id(peeled));
		strbuf_release(&spec);
	}
	ret = 0;
out:
	git_buf_dispose(&buf);
	git_object_free(peeled);
	git_describe_result_free(result);
	git_object_free(obj);
	return ret;
}

struct exact_tag {
	const git_oid *commit;
	char *annotated, *lightweight;
};

static int match_tag(const char *name, const git_oid *commit, int annotated, void *data)
{
	struct exact_tag *t = data;
	char **slot = annotated ? &t->annotated : &t->lightweight;

	if ((!*slot || strcmp(name, *slot) < 0) && git_oid_equal(commit, t->commit)) {
		free(*slot);
		*slot = xstrdup(name);
	}
	return 0;
}

int describe_exact_tag(git_repository *repo, const git_oid *commit, struct strbuf *out,
		       struct strbuf *err)
{
	struct exact_tag t = { commit, NULL, NULL };
	char hex[GIT_OID_HEXSZ + 1];
	int ret = 0;

	/* no order: keep the least name of each kind */
	tags_for_each_commit(repo, match_tag, &t);
	if (t.annotated || t.lightweight) {
		strbuf_addstr(out, t.annotated ? t.annotated : t.lightweight);
	} else {
		git_oid_tostr(hex, sizeof(hex), commit);
		strbuf_addf(err, "no tag points at '%s'", hex);
		ret = -1;
	}
	free(t.annotated);
	free(t.lightweight);
	return ret;
}

int describe_current_branch(git_repository *repo, struct strbuf *out, struct strbuf *err)
{
	int ret = repo_current_branch(repo, out);

	if (ret < 0)
		strbuf_addstr(err, "cannot read HEAD");
	else if (ret > 0)
		strbuf_addstr(err, "HEAD is not on a branch");
	return ret ? -1 : 0;
}
