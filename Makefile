# Concord - build, set-up and checks.
#
#   make          install missing Debian packages (asking first), build
#                 concord, compile the councils in sources/ into out/
#   make install  install concord, its data, man page and bash completion
#                 under PREFIX (default /usr/local); DESTDIR for staging.
#                 make uninstall removes them. docs/install.md lists them.
#   make test     the test tools too (deps-test), then build (normal and
#                 ASan+UBSan) and run every test
#   make dev      build with -Werror (as CI does: WERROR=1)
#   make deb      a Debian package, build/deb/concord_VERSION_ARCH.deb
#   make deps     install missing Debian packages to build and run
#   make deps-test  and those only the tests need
#
# Everything the project needs from Debian is in DEBIAN_PACKAGES (to build
# and run) and DEBIAN_TEST_PACKAGES (tests, lint, fuzzing) below and
# nowhere else; .ci/run calls `make deps deps-test`.

DEBIAN_PACKAGES := build-essential pkg-config \
  libcmark-dev libyaml-dev libjansson-dev libutf8proc-dev \
  libxml2-dev libhpdf-dev liblua5.4-dev libharfbuzz-dev \
  libhyphen-dev hyphen-en-gb fonts-dejavu-core fonts-liberation2 \
  libstemmer-dev libdeflate-dev libicu-dev liblzma-dev zlib1g-dev
DEBIAN_TEST_PACKAGES := clang libclang-rt-14-dev cmark libxml2-utils \
  poppler-utils qpdf python3 python3-pikepdf valgrind cppcheck groff-base man-db \
  chromium default-jre-headless

# Where `make install` puts things (docs/install.md); the binary looks for
# its data in DATADIR (or $$CONCORD_DATADIR) when a project lacks its own.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/concord
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=

CC      ?= cc
PKGS    := libcmark yaml-0.1 jansson libutf8proc libxml-2.0 lua5.4 harfbuzz harfbuzz-subset libdeflate
# -Werror only for developers and CI (make dev, WERROR=1): a user's newer
# compiler may warn about code that is fine, and must still build it.
WERROR  ?= 0
WARN    := -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -pedantic -Wstrict-prototypes -Wshadow \
           -Wwrite-strings -Wmissing-prototypes -Wno-overlength-strings
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -DDATADIR='"$(DATADIR)"' -Icompiler $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
# libstemmer (Snowball) ships no .pc file: linked by name
LDLIBS_SHARED := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lhyphen -lstemmer -lm
# Every shared library costs each concord command its start-up (mapping,
# symbol lookup, relocation; libstemmer alone has 10,800 relocations):
# these small ones are linked from their static archive when one is
# installed (Debian's -dev packages ship it), which took `concord
# --version` from about 18 to 13 ms of CPU (docs/performance.md). The
# binary stays position-independent. STATIC_LIBS= links all shared.
#
# libxml2 is linked from its archive too, with what it needs from its
# own archives: ICU's converters, liblzma, zlib, and ICU's C++ runtime
# (libicu-dev, liblzma-dev and zlib1g-dev are in DEBIAN_PACKAGES for
# their archives; without all six, libxml2 is linked shared).
# Loading libxml2.so meant loading libicuuc, libstdc++ and their
# 10,000 relocations on every command: about 3.5 ms of the start-up of
# each build, a tenth of the target for the five councils. The cost: a
# larger binary (ICU's data, about 30 MB, mapped and read only where
# used) and a libxml2 security fix needs a rebuild of concord.
STATIC_LIBS ?= cmark yaml jansson utf8proc lua5.4 hyphen stemmer deflate xml2
static_archive = $(filter /%,$(shell $(CC) -print-file-name=lib$(1).a 2>/dev/null))
XML2_ARCHIVES := $(if $(filter xml2,$(STATIC_LIBS)),$(foreach l,xml2 icuuc icudata lzma z stdc++,$(call static_archive,$(l))))
static_lib = $(if $(filter -lxml2,$(1)),$(if $(word 6,$(XML2_ARCHIVES)),$(XML2_ARCHIVES)),$(call static_archive,$(1:-l%=%)))
LDLIBS  := $(foreach f,$(LDLIBS_SHARED),$(or $(if $(filter $(STATIC_LIBS:%=-l%),$(f)),$(call static_lib,$(f))),$(f))) \
           $(if $(filter lua5.4,$(STATIC_LIBS)),-ldl)
LDFLAGS ?= -Wl,-O1,--as-needed

