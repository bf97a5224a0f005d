/*
 * image_docker.c: docker-archive tarballs (docker save): manifest.json,
 * the classic layout and Docker 25's, whose OCI index beside gives the
 * manifest digest and layer media types.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "digest.h"
#include "image_priv.h"
#include "strbuf.h"
#include "tarindex.h"
#include "xalloc.h"

/* Refuses absolute paths and ".." in paths named by manifest.json. */
static int
check_member_path(struct store *s, const char *p, struct diag *d)
{
	const char *c;
	size_t len;

	if (p == NULL || *p == '\0')
		return diag_error(d, "'%s': manifest.json entry lacks a path",
		    s->label);
	if (*p == '/')
		return diag_error(d, "'%s': manifest.json names an absolute "
		    "path '%s'", s->label, p);
	for (c = p; *c != '\0'; c += len + (c[len] == '/')) {
		len = strcspn(c, "/");
		if (len == 2 && c[0] == '.' && c[1] == '.')
			return diag_error(d, "'%s': manifest.json path '%s' "
			    "leaves the archive", s->label, p);
	}
	return 0;
}

/*
 * The digest a docker-archive path implies: "blobs/alg/hex" (Docker 25)
 * or "<64 hex>.json" (a classic config). Returns NULL otherwise.
 */
static char *
digest_from_path(const char *p, int config)
{
	struct diag tmp;
	char *dg = NULL;
	size_t len = strlen(p);

	diag_init(&tmp);
	if (strncmp(p, "./", 2) == 0)
		p += 2;
	if (strncmp(p, "blobs/", 6) == 0 && strchr(p + 6, '/') != NULL) {
		dg = xstrdup(p + 6);
		*strchr(dg, '/') = ':';
	} else if (config && len == 69 && strcmp(p + 64, ".json") == 0)
		dg = xasprintf("sha256:%.64s", p);
	if (dg != NULL && digest_valid(dg, &tmp) == -1)
		FREE_AND_NULL(dg);
	return dg;
}

/* Lists the tags of all images in manifest.json, for messages. */
static char *
docker_tags(const cJSON *root)
{
	struct strbuf sb = STRBUF_INIT;
	const cJSON *e, *t;
	size_t before;

	cJSON_ArrayForEach(e, root) {
		before = sb.len;
		cJSON_ArrayForEach(t, jget(e, "RepoTags", 1)) {
			if (!cJSON_IsString(t))
				continue;
			strbuf_addstr(&sb, sb.len > 0 ? ", " : "");
			strbuf_addstr(&sb, t->valuestring);
		}
		if (sb.len == before)
			strbuf_addstr(&sb, sb.len > 0 ? ", <untagged>" :
			    "<untagged>");
	}
	return strbuf_detach(&sb, NULL);
}

/* Finds the one entry of manifest.json with a RepoTag matching want. */
static const cJSON *
docker_find_tag(const cJSON *root, const char *want, const char **reftag,
    int *nhit)
{
	const cJSON *e, *t, *hit = NULL;
	int matched;

	*nhit = 0;
	cJSON_ArrayForEach(e, root) {
		matched = 0;
		cJSON_ArrayForEach(t, jget(e, "RepoTags", 1)) {
			if (matched ||
			    !img_tag_matches(want, cJSON_GetStringValue(t)))
				continue;
			matched = 1;
			hit = e;
			*reftag = t->valuestring;
		}
		*nhit += matched;
	}
	return *nhit == 1 ? hit : NULL;
}

/*
 * Picks the image of a docker-archive: the only one, or the one tagged
 * want. Sets *reftag to the RepoTag chosen (borrowed, may be NULL).
 */
static const cJSON *
docker_pick(struct store *s, const cJSON *root, const char *want,
    const char **reftag, struct diag *d)
{
	const cJSON *hit;
	char *list;
	int n, nhit = 0;

	n = cJSON_GetArraySize(root);
	*reftag = NULL;
	if (want == NULL && n == 1) {
		hit = cJSON_GetArrayItem(root, 0);
		*reftag = cJSON_GetStringValue(cJSON_GetArrayItem(
		    jget(hit, "RepoTags", 1), 0));
		return hit;
	}
	if (want != NULL &&
	    (hit = docker_find_tag(root, want, reftag, &nhit)) != NULL)
		return hit;
	list = docker_tags(root);
	if (want == NULL)
		diag_error(d, "'%s': archive holds %d images, choose one by "
		    "tag (available: %s)", s->label, n, list);
	else if (nhit == 0)
		diag_error(d, "'%s': no image tagged '%s' (available: %s)",
		    s->label, want, list);
	else
		diag_error(d, "'%s': tag '%s' matches %d images (available: "
		    "%s)", s->label, want, nhit, list);
	free(list);
	return NULL;
}

