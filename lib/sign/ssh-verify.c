/*
 * Checking SSH signatures as git does (gpg-interface.c): ssh-keygen -Y
 * find-principals names the principals of the allowed signers file that
 * hold the signing key, and -Y verify checks the signature for each
 * until one passes.  When none does, -Y check-novalidate tells a
 * signature that holds from one that does not, so that a key the file
 * refuses is reported as such rather than as a bad signature.
 */
#include "lib/sign/ssh.h"
#include "lib/run-command.h"
#include "lib/sign/sshsig.h"
#include "lib/tempdir.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One verification: the files ssh-keygen reads, and what it said last. */
struct check {
	struct ssh_config *cfg;
	const char *payload, *signature;
	char verify_time[40];	/* "-Overify-time=...", or empty */
	struct strbuf out, err;
	struct signature_result *res;
};

/*
 * Runs ssh-keygen with `args` (NULL-terminated) after the program name,
 * the payload on standard input when `with_payload`.  Returns its exit
 * code; -1 with the result set to error when it could not be run.
 */
static int run_keygen(struct check *c, const char *const *args, int with_payload)
{
	struct child_io io = CHILD_IO_INIT;
	const char *argv[16];
	size_t n = 0;
	int code;

	argv[n++] = c->cfg->program;
	while (*args) {
		if (n == ARRAY_SIZE(argv) - 2)
			BUG("too many arguments for ssh-keygen");
		argv[n++] = *args++;
	}
	if (*c->verify_time)
		argv[n++] = c->verify_time;
	argv[n] = NULL;
	strbuf_setlen(&c->out, 0);
	strbuf_setlen(&c->err, 0);
	io.in = with_payload ? c->payload : NULL;
	io.out = &c->out;
	io.err = &c->err;
	code = run_command_io(argv, &io);
	if (code < 0)
		signature_result_set(c->res, SIGNATURE_ERROR, "cannot run gpg.ssh.program '%s': %s",
				     c->cfg->program, strerror(errno));
	return code;
}

/* Whether the last run passed: exit code 0 and "Good ..." on standard output. */
static int said_good(struct check *c, int code)
{
	return !code && !strncmp(c->out.buf, "Good", 4);
}

/* The first line of what ssh-keygen said on standard error; "" when nothing. */
static const char *first_error_line(struct check *c)
{
	char *nl;

	strbuf_trim(&c->err);
	nl = strchr(c->err.buf, '\n');
	if (nl)
		strbuf_setlen(&c->err, (size_t)(nl - c->err.buf));
	return c->err.buf;
}

/*
 * ssh-keygen checks the allowed signers' valid-after and valid-before
 * options against this time, in the local time zone as git passes it.
 */
static void set_verify_time(struct check *c, long long when)
{
	time_t t = (time_t)when;
	struct tm tm;

	c->verify_time[0] = '\0';
	if (when > 0 && localtime_r(&t, &tm))
		strftime(c->verify_time, sizeof(c->verify_time), "-Overify-time=%Y%m%d%H%M%S", &tm);
}

/* -Y verify as `principal`; -1 when ssh-keygen could not be run. */
static int verify_as(struct check *c, const char *principal, int with_revocations)
{
	const char *args[13] = { "-Y", "verify", "-n", SSH_SIGNATURE_NAMESPACE,
				 "-f", c->cfg->allowed_signers, "-I", principal,
				 "-s", c->signature };
	size_t n = 10;
	int code;

	if (with_revocations) {
		args[n++] = "-r";
		args[n++] = c->cfg->revocation_file;
	}
	args[n] = NULL;
	code = run_keygen(c, args, 1);
	return code < 0 ? -1 : said_good(c, code);
}

/* Whether the revocation file is to be used: git warns when it is missing. */
static int use_revocations(struct ssh_config *cfg)
{
	if (!cfg->revocation_file)
		return 0;
	if (!access(cfg->revocation_file, F_OK))
		return 1;
	if (!cfg->revocation_warned)
		warning("ssh signing revocation file configured but not found: %s", cfg->revocation_file);
	cfg->revocation_warned = 1;
	return 0;
}

/*
 * No principal verified the signature: tells a signature that does not
 * hold (bad) from a key the allowed signers file refuses (untrusted,
 * expired-key) or a revoked one.
 */
