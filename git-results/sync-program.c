/*
 * git-results-sync: `git results sync` as a program of its own, so that
 * only it loads libcurl (see main.c).
 */
#include "git-results/builtin.h"
#include "lib/json-alloc.h"
#include "lib/usage.h"

#include <stdio.h>

int main(int argc, const char **argv)
{
	int ret;

	json_alloc_setup();
	ret = cmd_sync(argc, argv);

	if (fflush(stdout) || ferror(stdout))
		die_errno("unable to write to standard output");
	return ret;
}
