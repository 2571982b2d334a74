/*
 * SSH signatures as git makes and checks them (gpg-interface.c), through
 * ssh-keygen, and the gpg.ssh.* settings both read.
 *
 * Signing runs ssh-keygen -Y sign.  Checking: -Y find-principals names
 * the principals of the allowed signers file that hold the signing key,
 * and -Y verify checks the signature for each until one passes.  When
 * none does, -Y check-novalidate tells a signature that holds from one
 * that does not, so that a key the file refuses is reported as such
 * rather than as a bad signature.
 */
#include "lib/sign/ssh.h"
#include "lib/config-path.h"
#include "lib/repo.h"
#include "lib/run-command.h"
#include "lib/sign/armour.h"
#include "lib/sign/sshsig.h"
#include "lib/tempdir.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct ssh_config {
	char *program;		/* gpg.ssh.program; "ssh-keygen" when unset */
	char *allowed_signers;	/* gpg.ssh.allowedSignersFile, resolved; NULL when unset */
	char *revocation_file;	/* gpg.ssh.revocationFile, resolved; NULL when unset */
	int revocation_warned;	/* the missing revocation file was reported once */
};

void *ssh_config_new(git_repository *repo, enum signature_format format)
{
	struct ssh_config *cfg = xcalloc(1, sizeof(*cfg));

	cfg->program = config_get_string(repo, "gpg.ssh.program");
	if (!cfg->program)
		cfg->program = xstrdup("ssh-keygen");
	cfg->allowed_signers = config_get_path(repo, "gpg.ssh.allowedSignersFile");
	cfg->revocation_file = config_get_path(repo, "gpg.ssh.revocationFile");
	return cfg;
}

void ssh_config_free(void *state)
{
	struct ssh_config *cfg = state;

	if (!cfg)
		return;
	free(cfg->program);
	free(cfg->allowed_signers);
	free(cfg->revocation_file);
	free(cfg);
}

/* The key itself: after "key::", or the whole value for "ssh-..."; NULL for a path. */
static const char *literal_key(const char *key)
{
	if (!strncmp(key, "key::", 5))
		return key + 5;
	if (!strncmp(key, "ssh-", 4))
		return key;
	return NULL;
}

int ssh_key_is_literal(const char *key)
{
	return literal_key(key) != NULL;
}

/*
 * Splits a command line into words as git's split_cmdline() does:
 * blanks separate words, single quotes keep everything, double quotes
 * keep everything but a backslash, which escapes the next character
 * (outside quotes too).  -1 on an unclosed quote.
 */
static int split_words(const char *line, char ***words, size_t *nr)
{
	struct strbuf word = STRBUF_INIT;
	size_t alloc = 0;
	const char *p = line;
	int in_word = 0;
	char quote = 0;

	*words = NULL;
	*nr = 0;
	for (;; p++) {
		if (!*p || (!quote && (*p == ' ' || *p == '\t' || *p == '\n'))) {
			if (quote)
				break;
			if (in_word) {
				ALLOC_GROW(*words, *nr + 2, alloc);
				(*words)[(*nr)++] = strbuf_detach(&word, NULL);
				(*words)[*nr] = NULL;
				in_word = 0;
			}
			if (!*p)
				return 0;
			continue;
		}
		in_word = 1;
		if (*p == '\\' && quote != '\'' && p[1]) {
			strbuf_addch(&word, *++p);
		} else if ((*p == '\'' || *p == '"') && (!quote || quote == *p)) {
			quote = quote ? 0 : *p;
		} else {
			strbuf_addch(&word, *p);
		}
	}
	strbuf_release(&word);
	while (*nr)
		free((*words)[--*nr]);
	free(*words);
	*words = NULL;
	return -1;
}

char *ssh_default_signing_key(git_repository *repo)
{
	char *command = config_get_string(repo, "gpg.ssh.defaultKeyCommand");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct child_io io = CHILD_IO_INIT;
	char **words = NULL, *key;
	size_t nr = 0, n;
	int code;

	if (!command)
		die("either user.signingKey or gpg.ssh.defaultKeyCommand needs to be configured for SSH signing");
	if (split_words(command, &words, &nr) < 0)
		die("malformed gpg.ssh.defaultKeyCommand '%s': unclosed quote", command);
	if (!nr)
		die("gpg.ssh.defaultKeyCommand is empty");
	io.out = &out;
	io.err = &err;
	code = run_command_io((const char *const *)words, &io);
	if (code < 0)
		die("cannot run gpg.ssh.defaultKeyCommand '%s': %s", words[0], strerror(errno));
	strbuf_trim(&err);
	if (code)
		die("gpg.ssh.defaultKeyCommand failed%s%s", err.len ? ": " : "", err.buf);
	n = strcspn(out.buf, "\r\n");
	key = xstrndup(out.buf, n);
	if (!ssh_key_is_literal(key))
		die("gpg.ssh.defaultKeyCommand printed no SSH public key");
	while (nr)
		free(words[--nr]);
	free(words);
	free(command);
	strbuf_release(&out);
	strbuf_release(&err);
	return key;
}

