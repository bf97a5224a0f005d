/*
 * fuzz_dpkg.c: dpkg_parse() on arbitrary bytes. Seeds: the status
 * files in $SHARED/fixtures/dpkg.
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
	struct pkglist l = { 0 };
	struct diag d;

	diag_init(&d);
	(void)dpkg_parse((const char *)data, len, "fuzz", &l, &d);
	pkglist_release(&l);
	return 0;
}
