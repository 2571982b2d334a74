/*
 * jansson's allocator (see lib/json-alloc.h).
 */
#include "lib/json-alloc.h"
#include "lib/usage.h"

#include <jansson.h>
#include <stdlib.h>

void json_alloc_setup(void)
{
	json_set_alloc_funcs(xmalloc, free);
}
