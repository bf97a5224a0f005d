/*
 * image_oci.c: OCI image layouts (a directory or an oci-archive):
 * index.json and nested indexes walked to candidate manifests, then the
 * chosen manifest, its config and its layer blobs.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "image_priv.h"
#include "xalloc.h"

/* Manifests gathered from an index, nested indexes included. */
#define IMAGE_MAX_CANDIDATES	1024
#define IMAGE_INDEX_DEPTH	4
/* Nested index blobs read in all, so that fan-out cannot multiply work. */
#define IMAGE_MAX_INDEXES	64

#define MT_OCI_INDEX	"application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_LIST	\
	"application/vnd.docker.distribution.manifest.list.v2+json"
#define ANN_REF		"org.opencontainers.image.ref.name"
#define ANN_CTRD	"io.containerd.image.name"
#define ANN_REFTYPE	"vnd.docker.reference.type"

void
img_cands_free(struct cands *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].digest);
		free(c->v[i].os);
		free(c->v[i].arch);
		free(c->v[i].variant);
		free(c->v[i].ref);
		free(c->v[i].cname);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static int
cand_add(struct store *s, struct cands *c, const cJSON *m,
    const cJSON *ann, const char *dg, struct diag *d)
{
	const cJSON *p = jget(m, "platform", 0);
	struct cand *k;

	if (c->n >= IMAGE_MAX_CANDIDATES)
		return diag_error(d, "'%s': index lists more than %d images",
		    s->label, IMAGE_MAX_CANDIDATES);
	xgrow(&c->v, &c->cap, c->n + 1, sizeof(*c->v));
	k = &c->v[c->n++];
	memset(k, 0, sizeof(*k));
	k->digest = xstrdup(dg);
	k->os = jdup(p, "os");
	k->arch = jdup(p, "architecture");
	k->variant = jdup(p, "variant");
	k->ref = jdup(ann, ANN_REF);
	k->cname = jdup(ann, ANN_CTRD);
	return 0;
}

static int
index_nested(struct store *s, const char *dg, int depth, const cJSON *ann,
    struct cands *c, struct diag *d)
{
	char *path, *what;
	cJSON *sub;
	int rc = -1;

	if (depth >= IMAGE_INDEX_DEPTH)
		return diag_error(d, "'%s': image indexes nest deeper than %d",
		    s->label, IMAGE_INDEX_DEPTH);
	if (++c->nindex > IMAGE_MAX_INDEXES)
		return diag_error(d, "'%s': image index names more than %d "
		    "nested indexes", s->label, IMAGE_MAX_INDEXES);
	path = img_blob_path(dg);
	what = xasprintf("index blob '%s'", dg);
	if ((sub = img_load_json(s, path, what, dg, NULL, d)) != NULL)
		rc = img_index_walk(s, sub, depth + 1, ann, c, d);
	cJSON_Delete(sub);
	free(what);
	free(path);
	return rc;
}

/* One descriptor of an index: a nested index, an image, or neither. */
static int
index_entry(struct store *s, const cJSON *m, int depth, const cJSON *ann_up,
    struct cands *c, struct diag *d)
{
	const char *mt = jstr(m, "mediaType"), *dg = jstr(m, "digest");
	const cJSON *ann = jget(m, "annotations", 0);
	const char *os = jstr(jget(m, "platform", 0), "os");

	if (ann == NULL)
		ann = ann_up;
	if (img_check_digest(s, dg, "index", d) == -1)
		return -1;
	if (mt != NULL && (strcmp(mt, MT_OCI_INDEX) == 0 ||
	    strcmp(mt, MT_DOCKER_LIST) == 0))
		return index_nested(s, dg, depth, ann, c, d);
	/* Skip artifacts, and the attestations BuildKit stores beside. */
	if (mt != NULL && strstr(mt, "manifest") == NULL)
		return 0;
	if ((os != NULL && strcmp(os, "unknown") == 0) ||
	    (jstr(ann, ANN_REFTYPE) != NULL &&
	    strcmp(jstr(ann, ANN_REFTYPE), "attestation-manifest") == 0))
		return 0;
	return cand_add(s, c, m, ann, dg, d);
}

