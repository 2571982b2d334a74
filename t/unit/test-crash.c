/*
 * Unit tests for formats/crash.c, the kernel crash detector, and for the
 * console format.  With arguments it is the measuring driver of
 * t/t2145-crash.sh instead: `test-crash --first-title <file>...` prints,
 * for each syzkaller report file (headers, a blank line, the log, maybe
 * "REPORT:" and the report), "<file>\t<title of the first crash>", or
 * "-" for none; `test-crash --headers` prints, for each line of its
 * standard input, "<offset>\t<header>" of the crash report header
 * formats/crash-header.c finds in it, or "-" for none.  Both go by the
 * anchors crash_header_mark() marks, or as GIT_TEST_CRASH_SCAN says.
 */
#include "t/unit/format-sink.h"
#include "formats/crash.h"
#include "formats/crash-header.h"
#include "formats/printk.h"

extern const struct format format_console;
extern const struct format format_ktap;
extern const struct format format_lava;

/* Anchor marks of buf[0..n), as a line reader's marker makes them (free them) */
static uint64_t *marks_of(const char *buf, size_t n)
{
	uint64_t *bits = xcalloc(n / 64 + 1, sizeof(*bits));

	crash_header_mark(buf, n, bits);
	return bits;
}

/*
 * The first crash title the detector finds in `log`, or "-": by the
 * marks of the log, as a line reader has them made (the scan of each
 * line when GIT_TEST_CRASH_SCAN says so).
 */
static char *first_title(const char *log, size_t len)
{
	struct crash_detector d;
	const char *p = log, *end = log + len;
	uint64_t *bits;
	char *title;

	crash_detector_init(&d);
	bits = marks_of(log, len);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;
		struct line_marks marks = { bits, (size_t)(p - log) };

		crash_detector_line_marked(&d, p, eol - p, marks);
		p = nl ? nl + 1 : end;
	}
	free(bits);
	crash_detector_finish(&d);
	title = xstrdup(crash_detector_first_title(&d) ? crash_detector_first_title(&d) : "-");
	crash_detector_release(&d);
	return title;
}

static void check_title(const char *log, const char *want)
{
	char *got = first_title(log, strlen(log));

	CHECK_STR(got, want);
	free(got);
}

