/*
 * libFuzzer harness for the sbomdiff CycloneDX XML reader; the body is
 * in fuzz_reader.h.
 */
#define FUZZ_READER_CDX_XML
#include "fuzz_reader.h"
