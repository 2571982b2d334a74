/*
 * Unit tests for results by email: header encoding, dates, transfer
 * encodings, and reading an mbox back.
 */
#include "t/unit/unit.h"
#include "lib/release/mail-write.h"
#include "lib/release/mbox.h"

static void test_headers(void)
{
	struct strbuf sb = STRBUF_INIT, back = STRBUF_INIT;
	const char *subject = "[RESULTS] FAIL Linux 6.1 \xe2\x80\x93 \xe2\x80\x9cHurr durr\xe2\x80\x9d edition, "
		"with a subject long enough to need folding over several encoded words";

	mail_add_header_text(&sb, "plain ASCII");
	CHECK_STR(sb.buf, "plain ASCII");
	strbuf_reset(&sb);
	mail_add_header_text(&sb, subject);
	CHECK(!strncmp(sb.buf, "=?UTF-8?q?", 10));
	CHECK(strstr(sb.buf, "?=\n =?UTF-8?q?") != NULL);
	{
		/* Each folded line stays within 76 characters. */
		const char *p = sb.buf, *nl;
		int ok = 1;

		while ((nl = strchr(p, '\n'))) {
			ok &= nl - p <= 76;
			p = nl + 1;
		}
		CHECK(ok && strlen(p) <= 76);
	}
	{
		struct strbuf unfolded = STRBUF_INIT;
		const char *p;

		for (p = sb.buf; *p; p++)
			if (*p != '\n')
				strbuf_addch(&unfolded, *p);
		mail_decode_header(&back, unfolded.buf);
		CHECK_STR(back.buf, subject);
		strbuf_release(&unfolded);
	}
	strbuf_reset(&back);
	mail_decode_header(&back, "=?utf-8?B?w6k=?= =?UTF-8?Q?_x?= plain =?iso-8859-1?q?=E9?=");
	CHECK_STR(back.buf, "\xc3\xa9 x plain =?iso-8859-1?q?=E9?=");

	strbuf_reset(&sb);
	mail_add_address(&sb, "C O Mitter", "c@example.com");
	CHECK_STR(sb.buf, "C O Mitter <c@example.com>");
	strbuf_reset(&sb);
	mail_add_address(&sb, "Doe, Jane \"JD\"", "j@example.com");
	CHECK_STR(sb.buf, "\"Doe, Jane \\\"JD\\\"\" <j@example.com>");
	strbuf_reset(&sb);
	CHECK_INT(mail_add_date(&sb, "2026-11-25T10:00:00Z"), 0);
	CHECK_STR(sb.buf, "Wed, 25 Nov 2026 10:00:00 +0000");
	CHECK_INT(mail_add_date(&sb, "yesterday"), -1);
	strbuf_release(&sb);
	strbuf_release(&back);
}

static void roundtrip(const char *body)
{
	struct strbuf mail = STRBUF_INIT, err = STRBUF_INIT;
	struct mail_list list = MAIL_LIST_INIT;

	strbuf_addstr(&mail, "From 0123 Mon Sep 17 00:00:00 2001\nSubject: one\n");
	mail_add_body(&mail, body, strlen(body));
	strbuf_addstr(&mail, "\nFrom 4567 Mon Sep 17 00:00:00 2001\nSubject: =?UTF-8?q?two_=C3=A9?=\n\n>From the start\n");
	CHECK_INT(mbox_parse(&list, mail.buf, mail.len, &err), 0);
	CHECK_INT(list.nr, 2);
	if (list.nr == 2) {
		CHECK_STR(list.items[0].subject, "one");
		CHECK_STR(list.items[0].body, body);
		CHECK_STR(list.items[1].subject, "two \xc3\xa9");
		CHECK_STR(list.items[1].body, "From the start\n");
		CHECK_INT(list.items[1].number, 2);
	}
	mail_list_release(&list);
	strbuf_release(&mail);
	strbuf_release(&err);
}

static void test_bodies(void)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	struct mail_list list = MAIL_LIST_INIT;
	size_t i;

	roundtrip("results 1\nPASS a\n");
	roundtrip("caf\xc3\xa9 = 1\n");
	for (i = 0; i < 2000; i++)
		strbuf_addch(&sb, i % 2 ? '=' : 'x');
	strbuf_addstr(&sb, " \n\ttab at the end\t\n");
	roundtrip(sb.buf);
	strbuf_reset(&sb);
	mail_add_body(&sb, "x\n", 2);
	CHECK(strstr(sb.buf, "Content-Transfer-Encoding: 7bit\n") != NULL);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Subject: b64\r\nContent-Transfer-Encoding: base64\r\n\r\ncmVzdWx0cyAx\r\nCg==\r\n");
	CHECK_INT(mbox_parse(&list, sb.buf, sb.len, &err), 0);
	CHECK(list.nr == 1 && !strcmp(list.items[0].body, "results 1\n"));
	mail_list_release(&list);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Subject: x\nContent-Type: multipart/mixed; boundary=x\n\n--x\n");
	CHECK_INT(mbox_parse(&list, sb.buf, sb.len, &err), -1);
	CHECK_INT(list.nr, 0);
	strbuf_reset(&sb);
	strbuf_reset(&err);
	strbuf_addstr(&sb, "Subject: x\nContent-Transfer-Encoding: x-uuencode\n\nbody\n");
	CHECK_INT(mbox_parse(&list, sb.buf, sb.len, &err), -1);
	CHECK_STR(err.buf, "message 1: unknown Content-Transfer-Encoding 'x-uuencode'");
	mail_list_release(&list);
	strbuf_release(&sb);
	strbuf_release(&err);
}

int main(void)
{
	test_headers();
	test_bodies();
	return unit_done();
}
