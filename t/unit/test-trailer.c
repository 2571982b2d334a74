/*
 * Unit tests for Test-link trailers: URL templates and their escaping,
 * and adding trailers to messages by git's trailer-block rules.
 */
#include "t/unit/unit.h"
#include "lib/release/link-template.h"
#include "lib/release/trailer.h"

static int fake_value(struct strbuf *out, char placeholder, void *data, struct strbuf *err)
{
	switch (placeholder) {
	case 'H': strbuf_addstr(out, "0123456789abcdef0123456789abcdef01234567"); return 0;
	case 'h': strbuf_addstr(out, "0123456"); return 0;
	case 'D': strbuf_addstr(out, "v6.1-3-g0123456"); return 0;
	case 'T': strbuf_addstr(out, "v6.1+rc/1 #2"); return 0;
	}
	strbuf_addstr(err, "HEAD is not on a branch");
	return -1;
}

static const char *expand(const char *tmpl, struct strbuf *out, struct strbuf *err)
{
	strbuf_reset(out);
	strbuf_reset(err);
	return link_template_expand(out, tmpl, fake_value, NULL, err) ? NULL : out->buf;
}

static void test_templates(void)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	CHECK_STR(expand("https://x/%H", &out, &err), "https://x/0123456789abcdef0123456789abcdef01234567");
	CHECK_STR(expand("https://x/%D/%h?t=%T&p=100%%", &out, &err),
		  "https://x/v6.1-3-g0123456/0123456?t=v6.1%2Brc/1%20%232&p=100%");
	CHECK_STR(expand("no placeholders", &out, &err), "no placeholders");
	CHECK(!expand("https://x/%B", &out, &err));
	CHECK_STR(err.buf, "HEAD is not on a branch");
	CHECK(!expand("https://x/%s", &out, &err));
	CHECK_STR(err.buf, "unknown placeholder '%s' in link template");
	CHECK(!expand("50%", &out, &err));
	strbuf_reset(&out);
	url_escape(&out, "a-b_c.d~e/f g\xc3\xa9");
	CHECK_STR(out.buf, "a-b_c.d~e/f%20g%C3%A9");
	strbuf_release(&out);
	strbuf_release(&err);
}

static const char *add(const char *msg, struct strbuf *sb, size_t *added)
{
	static const char *const urls[] = { "https://a/1", "https://b/2", "https://a/1" };

	strbuf_reset(sb);
	strbuf_addstr(sb, msg);
	*added = trailer_add(sb, "Test-link", urls, 3, '#');
	return sb->buf;
}

static void test_trailers(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	CHECK_STR(add("Subject\n", &sb, &n), "Subject\n\nTest-link: https://a/1\nTest-link: https://b/2\n");
	CHECK_INT(n, 2);
	CHECK_STR(add("Subject\n\nBody.\n\nSigned-off-by: A <a@x>\n", &sb, &n),
		  "Subject\n\nBody.\n\nSigned-off-by: A <a@x>\nTest-link: https://a/1\nTest-link: https://b/2\n");
	CHECK_STR(add("Subject\n\nTEST-LINK:  https://a/1 \n", &sb, &n),
		  "Subject\n\nTEST-LINK:  https://a/1 \nTest-link: https://b/2\n");
	CHECK_INT(n, 1);
	CHECK_STR(add("S\n\nTest-link: https://a/1\nTest-link: https://b/2\n", &sb, &n),
		  "S\n\nTest-link: https://a/1\nTest-link: https://b/2\n");
	CHECK_INT(n, 0);
	/* The title is never a trailer block, even when it looks like one. */
	CHECK_STR(add("Test-link: https://a/1\n", &sb, &n),
		  "Test-link: https://a/1\n\nTest-link: https://a/1\nTest-link: https://b/2\n");
	/* Comments and what follows a scissors line stay after the trailers. */
	CHECK_STR(add("S\n\nBody.\n# c\n# ------------------------ >8 ------------------------\nx\n", &sb, &n),
		  "S\n\nBody.\n\nTest-link: https://a/1\nTest-link: https://b/2\n# c\n"
		  "# ------------------------ >8 ------------------------\nx\n");
	CHECK_STR(add("S\n\nBody.\n---\npatch\n", &sb, &n),
		  "S\n\nBody.\n\nTest-link: https://a/1\nTest-link: https://b/2\n---\npatch\n");
	CHECK_STR(add("", &sb, &n), "\nTest-link: https://a/1\nTest-link: https://b/2\n");
	CHECK_STR(add("S", &sb, &n), "S\n\nTest-link: https://a/1\nTest-link: https://b/2\n");
	/* A prose paragraph with a colon is not a trailer block. */
	CHECK_STR(add("S\n\nNote: this is prose\nand more prose\n", &sb, &n),
		  "S\n\nNote: this is prose\nand more prose\n\nTest-link: https://a/1\nTest-link: https://b/2\n");
	strbuf_release(&sb);
}

int main(void)
{
	test_templates();
	test_trailers();
	return unit_done();
}
