/*
 * jansson's allocator (see lib/json-alloc.h).
 */
#include "lib/json-alloc.h"
#include "lib/usage.h"

#include <jansson.h>
#include <stdlib.h>

/*
 * Not free itself: taking the address of a libc function in a non-PIE
 * program makes the program the definition every library binds to
 * (t1600 checks that no library binds to us).
 */
static void json_free(void *ptr)
{
	free(ptr);
}

void json_alloc_setup(void)
{
	json_set_alloc_funcs(xmalloc, json_free);
}
