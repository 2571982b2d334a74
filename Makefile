# git results: a plain Makefile in the spirit of git's and tig's.
#
#   make                         build bin/git-results
#   make DEVELOPER=1             strict warnings, as errors
#   make SANITIZE=address,undefined
#   make test                    build and run every test (prove)
#   make demo                    attach results to a throwaway repository and show them
#   make fuzz                    build the libFuzzer targets (clang) into t/fuzz/build
#   make deps                    install the Debian packages the build and tests need
#   make doc                     man pages from Documentation/*.md, into man/
#   make install prefix=... DESTDIR=...    (NO_BUILD=1: install what is built)
#   make uninstall prefix=... DESTDIR=...

prefix ?= /usr/local
bindir ?= $(prefix)/bin
libexecdir ?= $(prefix)/libexec
execdir ?= $(libexecdir)/git-results
datadir ?= $(prefix)/share
mandir ?= $(datadir)/man
hooksdir ?= $(datadir)/git-results/hooks
bashcompdir ?= $(datadir)/bash-completion/completions
zshcompdir ?= $(datadir)/zsh/site-functions
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PROVE ?= prove
SHELL_PATH ?= /bin/sh

PACKAGES = libgit2 jansson libcurl gpgme libcmark expat zlib libcrypto
DEB_PACKAGES = build-essential pkg-config git gnupg libgit2-dev libjansson-dev \
	libcurl4-openssl-dev libgpgme-dev libcmark-dev libexpat1-dev zlib1g-dev \
	python3 python3-jsonschema gpgsm \
	cmark groff-base mandoc man-db bash-completion bsdutils zsh \
	shellcheck libxml2-utils clang libclang-rt-dev libssl-dev
# KCIDB sync tests and benchmark: TLS certificates, a raw submission, /usr/bin/time
DEB_PACKAGES += openssl curl time
# SSH signatures (gpg.format=ssh): ssh-keygen, and ssh-agent for the tests
DEB_PACKAGES += openssh-client

# Every #include names its header by its path from the top of the tree
# ("lib/store.h", "kcidb/map.h"), so a file reads the same wherever it is.
ALL_CFLAGS = $(CFLAGS) -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -D_GNU_SOURCE -I. \
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
# A position-dependent program, as git's own Makefile builds git: the
# dynamic loader of a 9 MB position-independent one applies 21,800
# relocations and takes a hundred more page faults at every start, a
# third of what `git results show` costs (1.65 ms against 1.2 ms).
# PIE=1 builds position-independent.
ifndef PIE
ALL_CFLAGS += -fno-pie
ALL_LDFLAGS += -no-pie
endif
# Redirects libgit2's start-up calls to lib/libgit2-startup.c, which every
# program must link.
WRAP_LDFLAGS = -Wl,--wrap=mbedtls_x509_crt_parse_file -Wl,--wrap=libssh2_init \
	-Wl,--wrap=mbedtls_entropy_init -Wl,--wrap=mbedtls_entropy_func \
	-Wl,--wrap=git_mbedtls_stream_global_init -Wl,--wrap=git_mbedtls_stream_new \
	-Wl,--wrap=git_mbedtls_stream_wrap -Wl,--wrap=git_mbedtls__set_cert_location
ALL_LDFLAGS += $(WRAP_LDFLAGS)
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

