/*
 * catalog.c: the cataloguers' taps, layer attribution, and the step from
 * package records to BOM components.
 *
 * Attribution: a component's "introducing" layer is the first layer of
 * the last unbroken run of layers whose copy of the package database
 * lists the same name and version (a package purged in layer 3 and
 * installed again in layer 5 was introduced by layer 5). Its "evidence"
 * layer is the layer that wrote the copy of the database that is
 * visible in the final filesystem.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "bom.h"
#include "catalog.h"
#include "diag.h"
#include "image.h"
#include "pkg.h"
#include "purl.h"
#include "strbuf.h"
#include "view.h"
#include "xalloc.h"
#include "catalog_priv.h"

#define OSREL_ETC	"etc/os-release"
#define OSREL_USR	"usr/lib/os-release"

struct catalog *
catalog_new(void)
{
	struct catalog *c;

	c = xcalloc(1, sizeof(*c));
	return c;
}

static void
seen_release(struct seen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void
catalog_free(struct catalog *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ndb; i++) {
		free(c->db[i].path);
		seen_release(&c->db[i].keys);
	}
	free(c->db);
	free(c);
}

/*
 * Records one occurrence of a package database: which name/version keys
 * it lists. Called by the view as the file streams past.
 */
static void
db_occurrence(struct catalog *c, enum pkg_kind kind, size_t layer,
    const char *path, const unsigned char *data, size_t len)
{
	struct pkglist pl = { NULL, 0, 0 };
	struct db_occ *o;
	struct diag quiet;
	size_t i;

	diag_init(&quiet);
	if (kind == PKG_APK)
		apk_parse((const char *)data, len, path, &pl, &quiet);
	else
		dpkg_parse((const char *)data, len, path, &pl, &quiet);
	xgrow(&c->db, &c->dbcap, c->ndb + 1, sizeof(*c->db));
	o = &c->db[c->ndb++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->layer = layer;
	o->path = xstrdup(path);
	for (i = 0; i < pl.n; i++)
		seen_add(&o->keys, pl.v[i].name, pl.v[i].version);
	seen_sort(&o->keys);
	pkglist_release(&pl);
}

static void
tap_dpkg(void *arg, size_t layer, const char *path,
    const unsigned char *data, size_t len)
{
	db_occurrence(arg, PKG_DPKG, layer, path, data, len);
}

static void
tap_apk(void *arg, size_t layer, const char *path,
    const unsigned char *data, size_t len)
{
	db_occurrence(arg, PKG_APK, layer, path, data, len);
}

void
catalog_attach(struct catalog *c, struct view *v)
{
	view_tap(v, OSREL_ETC, NULL, NULL);
	view_tap(v, OSREL_USR, NULL, NULL);
	view_tap(v, DPKG_STATUS, tap_dpkg, c);
	view_tap(v, DPKG_STATUSD, tap_dpkg, c);
	view_tap(v, APK_DB, tap_apk, c);
}

/*
 * The introducing layer of name@version whose visible database is at
 * path: walk that path's occurrences from the last one backwards while
 * they list the key. For status.d, each file is its own database.
 */
size_t
catalog_introduced(const struct catalog *c, const char *path,
    const char *name, const char *version, size_t fallback)
{
	size_t i, found = fallback;
	int started = 0;

	for (i = c->ndb; i-- > 0;) {
		const struct db_occ *o = &c->db[i];

		if (strcmp(o->path, path) != 0)
			continue;
		if (!seen_has(&o->keys, name, version)) {
			if (started)
				break;
			continue;
		}
		started = 1;
		found = o->layer;
	}
	return found;
}

struct ptr_idx {
	const struct bom_component	*p;
	size_t				 i;
};

static int
cmp_ptr(const void *a, const void *b)
{
	const struct ptr_idx *x = a, *y = b;

	return (x->p > y->p) - (x->p < y->p);
}

static size_t
index_of(const struct ptr_idx *map, size_t n, const struct bom_component *p)
{
	struct ptr_idx key = { p, 0 }, *hit;

	hit = bsearch(&key, map, n, sizeof(*map), cmp_ptr);
	return hit != NULL ? hit->i : n;
}

/* Marks everything reachable from component i. */
static void
reach(struct bom *bom, const struct ptr_idx *map, size_t i,
    unsigned char *reached, size_t *stack)
{
	size_t sp = 0, j, k, n = bom->ncomponents;

	reached[i] = 1;
	stack[sp++] = i;
	while (sp > 0) {
		const struct bom_component *bc = bom->components[stack[--sp]];

		for (j = 0; j < bc->ndeps; j++) {
			k = index_of(map, n, bc->deps[j]);
			if (k < n && !reached[k]) {
				reached[k] = 1;
				stack[sp++] = k;
			}
		}
	}
}

/*
 * Marks the components the image depends on directly: those nothing
 * else depends on, and then, so that every component is reachable from
 * the image, the first unreached component of each remaining cycle in
 * catalogue order.
 */
static void
mark_toplevel(struct bom *bom)
{
	struct ptr_idx *map;
	unsigned char *reached, *wanted;
	size_t i, j, k, n = bom->ncomponents, *stack;

	map = xcalloc(n + 1, sizeof(*map));
	wanted = xcalloc(n + 1, 1);
	reached = xcalloc(n + 1, 1);
	stack = xcalloc(n + 1, sizeof(*stack));
	for (i = 0; i < n; i++) {
		map[i].p = bom->components[i];
		map[i].i = i;
	}
	qsort(map, n, sizeof(*map), cmp_ptr);
	for (i = 0; i < n; i++)
		for (j = 0; j < bom->components[i]->ndeps; j++) {
			k = index_of(map, n, bom->components[i]->deps[j]);
			if (k < n)
				wanted[k] = 1;
		}
	for (i = 0; i < n; i++)
		if (!wanted[i] || bom->components[i]->toplevel) {
			bom->components[i]->toplevel = 1;
			reach(bom, map, i, reached, stack);
		}
	for (i = 0; i < n; i++)
		if (!reached[i]) {
			bom->components[i]->toplevel = 1;
			reach(bom, map, i, reached, stack);
		}
	free(stack);
	free(reached);
	free(wanted);
	free(map);
}

int
catalog_build(struct catalog *c, struct view *v, const struct image *img,
    struct bom *bom, struct diag *d)
{
	struct cat_ctx cx;
	int rc;

	memset(&cx, 0, sizeof(cx));
	cx.cat = c;
	cx.view = v;
	cx.img = img;
	cx.bom = bom;
	cx.d = d;
	cat_subject(&cx);
	cat_os(&cx);
	rc = cat_dpkg(&cx);
	if (rc == 0)
		rc = cat_apk(&cx);
	if (rc == 0)
		mark_toplevel(bom);
	osrel_release(&cx.os);
	free(cx.distro);
	free(cx.ns);
	return rc;
}
