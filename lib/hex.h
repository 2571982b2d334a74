#ifndef HEX_H
#define HEX_H

#include <git2.h>

#include <stddef.h>

/*
 * Hexadecimal as git writes object ids: the one check of a hex id in git
 * results.  Every function reads bytes, whatever the locale.
 */

/*
 * Writes the `n` bytes at `bytes` as 2 * `n` lower-case hex digits and a
 * NUL at `out`, as git writes object ids.
 */
void hex_encode(char *out, const unsigned char *bytes, size_t n);

/* The value of the hex digit `c` in either case, or -1 when it is not one. */
int hex_digit_value(int c);

/*
 * The byte two hex digits in either case write ("%2F", "=3D", "#ff8800"),
 * from `s[0]` and `s[1]`; -1 when either is not a hex digit.  `s[1]` is
 * not read when `s[0]` is not one, so a string's NUL ends it safely.
 */
int hex_byte(const char *s);

/*
 * Whether `s[0..len)` are all lower-case hex digits ([0-9a-f]), as git
 * writes object ids, fanout directory names and the KCIDB schema's
 * hashes.  An empty span is hex.
 */
int hex_is_lower(const char *s, size_t len);

/* Whether `s[0..len)` are all hex digits in either case ([0-9a-fA-F]). */
int hex_is_any_case(const char *s, size_t len);

/*
 * Whether `s` is a full object id as a record, a note path and KCIDB
 * write it: exactly 40 lower-case hex digits, then the string's end.
 */
int hex_is_oid(const char *s);

/*
 * Parses a full object id, as hex_is_oid() accepts it, into `out`.
 * Returns 0, or -1 leaving `out` untouched.
 */
int hex_parse_oid(git_oid *out, const char *s);

#endif
