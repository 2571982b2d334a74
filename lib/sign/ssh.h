#ifndef SIGN_SSH_H
#define SIGN_SSH_H

#include "lib/sign/result.h"
#include "lib/strbuf.h"

#include <git2.h>

/*
 * SSH signatures, as git makes them with gpg.format=ssh: ssh-keygen -Y
 * sign, find-principals and verify, run with the data and signature in
 * temporary files (tempdir.h) and never through a shell.
 *
 * Records are signed in their own namespace, "git-results", not in
 * "git", which git uses for commits, tags and pushes: a record's
 * signature can then never pass for a signature on a git object, nor
 * the other way round, and an allowed signers file can let a CI key sign
 * results (namespaces="git-results") without letting it sign commits.
 * The price: an allowed signers entry restricted to namespaces="git"
 * must also name git-results.  See git-results-verify(1).
 */
#define SSH_SIGNATURE_NAMESPACE "git-results"

struct ssh_config {
	char *program;		/* gpg.ssh.program; "ssh-keygen" when unset */
	char *allowed_signers;	/* gpg.ssh.allowedSignersFile, resolved; NULL when unset */
	char *revocation_file;	/* gpg.ssh.revocationFile, resolved; NULL when unset */
	int revocation_warned;	/* the missing revocation file was reported once */
};
#define SSH_CONFIG_INIT { NULL, NULL, NULL, 0 }

/* Reads the gpg.ssh.* settings of `repo` into `cfg`. */
void ssh_config_load(struct ssh_config *cfg, git_repository *repo);
void ssh_config_release(struct ssh_config *cfg);

/*
 * Whether `key` (a user.signingKey value) is a public key itself rather
 * than the path of a key file: "key::<key>" or "ssh-...", as git has it.
 */
int ssh_key_is_literal(const char *key);

/*
 * The signing key when none is configured: the first line that
 * gpg.ssh.defaultKeyCommand prints (run without a shell, as git does),
 * which must be a literal key.  Dies, as git does, when the setting is
 * unset or the command fails or prints no key.
 */
char *ssh_default_signing_key(git_repository *repo);

/*
 * Signs `len` bytes of `data` in the git-results namespace with `key`:
 * the path of a private key, or of a public key whose private half is in
 * ssh-agent, or a literal public key (ssh_key_is_literal()) to sign with
 * through ssh-agent.  Appends the signature's bytes, without armour, to
 * `sig`.  Returns 0, or -1 with a message in `err`.
 */
int ssh_sign(struct ssh_config *cfg, const char *key, const void *data, size_t len,
	     struct strbuf *sig, struct strbuf *err);

/*
 * Checks the SSH signature `armoured` (the canonical armour of `blob`,
 * which is `blob_len` bytes) over `len` bytes of `data`, against the
 * allowed signers file, at the time `when` (seconds since the epoch; 0
 * for now), as git checks a commit at its committer date.  Fills `res`
 * (already reset by the caller): good with the principal as signer and
 * full validity; untrusted when the signature holds but the allowed
 * signers file does not accept the key; expired-key or revoked-key
 * (gpg.ssh.revocationFile); bad; or error when it cannot be checked.
 */
void ssh_verify(struct ssh_config *cfg, const void *data, size_t len,
		const char *armoured, size_t armoured_len, const void *blob, size_t blob_len,
		long long when, struct signature_result *res);

#endif
