/*
 * `--to kcidb`: the renderer that formats/render.c lists for KCIDB.
 */
#include "kcidb/render.h"
#include "kcidb/config.h"
#include "kcidb/write.h"
#include "formats/render.h"

int render_kcidb(FILE *out, git_repository *repo, const struct record_list *records,
			struct strbuf *err)
{
	struct kcidb_target target = KCIDB_TARGET_INIT;
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (!repo) {
		strbuf_addstr(err, "--to kcidb needs a repository: its configuration names the"
			      " KCIDB origin, repository URL and branch");
		goto out;
	}
	if (kcidb_target_from_config(&target, repo, NULL, err) ||
	    kcidb_target_check(&target, err) ||
	    kcidb_render(&sb, records, &target, err))
		goto out;
	ret = render_write(out, sb.buf, sb.len, err);
out:
	kcidb_target_release(&target);
	strbuf_release(&sb);
	return ret;
}
