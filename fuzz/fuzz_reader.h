/*
 * fuzz_reader.h: the body of the libFuzzer harnesses of the three
 * sbomdiff readers (fuzz_cdx_json.c, fuzz_cdx_xml.c, fuzz_spdx.c). Each
 * defines FUZZ_READER_CDX_JSON, FUZZ_READER_CDX_XML or FUZZ_READER_SPDX
 * and includes this file. The input is parsed and every component
 * normalised, exactly as doc_load() does after detecting the format.
 *
 * The fuzz build links the fuzz_*.c files with common/ only, so the
 * sbomdiff sources a reader needs are compiled into its harness. The
 * other two readers are left out and refuse their input here.
 */
#include "../sbomdiff/load.c"
#include "../sbomdiff/norm.c"
#include "../sbomdiff/license.c"
#include "../sbomdiff/arena.c"

#include <stdint.h>

#if defined(FUZZ_READER_CDX_JSON)
#include "../sbomdiff/cdx_json.c"
#define FUZZ_PARSE	cdx_json_parse
#elif defined(FUZZ_READER_CDX_XML)
#include "../sbomdiff/cdx_xml.c"
#define FUZZ_PARSE	cdx_xml_parse
#elif defined(FUZZ_READER_SPDX)
#include "../sbomdiff/spdx.c"
#define FUZZ_PARSE	spdx_json_parse
#else
#error "define FUZZ_READER_CDX_JSON, FUZZ_READER_CDX_XML or FUZZ_READER_SPDX"
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#ifndef FUZZ_READER_CDX_JSON
int
cdx_json_parse(struct loader *ld, const char *buf, size_t len)
{
	return diag_error(ld->d, "not in this harness");
}
#endif

#ifndef FUZZ_READER_CDX_XML
int
cdx_xml_parse(struct loader *ld, const char *buf, size_t len)
{
	return diag_error(ld->d, "not in this harness");
}
#endif

#ifndef FUZZ_READER_SPDX
int
spdx_json_parse(struct loader *ld, const char *buf, size_t len)
{
	return diag_error(ld->d, "not in this harness");
}
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader ld;
	struct diag d;

	diag_init(&d);
	memset(&ld, 0, sizeof(ld));
	ld.d = &d;
	ld.doc = xcalloc(1, sizeof(*ld.doc));
	ld.doc->path = xstrdup("fuzz");
	if (FUZZ_PARSE(&ld, (const char *)data, size) == 0)
		load_finish(&ld);
	loader_release(&ld);
	doc_free(ld.doc);
	return 0;
}
