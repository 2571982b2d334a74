/*
 * Kernel crash reports in console output, one line at a time.
 *
 * A report starts at a header line ("BUG: KASAN: use-after-free in
 * filp_close+0x..", "WARNING: CPU: 0 PID: 1 at ...", "INFO: task ...
 * blocked for more than 143 seconds") found by a cheap scan of each line
 * (formats/crash-header.c).  The lines that follow, from the same printk
 * context, are kept until the report ends (the next report, an "---[ end"
 * line, or CRASH_MAX_LINES), and
 * then the report is titled by the first row of kinds[] whose header it
 * has: a title format and, for titles naming a function, rules for
 * finding that function in the report, the way syzkaller's
 * pkg/report/linux.go does (its tests are the measure: t/t2145-crash.sh).
 *
 * The function is the first "interesting" stack frame: frames come from
 * a RIP line, an "at: func+0x.." line or a "Call Trace:" stack, in the
 * order a row's parts say, and frames of helpers every report goes
 * through (kasan_report, __might_sleep, dump_stack, lock_acquire, ...)
 * are skipped.  A report whose frames cannot be found is titled
 * "... in corrupted", as syzbot titles it.
 */
#include "formats/crash.h"
#include "formats/crash-header.h"
#include "formats/printk.h"
#include "lib/usage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Lines of one report kept for its title, and their bytes. */
#define CRASH_MAX_LINES 1000
#define CRASH_MAX_BYTES (128 * 1024)
/* Titles are cut, as syzbot cuts them. */
#define CRASH_MAX_TITLE 120
/* Frames looked at for a title. */
#define CRASH_MAX_FRAMES 1024

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

