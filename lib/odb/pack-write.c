#include "lib/odb/pack-write.h"
#include "lib/repo.h"
#include "lib/hex.h"
#include "lib/sha1.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define SMALL_OBJECT 16384

static void pack_path(struct strbuf *sb, git_repository *repo, const char *name)
{
	strbuf_addf(sb, "%sobjects/pack/%s", git_repository_commondir(repo), name);
}

static void put(struct pack_writer *pw, const void *data, size_t len)
{
	if (fwrite(data, 1, len, pw->out) != len)
		die_errno("cannot write pack '%s'", pw->tmp_path);
	pw->offset += len;
}

void pack_writer_init(struct pack_writer *pw, git_repository *repo)
{
	struct strbuf path = STRBUF_INIT;
	unsigned char header[12] = { 'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, 0 };
	int fd;

	memset(pw, 0, sizeof(*pw));
	pw->repo = repo;
	pack_path(&path, repo, "tmp_pack_XXXXXX");
	fd = mkstemp(path.buf);
	if (fd < 0)
		die_errno("cannot create temporary pack '%s'", path.buf);
	pw->tmp_path = strbuf_detach(&path, NULL);
	pw->out = fdopen(fd, "w+b");
	if (!pw->out)
		die_errno("cannot open '%s'", pw->tmp_path);
	pw->sha = xmalloc(sizeof(*pw->sha));
	/* The object count is patched in at the end. */
	put(pw, header, sizeof(header));
}

static int seen(struct pack_writer *pw, const git_oid *oid)
{
	size_t slot, i;

	if (pw->nr * 2 >= pw->index_size) {
		free(pw->index);
		pw->index_size = pw->index_size ? pw->index_size * 2 : 1024;
		pw->index = xcalloc(pw->index_size, sizeof(*pw->index));
		for (i = 0; i < pw->nr; i++) {
			slot = oid_hash(&pw->entries[i].oid) & (pw->index_size - 1);
			while (pw->index[slot])
				slot = (slot + 1) & (pw->index_size - 1);
			pw->index[slot] = (uint32_t)(i + 1);
		}
	}
	slot = oid_hash(oid) & (pw->index_size - 1);
	while (pw->index[slot]) {
		if (!git_oid_cmp(&pw->entries[pw->index[slot] - 1].oid, oid))
			return 1;
		slot = (slot + 1) & (pw->index_size - 1);
	}
	pw->index[slot] = (uint32_t)(pw->nr + 1);
	return 0;
}

void pack_writer_add(struct pack_writer *pw, git_object_t type, const void *data,
		     size_t len, git_oid *out)
{
	unsigned char header[16];
	size_t n = 0, size = len;
	struct pack_entry *e;
	z_stream large, *z;
	uLong bound;
	int level;

	check(git_odb_hash(out, data, len, type), "cannot hash object");
	if (seen(pw, out))
		return;
	ALLOC_GROW(pw->entries, pw->nr + 1, pw->alloc);
	e = &pw->entries[pw->nr++];
	git_oid_cpy(&e->oid, out);
	e->offset = pw->offset;

	header[n] = (unsigned char)((type << 4) | (size & 0x0f));
	size >>= 4;
	while (size) {
		header[n++] |= 0x80;
		header[n] = size & 0x7f;
		size >>= 7;
	}
	n++;

	/*
	 * Notes and notes trees are small: setting up and tearing down a
	 * deflate stream for each costs more than compressing it, so small
	 * objects share a stream, reset between them.  Trees are stored
	 * without compression: they are mostly object ids, which do not
	 * compress (level 1 saves some 15% of a notes tree at 25 times the
	 * cost of storing it), and git gc recompresses them when it repacks.
	 */
	level = type == GIT_OBJECT_TREE ? Z_NO_COMPRESSION : Z_BEST_SPEED;
	if (len <= SMALL_OBJECT) {
		void **slot = &pw->small_z[level == Z_NO_COMPRESSION];

		if (!*slot) {
			*slot = xcalloc(1, sizeof(z_stream));
			if (deflateInit(*slot, level) != Z_OK)
				die("cannot initialise zlib");
		} else if (deflateReset(*slot) != Z_OK) {
			die("cannot reset zlib");
		}
		z = *slot;
	} else {
		z = &large;
		memset(z, 0, sizeof(*z));
		if (deflateInit(z, level) != Z_OK)
			die("cannot initialise zlib");
	}
	bound = deflateBound(z, (uLong)len);
	if (bound > pw->zalloc) {
		pw->zalloc = bound;
		pw->zbuf = xrealloc(pw->zbuf, pw->zalloc);
	}
	z->next_in = (Bytef *)data;
	z->avail_in = (uInt)len;
	z->next_out = pw->zbuf;
	z->avail_out = (uInt)bound;
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		die("cannot compress object");
	e->crc = (uint32_t)crc32(crc32(0, header, (uInt)n), pw->zbuf, (uInt)z->total_out);
	put(pw, header, n);
	put(pw, pw->zbuf, z->total_out);
	if (z == &large)
		deflateEnd(z);
}

static int cmp_entry(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct pack_entry *)a)->oid,
			   &((const struct pack_entry *)b)->oid);
}

static void put_be32(FILE *f, struct sha1_ctx *sha, uint32_t v, const char *path)
{
	uint32_t be = htonl(v);

	if (fwrite(&be, 4, 1, f) != 1)
		die_errno("cannot write '%s'", path);
	sha1_update(sha, &be, 4);
}

