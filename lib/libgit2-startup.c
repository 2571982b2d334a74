/*
 * Start-up cost of libgit2.
 *
 * Debian's libgit2 1.5 is built with mbedTLS and libssh2, and its
 * git_libgit2_init() parses the whole system CA bundle and initialises
 * libssh2 (and through it OpenSSL) in every process: about 3.5 ms, more
 * than everything else `git results show` does.  git results never uses
 * libgit2's network transports: fetch and push go through the git
 * command, HTTPS through libcurl, which loads its own certificates.
 *
 * These definitions take the place of the two library functions for
 * libgit2's calls (the program's own symbols come first in the dynamic
 * linker's search order), so that set-up does not happen.  With a libgit2
 * built against other libraries they are simply unused.  Were libgit2's
 * transports ever used, TLS would fail closed (no trusted certificates),
 * never open.
 */

struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);
int libssh2_init(int flags);

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int libssh2_init(int flags)
{
	(void)flags;
	return 0;
}
