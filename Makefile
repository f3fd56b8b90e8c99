# Curtain — build, test, demo, install.
#
#   make            build build/curtaind, build/curtainctl (and the client)
#   make check      run every test; ends with "N passed, N failed"
#   make asan       build with AddressSanitizer + UBSan into build-asan/ and test
#   make demo       start a seeded demo server on loopback and simulate patients
#   make bench      benchmarks
#   make install    PREFIX=/usr/local DESTDIR=
#   make update-po  refresh po/curtain.pot and po/<lang>.po from the sources
#   make check-po   fail if the catalogues are stale or es.po is incomplete
#
# Missing Debian packages are installed by packaging/install-deps.sh, which
# the build calls when pkg-config cannot find a library.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share
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
# (install-deps.sh test) when one is missing.
TEST_TOOLS  := curl jq oathtool sqlite3 tmux openssl strings gnome-keyring-daemon \
               secret-tool dbus-run-session dbus-launch pgrep timeout
TOOLS_STAMP := $(BUILD)/.test-tools-ok

WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-unused-parameter \
           -Wstrict-prototypes -Wmissing-prototypes -Wvla
CSTD    := -std=c11 -D_GNU_SOURCE -DCURTAIN_VERSION='"$(VERSION)"' \
           -DLOCALEDIR='"$(DATADIR)/locale"' -DCURTAIN_DATADIR='"$(DATADIR)/curtain"'
OPT     ?= -O2 -g
SAN     ?=
CFLAGS_ALL = $(CSTD) $(OPT) $(SAN) $(WARN) -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
             -Isrc $(shell $(PKG_CONFIG) --cflags $(SERVER_PKGS) 2>/dev/null) $(CFLAGS)
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

.PHONY: all check asan demo bench install uninstall clean deps test-tools unit-tests \
	translations update-po check-po bench-phi phi-eval
all: $(PROGS) unit-tests translations

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
	    sh packaging/install-deps.sh test || exit 1; break; done
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

install: $(PROGS) $(MO_FILES)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD)/curtaind $(DESTDIR)$(SBINDIR)/curtaind
	install -m 0755 $(BUILD)/curtainctl $(DESTDIR)$(SBINDIR)/curtainctl
	if [ -x $(BUILD)/curtain ]; then install -m 0755 $(BUILD)/curtain $(DESTDIR)$(BINDIR)/curtain; fi
	install -d $(DESTDIR)$(DATADIR)/curtain/themes $(DESTDIR)$(DATADIR)/curtain/keymaps
	install -m 0644 themes/*.theme themes/theme.template $(DESTDIR)$(DATADIR)/curtain/themes/
	install -m 0644 keymaps/*.keys $(DESTDIR)$(DATADIR)/curtain/keymaps/
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES && \
	    install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/curtain.mo \
	        $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES/curtain.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/curtaind $(DESTDIR)$(SBINDIR)/curtainctl $(DESTDIR)$(BINDIR)/curtain
	rm -rf $(DESTDIR)$(DATADIR)/curtain
	rm -f $(foreach l,$(LINGUAS),$(DESTDIR)$(DATADIR)/locale/$(l)/LC_MESSAGES/curtain.mo)

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
