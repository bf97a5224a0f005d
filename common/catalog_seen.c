/*
 * catalog_seen.c: sorted sets of package name/version keys, one per
 * copy of a package database, used to attribute layers.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "catalog_priv.h"
#include "xalloc.h"

static char *
make_key(const char *name, const char *version, size_t *lenp)
{
	size_t nl = strlen(name), vl = strlen(version);
	char *k;

	k = xmalloc(nl + vl + 2);
	memcpy(k, name, nl + 1);
	memcpy(k + nl + 1, version, vl + 1);
	*lenp = nl + vl + 1;
	return k;
}

static int
keycmp(const char *a, size_t al, const char *b, size_t bl)
{
	int r;

	r = memcmp(a, b, al < bl ? al : bl);
	if (r != 0)
		return r;
	return (al > bl) - (al < bl);
}

static int
cmp_seen(const void *a, const void *b)
{
	const struct seen_key *x = a, *y = b;

	return keycmp(x->key, x->len, y->key, y->len);
}

void
seen_add(struct seen *s, const char *name, const char *version)
{
	if (name == NULL || version == NULL)
		return;
	xgrow(&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n].key = make_key(name, version, &s->v[s->n].len);
	s->n++;
}

void
seen_sort(struct seen *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_seen);
}

int
seen_has(const struct seen *s, const char *name, const char *version)
{
	size_t lo = 0, hi = s->n, len;
	char *k;
	int r, found = 0;

	k = make_key(name, version, &len);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		r = keycmp(k, len, s->v[mid].key, s->v[mid].len);
		if (r == 0) {
			found = 1;
			break;
		}
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	free(k);
	return found;
}
