#ifndef HUGE_PAGES_H
#define HUGE_PAGES_H

#include <stddef.h>

#define HUGE_PAGE_SIZE ((size_t)2 << 20)

/*
 * Asks the kernel to back the 2 MB-aligned part of a large buffer with
 * huge pages where it can (transparent huge pages in "madvise" mode):
 * an 18 MB buffer then costs a few page faults instead of 4,500, which
 * on a virtual machine is a good part of filling it.  Only a hint: call
 * it before the buffer is first written.
 */
void advise_huge_pages(void *buf, size_t len);

/*
 * xmalloc(), in huge pages when `len` is at least half of one (it is
 * then aligned to one and rounded up to whole ones; free() frees it): for the
 * large arrays a command fills once (a note's tests, a spool's chunk).
 * On a virtual machine a page fault costs 5 to 15 us, so half a huge
 * page's 256 small pages cost more than the kernel clearing the huge
 * one.
 */
void *xmalloc_huge(size_t len);

#endif
