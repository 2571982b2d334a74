/*
 * Signing with ssh-keygen -Y sign, and the gpg.ssh.* settings both
 * signing and verifying read.  ssh-verify.c checks the signatures.
 */
#include "lib/sign/ssh.h"
#include "lib/sign/armour.h"
#include "lib/config-path.h"
#include "lib/repo.h"
#include "lib/run-command.h"
#include "lib/sign/sshsig.h"
#include "lib/tempdir.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void ssh_config_load(struct ssh_config *cfg, git_repository *repo)
{
	ssh_config_release(cfg);
	cfg->program = config_get_string(repo, "gpg.ssh.program");
	if (!cfg->program)
		cfg->program = xstrdup("ssh-keygen");
	cfg->allowed_signers = config_get_path(repo, "gpg.ssh.allowedSignersFile");
	cfg->revocation_file = config_get_path(repo, "gpg.ssh.revocationFile");
}

void ssh_config_release(struct ssh_config *cfg)
{
	struct ssh_config blank = SSH_CONFIG_INIT;

	free(cfg->program);
	free(cfg->allowed_signers);
	free(cfg->revocation_file);
	*cfg = blank;
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
 * Reads the signature ssh-keygen wrote to `path` and appends its
 * canonical armour, after checking that it is one SSH signature made in
 * our namespace.
 */
static int read_signature(const char *path, struct strbuf *armoured, struct strbuf *err)
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
	armour_encode(armoured, ARMOUR_SSH, blob.buf, blob.len);
	ret = 0;
out:
	strbuf_release(&text);
	strbuf_release(&blob);
	strbuf_release(&why);
	return ret;
}

int ssh_sign(struct ssh_config *cfg, const char *key, const void *data, size_t len,
	     struct strbuf *armoured, struct strbuf *err)
{
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
	ret = read_signature(sig_path, armoured, err);
out:
	tempdir_remove(td);
	strbuf_release(&out);
	strbuf_release(&said);
	strbuf_release(&key_text);
	return ret;
}
