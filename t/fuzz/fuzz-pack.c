/*
 * libFuzzer target for the pack reader (lib/odb/pack-read.c): a pack
 * whose entries are the fuzzer's bytes, behind a well-formed index, so
 * that entry headers, zlib streams, offset and ref deltas and the base
 * cache all see hostile input.  The reader must decline what it cannot
 * read (-1) and never read out of bounds, loop or crash.
 *
 * Input: one byte for the number of objects (1 to 8), four bytes per
 * object for its offset into the entries (little-endian, taken modulo
 * their length), then the entries.  Object i has the id whose first
 * byte is i and whose other bytes are zero, so a ref delta can name it.
 */
#include "t/fuzz/fuzz.h"
#include "lib/byteorder.h"
#include "lib/odb/pack-read.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/fuzz-pack.XXXXXX";
static struct strbuf objects = STRBUF_INIT;

static void remove_dir(void)
{
	struct strbuf cmd = STRBUF_INIT;

	strbuf_addf(&cmd, "rm -rf %s", dir);
	if (system(cmd.buf))
		return;
	strbuf_release(&cmd);
}

static void add_be32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4];

	put_be32(b, v);
	strbuf_add(sb, b, 4);
}

static void write_to(const char *name, const struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&path, "%s/pack/%s", objects.buf, name);
	f = fopen(path.buf, "wb");
	if (!f || fwrite(sb->buf, 1, sb->len, f) != sb->len || fclose(f))
		die_errno("cannot write '%s'", path.buf);
	strbuf_release(&path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char zero[20];
	struct strbuf pack = STRBUF_INIT, idx = STRBUF_INIT, out = STRBUF_INIT;
	struct packed_objects *p;
	struct pack_cursor cursor;
	const uint8_t *body;
	size_t nr, body_len, i;

	if (!objects.len) {
		if (!mkdtemp(dir))
			die_errno("mkdtemp");
		atexit(remove_dir);
		strbuf_addf(&objects, "%s/objects", dir);
		strbuf_addf(&idx, "%s/pack", objects.buf);
		if (mkdir(objects.buf, 0700) || mkdir(idx.buf, 0700))
			die_errno("cannot make %s", idx.buf);
		strbuf_release(&idx);
	}
	if (size < 1 + 4 * 8)
		return 0;
	nr = data[0] % 8 + 1;
	body = data + 1 + 4 * nr;
	body_len = size - 1 - 4 * nr;

	strbuf_add(&pack, "PACK", 4);
	add_be32(&pack, 2);
	add_be32(&pack, (uint32_t)nr);
	strbuf_add(&pack, body, body_len);
	strbuf_add(&pack, zero, 20);

	strbuf_add(&idx, "\377tOc", 4);
	add_be32(&idx, 2);
	for (i = 0; i < 256; i++)
		add_be32(&idx, (uint32_t)(i + 1 < nr ? i + 1 : nr));
	for (i = 0; i < nr; i++) {
		unsigned char id[20] = { (unsigned char)i };

		strbuf_add(&idx, id, 20);
	}
	for (i = 0; i < nr; i++)
		add_be32(&idx, 0);	/* CRCs, which the reader does not check */
	for (i = 0; i < nr; i++) {
		const uint8_t *o = data + 1 + 4 * i;
		uint32_t v = (uint32_t)o[0] | (uint32_t)o[1] << 8 | (uint32_t)o[2] << 16 |
			(uint32_t)o[3] << 24;

		add_be32(&idx, (uint32_t)(12 + (body_len ? v % body_len : 0)));
	}
	strbuf_add(&idx, zero, 20);	/* the pack's checksum, as its trailer */
	strbuf_add(&idx, zero, 20);
	write_to("pack-fuzz.pack", &pack);
	write_to("pack-fuzz.idx", &idx);

	p = packed_objects_open(objects.buf);
	pack_cursor_init(&cursor);
	for (i = 0; i < nr + 1; i++) {
		git_oid oid;
		git_object_t type;
		int ret;

		memset(&oid, 0, sizeof(oid));
		oid.id[0] = (unsigned char)i;
		ret = packed_object_read(p, &cursor, &oid, &type, &out);
		if (ret < -1 || ret > 1)
			BUG("packed_object_read() returned %d", ret);
		if (!ret && type != GIT_OBJECT_COMMIT && type != GIT_OBJECT_TREE &&
		    type != GIT_OBJECT_BLOB && type != GIT_OBJECT_TAG)
			BUG("an object of type %d was read", (int)type);
		if (i == nr && ret != 1)
			BUG("an object the index does not list was found");
	}
	pack_cursor_release(&cursor);
	packed_objects_free(p);
	strbuf_release(&pack);
	strbuf_release(&idx);
	strbuf_release(&out);
	return 0;
}
