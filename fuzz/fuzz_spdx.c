/*
 * libFuzzer harness for the sbomdiff SPDX 2.2 and 2.3 JSON reader; the
 * body is in fuzz_reader.h.
 */
#define FUZZ_READER_SPDX
#include "fuzz_reader.h"
