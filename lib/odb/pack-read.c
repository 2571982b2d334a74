#include "lib/odb/pack-read.h"
#include "lib/byteorder.h"
#include "lib/huge-pages.h"
#include "lib/usage.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define OID_RAW 20
#define IDX_HEADER 8		/* "\377tOc", version 2 */
#define IDX_FANOUT (256 * 4)
#define PACK_HEADER 12		/* "PACK", version, object count */
#define PACK_TRAILER OID_RAW
#define MAX_DELTA_CHAIN 512
#define MAX_CACHED_BASE (1u << 20)

enum {
	PACK_COMMIT = 1,
	PACK_TREE = 2,
	PACK_BLOB = 3,
	PACK_TAG = 4,
	PACK_OFS_DELTA = 6,
	PACK_REF_DELTA = 7,
};

struct pack {
	const unsigned char *idx, *data;
	size_t idx_size, data_size;
	uint32_t nr;
	const unsigned char *oids, *offsets, *large;
	size_t large_nr;
	time_t mtime;
};

struct packed_objects {
	struct pack *packs;
	size_t nr, alloc;
};

static const unsigned char *map_file(const char *path, size_t *size, time_t *mtime)
{
	struct stat st;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || st.st_size <= 0) {
		close(fd);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return NULL;
	*size = (size_t)st.st_size;
	if (mtime)
		*mtime = st.st_mtime;
	return map;
}

/* Checks an index of version 2 and finds its tables; 0 when usable. */
static int parse_idx(struct pack *p)
{
	const unsigned char *fanout = p->idx + IDX_HEADER;
	size_t tables;
	uint32_t prev = 0;
	unsigned i;

	if (p->idx_size < IDX_HEADER + IDX_FANOUT + 2 * OID_RAW ||
	    memcmp(p->idx, "\377tOc", 4) || get_be32(p->idx + 4) != 2)
		return -1;
	for (i = 0; i < 256; i++) {
		uint32_t n = get_be32(fanout + 4 * i);

		if (n < prev)
			return -1;
		prev = n;
	}
	p->nr = prev;
	/* ids, CRCs, offsets; then 8-byte offsets, the pack's and the index's checksums */
	tables = (size_t)p->nr * (OID_RAW + 4 + 4);
	if (p->idx_size - IDX_HEADER - IDX_FANOUT - 2 * OID_RAW < tables)
		return -1;
	p->oids = fanout + IDX_FANOUT;
	p->offsets = p->oids + (size_t)p->nr * (OID_RAW + 4);
	p->large = p->offsets + (size_t)p->nr * 4;
	p->large_nr = (p->idx_size - IDX_HEADER - IDX_FANOUT - 2 * OID_RAW - tables) / 8;
	return 0;
}

static void add_pack(struct packed_objects *po, const char *dir, const char *idx_name)
{
	struct strbuf path = STRBUF_INIT;
	struct pack p = { 0 };
	size_t base;

	strbuf_addf(&path, "%s/%s", dir, idx_name);
	p.idx = map_file(path.buf, &p.idx_size, NULL);
	if (!p.idx)
		goto out;
	base = path.len - strlen(".idx");
	strbuf_setlen(&path, base);
	strbuf_addstr(&path, ".pack");
	p.data = map_file(path.buf, &p.data_size, &p.mtime);
	if (parse_idx(&p) || !p.data || p.data_size < PACK_HEADER + PACK_TRAILER ||
	    memcmp(p.data, "PACK", 4) || (get_be32(p.data + 4) != 2 && get_be32(p.data + 4) != 3) ||
	    get_be32(p.data + 8) != p.nr ||
	    memcmp(p.data + p.data_size - PACK_TRAILER,
		   p.idx + p.idx_size - 2 * OID_RAW, OID_RAW))
		goto out;
	ALLOC_GROW(po->packs, po->nr + 1, po->alloc);
	po->packs[po->nr++] = p;
	p.idx = p.data = NULL;
out:
	if (p.idx)
		munmap((void *)p.idx, p.idx_size);
	if (p.data)
		munmap((void *)p.data, p.data_size);
	strbuf_release(&path);
}