static void write_index(struct pack_writer *pw, const unsigned char pack_sha[20],
			const char *path)
{
	struct sha1_ctx sha;
	uint32_t fanout[256] = { 0 };
	unsigned char idx_sha[20];
	static const unsigned char magic[8] = { 0xff, 't', 'O', 'c', 0, 0, 0, 2 };
	FILE *f = fopen(path, "wb");
	size_t i;

	if (!f)
		die_errno("cannot create '%s'", path);
	sha1_init(&sha);
	if (fwrite(magic, 1, 8, f) != 8)
		die_errno("cannot write '%s'", path);
	sha1_update(&sha, magic, 8);
	for (i = 0; i < pw->nr; i++)
		fanout[pw->entries[i].oid.id[0]]++;
	for (i = 1; i < 256; i++)
		fanout[i] += fanout[i - 1];
	for (i = 0; i < 256; i++)
		put_be32(f, &sha, fanout[i], path);
	for (i = 0; i < pw->nr; i++) {
		if (fwrite(pw->entries[i].oid.id, 1, GIT_OID_RAWSZ, f) != GIT_OID_RAWSZ)
			die_errno("cannot write '%s'", path);
		sha1_update(&sha, pw->entries[i].oid.id, GIT_OID_RAWSZ);
	}
	for (i = 0; i < pw->nr; i++)
		put_be32(f, &sha, pw->entries[i].crc, path);
	for (i = 0; i < pw->nr; i++) {
		if (pw->entries[i].offset >= 0x80000000u)
			die("pack too large for a version 2 index without large offsets");
		put_be32(f, &sha, (uint32_t)pw->entries[i].offset, path);
	}
	if (fwrite(pack_sha, 1, 20, f) != 20)
		die_errno("cannot write '%s'", path);
	sha1_update(&sha, pack_sha, 20);
	sha1_final(&sha, idx_sha);
	if (fwrite(idx_sha, 1, 20, f) != 20 || fflush(f) || fsync(fileno(f)) || fclose(f))
		die_errno("cannot write '%s'", path);
}

void pack_writer_finish(struct pack_writer *pw)
{
	struct strbuf pack = STRBUF_INIT, idx = STRBUF_INIT, tmp_idx = STRBUF_INIT;
	unsigned char count[4], pack_sha[20];
	char hex[41];
	git_odb *odb;

	if (!pw->nr) {
		pack_writer_release(pw);
		return;
	}
	/*
	 * Patch the object count into the header, then checksum the whole
	 * file, reading it back from the page cache.
	 */
	*(uint32_t *)count = htonl((uint32_t)pw->nr);
	if (fflush(pw->out) || fseek(pw->out, 8, SEEK_SET) || fwrite(count, 1, 4, pw->out) != 4 ||
	    fflush(pw->out) || fseek(pw->out, 0, SEEK_SET))
		die_errno("cannot write pack '%s'", pw->tmp_path);
	{
		unsigned char buf[65536];
		size_t got;

		sha1_init(pw->sha);
		while ((got = fread(buf, 1, sizeof(buf), pw->out)) > 0)
			sha1_update(pw->sha, buf, got);
		if (ferror(pw->out))
			die_errno("cannot read back pack '%s'", pw->tmp_path);
	}
	sha1_final(pw->sha, pack_sha);
	if (fseek(pw->out, 0, SEEK_END) || fwrite(pack_sha, 1, 20, pw->out) != 20 ||
	    fflush(pw->out) || fsync(fileno(pw->out)) || fclose(pw->out))
		die_errno("cannot write pack '%s'", pw->tmp_path);
	pw->out = NULL;

	qsort(pw->entries, pw->nr, sizeof(*pw->entries), cmp_entry);
	hex_encode(hex, pack_sha, 20);
	strbuf_addf(&tmp_idx, "%s.idx", pw->tmp_path);
	strbuf_addf(&pack, "pack-%s.pack", hex);
	strbuf_addf(&idx, "pack-%s.idx", hex);
	{
		struct strbuf p = STRBUF_INIT, x = STRBUF_INIT;

		pack_path(&p, pw->repo, pack.buf);
		pack_path(&x, pw->repo, idx.buf);
		write_index(pw, pack_sha, tmp_idx.buf);
		/* The .pack first: readers look for the .idx. */
		if (rename(pw->tmp_path, p.buf) || rename(tmp_idx.buf, x.buf)) {
			int saved = errno;

			unlink(tmp_idx.buf);
			unlink(pw->tmp_path);
			errno = saved;
			die_errno("cannot install pack '%s'", p.buf);
		}
		strbuf_release(&p);
		strbuf_release(&x);
	}
	check(git_repository_odb(&odb, pw->repo), "cannot open object database");
	check(git_odb_refresh(odb), "cannot re-read object database");
	git_odb_free(odb);
	strbuf_release(&pack);
	strbuf_release(&idx);
	strbuf_release(&tmp_idx);
	free(pw->tmp_path);
	pw->tmp_path = NULL;
	pack_writer_release(pw);
}

void pack_writer_release(struct pack_writer *pw)
{
	size_t i;

	if (pw->out) {
		fclose(pw->out);
		pw->out = NULL;
	}
	if (pw->tmp_path) {
		unlink(pw->tmp_path);
		free(pw->tmp_path);
		pw->tmp_path = NULL;
	}
	free(pw->sha);
	free(pw->entries);
	free(pw->index);
	free(pw->zbuf);
	for (i = 0; i < ARRAY_SIZE(pw->small_z); i++) {
		if (pw->small_z[i])
			deflateEnd(pw->small_z[i]);
		free(pw->small_z[i]);
		pw->small_z[i] = NULL;
	}
	pw->sha = NULL;
	pw->entries = NULL;
	pw->index = NULL;
	pw->zbuf = NULL;
	pw->nr = pw->alloc = pw->index_size = pw->zalloc = 0;
}
