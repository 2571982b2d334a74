#ifndef BYTEORDER_H
#define BYTEORDER_H

#include <stdint.h>

/*
 * The big-endian integers of git's on-disk files (pack indexes, packs,
 * commit-graph files), read and written a byte at a time so that neither
 * alignment nor the host's byte order matters.
 */
static inline uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t get_be64(const unsigned char *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static inline void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

#endif
