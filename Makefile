# Curtain — build, test, demo, install.
#
#   make            build build/curtaind, build/curtainctl (and the client)
#   make check      run every test; ends with "N passed, N failed"
#   make asan       build with AddressSanitizer + UBSan into build-asan/ and test
#   make demo       start a seeded demo server on loopback and simulate patients
#   make bench      benchmarks
#   make install    PREFIX=/usr/local DESTDIR= (programs, man pages, themes,
#                   keymaps, locales, the systemd unit, an example config)
#   make uninstall  the same PREFIX and DESTDIR remove it again
#   make man        the man pages into $(BUILD)/man/
#   make deb        Debian packages curtain and curtaind into build-deb/
#   make rpm        RPMs from packaging/rpm/curtain.spec into build-rpm/
#   make update-po  refresh po/curtain.pot and po/<lang>.po from the sources
#   make check-po   fail if the catalogues are stale or es.po is incomplete
#
# Missing Debian packages are installed by packaging/install-deps.sh, which
# the build calls when pkg-config cannot find a library.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
# systemd looks in /usr/local/lib too, so these follow PREFIX; Debian's
# rules put the unit in /lib/systemd/system.
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
DESTDIR    ?=
BUILD      ?= build
CC         ?= cc
PKG_CONFIG ?= pkg-config
VERSION    := 0.1.0

SERVER_PKGS := libmicrohttpd sqlite3 jansson libsodium liboath gnutls libcurl
CLIENT_PKGS := ncursesw libcurl jansson libsodium libsecret-1 libnotify
TEST_PKGS   := cmocka
ALL_PKGS    := $(sort $(SERVER_PKGS) $(CLIENT_PKGS) $(TEST_PKGS))

# Probe pkg-config only after the dependency stamp exists, so a fresh
# machine gets its packages first.
DEPS_STAMP := $(BUILD)/.deps-ok

# Commands the test suite drives; `make check` installs their packages
# (install-deps.sh test package) when one is missing.
TEST_TOOLS  := curl jq oathtool sqlite3 tmux openssl strings gnome-keyring-daemon \
               secret-tool dbus-run-session dbus-launch pgrep timeout groff man \
               systemd-analyze dpkg-buildpackage dh fakeroot lintian rpmbuild rpm2cpio cpio chafa
TOOLS_STAMP := $(BUILD)/.test-tools-ok

WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-unused-parameter \
           -Wstrict-prototypes -Wmissing-prototypes -Wvla
CSTD    := -std=c11 -D_GNU_SOURCE -DCURTAIN_VERSION='"$(VERSION)"' \
           -DLOCALEDIR='"$(DATADIR)/locale"' -DCURTAIN_DATADIR='"$(DATADIR)/curtain"'
OPT     ?= -O2 -g
SAN     ?=
# Fortify unless the packager's flags choose a level (Fedora passes
# -Wp,-D_FORTIFY_SOURCE=3, which a second definition would turn into an error).
FORTIFY := $(if $(findstring _FORTIFY_SOURCE,$(CFLAGS) $(CPPFLAGS)),,-D_FORTIFY_SOURCE=2)
CFLAGS_ALL = $(CSTD) $(OPT) $(SAN) $(WARN) -fstack-protector-strong $(FORTIFY) \
             -Isrc $(shell $(PKG_CONFIG) --cflags $(SERVER_PKGS) 2>/dev/null) $(CPPFLAGS) $(CFLAGS)
LDLIBS_SERVER = $(shell $(PKG_CONFIG) --libs $(SERVER_PKGS) 2>/dev/null) -lpthread -lm
LDLIBS_CLIENT = $(shell $(PKG_CONFIG) --libs $(CLIENT_PKGS) 2>/dev/null) -lm
# ncursesw's own defines apply to the client's objects only. Library
# headers (glib under libsecret and libnotify) come in with -isystem:
# -Werror is for our code, not for warnings a newer glib or compiler finds
# in theirs.
CFLAGS_CLIENT = $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags $(CLIENT_PKGS) 2>/dev/null))
LDLIBS_TEST   = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

