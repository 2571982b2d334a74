#include "lib/release/link-template.h"
#include "lib/release/describe.h"
#include "lib/repo.h"

#include <string.h>

void url_escape(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			strbuf_addch(out, c);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		}
	}
}

int link_template_expand(struct strbuf *out, const char *tmpl, link_value_fn value,
			 void *data, struct strbuf *err)
{
	struct strbuf v = STRBUF_INIT;
	const char *p;
	int ret = -1;

	for (p = tmpl; *p; p++) {
		if (*p != '%') {
			strbuf_addch(out, *p);
			continue;
		}
		p++;
		switch (*p) {
		case '%':
			strbuf_addch(out, '%');
			break;
		case 'H': case 'h': case 'D': case 'T': case 'B':
			strbuf_reset(&v);
			if (value(&v, *p, data, err))
				goto out;
			url_escape(out, v.buf);
			break;
		case '\0':
			strbuf_addstr(err, "link template ends with a lone '%'");
			goto out;
		default:
			strbuf_addf(err, "unknown placeholder '%%%c' in link template", *p);
			goto out;
		}
	}
	ret = 0;
out:
	strbuf_release(&v);
	return ret;
}

int link_values_lookup(struct strbuf *out, char placeholder, void *data, struct strbuf *err)
{
	struct link_values *lv = data;
	char hex[GIT_OID_HEXSZ + 1];

	switch (placeholder) {
	case 'H':
		git_oid_tostr(hex, sizeof(hex), &lv->commit);
		strbuf_addstr(out, hex);
		return 0;
	case 'h': {
		git_object *obj = NULL;
		git_buf buf = GIT_BUF_INIT;

		check(git_object_lookup(&obj, lv->repo, &lv->commit, GIT_OBJECT_COMMIT),
		      "cannot read commit");
		check(git_object_short_id(&buf, obj), "cannot abbreviate commit id");
		strbuf_addstr(out, buf.ptr);
		git_buf_dispose(&buf);
		git_object_free(obj);
		return 0;
	}
	case 'D':
		/* The commit is about to get that tag, and describe would then name it. */
		if (lv->tag) {
			strbuf_addstr(out, lv->tag);
			return 0;
		}
		return describe_commit(lv->repo, &lv->commit, 0, out, NULL, err);
	case 'T':
		if (lv->tag) {
			strbuf_addstr(out, lv->tag);
			return 0;
		}
		return describe_exact_tag(lv->repo, &lv->commit, out, err);
	case 'B':
		return describe_current_branch(lv->repo, out, err);
	}
	strbuf_addf(err, "unknown placeholder '%%%c' in link template", placeholder);
	return -1;
}