/* Appends what ssh-keygen said on standard error, on one line. */
static void add_program_error(struct strbuf *err, struct strbuf *said)
{
	size_t i;

	strbuf_trim(said);
	for (i = 0; i < said->len; i++)
		if (said->buf[i] == '\n' || said->buf[i] == '\r')
			said->buf[i] = ' ';
	strbuf_addstr(err, said->len ? said->buf : "no message");
}

/*
 * Reads the signature ssh-keygen wrote to `path` and appends its bytes
 * to `out`, after checking that it is one SSH signature made in our
 * namespace.
 */
static int read_signature(struct strbuf *out, const char *path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, blob = STRBUF_INIT, why = STRBUF_INIT;
	enum armour_type type;
	struct sshsig sig;
	int ret = -1;

	if (strbuf_read_file(&text, path) < 0) {
		strbuf_addf(err, "cannot read the signature ssh-keygen made: %s", strerror(errno));
		goto out;
	}
	if (armour_decode(&blob, &type, text.buf, text.len, &why) || type != ARMOUR_SSH ||
	    sshsig_parse(&sig, blob.buf, blob.len, &why)) {
		strbuf_addf(err, "ssh-keygen made a signature git results cannot read: %s",
			    why.len ? why.buf : "not an SSH signature");
		goto out;
	}
	if (!sshsig_has_namespace(&sig, SSH_SIGNATURE_NAMESPACE)) {
		strbuf_addf(err, "ssh-keygen signed for namespace '%.*s', not '%s'",
			    (int)sig.namespace_len, sig.namespace, SSH_SIGNATURE_NAMESPACE);
		goto out;
	}
	strbuf_addbuf(out, &blob);
	ret = 0;
out:
	strbuf_release(&text);
	strbuf_release(&blob);
	strbuf_release(&why);
	return ret;
}

int ssh_sign(struct strbuf *sig, void *state, const char *key, const void *data, size_t len,
	     struct strbuf *err)
{
	struct ssh_config *cfg = state;
	struct strbuf out = STRBUF_INIT, said = STRBUF_INIT, key_text = STRBUF_INIT;
	struct child_io io = CHILD_IO_INIT;
	const char *literal = key ? literal_key(key) : NULL;
	const char *key_path = key, *payload, *sig_path, *argv[10];
	struct tempdir *td = NULL;
	int argc = 0, code, ret = -1;

	if (!key || !*key) {
		strbuf_addstr(err, "user.signingKey needs to be set for SSH signing");
		goto out;
	}
	if (!(td = tempdir_create("git-results-sign-", err)))
		goto out;
	if (literal) {
		strbuf_addf(&key_text, "%s\n", literal);
		if (!(key_path = tempdir_write(td, "key.pub", key_text.buf, key_text.len, err)))
			goto out;
	}
	if (!(payload = tempdir_write(td, "payload", data, len, err)))
		goto out;
	/* named now, so that it goes with the directory: ssh-keygen makes it */
	sig_path = tempdir_path(td, "payload.sig");
	argv[argc++] = cfg->program;
	argv[argc++] = "-Y";
	argv[argc++] = "sign";
	argv[argc++] = "-n";
	argv[argc++] = SSH_SIGNATURE_NAMESPACE;
	argv[argc++] = "-f";
	argv[argc++] = key_path;
	if (literal)
		argv[argc++] = "-U";	/* the private key is in ssh-agent */
	argv[argc++] = payload;
	argv[argc] = NULL;
	io.out = &out;
	io.err = &said;
	code = run_command_io(argv, &io);
	if (code < 0) {
		strbuf_addf(err, "cannot run gpg.ssh.program '%s': %s", cfg->program, strerror(errno));
		goto out;
	}
	if (code) {
		if (strstr(said.buf, "usage:"))
			strbuf_addstr(err, "ssh-keygen -Y sign is needed for SSH signing (OpenSSH 8.2p1 or later)");
		else {
			strbuf_addstr(err, "ssh-keygen failed: ");
			add_program_error(err, &said);
		}
		goto out;
	}
	ret = read_signature(sig, sig_path, err);
out:
	tempdir_remove(td);
	strbuf_release(&out);
	strbuf_release(&said);
	strbuf_release(&key_text);
	return ret;
}

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

void ssh_verify(struct signature_result *res, void *state, const void *data, size_t len,
		const char *armoured, size_t armoured_len, const void *blob, size_t blob_len,
		long long when)
{
	struct ssh_config *cfg = state;
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
