/*
 * Unit tests for lib/sign/sshsig.c: reading an SSH signature that ssh-keygen
 * -Y sign made, its key's fingerprint as ssh-keygen -l prints it, and
 * refusing blobs that are not whole signatures.
 */
#include "t/unit/unit.h"
#include "lib/sign/armour.h"
#include "lib/sign/sshsig.h"

/* ssh-keygen -Y sign -n git-results -f <ed25519 key> over "a record\n" */
static const char armoured[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgVhJSLYE3YfEEea1phW3XeZNZYJ\n"
	"EEoewzuuh7lNlHYJAAAAALZ2l0LXJlc3VsdHMAAAAAAAAABnNoYTUxMgAAAFMAAAALc3No\n"
	"LWVkMjU1MTkAAABA3Ios9BeLP7jmL8RN0Lp8z3JnBLQGNTwmksNBGgPNTp7PV1x+HasX+q\n"
	"3Q2P7yaf2ijGUccsuPFChVvLNtFgURAA==\n"
	"-----END SSH SIGNATURE-----\n";

/* ssh-keygen -l of the key's public half */
#define FINGERPRINT "SHA256:4XpYdFAya3f/bn6quoPNTDl3ZJzYn4dhKXj9WjHSZGc"

static void decode(struct strbuf *blob)
{
	struct strbuf err = STRBUF_INIT;
	enum armour_type type;

	CHECK_INT(armour_decode(blob, &type, armoured, strlen(armoured), &err), 0);
	CHECK_INT(type, ARMOUR_SSH);
	strbuf_release(&err);
}

static int parse_fails(const void *data, size_t len, const char *why)
{
	struct strbuf err = STRBUF_INIT;
	struct sshsig sig;
	int ok = sshsig_parse(&sig, data, len, &err) == -1 && !strcmp(err.buf, why);

	if (!ok)
		printf("# err='%s'\n", err.buf);
	strbuf_release(&err);
	return ok;
}

static void test_parse(void)
{
	struct strbuf blob = STRBUF_INIT, err = STRBUF_INIT, fpr = STRBUF_INIT;
	struct sshsig sig;

	decode(&blob);
	CHECK_INT(sshsig_parse(&sig, blob.buf, blob.len, &err), 0);
	CHECK_INT(sig.key_type_len, strlen("ssh-ed25519"));
	CHECK(!memcmp(sig.key_type, "ssh-ed25519", sig.key_type_len));
	CHECK(sshsig_has_namespace(&sig, "git-results"));
	CHECK(!sshsig_has_namespace(&sig, "git"));
	CHECK(!sshsig_has_namespace(&sig, "git-results-x"));
	CHECK_INT(sig.hash_len, 6);
	CHECK(!memcmp(sig.hash, "sha512", 6));
	sshsig_fingerprint(&fpr, &sig);
	CHECK_STR(fpr.buf, FINGERPRINT);
	strbuf_release(&blob);
	strbuf_release(&err);
	strbuf_release(&fpr);
}

static void test_refused(void)
{
	struct strbuf blob = STRBUF_INIT;
	size_t cut;

	decode(&blob);
	CHECK(parse_fails("fake", 4, "not an SSH signature"));
	CHECK(parse_fails("SSHSIG\0\0\0\2", 10, "SSH signature version 2 is not supported"));
	/* every shorter blob is refused, never read beyond its end */
	for (cut = 10; cut < blob.len; cut++)
		if (!parse_fails(blob.buf, cut, "the SSH signature is truncated"))
			break;
	CHECK_INT(cut, blob.len);
	strbuf_addch(&blob, 0);
	CHECK(parse_fails(blob.buf, blob.len, "the SSH signature has bytes after its end"));
	strbuf_release(&blob);
}

int main(void)
{
	test_parse();
	test_refused();
	return unit_done();
}
