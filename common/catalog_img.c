/*
 * catalog_img.c: the image itself (metadata.component), the operating
 * system component, and layer properties.
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bom.h"
#include "catalog_priv.h"
#include "diag.h"
#include "image.h"
#include "purl.h"
#include "strbuf.h"
#include "view.h"
#include "xalloc.h"

static void
prop_u(struct bom_component *bc, const char *name, unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", v);
	bom_prop_add(bc, name, buf);
}

static void
layer_props(struct cat_ctx *cx, struct bom_component *bc, const char *what,
    size_t i)
{
	const struct image_layer *l;
	char name[64];

	if (cx->img == NULL || cx->img->kind == IMAGE_DIR ||
	    i >= cx->img->nlayers)
		return;
	l = &cx->img->layers[i];
	snprintf(name, sizeof(name), "sbomgen:%s:layer", what);
	prop_u(bc, name, i);
	snprintf(name, sizeof(name), "sbomgen:%s:layer-digest", what);
	bom_prop_add(bc, name, l->digest);
	snprintf(name, sizeof(name), "sbomgen:%s:layer-diff-id", what);
	bom_prop_add(bc, name, l->diff_id);
	snprintf(name, sizeof(name), "sbomgen:%s:created-by", what);
	bom_prop_add(bc, name, l->created_by);
}

void
cat_layer_props(struct cat_ctx *cx, struct bom_component *bc,
    size_t introduced, size_t evidence)
{
	layer_props(cx, bc, "introduced", introduced);
	layer_props(cx, bc, "evidence", evidence);
}

/*
 * Splits "host/path/name:tag" into repository and tag. A ':' before the
 * last '/' belongs to a registry port, not a tag.
 */
static void
split_ref(const char *ref, char **repo, char **tag)
{
	const char *slash, *colon;

	slash = strrchr(ref, '/');
	colon = strrchr(ref, ':');
	if (colon != NULL && (slash == NULL || colon > slash)) {
		*repo = xstrndup(ref, (size_t)(colon - ref));
		*tag = xstrdup(colon + 1);
	} else {
		*repo = xstrdup(ref);
		*tag = NULL;
	}
}

static char *
oci_purl(const struct image *img)
{
	struct purl p;
	char *repo, *tag, *s, *base;
	size_t i;

	if (img->repo_digest == NULL || img->name == NULL)
		return NULL;
	split_ref(img->name, &repo, &tag);
	base = strrchr(repo, '/');
	base = base != NULL ? base + 1 : repo;
	purl_init(&p);
	p.type = xstrdup("oci");
	p.name = xstrdup(base);
	for (i = 0; p.name[i] != '\0'; i++)
		p.name[i] = (char)tolower((unsigned char)p.name[i]);
	p.version = xstrdup(img->repo_digest);
	if (strchr(repo, '/') != NULL)
		purl_qual_set(&p, "repository_url", repo);
	purl_qual_set(&p, "tag", img->tag != NULL ? img->tag : tag);
	s = purl_encode(&p);
	purl_release(&p);
	free(repo);
	free(tag);
	return s;
}

static const char *
kind_name(enum image_kind k)
{
	switch (k) {
	case IMAGE_DOCKER_ARCHIVE:
		return "docker-archive";
	case IMAGE_OCI_DIR:
		return "oci-dir";
	case IMAGE_OCI_ARCHIVE:
		return "oci-archive";
	case IMAGE_DIR:
		return "dir";
	}
	return "unknown";
}

static void
image_layer_props(struct bom_component *s, const struct image *img)
{
	const struct image_layer *l;
	char name[64];
	size_t i;

	for (i = 0; i < img->nlayers; i++) {
		l = &img->layers[i];
		snprintf(name, sizeof(name), "sbomgen:image:layer:%zu:digest",
		    i);
		bom_prop_add(s, name, l->digest);
		snprintf(name, sizeof(name), "sbomgen:image:layer:%zu:diff-id",
		    i);
		bom_prop_add(s, name, l->diff_id);
		snprintf(name, sizeof(name),
		    "sbomgen:image:layer:%zu:media-type", i);
		bom_prop_add(s, name, l->media_type);
		snprintf(name, sizeof(name), "sbomgen:image:layer:%zu:size",
		    i);
		prop_u(s, name, l->size);
		snprintf(name, sizeof(name),
		    "sbomgen:image:layer:%zu:created-by", i);
		bom_prop_add(s, name, l->created_by);
	}
}

