/*
 * Unit tests for compat/libgit2-startup.c: libgit2 starts without its TLS
 * set-up, and the set-up still happens, once, when libgit2 needs it (a
 * certificate location is the one way in that needs no network).
 */
#include "t/unit/unit.h"

#include <git2.h>

int main(void)
{
	int ret;

	CHECK(git_libgit2_init() > 0);
#ifdef LIBGIT2_WRAP
	/*
	 * libgit2 sets the location on the TLS configuration the set-up
	 * makes: without the set-up it would not exist.
	 */
	ret = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, "/dev/null", NULL);
	CHECK_INT(ret, 0);
	ret = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, NULL, "/etc/ssl/certs");
	CHECK_INT(ret, 0);
#else
	(void)ret;
	CHECK(1);
#endif
	/* A full shutdown undoes the set-up; the next start puts it off again. */
	git_libgit2_shutdown();
	CHECK(git_libgit2_init() > 0);
#ifdef LIBGIT2_WRAP
	ret = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, "/dev/null", NULL);
	CHECK_INT(ret, 0);
#endif
	git_libgit2_shutdown();
	return unit_done();
}