static inline int is_ident(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline int is_alnum(char c)
{
	return is_ident(c) && c != '_';
}

static int starts_with(const char *s, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(end - s) >= n && !memcmp(s, prefix, n);
}

static const char *find(const char *s, const char *end, const char *needle)
{
	return end > s ? memmem(s, end - s, needle, strlen(needle)) : NULL;
}

/* The end of an address at p, "0x" and six hex digits or more; NULL when there is none. */
static const char *hex_run(const char *p, const char *end)
{
	const char *q = starts_with(p, end, "0x") ? p + 2 : p, *digits = q;

	while (q < end && is_hex(*q))
		q++;
	return q - digits >= 6 ? q : NULL;
}

/* Whether out (from start) ends in a file name's extension: "... fs/ext4/inode.c" */
static int after_file_name(const struct strbuf *out, size_t start)
{
	size_t i = out->len;

	while (i > start && is_ident(out->buf[i - 1]))
		i--;
	return i < out->len && i > start && out->buf[i - 1] == '.';
}

/*
 * Frame rules.  A row's parts are matched one after the other against
 * the report's lines, each starting where the previous one matched:
 *  - PART_LINE: the next line containing `text`;
 *  - PART_FUNC: the same, giving the function after `text`;
 *  - PART_RIP: the next "RIP: 0010:func+0x..", "IP: [<..>] func+0x.."
 *    line, giving func;
 *  - PART_AT: the next "... at: [<..>] func+0x.." line (lockdep);
 *  - PART_PC: the next "[<..>] func+0x.." line;
 *  - PART_STACK: stack frames up to the next "Call Trace:",
 *    "Allocated by", "Freed by" or "backtrace:" line.
 * The title's function is the first frame found that the skip lists let
 * through (or what the row's extractor picks).
 */
enum part_kind {
	PART_END,
	PART_LINE,
	PART_FUNC,
	PART_RIP,
	PART_AT,
	PART_PC,
	PART_STACK,
};

struct part {
	enum part_kind kind;
	const char *text;
};

enum extractor {
	EXTRACT_FIRST,
	EXTRACT_STALL,		/* the caller of the loop: before an anchor frame */
	EXTRACT_HANG,		/* where a hung task waits, past the scheduler */
};

/* Where a title's words come from. */
enum capture {
	CAPTURE_NONE,
	CAPTURE_WORD,		/* the word after `match`: "use-after-free" */
	CAPTURE_REST,		/* the rest of the line after `match` */
	CAPTURE_FUNC,		/* the function after `match`: "filp_close" */
	CAPTURE_KASAN,		/* "<kind> <Read|Write>" of a KASAN report */
	CAPTURE_DENTRY,		/* "[unmount of <fs>]" */
	CAPTURE_CALL,		/* "__this_cpu_read()" of "BUG: using ... in preemptible" */
	CAPTURE_PHRASE,		/* the words after `match`, up to " on " or "," */
	CAPTURE_UPTO_IN,	/* the words after `match`, up to " in " */
	CAPTURE_ASSERT,		/* trusty's "ASSERT FAILED at (..): <what>" */
};

struct crash_kind {
	const char *kind;	/* the test's path component */
	const char *match;	/* the header line holds this ... */
	const char *match2;	/* ... and, after it, this (or NULL) */
	enum capture capture;
	/* the title: "%s" is the capture, "%f" the function */
	const char *title;
	const struct part *parts, *parts2;
	const char *const *skip;
	enum extractor extractor;
};

#define PARTS(...) ((const struct part[]){ __VA_ARGS__, { PART_END, NULL } })
#define SKIP(...) ((const char *const[]){ __VA_ARGS__, NULL })

#define CALL_TRACE PARTS({ PART_LINE, "Call Trace:" }, { PART_STACK, NULL })
#define RIP_TRACE PARTS({ PART_RIP, NULL }, { PART_LINE, "Call Trace:" }, { PART_STACK, NULL })
#define RIP_ONLY PARTS({ PART_RIP, NULL })
#define WARNING_PARTS PARTS({ PART_RIP, NULL }, { PART_STACK, NULL })
/* arm: "PC is at func+0x..", then the stack when func is skipped */
#define PC_TRACE(pc) PARTS({ PART_FUNC, pc }, { PART_LINE, "Call Trace:" }, { PART_STACK, NULL })

/*
 * The report kinds, most particular first: the first row whose match is
 * in a report's header line titles it.  A header line no row matches is
 * its own title, as syzbot does.
 */
static const struct crash_kind kinds[] = {
	/* KASAN, KMSAN, KCSAN, KFENCE */
	{ "kasan", "BUG: KASAN: double-free", NULL, CAPTURE_NONE,
	  "KASAN: invalid-free in %f",
	  PARTS({ PART_FUNC, " in " }, { PART_LINE, "Call Trace:" }, { PART_STACK, NULL }), NULL,
	  SKIP("kmem_", "slab_", "kfree", "vunmap", "vfree"), EXTRACT_FIRST },
	{ "kasan", "BUG: KASAN: invalid-free", NULL, CAPTURE_NONE,
	  "KASAN: invalid-free in %f",
	  PARTS({ PART_FUNC, " in " }, { PART_LINE, "Call Trace:" }, { PART_STACK, NULL }), NULL,
	  SKIP("kmem_", "slab_", "kfree", "vunmap", "vfree"), EXTRACT_FIRST },
	{ "kasan", "BUG: KASAN: ", " in ", CAPTURE_KASAN, "KASAN: %s in %f",
	  PARTS({ PART_FUNC, " in " }, { PART_LINE, "Call Trace:" }, { PART_STACK, NULL }), NULL,
	  NULL, EXTRACT_FIRST },
	{ "kasan", "BUG: KASAN: ", " on address", CAPTURE_KASAN, "KASAN: %s", NULL, NULL, NULL, 0 },
	{ "kasan", "BUG: KASAN: ", NULL, CAPTURE_REST, "KASAN: %s", NULL, NULL, NULL, 0 },
	{ "kmsan", "BUG: KMSAN: kernel-usb-infoleak", NULL, CAPTURE_NONE,
	  "KMSAN: kernel-usb-infoleak in %f", PARTS({ PART_STACK, NULL }), CALL_TRACE,
	  SKIP("usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg",
	       "usb_control_msg"), EXTRACT_FIRST },
	{ "kmsan", "BUG: KMSAN: ", NULL, CAPTURE_WORD, "KMSAN: %s in %f",
	  PARTS({ PART_STACK, NULL }), CALL_TRACE, NULL, 0 },
	{ "kcsan", "BUG: KCSAN: ", NULL, CAPTURE_REST, "KCSAN: %s", NULL, NULL, NULL, 0 },
	{ "kfence", "BUG: KFENCE: ", " in ", CAPTURE_UPTO_IN, "KFENCE: %s in %f",
	  PARTS({ PART_FUNC, " in " }, { PART_STACK, NULL }), NULL,
	  SKIP("kfree", "kmem_cache_free", "__kmem_cache_free", "slab_free"), 0 },
	{ "kfence", "BUG: KFENCE: ", NULL, CAPTURE_REST, "KFENCE: %s", NULL, NULL, NULL, 0 },

	/* bad memory accesses */
	{ "paging_request", "BUG: unable to handle kernel paging request", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel paging request in %f", RIP_TRACE, NULL, NULL, 0 },
	{ "paging_request", "BUG: unable to handle page fault for address", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel paging request in %f", RIP_TRACE, NULL, NULL, 0 },
	{ "paging_request", "BUG: Unable to handle kernel data access", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel paging request in %f", RIP_TRACE, NULL, NULL, 0 },
	{ "paging_request", "BUG: unable to handle kernel access to user memory", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel access to user memory in %f", RIP_TRACE, NULL, NULL, 0 },
	{ "null_pointer", "BUG: unable to handle kernel NULL pointer dereference", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel NULL pointer dereference in %f", RIP_TRACE, NULL, NULL, 0 },
	{ "null_pointer", "BUG: kernel NULL pointer dereference", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel NULL pointer dereference in %f", RIP_TRACE, NULL, NULL, 0 },
	{ "null_pointer", "BUG: Kernel NULL pointer dereference", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel NULL pointer dereference in %f", RIP_TRACE, NULL, NULL, 0 },
	{ "paging_request", "BUG: unable to handle kernel", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel", NULL, NULL, NULL, 0 },
	{ "paging_request", "BUG: Unable to handle kernel", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel", NULL, NULL, NULL, 0 },
	{ "null_pointer", "Unable to handle kernel NULL pointer dereference", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel NULL pointer dereference in %f",
	  PARTS({ PART_FUNC, "pc : " }), PARTS({ PART_FUNC, "PC is at " }), NULL, 0 },
	{ "paging_request", "Unable to handle kernel ", NULL, CAPTURE_NONE,
	  "BUG: unable to handle kernel paging request in %f",
	  PARTS({ PART_FUNC, "pc : " }), PARTS({ PART_FUNC, "PC is at " }), NULL, 0 },
	{ "general_protection_fault", "general protection fault", NULL, CAPTURE_NONE,
	  "general protection fault in %f", RIP_TRACE, NULL, NULL, 0 },
	{ "stack_segment", "stack segment: ", NULL, CAPTURE_NONE,
	  "stack segment fault in %f", RIP_TRACE, NULL, NULL, 0 },

	/* locking */
	{ "spinlock", "BUG: spinlock ", NULL, CAPTURE_PHRASE, "BUG: spinlock %s in %f", CALL_TRACE, NULL,
	  SKIP("spin_"), 0 },
	{ "spinlock", "BUG: rwlock ", NULL, CAPTURE_PHRASE, "BUG: rwlock %s in %f", CALL_TRACE, NULL,
	  SKIP("rwlock", "_lock"), 0 },
	{ "lockdep", "WARNING: ", "still has locks held!", CAPTURE_NONE,
	  "WARNING: still has locks held in %f", PARTS({ PART_PC, NULL }),
	  PARTS({ PART_AT, NULL }), NULL, 0 },
	{ "lockdep", "BUG: ", "still has locks held!", CAPTURE_NONE, "BUG: still has locks held in %f",
	  PARTS({ PART_PC, NULL }), PARTS({ PART_AT, NULL }), NULL, 0 },
	{ "lockdep", "BUG: Invalid wait context", NULL, CAPTURE_NONE, "WARNING: locking bug in %f",
	  CALL_TRACE, NULL, SKIP("lock_sock", "release_sock"), 0 },
	{ "lockdep", "BUG: lock held when returning to user space", NULL, CAPTURE_NONE,
	  "BUG: lock held when returning to user space in %f",
	  PARTS({ PART_LINE, "leaving the kernel with locks still held" }, { PART_AT, NULL }), NULL,
	  NULL, 0 },
	{ "lockdep", "WARNING: lock held when returning to user space", NULL, CAPTURE_NONE,
	  "WARNING: lock held when returning to user space in %f",
	  PARTS({ PART_LINE, "leaving the kernel with locks still held" }, { PART_AT, NULL }), NULL,
	  NULL, 0 },
	{ "lockdep", "BUG: bad unlock balance detected!", NULL, CAPTURE_NONE,
	  "BUG: bad unlock balance in %f",
	  PARTS({ PART_LINE, "is trying to release lock" }, { PART_PC, NULL }), NULL, NULL, 0 },
	{ "lockdep", "WARNING: bad unlock balance detected!", NULL, CAPTURE_NONE,
	  "WARNING: bad unlock balance in %f",
	  PARTS({ PART_LINE, "is trying to release lock" }, { PART_PC, NULL }), NULL, NULL, 0 },
	{ "lockdep", "BUG: held lock freed!", NULL, CAPTURE_NONE, "BUG: held lock freed in %f",
	  PARTS({ PART_AT, NULL }), NULL, NULL, 0 },
	{ "lockdep", "WARNING: held lock freed!", NULL, CAPTURE_NONE, "WARNING: held lock freed in %f",
	  PARTS({ PART_AT, NULL }), NULL, NULL, 0 },
	{ "lockdep", "WARNING: Nested lock was not taken", NULL, CAPTURE_NONE,
	  "WARNING: nested lock was not taken in %f", CALL_TRACE, NULL, NULL, 0 },
	{ "lockdep", "possible circular locking dependency detected", NULL, CAPTURE_NONE,
	  "possible deadlock in %f",
	  PARTS({ PART_LINE, "is trying to acquire lock" }, { PART_AT, NULL }, { PART_AT, NULL }), NULL,
	  SKIP("process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"), 0 },
	{ "lockdep", "possible irq lock inversion dependency detected", NULL, CAPTURE_NONE,
	  "possible deadlock in %f",
	  PARTS({ PART_LINE, "just changed the state of lock" }, { PART_AT, NULL }), NULL, NULL, 0 },
	{ "lockdep", "-safe -> ", "-unsafe lock order detected", CAPTURE_NONE,
	  "possible deadlock in %f",
	  PARTS({ PART_LINE, "is trying to acquire" }, { PART_AT, NULL }), NULL, NULL, 0 },
	{ "lockdep", "possible recursive locking detected", NULL, CAPTURE_NONE,
	  "possible deadlock in %f",
	  PARTS({ PART_LINE, "is trying to acquire lock" }, { PART_AT, NULL }), NULL, NULL, 0 },
	{ "lockdep", "inconsistent lock state", NULL, CAPTURE_NONE, "inconsistent lock state in %f",
	  PARTS({ PART_LINE, "takes" }, { PART_AT, NULL }), NULL, NULL, 0 },
	{ "kasan", "INFO: Freed in ", NULL, CAPTURE_REST, "INFO: Freed in %s", NULL, NULL, NULL, 0 },
	{ "kasan", "INFO: Allocated in ", NULL, CAPTURE_REST, "INFO: Allocated in %s", NULL, NULL, NULL, 0 },
	{ "lockdep", "INFO: trying to register non-static key", NULL, CAPTURE_NONE,
	  "INFO: trying to register non-static key in %f", CALL_TRACE, NULL,
	  SKIP("stack", "lock", "IRQ"), 0 },
	{ "lockdep", "BUG: MAX_", NULL, CAPTURE_REST, "BUG: MAX_%s", NULL, NULL, NULL, 0 },

	/* RCU, stalls, hangs, lockups */
	{ "rcu", "WARNING: suspicious RCU usage", NULL, CAPTURE_NONE,
	  "WARNING: suspicious RCU usage in %f", CALL_TRACE, NULL,
	  SKIP("rcu", "kmem", "slab", "kmalloc", "vmalloc", "kcalloc", "kzalloc"), 0 },
	{ "rcu", "INFO: suspicious RCU usage", NULL, CAPTURE_NONE,
	  "INFO: suspicious RCU usage in %f", CALL_TRACE, NULL,
	  SKIP("rcu", "kmem", "slab", "kmalloc", "vmalloc", "kcalloc", "kzalloc"), 0 },
	{ "rcu_stall", "INFO: rcu_", " stall", CAPTURE_NONE, "INFO: rcu detected stall in %f",
	  PARTS({ PART_LINE, "apic_timer_interrupt" }, { PART_RIP, NULL }, { PART_STACK, NULL }),
	  PARTS({ PART_LINE, "apic_timer_interrupt" }, { PART_STACK, NULL }),
	  SKIP("apic_timer_interrupt", "rcu"), EXTRACT_STALL },
	{ "hung_task", "INFO: task ", " can't die for more than ", CAPTURE_NONE,
	  "INFO: task can't die in %f", CALL_TRACE, NULL, SKIP("schedule"), 0 },
	{ "hung_task", "INFO: task ", " for more than ", CAPTURE_NONE,
	  "INFO: task hung in %f", CALL_TRACE, NULL, NULL, EXTRACT_HANG },
	{ "soft_lockup", "BUG: soft lockup", NULL, CAPTURE_NONE, "BUG: soft lockup in %f",
	  RIP_TRACE, NULL, NULL, EXTRACT_STALL },
	{ "hard_lockup", "Watchdog detected hard LOCKUP", NULL, CAPTURE_NONE,
	  "watchdog: hard lockup in %f", RIP_TRACE, NULL, NULL, EXTRACT_STALL },
	{ "workqueue", "BUG: workqueue lockup", NULL, CAPTURE_NONE, "BUG: workqueue lockup",
	  NULL, NULL, NULL, 0 },
	{ "workqueue", "BUG: workqueue leaked lock or atomic", NULL, CAPTURE_NONE,
	  "BUG: workqueue leaked lock or atomic in %f",
	  PARTS({ PART_FUNC, "last function: " }), NULL, NULL, 0 },

	/* memory */
	{ "memory_leak", "BUG: memory leak", NULL, CAPTURE_NONE, "memory leak in %f",
	  PARTS({ PART_LINE, "backtrace:" }, { PART_STACK, NULL }), NULL,
	  SKIP("kmemleak", "kmalloc", "kcalloc", "kzalloc", "vmalloc", "mmap", "kmem", "slab",
	       "alloc", "create_object", "idr_get", "list_lru_init", "kasprintf", "kvasprintf",
	       "pcpu_create", "strdup", "strndup", "memdup"), 0 },
	{ "bad_page", "BUG: Bad page state", NULL, CAPTURE_NONE, "BUG: Bad page state in %f",
	  PARTS({ PART_LINE, "page last allocated via" }, { PART_STACK, NULL }), NULL,
	  SKIP("alloc", "get_page_from_freelist", "filemap_get_folio", "pagecache_get_page",
	       "page_owner"), 0 },
	{ "bad_page", "BUG: Bad page map", NULL, CAPTURE_NONE, "BUG: Bad page map", NULL, NULL, NULL, 0 },
	{ "bad_page", "BUG: Bad rss-counter state", NULL, CAPTURE_NONE, "BUG: Bad rss-counter state",
	  NULL, NULL, NULL, 0 },
	{ "bad_page", "BUG: non-zero nr_", NULL, CAPTURE_REST, "BUG: non-zero nr_%s", NULL, NULL, NULL, 0 },
	{ "bug", "BUG: Dentry ", " still in use", CAPTURE_DENTRY, "BUG: Dentry still in use %s",
	  NULL, NULL, NULL, 0 },
	{ "bug", "BUG kmalloc-", ": Object already free", CAPTURE_NONE, "BUG: Object already free",
	  NULL, NULL, NULL, 0 },

	/* sleeping, preemption */
	{ "bug", "BUG: sleeping function called from invalid context", NULL, CAPTURE_NONE,
	  "BUG: sleeping function called from invalid context in %f", CALL_TRACE, NULL, NULL, 0 },
	{ "bug", "BUG: scheduling while atomic", NULL, CAPTURE_NONE,
	  "BUG: scheduling while atomic in %f", CALL_TRACE, NULL,
	  SKIP("schedule", "preempt"), 0 },
	{ "bug", "BUG: using ", " in preemptible", CAPTURE_CALL,
	  "BUG: using %s in preemptible code in %f", CALL_TRACE, NULL,
	  SKIP("dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"), 0 },

	/* stack */
	{ "stack_corruption", "BUG: ", "stack guard page was hit", CAPTURE_NONE,
	  "BUG: stack guard page was hit in %f", RIP_TRACE, NULL, NULL, EXTRACT_STALL },
	{ "stack_corruption", "Kernel panic - not syncing: stack-protector:", NULL, CAPTURE_NONE,
	  "kernel panic: stack is corrupted in %f",
	  PARTS({ PART_FUNC, "stack is corrupted in: " }), CALL_TRACE, SKIP("stack_chk"), 0 },
	{ "stack_corruption", "Kernel panic - not syncing: corrupted stack end", NULL, CAPTURE_NONE,
	  "kernel panic: corrupted stack end in %f", CALL_TRACE, NULL,
	  SKIP("schedule", "retint_kernel"), EXTRACT_STALL },
	{ "stack_corruption", "Kernel panic - not syncing: kernel stack overflow", NULL, CAPTURE_NONE,
	  "kernel stack overflow in %f", CALL_TRACE, NULL, NULL, EXTRACT_STALL },
	{ "double_fault", "PANIC: double fault", NULL, CAPTURE_NONE, "PANIC: double fault in %f",
	  RIP_ONLY, NULL, NULL, 0 },

	/* BUG_ON(), traps */
	{ "bug", "kernel BUG at mm/usercopy.c", NULL, CAPTURE_NONE, "BUG: bad usercopy in %f",
	  CALL_TRACE, NULL, SKIP("usercopy", "__check"), 0 },
	{ "bug", "kernel BUG at lib/list_debug.c", NULL, CAPTURE_NONE, "BUG: corrupted list in %f",
	  CALL_TRACE, NULL, NULL, 0 },
	{ "bug", "kernel BUG", NULL, CAPTURE_NONE, "kernel BUG in %f", RIP_TRACE, CALL_TRACE, NULL, 0 },
	{ "bug", "Kernel BUG ", NULL, CAPTURE_REST, "kernel BUG %s", NULL, NULL, NULL, 0 },
	{ "divide_error", "divide_error:", NULL, CAPTURE_NONE, "divide error in %f", RIP_ONLY, NULL, NULL, 0 },
	{ "divide_error", "divide error:", NULL, CAPTURE_NONE, "divide error in %f", RIP_ONLY, NULL, NULL, 0 },
	{ "invalid_opcode", "invalid opcode:", NULL, CAPTURE_NONE, "invalid opcode in %f", RIP_ONLY,
	  NULL, NULL, 0 },
	{ "int3", "Oops: int3", NULL, CAPTURE_NONE, "int3 in %f", RIP_ONLY, NULL, NULL, 0 },
	{ "oops", "Internal error: ", NULL, CAPTURE_NONE, "Internal error in %f",
	  PC_TRACE("pc : "), PC_TRACE("PC is at "), NULL, 0 },
	{ "oops", "Unhandled fault: ", NULL, CAPTURE_NONE, "Unhandled fault in %f",
	  PC_TRACE("PC is at "), NULL, NULL, 0 },
	{ "oops", "Alignment trap: ", NULL, CAPTURE_NONE, "Alignment trap in %f",
	  PARTS({ PART_FUNC, "PC is at " }), NULL, NULL, 0 },
	{ "ubsan", "UBSAN: Undefined behaviour in", NULL, CAPTURE_NONE,
	  "UBSAN: undefined-behaviour in %f", CALL_TRACE, NULL, SKIP("ubsan", "overflow"), 0 },
	{ "ubsan", "UBSAN: ", " in ", CAPTURE_WORD, "UBSAN: %s in %f", CALL_TRACE, NULL,
	  SKIP("ubsan", "overflow"), 0 },

	/* WARN() */
	{ "warning", "WARNING: ", "lib/debugobjects.c", CAPTURE_NONE, "WARNING: ODEBUG bug in %f",
	  WARNING_PARTS, CALL_TRACE,
	  SKIP("debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "kmem_", "slab_", "kfree",
	       "vunmap", "vfree", "__free_", "debug_check", "kobject_"), 0 },
	{ "warning", "WARNING: ", "mm/usercopy.c", CAPTURE_NONE, "WARNING: bad usercopy in %f",
	  WARNING_PARTS, CALL_TRACE, SKIP("usercopy", "__check"), 0 },
	{ "warning", "WARNING: ", "lib/kobject.c", CAPTURE_NONE, "WARNING: kobject bug in %f",
	  WARNING_PARTS, CALL_TRACE, SKIP("kobject_"), 0 },
	{ "warning", "WARNING: ", "fs/proc/generic.c", CAPTURE_NONE,
	  "WARNING: proc registration bug in %f", WARNING_PARTS, CALL_TRACE, SKIP("proc_"), 0 },
	{ "warning", "WARNING: ", "lib/refcount.c", CAPTURE_NONE, "WARNING: refcount bug in %f",
	  WARNING_PARTS, CALL_TRACE, SKIP("refcount", "kobject_"), 0 },
	{ "warning", "WARNING: ", "kernel/locking/lockdep.c", CAPTURE_NONE,
	  "WARNING: locking bug in %f", WARNING_PARTS, CALL_TRACE,
	  SKIP("lock_sock", "release_sock"), 0 },
	{ "warning", "WARNING: ", "mm/vmalloc.c", CAPTURE_NONE, "WARNING: zero-size vmalloc in %f",
	  WARNING_PARTS, CALL_TRACE, SKIP("vmalloc", "kvmalloc"), 0 },
	{ "warning", "WARNING: ", "malloc", CAPTURE_NONE, "WARNING: kmalloc bug in %f",
	  WARNING_PARTS, CALL_TRACE,
	  SKIP("kmalloc", "kcalloc", "kzalloc", "krealloc", "vmalloc", "slab", "kmem"), 0 },
	{ "warning", "WARNING: ", " usb_submit_urb", CAPTURE_NONE, "WARNING in %f/usb_submit_urb",
	  WARNING_PARTS, CALL_TRACE,
	  SKIP("usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg",
	       "usb_control_msg"), 0 },
	{ "warning", "WARNING: kernel stack regs at ", "(ptrval)", CAPTURE_NONE,
	  "WARNING: kernel stack regs has bad value", NULL, NULL, NULL, 0 },
	{ "warning", "WARNING: kernel stack frame pointer at ", "(ptrval)", CAPTURE_NONE,
	  "WARNING: kernel stack regs has bad value", NULL, NULL, NULL, 0 },
	{ "warning", "WARNING: kernel stack regs at", " has bad 'bp' value", CAPTURE_NONE,
	  "WARNING: kernel stack regs has bad 'bp' value", NULL, NULL, NULL, 0 },
	{ "warning", "WARNING: kernel stack regs", NULL, CAPTURE_NONE,
	  "WARNING: kernel stack regs has bad value", NULL, NULL, NULL, 0 },
	{ "warning", "WARNING: kernel stack frame pointer", NULL, CAPTURE_NONE,
	  "WARNING: kernel stack frame pointer has bad value", NULL, NULL, NULL, 0 },
	{ "warning", "WARNING: ", " at ", CAPTURE_NONE, "WARNING in %f", WARNING_PARTS, CALL_TRACE,
	  NULL, 0 },

	/* panics */
	{ "panic", "Kernel panic - not syncing: Attempted to kill init!", NULL, CAPTURE_NONE,
	  "kernel panic: Attempted to kill init!", NULL, NULL, NULL, 0 },
	{ "panic", "Kernel panic - not syncing: Couldn't open N_TTY ldisc", NULL, CAPTURE_NONE,
	  "kernel panic: Couldn't open N_TTY ldisc", NULL, NULL, NULL, 0 },
	{ "panic", "Kernel panic - not syncing: panic_on_warn set", NULL, CAPTURE_NONE,
	  "kernel panic: panic_on_warn set", NULL, NULL, NULL, 0 },
	{ "panic", "Kernel panic - not syncing: Fatal exception", NULL, CAPTURE_NONE,
	  "kernel panic: Fatal exception", NULL, NULL, NULL, 0 },
	{ "panic", "Kernel panic - not syncing: hung_task: blocked tasks", NULL, CAPTURE_NONE,
	  "kernel panic: hung_task: blocked tasks", NULL, NULL, NULL, 0 },
	{ "panic", "Kernel panic - not syncing: ", NULL, CAPTURE_REST, "kernel panic: %s",
	  NULL, NULL, NULL, 0 },

	/* a header and nothing after it: a report cut short */
	{ "bug", "BUG:", "", CAPTURE_NONE, "BUG: corrupted", NULL, NULL, NULL, 0 },
	{ "warning", "WARNING:", "", CAPTURE_NONE, "WARNING: corrupted", NULL, NULL, NULL, 0 },
	{ "info", "INFO:", "", CAPTURE_NONE, "INFO: corrupted", NULL, NULL, NULL, 0 },

	/* rebooted, leaks of devices, files */
	{ "reboot", "Booting the kernel.", NULL, CAPTURE_NONE, "unexpected kernel reboot",
	  NULL, NULL, NULL, 0 },
	{ "netdev", "unregister_netdevice: waiting for ", " to become free", CAPTURE_NONE,
	  "unregister_netdevice: waiting for DEV to become free", NULL, NULL, NULL, 0 },
	{ "vfs", "VFS: Close: file count is ", NULL, CAPTURE_NONE,
	  "VFS: Close: file count is zero (use-after-free)", NULL, NULL, NULL, 0 },
	{ "vfs", "VFS: Busy inodes after unmount", NULL, CAPTURE_NONE,
	  "VFS: Busy inodes after unmount (use-after-free)", NULL, NULL, NULL, 0 },

	/* what syzkaller's own programs report */
	{ "go", "fatal error: ", NULL, CAPTURE_NONE, "go runtime error", NULL, NULL, NULL, 0 },
	{ "syzkaller", "SYZFAIL:", NULL, CAPTURE_REST, "SYZFAIL:%s", NULL, NULL, NULL, 0 },
	{ "syzkaller", "SYZFATAL:", NULL, CAPTURE_REST, "SYZFATAL:%s", NULL, NULL, NULL, 0 },
	{ "trusty", "trusty: panic", " ASSERT FAILED at ", CAPTURE_ASSERT, "trusty: ASSERT FAILED: %s",
	  NULL, NULL, NULL, 0 },
	{ "trusty", "trusty: panic", NULL, CAPTURE_ASSERT, "trusty: panic: %s", NULL, NULL, NULL, 0 },
};
_Static_assert(ARRAY_SIZE(kinds) <= CRASH_MAX_KINDS, "a log can hold every kind of crash");

/* Lines that look like a header and are not a crash. */
static const char *const not_crashes[] = {
	"WARNING: /etc/ssh/moduli does not exist",
	"WARNING: workqueue cpumask: online intersect > possible intersect",
	"INFO: lockdep is turned off",
	"INFO: Stall ended before state dump start",
	"INFO: NMI handler",
	"INFO: recovery required on readonly filesystem",
	"INFO: no syscalls can create resource",
	"BUG: no syscalls can create resource",
	"took too long",
	"WARNING: Unsupported flag value",	/* ld.so */
	"WARNING: Unprivileged eBPF is enabled",
	"WARNING: fbcon: Driver ",
	"WARNING: See https://kernel.org/doc/html/latest/admin-guide/hw-vuln/",
	"WARNING: kernel not compiled with ",
	"WARNING: Reset corrupted AGFL",
};

/* Frames every report goes through, never the one to blame. */
static const char *const skip_always[] = {
	"__sanitizer", "__asan", "kasan", "__msan", "kmsan", "kcsan_", "check_memory_region",
	"read_word_at_a_time", "print_address_description", "panic", "invalid_op", "report_bug",
	"fixup_bug", "do_error", "_trap", "dump_stack", "warn_slowpath", "warn_alloc", "__warn",
	"debug_object", "timer_is_static_object", "work_is_static_object", "lockdep", "perf_trace",
	"lock_acquire", "lock_release", "lock_class", "reacquire_held_locks", "spin_lock",
	"spin_trylock", "spin_unlock", "raw_read_lock", "raw_read_trylock", "raw_write_lock",
	"raw_write_trylock", "down", "up_read", "up_write", "mutex_lock", "mutex_trylock",
	"mutex_unlock", "mutex_remove_waiter", "osq_lock", "osq_unlock", "__wake_up", "refcount_add",
	"refcount_sub", "refcount_inc", "refcount_dec", "refcount_set", "refcount_read", "memcpy",
	"memcmp", "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy", "strlcpy", "strncpy",
	"strscpy", "strlen", "strnstr", "strnlen", "strchr", "copy_to_user", "copy_from_user",
	"put_user", "get_user", "might_fault", "might_sleep", "list_add", "list_del",
	"list_replace", "list_move", "list_splice", "_indirect_thunk_", "string", "pointer",
	"snprintf", "scnprintf", "kasprintf", "kvasprintf", "printk", "va_format", "dev_info",
	"dev_notice", "dev_warn", "dev_err", "dev_alert", "dev_crit", "dev_emerg",
	"program_check_exception", "program_check_common", "del_timer", "flush_work",
	"__cancel_work_timer", "cancel_work_sync", "try_to_grab_pending", "flush_workqueue",
	"drain_workqueue", "destroy_workqueue", "finish_wait", "kthread_stop", "kobject_del",
	"kobject_put", "kobject_uevent_env", "add_uevent_var", "get_device_parent", "device_add",
	"device_del", "device_unregister", "device_destroy", "device_release",
	"devres_release_all", "hwrng_unregister", "i2c_del_adapter", "__unregister_client",
	"device_for_each_child", "rollback_registered", "unregister_netdev", "sysfs_remove",
	"device_remove_file", "tty_unregister_device", "dummy_urb_enqueue", "usb_kill_urb",
	"usb_kill_anchored_urbs", "usb_control_msg", "usb_hcd_submit_urb", "usb_submit_urb",
	"wait_for_completion", "kfree_skb", "entry_SYSCALL", "exc_", "asm_exc_", "handle_bug",
	"__might_resched", "___might_sleep", "__might_sleep", "skb_put", "skb_push", "skb_pull",
	"skb_over_panic", "skb_under_panic", "rb_erase", "rb_insert", "rb_first", "rb_next",
	"rb_prev", "klist_", "ref_tracker", "__alloc_pages", "assertfail", "__check_heap_object",
	"write_comp_data", "__sanitizer_cov", "should_fail", "warn_bogus_irq_restore",
	"walk_stackframe", "__do_kernel_fault", "do_slb_fault", "vmalloc_fault",
	"mutex_optimistic_spin", "_raw_", "__bug", "show_stack", "check_preemption_disabled",
	"dump_backtrace", "local_bh_enable", "print_report", "do_tag_check_fault", "kmalloc",
	"alloc_pages", "alloc_page_", "mark_lock", "arch_stack_walk", "stack_trace_", "atomic_",
	"_bit", "hex_dump", "kobject_", "seqprop", "__read_once", "msan_", "tasklet_action",
	/* port I/O, checksums, printing helpers */
	"logic_in", "logic_out", "crc_itu_t", "trace_hardirqs", "trace_softirqs", "print_tainted",
	/* workqueues and timers the culprit queued or stopped */
	"insert_work", "__queue_delayed_work", "queue_delayed_work_on", "lock_timer_base",
	"__timer_delete_sync", "sk_stop_timer_sync", "__mod_timer",
	/* arm64's way into a fault */
	"do_kernel_fault", "do_translation_fault", "do_mem_abort", "el1_abort", "el1h_64_sync",
	"el1_sync",
	/* generic helpers of the page cache, inodes, lookups */
	"xas_start", "xas_load", "xas_find", "find_lock_entries", "truncate_inode_pages_range",
	"__phys_addr", "__fortify_report", "cleanup_srcu_struct", "rhashtable_lookup",
	"extract_user_to_sg", "extract_iter_to_sg", "drop_nlink", "ida_free", "dput",
	NULL,
};

/* Frames skipped only when they are the whole name. */
static const char *const skip_exact[] = {
	"complete", "kfree", "kvfree", "iput", "iput_final", "ihold", "get_taint", "put_device",
	"lock_page", "unlock_page", "readb", "readw", "readl", "readq", "writeb", "writew",
	"writel", "writeq", NULL,
};

/*
 * Where a stall's loop was entered: the frame before one of these is
 * the stall's title (syzkaller's linuxStallAnchorFrames).
 */
static const char *const stall_anchors[] = {
	"process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch",
	"tracesys_phase2", "netif_receive_skb", "do_softirq", "call_timer_fn", "_run_timers",
	"run_timer_softirq", "run_ksoftirqd", "smpboot_thread_fn", "kthread", "start_secondary",
	"cpu_startup_entry", "ret_from_fork", "vfs_write", "vfs_read", "vfs_iter_read",
	"vfs_iter_write", "do_iter_read", "do_iter_write", "vfs_ioctl", "ksys_ioctl",
	"compat_ioctl", "compat_sys_ioctl", "blkdev_driver_ioctl", "blkdev_ioctl",
	"do_iter_readv_writev", "mmap_region", "do_mmap", "do_dentry_open", "vfs_open",
	"__sys_setsockopt", "kernel_setsockopt", "sock_common_setsockopt", "__sys_listen",
	"kernel_listen", "sk_common_release", "__sys_accept", "kernel_accept", "__do_fault",
	"handle_mm_fault", "do_page_fault", "__fput", "task_work_run", "exit_to_usermode",
	"smp_call_function",
	NULL,
};

/* ... and these when the frame starts with them. */
static const char *const stall_anchor_prefixes[] = {
	"call_read_iter", "call_write_iter", "call_mmap", "sock_sendmsg", "sock_recvmsg",
	"sock_release", "__sock_release", "sock_mmap", "sock_do_ioctl", "sock_ioctl",
	"compat_sock_ioctl", "nfnetlink_rcv_msg", "rtnetlink_rcv_msg",
	NULL,
};

static const char *const syscall_prefixes[] = {
	"__x64_", "__ia32_", "__arm64_", "SYSC_", "SyS_", "compat_SYSC_", "compat_SyS_", NULL,
};

static const struct crash_header *find_header(const char *s, size_t len, const char **at)
{
	return crash_header_find(s, len, at, 0);
}

static int is_crash(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(not_crashes); i++)
		if (find(s, s + len, not_crashes[i]))
			return 0;
	return 1;
}

/*
 * Cuts what the console puts in front of the kernel's text: "<6>",
 * "[  12.345678] ", "[  12.345678][  T123] ", and a login prompt a
 * message interrupted.  The printk caller ("T123", "C1"), or "console"
 * for a timestamp alone, or "" for none, goes to `context`: lines of one
 * report share it.  *prefix_colon says whether what was cut has a colon.
 */
static const char *strip_prefix(const char *line, size_t *len, char context[16], int *prefix_colon)
{
	const char *s = line, *end = line + *len, *p, *q;

	context[0] = '\0';
	if (end > s && end[-1] == '\r')
		end--;
	if (starts_with(s, end, "** ") && (p = find(s, end, " printk messages dropped ** ")))
		s = p + 28;
	if (s < end && *s != '[' && *s != '<' && memchr(s, ':', end - s) &&
	    (p = find(s, end, " login: ")) && p + 8 < end && (p[8] == '[' || p[8] == '<'))
		s = p + 8;
	/* what follows, a printk level, time and caller, has no colon */
	*prefix_colon = s > line && memchr(line, ':', s - line);
	p = s;
	if (p < end && *p == '<') {
		q = p + 1;
		while (q < end && q - p <= 3 && is_digit(*q))
			q++;
		if (q > p + 1 && q < end && *q == '>')
			p = q + 1;
	}
	if ((q = printk_time_end(p, end))) {
		strcpy(context, "console");
		p = q;
		if (p < end && *p == '[') {
			const char *c = p + 1;

			while (c < end && *c == ' ')
				c++;
			q = c;
			if (q < end && (*q == 'C' || *q == 'T'))
				q++;
			while (q < end && is_digit(*q))
				q++;
			if (q < end && *q == ']' && q > c + 1 && q - c < 15) {
				memcpy(context, c, q - c);
				context[q - c] = '\0';
				p = q + 1;
			}
		}
		if (p < end && *p == ' ')
			p++;
		s = p;
	}
	*len = end - s;
	return s;
}

/* A function name at p, as a stack frame spells it: "name+0x" or "name.isra.0+0x". */
static size_t func_at(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && is_ident(*q))
		q++;
	if (q == p || q >= end || (*q != '.' && *q != '+'))
		return 0;
	return q - p;
}

/* Skips "[<ffffffff81234567>]" and the blanks after it. */
static const char *skip_pc(const char *p, const char *end)
{
	const char *q = p;

	if (q >= end || *q != '[')
		return NULL;
	q++;
	if (q < end && *q == '<')
		q++;
	if (starts_with(q, end, "0x"))
		q += 2;
	if (q >= end || !is_hex(*q))
		return NULL;
	while (q < end && is_hex(*q))
		q++;
	if (q < end && *q == '>')
		q++;
	if (q >= end || *q != ']')
		return NULL;
	q++;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	return q;
}

/* A stack frame line: "  func+0x12/0x34", " [<ffff..>] func+0x..", " ? func" is not. */
static size_t frame_line(const char *s, const char *end, const char **fn)
{
	const char *p = s, *q;
	int pcs = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (pcs < 2 && (q = skip_pc(p, end))) {
		p = q;
		pcs++;
	}
	/* arm: "[<8013fee8>] (callee) from [<8207ed1c>] (caller+0x12c/0x1f0)" */
	if (pcs && p < end && *p == '(' && (q = find(p, end, ") from ")) &&
	    (q = skip_pc(q + 7, end)) && q < end && *q == '(')
		p = q + 1;
	*fn = p;
	return func_at(p, end);
}

/*
 * Where the CPU was: "RIP: 0010:func+0x..", "IP: [<..>] func+0x..",
 * arm64's "pc : func+0x..", riscv's "epc : func+0x..", powerpc's
 * "NIP [c000..] func+0x..".  "RIP: 0033:0x4..." (user space) and a
 * "(null)" function match without a function.
 */
static int rip_line(const char *s, const char *end, const char **fn, size_t *fn_len)
{
	const char *p, *q;
	int pcs = 0;

	*fn_len = 0;
	while (s < end && *s == ' ')
		s++;
	if ((p = find(s, end, "IP:")) && p + 3 < end && p[3] == ' ')
		p += 3;
	else if (starts_with(s, end, "pc : ") || starts_with(s, end, "epc : "))
		p = find(s, end, " : ") + 2;
	else if (starts_with(s, end, "NIP ["))
		p = s + 3;
	else
		return 0;
	while (p < end && *p == ' ')
		p++;
	q = p;
	while (q < end && is_digit(*q))
		q++;
	if (q > p && q < end && *q == ':') {
		p = q + 1;
		if (starts_with(p, end, "0x"))
			return 1;	/* user space */
	}
	while (pcs < 2 && (q = skip_pc(p, end))) {
		p = q;
		pcs++;
	}
	*fn = p;
	*fn_len = func_at(p, end);
	return *fn_len > 0 || find(p, end, "(null)");
}

/* Lockdep's "... at: [<..>] func+0x..", or "at: func+0x..". */
static int at_line(const char *s, const char *end, const char **fn, size_t *fn_len)
{
	const char *p = find(s, end, "at: "), *q;

	if (!p)
		return 0;
	p += 4;
	if ((q = skip_pc(p, end)))
		p = q;
	*fn = p;
	*fn_len = func_at(p, end);
	return *fn_len > 0;
}

static int pc_line(const char *s, const char *end, const char **fn, size_t *fn_len)
{
	const char *p = find(s, end, "[<");

	if (!p || !(p = skip_pc(p, end)))
		return 0;
	*fn = p;
	*fn_len = func_at(p, end);
	return *fn_len > 0;
}

/* "Call Trace:", "Allocated by task 1:", "Freed by task 1:", " backtrace:" */
static int stack_start(const char *s, const char *end)
{
	const char *p;

	if (find(s, end, "Call Trace") || find(s, end, "Call trace:") || find(s, end, "Backtrace:") ||
	    find(s, end, "Allocated:") || find(s, end, "Freed:"))
		return 1;
	if (((p = find(s, end, "Allocated by task ")) || (p = find(s, end, "Freed by task "))) &&
	    memchr(p, ':', end - p))
		return 1;
	p = find(s, end, " backtrace:");
	return p && p > s && p[-1] != 'k';
}

static int skipped(const struct crash_kind *k, const char *fn, size_t len)
{
	const char *end = fn + len;
	size_t i;

	for (i = 0; skip_always[i]; i++)
		if (find(fn, end, skip_always[i]))
			return 1;
	for (i = 0; skip_exact[i]; i++)
		if (strlen(skip_exact[i]) == len && !memcmp(fn, skip_exact[i], len))
			return 1;
	/* checksums: crc16, crc32_le_base, crc32c */
	if (len > 3 && !memcmp(fn, "crc", 3) && is_digit(fn[3]))
		return 1;
	for (i = 0; k->skip && k->skip[i]; i++)
		if (find(fn, end, k->skip[i]))
			return 1;
	return 0;
}

struct frames {
	const char *fn[CRASH_MAX_FRAMES];
	size_t len[CRASH_MAX_FRAMES];
	size_t nr;
};

static void add_frame(struct frames *f, const struct crash_kind *k, const char *fn, size_t len)
{
	if (!len || f->nr >= CRASH_MAX_FRAMES || skipped(k, fn, len))
		return;
	f->fn[f->nr] = fn;
	f->len[f->nr++] = len;
}

static const char *next_line(const char *p, const char *end, const char **eol)
{
	const char *nl = memchr(p, '\n', end - p);

	*eol = nl ? nl : end;
	return nl ? nl + 1 : end;
}

/* One part's match in the line [s, eol): whether it matched, and its frame. */
static int part_matches(const struct part *part, const char *s, const char *eol,
			const char **fn, size_t *fn_len)
{
	*fn_len = 0;
	switch (part->kind) {
	case PART_LINE:
		if (find(s, eol, part->text))
			return 1;
		/* arm64, arm */
		return !strcmp(part->text, "Call Trace:") &&
			(find(s, eol, "Call trace:") || find(s, eol, "Backtrace:"));
	case PART_FUNC: {
		const char *p = find(s, eol, part->text), *q;

		if (!p)
			return 0;
		/* "... in: func", "PC is at func+0x..", "last function: func" */
		p += strlen(part->text);
		while (p < eol && *p == ' ')
			p++;
		if ((q = skip_pc(p, eol)))
			p = q;
		*fn = p;
		while (p < eol && is_ident(*p))
			p++;
		/* a function, not the next word: "func+0x..", "func.isra.0", "func" at the end */
		if (p < eol && *p != '+' && *p != '.')
			p = *fn;
		/* nor an address: "stack is corrupted in: ffffffff8343632e" */
		if (hex_run(*fn, p) == p)
			p = *fn;
		*fn_len = p - *fn;
		return 1;
	}
	case PART_RIP:
		return rip_line(s, eol, fn, fn_len);
	case PART_AT:
		return at_line(s, eol, fn, fn_len);
	case PART_PC:
		return pc_line(s, eol, fn, fn_len);
	default:
		return 0;
	}
}

/*
 * Runs `parts` over the report from its header line on, collecting
 * frames; returns whether every part found its line.
 */
static void run_parts(const struct crash_kind *k, const struct part *parts, const char *report,
		      const char *end, struct frames *f)
{
	const char *p = report, *eol, *fn;
	size_t fn_len;

	f->nr = 0;
	for (; parts->kind != PART_END; parts++) {
		if (parts->kind == PART_STACK) {
			while (p < end) {
				const char *line = p;

				p = next_line(p, end, &eol);
				if (stack_start(line, eol))
					break;
				if (parts[1].kind != PART_END &&
				    part_matches(&parts[1], line, eol, &fn, &fn_len)) {
					add_frame(f, k, fn, fn_len);
					parts++;
					break;
				}
				/* frame_line() sets fn: call it before reading fn */
				fn_len = frame_line(line, eol, &fn);
				add_frame(f, k, fn, fn_len);
			}
			continue;
		}
		while (p < end) {
			const char *line = p;

			p = next_line(p, end, &eol);
			if (part_matches(parts, line, eol, &fn, &fn_len)) {
				add_frame(f, k, fn, fn_len);
				break;
			}
		}
	}
}

static int frame_is(const char *fn, size_t len, const char *const *list, int prefix)
{
	size_t i;

	for (i = 0; list[i]; i++) {
		size_t n = strlen(list[i]);

		if (prefix ? len >= n && !memcmp(fn, list[i], n) : !!find(fn, fn + len, list[i]))
			return 1;
	}
	return 0;
}

static void strip_syscall_prefix(const char **fn, size_t *len)
{
	size_t i, n;

	for (i = 0; syscall_prefixes[i]; i++) {
		n = strlen(syscall_prefixes[i]);
		if (*len > n && !memcmp(*fn, syscall_prefixes[i], n)) {
			*fn += n;
			*len -= n;
			return;
		}
	}
}

/* The frame a row's extractor picks; 0 when none. */
static size_t pick_frame(const struct crash_kind *k, const struct frames *f, const char **out)
{
	size_t i;

	if (!f->nr)
		return 0;
	if (k->extractor == EXTRACT_STALL) {
		const char *prev = f->fn[0];
		size_t prev_len = f->len[0];

		for (i = 0; i < f->nr; i++) {
			if (frame_is(f->fn[i], f->len[i], stall_anchors, 0) ||
			    frame_is(f->fn[i], f->len[i], stall_anchor_prefixes, 1)) {
				strip_syscall_prefix(&prev, &prev_len);
				*out = prev;
				return prev_len;
			}
			prev = f->fn[i];
			prev_len = f->len[i];
		}
		return 0;
	}
	if (k->extractor == EXTRACT_HANG) {
		static const char *const rcu[] = {
			"synchronize_rcu", "synchronize_srcu", "synchronize_net", "synchronize_sched", NULL,
		};
		static const char *const waits[] = {
			"sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait",
			"synchronize", "context_switch", "__switch_to", "cancel_delayed_work", NULL,
		};

		for (i = 0; i < f->nr; i++) {
			if (frame_is(f->fn[i], f->len[i], rcu, 0)) {
				*out = "synchronize_rcu";
				return strlen(*out);
			}
			if (find(f->fn[i], f->fn[i] + f->len[i], "rtnl_lock")) {
				*out = f->fn[i];
				return f->len[i];
			}
		}
		for (i = 0; i < f->nr; i++) {
			if (!frame_is(f->fn[i], f->len[i], waits, 0)) {
				*out = f->fn[i];
				return f->len[i];
			}
		}
		return 0;
	}
	*out = f->fn[0];
	return f->len[0];
}

/* The function a report's title names, or "corrupted". */
static void add_function(const struct crash_kind *k, const char *report, const char *end,
			 struct strbuf *out)
{
	struct frames f;
	const char *fn = NULL;
	size_t len = 0;

	if (k->parts) {
		run_parts(k, k->parts, report, end, &f);
		len = pick_frame(k, &f, &fn);
	}
	if (!len && k->parts2) {
		run_parts(k, k->parts2, report, end, &f);
		len = pick_frame(k, &f, &fn);
	}
	if (len)
		strbuf_add(out, fn, len);
	else
		strbuf_addstr(out, "corrupted");
}

/* The words of a title that come from the header line (or the report). */
static void add_capture(const struct crash_kind *k, const char *header, const char *header_end,
			const char *report, const char *end, struct strbuf *out)
{
	const char *p = find(header, header_end, k->match), *q, *eol;

	if (!p)
		return;
	p += strlen(k->match);
	switch (k->capture) {
	case CAPTURE_NONE:
		break;
	case CAPTURE_WORD:
		for (q = p; q < header_end && (is_ident(*q) || *q == '-'); q++)
			;
		strbuf_add(out, p, q - p);
		break;
	case CAPTURE_REST:
		strbuf_add(out, p, header_end - p);
		break;
	case CAPTURE_FUNC:
		strbuf_add(out, p, func_at(p, header_end));
		break;
	case CAPTURE_KASAN: {
		const char *access = NULL;
		const char *line = report;

		for (q = p; q < header_end && (is_ident(*q) || *q == '-'); q++)
			;
		strbuf_add(out, p, q - p);
		while (line < end) {
			const char *next = next_line(line, end, &eol);

			if ((access = find(line, eol, "Read of size")) ||
			    (access = find(line, eol, "Write of size")) ||
			    (access = find(line, eol, "Read at addr")) ||
			    (access = find(line, eol, "Write at addr")))
				break;
			line = next;
		}
		if (access)
			strbuf_addstr(out, *access == 'R' ? " Read" : " Write");
		break;
	}
	case CAPTURE_DENTRY:
		q = find(p, header_end, "[unmount of ");
		if (q)
			strbuf_add(out, q, header_end - q);
		break;
	case CAPTURE_CALL:
		q = find(header, header_end, "BUG: using ");
		if (q) {
			q += 11;
			for (eol = q; eol < header_end && *eol != ' '; eol++)
				;
			strbuf_add(out, q, eol - q);
		}
		break;
	case CAPTURE_PHRASE:
	case CAPTURE_UPTO_IN: {
		const char *stop = find(p, header_end, k->capture == CAPTURE_PHRASE ? " on " : " in ");
		const char *comma = k->capture == CAPTURE_PHRASE ? memchr(p, ',', header_end - p) : NULL;

		if (!stop || (comma && comma < stop))
			stop = comma ? comma : header_end;
		strbuf_add(out, p, stop - p);
		break;
	}
	case CAPTURE_ASSERT:
		if ((q = find(p, header_end, "ASSERT FAILED at (")))
			p = q;
		q = find(p, header_end, "): ");
		if (q)
			strbuf_add(out, q + 3, header_end - q - 3);
		break;
	}
}

/*
 * What syzbot does to titles so that the same bug gets the same one
 * (syzkaller's dynamicTitleReplacement): the executor's number goes;
 * after a character that is no letter or digit, six hex digits or more
 * become ADDR and a number standing alone NUM ("do_con_write.part.NUM at
 * addr ADDR"); "file.c:123" becomes "file.c:LINE"; "func+0x1a/0x2b"
 * loses its offsets; seven digits or more become NUM anywhere; runs of
 * blanks become one space; at most CRASH_MAX_TITLE bytes.
 */
static void clean_title(struct strbuf *out, const char *s, size_t len)
{
	const char *end = s + len, *p = s, *q;
	size_t start = out->len;

	while (p < end) {
		int after_word = p > s && (is_ident(p[-1]) || (unsigned char)p[-1] >= 0x80);

		if (starts_with(p, end, "syz-executor")) {
			/* which executor is not part of the bug */
			strbuf_addstr(out, "syz-executor");
			p += 12;
			while (p < end && (is_digit(*p) || *p == '.' || *p == '/' || *p == ':'))
				p++;
			continue;
		}
		if (p > s && !is_alnum(p[-1]) && (q = hex_run(p, end))) {
			strbuf_addstr(out, "ADDR");
			p = q;
			continue;
		}
		if (*p == '+' && after_word && starts_with(p, end, "+0x")) {
			for (q = p + 3; q < end && (is_hex(*q) || *q == '/' || *q == 'x'); q++)
				;
			p = q;
			continue;
		}
		if (*p == ':' && p + 1 < end && is_digit(p[1]) && after_file_name(out, start)) {
			strbuf_addstr(out, ":LINE");
			for (p++; p < end && (is_digit(*p) || (*p == ':' && p + 1 < end && is_digit(p[1]))); p++)
				;
			continue;
		}
		if (is_digit(*p)) {
			for (q = p; q < end && is_digit(*q); q++)
				;
			if (q - p >= 7 || (p > s && !after_word && (q == end || !is_ident(*q))))
				strbuf_addstr(out, "NUM");
			else
				strbuf_add(out, p, q - p);
			p = q;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			if (out->len > start && out->buf[out->len - 1] != ' ')
				strbuf_addch(out, ' ');
		} else if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f) {
			strbuf_addch(out, *p);
		}
		p++;
	}
	while (out->len > start && out->buf[out->len - 1] == ' ')
		out->len--;
	if (out->len - start > CRASH_MAX_TITLE)
		out->len = start + CRASH_MAX_TITLE;
	while (out->len > start && out->buf[out->len - 1] == ' ')
		out->len--;
	out->buf[out->len] = '\0';
}

/* Whether a KASAN report says what the access was ("Read of size 8"). */
static int kasan_access(const char *report, const char *end)
{
	return find(report, end, "Read of size") || find(report, end, "Write of size") ||
		find(report, end, "Read at addr") || find(report, end, "Write at addr");
}

/*
 * The row that titles a report whose header line is [header, end),
 * looking up to `report_end` for what a row needs.
 */
static const struct crash_kind *find_kind(const char *header, const char *end,
					  const char *report_end)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		const char *p = find(header, end, kinds[i].match);

		if (!p)
			continue;
		/* an old KASAN report, without the access: its header is the title */
		if (kinds[i].capture == CAPTURE_KASAN && !kasan_access(header, report_end))
			continue;
		if (kinds[i].match2 && !*kinds[i].match2) {
			/* "" after the header: nothing but blanks */
			for (p += strlen(kinds[i].match); p < end && (*p == ' ' || *p == '\t'); p++)
				;
			if (p == end)
				return &kinds[i];
		} else if (!kinds[i].match2 || find(p, end, kinds[i].match2)) {
			return &kinds[i];
		}
	}
	return NULL;
}

/*
 * A header line cut short ("INFO: t") may be printed again in full
 * below: the first of the next lines with the same header that a row
 * titles, made the report's start.
 */
static const struct crash_kind *find_kind_below(const char **report, const char **eol,
						const char *end)
{
	const char *at, *line = *report, *line_end, *next;
	const struct crash_header *h = find_header(*report, *eol - *report, &at), *h2;
	const struct crash_kind *k;
	int n;

	next = next_line(line, end, &line_end);
	for (n = 0; n < 8 && next < end; n++) {
		line = next;
		next = next_line(line, end, &line_end);
		h2 = find_header(line, line_end - line, &at);
		if (h2 && h2 == h && (k = find_kind(at, line_end, end))) {
			*report = at;
			*eol = line_end;
			return k;
		}
	}
	return NULL;
}

/* The kind of a header no row titles: "BUG", "WARNING", ... made a path component. */
static const char *generic_kind(const char *header)
{
	if (!strncmp(header, "WARNING", 7))
		return "warning";
	if (!strncmp(header, "INFO", 4))
		return "info";
	if (!strncmp(header, "SYZ", 3))
		return "syzkaller";
	if (!strncmp(header, "Kernel panic", 12) || !strncmp(header, "PANIC", 5))
		return "panic";
	return "bug";
}

/* Titles the report read so far, and adds it to the crashes. */
static void end_report(struct crash_detector *d)
{
	const struct crash_kind *k;
	const char *report = d->report.buf, *end = report + d->report.len, *eol;
	struct strbuf *raw = &d->title;
	const char *kind;
	size_t i;

	if (!d->reading)
		return;
	d->reading = 0;
	next_line(report, end, &eol);
	strbuf_reset(raw);
	k = find_kind(report, eol, end);
	if (!k)
		k = find_kind_below(&report, &eol, end);
	if (k) {
		const char *f;

		for (f = k->title; *f; f++) {
			if (*f == '%' && f[1] == 's') {
				add_capture(k, report, eol, report, end, raw);
				f++;
			} else if (*f == '%' && f[1] == 'f') {
				add_function(k, report, end, raw);
				f++;
			} else {
				strbuf_addch(raw, *f);
			}
		}
		kind = k->kind;
	} else {
		const char *at = report;

		find_header(report, eol - report, &at);
		strbuf_add(raw, at, eol - at);
		kind = generic_kind(at);
	}

	for (i = 0; i < d->nr; i++)
		if (!strcmp(d->crashes[i].kind, kind))
			break;
	if (i < d->nr) {
		d->crashes[i].count++;
	} else {
		struct strbuf title = STRBUF_INIT;
		struct crash *c;

		if (d->nr == CRASH_MAX_KINDS)
			BUG("a kind of crash that is not in kinds[]: %s", kind);
		c = &d->crashes[d->nr++];

		clean_title(&title, raw->buf, raw->len);
		c->kind = kind;
		c->title = strbuf_detach(&title, NULL);
		c->count = 1;
		c->before_init = d->boot_seen && !d->init_seen;
	}
	strbuf_reset(&d->report);
	d->report_lines = 0;
}

static void start_report(struct crash_detector *d, const char *text, size_t len,
			 const char *context)
{
	d->reading = 1;	/* titled at its end, by its header line */
	d->reports++;
	strbuf_reset(&d->report);
	strbuf_add(&d->report, text, len);
	strbuf_addch(&d->report, '\n');
	d->report_lines = 1;
	strcpy(d->context, context);
	if (!d->header.len)
		strbuf_add(&d->header, text, len < 4096 ? len : 4096);
}

/* Whether a line ends the report being read, after it. */
static int ends_report(struct crash_detector *d, const char *s, size_t len)
{
	const char *end = s + len;

	if (d->report_lines >= CRASH_MAX_LINES || d->report.len >= CRASH_MAX_BYTES)
		return 1;
	if (starts_with(s, end, "---[ end "))
		return 1;
	/* after enough of a report, a panic or lockdep splat is its echo */
	return d->report_lines > 22 &&
		(find(s, end, "Kernel panic - not syncing") ||
		 find(s, end, "WARNING: possible circular locking dependency detected"));
}

static void note_boot(struct crash_detector *d, const char *s, size_t len)
{
	const char *end = s + len;

	switch (*s) {
	case 'L':
		if (starts_with(s, end, "Linux version ")) {
			d->boot_seen = 1;
			d->init_seen = 0;
		}
		break;
	case 'R':
		if (starts_with(s, end, "Run ") && find(s, end, " as init process"))
			d->init_seen = 1;
		break;
	case 'F':
		if (starts_with(s, end, "Freeing unused kernel"))
			d->init_seen = 1;
		break;
	}
}

int crash_detector_line(struct crash_detector *d, const char *line, size_t len)
{
	struct line_marks none = { NULL, 0 };

	return crash_detector_line_marked(d, line, len, none);
}

int crash_detector_line_marked(struct crash_detector *d, const char *line, size_t len,
			       struct line_marks marks)
{
	char context[16];
	int prefix_colon;
	const char *s = strip_prefix(line, &len, context, &prefix_colon), *at;
	const struct crash_header *h;

	if (!len)
		return 0;
	note_boot(d, s, len);
	h = crash_header_find_marked(s, len, &at, prefix_colon, marks.bits, marks.first + (s - line));
	if (h && (!is_crash(s, len) || (h->titled && !find_kind(at, s + len, s + len))))
		h = NULL;
	if (d->reading) {
		if (strcmp(context, d->context))
			return 0;	/* another task's or CPU's line */
		if (h && !h->cont) {
			end_report(d);
			start_report(d, at, len - (at - s), context);
			return 1;
		}
		if (find(s, s + len, "Disabling lock debugging due to kernel taint"))
			return 0;
		if (ends_report(d, s, len)) {
			end_report(d);
			return 0;
		}
		strbuf_add(&d->report, s, len);
		strbuf_addch(&d->report, '\n');
		d->report_lines++;
		return 0;
	}
	if (!h || (h->cont && d->nr))
		return 0;
	start_report(d, at, len - (at - s), context);
	return 1;
}

void crash_detector_init(struct crash_detector *d)
{
	memset(d, 0, sizeof(*d));
	crash_header_init();
	strbuf_init(&d->report, 0);
	strbuf_init(&d->header, 0);
	strbuf_init(&d->title, 0);
}

void crash_detector_release(struct crash_detector *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++)
		free(d->crashes[i].title);
	strbuf_release(&d->report);
	strbuf_release(&d->header);
	strbuf_release(&d->title);
	memset(d, 0, sizeof(*d));
}

void crash_detector_reset(struct crash_detector *d)
{
	crash_detector_release(d);
	crash_detector_init(d);
}

void crash_detector_finish(struct crash_detector *d)
{
	end_report(d);
}

const char *crash_detector_first_header(const struct crash_detector *d)
{
	return d->header.len ? d->header.buf : NULL;
}

const char *crash_detector_first_title(const struct crash_detector *d)
{
	return d->nr ? d->crashes[0].title : NULL;
}

int crash_detector_emit(struct crash_detector *d, struct result_sink *sink, enum crash_boot boot,
			size_t *emitted)
{
	struct strbuf path = STRBUF_INIT, reason = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < d->nr && !ret; i++) {
		struct crash *c = &d->crashes[i];

		strbuf_reset(&path);
		strbuf_addstr(&path, "kernel.crash.");
		strbuf_addstr(&path, c->kind);
		strbuf_reset(&reason);
		strbuf_addstr(&reason, c->title);
		if (c->count > 1)
			strbuf_addf(&reason, " (%lu reports)", c->count);
		ret = sink->test(sink, path.buf, STATUS_FAIL, reason.buf);
		(*emitted)++;
	}
	if (ret || boot == CRASH_BOOT_NONE)
		goto cleanup;
	if (d->nr && (boot == CRASH_BOOT_NO_TESTS || d->crashes[0].before_init)) {
		ret = sink->test(sink, "boot", STATUS_FAIL, d->crashes[0].title);
		(*emitted)++;
	} else if (boot == CRASH_BOOT_BY_INIT && d->boot_seen) {
		if (d->init_seen)
			ret = sink->test(sink, "boot", STATUS_PASS, NULL);
		else
			ret = sink->test(sink, "boot", STATUS_MISS, "the kernel did not start init");
		(*emitted)++;
	}
cleanup:
	strbuf_release(&path);
	strbuf_release(&reason);
	return ret;
}
