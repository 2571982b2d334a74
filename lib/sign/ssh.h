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

/*
 * The backend's state in a signature context (lib/sign.c): the gpg.ssh.*
 * settings of `repo`, read once.  `format` is SIGNATURE_SSH.  Free with
 * ssh_config_free(), which accepts NULL.  The `state` the functions
 * below take is what ssh_config_new() returned.
 */
void *ssh_config_new(git_repository *repo, enum signature_format format);
void ssh_config_free(void *state);

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
int ssh_sign(struct strbuf *sig, void *state, const char *key, const void *data, size_t len,
	     struct strbuf *err);

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
void ssh_verify(struct signature_result *res, void *state, const void *data, size_t len,
		const char *armoured, size_t armoured_len, const void *blob, size_t blob_len,
		long long when);

#endif
