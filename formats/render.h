#ifndef FORMATS_RENDER_H
#define FORMATS_RENDER_H

#include "lib/record.h"
#include "lib/result-spool.h"

#include <git2.h>
#include <stdio.h>

/*
 * Output formats for `git results parse --to` and `git results show --to`:
 * one `struct renderer` per format in the table in formats/render.c.
 * Adding one is one line there.
 */
struct renderer {
	const char *name;
	const char *description;
	/*
	 * Writes `records` (normalised, as a note holds them) to `out` as one
	 * document.  `repo` is the repository the records come from, NULL
	 * when there is none (parse outside one); renderers that need its
	 * configuration (kcidb) say so in `err`.  Returns 0, or -1 with a message in `err`.  NULL only for
	 * json, whose show output (an array with "attached_to") show writes
	 * itself.
	 */
	int (*render)(FILE *out, git_repository *repo, const struct record_list *records,
		      struct strbuf *err);
	/*
	 * Optional: writes one record as soon as parse has read it, its tests
	 * read from `tests` in canonical order, so that a record of millions
	 * of tests is never held whole.  `header` is normalised, with the
	 * tests' status and counts but no tests of its own; `nth` is the
	 * number of records written before.  Renderers without it get all of
	 * parse's records at once, through render().
	 */
	int (*stream)(FILE *out, const struct record *header, struct result_spool *tests,
		      size_t nth, struct strbuf *err);
};

/* The renderer called `name` (case-insensitive); NULL when unknown. */
const struct renderer *renderer_find(const char *name);

/* Appends the renderers' names, comma-separated, for messages. */
void renderer_list_names(struct strbuf *out);

/*
 * The canonical record text of git-results-record(5), records separated
 * by a blank line as in a note: the default of parse.
 */
int render_record(FILE *out, git_repository *repo, const struct record_list *records,
		  struct strbuf *err);
int render_record_stream(FILE *out, const struct record *header, struct result_spool *tests,
			 size_t nth, struct strbuf *err);

/*
 * The JSON object of formats/json.h, one per record, tests streamed; each
 * object is followed by a newline.
 */
int render_json_stream(FILE *out, const struct record *header, struct result_spool *tests,
		       size_t nth, struct strbuf *err);

/*
 * Writes `len` bytes of `buf` to `out` for a renderer.  Returns 0, or -1
 * with a message in `err`.
 */
int render_write(FILE *out, const char *buf, size_t len, struct strbuf *err);

#endif
