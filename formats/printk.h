#ifndef FORMATS_PRINTK_H
#define FORMATS_PRINTK_H

#include <stdint.h>
#include <string.h>

/*
 * The end of a printk timestamp at p ("[   12.345678]": '[', blanks,
 * digits, '.', digits, ']'): the byte after its ']', or NULL when there
 * is none.  Read for most lines of a console log, by the KTAP reader and
 * the crash detector, so the kernel's usual "[%5lu.%06lu]" is checked
 * first, in one go.
 */
/* Whether the 8 bytes at p are digits, once `flip` is xored in and `set` or'ed in. */
static inline int printk_digits(const char *p, const unsigned char flip[8], const unsigned char set[8])
{
	const uint64_t high = 0xf0f0f0f0f0f0f0f0ull, zeros = 0x3030303030303030ull;
	const uint64_t sixes = 0x0606060606060606ull;
	uint64_t v, x, o;

	memcpy(&v, p, 8);
	memcpy(&x, flip, 8);
	memcpy(&o, set, 8);
	v = (v ^ x) | o;
	/* a byte is a digit when its high nibble is 3 and adding 6 keeps it */
	return (v & high) == zeros && ((v + sixes) & high) == zeros;
}

static inline const char *printk_time_end(const char *p, const char *end)
{
	const char *q;

	if (p >= end || *p != '[')
		return NULL;
	if (end - p >= 14 && p[6] == '.' && p[13] == ']' && p[5] != ' ') {
		/* '.' xor 0x1e is '0', and ' ' or 0x10 too: they pass as digits */
		static const unsigned char none[8], dot1[8] = { 0, 0x1e }, dot5[8] = { [5] = 0x1e };
		static const unsigned char blanks[5][8] = {
			{ 0 }, { 0x10 }, { 0x10, 0x10 }, { 0x10, 0x10, 0x10 }, { 0x10, 0x10, 0x10, 0x10 },
		};
		int n = 0;

		while (n < 4 && p[1 + n] == ' ')
			n++;
		if (printk_digits(p + 1, dot5, blanks[n]) && printk_digits(p + 5, dot1, none))
			return p + 14;
	}
	q = p + 1;
	while (q < end && *q == ' ')
		q++;
	if (q >= end || (unsigned char)(*q - '0') > 9)
		return NULL;
	while (q < end && (unsigned char)(*q - '0') <= 9)
		q++;
	if (q >= end || *q != '.')
		return NULL;
	q++;
	while (q < end && (unsigned char)(*q - '0') <= 9)
		q++;
	if (q >= end || *q != ']')
		return NULL;
	return q + 1;
}

#endif
