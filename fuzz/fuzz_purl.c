/*
 * fuzz_purl.c: purl_parse() on arbitrary strings, and the round trip:
 * once a string has been parsed and encoded, parsing and encoding that
 * result again must give the same string.
 */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "purl.h"
#include "xalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Parses s (canonicalised when canon) and encodes it; NULL on failure. */
static char *
reencode(const char *s, int canon)
{
	struct purl p;
	struct diag d;
	char *out;

	purl_init(&p);
	diag_init(&d);
	if (purl_parse(s, &p, &d) == -1)
		return NULL;
	if (canon)
		purl_canonical(&p);
	out = purl_encode(&p);
	purl_release(&p);
	return out;
}

static void
round_trip(const char *s, int canon)
{
	char *once, *twice;

	if ((once = reencode(s, canon)) == NULL)
		return;
	twice = reencode(once, canon);
	if (twice == NULL || strcmp(once, twice) != 0)
		abort();
	free(once);
	free(twice);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s;

	s = xstrndup((const char *)data, len);
	round_trip(s, 0);
	round_trip(s, 1);
	free(s);
	return 0;
}
