#include "lib/hex.h"

#include <string.h>

int hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_byte(const char *s)
{
	int high = hex_digit_value((unsigned char)s[0]), low;

	if (high < 0 || (low = hex_digit_value((unsigned char)s[1])) < 0)
		return -1;
	return high << 4 | low;
}

int hex_is_lower(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int hex_is_any_case(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (hex_digit_value((unsigned char)s[i]) < 0)
			return 0;
	return 1;
}

int hex_is_oid(const char *s)
{
	return strnlen(s, GIT_OID_HEXSZ + 1) == GIT_OID_HEXSZ && hex_is_lower(s, GIT_OID_HEXSZ);
}

int hex_parse_oid(git_oid *out, const char *s)
{
	if (!hex_is_oid(s))
		return -1;
	return git_oid_fromstrn(out, s, GIT_OID_HEXSZ) < 0 ? -1 : 0;
}

void hex_encode(char *out, const unsigned char *bytes, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		*out++ = digits[bytes[i] >> 4];
		*out++ = digits[bytes[i] & 15];
	}
	*out = '\0';
}
