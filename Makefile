# Concord - build, set-up and checks.
#
#   make          install missing Debian packages, build concord, compile the
#                 councils in sources/ into out/
#   make test     build (normal and ASan+UBSan) and run every test
#   make deps     install missing Debian packages only (the one install list)
#
# Everything the project needs from Debian is in DEBIAN_PACKAGES below and
# nowhere else; .ci/run calls `make deps`.

DEBIAN_PACKAGES := build-essential pkg-config clang libclang-rt-14-dev \
  libcmark-dev cmark libyaml-dev libjansson-dev libutf8proc-dev \
  libxml2-dev libxml2-utils libhpdf-dev liblua5.4-dev \
  libhyphen-dev hyphen-en-gb fonts-dejavu-core fonts-liberation2 \
  poppler-utils qpdf python3 valgrind cppcheck \
  chromium default-jre-headless

CC      ?= cc
PKGS    := libcmark yaml-0.1 jansson libutf8proc libxml-2.0 lua5.4
WARN    := -Wall -Wextra -Werror -pedantic -Wstrict-prototypes -Wshadow \
           -Wwrite-strings -Wmissing-prototypes -Wno-overlength-strings
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -Icompiler $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lhyphen -lm

# BIN/OBJDIR can be overridden to build a private copy (parallel work):
#   make BIN=build/me/concord OBJDIR=build/me/obj build/me/concord
#
# compiler/ is the library libconcord.a (every folder but cli/) and the
# command-line front end (cli/), a thin client of it; docs/architecture.md
# says what each folder does and what it may include (make lint checks).
BIN     ?= concord
OBJDIR  ?= build/obj
SRCS    := $(sort $(shell find compiler -name '*.c'))
CLI_SRCS := $(filter compiler/cli/%,$(SRCS))
LIB_SRCS := $(filter-out compiler/cli/%,$(SRCS))
LIB      := $(OBJDIR)/libconcord.a
LIB_OBJS := $(LIB_SRCS:compiler/%.c=$(OBJDIR)/%.o)
CLI_OBJS := $(CLI_SRCS:compiler/%.c=$(OBJDIR)/%.o)
ASAN_LIB_OBJS := $(LIB_SRCS:compiler/%.c=build/asan/%.o)
ASAN_CLI_OBJS := $(CLI_SRCS:compiler/%.c=build/asan/%.o)
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SOURCES := $(sort $(wildcard sources/*.md))
OUT     ?= out

.PHONY: all deps build lib out test asan api_test valgrind bench fuzz lint clean screenshots
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory out

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $$missing; \
	fi

build: $(BIN)
lib: $(LIB)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(BIN): $(CLI_OBJS) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJS) $(LIB) $(LDLIBS)

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

# The councils' outputs. concord writes to a staging directory and only
# moves files into $(OUT) when the whole build succeeded.
out: concord
	./concord build -o $(OUT) $(SOURCES)

test: concord build/concord-asan $(API_TEST) build/asan/api_test
	@CONCORD=./concord CONCORD_ASAN=build/concord-asan tests/run

# The README's screenshots of a council page, the matrix and a topic page
# (docs/img/<page>-desktop.png at 1280 px, <page>-mobile.png at 375 px), taken by the browser test's code in
# Debian's Chromium (tests/browser/check.mjs; t_browser.sh takes the same
# shots into its scratch folder on every run).
screenshots: $(BIN)
	$(abspath $(BIN)) build -q --format html,matrix -o build/screenshots $(SOURCES)
	cd tests/browser && { [ -f node_modules/.package-lock.json ] || npm ci --ignore-scripts --no-audit --no-fund; } && \
	  node check.mjs --site ../../build/screenshots/site --no-checks --screenshots ../../docs/img --shot brent,matrix,topics/members-treat-officers-with-respect

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
FUZZ_OBJS    := $(LIB_SRCS:compiler/%.c=build/fuzz/obj/%.o)
FUZZ_BINS    := build/fuzz/fuzz_reader build/fuzz/fuzz_import build/fuzz/fuzz_build build/fuzz/fuzz_hooks

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
