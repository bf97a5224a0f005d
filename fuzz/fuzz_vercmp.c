/*
 * fuzz_vercmp.c: libFuzzer harness for vercmp(). The input is cut at
 * its first newline into two strings a and b (an embedded NUL ends a
 * string early). For every scheme it checks that a string equals
 * itself unless it is invalid, that a pair is incomparable exactly
 * when one side is invalid, and that swapping the sides flips the
 * answer.
 */
#include "compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vercmp.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(enum vercmp_scheme s, const char *a, const char *b)
{
	enum vercmp_result aa, bb, ab, ba;

	aa = vercmp(s, a, a);
	bb = vercmp(s, b, b);
	ab = vercmp(s, a, b);
	ba = vercmp(s, b, a);
	if (aa != VERCMP_EQ && aa != VERCMP_INCOMPARABLE)
		abort();
	if (bb != VERCMP_EQ && bb != VERCMP_INCOMPARABLE)
		abort();
	if (ba != vercmp_flip(ab))
		abort();
	if (s != VERCMP_NONE && (ab == VERCMP_INCOMPARABLE) !=
	    (aa == VERCMP_INCOMPARABLE || bb == VERCMP_INCOMPARABLE))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl;
	char *a, *b;
	size_t alen;
	int s;

	nl = memchr(data, '\n', size);
	alen = nl != NULL ? (size_t)(nl - data) : size;
	a = xstrndup((const char *)data, alen);
	b = nl != NULL ? xstrndup((const char *)nl + 1, size - alen - 1) :
	    xstrdup("");
	for (s = VERCMP_NONE; s <= VERCMP_MAVEN; s++)
		check((enum vercmp_scheme)s, a, b);
	free(a);
	free(b);
	return 0;
}
