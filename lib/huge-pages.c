#include "lib/huge-pages.h"
#include "lib/usage.h"

#include <stdint.h>
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
	void *p = xmalloc(len);

	if (len >= 2 * HUGE_PAGE_SIZE)
		advise_huge_pages(p, len);
	return p;
}