# BIN/OBJDIR can be overridden to build a private copy (parallel work):
#   make BIN=build/me/concord OBJDIR=build/me/obj build/me/concord
#
# compiler/ is the library libconcord.a (every folder but cli/) and the
# command-line front end (cli/), a thin client of it; docs/architecture.md
# says what each folder does and what it may include (make lint checks).
BIN     ?= concord
OBJDIR  ?= build/obj
SRCS    := $(sort $(shell find compiler -name '*.c' ! -path 'compiler/gen/*'))
CLI_SRCS := $(filter compiler/cli/%,$(SRCS))
LIB_SRCS := $(filter-out compiler/cli/%,$(SRCS))
LIB      := $(OBJDIR)/libconcord.a
# generated at build time (compiler/gen/): the hyphenation patterns
GEN_SRCS := layout_hyph_patterns
LIB_OBJS := $(LIB_SRCS:compiler/%.c=$(OBJDIR)/%.o) $(GEN_SRCS:%=$(OBJDIR)/gen/%.o)
CLI_OBJS := $(CLI_SRCS:compiler/%.c=$(OBJDIR)/%.o)
ASAN_LIB_OBJS := $(LIB_SRCS:compiler/%.c=build/asan/%.o) $(GEN_SRCS:%=build/asan/gen/%.o)
ASAN_CLI_OBJS := $(CLI_SRCS:compiler/%.c=build/asan/%.o)
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SOURCES := $(sort $(wildcard sources/*.md))
OUT     ?= out

.PHONY: all deps deps-test dev install uninstall deb deb-package build lib out test asan api_test valgrind bench fuzz lint clean screenshots
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory out

# Installs the missing ones of $(DEBIAN_PACKAGES). As root, with apt-get;
# otherwise it asks before using sudo, and without a terminal to ask on it
# prints the apt-get line to run and stops.
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	[ -n "$$missing" ] || exit 0; \
	cmd="apt-get install -y --no-install-recommends$$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive $$cmd; \
	elif [ -t 0 ] && command -v sudo >/dev/null; then \
	  printf 'make deps: missing Debian packages:%s\nRun sudo apt-get update && sudo %s? [y/N] ' "$$missing" "$$cmd"; \
	  read -r answer; case $$answer in [yY]*) ;; *) echo "make deps: not installed; run it yourself: sudo $$cmd"; exit 1 ;; esac; \
	  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive $$cmd; \
	else \
	  echo "make deps: missing Debian packages:$$missing"; \
	  echo "make deps: as root, run: apt-get update && $$cmd"; \
	  exit 1; \
	fi

deps-test:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(DEBIAN_TEST_PACKAGES)"

dev:
	@$(MAKE) --no-print-directory WERROR=1 build

# The man page and the bash completion are generated from the binary's
# option table (compiler/cli/cli_help.c), so they never drift from it.
GEN     ?= $(dir $(OBJDIR))
MANPAGE := $(GEN)concord.1
BASHCOMP := $(GEN)concord.bash

build: $(BIN) $(MANPAGE) $(BASHCOMP)
lib: $(LIB)

# The binary has DATADIR compiled in (compiler/cli/cli_data.c): it is
# rebuilt when DATADIR (PREFIX) changes.
DATADIR_STAMP := $(GEN)datadir.stamp
$(DATADIR_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ 2>/dev/null || echo '$(DATADIR)' >$@
$(OBJDIR)/cli/cli_data.o build/asan/cli/cli_data.o: $(DATADIR_STAMP)
FORCE:

$(MANPAGE): $(BIN) $(DATADIR_STAMP)
	$(abspath $(BIN)) __man $(DATADIR) >$@.tmp && mv $@.tmp $@

$(BASHCOMP): $(BIN)
	$(abspath $(BIN)) __bash-completion >$@.tmp && mv $@.tmp $@

# The hyphenation patterns of hyphen-en-gb compiled into the library
# (compiler/write/layout/layout_hyph_data.h says why): hyph_gen loads the
# pattern file with libhyphen and writes its state machine as C tables.
# Rebuilt when the file changes (a new package version).
HYPH_DIC ?= /usr/share/hyphen/hyph_en_GB.dic
HYPH_GEN := $(GEN)hyph_gen
HYPH_C   := $(GEN)gen/layout_hyph_patterns.c

$(HYPH_GEN): compiler/gen/hyph_gen.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

$(HYPH_C): $(HYPH_GEN) $(wildcard $(HYPH_DIC))
	@mkdir -p $(dir $@)
	$(abspath $(HYPH_GEN)) $(HYPH_DIC) >$@.tmp && mv $@.tmp $@

$(OBJDIR)/gen/%.o: $(GEN)gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/gen/%.o: $(GEN)gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -O1 -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(BIN): $(CLI_OBJS) $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIB) $(LDLIBS)

$(OBJDIR)/%.o: compiler/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: compiler/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -O1 -c -o $@ $<

build/asan/libconcord.a: $(ASAN_LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $(ASAN_LIB_OBJS)

build/concord-asan: $(ASAN_CLI_OBJS) build/asan/libconcord.a
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -o $@ $(ASAN_CLI_OBJS) build/asan/libconcord.a $(LDLIBS)

asan: build/concord-asan

# The C tests of the library API (compiler/concord.h), linked against the
# library as any program using it would be; tests/t_api.sh runs them.
API_TEST := build/api_test

$(API_TEST): tests/api/api_test.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

build/asan/api_test: tests/api/api_test.c build/asan/libconcord.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -O1 -o $@ $< build/asan/libconcord.a $(LDLIBS)

api_test: $(API_TEST) build/asan/api_test

# C tests of library internals on hand-built data (tests/unit/), run by
# tests/t_rivers.sh: the river detector of the line-quality report.
RIVERS_TEST := build/rivers_test

$(RIVERS_TEST): tests/unit/rivers_test.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

build/asan/rivers_test: tests/unit/rivers_test.c build/asan/libconcord.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -O1 -o $@ $< build/asan/libconcord.a $(LDLIBS)

# tests/t_memo.sh: base/memo.h, the memo the build hands to writers.
MEMO_TEST := build/memo_test

$(MEMO_TEST): tests/unit/memo_test.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

build/asan/memo_test: tests/unit/memo_test.c build/asan/libconcord.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -O1 -o $@ $< build/asan/libconcord.a $(LDLIBS)

# tests/t_pdf_text.sh: write/pdf/pdf_text.h against libharu's encoder.
PDF_TEXT_TEST := build/pdf_text_test

$(PDF_TEXT_TEST): tests/unit/pdf_text_test.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

build/asan/pdf_text_test: tests/unit/pdf_text_test.c build/asan/libconcord.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -O1 -o $@ $< build/asan/libconcord.a $(LDLIBS)

# tests/t_akn_xml.sh: write/akn/akn_xml.h against libxml2's xmlTextWriter.
AKN_XML_TEST := build/akn_xml_test

$(AKN_XML_TEST): tests/unit/akn_xml_test.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

build/asan/akn_xml_test: tests/unit/akn_xml_test.c build/asan/libconcord.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -O1 -o $@ $< build/asan/libconcord.a $(LDLIBS)

# make install: the binary, its data (docs/install.md), the man page and
# the bash completion. themes/<name>/<file> goes to DATADIR/themes/...,
# sources/templates/init/<file> (what concord init writes) to DATADIR/init/<file>.
DATA_THEMES := $(sort $(shell find themes -type f ! -name '.*'))
INIT_FILES  := $(sort $(shell find sources/templates/init -type f 2>/dev/null))
INSTALL     ?= install

# $(call install-files,ROOT): the files of make install, under ROOT
# (DESTDIR for make install, the package's tree for make deb)
define install-files
	$(INSTALL) -d $(1)$(BINDIR) $(1)$(DATADIR) $(1)$(MANDIR)/man1 $(1)$(BASHCOMPDIR)
	$(INSTALL) -m 755 $(BIN) $(1)$(BINDIR)/concord
	$(INSTALL) -m 644 $(MANPAGE) $(1)$(MANDIR)/man1/concord.1
	$(INSTALL) -m 644 $(BASHCOMP) $(1)$(BASHCOMPDIR)/concord
	$(INSTALL) -D -m 644 sources/topics.yaml $(1)$(DATADIR)/topics.yaml
	$(INSTALL) -D -m 644 sources/templates/protocol.md $(1)$(DATADIR)/templates/protocol.md
	$(INSTALL) -D -m 644 sources/templates/variants.yaml $(1)$(DATADIR)/templates/variants.yaml
	@# the councils the model protocol's variants quote (concord draft outside a checkout)
	$(INSTALL) -d $(1)$(DATADIR)/corpus
	$(INSTALL) -m 644 $(SOURCES) $(1)$(DATADIR)/corpus/
	@for f in $(DATA_THEMES) $(INIT_FILES:sources/templates/%=%); do \
	  src=$$f; [ -e "$$src" ] || src=sources/templates/$$f; \
	  echo "$(INSTALL) -D -m 644 $$src $(1)$(DATADIR)/$$f"; \
	  $(INSTALL) -D -m 644 "$$src" "$(1)$(DATADIR)/$$f" || exit 1; \
	done
endef

install: $(BIN) $(MANPAGE) $(BASHCOMP)
	$(call install-files,$(DESTDIR))

# removes what install installed, then the data folders left empty
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/concord $(DESTDIR)$(MANDIR)/man1/concord.1 $(DESTDIR)$(BASHCOMPDIR)/concord
	rm -f $(DESTDIR)$(DATADIR)/topics.yaml $(DESTDIR)$(DATADIR)/templates/protocol.md \
	  $(DESTDIR)$(DATADIR)/templates/variants.yaml
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/corpus/,$(notdir $(SOURCES)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/,$(DATA_THEMES) $(INIT_FILES:sources/templates/%=%))
	[ ! -d $(DESTDIR)$(DATADIR) ] || find $(DESTDIR)$(DATADIR) -depth -type d -empty -delete

# make deb: a Debian package, build/deb/concord_VERSION_ARCH.deb (install
# it with apt install ./build/deb/concord_*.deb). The binary is built with
# PREFIX=/usr in a folder of its own; deb-package packs whatever BIN is.
DEB_DIR     ?= build/deb
DEB_VERSION := $(shell sed -n 's/^\#define CONCORD_VERSION "\(.*\)"/\1/p' compiler/cli/main.c)
DEB_ARCH    := $(shell dpkg --print-architecture 2>/dev/null)
# (the hyphenation patterns are compiled into the binary: no hyphen-en-gb)
DEB_EXTRA_DEPENDS := fonts-liberation2
DEB_ROOT     = $(DEB_DIR)/root

deb:
	@$(MAKE) --no-print-directory PREFIX=/usr BIN=$(DEB_DIR)/bin/concord OBJDIR=$(DEB_DIR)/obj \
	  GEN=$(DEB_DIR)/bin/ deb-package

deb-package: $(BIN) $(MANPAGE) $(BASHCOMP)
	rm -rf $(DEB_ROOT)
	$(call install-files,$(DEB_ROOT))
	gzip -9n $(DEB_ROOT)$(MANDIR)/man1/concord.1
	$(INSTALL) -d $(DEB_ROOT)/DEBIAN $(DEB_ROOT)/usr/share/doc/concord
	$(INSTALL) -m 644 README.md docs/install.md $(DEB_ROOT)/usr/share/doc/concord/
	@# the shared libraries the binary links, as the packages that hold them
	@deps=$$(for l in $$(ldd $(BIN) | awk '/=> \//{print $$3}'); do \
	    p=$$(dpkg -S "$$l" 2>/dev/null || dpkg -S "/usr$$l" 2>/dev/null || \
	         dpkg -S "$$(readlink -f $$l)" 2>/dev/null || dpkg -S "/usr$$(readlink -f $$l)" 2>/dev/null); \
	    echo "$${p%%:*}"; done | grep -v '^$$' | sort -u | paste -sd, | sed 's/,/, /g'); \
	{ echo "Package: concord"; \
	  echo "Version: $(DEB_VERSION)"; \
	  echo "Architecture: $(DEB_ARCH)"; \
	  echo "Maintainer: Concord maintainers <concord@localhost>"; \
	  echo "Depends: $$deps, $(DEB_EXTRA_DEPENDS)"; \
	  echo "Section: text"; \
	  echo "Priority: optional"; \
	  echo "Description: compile council constitution documents into a site and PDFs"; \
	  echo " Concord reads councils' constitution protocols written in annotated"; \
	  echo " Markdown and writes an accessible web site, tagged PDFs, a comparison"; \
	  echo " matrix and data exports. concord init starts a project."; \
	} >$(DEB_ROOT)/DEBIAN/control
	dpkg-deb --root-owner-group --build $(DEB_ROOT) $(DEB_DIR)/concord_$(DEB_VERSION)_$(DEB_ARCH).deb

# The councils' outputs. concord writes to a staging directory and only
# moves files into $(OUT) when the whole build succeeded.
out: concord
	./concord build -o $(OUT) $(SOURCES)

test: deps-test concord build/concord-asan $(API_TEST) build/asan/api_test \
  $(RIVERS_TEST) build/asan/rivers_test $(MEMO_TEST) build/asan/memo_test \
  $(PDF_TEXT_TEST) build/asan/pdf_text_test $(AKN_XML_TEST) build/asan/akn_xml_test
	@CONCORD=./concord CONCORD_ASAN=build/concord-asan tests/run

# The README's screenshots of a council page, the matrix and a topic page
# (docs/img/<page>-desktop.png at 1280 px, <page>-mobile.png at 375 px), taken by the browser test's code in
# Debian's Chromium (tests/browser/check.mjs; t_browser.sh takes the same
# shots into its scratch folder on every run).
screenshots: $(BIN)
	# every format, so the council pages show their downloads
	$(abspath $(BIN)) build -q -o build/screenshots $(SOURCES)
	cd tests/browser && { [ -f node_modules/.package-lock.json ] || npm ci --ignore-scripts --no-audit --no-fund; } && \
	  node check.mjs --site ../../build/screenshots/site --no-checks --screenshots ../../docs/img --shot brent,matrix,topics/members-treat-officers-with-respect,matrix.html?lacks=lydney,compare/brent--cheshire-west-and-chester
	# the PDFs (at 60 dpi, as a reader skims them; the kerned heading at 200)
	pdftoppm -png -r 60 -singlefile -f 1 build/screenshots/pdf/east-northamptonshire.pdf docs/img/pdf-contents
	pdftoppm -png -r 60 -singlefile -f 1 build/screenshots/pdf/cheshire-west-and-chester.pdf docs/img/pdf-body
	pdftoppm -png -r 60 -singlefile -f 2 build/screenshots/pdf/cheshire-west-and-chester.pdf docs/img/pdf-items
	pdftoppm -png -r 200 -singlefile -f 3 -x 160 -y 1150 -W 1100 -H 100 \
	  build/screenshots/pdf/east-northamptonshire.pdf docs/img/pdf-kerning
	cd tests/browser && node check.mjs --site ../../build/screenshots/site --no-checks --screenshots ../../docs/img --shot 'search?q=surgery+members'

valgrind: concord
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
	  ./concord build -o build/valgrind-out $(SOURCES)
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
	  ./concord align --audit $(SOURCES) >/dev/null

# Fuzzing (issue 9): libFuzzer harnesses in tests/fuzz/, built with clang
# and ASan+UBSan; each runs FUZZ_SECONDS (CI: 60). See tests/fuzz/run.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJS    := $(LIB_SRCS:compiler/%.c=build/fuzz/obj/%.o) $(GEN_SRCS:%=build/fuzz/obj/gen/%.o)
FUZZ_BINS    := build/fuzz/fuzz_reader build/fuzz/fuzz_import build/fuzz/fuzz_build build/fuzz/fuzz_hooks

build/fuzz/obj/gen/%.o: $(GEN)gen/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -O1 -c -o $@ $<

build/fuzz/obj/%.o: compiler/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -O1 -c -o $@ $<

build/fuzz/libconcord.a: $(FUZZ_OBJS)
	@rm -f $@
	$(AR) rcs $@ $(FUZZ_OBJS)

# the fuzzers link the library, as the command line does
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h build/fuzz/libconcord.a
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -O1 -DCONCORD_ROOT='"$(CURDIR)"' \
	  -o $@ $< build/fuzz/libconcord.a $(LDLIBS)

# (the objects are prerequisites of a pattern rule only: keep them)
.SECONDARY: $(FUZZ_OBJS)

fuzz: $(FUZZ_BINS)
	tests/fuzz/run $(FUZZ_SECONDS)

# Benchmarks (issue 10): the peers and tools only `make bench` needs, kept
# out of DEBIAN_PACKAGES so `make` stays lean. See bench/README.md.
BENCH_PACKAGES := pandoc weasyprint hyperfine gnuplot-nox linux-perf time cmark valgrind

bench: concord
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(BENCH_PACKAGES)"
	CONCORD=./concord bench/run

# the layers (compiler/LAYERS: includes point down, no module cycles in
# the library's symbols), then cppcheck
lint: $(LIB)
	python3 tests/lint/layers.py --root compiler --objects $(OBJDIR)
	cppcheck --enable=warning,performance,portability --error-exitcode=1 --quiet \
	  --suppress=missingIncludeSystem -I compiler compiler

clean:
	rm -rf build concord tests/tmp

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(ASAN_LIB_OBJS:.o=.d) $(ASAN_CLI_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d) \
  $(API_TEST).d build/asan/api_test.d
