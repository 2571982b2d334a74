/*
 * Runs files through a fuzz target without libFuzzer, for `make test`:
 * each argument is a file, or a directory whose files are all run.
 * Prints how many inputs ran; a failed invariant aborts.
 */
#include "t/fuzz/fuzz.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

static size_t run_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path) < 0)
		die_errno("cannot read '%s'", path);
	LLVMFuzzerTestOneInput((const uint8_t *)sb.buf, sb.len);
	strbuf_release(&sb);
	return 1;
}

static size_t run_dir(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(dir);

	if (!d)
		die_errno("cannot open '%s'", dir);
	while ((de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, de->d_name);
		if (!stat(path.buf, &st) && S_ISREG(st.st_mode))
			n += run_file(path.buf);
	}
	closedir(d);
	strbuf_release(&path);
	return n;
}

int main(int argc, char **argv)
{
	size_t n = 0;
	int i;

	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st))
			die_errno("cannot stat '%s'", argv[i]);
		n += S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
	}
	printf("replayed %zu inputs\n", n);
	return 0;
}
