/*
 * Unit tests for lib/sign/trust.c: the trusted keys file and the decisions of
 * the trust policy.
 */
#include "t/unit/unit.h"
#include "lib/sign/trust.h"

#define CI "0123456789ABCDEF0123456789ABCDEF01234567"
#define LAB "89ABCDEF0123456789ABCDEF0123456789ABCDEF"
#define SUB "FEDCBA9876543210FEDCBA9876543210FEDCBA98"
#define V5 "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"
#define SSH "SHA256:3vTOmNq/nvZzmmUozclNNY5yj4uK47XknvkJzTX8U2o"

static int parse(struct trust_policy *p, const char *text, struct strbuf *err)
{
	strbuf_reset(err);
	return trust_policy_parse_keys(p, text, strlen(text), err);
}

static void test_levels(void)
{
	enum trust_level level = TRUST_UNDEFINED;

	CHECK(!trust_level_parse("Fully", &level) && level == TRUST_FULLY);
	CHECK(!trust_level_parse("ultimate", &level) && level == TRUST_ULTIMATE);
	CHECK(!trust_level_parse("NEVER", &level) && level == TRUST_NEVER);
	CHECK(trust_level_parse("full", &level) == -1);
	CHECK_STR(trust_level_name(TRUST_MARGINAL), "marginal");
	CHECK(TRUST_UNDEFINED < TRUST_NEVER && TRUST_NEVER < TRUST_MARGINAL &&
	      TRUST_MARGINAL < TRUST_FULLY && TRUST_FULLY < TRUST_ULTIMATE);
}

static void test_parse(void)
{
	struct trust_policy p = TRUST_POLICY_INIT;
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(parse(&p, "# keys\n\n" CI "\n"
			"  89abcdef0123456789abcdef0123456789abcdef\tlab  ci # two origins\r\n"
			V5 " kernel_ci", &err), 0);
	CHECK_INT(p.keys_nr, 3);
	CHECK_STR(p.keys[0].fingerprint, CI);
	CHECK_INT(p.keys[0].origins_nr, 0);
	CHECK_STR(p.keys[1].fingerprint, LAB);
	CHECK_INT(p.keys[1].origins_nr, 2);
	CHECK_STR(p.keys[1].origins[0], "lab");
	CHECK_STR(p.keys[1].origins[1], "ci");
	CHECK_STR(p.keys[2].origins[0], "kernel_ci");

	CHECK_INT(parse(&p, CI "\n\nABCDEF ci\n", &err), -1);
	CHECK_STR(err.buf, "line 3: 'ABCDEF' is not a key fingerprint (40 or 64 hex digits, or SHA256:...)");
	CHECK_INT(p.keys_nr, 3);	/* nothing of a bad file is kept */
	CHECK_INT(parse(&p, CI " Lab\n", &err), -1);
	CHECK_STR(err.buf, "line 1: invalid origin 'Lab': use lower-case letters, digits and '_'");
	CHECK_INT(parse(&p, "0123456789ABCDEF0123456789ABCDEF0123456G\n", &err), -1);
	CHECK_INT(p.keys_nr, 3);
	trust_policy_release(&p);
	CHECK_INT(p.keys_nr, 0);
	strbuf_release(&err);
}

static int accepts(const struct trust_policy *p, const char *origin, const char *fpr,
		   const char *primary, enum trust_level level, const char *why_expected)
{
	struct strbuf why = STRBUF_INIT;
	int ok = trust_policy_accepts(p, origin, fpr, primary, level, &why);
	int matches = why_expected ? !ok && !strcmp(why.buf, why_expected) : ok && !why.len;

	if (!matches)
		printf("# accepts=%d why='%s'\n", ok, why.buf);
	strbuf_release(&why);
	return matches;
}

static void test_accepts(void)
{
	struct trust_policy p = TRUST_POLICY_INIT;
	struct strbuf err = STRBUF_INIT;

	/* no policy: any good signature, as in git */
	CHECK(accepts(&p, "ci", CI, CI, TRUST_UNDEFINED, NULL));

	p.min_level = TRUST_MARGINAL;
	CHECK(accepts(&p, "ci", CI, CI, TRUST_MARGINAL, NULL));
	CHECK(accepts(&p, "ci", CI, CI, TRUST_ULTIMATE, NULL));
	CHECK(accepts(&p, "ci", CI, CI, TRUST_NEVER,
		      "key validity is never, gpg.minTrustLevel asks for marginal"));

	p.min_level = TRUST_UNDEFINED;
	p.keys_file = strdup("/keys");
	CHECK_INT(parse(&p, CI " ci\n" SUB "\n", &err), 0);
	CHECK(accepts(&p, "ci", CI, NULL, TRUST_UNDEFINED, NULL));
	CHECK(accepts(&p, "ci", "0123456789abcdef0123456789abcdef01234567", NULL, TRUST_UNDEFINED, NULL));
	CHECK(accepts(&p, "lab", CI, CI, TRUST_ULTIMATE, "key may not sign for origin 'lab' in /keys"));
	CHECK(accepts(&p, "ci", LAB, LAB, TRUST_ULTIMATE, "key is not in /keys"));
	/* a listed primary key admits its subkeys, and a listed subkey itself */
	CHECK(accepts(&p, "lab", LAB, SUB, TRUST_UNDEFINED, NULL));
	CHECK(accepts(&p, "lab", SUB, LAB, TRUST_UNDEFINED, NULL));
	/* both rules apply */
	p.min_level = TRUST_FULLY;
	CHECK(accepts(&p, "ci", CI, CI, TRUST_MARGINAL,
		      "key validity is marginal, gpg.minTrustLevel asks for fully"));
	CHECK(accepts(&p, "ci", CI, CI, TRUST_FULLY, NULL));
	trust_policy_release(&p);
	CHECK(p.keys_file == NULL && p.min_level == TRUST_UNDEFINED);
	strbuf_release(&err);
}

/* SSH fingerprints are base64: kept as written, and compared case and all. */
static void test_ssh_fingerprints(void)
{
	struct trust_policy p = TRUST_POLICY_INIT;
	struct strbuf err = STRBUF_INIT;

	p.keys_file = strdup("/keys");
	CHECK_INT(parse(&p, SSH " ci\n", &err), 0);
	CHECK_STR(p.keys[0].fingerprint, SSH);
	CHECK(accepts(&p, "ci", SSH, NULL, TRUST_FULLY, NULL));
	CHECK(accepts(&p, "lab", SSH, NULL, TRUST_FULLY, "key may not sign for origin 'lab' in /keys"));
	CHECK(accepts(&p, "ci", "SHA256:3VTOMNQ/NVZZMMUOZCLNNY5YJ4UK47XKNVKJZTX8U2O", NULL,
		      TRUST_FULLY, "key is not in /keys"));
	CHECK_INT(parse(&p, "SHA256:3vTOmNq/nvZzmmUozclNNY5yj4uK47XknvkJzTX8U2\n", &err), -1);
	CHECK_INT(parse(&p, "SHA256:3vTOmNq/nvZzmmUozclNNY5yj4uK47XknvkJzTX8U2=\n", &err), -1);
	CHECK_INT(parse(&p, "sha256:3vTOmNq/nvZzmmUozclNNY5yj4uK47XknvkJzTX8U2o\n", &err), -1);
	trust_policy_release(&p);
	strbuf_release(&err);
}

int main(void)
{
	test_levels();
	test_parse();
	test_accepts();
	test_ssh_fingerprints();
	return unit_done();
}
