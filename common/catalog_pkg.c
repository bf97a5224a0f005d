/*
 * catalog_pkg.c: dpkg and apk packages as BOM components, with purls,
 * layer attribution and dependency edges.
 */
#include "compat.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bom.h"
#include "catalog_priv.h"
#include "diag.h"
#include "image.h"
#include "pkg.h"
#include "purl.h"
#include "strbuf.h"
#include "view.h"
#include "xalloc.h"

/*
 * Packages of one kind read from all databases at most (one database
 * holds 200000 at most): each costs about 10 KiB on the way to the
 * SBOM, so many large status.d files must not add up without bound.
 */
#define CATALOG_PKG_MAX		200000

/* One installed package and the component made of it. */
struct inst {
	size_t			 idx;	/* into pkgset.pl */
	struct pkg		*pkg;	/* set once the list is complete */
	struct bom_component	*bc;
	char			*path;	/* the database file it came from */
	size_t			 layer;	/* the layer that wrote that file */
};

/* A name an installed package answers to (its own, or a Provides). */
struct alias {
	const char	*name;
	size_t		 inst;
	int		 real;	/* its own name, not a Provides */
};

struct pkgset {
	enum pkg_kind	 kind;
	struct pkglist	 pl;
	struct inst	*in;
	size_t		 nin, incap;
	struct alias	*al;
	size_t		 nal, alcap;
	/*
	 * Hash set of the pl indexes (plus one; 0 is empty) of the
	 * databases already read, so that finding a package listed twice
	 * costs the same for the ten-thousandth database as for the first.
	 */
	size_t		*dups;
	size_t		 ndups, dupcap;
};

static char *
pkg_purl(struct cat_ctx *cx, enum pkg_kind kind, const struct pkg *p)
{
	struct purl u;
	char *s, *up = NULL;

	purl_init(&u);
	u.type = xstrdup(kind == PKG_APK ? "apk" : "deb");
	u.namespace = xstrdup(cx->ns != NULL ? cx->ns :
	    kind == PKG_APK ? "alpine" : "debian");
	u.name = xstrdup(p->name);
	u.version = xstrdup(p->version);
	purl_qual_set(&u, "arch", p->arch);
	purl_qual_set(&u, "distro", cx->distro);
	if (p->source != NULL && strcmp(p->source, p->name) != 0) {
		if (p->source_version != NULL)
			up = xasprintf("%s@%s", p->source, p->source_version);
		else
			up = xstrdup(p->source);
	} else if (p->source_version != NULL) {
		up = xasprintf("%s@%s", p->name, p->source_version);
	}
	purl_qual_set(&u, "upstream", up);
	purl_canonical(&u);
	s = purl_encode(&u);
	free(up);
	purl_release(&u);
	return s;
}

static void
pkg_component(struct cat_ctx *cx, enum pkg_kind kind, struct inst *in)
{
	const struct pkg *p = in->pkg;
	struct bom_component *bc;
	size_t intro;
	char *s;

	bc = bom_add(cx->bom, "library");
	in->bc = bc;
	bom_set(&bc->name, p->name);
	bom_set(&bc->version, p->version);
	bom_set(&bc->description, p->description);
	bom_set(&bc->publisher, p->maintainer);
	s = pkg_purl(cx, kind, p);
	bom_set(&bc->purl, s);
	free(s);
	if (p->license != NULL)
		bom_license_add(bc, BOM_LICENSE_NAME, p->license);
	bom_prop_add(bc, "sbomgen:package:type", kind == PKG_APK ? "apk" :
	    "deb");
	bom_prop_add(bc, "sbomgen:package:architecture", p->arch);
	bom_prop_add(bc, "sbomgen:package:source-name", p->source);
	bom_prop_add(bc, "sbomgen:package:source-version",
	    p->source_version);
	bom_prop_add(bc, "sbomgen:package:installed-size",
	    p->installed_size);
	bom_prop_add(bc, "sbomgen:package:homepage", p->homepage);
	s = xasprintf("/%s", in->path);
	bom_occurrence_add(bc, s);
	bom_set(&bc->sortkey, s);
	free(s);
	intro = catalog_introduced(cx->cat, in->path, p->name, p->version,
	    in->layer);
	cat_layer_props(cx, bc, intro, in->layer);
}

