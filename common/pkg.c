/*
 * pkg.c: the package list the database parsers fill, and the release
 * of what they own.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "pkg.h"
#include "xalloc.h"

struct pkg *
pkglist_add(struct pkglist *l)
{
	struct pkg *p;

	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	p = &l->v[l->n++];
	memset(p, 0, sizeof(*p));
	return p;
}

void
pkg_release(struct pkg *p)
{
	free(p->name);
	free(p->version);
	free(p->arch);
	free(p->source);
	free(p->source_version);
	free(p->maintainer);
	free(p->description);
	free(p->license);
	free(p->installed_size);
	free(p->homepage);
	free(p->depends);
	free(p->pre_depends);
	free(p->provides);
	free(p->checksum);
	free(p->origin_file);
	memset(p, 0, sizeof(*p));
}

void
pkglist_release(struct pkglist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		pkg_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
