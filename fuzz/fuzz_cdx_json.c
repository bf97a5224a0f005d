/*
 * libFuzzer harness for the sbomdiff CycloneDX JSON reader: parses the input
 * and normalises every component, exactly as doc_load() does after
 * detecting the format.
 *
 * The fuzz build links the fuzz_*.c files with common/ only, so the
 * sbomdiff sources this reader needs are compiled into this harness.
 * The two other readers are left out (their static helpers share names
 * with this one's) and refuse their input here.
 */
#include "../sbomdiff/load.c"
#include "../sbomdiff/norm.c"
#include "../sbomdiff/license.c"
#include "../sbomdiff/arena.c"
#include "../sbomdiff/cdx_json.c"

#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
cdx_xml_parse(struct loader *ld, const char *buf, size_t len)
{
	return diag_error(ld->d, "not in this harness");
}

int
spdx_json_parse(struct loader *ld, const char *buf, size_t len)
{
	return diag_error(ld->d, "not in this harness");
}

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
	if (cdx_json_parse(&ld, (const char *)data, size) == 0)
		load_finish(&ld);
	loader_release(&ld);
	doc_free(ld.doc);
	return 0;
}