static int
cmp_alias(const void *a, const void *b)
{
	const struct alias *x = a, *y = b;
	int r;

	if ((r = strcmp(x->name, y->name)) != 0)
		return r;
	if (x->real != y->real)
		return y->real - x->real;
	return (x->inst > y->inst) - (x->inst < y->inst);
}

static void
alias_add(struct pkgset *ps, const char *name, size_t i, int real)
{
	xgrow(&ps->al, &ps->alcap, ps->nal + 1, sizeof(*ps->al));
	ps->al[ps->nal].name = name;
	ps->al[ps->nal].inst = i;
	ps->al[ps->nal].real = real;
	ps->nal++;
}

/*
 * Cuts the next token of a dependency list into buf: a dpkg relation
 * "name[:arch] [(op version)]" or an apk "name[op version]" reduced to
 * the bare name. Returns the rest of the list.
 */
static const char *
dep_name(enum pkg_kind kind, const char *s, const char *seps,
    struct strbuf *buf)
{
	size_t n;

	strbuf_reset(buf);
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strcspn(s, seps);
	strbuf_add(buf, s, n);
	s += n;
	if (kind == PKG_DPKG) {
		n = strcspn(strbuf_str(buf), " (:\t");
	} else {
		n = strcspn(strbuf_str(buf), "<>=~");
		if (buf->len > 0 && buf->buf[0] == '!')
			n = 0;	/* a conflict, not a dependency */
	}
	if (buf->buf != NULL) {
		buf->buf[n] = '\0';
		buf->len = n;
	}
	return s;
}

