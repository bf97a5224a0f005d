/*
 * image_config.c: an image config (platform, labels, rootfs.diff_ids,
 * history) into struct image, and the layer records it starts.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "image_priv.h"
#include "xalloc.h"

#define IMAGE_MAX_LAYERS	4096

static int
cmp_label(const void *a, const void *b)
{
	const struct image_label *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static void
config_labels(struct image *img, const cJSON *labels)
{
	const cJSON *it;
	size_t cap = 0;

	cJSON_ArrayForEach(it, labels) {
		if (!cJSON_IsString(it) || it->string == NULL)
			continue;
		xgrow(&img->labels, &cap, img->nlabels + 1,
		    sizeof(*img->labels));
		img->labels[img->nlabels].key = xstrdup(it->string);
		img->labels[img->nlabels].value = xstrdup(it->valuestring);
		img->nlabels++;
	}
	if (img->nlabels > 1)
		qsort(img->labels, img->nlabels, sizeof(*img->labels),
		    cmp_label);
}

/* Makes one layer per rootfs.diff_ids entry. */
static int
config_diff_ids(struct image *img, struct store *s, const cJSON *cfg,
    struct diag *d)
{
	const cJSON *ids, *it;
	size_t n, i = 0;

	if ((ids = jget(jget(cfg, "rootfs", 0), "diff_ids", 1)) == NULL)
		return diag_error(d, "'%s': config has no rootfs.diff_ids",
		    s->label);
	n = (size_t)cJSON_GetArraySize(ids);
	if (n > IMAGE_MAX_LAYERS)
		return diag_error(d, "'%s': too many layers (%zu, limit %d)",
		    s->label, n, IMAGE_MAX_LAYERS);
	img->layers = xcalloc(n, sizeof(*img->layers));
	for (i = 0; i < n; i++)
		img->layers[i].fd = -1;
	img->nlayers = n;
	i = 0;
	cJSON_ArrayForEach(it, ids) {
		if (img_check_digest(s, cJSON_GetStringValue(it),
		    "config rootfs.diff_ids", d) == -1)
			return -1;
		img->layers[i++].diff_id = xstrdup(it->valuestring);
	}
	return 0;
}

/* History entries that made a layer are matched to layers in order. */
static void
config_history(struct image *img, const cJSON *cfg)
{
	const cJSON *it, *empty;
	size_t i = 0;

	cJSON_ArrayForEach(it, jget(cfg, "history", 1)) {
		if (i >= img->nlayers)
			break;
		empty = cJSON_GetObjectItemCaseSensitive(it, "empty_layer");
		if (cJSON_IsTrue(empty))
			continue;
		img->layers[i].created_by = jdup(it, "created_by");
		img->layers[i].created = jdup(it, "created");
		i++;
	}
}

static int
config_fill(struct image *img, struct store *s, const cJSON *cfg,
    struct diag *d)
{
	const cJSON *c;

	if (!cJSON_IsObject(cfg))
		return diag_error(d, "'%s': config is not a JSON object",
		    s->label);
	img->os = jdup(cfg, "os");
	img->architecture = jdup(cfg, "architecture");
	img->variant = jdup(cfg, "variant");
	img->created = jdup(cfg, "created");
	img->author = jdup(cfg, "author");
	if ((c = jget(cfg, "config", 0)) != NULL) {
		img->user = jdup(c, "User");
		config_labels(img, jget(c, "Labels", 0));
	}
	if (config_diff_ids(img, s, cfg, d) == -1)
		return -1;
	config_history(img, cfg);
	return 0;
}

int
img_config_load(struct image *img, struct store *s, const char *path,
    const char *what, const char *want, struct diag *d)
{
	char got[DIGEST_STRMAX];
	cJSON *cfg;
	int rc;

	if ((cfg = img_load_json(s, path, what, want, got, d)) == NULL)
		return -1;
	img->config_digest = xstrdup(got);
	rc = config_fill(img, s, cfg, d);
	cJSON_Delete(cfg);
	return rc;
}

int
img_layer_count_check(struct image *img, struct store *s, size_t n,
    struct diag *d)
{
	if (n == img->nlayers)
		return 0;
	return diag_error(d, "'%s': config has %zu diff_ids but the manifest "
	    "lists %zu layers", s->label, img->nlayers, n);
}

void
img_layer_place(struct image_layer *l, struct blob *b)
{
	l->fd = b->fd;
	l->off = b->off;
	l->size = b->size;
	l->own_fd = b->own_fd;
	b->own_fd = 0;
	b->fd = -1;
}
