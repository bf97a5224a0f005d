/*
 * libFuzzer harness for the sbomdiff CycloneDX JSON reader; the body is
 * in fuzz_reader.h.
 */
#define FUZZ_READER_CDX_JSON
#include "fuzz_reader.h"
