#include "lib/odb/commit-graph.h"
#include "lib/byteorder.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define GRAPH_SIGNATURE 0x43475048	/* "CGPH" */
#define CHUNK_OIDF 0x4f494446
#define CHUNK_OIDL 0x4f49444c
#define CHUNK_CDAT 0x43444154
#define CHUNK_EDGE 0x45444745
#define HASH_LEN 20
#define CDAT_LEN (HASH_LEN + 16)
#define PARENT_NONE 0x70000000u
#define EXTRA_EDGES 0x80000000u
#define LAST_EDGE 0x80000000u
#define MAX_LAYERS 64

struct graph_layer {
	unsigned char *map;
	size_t size;
	uint32_t nr;		/* commits in this layer */
	uint32_t base;		/* commits in the layers below */
	const unsigned char *fanout, *oids, *data, *edges;
	size_t edges_nr;
};

struct commit_graph {
	struct graph_layer layer[MAX_LAYERS];
	size_t nr;
	uint32_t total;
};

/* Maps and checks one graph file; 0 on success, -1 to ignore the graph. */
static int layer_load(struct graph_layer *l, const char *path)
{
	struct stat st;
	const unsigned char *p;
	uint32_t chunks, i;
	size_t oidf_len = 0, oidl_len = 0, cdat_len = 0, edge_len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size < 8 + 12 + HASH_LEN) {
		close(fd);
		return -1;
	}
	l->size = (size_t)st.st_size;
	l->map = mmap(NULL, l->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (l->map == MAP_FAILED) {
		l->map = NULL;
		return -1;
	}
	p = l->map;
	if (get_be32(p) != GRAPH_SIGNATURE || p[4] != 1 || p[5] != 1)
		return -1;
	chunks = p[6];
	if (8 + (size_t)(chunks + 1) * 12 > l->size)
		return -1;
	for (i = 0; i < chunks; i++) {
		const unsigned char *entry = p + 8 + (size_t)i * 12;
		uint32_t id = get_be32(entry);
		uint64_t start = get_be64(entry + 4), end = get_be64(entry + 16);

		if (start > end || end > l->size - HASH_LEN)
			return -1;
		switch (id) {
		case CHUNK_OIDF: l->fanout = p + start; oidf_len = end - start; break;
		case CHUNK_OIDL: l->oids = p + start; oidl_len = end - start; break;
		case CHUNK_CDAT: l->data = p + start; cdat_len = end - start; break;
		case CHUNK_EDGE: l->edges = p + start; edge_len = end - start; break;
		}
	}
	if (!l->fanout || oidf_len != 256 * 4 || !l->oids || !l->data)
		return -1;
	l->nr = get_be32(l->fanout + 255 * 4);
	if (oidl_len != (size_t)l->nr * HASH_LEN || cdat_len != (size_t)l->nr * CDAT_LEN)
		return -1;
	l->edges_nr = edge_len / 4;
	return 0;
}

static void layer_release(struct graph_layer *l)
{
	if (l->map)
		munmap(l->map, l->size);
}

static const char *objects_dir(git_repository *repo, struct strbuf *buf)
{
	const char *env = getenv("GIT_OBJECT_DIRECTORY");

	if (env && *env)
		strbuf_addstr(buf, env);
	else
		strbuf_addf(buf, "%sobjects", git_repository_commondir(repo));
	return buf->buf;
}