static void test_titles(void)
{
	check_title("[   10.1] BUG: KASAN: use-after-free in filp_close+0x1a/0x60\n"
		    "[   10.1] Read of size 8 at addr ffff88801234 by task syz/123\n"
		    "[   10.1] Call Trace:\n"
		    "[   10.1]  __dump_stack lib/dump_stack.c:77 [inline]\n"
		    "[   10.1]  dump_stack+0x172/0x1f0 lib/dump_stack.c:113\n"
		    "[   10.1]  kasan_report+0x12/0x20\n"
		    "[   10.1]  filp_close+0x1a/0x60 fs/open.c:1200\n",
		    "KASAN: use-after-free Read in filp_close");
	/* the header's function is a helper: the stack names the culprit */
	check_title("BUG: KASAN: slab-out-of-bounds in memcpy+0x1/0x2\n"
		    "Write of size 4 at addr ffff88801234\n"
		    "Call Trace:\n"
		    " kasan_report+0x1/0x2\n"
		    " memcpy+0x1/0x2\n"
		    " tun_build_skb+0x1/0x2\n",
		    "KASAN: slab-out-of-bounds Write in tun_build_skb");
	check_title("[  1.0] ------------[ cut here ]------------\n"
		    "[  1.0] WARNING: CPU: 1 PID: 3214 at drivers/base/core.c:100 device_del+0x1/0x2\n"
		    "[  1.0] RIP: 0010:device_del+0x740/0x880 drivers/base/core.c:100\n"
		    "[  1.0] Call Trace:\n"
		    "[  1.0]  device_unregister+0x1/0x2\n"
		    "[  1.0]  driver_unregister+0x1/0x2\n",
		    "WARNING in driver_unregister");
	check_title("[  300.1] INFO: task syz-executor.0:1234 blocked for more than 143 seconds.\n"
		    "[  300.1] Call Trace:\n"
		    "[  300.1]  __schedule+0x1/0x2\n"
		    "[  300.1]  schedule+0x1/0x2\n"
		    "[  300.1]  rwsem_down_write_slowpath+0x1/0x2\n"
		    "[  300.1]  filename_create+0x1/0x2\n",
		    "INFO: task hung in filename_create");
	check_title("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n",
		    "kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)");
	/* addresses and numbers in a title, as syzbot replaces them */
	check_title("BUG: KASAN: use-after-free in do_con_write.part.23+0x1/0x2 at addr ffff88000012c43a\n",
		    "KASAN: use-after-free in do_con_write.part.NUM at addr ADDR");
	/* the CPU's place on arm64, riscv and powerpc */
	check_title("BUG: soft lockup - CPU#0 stuck for 22s! [ksoftirqd/0:9]\n"
		    "pc : _raw_spin_unlock_irqrestore+0x74/0x110\n"
		    "Call trace:\n"
		    " _raw_spin_unlock_irqrestore+0x74/0x110\n"
		    " ip_list_rcv+0x1/0x2\n"
		    " __netif_receive_skb_list_core+0x1/0x2\n",
		    "BUG: soft lockup in ip_list_rcv");
	check_title("BUG: Unable to handle kernel data access on read at 0xc0000\n"
		    "NIP:  c00000000022d79c LR: c00000000022d784 CTR: 0000000000000000\n"
		    "NIP [c00000000022d79c] partition_sched_domains_locked+0x1ac/0x5f0\n"
		    "Call Trace:\n",
		    "BUG: unable to handle kernel paging request in partition_sched_domains_locked");
	/* a jump to NULL: the stack names the caller */
	check_title("BUG: unable to handle kernel NULL pointer dereference at           (null)\n"
		    "IP: [<          (null)>]           (null)\n"
		    "RIP: 0010:[<0000000000000000>]  [<          (null)>]           (null)\n"
		    "Call Trace:\n"
		    " [<ffffffff8175ec15>] ? inet_autobind+0x25/0x60\n"
		    " [<ffffffff81760e50>] inet_sendmsg+0x190/0x1e0\n",
		    "BUG: unable to handle kernel NULL pointer dereference in inet_sendmsg");
	/* the lock's releaser on the line after "at:" */
	check_title("[ BUG: bad unlock balance detected! ]\n"
		    "syz-executor1/21439 is trying to release lock (sk_lock-AF_INET) at:\n"
		    "[<ffffffff83f7ac8b>] sctp_sendmsg+0x2a3b/0x38a0 net/sctp/socket.c:2007\n",
		    "BUG: bad unlock balance in sctp_sendmsg");
	/* a bad page: who allocated it */
	check_title("BUG: Bad page state in process syz.3.584  pfn:7071f\n"
		    "page last allocated via order 0, migratetype Unmovable, gfp_mask 0x102820()\n"
		    " post_alloc_hook+0x1f3/0x230\n"
		    " page_pool_alloc_pages+0xcb/0x150\n"
		    " bpf_test_run_xdp_live+0x939/0x2110\n",
		    "BUG: Bad page state in bpf_test_run_xdp_live");
	/* arm: the PC is in a helper, the backtrace names the culprit */
	check_title("Unhandled fault: page domain fault (0x81b) at 0x00001044\n"
		    "PC is at memset+0x30/0xa8\n"
		    "Backtrace:\n"
		    "[<80b10c70>] (memset) from [<8062eec8>] (n_tty_set_termios+0x1/0x2)\n",
		    "Unhandled fault in n_tty_set_termios");
	/* an address is no function: the stack names it */
	check_title("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: ffffffff8343632e\n"
		    "Call Trace:\n"
		    " __stack_chk_fail+0x1/0x2\n"
		    " ip6_xmit+0x1/0x2\n",
		    "kernel panic: stack is corrupted in ip6_xmit");
	/* a report without the stack it needs */
	check_title("general protection fault: 0000 [#1] SMP KASAN\n"
		    "Modules linked in:\n",
		    "general protection fault in corrupted");
	/* not crashes */
	check_title("[    1.0] DEBUG: foo\n"
		    "[    1.0] WARNING: /etc/ssh/moduli does not exist, using fixed modulus\n"
		    "[    1.0] skb_over_panic: nothing\n",
		    "-");
}

/* Lines of other tasks (CONFIG_PRINTK_CALLER) are not the report's. */
static void test_contexts(void)
{
	check_title("[   1.0][ T100] BUG: KASAN: use-after-free in foo+0x1/0x2\n"
		    "[   1.0][ T200]  Read of size 1\n"
		    "[   1.0][ T100] Write of size 1 at addr ffff8880\n"
		    "[   1.0][ T100] Call Trace:\n"
		    "[   1.0][ T200]  other_task+0x1/0x2\n"
		    "[   1.0][ T100]  foo+0x1/0x2\n",
		    "KASAN: use-after-free Write in foo");
}

