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
# GSSAPI to link the sync program with, as libcurl does (compat/static.mak)
DEB_PACKAGES += libkrb5-dev
# Patchwork's own command-line client, the peer of the Patchwork tests
DEB_PACKAGES += git-pw
# The HTML report's tests: jq reads summary --json, and a real browser
# opens the pages (t5091)
DEB_PACKAGES += jq chromium

# Every #include names its header by its path from the top of the tree
# ("lib/store.h", "kcidb/map.h"), so a file reads the same wherever it is.
ALL_CFLAGS = $(CFLAGS) -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -D_GNU_SOURCE -I. \
	$(shell $(PKG_CONFIG) --cflags $(PACKAGES) 2>/dev/null)
ALL_LDFLAGS = $(LDFLAGS) -Wl,--as-needed

ifdef NO_STATIC
LIBS = $(shell $(PKG_CONFIG) --libs $(PACKAGES) 2>/dev/null)
# Linked shared, the start-up replacements take the place of libgit2's
# dependencies' functions for every library in the process: the sync
# program, whose libcurl uses those libraries too, goes without them.
COMPAT_OBJS = compat/libgit2-startup.o
SYNC_COMPAT_OBJS =
else
include compat/static.mak
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

LIB_SRCS = $(sort $(wildcard lib/*.c lib/*/*.c formats/*.c kcidb/*.c patchwork/*.c))
COMPAT_SRCS = $(sort $(wildcard compat/*.c))
# `sync` and `patchwork` are programs of their own (see git-results/main.c):
# only they link libcurl.
SYNC_SRCS = $(sort $(wildcard git-results/sync*.c))
PATCHWORK_SRCS = $(sort $(wildcard git-results/patchwork*.c))
CMD_SRCS = $(filter-out $(SYNC_SRCS) $(PATCHWORK_SRCS),$(sort $(wildcard git-results/*.c)))
UNIT_SRCS = $(sort $(wildcard t/unit/test-*.c))
HEADERS = $(wildcard lib/*.h lib/*/*.h formats/*.h kcidb/*.h patchwork/*.h git-results/*.h compat/*.h)

LIB_OBJS = $(LIB_SRCS:.c=.o)
CMD_OBJS = $(CMD_SRCS:.c=.o)
SYNC_OBJS = $(SYNC_SRCS:.c=.o)
PATCHWORK_OBJS = $(PATCHWORK_SRCS:.c=.o)
UNIT_PROGS = $(UNIT_SRCS:.c=)
PROGRAM = bin/git-results
SYNC_PROGRAM = bin/git-results-sync
PATCHWORK_PROGRAM = bin/git-results-patchwork

# Man pages: every Documentation page whose first line is "# <name>(<n>)"
# becomes man/man<n>/<name>.<n>, where man finds it from bin/ on PATH.
VERSION = $(shell sed -n 's/^\#define GIT_RESULTS_VERSION "\(.*\)"/\1/p' git-results/main.c)
DOC_DATE = $(shell git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)
DOC_SRCS = $(sort $(wildcard Documentation/*.md))
MAN_PAGES = $(shell for f in $(DOC_SRCS); do \
	sed -n '1s|^\# \([a-z0-9-]*\)(\([1-8]\))$$|man/man\2/\1.\2|p' $$f; done)
HOOKS = $(sort $(wildcard hooks/*))

all: $(PROGRAM) $(SYNC_PROGRAM) $(PATCHWORK_PROGRAM) doc

# compat/ objects are linked as objects, not from the archive: nothing
# references them, they only take the place of library functions.
$(PROGRAM): $(CMD_OBJS) libresults.a $(COMPAT_OBJS)
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $(CMD_OBJS) $(COMPAT_OBJS) libresults.a $(ALL_LDFLAGS) $(LIBS)

$(SYNC_PROGRAM): $(SYNC_OBJS) libresults.a $(SYNC_COMPAT_OBJS)
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $(SYNC_OBJS) $(SYNC_COMPAT_OBJS) libresults.a $(ALL_LDFLAGS) $(LIBS) $(SYNC_LIBS)

$(PATCHWORK_PROGRAM): $(PATCHWORK_OBJS) libresults.a $(SYNC_COMPAT_OBJS)
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $(PATCHWORK_OBJS) $(SYNC_COMPAT_OBJS) libresults.a $(ALL_LDFLAGS) $(LIBS) $(SYNC_LIBS)

git-results/main.o: ALL_CFLAGS += -DGIT_RESULTS_EXEC_PATH='"$(execdir)"'

libresults.a: $(LIB_OBJS)
	$(RM) $@
	$(AR) rcs $@ $^

%.o: %.c $(HEADERS) GIT-CFLAGS
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# `git results setup --hooks` installs the hooks from here.
lib/install-hooks.o: ALL_CFLAGS += -DGIT_RESULTS_HOOKS_DIR='"$(hooksdir)"'

t/unit/test-%: t/unit/test-%.c $(wildcard t/unit/*.h) libresults.a $(COMPAT_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(COMPAT_OBJS) libresults.a $(ALL_LDFLAGS) $(LIBS)

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
	$(filter -DLIBGIT2_WRAP,$(ALL_CFLAGS)) $(shell $(PKG_CONFIG) --cflags $(PACKAGES) 2>/dev/null)
FUZZ_OBJS = $(LIB_SRCS:%.c=t/fuzz/build/%.o) $(COMPAT_OBJS:%=t/fuzz/build/%) \
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

FUZZ_REPLAY_DEPS = t/fuzz/replay.c t/fuzz/fuzz-input.c t/fuzz/fuzz.h libresults.a $(COMPAT_OBJS) GIT-CFLAGS
FUZZ_REPLAY_LINK = t/fuzz/replay.c t/fuzz/fuzz-input.c $(COMPAT_OBJS) libresults.a \
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
	LSAN_OPTIONS=suppressions=$(CURDIR)/t/lsan.supp:print_suppressions=0 $(PROVE) $(PROVE_OPTS) $(UNIT_PROGS) t/t[0-9]*.sh

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
	install -m 755 $(PATCHWORK_PROGRAM) '$(DESTDIR)$(execdir)/git-results-patchwork'
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
	$(RM) '$(DESTDIR)$(bindir)/git-results' '$(DESTDIR)$(execdir)/git-results-sync' \
		'$(DESTDIR)$(execdir)/git-results-patchwork'
	-rmdir '$(DESTDIR)$(execdir)' 2>/dev/null
	@set -e; for page in $(MAN_PAGES); do \
		f='$(DESTDIR)$(mandir)'/$${page#man/}; echo "$(RM) $$f"; $(RM) "$$f"; \
	done
	$(RM) '$(DESTDIR)$(bashcompdir)/git-results' '$(DESTDIR)$(zshcompdir)/_git-results'
	$(if $(HOOKS),$(RM) $(addprefix '$(DESTDIR)$(hooksdir)'/,$(notdir $(HOOKS))))
	-rmdir '$(DESTDIR)$(hooksdir)' '$(DESTDIR)$(datadir)/git-results' 2>/dev/null

clean:
	$(RM) $(LIB_OBJS) $(CMD_OBJS) $(SYNC_OBJS) $(PATCHWORK_OBJS) $(UNIT_PROGS) $(COMPAT_SRCS:.c=.o) libresults.a GIT-CFLAGS
	$(RM) -r bin man t/trash*
	$(RM) -r t/fuzz/build $(FUZZ_REPLAY)

.PHONY: all doc deps unit test demo perf install uninstall clean fuzz fuzz-replay FORCE