/* Loads the split chain's layers, base first. */
static int chain_load(struct commit_graph *g, const char *objects)
{
	struct strbuf path = STRBUF_INIT, chain = STRBUF_INIT;
	char *line, *save = NULL;
	int ret = -1;

	strbuf_addf(&path, "%s/info/commit-graphs/commit-graph-chain", objects);
	if (strbuf_read_file(&chain, path.buf) <= 0)
		goto out;
	for (line = strtok_r(chain.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct graph_layer *l;

		if (g->nr == MAX_LAYERS || strlen(line) != 2 * HASH_LEN)
			goto out;
		l = &g->layer[g->nr++];
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/info/commit-graphs/graph-%s.graph", objects, line);
		if (layer_load(l, path.buf) < 0 || l->nr > UINT32_MAX - 1 - g->total)
			goto out;
		l->base = g->total;
		g->total += l->nr;
	}
	ret = g->nr ? 0 : -1;
out:
	strbuf_release(&path);
	strbuf_release(&chain);
	return ret;
}

struct commit_graph *commit_graph_open(git_repository *repo)
{
	struct commit_graph *g = xcalloc(1, sizeof(*g));
	struct strbuf objects = STRBUF_INIT, path = STRBUF_INIT;
	int ok;

	/* Like git: grafts and shallow clones change parents; read commits then. */
	strbuf_addf(&path, "%sshallow", git_repository_commondir(repo));
	if (!access(path.buf, F_OK))
		goto fail;
	objects_dir(repo, &objects);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/info/grafts", objects.buf);
	if (!access(path.buf, F_OK))
		goto fail;
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/info/commit-graph", objects.buf);
	if (!access(path.buf, F_OK)) {
		g->nr = 1;
		ok = layer_load(&g->layer[0], path.buf) == 0;
		g->total = g->layer[0].nr;
	} else {
		ok = chain_load(g, objects.buf) == 0;
	}
	if (!ok)
		goto fail;
	strbuf_release(&objects);
	strbuf_release(&path);
	return g;
fail:
	strbuf_release(&objects);
	strbuf_release(&path);
	commit_graph_free(g);
	return NULL;
}

void commit_graph_free(struct commit_graph *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nr; i++)
		layer_release(&g->layer[i]);
	free(g);
}

static const struct graph_layer *layer_of(const struct commit_graph *g, uint32_t pos)
{
	size_t i = g->nr;

	while (i-- > 0)
		if (pos >= g->layer[i].base)
			return &g->layer[i];
	BUG("commit-graph position %u out of range", pos);
}

uint32_t commit_graph_find(const struct commit_graph *g, const git_oid *oid)
{
	size_t i;

	for (i = 0; i < g->nr; i++) {
		const struct graph_layer *l = &g->layer[i];
		uint32_t lo = oid->id[0] ? get_be32(l->fanout + (oid->id[0] - 1) * 4) : 0;
		uint32_t hi = get_be32(l->fanout + oid->id[0] * 4);

		if (hi > l->nr || lo > hi)
			continue;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			int cmp = memcmp(l->oids + (size_t)mid * HASH_LEN, oid->id, HASH_LEN);

			if (!cmp)
				return l->base + mid;
			if (cmp < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return COMMIT_GRAPH_NO_POS;
}

void commit_graph_oid(const struct commit_graph *g, uint32_t pos, git_oid *out)
{
	const struct graph_layer *l = layer_of(g, pos);

	git_oid_fromraw(out, l->oids + (size_t)(pos - l->base) * HASH_LEN);
}

void commit_graph_tree(const struct commit_graph *g, uint32_t pos, git_oid *out)
{
	const struct graph_layer *l = layer_of(g, pos);

	git_oid_fromraw(out, l->data + (size_t)(pos - l->base) * CDAT_LEN);
}

int64_t commit_graph_date(const struct commit_graph *g, uint32_t pos)
{
	const struct graph_layer *l = layer_of(g, pos);
	const unsigned char *d = l->data + (size_t)(pos - l->base) * CDAT_LEN + HASH_LEN + 8;

	return (int64_t)((uint64_t)(get_be32(d) & 0x3) << 32 | get_be32(d + 4));
}

int commit_graph_for_each_parent(const struct commit_graph *g, uint32_t pos,
				 void (*fn)(uint32_t parent, void *data), void *data)
{
	const struct graph_layer *l = layer_of(g, pos);
	const unsigned char *d = l->data + (size_t)(pos - l->base) * CDAT_LEN + HASH_LEN;
	uint32_t p1 = get_be32(d), p2 = get_be32(d + 4), edge;

	if (p1 == PARENT_NONE)
		return 0;
	if (p1 >= g->total)
		return -1;
	fn(p1, data);
	if (p2 == PARENT_NONE)
		return 0;
	if (!(p2 & EXTRA_EDGES)) {
		if (p2 >= g->total)
			return -1;
		fn(p2, data);
		return 0;
	}
	/* An octopus: the second and later parents are in the EDGE chunk. */
	for (edge = p2 & ~EXTRA_EDGES; ; edge++) {
		uint32_t e;

		if (!l->edges || edge >= l->edges_nr)
			return -1;
		e = get_be32(l->edges + (size_t)edge * 4);
		if ((e & ~LAST_EDGE) >= g->total)
			return -1;
		fn(e & ~LAST_EDGE, data);
		if (e & LAST_EDGE)
			return 0;
	}
}