LIB_SRCS = $(filter-out lib/libgit2-startup.c,$(sort $(wildcard lib/*.c lib/*/*.c formats/*.c kcidb/*.c)))
# `sync` is a program of its own (see git-results/main.c): only it links libcurl.
SYNC_SRCS = $(sort $(wildcard git-results/sync*.c))
CMD_SRCS = $(filter-out $(SYNC_SRCS),$(sort $(wildcard git-results/*.c)))
UNIT_SRCS = $(sort $(wildcard t/unit/test-*.c))
HEADERS = $(wildcard lib/*.h lib/*/*.h formats/*.h kcidb/*.h git-results/*.h compat/*.h)

LIB_OBJS = $(LIB_SRCS:.c=.o)
CMD_OBJS = $(CMD_SRCS:.c=.o)
SYNC_OBJS = $(SYNC_SRCS:.c=.o)
UNIT_PROGS = $(UNIT_SRCS:.c=)
PROGRAM = bin/git-results
SYNC_PROGRAM = bin/git-results-sync

# Man pages: every Documentation page whose first line is "# <name>(<n>)"
# becomes man/man<n>/<name>.<n>, where man finds it from bin/ on PATH.
VERSION = $(shell sed -n 's/^\#define GIT_RESULTS_VERSION "\(.*\)"/\1/p' git-results/main.c)
DOC_DATE = $(shell git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)
DOC_SRCS = $(sort $(wildcard Documentation/*.md))
MAN_PAGES = $(shell for f in $(DOC_SRCS); do \
	sed -n '1s|^\# \([a-z0-9-]*\)(\([1-8]\))$$|man/man\2/\1.\2|p' $$f; done)
HOOKS = $(sort $(wildcard hooks/*))

all: $(PROGRAM) $(SYNC_PROGRAM) doc

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

%.o: %.c $(HEADERS) GIT-CFLAGS
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# `git results setup --hooks` installs the hooks from here.
git-results/install-hooks.o: ALL_CFLAGS += -DGIT_RESULTS_HOOKS_DIR='"$(hooksdir)"'

t/unit/test-%: t/unit/test-%.c $(wildcard t/unit/*.h) libresults.a lib/libgit2-startup.o
	$(CC) $(ALL_CFLAGS) -o $@ $< lib/libgit2-startup.o libresults.a $(ALL_LDFLAGS) $(LIBS)

doc: $(MAN_PAGES)

# The page's own name decides its section, so one rule per section.
define man_rule
man/man$(1)/%.$(1): Documentation/%.md Documentation/md2man.sh
	@mkdir -p $$(@D)
	$$(SHELL_PATH) Documentation/md2man.sh $$< '$$(VERSION)' '$$(DOC_DATE)' >$$@+
	mv $$@+ $$@
endef
$(foreach n,1 5 7,$(eval $(call man_rule,$(n))))

# Rebuild everything when the flags change (a sanitizer build, say).
GIT-CFLAGS: FORCE
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) execdir=$(execdir) hooksdir=$(hooksdir)' >$@.new; \
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

# Fuzzing: a libFuzzer target per input format in the registry (read from
# the extern lines of formats/registry.c, so new formats get one), one for
# --format=auto and one for the record parser.  `make fuzz` builds them
# with clang; `make test` builds the same targets with $(CC) and a replay
# driver instead of libFuzzer, and runs the seed corpora (t/fuzz/corpus)
# through them (t/t2190-fuzz-replay.sh).
FUZZ_FORMATS = $(shell sed -n 's/^extern const struct format format_\([a-z0-9_]*\);$$/\1/p' formats/registry.c)
FUZZ_NAMES = $(FUZZ_FORMATS) auto record pack
FUZZ_CC ?= clang
FUZZ_CFLAGS = -O1 -g -std=gnu11 -D_GNU_SOURCE -I. -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
	$(filter -DSTATIC_LIBGIT2,$(ALL_CFLAGS)) $(shell $(PKG_CONFIG) --cflags $(PACKAGES) 2>/dev/null)
FUZZ_OBJS = $(LIB_SRCS:%.c=t/fuzz/build/%.o) t/fuzz/build/lib/libgit2-startup.o \
	t/fuzz/build/t/fuzz/fuzz-input.o
FUZZ_TARGETS = $(FUZZ_NAMES:%=t/fuzz/build/fuzz-%)
FUZZ_REPLAY = $(FUZZ_NAMES:%=t/fuzz/replay-%)

fuzz: $(FUZZ_TARGETS)

t/fuzz/build/%.o: %.c $(HEADERS) $(wildcard t/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

t/fuzz/build/fuzz-auto: t/fuzz/fuzz-auto.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(WRAP_LDFLAGS) $(LIBS)

t/fuzz/build/fuzz-record: t/fuzz/fuzz-record.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(WRAP_LDFLAGS) $(LIBS)

t/fuzz/build/fuzz-pack: t/fuzz/fuzz-pack.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(WRAP_LDFLAGS) $(LIBS)

t/fuzz/build/fuzz-%: t/fuzz/fuzz-format.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_FORMAT=format_$* -o $@ $^ $(WRAP_LDFLAGS) $(LIBS)

fuzz-replay: $(FUZZ_REPLAY)

FUZZ_REPLAY_DEPS = t/fuzz/replay.c t/fuzz/fuzz-input.c t/fuzz/fuzz.h libresults.a lib/libgit2-startup.o GIT-CFLAGS
FUZZ_REPLAY_LINK = t/fuzz/replay.c t/fuzz/fuzz-input.c lib/libgit2-startup.o libresults.a \
	$(ALL_LDFLAGS) $(LIBS)

t/fuzz/replay-auto: t/fuzz/fuzz-auto.c $(FUZZ_REPLAY_DEPS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(FUZZ_REPLAY_LINK)

t/fuzz/replay-record: t/fuzz/fuzz-record.c $(FUZZ_REPLAY_DEPS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(FUZZ_REPLAY_LINK)

t/fuzz/replay-pack: t/fuzz/fuzz-pack.c $(FUZZ_REPLAY_DEPS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(FUZZ_REPLAY_LINK)

t/fuzz/replay-%: t/fuzz/fuzz-format.c $(FUZZ_REPLAY_DEPS)
	$(CC) $(ALL_CFLAGS) -DFUZZ_FORMAT=format_$* -o $@ $< $(FUZZ_REPLAY_LINK)

test: deps
	$(MAKE) all unit fuzz-replay
	$(PROVE) $(PROVE_OPTS) $(UNIT_PROGS) t/t[0-9]*.sh

demo: deps
	$(MAKE) all
	$(SHELL_PATH) t/demo.sh

perf: all
	$(SHELL_PATH) t/perf/run.sh

# NO_BUILD=1 installs what is already built, with whatever flags built
# it: the tests install a sanitizer build that way.
install: $(if $(NO_BUILD),,all) $(MAN_PAGES)
	install -d -m 755 '$(DESTDIR)$(bindir)' '$(DESTDIR)$(bashcompdir)' '$(DESTDIR)$(zshcompdir)'
	install -m 755 $(PROGRAM) '$(DESTDIR)$(bindir)/git-results'
	install -d -m 755 '$(DESTDIR)$(execdir)'
	install -m 755 $(SYNC_PROGRAM) '$(DESTDIR)$(execdir)/git-results-sync'
	@set -e; for page in $(MAN_PAGES); do \
		dir='$(DESTDIR)$(mandir)'/$$(basename $$(dirname $$page)); \
		echo "install -m 644 $$page $$dir"; \
		install -d -m 755 "$$dir"; install -m 644 $$page "$$dir"; \
	done
	install -m 644 contrib/completion/git-results.bash '$(DESTDIR)$(bashcompdir)/git-results'
	install -m 644 contrib/completion/_git-results '$(DESTDIR)$(zshcompdir)/_git-results'
	install -d -m 755 '$(DESTDIR)$(hooksdir)'
	$(if $(HOOKS),install -m 755 $(HOOKS) '$(DESTDIR)$(hooksdir)')

uninstall:
	$(RM) '$(DESTDIR)$(bindir)/git-results' '$(DESTDIR)$(execdir)/git-results-sync'
	-rmdir '$(DESTDIR)$(execdir)' 2>/dev/null
	@set -e; for page in $(MAN_PAGES); do \
		f='$(DESTDIR)$(mandir)'/$${page#man/}; echo "$(RM) $$f"; $(RM) "$$f"; \
	done
	$(RM) '$(DESTDIR)$(bashcompdir)/git-results' '$(DESTDIR)$(zshcompdir)/_git-results'
	$(if $(HOOKS),$(RM) $(addprefix '$(DESTDIR)$(hooksdir)'/,$(notdir $(HOOKS))))
	-rmdir '$(DESTDIR)$(hooksdir)' '$(DESTDIR)$(datadir)/git-results' 2>/dev/null

clean:
	$(RM) $(LIB_OBJS) $(CMD_OBJS) $(SYNC_OBJS) $(UNIT_PROGS) lib/libgit2-startup.o libresults.a GIT-CFLAGS
	$(RM) -r bin man t/trash*
	$(RM) -r t/fuzz/build $(FUZZ_REPLAY)

.PHONY: all doc deps unit test demo perf install uninstall clean fuzz fuzz-replay FORCE