static void test_console(void)
{
	struct results r = { 0 };

	parse_str(&format_console,
		  "[    0.000000] Linux version 6.1.0 (gcc)\n"
		  "[    1.000000] WARNING: CPU: 0 PID: 1 at kernel/smp.c:912 smp_call_function_many_cond+0x3c4/0x3c8\n"
		  "[    1.000000] Call Trace:\n"
		  "[    1.000000]  on_each_cpu_cond_mask+0x1/0x2\n"
		  "[    1.000000] ---[ end trace 0000000000000000 ]---\n"
		  "[    2.000000] WARNING: CPU: 0 PID: 1 at kernel/smp.c:912 smp_call_function_many_cond+0x3c4/0x3c8\n"
		  "[    3.000000] Run /sbin/init as init process\n",
		  &r);
	CHECK_INT(r.ret, 0);
	CHECK_INT(r.nr, 2);
	check_result(&r, "kernel.crash.warning", STATUS_FAIL,
		     "WARNING in on_each_cpu_cond_mask (2 reports)");
	check_result(&r, "boot", STATUS_FAIL, "WARNING in on_each_cpu_cond_mask");
	results_release(&r);

	parse_str(&format_console,
		  "[    0.000000] Linux version 6.1.0 (gcc)\n"
		  "[    3.000000] Run /init as init process\n"
		  "[    9.000000] BUG: soft lockup - CPU#0 stuck for 22s! [a:1]\n",
		  &r);
	CHECK_INT(r.nr, 2);
	check_result(&r, "boot", STATUS_PASS, NULL);
	check_result(&r, "kernel.crash.soft_lockup", STATUS_FAIL, "BUG: soft lockup in corrupted");
	results_release(&r);

	parse_str(&format_console, "[    0.000000] Linux version 6.1.0 (gcc)\n", &r);
	check_result(&r, "boot", STATUS_MISS, "the kernel did not start init");
	results_release(&r);

	parse_str(&format_console, "[    5.000000] all well\n", &r);
	CHECK_INT(r.ret, -1);
	CHECK_STR(r.err.buf, "no kernel boot or crash found");
	results_release(&r);
}