static struct alias *
alias_find(struct pkgset *ps, const char *name)
{
	size_t lo = 0, hi = ps->nal;

	/* The first entry with this name: real names sort first. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(name, ps->al[mid].name);

		if (r <= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < ps->nal && strcmp(ps->al[lo].name, name) == 0)
		return &ps->al[lo];
	return NULL;
}

/* dpkg: "a (>= 1) | b, c"; an alternative group is satisfied by the
 * first installed alternative. */
static void
deps_dpkg(struct pkgset *ps, struct inst *in, const char *list)
{
	struct strbuf name = STRBUF_INIT;
	const char *s = list;
	struct alias *a;
	int done;

	while (s != NULL && *s != '\0') {
		done = 0;
		for (;;) {
			s = dep_name(PKG_DPKG, s, "|,", &name);
			if (!done && name.len > 0 &&
			    (a = alias_find(ps, name.buf)) != NULL) {
				bom_dep_add(in->bc, ps->in[a->inst].bc);
				done = 1;
			}
			if (*s != '|')
				break;
			s++;
		}
		if (*s == ',')
			s++;
	}
	strbuf_release(&name);
}

static void
deps_apk(struct pkgset *ps, struct inst *in, const char *list)
{
	struct strbuf name = STRBUF_INIT;
	const char *s = list;
	struct alias *a;

	while (s != NULL && *s != '\0') {
		s = dep_name(PKG_APK, s, " \t", &name);
		if (name.len > 0 && (a = alias_find(ps, name.buf)) != NULL)
			bom_dep_add(in->bc, ps->in[a->inst].bc);
	}
	strbuf_release(&name);
}

static void
provides_add(struct pkgset *ps, size_t i)
{
	struct strbuf name = STRBUF_INIT;
	const char *s = ps->in[i].pkg->provides;
	char *dup;

	while (s != NULL && *s != '\0') {
		s = dep_name(ps->kind, s, ps->kind == PKG_DPKG ? "," : " \t",
		    &name);
		if (*s == ',')
			s++;
		if (name.len == 0)
			continue;
		/* The alias keeps a pointer: park the copy in the pkg. */
		dup = strbuf_detach(&name, NULL);
		alias_add(ps, dup, i, 0);
	}
	strbuf_release(&name);
}

static void
link_deps(struct pkgset *ps)
{
	size_t i;

	for (i = 0; i < ps->nin; i++)
		alias_add(ps, ps->in[i].pkg->name, i, 1);
	for (i = 0; i < ps->nin; i++)
		provides_add(ps, i);
	if (ps->nal > 1)
		qsort(ps->al, ps->nal, sizeof(*ps->al), cmp_alias);
	for (i = 0; i < ps->nin; i++) {
		const struct pkg *p = ps->in[i].pkg;

		if (ps->kind == PKG_APK) {
			deps_apk(ps, &ps->in[i], p->depends);
			continue;
		}
		deps_dpkg(ps, &ps->in[i], p->pre_depends);
		deps_dpkg(ps, &ps->in[i], p->depends);
	}
}

static void
pkgset_release(struct pkgset *ps)
{
	size_t i;

	for (i = 0; i < ps->nal; i++)
		if (!ps->al[i].real)
			free((char *)ps->al[i].name);
	for (i = 0; i < ps->nin; i++)
		free(ps->in[i].path);
	free(ps->al);
	free(ps->in);
	free(ps->dups);
	pkglist_release(&ps->pl);
}

static int
same_pkg(const struct pkg *q, const struct pkg *p)
{
	return strcmp(q->name, p->name) == 0 &&
	    strcmp(q->version, p->version) == 0 &&
	    (q->arch == NULL) == (p->arch == NULL) &&
	    (q->arch == NULL || strcmp(q->arch, p->arch) == 0);
}

static size_t
pkg_hash(const struct pkgset *ps, const struct pkg *p)
{
	const char *parts[3] = { p->name, p->version, p->arch };
	uint64_t h = 14695981039346656037u ^ (uint64_t)(uintptr_t)ps;
	const unsigned char *c;
	size_t i;

	for (i = 0; i < 3; i++) {
		for (c = (const unsigned char *)(parts[i] != NULL ?
		    parts[i] : ""); *c != '\0'; c++)
			h = (h ^ *c) * 1099511628211u;
		h = (h ^ (parts[i] != NULL ? 0xff : 0xfe)) * 1099511628211u;
	}
	return (size_t)(h ^ h >> 29);
}

static void
dup_put(struct pkgset *ps, size_t idx)
{
	size_t *old = ps->dups, oldcap = ps->dupcap, i, j;

	if ((ps->ndups + 1) * 2 > ps->dupcap) {
		ps->dupcap = oldcap == 0 ? 64 : oldcap * 2;
		ps->dups = xcalloc(ps->dupcap, sizeof(*ps->dups));
		ps->ndups = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i] != 0)
				dup_put(ps, old[i] - 1);
		free(old);
	}
	j = pkg_hash(ps, &ps->pl.v[idx]) & (ps->dupcap - 1);
	while (ps->dups[j] != 0)
		j = (j + 1) & (ps->dupcap - 1);
	ps->dups[j] = idx + 1;
	ps->ndups++;
}

/* A package listed twice (status and status.d) is catalogued once. */
static int
is_dup(const struct pkgset *ps, const struct pkg *p)
{
	size_t j;

	if (ps->dupcap == 0)
		return 0;
	for (j = pkg_hash(ps, p) & (ps->dupcap - 1); ps->dups[j] != 0;
	    j = (j + 1) & (ps->dupcap - 1))
		if (same_pkg(&ps->pl.v[ps->dups[j] - 1], p))
			return 1;
	return 0;
}

/*
 * XXX: a database whose directory is a symlink was not tapped under its
 * real path as it streamed past, so its content is unknown; say so.
 */
static void
warn_behind_symlink(struct cat_ctx *cx, const char *path)
{
	const struct view_file *f;
	char *dir;
	size_t n;

	/* Only where the database's directory is there after all. */
	dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	f = view_lookup(cx->view, dir, 1);
	free(dir);
	if (f == NULL || f->type != LAYER_DIR)
		return;
	for (n = strcspn(path, "/"); path[n] != '\0';
	    n += 1 + strcspn(path + n + 1, "/")) {
		dir = xstrndup(path, n);
		f = view_lookup(cx->view, dir, 0);
		free(dir);
		if (f != NULL && f->type == LAYER_SYMLINK) {
			diag_warn(cx->d, "package database '/%s' is behind "
			    "the symlink '/%s' and was not read", path,
			    f->path);
			return;
		}
	}
}