int
img_index_walk(struct store *s, const cJSON *idx, int depth,
    const cJSON *ann_up, struct cands *c, struct diag *d)
{
	const cJSON *list, *m;

	if ((list = jget(idx, "manifests", 1)) == NULL)
		return diag_error(d, "'%s': image index has no manifests list",
		    s->label);
	cJSON_ArrayForEach(m, list) {
		if (index_entry(s, m, depth, ann_up, c, d) == -1)
			return -1;
	}
	return 0;
}

static int
oci_layer(struct store *s, const cJSON *desc, struct image_layer *l,
    struct diag *d)
{
	const char *dg = jstr(desc, "digest");
	uint64_t want;
	struct blob b;
	char *path;
	int r;

	if (img_check_digest(s, dg, "manifest layers", d) == -1)
		return -1;
	path = img_blob_path(dg);
	r = img_store_find(s, path, &b, d);
	free(path);
	if (r != 1)
		return r == 0 ? diag_error(d, "'%s': layer blob '%s' is "
		    "missing", s->label, dg) : -1;
	if (juint(desc, "size", &want) == 0 && want != b.size) {
		img_blob_close(&b);
		return diag_error(d, "'%s': layer blob '%s' is %llu bytes, "
		    "the manifest says %llu", s->label, dg,
		    (unsigned long long)b.size, (unsigned long long)want);
	}
	img_layer_place(l, &b);
	l->digest = xstrdup(dg);
	l->media_type = jdup(desc, "mediaType");
	return 0;
}

/* Reads the image manifest dg, its config and its layer list. */
static int
oci_manifest(struct image *img, struct store *s, const char *dg,
    struct diag *d)
{
	char *path = img_blob_path(dg), *what, *cpath = NULL, *cwhat = NULL;
	const cJSON *layers, *it;
	const char *cdg;
	cJSON *man;
	size_t i = 0;
	int rc = -1;

	what = xasprintf("manifest blob '%s'", dg);
	if ((man = img_load_json(s, path, what, dg, NULL, d)) == NULL)
		goto out;
	cdg = jstr(jget(man, "config", 0), "digest");
	if (img_check_digest(s, cdg, what, d) == -1)
		goto out;
	cpath = img_blob_path(cdg);
	cwhat = xasprintf("config blob '%s'", cdg);
	if (img_config_load(img, s, cpath, cwhat, cdg, d) == -1)
		goto out;
	img->repo_digest = xstrdup(dg);
	layers = jget(man, "layers", 1);
	if (img_layer_count_check(img, s, (size_t)cJSON_GetArraySize(layers),
	    d) == -1)
		goto out;
	cJSON_ArrayForEach(it, layers) {
		if (oci_layer(s, it, &img->layers[i++], d) == -1)
			goto out;
	}
	rc = 0;
out:
	cJSON_Delete(man);
	free(cwhat);
	free(cpath);
	free(what);
	free(path);
	return rc;
}

int
img_oci_open(struct image *img, struct store *s, const struct image_opts *o,
    struct diag *d)
{
	struct cands c = { NULL, 0, 0, 0 };
	const struct cand *k;
	cJSON *idx;
	int i, rc = -1;

	idx = img_load_json(s, "index.json", "'index.json'", NULL, NULL, d);
	if (idx == NULL)
		return -1;
	if (img_index_walk(s, idx, 0, NULL, &c, d) == -1 ||
	    (i = img_oci_pick(s, &c, o, d)) == -1)
		goto out;
	k = &c.v[i];
	if (oci_manifest(img, s, k->digest, d) == -1)
		goto out;
	img_set_name(img, k->cname != NULL ? k->cname : k->ref);
	rc = 0;
out:
	img_cands_free(&c);
	cJSON_Delete(idx);
	return rc;
}
