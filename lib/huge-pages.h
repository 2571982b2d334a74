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
 * xmalloc(), advised huge pages when `len` is at least two of them:
 * for the large arrays a command fills once (a note's tests).
 */
void *xmalloc_huge(size_t len);

#endif