/*
 * Parses one visible database file and makes its components. Content
 * is missing only past the view's memory budget, which the view has
 * already warned about.
 */
static void
catalog_db(struct cat_ctx *cx, struct pkgset *ps, const struct view_file *f)
{
	size_t first = ps->pl.n, i;
	int r;

	if (f->data == NULL)
		return;
	if (ps->pl.n >= CATALOG_PKG_MAX) {
		diag_warn(cx->d, "package database '/%s' not read: over %d "
		    "packages already", f->path, CATALOG_PKG_MAX);
		return;
	}
	if (ps->kind == PKG_APK)
		r = apk_parse((const char *)f->data, f->datalen, f->path,
		    &ps->pl, cx->d);
	else
		r = dpkg_parse((const char *)f->data, f->datalen, f->path,
		    &ps->pl, cx->d);
	if (r < 0) {
		diag_warn(cx->d, "%s", cx->d->msg);
		diag_clear(cx->d);
		return;
	}
	for (i = first; i < ps->pl.n; i++) {
		if (is_dup(ps, &ps->pl.v[i]))
			continue;
		xgrow(&ps->in, &ps->incap, ps->nin + 1, sizeof(*ps->in));
		memset(&ps->in[ps->nin], 0, sizeof(ps->in[0]));
		ps->in[ps->nin].idx = i;
		ps->in[ps->nin].path = xstrdup(f->path);
		ps->in[ps->nin].layer = f->layer;
		ps->nin++;
	}
	for (i = first; i < ps->pl.n; i++)
		dup_put(ps, i);
}

struct foreach_arg {
	struct cat_ctx	*cx;
	struct pkgset	*ps;
};

static int
collect_statusd(void *arg, const struct view_file *f)
{
	struct foreach_arg *fa = arg;
	size_t len = strlen(f->path);

	/* status.d holds "pkg" and "pkg.md5sums"; only the former counts. */
	if (len > 8 && strcmp(f->path + len - 8, ".md5sums") == 0)
		return 0;
	catalog_db(fa->cx, fa->ps, f);
	return 0;
}

static void
make_components(struct cat_ctx *cx, struct pkgset *ps)
{
	size_t i;

	/* Indexes, not pointers, until now: the list grew as it went. */
	for (i = 0; i < ps->nin; i++) {
		ps->in[i].pkg = &ps->pl.v[ps->in[i].idx];
		pkg_component(cx, ps->kind, &ps->in[i]);
	}
	link_deps(ps);
}

int
cat_dpkg(struct cat_ctx *cx)
{
	struct pkgset ps;
	struct foreach_arg fa;
	const struct view_file *f;

	memset(&ps, 0, sizeof(ps));
	ps.kind = PKG_DPKG;
	f = view_lookup(cx->view, DPKG_STATUS, 0);
	if (f != NULL && f->type == LAYER_REG)
		catalog_db(cx, &ps, f);
	else if (f == NULL)
		warn_behind_symlink(cx, DPKG_STATUS);
	memset(&fa, 0, sizeof(fa));
	fa.cx = cx;
	fa.ps = &ps;
	view_foreach(cx->view, DPKG_STATUSD, collect_statusd,
	    &fa);
	make_components(cx, &ps);
	pkgset_release(&ps);
	return 0;
}

int
cat_apk(struct cat_ctx *cx)
{
	struct pkgset ps;
	const struct view_file *f;

	memset(&ps, 0, sizeof(ps));
	ps.kind = PKG_APK;
	f = view_lookup(cx->view, APK_DB, 0);
	if (f == NULL)
		warn_behind_symlink(cx, APK_DB);
	if (f == NULL || f->type != LAYER_REG)
		return 0;
	catalog_db(cx, &ps, f);
	make_components(cx, &ps);
	pkgset_release(&ps);
	return 0;
}