static void explain_failure(struct check *c, const char *principal, const char *refusal,
			    int revocations)
{
	const char *check[] = { "-Y", "check-novalidate", "-n", SSH_SIGNATURE_NAMESPACE,
				"-s", c->signature, NULL };
	struct strbuf why = STRBUF_INIT;
	int code;

	strbuf_addstr(&why, refusal);
	code = run_keygen(c, check, 1);
	if (code < 0)
		goto out;
	if (!said_good(c, code)) {
		signature_result_set(c->res, SIGNATURE_BAD, "the signature does not match the record");
		goto out;
	}
	if (principal && revocations) {
		code = verify_as(c, principal, 0);
		if (code < 0)
			goto out;
		if (code) {
			signature_result_set(c->res, SIGNATURE_REVOKED_KEY, "the key was revoked");
			goto out;
		}
	}
	/* ssh-keygen says why it refused, but for a key it does not know */
	if (!principal && strstr(why.buf, "key has expired"))
		signature_result_set(c->res, SIGNATURE_EXPIRED_KEY, "the key has expired");
	else if (!why.len || !strcmp(why.buf, "No principal matched."))
		signature_result_set(c->res, SIGNATURE_UNTRUSTED, "key is not in %s",
				     c->cfg->allowed_signers);
	else
		signature_result_set(c->res, SIGNATURE_UNTRUSTED, "%s", why.buf);
out:
	strbuf_release(&why);
}

void ssh_verify(struct ssh_config *cfg, const void *data, size_t len,
		const char *armoured, size_t armoured_len, const void *blob, size_t blob_len,
		long long when, struct signature_result *res)
{
	struct check c = { cfg, NULL, NULL, "", STRBUF_INIT, STRBUF_INIT, res };
	struct strbuf err = STRBUF_INIT, refusal = STRBUF_INIT, fpr = STRBUF_INIT;
	const char *args[] = { "-Y", "find-principals", "-f", cfg->allowed_signers,
			       "-s", NULL, NULL };
	char *principals = NULL, *line, *next, *first = NULL;
	int revocations, code;
	struct tempdir *td = NULL;
	struct sshsig sig;

	if (sshsig_parse(&sig, blob, blob_len, &err)) {
		signature_result_set(res, SIGNATURE_BAD, "%s", err.buf);
		goto out;
	}
	sshsig_fingerprint(&fpr, &sig);
	res->fingerprint = strbuf_detach(&fpr, NULL);
	if (!sshsig_has_namespace(&sig, SSH_SIGNATURE_NAMESPACE)) {
		signature_result_set(res, SIGNATURE_BAD, "the signature is for namespace '%.*s', not '%s'",
				     (int)sig.namespace_len, sig.namespace, SSH_SIGNATURE_NAMESPACE);
		goto out;
	}
	if (!cfg->allowed_signers) {
		signature_result_set(res, SIGNATURE_ERROR,
				     "gpg.ssh.allowedSignersFile needs to be configured to check SSH signatures");
		goto out;
	}
	if (access(cfg->allowed_signers, R_OK)) {
		signature_result_set(res, SIGNATURE_ERROR, "cannot read gpg.ssh.allowedSignersFile '%s': %s",
				     cfg->allowed_signers, strerror(errno));
		goto out;
	}
	if (!(td = tempdir_create("git-results-verify-", &err)) ||
	    !(c.payload = tempdir_write(td, "payload", data, len, &err)) ||
	    !(c.signature = tempdir_write(td, "signature", armoured, armoured_len, &err))) {
		signature_result_set(res, SIGNATURE_ERROR, "%s", err.buf);
		goto out;
	}
	set_verify_time(&c, when);
	args[5] = c.signature;
	code = run_keygen(&c, args, 0);
	if (code < 0)
		goto out;
	if (code && strstr(c.err.buf, "usage:")) {
		signature_result_set(res, SIGNATURE_ERROR,
				     "ssh-keygen -Y find-principals is needed to check SSH signatures (OpenSSH 8.2p1 or later)");
		goto out;
	}
	if (code)
		strbuf_addstr(&refusal, first_error_line(&c));
	else
		principals = strbuf_detach(&c.out, NULL);

	revocations = use_revocations(cfg);
	for (line = principals; line && *line; line = next) {
		size_t n = strcspn(line, "\r\n");

		next = line + n + strspn(line + n, "\r\n");
		line[n] = '\0';
		if (!n)
			continue;
		if (!first)
			first = line;
		code = verify_as(&c, line, revocations);
		if (code < 0)
			goto out;
		if (code) {
			signature_result_set(res, SIGNATURE_GOOD, NULL);
			res->signer = xstrdup(line);
			res->trust = TRUST_FULLY;
			goto out;
		}
		if (!refusal.len)
			strbuf_addstr(&refusal, first_error_line(&c));
	}
	explain_failure(&c, first, refusal.buf, revocations);
	if (first && res->status != SIGNATURE_BAD && res->status != SIGNATURE_ERROR)
		res->signer = xstrdup(first);
out:
	tempdir_remove(td);
	free(principals);
	strbuf_release(&c.out);
	strbuf_release(&c.err);
	strbuf_release(&err);
	strbuf_release(&refusal);
	strbuf_release(&fpr);
}
