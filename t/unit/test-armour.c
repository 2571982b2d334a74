/*
 * Unit tests for lib/sign/armour.c: the canonical armour, and that any change
 * to an armoured signature is either refused or changes the data.
 */
#include "t/unit/unit.h"
#include "lib/sign/armour.h"

#include <stdlib.h>

static int decodes_to(const char *text, size_t len, const void *data, size_t data_len)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	enum armour_type type;
	int ok = !armour_decode(&out, &type, text, len, &err) &&
		out.len == data_len && !memcmp(out.buf, data, data_len);

	strbuf_release(&out);
	strbuf_release(&err);
	return ok;
}

static int refused(const char *text)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	enum armour_type type;
	int ret = armour_decode(&out, &type, text, strlen(text), &err);
	int ok = ret == -1 && !out.len && err.len;

	strbuf_release(&out);
	strbuf_release(&err);
	return ok;
}

static void test_crc24(void)
{
	CHECK_INT(armour_crc24((const unsigned char *)"", 0), 0xb704ce);
	/* the CRC-24/OPENPGP check value */
	CHECK_INT(armour_crc24((const unsigned char *)"123456789", 9), 0x21cf02);
}

static void test_known_armour(void)
{
	struct strbuf sb = STRBUF_INIT;

	armour_encode(&sb, ARMOUR_PGP, "hello", 5);
	CHECK_STR(sb.buf, "-----BEGIN PGP SIGNATURE-----\n\naGVsbG8=\n=R/WK\n-----END PGP SIGNATURE-----\n");
	CHECK(decodes_to(sb.buf, sb.len, "hello", 5));
	strbuf_reset(&sb);
	armour_encode(&sb, ARMOUR_X509, "hi", 2);
	CHECK_STR(sb.buf, "-----BEGIN SIGNED MESSAGE-----\naGk=\n-----END SIGNED MESSAGE-----\n");
	CHECK(decodes_to(sb.buf, sb.len, "hi", 2));
	strbuf_reset(&sb);
	armour_encode(&sb, ARMOUR_SSH, "", 0);
	CHECK_STR(sb.buf, "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n");
	CHECK_INT(armour_type_of(sb.buf, sb.len), ARMOUR_SSH);
	CHECK_INT(armour_type_of("-----BEGIN PGP MESSAGE-----\n", 28), -1);
	strbuf_release(&sb);
}

static void test_round_trips(void)
{
	unsigned char data[300];
	size_t i, len;
	int t, all_ok = 1, width_ok = 1;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 131 + 7);
	for (t = ARMOUR_PGP; t <= ARMOUR_SSH; t++) {
		for (len = 0; len <= sizeof(data); len++) {
			struct strbuf sb = STRBUF_INIT;
			const char *p;

			armour_encode(&sb, (enum armour_type)t, data, len);
			if (!decodes_to(sb.buf, sb.len, data, len))
				all_ok = 0;
			for (p = sb.buf; *p; p = strchr(p, '\n') + 1)
				if (strchr(p, '\n') - p > (t == ARMOUR_SSH ? 70 : 64) &&
				    strncmp(p, "-----", 5))
					width_ok = 0;
			strbuf_release(&sb);
		}
	}
	CHECK(all_ok);
	CHECK(width_ok);
}

/*
 * Every single-bit change of an armoured signature is refused, or (only
 * where the armour has no checksum) decodes to different data, which the
 * signature check then catches.
 */
static void test_every_bit_flip(void)
{
	unsigned char data[100];
	int t;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)rand();
	for (t = ARMOUR_PGP; t <= ARMOUR_SSH; t++) {
		struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
		size_t i, same = 0, accepted = 0;
		int bit;

		armour_encode(&sb, (enum armour_type)t, data, sizeof(data));
		for (i = 0; i < sb.len; i++) {
			for (bit = 0; bit < 8; bit++) {
				enum armour_type type;

				sb.buf[i] ^= (char)(1 << bit);
				strbuf_reset(&out);
				if (!armour_decode(&out, &type, sb.buf, sb.len, &err)) {
					accepted++;
					if (out.len == sizeof(data) && !memcmp(out.buf, data, sizeof(data)))
						same++;
				}
				sb.buf[i] ^= (char)(1 << bit);
			}
		}
		CHECK_INT(same, 0);
		if (t == ARMOUR_PGP)
			CHECK_INT(accepted, 0);	/* the checksum catches all of them */
		strbuf_release(&sb);
		strbuf_release(&out);
		strbuf_release(&err);
	}
}

static void test_not_canonical(void)
{
	/* each of these is read by gpg, and each is refused here */
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG\n\naGVsbG8=\n=R/WK\n-----END PGP SIGNATURE-----\n"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\naGVsbG8=\n=R/WK\n-----END PGP SIGNATURE-----\n"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\n\naGVsbG8=\n-----END PGP SIGNATURE-----\n"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\n\naGVsbG8=\n=R/WK\n-----END PGP SIGNATURE-----"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\n\naGVsbG8=\n=R/WK\n-----END PGP SIGNATURE-----\n\n"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\n\naGVsbG8= \n=R/WK\n-----END PGP SIGNATURE-----\n"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\r\n\r\naGVsbG8=\r\n=R/WK\r\n-----END PGP SIGNATURE-----\r\n"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\n\naGVsbG9=\n=R/WK\n-----END PGP SIGNATURE-----\n"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\n\naGVs\nbG8=\n=R/WK\n-----END PGP SIGNATURE-----\n"));
	CHECK(refused("-----BEGIN PGP SIGNATURE-----\n\naGVsbG8=\n=R/WK\n-----END SIGNED MESSAGE-----\n"));
	CHECK(refused("-----BEGIN SIGNED MESSAGE-----\n\naGk=\n-----END SIGNED MESSAGE-----\n"));
	CHECK(refused("-----BEGIN SIGNED MESSAGE-----\naGk\n-----END SIGNED MESSAGE-----\n"));
	CHECK(refused("-----BEGIN SIGNED MESSAGE-----\naGl=\n-----END SIGNED MESSAGE-----\n"));
	CHECK(refused("-----BEGIN SIGNED MESSAGE-----\na*k=\n-----END SIGNED MESSAGE-----\n"));
}

int main(void)
{
	srand(42);
	test_crc24();
	test_known_armour();
	test_round_trips();
	test_every_bit_flip();
	test_not_canonical();
	return unit_done();
}
