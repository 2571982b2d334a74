#include "lib/sign/trust.h"
#include "lib/config-path.h"
#include "lib/hex.h"
#include "lib/record.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const level_names[] = {
	[TRUST_UNDEFINED] = "undefined",
	[TRUST_NEVER] = "never",
	[TRUST_MARGINAL] = "marginal",
	[TRUST_FULLY] = "fully",
	[TRUST_ULTIMATE] = "ultimate",
};

int trust_level_parse(const char *name, enum trust_level *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(level_names); i++) {
		if (!strcasecmp(name, level_names[i])) {
			*out = (enum trust_level)i;
			return 0;
		}
	}
	return -1;
}

const char *trust_level_name(enum trust_level level)
{
	return level_names[level];
}

/* "SHA256:" and 43 characters of unpadded base64: an SSH key's fingerprint. */
static int is_ssh_fingerprint(const char *s, size_t len)
{
	size_t i;

	if (len != 7 + 43 || strncmp(s, "SHA256:", 7))
		return 0;
	for (i = 7; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '/')
			return 0;
	return 1;
}

static int is_fingerprint(const char *s, size_t len)
{
	if (is_ssh_fingerprint(s, len))
		return 1;
	return (len == 40 || len == 64) && hex_is_any_case(s, len);
}

/* Hex fingerprints in any case; SSH ones are base64, where case matters. */
static int same_fingerprint(const char *listed, const char *fingerprint)
{
	if (!strncmp(listed, "SHA256:", 7))
		return !strcmp(listed, fingerprint);
	return !strcasecmp(listed, fingerprint);
}

static char *upper_dup(const char *s, size_t len)
{
	char *copy = xstrndup(s, len);
	char *p;

	for (p = copy; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return copy;
}

/* Splits off the next word of [*p, end); 0 at the end of the line. */
static int next_word(const char **p, const char *end, const char **word, size_t *len)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	if (*p == end)
		return 0;
	*word = *p;
	while (*p < end && **p != ' ' && **p != '\t')
		(*p)++;
	*len = (size_t)(*p - *word);
	return 1;
}

static void release_key(struct trusted_key *k)
{
	size_t i;

	free(k->fingerprint);
	for (i = 0; i < k->origins_nr; i++)
		free(k->origins[i]);
	free(k->origins);
}

int trust_policy_parse_keys(struct trust_policy *p, const char *buf, size_t len,
			    struct strbuf *err)
{
	const char *line = buf, *end = buf + len;
	struct strbuf why = STRBUF_INIT;
	size_t old_nr = p->keys_nr;
	unsigned long lineno = 1;
	int ret = -1;

	for (; line < end; lineno++) {
		const char *nl = memchr(line, '\n', end - line), *eol = nl ? nl : end;
		const char *cur = line, *word;
		struct trusted_key *k;
		size_t n;

		line = nl ? nl + 1 : end;
		if (eol > cur && eol[-1] == '\r')
			eol--;
		if (!next_word(&cur, eol, &word, &n) || *word == '#')
			continue;
		if (!is_fingerprint(word, n)) {
			strbuf_addf(err, "line %lu: '%.*s' is not a key fingerprint (40 or 64 hex digits, or SHA256:...)",
				    lineno, (int)n, word);
			goto out;
		}
		ALLOC_GROW(p->keys, p->keys_nr + 1, p->keys_alloc);
		k = &p->keys[p->keys_nr++];
		k->fingerprint = is_ssh_fingerprint(word, n) ? xstrndup(word, n) : upper_dup(word, n);
		k->origins = NULL;
		k->origins_nr = 0;
		while (next_word(&cur, eol, &word, &n)) {
			char *origin;

			if (*word == '#')
				break;
			origin = xstrndup(word, n);
			if (record_check_origin(origin, &why)) {
				strbuf_addf(err, "line %lu: %s", lineno, why.buf);
				free(origin);
				goto out;
			}
			k->origins = xrealloc(k->origins, (k->origins_nr + 1) * sizeof(*k->origins));
			k->origins[k->origins_nr++] = origin;
		}
	}
	ret = 0;
out:
	while (ret && p->keys_nr > old_nr)
		release_key(&p->keys[--p->keys_nr]);
	strbuf_release(&why);
	return ret;
}

static int allows_origin(const struct trusted_key *k, const char *origin)
{
	size_t i;

	if (!k->origins_nr)
		return 1;
	for (i = 0; i < k->origins_nr; i++)
		if (!strcmp(k->origins[i], origin))
			return 1;
	return 0;
}

int trust_policy_accepts(const struct trust_policy *p, const char *origin,
			 const char *fingerprint, const char *primary,
			 enum trust_level level, struct strbuf *why)
{
	int listed = 0;
	size_t i;

	if (level < p->min_level) {
		strbuf_addf(why, "key validity is %s, gpg.minTrustLevel asks for %s",
			    trust_level_name(level), trust_level_name(p->min_level));
		return 0;
	}
	if (!p->keys_file)
		return 1;
	for (i = 0; i < p->keys_nr; i++) {
		const struct trusted_key *k = &p->keys[i];

		if (!same_fingerprint(k->fingerprint, fingerprint) &&
		    (!primary || !same_fingerprint(k->fingerprint, primary)))
			continue;
		if (allows_origin(k, origin))
			return 1;
		listed = 1;
	}
	if (listed)
		strbuf_addf(why, "key may not sign for origin '%s' in %s", origin, p->keys_file);
	else
		strbuf_addf(why, "key is not in %s", p->keys_file);
	return 0;
}

void trust_policy_load(struct trust_policy *p, git_repository *repo)
{
	struct strbuf buf = STRBUF_INIT, err = STRBUF_INIT;
	char *level = config_get_string(repo, "gpg.minTrustLevel");
	char *path = config_get_path(repo, "results.trustedKeys");

	if (level && trust_level_parse(level, &p->min_level))
		die("invalid value for 'gpg.minTrustLevel': '%s'", level);
	if (path) {
		if (strbuf_read_file(&buf, path) < 0)
			die_errno("cannot read results.trustedKeys file '%s'", path);
		p->keys_file = path;
		if (trust_policy_parse_keys(p, buf.buf, buf.len, &err))
			die("bad results.trustedKeys file '%s': %s", path, err.buf);
	}
	free(level);
	strbuf_release(&buf);
	strbuf_release(&err);
}

void trust_policy_release(struct trust_policy *p)
{
	size_t i;

	for (i = 0; i < p->keys_nr; i++)
		release_key(&p->keys[i]);
	free(p->keys);
	free(p->keys_file);
	p->keys = NULL;
	p->keys_nr = p->keys_alloc = 0;
	p->keys_file = NULL;
	p->min_level = TRUST_UNDEFINED;
}
