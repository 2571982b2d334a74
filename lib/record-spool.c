#include "lib/record-spool.h"
#include "lib/unlinked-file.h"
#include "lib/usage.h"

#include <string.h>
#include <unistd.h>

void record_spool_add(struct record_spool *s, const struct record *r, struct spooled_record *out)
{
	strbuf_reset(&s->text);
	record_write(&s->text, r);
	out->offset = s->len;
	out->len = s->text.len;
	s->len += s->text.len;
	if (s->fd < 0 && s->memory.len + s->text.len <= RECORD_SPOOL_MEMORY) {
		strbuf_addbuf(&s->memory, &s->text);
		return;
	}
	if (s->fd < 0) {
		s->fd = unlinked_file_open("git-results-records");
		unlinked_file_write_at(s->fd, s->memory.buf, s->memory.len, 0);
		strbuf_release(&s->memory);
	}
	unlinked_file_write_at(s->fd, s->text.buf, s->text.len, out->offset);
}

void record_spool_read(struct record_spool *s, const struct spooled_record *at,
		       struct record_list *list)
{
	struct strbuf err = STRBUF_INIT;
	size_t nr = list->nr;
	const char *text;

	if (at->offset + at->len > s->len)
		BUG("record_spool_read() of a record never spooled");
	if (s->fd < 0)
		text = s->memory.buf + at->offset;
	else {
		strbuf_reset(&s->text);
		strbuf_grow(&s->text, at->len);
		unlinked_file_read_at(s->fd, s->text.buf, at->len, at->offset);
		strbuf_setlen(&s->text, at->len);
		text = s->text.buf;
	}
	if (record_list_parse(list, text, at->len, &err) || list->nr != nr + 1)
		die("a record read back from its temporary file is not one record: %s",
		    err.len ? err.buf : "more than one");
	strbuf_release(&err);
}

void record_spool_release(struct record_spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	strbuf_release(&s->memory);
	strbuf_release(&s->text);
	s->fd = -1;
	s->len = 0;
}
