#include "t/fuzz/fuzz.h"
#include "lib/usage.h"

#include <sys/mman.h>
#include <unistd.h>

int fuzz_input_fd(const uint8_t *data, size_t size)
{
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		if (fd < 0)
			die_errno("memfd_create");
	}
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size ||
	    lseek(fd, 0, SEEK_SET) < 0)
		die_errno("cannot write the fuzz input");
	return fd;
}
