#ifndef JSON_ALLOC_H
#define JSON_ALLOC_H

/*
 * Makes jansson allocate with xmalloc(): out of memory, a program dies
 * saying so, as everywhere else, instead of going on.  jansson 2.14's
 * lexer drops a failed allocation while it saves a token and then reads
 * past its buffer (akheron/jansson#362): a long string in an input
 * crashed the reader instead of failing it.  Call it first in main().
 */
void json_alloc_setup(void);

#endif
