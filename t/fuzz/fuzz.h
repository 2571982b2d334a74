#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * The libFuzzer entry point every target defines: runs one input, and
 * aborts (BUG) when an invariant does not hold.  `make fuzz` links the
 * targets with libFuzzer; `make test` links them with replay.c, which
 * runs the seed corpora through them.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Puts `data` in an in-memory file, rewound, and returns its descriptor
 * (the same one each time): parsers read file descriptors.
 */
int fuzz_input_fd(const uint8_t *data, size_t size);

#endif
