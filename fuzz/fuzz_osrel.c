/*
 * fuzz_osrel.c: osrel_parse() on arbitrary bytes. Seeds: the files in
 * $SHARED/fixtures/os-release.
 */
#include "compat.h"

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "pkg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct osrel o;
	struct diag d;

	diag_init(&d);
	(void)osrel_parse((const char *)data, len, &o, &d);
	osrel_release(&o);
	return 0;
}