static int
docker_layers(struct image *img, struct store *s, const cJSON *layers,
    struct diag *d)
{
	const cJSON *it;
	const char *p;
	struct blob b;
	size_t i = 0;
	int r;

	if (img_layer_count_check(img, s, (size_t)cJSON_GetArraySize(layers),
	    d) == -1)
		return -1;
	cJSON_ArrayForEach(it, layers) {
		p = cJSON_GetStringValue(it);
		if (check_member_path(s, p, d) == -1)
			return -1;
		if ((r = img_store_find(s, p, &b, d)) != 1)
			return r == 0 ? diag_error(d, "'%s': layer '%s' is "
			    "missing", s->label, p) : -1;
		img_layer_place(&img->layers[i], &b);
		img->layers[i].digest = digest_from_path(p, 0);
		i++;
	}
	return 0;
}

/*
 * Docker 25 and later also store an OCI index and manifest; the one
 * whose config is ours gives the manifest digest and layer media types.
 * Any problem here only leaves those unknown.
 */
static void
docker25_adopt(struct image *img, struct store *s, const char *dg)
{
	const cJSON *it;
	struct diag tmp;
	char *path = img_blob_path(dg);
	cJSON *man;
	size_t i = 0;

	diag_init(&tmp);
	man = img_load_json(s, path, "manifest blob", dg, NULL, &tmp);
	free(path);
	if (man == NULL || jstr(jget(man, "config", 0), "digest") == NULL ||
	    strcmp(jstr(jget(man, "config", 0), "digest"),
	    img->config_digest) != 0) {
		cJSON_Delete(man);
		return;
	}
	img->repo_digest = xstrdup(dg);
	cJSON_ArrayForEach(it, jget(man, "layers", 1)) {
		if (i < img->nlayers && img->layers[i].digest != NULL &&
		    jstr(it, "digest") != NULL &&
		    strcmp(jstr(it, "digest"), img->layers[i].digest) == 0)
			img->layers[i].media_type = jdup(it, "mediaType");
		i++;
	}
	cJSON_Delete(man);
}

static void
docker25_match(struct image *img, struct store *s)
{
	struct cands c = { NULL, 0, 0, 0 };
	struct diag tmp;
	cJSON *idx;
	size_t i;

	if (tarindex_find(s->ti, "index.json") == NULL)
		return;
	diag_init(&tmp);
	idx = img_load_json(s, "index.json", "'index.json'", NULL, NULL, &tmp);
	if (idx != NULL && img_index_walk(s, idx, 0, NULL, &c, &tmp) == 0) {
		for (i = 0; i < c.n && img->repo_digest == NULL; i++)
			docker25_adopt(img, s, c.v[i].digest);
	}
	img_cands_free(&c);
	cJSON_Delete(idx);
}

int
img_docker_open(struct image *img, struct store *s, const struct image_opts *o,
    struct diag *d)
{
	const char *cfgpath, *reftag = NULL;
	char *want = NULL, *what = NULL;
	const cJSON *ent, *layers;
	cJSON *root;
	int rc = -1;

	root = img_load_json(s, "manifest.json", "'manifest.json'", NULL,
	    NULL, d);
	if (root == NULL)
		return -1;
	if (!cJSON_IsArray(root) || cJSON_GetArraySize(root) == 0) {
		diag_error(d, "'%s': manifest.json is not a list of images",
		    s->label);
		goto out;
	}
	if ((ent = docker_pick(s, root, o->tag, &reftag, d)) == NULL)
		goto out;
	cfgpath = jstr(ent, "Config");
	if (check_member_path(s, cfgpath, d) == -1)
		goto out;
	if ((layers = jget(ent, "Layers", 1)) == NULL) {
		diag_error(d, "'%s': manifest.json entry has no Layers list",
		    s->label);
		goto out;
	}
	want = digest_from_path(cfgpath, 1);
	what = want != NULL ? xasprintf("config blob '%s'", want) :
	    xasprintf("config '%s'", cfgpath);
	if (img_config_load(img, s, cfgpath, what, want, d) == -1 ||
	    docker_layers(img, s, layers, d) == -1)
		goto out;
	img_set_name(img, reftag);
	docker25_match(img, s);
	rc = 0;
out:
	free(what);
	free(want);
	cJSON_Delete(root);
	return rc;
}
