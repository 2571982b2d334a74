# Static linking, included by the Makefile unless NO_STATIC=1.
#
# `git results show` does little beyond starting up, and mapping the
# nineteen shared libraries libgit2 pulls in takes longer than the work
# itself (p0001: 3.1 ms shared, 1.5 ms static, `git notes show` 2.5 ms).
# The -dev packages ship the archives of libgit2 and its dependencies,
# jansson, cmark, expat and gpgme, so they are linked statically; libcurl
# stays shared (Debian ships its dependencies only as shared libraries).

STATIC_PACKAGES = libgit2 libssh2 jansson libcmark expat gpgme zlib
SHARED_PACKAGES = $(filter-out $(STATIC_PACKAGES),$(PACKAGES))
# The C library's own archives (-lrt, -lm...) stay shared.
STATIC_LIBS = $(filter-out -lrt -lm -ldl -lpthread -pthread, \
	$(shell $(PKG_CONFIG) --static --libs $(STATIC_PACKAGES) 2>/dev/null))
LIBS = -Wl,-Bstatic -Wl,--start-group $(STATIC_LIBS) -Wl,--end-group -Wl,-Bdynamic \
	$(shell $(PKG_CONFIG) --libs $(SHARED_PACKAGES) 2>/dev/null) -lm -ldl -lpthread -lrt

# The archives' functions stay inside the program.  Without this, the
# linker exports every one a shared library also calls, and the shared
# libcurl of the sync program, with the libssl, libcrypto, libssh2 and
# GSSAPI it loads, would call the program's copies instead of its own.
ALL_LDFLAGS += -Wl,--exclude-libs,ALL

# A position-dependent program, as git's own Makefile builds git: the
# dynamic loader of a 9 MB position-independent one applies 21,800
# relocations and takes a hundred more page faults at every start, a
# third of what `git results show` costs (1.65 ms against 1.2 ms).
# PIE=1 builds position-independent.
ifndef PIE
ALL_CFLAGS += -fno-pie
ALL_LDFLAGS += -no-pie
endif

# libgit2's start-up calls, redirected to compat/libgit2-startup.c when
# this libgit2 makes them: the probe looks for every one of them in the
# archives, and a libgit2 built against other libraries links unwrapped.
LIBGIT2_WRAPPED = mbedtls_x509_crt_parse_file libssh2_init \
	mbedtls_entropy_init mbedtls_entropy_func \
	git_mbedtls_stream_global_init git_mbedtls_stream_new \
	git_mbedtls_stream_wrap git_mbedtls__set_cert_location
LIBGIT2_ARCHIVES = $(wildcard $(addprefix $(shell $(PKG_CONFIG) --variable=libdir libgit2 2>/dev/null)/, \
	libgit2.a libssh2.a libmbedtls.a libmbedx509.a libmbedcrypto.a))
LIBGIT2_WRAP_FOUND := $(shell nm -g --defined-only $(LIBGIT2_ARCHIVES) 2>/dev/null | \
	awk '$$2 == "T" { print $$3 }' | sort -u | grep -cFx $(LIBGIT2_WRAPPED:%=-e %))
ifeq ($(LIBGIT2_WRAP_FOUND),$(words $(LIBGIT2_WRAPPED)))
ALL_CFLAGS += -DLIBGIT2_WRAP
WRAP_LDFLAGS = $(LIBGIT2_WRAPPED:%=-Wl,--wrap=%)
ALL_LDFLAGS += $(WRAP_LDFLAGS)
endif

# libgit2's HTTP "Negotiate" authentication calls GSSAPI.  git-results
# answers those calls with compat/gssapi-stubs.c; the sync program links
# the real GSSAPI, which its libcurl loads anyway, so that libcurl's own
# calls never reach the stubs.
COMPAT_OBJS = compat/libgit2-startup.o compat/gssapi-stubs.o
SYNC_COMPAT_OBJS = compat/libgit2-startup.o
SYNC_LIBS = $(shell $(PKG_CONFIG) --libs krb5-gssapi 2>/dev/null)