void
cat_subject(struct cat_ctx *cx)
{
	const struct image *img = cx->img;
	struct bom_component *s;
	struct strbuf sb = STRBUF_INIT;
	char *purl;
	size_t i;

	s = bom_subject(cx->bom, img->kind == IMAGE_DIR ? "file" :
	    "container");
	bom_set(&s->name, img->name);
	bom_set(&s->version, img->repo_digest);
	purl = oci_purl(img);
	bom_set(&s->purl, purl);
	free(purl);
	bom_prop_add(s, "sbomgen:image:input-kind", kind_name(img->kind));
	bom_prop_add(s, "sbomgen:image:manifest-digest", img->repo_digest);
	bom_prop_add(s, "sbomgen:image:config-digest", img->config_digest);
	bom_prop_add(s, "sbomgen:image:tag", img->tag);
	bom_prop_add(s, "sbomgen:image:os", img->os);
	bom_prop_add(s, "sbomgen:image:architecture", img->architecture);
	bom_prop_add(s, "sbomgen:image:variant", img->variant);
	bom_prop_add(s, "sbomgen:image:created", img->created);
	bom_prop_add(s, "sbomgen:image:user", img->user);
	bom_prop_add(s, "sbomgen:image:author", img->author);
	for (i = 0; i < img->nlabels; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "sbomgen:image:label:%s",
		    img->labels[i].key);
		bom_prop_add(s, sb.buf, img->labels[i].value);
	}
	if (img->kind != IMAGE_DIR) {
		prop_u(s, "sbomgen:image:layers", img->nlayers);
		image_layer_props(s, img);
	}
	strbuf_release(&sb);
}

static const struct view_file *
find_osrel(struct cat_ctx *cx, const char **where)
{
	static const char *paths[] = { "etc/os-release",
	    "usr/lib/os-release" };
	const struct view_file *f;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		f = view_lookup(cx->view, paths[i], 1);
		if (f != NULL && f->type == LAYER_REG && f->data != NULL) {
			*where = paths[i];
			return f;
		}
	}
	return NULL;
}

static char *
lower_dup(const char *s)
{
	char *p = xstrdup(s), *q;

	for (q = p; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

void
cat_os(struct cat_ctx *cx)
{
	const struct view_file *f;
	struct bom_component *bc;
	const char *where = NULL, *ver;
	char *loc;

	if ((f = find_osrel(cx, &where)) == NULL)
		return;
	if (osrel_parse((const char *)f->data, f->datalen, &cx->os,
	    cx->d) != 0 || cx->os.id == NULL) {
		/*
		 * Say why, and clear the error: left set, it would swallow
		 * the next cataloguer's own.
		 */
		if (cx->d->failed)
			diag_warn(cx->d, "'/%s': %s", f->path, cx->d->msg);
		diag_clear(cx->d);
		diag_warn(cx->d, "no usable os-release in '/%s'", f->path);
		osrel_release(&cx->os);
		return;
	}
	cx->have_os = 1;
	cx->ns = lower_dup(cx->os.id);
	ver = cx->os.version_id != NULL ? cx->os.version_id :
	    cx->os.version_codename;
	if (ver != NULL)
		cx->distro = xasprintf("%s-%s", cx->ns, ver);
	bc = bom_add(cx->bom, "operating-system");
	bom_set(&bc->name, cx->ns);
	bom_set(&bc->version, ver != NULL ? ver : cx->os.build_id);
	bom_set(&bc->description, cx->os.pretty_name);
	bom_set(&bc->cpe, cx->os.cpe_name);
	bom_prop_add(bc, "sbomgen:os:name", cx->os.name);
	bom_prop_add(bc, "sbomgen:os:id-like", cx->os.id_like);
	bom_prop_add(bc, "sbomgen:os:version", cx->os.version);
	bom_prop_add(bc, "sbomgen:os:version-codename",
	    cx->os.version_codename);
	bom_prop_add(bc, "sbomgen:os:build-id", cx->os.build_id);
	bom_prop_add(bc, "sbomgen:os:home-url", cx->os.home_url);
	loc = xasprintf("/%s", f->path);
	bom_occurrence_add(bc, loc);
	free(loc);
	if (strcmp(where, f->path) != 0) {
		loc = xasprintf("/%s", where);
		bom_occurrence_add(bc, loc);
		free(loc);
	}
	cat_layer_props(cx, bc, f->layer, f->layer);
	bc->toplevel = 1;
}