/* A crash in the middle of KTAP: the running test ERROR, the rest MISS, the crash. */
static void test_ktap(void)
{
	struct results r = { 0 };

	parse_str(&format_ktap,
		  "[    1.0] KTAP version 1\n"
		  "[    1.0] 1..3\n"
		  "[    1.0] ok 1 first\n"
		  "[    1.1] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
		  "[    1.1] RIP: 0010:second_case+0x10/0x20\n"
		  "[    1.1] Kernel panic - not syncing: Fatal exception\n",
		  &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "first", STATUS_PASS, NULL);
	CHECK(find(&r, "2") && find(&r, "2")->status == STATUS_ERROR);
	check_result(&r, "3", STATUS_MISS, "no result reported");
	check_result(&r, "kernel.crash.null_pointer", STATUS_FAIL,
		     "BUG: unable to handle kernel NULL pointer dereference in second_case");
	CHECK(!find(&r, "boot"));
	results_release(&r);

	/* the kernel never reached the tests */
	parse_str(&format_ktap,
		  "[    0.5] Kernel panic - not syncing: VFS: Unable to mount root fs\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "boot", STATUS_FAIL, "kernel panic: VFS: Unable to mount root fs");
	check_result(&r, "kernel.crash.panic", STATUS_FAIL, "kernel panic: VFS: Unable to mount root fs");
	results_release(&r);
}

static void test_lava(void)
{
	struct results r = { 0 };

	parse_str(&format_lava,
		  "<LAVA_SIGNAL_STARTRUN 0_smoke 1>\n"
		  "<LAVA_SIGNAL_STARTTC hang>\n"
		  "[   5.0] Unable to handle kernel paging request at virtual address 0000dead\n"
		  "[   5.0] PC is at hang_it+0x10/0x20\n",
		  &r);
	CHECK_INT(r.ret, 0);
	CHECK(find(&r, "smoke.hang") && find(&r, "smoke.hang")->status == STATUS_ERROR);
	check_result(&r, "kernel.crash.paging_request", STATUS_FAIL,
		     "BUG: unable to handle kernel paging request in hang_it");
	results_release(&r);

	parse_str(&format_lava, "[   5.0] Kernel panic - not syncing: Attempted to kill init!\n", &r);
	CHECK_INT(r.ret, 0);
	check_result(&r, "boot", STATUS_FAIL, "kernel panic: Attempted to kill init!");
	results_release(&r);
}

/* How far printk_time_end() reads into `s`: -1 for no timestamp. */
static int time_end(const char *s)
{
	size_t len = strlen(s);
	char *copy = xmalloc(len + 1);	/* of its own size: ASan sees overreads */
	const char *end;
	int ret;

	memcpy(copy, s, len + 1);
	end = printk_time_end(copy, copy + len);
	ret = end ? (int)(end - copy) : -1;
	free(copy);
	return ret;
}

/* The usual "[%5lu.%06lu]", read in one go, and every other shape the long way. */
static void test_printk_time(void)
{
	CHECK_INT(time_end("[    0.000000] x"), 14);
	CHECK_INT(time_end("[12345.678901]"), 14);
	CHECK_INT(time_end("[ 1234.678901]"), 14);
	CHECK_INT(time_end("[123456.678901] x"), 15);
	CHECK_INT(time_end("[    1.5]"), 9);
	CHECK_INT(time_end("[1.]"), 4);
	CHECK_INT(time_end("[ 0.000000]"), 11);
	CHECK_INT(time_end("[     .000000]"), -1);
	CHECK_INT(time_end("[ 1 23.000000]"), -1);
	CHECK_INT(time_end("[   1a.000000]"), -1);
	CHECK_INT(time_end("[    1.00000a]"), -1);
	CHECK_INT(time_end("[    1.000:00]"), -1);
	CHECK_INT(time_end("[    1.000000 "), -1);
	CHECK_INT(time_end("[    1.000000"), -1);
	CHECK_INT(time_end("[    T1]"), -1);
	CHECK_INT(time_end("[\xb1   1.000000]"), -1);
	CHECK_INT(time_end("[    1.00000\xff]"), -1);
	CHECK_INT(time_end("[    1.00000\x3f]"), -1);
	CHECK_INT(time_end("[    1/000000]"), -1);
	CHECK_INT(time_end("    1.000000]"), -1);
}

static int first_titles(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++) {
		struct strbuf buf = STRBUF_INIT;
		const char *log, *end;
		char *title;

		if (strbuf_read_file(&buf, argv[i]) < 0)
			die_errno("cannot read '%s'", argv[i]);
		/* the log is between the headers' blank line and "REPORT:" */
		log = strstr(buf.buf, "\n\n");
		log = log ? log + 2 : buf.buf + buf.len;
		end = strstr(log, "\nREPORT:\n");
		if (!end)
			end = buf.buf + buf.len;
		title = first_title(log, end - log);
		printf("%s\t%s\n", argv[i], title);
		free(title);
		strbuf_release(&buf);
	}
	return 0;
}

/*
 * Each line is copied to a buffer of its own size, so that a scan
 * reading past the end of the line shows under ASan; the marks are
 * those of the whole input, as a line reader makes them.
 */
static int headers(void)
{
	struct strbuf in = STRBUF_INIT;
	const char *p, *end;
	uint64_t *bits;

	if (strbuf_read_fd(&in, 0) < 0)
		die_errno("cannot read the standard input");
	crash_header_init();
	bits = marks_of(in.buf, in.len);
	for (p = in.buf, end = in.buf + in.len; p < end;) {
		const char *nl = memchr(p, '\n', end - p), *eol = nl ? nl : end, *at;
		size_t len = eol - p;
		char *line = xmalloc(len ? len : 1);
		const struct crash_header *h;

		memcpy(line, p, len);
		h = crash_header_find_marked(line, len, &at, 0, bits, p - in.buf);
		if (h)
			printf("%d\t%s\n", (int)(at - line), h->text);
		else
			printf("-\n");
		free(line);
		p = nl ? nl + 1 : end;
	}
	free(bits);
	strbuf_release(&in);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--first-title"))
		return first_titles(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "--headers"))
		return headers();
	test_titles();
	test_printk_time();
	test_contexts();
	test_console();
	test_ktap();
	test_lava();
	return unit_done();
}
