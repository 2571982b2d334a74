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
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PROVE ?= prove
SHELL_PATH ?= /bin/sh

PACKAGES = libgit2 jansson libcurl gpgme libcmark expat zlib libcrypto
DEB_PACKAGES = build-essential pkg-config git gnupg libgit2-dev libjansson-dev \
	libcurl4-openssl-dev libgpgme-dev libcmark-dev libexpat1-dev zlib1g-dev \
	python3 python3-jsonschema libssl-dev time

ALL_CFLAGS = $(CFLAGS) -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -D_GNU_SOURCE \
	$(shell $(PKG_CONFIG) --cflags $(PACKAGES) 2>/dev/null)
ALL_LDFLAGS = $(LDFLAGS) -Wl,--as-needed
LIBS = $(shell $(PKG_CONFIG) --libs $(PACKAGES) 2>/dev/null)

ifdef DEVELOPER
ALL_CFLAGS += -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wvla -Wformat=2 -Wdeclaration-after-statement \
	-Wold-style-definition -Wwrite-strings
endif
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRCS = $(sort $(wildcard lib/*.c) $(wildcard formats/*.c))
CMD_SRCS = $(sort $(wildcard git-results/*.c))
UNIT_SRCS = $(sort $(wildcard t/unit/test-*.c))

LIB_OBJS = $(LIB_SRCS:.c=.o)
CMD_OBJS = $(CMD_SRCS:.c=.o)
UNIT_PROGS = $(UNIT_SRCS:.c=)
PROGRAM = bin/git-results

all: $(PROGRAM)

# lib/libgit2-startup.o is linked as an object, not from the archive:
# nothing references it, it only takes the place of library functions.
$(PROGRAM): $(CMD_OBJS) libresults.a lib/libgit2-startup.o
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $(CMD_OBJS) lib/libgit2-startup.o libresults.a $(ALL_LDFLAGS) $(LIBS)

libresults.a: $(LIB_OBJS)
	$(RM) $@
	$(AR) rcs $@ $^

%.o: %.c $(wildcard lib/*.h formats/*.h git-results/*.h) GIT-CFLAGS
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

t/unit/test-%: t/unit/test-%.c t/unit/unit.h libresults.a
	$(CC) $(ALL_CFLAGS) -o $@ $< libresults.a $(ALL_LDFLAGS) $(LIBS)

# Rebuild everything when the flags change (a sanitizer build, say).
GIT-CFLAGS: FORCE
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' >$@.new; \
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

uninstall:
	$(RM) $(DESTDIR)$(bindir)/git-results

clean:
	$(RM) $(LIB_OBJS) $(CMD_OBJS) $(UNIT_PROGS) libresults.a GIT-CFLAGS
	$(RM) -r bin t/trash*

.PHONY: all deps unit test demo perf install uninstall clean FORCE
