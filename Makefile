# git results: a plain Makefile in the spirit of git's and tig's.
#
#   make                         build bin/git-results
#   make DEVELOPER=1             strict warnings, as errors
#   make SANITIZE=address,undefined
#   make test                    build and run every test (prove)
#   make demo                    attach results to a throwaway repository and show them
#   make deps                    install the Debian packages the build and tests need
#   make install prefix=... DESTDIR=...

prefix ?= /usr/local
bindir ?= $(prefix)/bin
libexecdir ?= $(prefix)/libexec
execdir ?= $(libexecdir)/git-results
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PROVE ?= prove
SHELL_PATH ?= /bin/sh

PACKAGES = libgit2 jansson libcurl gpgme libcmark expat zlib
DEB_PACKAGES = build-essential pkg-config git gnupg libgit2-dev libjansson-dev \
	libcurl4-openssl-dev libgpgme-dev libcmark-dev libexpat1-dev zlib1g-dev \
	python3 python3-jsonschema gpgsm
# KCIDB sync tests and benchmark: TLS certificates, a raw submission, /usr/bin/time
DEB_PACKAGES += openssl curl time

ALL_CFLAGS = $(CFLAGS) -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -D_GNU_SOURCE \
	$(shell $(PKG_CONFIG) --cflags $(PACKAGES) 2>/dev/null)
ALL_LDFLAGS = $(LDFLAGS) -Wl,--as-needed

# Static linking.  `git results show` does little beyond starting up, and
# mapping the nineteen shared libraries libgit2 pulls in takes longer than
# the work itself (p0001: 3.1 ms shared, 1.5 ms static, `git notes show`
# 2.5 ms).  The -dev packages ship the archives of libgit2 and its
# dependencies, jansson, cmark, expat and gpgme, so they are linked
# statically; libcurl stays shared (Debian ships its dependencies only as
# shared libraries).  NO_STATIC=1 links everything shared.
ifdef NO_STATIC
LIBS = $(shell $(PKG_CONFIG) --libs $(PACKAGES) 2>/dev/null)
else
STATIC_PACKAGES = libgit2 libssh2 jansson libcmark expat gpgme zlib
SHARED_PACKAGES = $(filter-out $(STATIC_PACKAGES),$(PACKAGES))
# The C library's own archives (-lrt, -lm...) stay shared.
STATIC_LIBS = $(filter-out -lrt -lm -ldl -lpthread -pthread, \
	$(shell $(PKG_CONFIG) --static --libs $(STATIC_PACKAGES) 2>/dev/null))
LIBS = -Wl,-Bstatic -Wl,--start-group $(STATIC_LIBS) -Wl,--end-group -Wl,-Bdynamic \
	$(shell $(PKG_CONFIG) --libs $(SHARED_PACKAGES) 2>/dev/null) -lm -ldl -lpthread -lrt
ALL_CFLAGS += -DSTATIC_LIBGIT2
ALL_LDFLAGS += -Wl,--wrap=mbedtls_x509_crt_parse_file -Wl,--wrap=libssh2_init \
	-Wl,--wrap=mbedtls_entropy_init -Wl,--wrap=mbedtls_entropy_func
endif

ifdef DEVELOPER
ALL_CFLAGS += -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wvla -Wformat=2 -Wdeclaration-after-statement \
	-Wold-style-definition -Wwrite-strings
endif
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRCS = $(filter-out lib/libgit2-startup.c,$(sort $(wildcard lib/*.c) $(wildcard formats/*.c)))
# `sync` is a program of its own (see git-results/main.c): only it links libcurl.
SYNC_SRCS = $(sort $(wildcard git-results/sync*.c))
CMD_SRCS = $(filter-out $(SYNC_SRCS),$(sort $(wildcard git-results/*.c)))
UNIT_SRCS = $(sort $(wildcard t/unit/test-*.c))

LIB_OBJS = $(LIB_SRCS:.c=.o)
CMD_OBJS = $(CMD_SRCS:.c=.o)
SYNC_OBJS = $(SYNC_SRCS:.c=.o)
UNIT_PROGS = $(UNIT_SRCS:.c=)
PROGRAM = bin/git-results
SYNC_PROGRAM = bin/git-results-sync

all: $(PROGRAM) $(SYNC_PROGRAM)

# lib/libgit2-startup.o is linked as an object, not from the archive:
# nothing references it, it only takes the place of library functions.
$(PROGRAM): $(CMD_OBJS) libresults.a lib/libgit2-startup.o
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $(CMD_OBJS) lib/libgit2-startup.o libresults.a $(ALL_LDFLAGS) $(LIBS)

$(SYNC_PROGRAM): $(SYNC_OBJS) libresults.a lib/libgit2-startup.o
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $(SYNC_OBJS) lib/libgit2-startup.o libresults.a $(ALL_LDFLAGS) $(LIBS)

git-results/main.o: ALL_CFLAGS += -DGIT_RESULTS_EXEC_PATH='"$(execdir)"'

libresults.a: $(LIB_OBJS)
	$(RM) $@
	$(AR) rcs $@ $^

%.o: %.c $(wildcard lib/*.h formats/*.h git-results/*.h) GIT-CFLAGS
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

t/unit/test-%: t/unit/test-%.c t/unit/unit.h libresults.a lib/libgit2-startup.o
	$(CC) $(ALL_CFLAGS) -o $@ $< lib/libgit2-startup.o libresults.a $(ALL_LDFLAGS) $(LIBS)

# Rebuild everything when the flags change (a sanitizer build, say).
GIT-CFLAGS: FORCE
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) execdir=$(execdir)' >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

deps:
	@missing=; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if test -n "$$missing"; then \
		echo "installing:$$missing"; \
		if test "$$(id -u)" != 0; then echo "make deps: need root to install:$$missing" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

unit: $(UNIT_PROGS)

test: deps
	$(MAKE) all unit
	$(PROVE) $(PROVE_OPTS) $(UNIT_PROGS) t/t[0-9]*.sh

demo: deps
	$(MAKE) all
	$(SHELL_PATH) t/demo.sh

perf: all
	$(SHELL_PATH) t/perf/run.sh

install: all
	install -d -m 755 $(DESTDIR)$(bindir)
	install -m 755 $(PROGRAM) $(DESTDIR)$(bindir)/git-results
	install -d -m 755 $(DESTDIR)$(execdir)
	install -m 755 $(SYNC_PROGRAM) $(DESTDIR)$(execdir)/git-results-sync

uninstall:
	$(RM) $(DESTDIR)$(bindir)/git-results $(DESTDIR)$(execdir)/git-results-sync

clean:
	$(RM) $(LIB_OBJS) $(CMD_OBJS) $(SYNC_OBJS) $(UNIT_PROGS) libresults.a GIT-CFLAGS
	$(RM) -r bin t/trash*

.PHONY: all deps unit test demo perf install uninstall clean FORCE