/* Newest first, as git searches them: recent objects are asked for most. */
static int by_mtime(const void *a, const void *b)
{
	const struct pack *x = a, *y = b;

	return (x->mtime < y->mtime) - (x->mtime > y->mtime);
}

struct packed_objects *packed_objects_open(const char *objects_dir)
{
	struct packed_objects *po = xcalloc(1, sizeof(*po));
	struct strbuf dir = STRBUF_INIT;
	struct dirent *de;
	DIR *d;

	strbuf_addf(&dir, "%s/pack", objects_dir);
	d = opendir(dir.buf);
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 4 && !strcmp(de->d_name + len - 4, ".idx"))
			add_pack(po, dir.buf, de->d_name);
	}
	if (d)
		closedir(d);
	if (po->nr > 1)
		qsort(po->packs, po->nr, sizeof(*po->packs), by_mtime);
	strbuf_release(&dir);
	return po;
}

void packed_objects_free(struct packed_objects *po)
{
	size_t i;

	if (!po)
		return;
	for (i = 0; i < po->nr; i++) {
		munmap((void *)po->packs[i].idx, po->packs[i].idx_size);
		munmap((void *)po->packs[i].data, po->packs[i].data_size);
	}
	free(po->packs);
	free(po);
}

/* The offset of `id` in pack `p`: 0 found, 1 absent, -1 damaged index. */
static int find_offset(const struct pack *p, const unsigned char *id, uint64_t *offset)
{
	const unsigned char *fanout = p->idx + IDX_HEADER;
	uint32_t lo = id[0] ? get_be32(fanout + 4 * (id[0] - 1)) : 0;
	uint32_t hi = get_be32(fanout + 4 * id[0]);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const unsigned char *at = p->oids + (size_t)mid * OID_RAW;
		uint64_t x = get_be64(at), y = get_be64(id);
		int cmp = x != y ? (x < y ? -1 : 1) : memcmp(at + 8, id + 8, OID_RAW - 8);

		if (!cmp) {
			uint32_t off = get_be32(p->offsets + (size_t)mid * 4);

			if (off & 0x80000000u) {
				off &= 0x7fffffffu;
				if (off >= p->large_nr)
					return -1;
				*offset = get_be64(p->large + (size_t)off * 8);
			} else {
				*offset = off;
			}
			return *offset >= PACK_HEADER &&
				*offset < p->data_size - PACK_TRAILER ? 0 : -1;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 1;
}

static struct pack *find_pack(struct packed_objects *po, const unsigned char *id,
			      uint64_t *offset, int *damaged)
{
	size_t i;

	for (i = 0; i < po->nr; i++) {
		int ret = find_offset(&po->packs[i], id, offset);

		if (!ret)
			return &po->packs[i];
		if (ret < 0)
			*damaged = 1;
	}
	return NULL;
}

/* One entry's header: its type, size and where its data (or base reference) starts. */
struct entry {
	const struct pack *pack;
	uint64_t offset;
	int type;
	uint64_t size;
	uint64_t data;
};

static int parse_entry(const struct pack *p, uint64_t offset, struct entry *e)
{
	const unsigned char *s = p->data + offset, *end = p->data + p->data_size - PACK_TRAILER;
	unsigned char c;
	unsigned shift = 4;

	if (offset < PACK_HEADER || s >= end)
		return -1;
	c = *s++;
	e->pack = p;
	e->offset = offset;
	e->type = (c >> 4) & 7;
	e->size = c & 15;
	while (c & 0x80) {
		if (s >= end || shift > 57)
			return -1;
		c = *s++;
		e->size |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}
	e->data = (uint64_t)(s - p->data);
	return 0;
}

/* The entry a delta applies to, found by offset or by id. */
static int delta_base(struct packed_objects *po, struct entry *e, struct entry *base)
{
	const struct pack *p = e->pack;
	const unsigned char *s = p->data + e->data, *end = p->data + p->data_size - PACK_TRAILER;

	if (e->type == PACK_OFS_DELTA) {
		unsigned char c;
		uint64_t back;

		if (s >= end)
			return -1;
		c = *s++;
		back = c & 0x7f;
		while (c & 0x80) {
			if (s >= end || back >= (UINT64_MAX >> 8))
				return -1;
			c = *s++;
			back = ((back + 1) << 7) | (c & 0x7f);
		}
		if (back == 0 || back > e->offset)
			return -1;
		e->data = (uint64_t)(s - p->data);
		return parse_entry(p, e->offset - back, base);
	} else {
		const struct pack *bp;
		uint64_t offset;
		int damaged = 0;
		int ret;

		if (end - s < OID_RAW)
			return -1;
		e->data += OID_RAW;
		ret = find_offset(p, s, &offset);
		bp = p;
		if (ret) {
			bp = find_pack(po, s, &offset, &damaged);
			if (!bp)
				return damaged ? -1 : 1;
		}
		return parse_entry(bp, offset, base);
	}
}

/* Inflates an entry's data, which must come to exactly its size. */
static int inflate_entry(struct pack_cursor *c, const struct entry *e, struct strbuf *out)
{
	const struct pack *p = e->pack;
	size_t avail = p->data_size - PACK_TRAILER - (size_t)e->data;
	int ret;

	/* zlib never inflates a byte to more than 1032: a bigger size is damage */
	if (e->data >= p->data_size - PACK_TRAILER || e->size > (uint64_t)UINT32_MAX - 1 ||
	    e->size > (uint64_t)avail * 1032 + 64)
		return -1;
	if (!c->z_ready) {
		if (inflateInit(&c->z) != Z_OK)
			return -1;
		c->z_ready = 1;
	} else if (inflateReset(&c->z) != Z_OK) {
		return -1;
	}
	strbuf_reset(out);
	strbuf_grow(out, (size_t)e->size + 1);
	if (e->size >= 4 * HUGE_PAGE_SIZE)
		advise_huge_pages(out->buf, (size_t)e->size + 1);
	c->z.next_in = (unsigned char *)p->data + e->data;
	c->z.avail_in = avail > UINT32_MAX ? UINT32_MAX : (uInt)avail;
	c->z.next_out = (unsigned char *)out->buf;
	c->z.avail_out = (uInt)e->size + 1;	/* one more, to notice too much */
	ret = inflate(&c->z, Z_FINISH);
	if (ret != Z_STREAM_END || c->z.total_out != e->size)
		return -1;
	strbuf_setlen(out, (size_t)e->size);
	return 0;
}

static int read_varint(const unsigned char **s, const unsigned char *end, uint64_t *out)
{
	unsigned shift = 0;
	unsigned char c;

	*out = 0;
	do {
		if (*s >= end || shift > 57)
			return -1;
		c = *(*s)++;
		*out |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return 0;
}

/* Applies git's delta format: copy ranges of the base, insert literal bytes. */
static int apply_delta(const struct strbuf *base, const struct strbuf *delta, struct strbuf *out)
{
	const unsigned char *d = (const unsigned char *)delta->buf, *end = d + delta->len;
	uint64_t base_size, size;

	if (read_varint(&d, end, &base_size) || read_varint(&d, end, &size) ||
	    base_size != base->len || size > (uint64_t)UINT32_MAX ||
	    size > (uint64_t)delta->len * 0x10000)	/* no op makes more than 64 KiB */
		return -1;
	strbuf_reset(out);
	strbuf_grow(out, (size_t)size);
	while (d < end) {
		unsigned char op = *d++;

		if (op & 0x80) {
			uint64_t off = 0, n = 0;
			unsigned i;

			for (i = 0; i < 4; i++)
				if (op & (1u << i)) {
					if (d >= end)
						return -1;
					off |= (uint64_t)*d++ << (8 * i);
				}
			for (i = 0; i < 3; i++)
				if (op & (0x10u << i)) {
					if (d >= end)
						return -1;
					n |= (uint64_t)*d++ << (8 * i);
				}
			if (!n)
				n = 0x10000;
			if (off + n > base->len || out->len + n > size)
				return -1;
			strbuf_add(out, base->buf + off, (size_t)n);
		} else if (op) {
			if ((size_t)(end - d) < op || out->len + op > size)
				return -1;
			strbuf_add(out, d, op);
			d += op;
		} else {
			return -1;	/* reserved */
		}
	}
	return out->len == size ? 0 : -1;
}

static struct pack_base *base_slot(struct pack_cursor *c, const struct entry *e)
{
	uint64_t h = (e->offset ^ (uintptr_t)e->pack) * 0x9e3779b97f4a7c15ull;

	return &c->bases[h >> 58 & (PACK_BASE_CACHE_SLOTS - 1)];
}

static int cached_base(struct pack_cursor *c, const struct entry *e)
{
	struct pack_base *b = base_slot(c, e);

	return b->pack == e->pack && b->offset == e->offset;
}

static void cache_base(struct pack_cursor *c, const struct entry *e, git_object_t type,
		       const struct strbuf *data)
{
	struct pack_base *b = base_slot(c, e);

	if (data->len > MAX_CACHED_BASE)
		return;
	b->pack = e->pack;
	b->offset = e->offset;
	b->type = type;
	strbuf_reset(&b->data);
	strbuf_add(&b->data, data->buf, data->len);
}

static git_object_t object_type(int pack_type)
{
	switch (pack_type) {
	case PACK_COMMIT: return GIT_OBJECT_COMMIT;
	case PACK_TREE: return GIT_OBJECT_TREE;
	case PACK_BLOB: return GIT_OBJECT_BLOB;
	case PACK_TAG: return GIT_OBJECT_TAG;
	default: return GIT_OBJECT_INVALID;
	}
}

/*
 * Follows the chain of deltas down to a whole object or a cached base,
 * then rebuilds upwards, inflating each delta once and keeping each base
 * it used for the next read that shares the chain.
 */
static int read_entry(struct packed_objects *po, struct pack_cursor *c, const struct entry *target,
		      git_object_t *type, struct strbuf *out)
{
	struct entry chain[MAX_DELTA_CHAIN];
	size_t nr = 0, i;
	int from_cache = 0;

	chain[nr++] = *target;
	for (;;) {
		struct entry *e = &chain[nr - 1];

		if (nr > 1 && cached_base(c, e)) {
			struct pack_base *b = base_slot(c, e);

			*type = b->type;
			strbuf_reset(out);
			strbuf_add(out, b->data.buf, b->data.len);
			from_cache = 1;
			break;
		}
		if (e->type != PACK_OFS_DELTA && e->type != PACK_REF_DELTA) {
			*type = object_type(e->type);
			if (*type == GIT_OBJECT_INVALID || inflate_entry(c, e, out))
				return -1;
			break;
		}
		if (nr == MAX_DELTA_CHAIN)
			return -1;	/* deeper than git makes them: libgit2's turn */
		if (delta_base(po, e, &chain[nr]))
			return -1;
		nr++;
	}
	/* `out` holds chain[nr - 1]; apply the deltas above it in turn. */
	for (i = nr - 1; i-- > 0;) {
		struct strbuf tmp;

		if (i + 1 < nr - 1 || !from_cache)
			cache_base(c, &chain[i + 1], *type, out);
		if (inflate_entry(c, &chain[i], &c->delta) ||
		    apply_delta(out, &c->delta, &c->scratch))
			return -1;
		tmp = *out;
		*out = c->scratch;
		c->scratch = tmp;
	}
	return 0;
}

int packed_object_read(struct packed_objects *po, struct pack_cursor *c, const git_oid *oid,
		       git_object_t *type, struct strbuf *out)
{
	struct entry e;
	uint64_t offset;
	int damaged = 0;
	const struct pack *p = find_pack(po, oid->id, &offset, &damaged);

	if (!p)
		return damaged ? -1 : 1;
	if (parse_entry(p, offset, &e))
		return -1;
	return read_entry(po, c, &e, type, out);
}

void pack_cursor_init(struct pack_cursor *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	strbuf_init(&c->scratch, 0);
	strbuf_init(&c->delta, 0);
	for (i = 0; i < PACK_BASE_CACHE_SLOTS; i++)
		strbuf_init(&c->bases[i].data, 0);
}

void pack_cursor_release(struct pack_cursor *c)
{
	size_t i;

	if (c->z_ready)
		inflateEnd(&c->z);
	strbuf_release(&c->scratch);
	strbuf_release(&c->delta);
	for (i = 0; i < PACK_BASE_CACHE_SLOTS; i++)
		strbuf_release(&c->bases[i].data);
	memset(c, 0, sizeof(*c));
}