COMMON_SRC := $(wildcard src/common/*.c) $(wildcard src/proto/*.c)
SERVER_SRC := $(filter-out src/server/main.c,$(wildcard src/server/*.c))
CTL_SRC    := $(wildcard src/ctl/*.c)
CLIENT_SRC := $(filter-out src/tui/main.c,$(wildcard src/core/*.c src/net/*.c src/tui/*.c src/sys/*.c))
# The PHI detector (src/phi) and its lexicon, compiled from src/phi/lexicon/*.lex
# by lexgen into one generated C file.
PHI_SRC    := $(filter-out src/phi/lexgen.c,$(wildcard src/phi/*.c))
LEX_FILES  := $(sort $(wildcard src/phi/lexicon/*.lex))

COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/obj/%.o)
SERVER_OBJ := $(SERVER_SRC:%.c=$(BUILD)/obj/%.o)
CTL_OBJ    := $(CTL_SRC:%.c=$(BUILD)/obj/%.o)
CLIENT_OBJ := $(CLIENT_SRC:%.c=$(BUILD)/obj/%.o)
PHI_OBJ    := $(PHI_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/phi_lexicon.o
$(CLIENT_OBJ) $(BUILD)/obj/src/tui/main.o: CFLAGS += $(CFLAGS_CLIENT)

UNIT_SRC   := $(wildcard tests/unit/*/test_*.c)
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

PROGS := $(BUILD)/curtaind $(BUILD)/curtainctl
ifneq ($(wildcard src/tui/main.c),)
PROGS += $(BUILD)/curtain
endif

# Translations: po/<lang>.po for each language in po/LINGUAS, compiled to
# $(BUILD)/locale/<lang>/LC_MESSAGES/curtain.mo (CURTAIN_LOCALEDIR=$(BUILD)/locale
# runs the build tree's programs with them). packaging/po.sh does the rest.
LINGUAS  := $(shell sed -e 's/\#.*//' po/LINGUAS 2>/dev/null)
MO_FILES := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/curtain.mo)

.PHONY: all programs check asan demo bench install uninstall clean deps test-tools unit-tests \
	translations update-po check-po bench-phi phi-eval man deb rpm
all: programs unit-tests
# What `make install` installs, without the unit tests (packages build this).
programs: $(PROGS) translations man $(BUILD)/curtaind.service

deps: $(DEPS_STAMP)
$(DEPS_STAMP): packaging/install-deps.sh
	@mkdir -p $(BUILD)
	@if ! $(PKG_CONFIG) --exists $(ALL_PKGS); then \
	    sh packaging/install-deps.sh build; fi
	@$(PKG_CONFIG) --exists $(ALL_PKGS) || \
	    { echo "error: libraries still missing: $$($(PKG_CONFIG) --print-errors --exists $(ALL_PKGS) 2>&1)"; exit 1; }
	@touch $@

test-tools: $(TOOLS_STAMP)
$(TOOLS_STAMP): packaging/install-deps.sh
	@mkdir -p $(BUILD)
	@for t in $(TEST_TOOLS); do command -v $$t >/dev/null 2>&1 && continue; \
	    sh packaging/install-deps.sh test package || exit 1; break; done
	@missing=; for t in $(TEST_TOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	    if [ -n "$$missing" ]; then echo "error: test tools still missing:$$missing"; exit 1; fi
	@touch $@

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/curtaind: $(BUILD)/obj/src/server/main.o $(SERVER_OBJ) $(COMMON_OBJ)
	$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS_SERVER)

$(BUILD)/curtainctl: $(CTL_OBJ) $(SERVER_OBJ) $(PHI_OBJ) $(COMMON_OBJ)
	$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS_SERVER)

$(BUILD)/curtain: $(BUILD)/obj/src/tui/main.o $(CLIENT_OBJ) $(PHI_OBJ) $(COMMON_OBJ)
	$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS_CLIENT)

# The lexicon generator runs on the build machine; it is plain C with no
# library, so it builds without the sanitizers even in `make asan`.
$(BUILD)/lexgen: src/phi/lexgen.c src/phi/phi.h src/phi/phi_int.h src/phi/fold.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) -O2 $(WARN) -Isrc -o $@ src/phi/lexgen.c
$(BUILD)/gen/phi_lexicon.c: $(BUILD)/lexgen $(LEX_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/lexgen -o $@.tmp $(LEX_FILES) && mv $@.tmp $@
$(BUILD)/obj/gen/phi_lexicon.o: $(BUILD)/gen/phi_lexicon.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

translations: $(MO_FILES)
$(BUILD)/locale/%/LC_MESSAGES/curtain.mo: po/%.po | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@command -v msgfmt >/dev/null 2>&1 || sh packaging/install-deps.sh build
	msgfmt -c --check-format -o $@.tmp $< && mv $@.tmp $@

update-po:
	@VERSION=$(VERSION) sh packaging/po.sh update

check-po:
	@VERSION=$(VERSION) sh packaging/po.sh check

unit-tests: $(UNIT_BIN)
$(BUILD)/tests/%: tests/unit/%.c $(SERVER_OBJ) $(PHI_OBJ) $(COMMON_OBJ) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests -o $@ $^ $(LDLIBS_SERVER) $(LDLIBS_TEST)

# The client's tests (tests/unit/{core,net,tui,sys}) link the client's objects.
define client_tests
$(BUILD)/tests/$(1)/%: tests/unit/$(1)/%.c $(CLIENT_OBJ) $(PHI_OBJ) $(COMMON_OBJ) | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS_ALL) $$(CFLAGS_CLIENT) -Itests -o $$@ $$^ $$(LDLIBS_CLIENT) $$(LDLIBS_TEST)
endef
$(foreach d,core net tui sys,$(eval $(call client_tests,$(d))))

