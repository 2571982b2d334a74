#include "lib/huge-pages.h"
#include "lib/usage.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

void advise_huge_pages(void *buf, size_t len)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = ((uintptr_t)buf + HUGE_PAGE_SIZE - 1) & ~(uintptr_t)(HUGE_PAGE_SIZE - 1);
	uintptr_t end = ((uintptr_t)buf + len) & ~(uintptr_t)(HUGE_PAGE_SIZE - 1);

	if (end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
#endif
}

void *xmalloc_huge(size_t len)
{
	size_t size = (len + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1);
	void *p;

	if (len < HUGE_PAGE_SIZE / 2)
		return xmalloc(len);
	if (size < len)
		die("out of memory, malloc failed (tried to allocate %zu bytes)", len);
	/*
	 * Whole huge pages: plain malloc() starts the buffer anywhere, and
	 * the parts before the first huge page boundary (the part filled
	 * first) and after the last one would be left to small pages.
	 */
	if (posix_memalign(&p, HUGE_PAGE_SIZE, size))
		die("out of memory, malloc failed (tried to allocate %zu bytes)", size);
	advise_huge_pages(p, size);
	return p;
}
