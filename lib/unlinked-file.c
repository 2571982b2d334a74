#include "lib/unlinked-file.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

int unlinked_file_open(const char *prefix)
{
	struct strbuf path = STRBUF_INIT;
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	strbuf_addf(&path, "%s/%s-XXXXXX", dir, prefix);
	fd = mkstemp(path.buf);
	if (fd < 0)
		die_errno("cannot create a temporary file in '%s'", dir);
	/* Nobody else needs its name: gone as soon as we close it, or die. */
	unlink(path.buf);
	strbuf_release(&path);
	return fd;
}

void unlinked_file_write_at(int fd, const void *buf, size_t len, uint64_t offset)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die_errno("cannot write a temporary file");
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
	}
}

void unlinked_file_read_at(int fd, void *buf, size_t len, uint64_t offset)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die_errno("cannot read a temporary file");
		if (!n)
			die("cannot read a temporary file: it ended early");
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
	}
}
