/*
 * The renderer table, and the canonical record text renderer.
 */
#include "formats/render.h"
#include "formats/b4-check.h"
#include "formats/junit-write.h"
#include "lib/usage.h"

#include <string.h>
#include <strings.h>

static int render_junit(FILE *out, git_repository *repo, const struct record_list *records,
			struct strbuf *err);
/*
 * Renderers that live with the format they write (kcidb/render.c), named
 * here as the registry names its readers, so that formats/ needs none of
 * their headers.
 */
int render_kcidb(FILE *out, git_repository *repo, const struct record_list *records,
		 struct strbuf *err);

static const struct renderer renderers[] = {
	{ "record", "canonical record text (git-results-record(5))", render_record, render_record_stream },
	{ "json", "JSON objects, as --json prints them", NULL, render_json_stream },
	{ "junit", "JUnit XML, one testsuite per record", render_junit, NULL },
	{ "kcidb", "a KCIDB v5.3 submission (git-results-sync(1))", render_kcidb, NULL },
	{ "b4-check", "one JSON object per commit, as b4's review check commands print", render_b4_check, NULL },
};

const struct renderer *renderer_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(renderers); i++)
		if (!strcasecmp(renderers[i].name, name))
			return &renderers[i];
	return NULL;
}

void renderer_list_names(struct strbuf *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(renderers); i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", renderers[i].name);
}

int render_write(FILE *out, const char *buf, size_t len, struct strbuf *err)
{
	if (fwrite(buf, 1, len, out) != len) {
		strbuf_addstr(err, "cannot write the output");
		return -1;
	}
	return 0;
}

int render_record(FILE *out, git_repository *repo, const struct record_list *records,
		  struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	record_list_write(&sb, records);
	ret = render_write(out, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}

int render_record_stream(FILE *out, const struct record *header, struct result_spool *tests,
			 size_t nth, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *block;
	size_t len;
	int ret;

	if (nth)
		strbuf_addch(&sb, '\n');
	record_write_payload(&sb, header);
	ret = render_write(out, sb.buf, sb.len, err);
	result_spool_rewind(tests);
	while (!ret && (block = result_spool_read(tests, &len)))
		ret = render_write(out, block, len, err);
	if (!ret && header->signature)
		ret = render_write(out, header->signature, strlen(header->signature), err);
	strbuf_release(&sb);
	return ret;
}

static int render_junit(FILE *out, git_repository *repo, const struct record_list *records,
			struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	junit_write_list(&sb, records);
	ret = render_write(out, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}
