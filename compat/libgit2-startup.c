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
 * libgit2's calls, so that set-up does not happen: linked shared, the
 * program's own symbols come first in the dynamic linker's search order;
 * linked static, compat/static.mak's --wrap options send libgit2's calls
 * here.
 * With a libgit2 built against other libraries they are simply unused.
 * Were libgit2's transports ever used, TLS would fail closed (no trusted
 * certificates), never open.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/types.h>

#ifdef LIBGIT2_WRAP
#include <mbedtls/entropy.h>
#define REPLACE(name) __wrap_##name
#else
#define REPLACE(name) name
#endif

struct mbedtls_x509_crt;

int REPLACE(mbedtls_x509_crt_parse_file)(struct mbedtls_x509_crt *chain, const char *path);
int REPLACE(libssh2_init)(int flags);

int REPLACE(mbedtls_x509_crt_parse_file)(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int REPLACE(libssh2_init)(int flags)
{
	(void)flags;
	return 0;
}

#ifdef LIBGIT2_WRAP
/*
 * libgit2 seeds mbedTLS's random generator at start-up from an entropy
 * context whose set-up runs the HAVEGE timing loop, and whose polling
 * adds the timing sources to the kernel's: a tenth of `git results show`.
 * The kernel's getrandom() alone is the source mbedTLS itself treats as
 * strong, so the context stays empty and the seed comes from there.
 */
void __wrap_mbedtls_entropy_init(mbedtls_entropy_context *ctx);
int __wrap_mbedtls_entropy_func(void *data, unsigned char *output, size_t len);

void __wrap_mbedtls_entropy_init(mbedtls_entropy_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
}

int __wrap_mbedtls_entropy_func(void *data, unsigned char *output, size_t len)
{
	while (len) {
		ssize_t n = getrandom(output, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -0x003C;	/* MBEDTLS_ERR_ENTROPY_SOURCE_FAILED */
		}
		output += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Even without certificates and HAVEGE, libgit2's TLS set-up looks up
 * each of its default ciphers by name in mbedTLS's list and seeds a
 * random generator: 300,000 instructions, a fifth of `git results show`.
 * It is put off until a TLS stream is first asked for (never, in git
 * results), and then done once, as libgit2 would have done it.
 */
int __real_git_mbedtls_stream_global_init(void);
int __real_git_mbedtls_stream_new(void **out, const char *host, const char *port);
int __real_git_mbedtls_stream_wrap(void **out, void *in, const char *host);
int __real_git_mbedtls__set_cert_location(const char *file, const char *path);
int __wrap_git_mbedtls_stream_global_init(void);
int __wrap_git_mbedtls_stream_new(void **out, const char *host, const char *port);
int __wrap_git_mbedtls_stream_wrap(void **out, void *in, const char *host);
int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path);

static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;
static int tls_state;		/* 0: put off, 1: done, <0: libgit2's error */

/* Runs the set-up put off by the last git_libgit2_init(), once. */
static int tls_ready(void)
{
	int state;

	pthread_mutex_lock(&tls_lock);
	if (!tls_state) {
		tls_state = __real_git_mbedtls_stream_global_init();
		if (!tls_state)
			tls_state = 1;
	}
	state = tls_state;
	pthread_mutex_unlock(&tls_lock);
	return state < 0 ? state : 0;
}

/*
 * Called by each git_libgit2_init() that starts libgit2 (again, after a
 * full shutdown, which undoes the set-up): put it off once more.
 */
int __wrap_git_mbedtls_stream_global_init(void)
{
	pthread_mutex_lock(&tls_lock);
	tls_state = 0;
	pthread_mutex_unlock(&tls_lock);
	return 0;
}

int __wrap_git_mbedtls_stream_new(void **out, const char *host, const char *port)
{
	int error = tls_ready();

	return error < 0 ? error : __real_git_mbedtls_stream_new(out, host, port);
}

int __wrap_git_mbedtls_stream_wrap(void **out, void *in, const char *host)
{
	int error = tls_ready();

	return error < 0 ? error : __real_git_mbedtls_stream_wrap(out, in, host);
}

int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path)
{
	int error = tls_ready();

	return error < 0 ? error : __real_git_mbedtls__set_cert_location(file, path);
}
#endif