check: all $(TOOLS_STAMP)
	@BUILD=$(BUILD) bash tests/run.sh

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" check

demo: $(PROGS)
	@BUILD=$(BUILD) bash packaging/demo.sh

bench: $(PROGS) $(BUILD)/bench-phi
	@BUILD=$(BUILD) bash tests/bench/run.sh

# The detector alone: p50/p99 per scan (tests/phi/bench_phi.c).
bench-phi: $(BUILD)/bench-phi
	$(BUILD)/bench-phi

# Recall and false alarms on a labelled corpus (label, category, message).
PHI_CORPUS ?= ../shared/phi/dev.tsv
phi-eval: $(BUILD)/phi-eval
	$(BUILD)/phi-eval $(PHI_EVAL_FLAGS) $(PHI_CORPUS)

$(BUILD)/phi-eval: tests/phi/phi_eval.c $(PHI_OBJ) | $(DEPS_STAMP)
	$(CC) $(CFLAGS_ALL) -o $@ $^ -lpthread
$(BUILD)/bench-phi: tests/phi/bench_phi.c $(PHI_OBJ) | $(DEPS_STAMP)
	$(CC) $(CFLAGS_ALL) -o $@ $^ -lpthread

# ---- install paths --------------------------------------------------------
# What is built with the install paths in it (the data and locale
# directories compiled into config.o and i18n.o, the man pages, the unit)
# is rebuilt when they change, so `make` then `make install PREFIX=/usr`
# does not install programs that look in /usr/local.
PATHS_NOW := $(PREFIX) $(BINDIR) $(SBINDIR) $(DATADIR) $(UNITDIR)
$(BUILD)/.paths: FORCE
	@mkdir -p $(dir $@)
	@echo '$(PATHS_NOW)' | cmp -s - $@ || echo '$(PATHS_NOW)' >$@
$(BUILD)/obj/src/tui/config.o $(BUILD)/obj/src/common/i18n.o: $(BUILD)/.paths
.PHONY: FORCE
FORCE:

# ---- man pages ------------------------------------------------------------
# packaging/man/NAME.in with @VERSION@, @DATE@ and the install paths filled
# in; curtain.1 gets its KEYS tables and curtain.conf.5 its theme elements
# from mangen, which prints them from the client's own tables (actions.h, the
# default keymap, theme.h), so the pages cannot drift from the program.
MAN_PAGES := $(BUILD)/man/curtain.1 $(BUILD)/man/curtain.conf.5 \
             $(BUILD)/man/curtaind.8 $(BUILD)/man/curtainctl.8
# The date of the last commit (or SOURCE_DATE_EPOCH, which dpkg-buildpackage
# sets from debian/changelog), so rebuilding the same tree gives the same pages.
MAN_DATE := $(shell d=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)}; \
              date -u $${d:+-d @$$d} +%Y-%m-%d)
MAN_SUBST = -e 's|@VERSION@|$(VERSION)|g' -e 's|@DATE@|$(MAN_DATE)|g' \
            -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SBINDIR@|$(SBINDIR)|g' \
            -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@UNITDIR@|$(UNITDIR)|g'

man: $(MAN_PAGES)
.SECONDARY: $(BUILD)/man/keys.roff $(BUILD)/man/theme.roff
$(BUILD)/mangen: packaging/man/mangen.c $(CLIENT_OBJ) $(PHI_OBJ) $(COMMON_OBJ) | $(DEPS_STAMP)
	$(CC) $(CFLAGS_ALL) $(CFLAGS_CLIENT) $(LDFLAGS) -o $@ $^ $(LDLIBS_CLIENT)
$(BUILD)/man/%.roff: $(BUILD)/mangen
	@mkdir -p $(dir $@)
	$(BUILD)/mangen $* >$@.tmp && mv $@.tmp $@
