#include "patchwork/check.h"
#include "lib/usage.h"

#include <ctype.h>
#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *patchwork_state(enum result_status status)
{
	switch (status) {
	case STATUS_FAIL:
	case STATUS_ERROR:
		return "fail";
	case STATUS_MISS:
	case STATUS_SKIP:
		return "warning";
	case STATUS_PASS:
	case STATUS_DONE:
		return "success";
	default:
		BUG("no Patchwork state for status %d", (int)status);
	}
}

/* Patchwork's context is a Django slug: [-a-zA-Z0-9_], at most 255 long. */
#define CONTEXT_MAX 255

static void add_slug(struct strbuf *out, const char *s)
{
	if (out->len)
		strbuf_addch(out, '-');
	for (; *s; s++)
		strbuf_addch(out, isalnum((unsigned char)*s) || *s == '-' || *s == '_' ?
			     *s : '_');
}

void patchwork_check_from_group(struct patchwork_check *c, const struct result_group *g)
{
	const struct record *r = g->record;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	c->state = patchwork_state(g->status);

	add_slug(&sb, r->origin);
	for (i = 0; i < r->env_nr; i++)
		if (strcmp(r->env[i].key, RECORD_ENV_IMPORTED))
			add_slug(&sb, r->env[i].value);
	if (sb.len > CONTEXT_MAX)
		strbuf_setlen(&sb, CONTEXT_MAX);
	c->context = strbuf_detach(&sb, NULL);

	record_describe_counts(&sb, g->counts);
	if (g->records > 1)
		strbuf_addf(&sb, " (%lu runs)", (unsigned long)g->records);
	strbuf_addf(&sb, " from %s", r->origin);
	if (r->env_nr) {
		strbuf_addstr(&sb, " on ");
		result_group_describe_env(&sb, g);
	}
	c->description = strbuf_detach(&sb, NULL);
	c->target_url = r->links_nr ? xstrdup(r->links[0]) : NULL;
}

void patchwork_check_release(struct patchwork_check *c)
{
	free(c->context);
	free(c->description);
	free(c->target_url);
	memset(c, 0, sizeof(*c));
}

json_t *patchwork_check_json(const struct patchwork_check *c)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "state", json_string(c->state));
	json_object_set_new(obj, "context", json_string(c->context));
	json_object_set_new(obj, "description", json_string(c->description));
	if (c->target_url)
		json_object_set_new(obj, "target_url", json_string(c->target_url));
	return obj;
}

/* Whether a field of a listed check equals `want` (NULL: absent, null or ""). */
static int same_field(json_t *existing, const char *key, const char *want)
{
	const char *have = json_string_value(json_object_get(existing, key));

	if (!have || !*have)
		return !want || !*want;
	return want && !strcmp(have, want);
}

int patchwork_check_same(const struct patchwork_check *c, json_t *existing)
{
	return same_field(existing, "state", c->state) &&
	       same_field(existing, "context", c->context) &&
	       same_field(existing, "description", c->description) &&
	       same_field(existing, "target_url", c->target_url);
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Appends `s` (up to `len` bytes) percent-decoded. */
static void add_unescaped(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			strbuf_addch(out, hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
			i += 2;
		} else {
			strbuf_addch(out, s[i]);
		}
	}
}

/*
 * The Message-ID in a link to a mail archive that names messages by it,
 * or 0 when `url` is no such link.
 */
static int msgid_from_link(const char *url, struct strbuf *msgid)
{
	static const char *const hosts[] = {
		"https://lore.kernel.org/", "http://lore.kernel.org/",
		"https://patch.msgid.link/", "http://patch.msgid.link/",
	};
	const char *path = NULL, *end, *seg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hosts) && !path; i++)
		if (!strncasecmp(url, hosts[i], strlen(hosts[i])))
			path = url + strlen(hosts[i]);
	if (!path)
		return 0;
	end = path + strcspn(path, "?# \t");
	while (end > path && end[-1] == '/')
		end--;
	/* lore: /r/<msgid>, /<list>/<msgid>, with an optional /T/, /raw... after it */
	for (seg = path; seg < end;) {
		const char *next = memchr(seg, '/', (size_t)(end - seg));
		size_t len = next ? (size_t)(next - seg) : (size_t)(end - seg);

		if (memchr(seg, '@', len)) {
			strbuf_reset(msgid);
			add_unescaped(msgid, seg, len);
			break;
		}
		if (!next)
			break;
		seg = next + 1;
	}
	if (!msgid->len)
		return 0;
	if (msgid->buf[0] == '<' && msgid->buf[msgid->len - 1] == '>') {
		memmove(msgid->buf, msgid->buf + 1, msgid->len - 2);
		strbuf_setlen(msgid, msgid->len - 2);
	}
	return msgid->len > 0;
}

int patchwork_patch_ref(const char *message, long *id, struct strbuf *msgid,
			struct strbuf *err)
{
	git_message_trailer_array trailers = { 0 };
	int ret = 1;
	size_t i;

	*id = 0;
	strbuf_reset(msgid);
	if (git_message_trailers(&trailers, message) < 0)
		return 1;
	for (i = 0; i < trailers.count; i++) {
		const char *key = trailers.trailers[i].key;
		const char *value = trailers.trailers[i].value;

		if (!strcasecmp(key, "X-Patchwork-Id")) {
			char *end;

			errno = 0;
			*id = strtol(value, &end, 10);
			if (errno || end == value || *end || *id <= 0) {
				strbuf_addf(err, "malformed X-Patchwork-Id trailer '%s'", value);
				*id = 0;
				ret = -1;
			} else {
				ret = 0;
			}
			goto out;
		}
	}
	for (i = 0; i < trailers.count; i++) {
		if (strcasecmp(trailers.trailers[i].key, "Link"))
			continue;
		if (msgid_from_link(trailers.trailers[i].value, msgid)) {
			ret = 0;
			break;
		}
	}
out:
	git_message_trailer_array_free(&trailers);
	return ret;
}
