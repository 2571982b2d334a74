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
	struct kcidb_connection conn = KCIDB_CONNECTION_INIT;
	struct strbuf sb = STRBUF_INIT, ignored = STRBUF_INIT;
	const char *token = NULL;
	int ret = -1;

	if (!repo) {
		strbuf_addstr(err, "--to kcidb needs a repository: its configuration names the"
			      " KCIDB origin, repository URL and branch");
		goto out;
	}
	/* Without results.kcidb.origin: the token's, else each record's own. */
	if (!kcidb_connection_from_config(&conn, repo, NULL, 0, &ignored))
		token = conn.token;
	if (kcidb_target_fill(&target, repo, token, KCIDB_ORIGIN_OPTIONAL, err) ||
	    kcidb_target_check(&target, err) ||
	    kcidb_render(&sb, records, &target, err))
		goto out;
	ret = render_write(out, sb.buf, sb.len, err);
out:
	kcidb_target_release(&target);
	kcidb_connection_release(&conn);
	strbuf_release(&sb);
	strbuf_release(&ignored);
	return ret;
}
