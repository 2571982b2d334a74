/*
 * Unit tests for lib/hex: the one check of hex object ids, and the
 * two-digit decoding that percent, quoted-printable and colour
 * escapes share.
 */
#include "t/unit/unit.h"
#include "lib/hex.h"

#define OID "0123456789abcdef0123456789abcdef01234567"

static void test_digits(void)
{
	const char *digits = "0123456789abcdefABCDEF";
	int i, bad = 0;

	for (i = 0; digits[i]; i++)
		bad += hex_digit_value(digits[i]) != (i < 16 ? i : i - 6);
	CHECK_INT(bad, 0);
	CHECK_INT(hex_digit_value('g'), -1);
	CHECK_INT(hex_digit_value('G'), -1);
	CHECK_INT(hex_digit_value('/'), -1);
	CHECK_INT(hex_digit_value(':'), -1);
	CHECK_INT(hex_digit_value('@'), -1);
	CHECK_INT(hex_digit_value('`'), -1);
	CHECK_INT(hex_digit_value(0), -1);
	CHECK_INT(hex_digit_value(0xe9), -1);

	CHECK_INT(hex_byte("00"), 0);
	CHECK_INT(hex_byte("ff"), 255);
	CHECK_INT(hex_byte("Ff"), 255);
	CHECK_INT(hex_byte("2F"), 0x2f);
	CHECK_INT(hex_byte("3dx"), 0x3d);
	CHECK_INT(hex_byte("g0"), -1);
	CHECK_INT(hex_byte("0g"), -1);
	CHECK_INT(hex_byte("0"), -1);	/* the NUL is not a digit */
	CHECK_INT(hex_byte(""), -1);	/* and s[1] is not read */
}

static void test_spans(void)
{
	CHECK(hex_is_lower("", 0));
	CHECK(hex_is_lower("0123456789abcdef", 16));
	CHECK(!hex_is_lower("0123456789abcdeF", 16));
	CHECK(!hex_is_lower("ag", 2));
	CHECK(hex_is_lower("abXX", 2));	/* the span, not the string */
	CHECK(!hex_is_lower("a\0", 2));

	CHECK(hex_is_any_case("", 0));
	CHECK(hex_is_any_case("0123456789abcdefABCDEF", 22));
	CHECK(!hex_is_any_case("ABCDEFG", 7));
	CHECK(!hex_is_any_case(" 1", 2));
}

static void test_oids(void)
{
	git_oid oid, untouched;
	char back[GIT_OID_HEXSZ + 1];

	CHECK(hex_is_oid(OID));
	CHECK(!hex_is_oid(OID "8"));
	CHECK(!hex_is_oid("0123456789abcdef0123456789abcdef0123456"));
	CHECK(!hex_is_oid("0123456789ABCDEF0123456789abcdef01234567"));
	CHECK(!hex_is_oid("0123456789abcdef0123456789abcdef0123456g"));
	CHECK(!hex_is_oid(OID " "));
	CHECK(!hex_is_oid(""));

	CHECK_INT(hex_parse_oid(&oid, OID), 0);
	git_oid_tostr(back, sizeof(back), &oid);
	CHECK_STR(back, OID);
	memset(&untouched, 0x5a, sizeof(untouched));
	oid = untouched;
	CHECK_INT(hex_parse_oid(&oid, OID "0"), -1);
	CHECK_INT(hex_parse_oid(&oid, "0123456789ABCDEF0123456789abcdef01234567"), -1);
	CHECK_INT(hex_parse_oid(&oid, "abc"), -1);
	CHECK(!memcmp(&oid, &untouched, sizeof(oid)));
}

int main(void)
{
	test_digits();
	test_spans();
	test_oids();
	return unit_done();
}
