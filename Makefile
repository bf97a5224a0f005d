# sbomgen and sbomdiff. GNU make.
#
#   make                  build both tools into build/rel/
#   make check            warnings as errors, ASan+UBSan build, all tests
#   make deps             install build and test dependencies (apt-get, npm)
#   make bench            speed and memory against a decompression baseline
#   make fuzz             libFuzzer harnesses (clang) into build/fuzz/
#   make fuzz-run         runs each harness FUZZ_SECONDS (20) seconds
#   make install PREFIX=/usr/local DESTDIR=
#   make clean
#
# Knobs: DEVELOPER=1 (strict warnings, -Werror), SANITIZE=address,undefined.

VERSION	= 0.1.0
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
PKGS	= libarchive libxml-2.0 libcjson yaml-0.1 libcrypto
B	?= build/rel

CC	?= cc
CFLAGS	?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -Icommon -DSBOM_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 $(CFLAGS) $(PKG_CFLAGS) -MMD -MP

ifeq ($(DEVELOPER),1)
ALL_CFLAGS += -Werror -Wall -Wextra -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wpointer-arith \
	-Wwrite-strings -Wvla -Wformat=2 -Wformat-security -Wshadow \
	-Wno-unused-parameter -fno-common
endif
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g
LDFLAGS += -fsanitize=$(SANITIZE)
endif

COMMON_SRC   := $(sort $(wildcard common/*.c))
SBOMGEN_SRC  := $(sort $(wildcard sbomgen/*.c))
SBOMDIFF_SRC := $(sort $(wildcard sbomdiff/*.c))
UNIT_SRC     := $(sort $(wildcard tests/unit/*_test.c))
FUZZ_SRC     := $(sort $(wildcard fuzz/fuzz_*.c))

COMMON_OBJ   := $(COMMON_SRC:%.c=$(B)/obj/%.o)
SBOMGEN_OBJ  := $(SBOMGEN_SRC:%.c=$(B)/obj/%.o)
SBOMDIFF_OBJ := $(SBOMDIFF_SRC:%.c=$(B)/obj/%.o)
UNIT_BIN     := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)
LIBCOMMON    := $(B)/libcommon.a

all: $(B)/sbomgen $(B)/sbomdiff

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIBCOMMON): $(COMMON_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/sbomgen: $(SBOMGEN_OBJ) $(LIBCOMMON)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(B)/sbomdiff: $(SBOMDIFF_OBJ) $(LIBCOMMON)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(B)/unit/%: $(B)/obj/tests/unit/%.o $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# The test build: strict warnings and sanitizers, in its own directory.
CHECK_B = build/check
check:
	$(MAKE) B=$(CHECK_B) DEVELOPER=1 SANITIZE=address,undefined \
	    CFLAGS='-O1 -g' check-run

check-run: all $(UNIT_BIN)
	B=$(B) sh tests/run-all.sh

deps:
	sh scripts/deps.sh

bench: all
	sh scripts/bench.sh $(B)

FUZZ_B = build/fuzz
fuzz:
	$(MAKE) B=$(FUZZ_B) CC=clang CFLAGS='-O1 -g -fsanitize=fuzzer-no-link' \
	    SANITIZE=address,undefined fuzz-bins

fuzz-bins: $(FUZZ_SRC:fuzz/%.c=$(B)/fuzzers/%)

FUZZ_SECONDS ?= 20
fuzz-run:
	sh scripts/fuzz-run.sh $(FUZZ_SECONDS)

$(B)/fuzzers/%: $(B)/obj/fuzz/%.o $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lm

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/sbomgen $(B)/sbomdiff $(DESTDIR)$(BINDIR)
	install -m 644 man/sbomgen.1 man/sbomdiff.1 $(DESTDIR)$(MANDIR)/man1

clean:
	rm -rf build

.PHONY: all check check-run deps bench fuzz fuzz-bins fuzz-run install clean
.SECONDARY:

-include $(shell find $(B)/obj -name '*.d' -type f 2>/dev/null)