$(BUILD)/man/%: packaging/man/%.in $(BUILD)/man/keys.roff $(BUILD)/man/theme.roff $(BUILD)/.paths
	@mkdir -p $(dir $@)
	sed $(MAN_SUBST) -e '/^@KEYS@$$/{r $(BUILD)/man/keys.roff' -e 'd;}' \
	    -e '/^@THEME_ELEMENTS@$$/{r $(BUILD)/man/theme.roff' -e 'd;}' $< >$@.tmp && mv $@.tmp $@

# ---- systemd unit ---------------------------------------------------------
$(BUILD)/curtaind.service: packaging/systemd/curtaind.service.in $(BUILD)/.paths
	@mkdir -p $(dir $@)
	sed $(MAN_SUBST) $< >$@.tmp && mv $@.tmp $@

# ---- install --------------------------------------------------------------
install: programs
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD)/curtaind $(DESTDIR)$(SBINDIR)/curtaind
	install -m 0755 $(BUILD)/curtainctl $(DESTDIR)$(SBINDIR)/curtainctl
	if [ -x $(BUILD)/curtain ]; then install -m 0755 $(BUILD)/curtain $(DESTDIR)$(BINDIR)/curtain; fi
	install -d $(DESTDIR)$(DATADIR)/curtain/themes $(DESTDIR)$(DATADIR)/curtain/keymaps
	install -m 0644 themes/*.theme themes/theme.template $(DESTDIR)$(DATADIR)/curtain/themes/
	install -m 0644 keymaps/*.keys $(DESTDIR)$(DATADIR)/curtain/keymaps/
	install -m 0644 packaging/curtain.conf $(DESTDIR)$(DATADIR)/curtain/curtain.conf
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES && \
	    install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/curtain.mo \
	        $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES/curtain.mo || exit 1; \
	done
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0644 $(BUILD)/man/curtain.1 $(DESTDIR)$(MANDIR)/man1/curtain.1
	install -m 0644 $(BUILD)/man/curtain.conf.5 $(DESTDIR)$(MANDIR)/man5/curtain.conf.5
	install -m 0644 $(BUILD)/man/curtaind.8 $(BUILD)/man/curtainctl.8 $(DESTDIR)$(MANDIR)/man8/
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR)
	install -m 0644 $(BUILD)/curtaind.service $(DESTDIR)$(UNITDIR)/curtaind.service
	install -m 0644 packaging/systemd/curtain.sysusers $(DESTDIR)$(SYSUSERSDIR)/curtain.conf
	install -m 0644 packaging/systemd/curtain.tmpfiles $(DESTDIR)$(TMPFILESDIR)/curtain.conf

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/curtaind $(DESTDIR)$(SBINDIR)/curtainctl $(DESTDIR)$(BINDIR)/curtain
	rm -rf $(DESTDIR)$(DATADIR)/curtain
	rm -f $(foreach l,$(LINGUAS),$(DESTDIR)$(DATADIR)/locale/$(l)/LC_MESSAGES/curtain.mo)
	rm -f $(DESTDIR)$(MANDIR)/man1/curtain.1 $(DESTDIR)$(MANDIR)/man5/curtain.conf.5 \
	    $(DESTDIR)$(MANDIR)/man8/curtaind.8 $(DESTDIR)$(MANDIR)/man8/curtainctl.8
	rm -f $(DESTDIR)$(UNITDIR)/curtaind.service $(DESTDIR)$(SYSUSERSDIR)/curtain.conf \
	    $(DESTDIR)$(TMPFILESDIR)/curtain.conf

# ---- packages -------------------------------------------------------------
# Both build from a copy of the tree in a temp dir (dpkg-buildpackage writes
# to the parent directory), and only when a file they are made from changed:
# the stamp holds them, so running `make check` twice builds once.
PKG_INPUTS := Makefile README.md $(shell find src packaging themes keymaps po -type f 2>/dev/null)
DEB_DIR    ?= build-deb
RPM_DIR    ?= build-rpm

deb: $(DEB_DIR)/.stamp
$(DEB_DIR)/.stamp: $(PKG_INPUTS)
	@VERSION=$(VERSION) DEB_DIR=$(DEB_DIR) sh packaging/deb.sh
	@touch $@

rpm: $(RPM_DIR)/.stamp
$(RPM_DIR)/.stamp: $(PKG_INPUTS)
	@VERSION=$(VERSION) RPM_DIR=$(RPM_DIR) sh packaging/rpm.sh
	@touch $@

clean:
	rm -rf build build-asan $(DEB_DIR) $(RPM_DIR)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
