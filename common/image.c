#include "compat.h"

#include <sys/stat.h>
#include <sys/utsname.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <cjson/cJSON.h>

#include "diag.h"
#include "digest.h"
#include "image.h"
#include "layer.h"
#include "strbuf.h"
#include "tarindex.h"
#include "xalloc.h"

/* Largest JSON document (index, manifest, config) read into memory. */
#define IMAGE_JSON_MAX		(16 * 1024 * 1024)
/* Deepest nesting of arrays and objects accepted in such a document. */
#define IMAGE_JSON_DEPTH	64
#define IMAGE_MAX_LAYERS	4096
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

/* Where the parts of an image live; this is image->priv. */
struct store {
	const char	*label;	/* the input, for messages */
	int		 fd;	/* outer tar, or -1 */
	struct tarindex	*ti;
	int		 dirfd;	/* OCI layout directory, or -1 */
};

struct blob {
	int		fd;
	uint64_t	off;
	uint64_t	size;
	int		own_fd;
};

/* A manifest named by an index. */
struct cand {
	char	*digest;
	char	*os, *arch, *variant;
	char	*ref;		/* ref.name annotation */
	char	*cname;		/* containerd image name annotation */
};

struct cands {
	struct cand	*v;
	size_t		 n, cap;
	size_t		 nindex;	/* nested index blobs read */
};

/* "os/arch[/variant]" taken apart. */
struct platform {
	char	os[64];
	char	arch[64];
	char	variant[64];
};

static void
blob_close(struct blob *b)
{
	if (b->own_fd && b->fd != -1)
		close(b->fd);
	b->fd = -1;
	b->own_fd = 0;
}

/*
 * Opens path below dirfd following no symlink in any component (a
 * layout must not reach out of its directory), and without blocking on
 * a fifo. Returns the fd, or -1 with errno set; for a symlink, ELOOP
 * and *linklen the length of the part of path that is one.
 */
static int
open_beneath(int dirfd, const char *path, size_t *linklen)
{
	const char *slash, *start = path;
	struct stat st;
	char *comp;
	int fd = dirfd, next, err;

	while ((slash = strchr(path, '/')) != NULL) {
		comp = xstrndup(path, (size_t)(slash - path));
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		err = errno;
		/* Linux says ENOTDIR for a symlink here. */
		if (next == -1 && err == ENOTDIR &&
		    fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			err = ELOOP;
		free(comp);
		if (fd != dirfd)
			close(fd);
		if ((fd = next) == -1) {
			*linklen = (size_t)(slash - start);
			errno = err;
			return -1;
		}
		path = slash + 1;
	}
	next = openat(fd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	err = errno;
	if (fd != dirfd)
		close(fd);
	*linklen = strlen(start);
	errno = err;
	return next;
}

/*
 * Finds path in the outer tar or the layout directory. Returns 1 with b
 * filled, 0 when there is no such member, -1 on error (d set).
 */
static int
store_find(struct store *s, const char *path, struct blob *b,
    struct diag *d)
{
	const struct tarindex_entry *e;
	struct stat st;
	size_t linklen = 0;
	int fd;

	memset(b, 0, sizeof(*b));
	b->fd = -1;
	if (s->ti != NULL) {
		if ((e = tarindex_find(s->ti, path)) == NULL)
			return 0;
		b->fd = s->fd;
		b->off = e->off;
		b->size = e->size;
		return 1;
	}
	fd = open_beneath(s->dirfd, path, &linklen);
	if (fd == -1 && (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (fd == -1 && errno == ELOOP)
		return diag_error(d, "'%s': '%.*s' is a symlink, refused",
		    s->label, (int)linklen, path);
	if (fd == -1)
		return diag_error(d, "'%s': cannot open '%s': %s", s->label,
		    path, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return diag_error(d, "'%s': '%s' is not a regular file",
		    s->label, path);
	}
	b->fd = fd;
	b->size = (uint64_t)st.st_size;
	b->own_fd = 1;
	return 1;
}

/* Reads a small member whole; what names it in messages. */
static int
store_read(struct store *s, const char *path, const char *what,
    char **bufp, size_t *lenp, struct diag *d)
{
	struct blob b;
	char *buf = NULL;
	int r, rc = -1;

	if ((r = store_find(s, path, &b, d)) != 1)
		return r == 0 ? diag_error(d, "'%s': %s is missing", s->label,
		    what) : -1;
	if (b.size > IMAGE_JSON_MAX) {
		diag_error(d, "'%s': %s is too large (%llu bytes, limit %d)",
		    s->label, what, (unsigned long long)b.size,
		    IMAGE_JSON_MAX);
		goto out;
	}
	buf = xmalloc((size_t)b.size + 1);
	if (tarindex_pread(b.fd, buf, (size_t)b.size, b.off) == -1) {
		diag_error(d, "'%s': cannot read %s: %s", s->label, what,
		    strerror(errno));
		goto out;
	}
	buf[b.size] = '\0';
	*bufp = buf;
	*lenp = (size_t)b.size;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	blob_close(&b);
	return rc;
}

/* Checks that arrays and objects nest no deeper than IMAGE_JSON_DEPTH. */
static int
json_depth_ok(const char *p, size_t n)
{
	int depth = 0, instr = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (instr) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				instr = 0;
			continue;
		}
		if (p[i] == '"')
			instr = 1;
		else if ((p[i] == '[' || p[i] == '{') &&
		    ++depth > IMAGE_JSON_DEPTH)
			return 0;
		else if (p[i] == ']' || p[i] == '}')
			depth--;
	}
	return 1;
}

/* Digests buf with the algorithm of spec into out. */
static int
digest_buf(const char *spec, const void *buf, size_t len, char *out,
    struct diag *d)
{
	struct digest *dg;

	if ((dg = digest_new(spec, d)) == NULL)
		return -1;
	digest_update(dg, buf, len);
	digest_final(dg, out);
	digest_free(dg);
	return 0;
}

/*
 * Reads path as JSON. When want is set the bytes must have that digest.
 * When got is set it receives the digest of the bytes (algorithm of
 * want, else sha256). Returns the parsed document or NULL (d set).
 */
static cJSON *
load_json(struct store *s, const char *path, const char *what,
    const char *want, char *got, struct diag *d)
{
	char sum[DIGEST_STRMAX];
	const char *end = NULL;
	cJSON *j = NULL;
	char *buf = NULL;
	size_t len = 0;

	if (store_read(s, path, what, &buf, &len, d) == -1)
		return NULL;
	if (want != NULL || got != NULL) {
		if (digest_buf(want != NULL ? want : "sha256", buf, len, sum,
		    d) == -1)
			goto out;
		if (want != NULL && strcmp(want, sum) != 0) {
			diag_error(d, "'%s': %s does not match its digest "
			    "(content is '%s')", s->label, what, sum);
			goto out;
		}
		if (got != NULL)
			memcpy(got, sum, sizeof(sum));
	}
	if (!json_depth_ok(buf, len)) {
		diag_error(d, "'%s': %s nests deeper than %d levels",
		    s->label, what, IMAGE_JSON_DEPTH);
		goto out;
	}
	j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	/* cJSON stops after the first value; what follows must be blank. */
	if (j != NULL)
		end += strspn(end, " \t\r\n");
	if (j == NULL || end != buf + len) {
		diag_error(d, "'%s': %s is not valid JSON", s->label, what);
		cJSON_Delete(j);
		j = NULL;
	}
out:
	free(buf);
	return j;
}

static const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *
jdup(const cJSON *o, const char *key)
{
	const char *s = jstr(o, key);

	return s != NULL ? xstrdup(s) : NULL;
}

static const cJSON *
jget(const cJSON *o, const char *key, int array)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (array ? cJSON_IsArray(v) : cJSON_IsObject(v))
		return v;
	return NULL;
}

/* Reads a non-negative integer member; returns -1 when absent or bad. */
static int
juint(const cJSON *o, const char *key, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
	    v->valuedouble >= 9007199254740992.0)
		return -1;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

/* Checks a digest string from the image metadata; where is for messages. */
static int
check_digest(struct store *s, const char *dg, const char *where,
    struct diag *d)
{
	struct diag tmp;

	if (dg == NULL)
		return diag_error(d, "'%s': missing digest in %s", s->label,
		    where);
	diag_init(&tmp);
	if (digest_valid(dg, &tmp) == -1)
		return diag_error(d, "'%s': invalid digest '%s' in %s",
		    s->label, dg, where);
	return 0;
}

/* "alg:hex" -> "blobs/alg/hex"; dg must have passed check_digest(). */
static char *
blob_path(const char *dg)
{
	const char *colon = strchr(dg, ':');

	return xasprintf("blobs/%.*s/%s", (int)(colon - dg), dg, colon + 1);
}

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
		if (check_digest(s, cJSON_GetStringValue(it),
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

/* Loads the config at path, checks it against want, and fills img. */
static int
config_load(struct image *img, struct store *s, const char *path,
    const char *what, const char *want, struct diag *d)
{
	char got[DIGEST_STRMAX];
	cJSON *cfg;
	int rc;

	if ((cfg = load_json(s, path, what, want, got, d)) == NULL)
		return -1;
	img->config_digest = xstrdup(got);
	rc = config_fill(img, s, cfg, d);
	cJSON_Delete(cfg);
	return rc;
}

static int
layer_count_check(struct image *img, struct store *s, size_t n,
    struct diag *d)
{
	if (n == img->nlayers)
		return 0;
	return diag_error(d, "'%s': config has %zu diff_ids but the manifest "
	    "lists %zu layers", s->label, img->nlayers, n);
}

/* Records where layer l is; takes over b's fd. */
static void
layer_place(struct image_layer *l, struct blob *b)
{
	l->fd = b->fd;
	l->off = b->off;
	l->size = b->size;
	l->own_fd = b->own_fd;
	b->own_fd = 0;
	b->fd = -1;
}

/* The tag of "repo:tag" (the colon after the last slash), or NULL. */
static const char *
ref_tag(const char *ref)
{
	const char *slash = strrchr(ref, '/'), *colon = strrchr(ref, ':');

	if (strchr(ref, '@') != NULL || colon == NULL ||
	    (slash != NULL && colon < slash))
		return NULL;
	return colon + 1;
}

/* Does want (a full "repo:tag" or a bare tag) name ref? */
static int
tag_matches(const char *want, const char *ref)
{
	const char *t;

	if (ref == NULL)
		return 0;
	if (strcmp(want, ref) == 0)
		return 1;
	t = ref_tag(ref);
	return t != NULL && strcmp(want, t) == 0;
}

/*
 * The file name without directory and without a few extensions: those
 * that start with a letter, such as ".tar", ".oci" or ".gz", so that
 * "alpine-3.19.tar" keeps its version.
 */
static char *
file_stem(const char *path)
{
	char *s, *base, *dot, *out;
	size_t len;
	int i;

	s = xstrdup(path);
	while ((len = strlen(s)) > 1 && s[len - 1] == '/')
		s[len - 1] = '\0';
	base = strrchr(s, '/') != NULL ? strrchr(s, '/') + 1 : s;
	for (i = 0; i < 3; i++) {
		dot = strrchr(base, '.');
		if (dot == NULL || dot == base || strlen(dot) > 10 ||
		    !((dot[1] >= 'a' && dot[1] <= 'z') ||
		    (dot[1] >= 'A' && dot[1] <= 'Z')))
			break;
		*dot = '\0';
	}
	out = xstrdup(*base != '\0' ? base : "image");
	free(s);
	return out;
}

/* Sets name and tag from a reference ("repo:tag" or a bare tag). */
static void
set_name(struct image *img, const char *ref)
{
	const char *t;
	char *stem;

	if (ref == NULL || *ref == '\0') {
		img->name = file_stem(img->input);
		return;
	}
	/* A bare tag, as OCI ref.name often is: name the image after it. */
	if (strchr(ref, ':') == NULL && strchr(ref, '/') == NULL &&
	    strchr(ref, '@') == NULL) {
		img->tag = xstrdup(ref);
		stem = file_stem(img->input);
		img->name = xasprintf("%s:%s", stem, ref);
		free(stem);
		return;
	}
	img->name = xstrdup(ref);
	if ((t = ref_tag(ref)) != NULL)
		img->tag = xstrdup(t);
}

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
			    !tag_matches(want, cJSON_GetStringValue(t)))
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

	if (layer_count_check(img, s, (size_t)cJSON_GetArraySize(layers),
	    d) == -1)
		return -1;
	cJSON_ArrayForEach(it, layers) {
		p = cJSON_GetStringValue(it);
		if (check_member_path(s, p, d) == -1)
			return -1;
		if ((r = store_find(s, p, &b, d)) != 1)
			return r == 0 ? diag_error(d, "'%s': layer '%s' is "
			    "missing", s->label, p) : -1;
		layer_place(&img->layers[i], &b);
		img->layers[i].digest = digest_from_path(p, 0);
		i++;
	}
	return 0;
}

static void
cands_free(struct cands *c)
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

static int	index_walk(struct store *, const cJSON *, int, const cJSON *,
		    struct cands *, struct diag *);

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
	path = blob_path(dg);
	what = xasprintf("index blob '%s'", dg);
	if ((sub = load_json(s, path, what, dg, NULL, d)) != NULL)
		rc = index_walk(s, sub, depth + 1, ann, c, d);
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
	if (check_digest(s, dg, "index", d) == -1)
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

/* Gathers the image manifests an index names, through nested indexes. */
static int
index_walk(struct store *s, const cJSON *idx, int depth,
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
platform_parse(const char *spec, struct platform *p)
{
	char *parts[3] = { p->os, p->arch, p->variant };
	const char *c = spec;
	size_t len, i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < 3; i++) {
		len = strcspn(c, "/");
		if (len == 0 || len >= sizeof(p->os))
			return -1;
		memcpy(parts[i], c, len);
		c += len;
		if (*c == '\0')
			return i >= 1 ? 0 : -1;
		c++;
	}
	return -1;
}

/* arm64 images leave out the only variant there is. */
static const char *
variant_norm(const char *arch, const char *v)
{
	if (v == NULL || (strcmp(arch, "arm64") == 0 && strcmp(v, "v8") == 0))
		return "";
	return v;
}

static int
platform_matches(const struct platform *w, const struct cand *k)
{
	if (k->os == NULL || k->arch == NULL || strcmp(w->os, k->os) != 0 ||
	    strcmp(w->arch, k->arch) != 0)
		return 0;
	if (w->variant[0] == '\0')
		return 1;
	return strcmp(variant_norm(w->arch, w->variant),
	    variant_norm(k->arch, k->variant)) == 0;
}

static int
no_platform(const struct cand *k)
{
	return k->os == NULL || k->arch == NULL;
}

/* "linux/amd64 'latest', linux/arm/v7 'latest'" for messages. */
static char *
cands_list(const struct cands *c)
{
	struct strbuf sb = STRBUF_INIT;
	const struct cand *k;
	size_t i;

	for (i = 0; i < c->n; i++) {
		k = &c->v[i];
		strbuf_addstr(&sb, i > 0 ? ", " : "");
		if (no_platform(k))
			strbuf_addstr(&sb, "unknown platform");
		else
			strbuf_addf(&sb, "%s/%s%s%s", k->os, k->arch,
			    k->variant != NULL ? "/" : "",
			    k->variant != NULL ? k->variant : "");
		if (k->cname != NULL || k->ref != NULL)
			strbuf_addf(&sb, " '%s'", k->cname != NULL ?
			    k->cname : k->ref);
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * Counts the kept candidates for platform w: those that match it, else
 * those that give no platform. Sets *pick to the last one counted.
 */
static size_t
count_platform(const struct cands *c, const char *keep,
    const struct platform *w, size_t *pick)
{
	size_t i, n = 0;
	int pass, hit;

	for (pass = 0; pass < 2 && n == 0; pass++) {
		for (i = 0; i < c->n; i++) {
			hit = pass == 0 ? platform_matches(w, &c->v[i]) :
			    no_platform(&c->v[i]);
			if (!keep[i] || !hit)
				continue;
			n++;
			*pick = i;
		}
	}
	return n;
}

/* Keeps the candidates tagged want (all when want is NULL). */
static size_t
keep_tag(const struct cands *c, char *keep, const char *want,
    size_t *pick)
{
	size_t i, n = 0;

	for (i = 0; i < c->n; i++) {
		keep[i] = want == NULL || tag_matches(want, c->v[i].ref) ||
		    tag_matches(want, c->v[i].cname);
		if (keep[i]) {
			n++;
			*pick = i;
		}
	}
	return n;
}

static int
pick_fail(struct store *s, const struct cands *c, const char *fmt,
    const char *what, size_t n, struct diag *d)
{
	char *list = cands_list(c);

	if (n == 0)
		diag_error(d, "'%s': no image %s '%s' (available: %s)",
		    s->label, fmt, what, list);
	else
		diag_error(d, "'%s': %zu images %s '%s', choose one by tag "
		    "(available: %s)", s->label, n, fmt, what, list);
	free(list);
	return -1;
}

/* Chooses one image of an index by tag, then by platform. */
static int
oci_pick(struct store *s, const struct cands *c, const struct image_opts *o,
    struct diag *d)
{
	const char *pl = o->platform != NULL ? o->platform :
	    image_host_platform();
	struct platform w;
	size_t n, pick = 0;
	char *keep;
	int rc = -1;

	if (c->n == 0)
		return diag_error(d, "'%s': index lists no images", s->label);
	if (platform_parse(pl, &w) == -1)
		return diag_error(d, "'%s': bad platform '%s' (want "
		    "os/arch[/variant])", s->label, pl);
	keep = xcalloc(c->n, 1);
	if ((n = keep_tag(c, keep, o->tag, &pick)) == 0) {
		pick_fail(s, c, "tagged", o->tag, 0, d);
		goto out;
	}
	/* A lone image is taken unless the caller asked for a platform. */
	if (n == 1 && (o->platform == NULL || no_platform(&c->v[pick]) ||
	    platform_matches(&w, &c->v[pick]))) {
		rc = (int)pick;
		goto out;
	}
	if ((n = count_platform(c, keep, &w, &pick)) == 1)
		rc = (int)pick;
	else
		pick_fail(s, c, n == 0 ? "for platform" : "match platform",
		    pl, n, d);
out:
	free(keep);
	return rc;
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

	if (check_digest(s, dg, "manifest layers", d) == -1)
		return -1;
	path = blob_path(dg);
	r = store_find(s, path, &b, d);
	free(path);
	if (r != 1)
		return r == 0 ? diag_error(d, "'%s': layer blob '%s' is "
		    "missing", s->label, dg) : -1;
	if (juint(desc, "size", &want) == 0 && want != b.size) {
		blob_close(&b);
		return diag_error(d, "'%s': layer blob '%s' is %llu bytes, "
		    "the manifest says %llu", s->label, dg,
		    (unsigned long long)b.size, (unsigned long long)want);
	}
	layer_place(l, &b);
	l->digest = xstrdup(dg);
	l->media_type = jdup(desc, "mediaType");
	return 0;
}

/* Reads the image manifest dg, its config and its layer list. */
static int
oci_manifest(struct image *img, struct store *s, const char *dg,
    struct diag *d)
{
	char *path = blob_path(dg), *what, *cpath = NULL, *cwhat = NULL;
	const cJSON *layers, *it;
	const char *cdg;
	cJSON *man;
	size_t i = 0;
	int rc = -1;

	what = xasprintf("manifest blob '%s'", dg);
	if ((man = load_json(s, path, what, dg, NULL, d)) == NULL)
		goto out;
	cdg = jstr(jget(man, "config", 0), "digest");
	if (check_digest(s, cdg, what, d) == -1)
		goto out;
	cpath = blob_path(cdg);
	cwhat = xasprintf("config blob '%s'", cdg);
	if (config_load(img, s, cpath, cwhat, cdg, d) == -1)
		goto out;
	img->repo_digest = xstrdup(dg);
	layers = jget(man, "layers", 1);
	if (layer_count_check(img, s, (size_t)cJSON_GetArraySize(layers),
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

static int
oci_open(struct image *img, struct store *s, const struct image_opts *o,
    struct diag *d)
{
	struct cands c = { NULL, 0, 0, 0 };
	const struct cand *k;
	cJSON *idx;
	int i, rc = -1;

	idx = load_json(s, "index.json", "'index.json'", NULL, NULL, d);
	if (idx == NULL)
		return -1;
	if (index_walk(s, idx, 0, NULL, &c, d) == -1 ||
	    (i = oci_pick(s, &c, o, d)) == -1)
		goto out;
	k = &c.v[i];
	if (oci_manifest(img, s, k->digest, d) == -1)
		goto out;
	set_name(img, k->cname != NULL ? k->cname : k->ref);
	rc = 0;
out:
	cands_free(&c);
	cJSON_Delete(idx);
	return rc;
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
	char *path = blob_path(dg);
	cJSON *man;
	size_t i = 0;

	diag_init(&tmp);
	man = load_json(s, path, "manifest blob", dg, NULL, &tmp);
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
	idx = load_json(s, "index.json", "'index.json'", NULL, NULL, &tmp);
	if (idx != NULL && index_walk(s, idx, 0, NULL, &c, &tmp) == 0) {
		for (i = 0; i < c.n && img->repo_digest == NULL; i++)
			docker25_adopt(img, s, c.v[i].digest);
	}
	cands_free(&c);
	cJSON_Delete(idx);
}

static int
docker_open(struct image *img, struct store *s, const struct image_opts *o,
    struct diag *d)
{
	const char *cfgpath, *reftag = NULL;
	char *want = NULL, *what = NULL;
	const cJSON *ent, *layers;
	cJSON *root;
	int rc = -1;

	root = load_json(s, "manifest.json", "'manifest.json'", NULL, NULL, d);
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
	if (config_load(img, s, cfgpath, what, want, d) == -1 ||
	    docker_layers(img, s, layers, d) == -1)
		goto out;
	set_name(img, reftag);
	docker25_match(img, s);
	rc = 0;
out:
	free(what);
	free(want);
	cJSON_Delete(root);
	return rc;
}

static int
tmpfile_fd(struct store *s, struct diag *d)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) != -1)
		return fd;
	path = xasprintf("%s/sbomgen-XXXXXX", dir);
	if ((fd = mkostemp(path, O_CLOEXEC)) != -1)
		unlink(path);
	else
		diag_error(d, "'%s': cannot create a temporary file in '%s': "
		    "%s", s->label, dir, strerror(errno));
	free(path);
	return fd;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * A compressed outer tarball cannot be read by offset, so it is
 * decompressed once, through libarchive's "raw" format, into a temporary
 * file that is unlinked at once (O_TMPFILE where the file system allows
 * it, else mkstemp() and unlink()). The file goes away when the image is
 * freed or the program ends, and layers are read from it by offset like
 * from any uncompressed tarball.
 */
static int
decompress(struct store *s, struct diag *d)
{
	struct archive_entry *ae;
	struct archive *a;
	la_ssize_t n;
	char *buf;
	int tmp, rc = -1;

	if ((tmp = tmpfile_fd(s, d)) == -1)
		return -1;
	buf = xmalloc(65536);
	a = archive_read_new();
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_fd(a, s->fd, 65536) != ARCHIVE_OK ||
	    archive_read_next_header(a, &ae) != ARCHIVE_OK)
		goto fail;
	while ((n = archive_read_data(a, buf, 65536)) > 0) {
		if (write_all(tmp, buf, (size_t)n) == -1) {
			diag_error(d, "'%s': cannot write the decompressed "
			    "copy: %s", s->label, strerror(errno));
			goto out;
		}
	}
	if (n < 0)
		goto fail;
	close(s->fd);
	s->fd = tmp;
	tmp = -1;
	rc = 0;
	goto out;
fail:
	diag_error(d, "'%s': cannot decompress: %s", s->label,
	    archive_error_string(a) != NULL ? archive_error_string(a) :
	    "unknown error");
out:
	archive_read_free(a);
	if (tmp != -1)
		close(tmp);
	free(buf);
	return rc;
}

static int
is_compressed(const unsigned char *h, ssize_t n)
{
	return (n >= 2 && h[0] == 0x1f && h[1] == 0x8b) ||
	    (n >= 4 && memcmp(h, "\x28\xb5\x2f\xfd", 4) == 0) ||
	    (n >= 6 && memcmp(h, "\xfd" "7zXZ\0", 6) == 0) ||
	    (n >= 3 && memcmp(h, "BZh", 3) == 0);
}

/* Makes s->fd an uncompressed tar, or says what it is not. */
static int
outer_prepare(struct store *s, struct diag *d)
{
	unsigned char h[512];
	ssize_t n;
	size_t i;

	if ((n = pread(s->fd, h, sizeof(h), 0)) == -1)
		return diag_error(d, "cannot read '%s': %s", s->label,
		    strerror(errno));
	if (is_compressed(h, n)) {
		if (decompress(s, d) == -1)
			return -1;
		if ((n = pread(s->fd, h, sizeof(h), 0)) == -1)
			return diag_error(d, "cannot read '%s': %s",
			    s->label, strerror(errno));
	}
	if (n == (ssize_t)sizeof(h)) {
		for (i = 0; i < sizeof(h) && h[i] == 0; i++)
			continue;
		if (i == sizeof(h) || tarindex_probe(h))
			return 0;
	}
	return diag_error(d, "'%s': unknown format (not a tar archive, an "
	    "OCI layout or a directory)", s->label);
}

static int
open_tarball(struct image *img, struct store *s, int forced,
    const struct image_opts *o, struct diag *d)
{
	int has_m, has_i;

	if (forced == IMAGE_DIR || forced == IMAGE_OCI_DIR)
		return diag_error(d, "'%s': not a directory", s->label);
	if ((s->fd = open(s->label, O_RDONLY | O_CLOEXEC)) == -1)
		return diag_error(d, "cannot open '%s': %s", s->label,
		    strerror(errno));
	if (outer_prepare(s, d) == -1 ||
	    (s->ti = tarindex_build(s->fd, s->label, d)) == NULL)
		return -1;
	has_m = tarindex_find(s->ti, "manifest.json") != NULL;
	has_i = tarindex_find(s->ti, "index.json") != NULL;
	if (forced == IMAGE_OCI_ARCHIVE || (forced == -1 && !has_m && has_i)) {
		img->kind = IMAGE_OCI_ARCHIVE;
		return oci_open(img, s, o, d);
	}
	if (forced == IMAGE_DOCKER_ARCHIVE || has_m) {
		img->kind = IMAGE_DOCKER_ARCHIVE;
		return docker_open(img, s, o, d);
	}
	return diag_error(d, "'%s': unknown format (a tar archive without "
	    "manifest.json or index.json)", s->label);
}

static int
open_dir(struct image *img, struct store *s, int forced,
    const struct image_opts *o, struct diag *d)
{
	struct stat st;
	int layout;

	if (forced == IMAGE_DOCKER_ARCHIVE || forced == IMAGE_OCI_ARCHIVE)
		return diag_error(d, "'%s': is a directory, not a tar archive",
		    s->label);
	if (forced != IMAGE_DIR) {
		s->dirfd = open(s->label, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->dirfd == -1)
			return diag_error(d, "cannot open '%s': %s", s->label,
			    strerror(errno));
		layout = fstatat(s->dirfd, "index.json", &st,
		    AT_SYMLINK_NOFOLLOW) == 0 || fstatat(s->dirfd,
		    "oci-layout", &st, AT_SYMLINK_NOFOLLOW) == 0;
		if (layout || forced == IMAGE_OCI_DIR) {
			img->kind = IMAGE_OCI_DIR;
			return oci_open(img, s, o, d);
		}
		close(s->dirfd);
		s->dirfd = -1;
	}
	img->kind = IMAGE_DIR;
	img->name = file_stem(img->input);
	return 0;
}

/* Strips a "kind:" prefix; returns the kind, or -1 when there is none. */
static int
spec_kind(const char *spec, const char **path)
{
	static const struct {
		const char	*prefix;
		int		 kind;
	} kinds[] = {
		{ "docker-archive:", IMAGE_DOCKER_ARCHIVE },
		{ "oci-archive:", IMAGE_OCI_ARCHIVE },
		{ "oci-dir:", IMAGE_OCI_DIR },
		{ "dir:", IMAGE_DIR },
	};
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		len = strlen(kinds[i].prefix);
		if (strncmp(spec, kinds[i].prefix, len) == 0) {
			*path = spec + len;
			return kinds[i].kind;
		}
	}
	*path = spec;
	return -1;
}

struct image *
image_open(const char *spec, const struct image_opts *opts, struct diag *d)
{
	static const struct image_opts none = { NULL, NULL };
	struct image *img;
	struct store *s;
	const char *path;
	struct stat st;
	int forced, rc = -1;

	img = xcalloc(1, sizeof(*img));
	s = xcalloc(1, sizeof(*s));
	s->fd = s->dirfd = -1;
	img->priv = s;
	forced = spec_kind(spec, &path);
	img->input = xstrdup(path);
	s->label = img->input;
	if (stat(img->input, &st) == -1)
		diag_error(d, "cannot open '%s': %s", img->input,
		    strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = open_dir(img, s, forced, opts ? opts : &none, d);
	else if (S_ISREG(st.st_mode))
		rc = open_tarball(img, s, forced, opts ? opts : &none, d);
	else
		diag_error(d, "'%s': not a file or a directory", img->input);
	if (rc == -1) {
		image_free(img);
		return NULL;
	}
	return img;
}

struct layer_reader *
image_layer_open(struct image *img, size_t i, struct diag *d)
{
	struct layer_expect ex;
	struct image_layer *l;

	if (img->kind == IMAGE_DIR && i == 0)
		return layer_open_dir(img->input, d);
	if (img->kind == IMAGE_DIR || i >= img->nlayers) {
		diag_error(d, "'%s': no layer %zu", img->input, i);
		return NULL;
	}
	l = &img->layers[i];
	ex.blob_digest = l->digest;
	ex.diff_id = l->diff_id;
	return layer_open_tar(l->fd, l->off, l->size, &ex,
	    l->digest != NULL ? l->digest : l->diff_id, d);
}

size_t
image_nwalk(const struct image *img)
{
	return img->kind == IMAGE_DIR ? 1 : img->nlayers;
}

static void
layers_free(struct image *img)
{
	struct image_layer *l;
	size_t i;

	for (i = 0; i < img->nlayers; i++) {
		l = &img->layers[i];
		free(l->digest);
		free(l->diff_id);
		free(l->media_type);
		free(l->created_by);
		free(l->created);
		if (l->own_fd && l->fd != -1)
			close(l->fd);
	}
	free(img->layers);
}

void
image_free(struct image *img)
{
	struct store *s;
	size_t i;

	if (img == NULL)
		return;
	layers_free(img);
	for (i = 0; i < img->nlabels; i++) {
		free(img->labels[i].key);
		free(img->labels[i].value);
	}
	free(img->labels);
	if ((s = img->priv) != NULL) {
		tarindex_free(s->ti);
		if (s->fd != -1)
			close(s->fd);
		if (s->dirfd != -1)
			close(s->dirfd);
		free(s);
	}
	free(img->input);
	free(img->name);
	free(img->tag);
	free(img->repo_digest);
	free(img->config_digest);
	free(img->os);
	free(img->architecture);
	free(img->variant);
	free(img->created);
	free(img->user);
	free(img->author);
	free(img);
}

const char *
image_host_platform(void)
{
	static const struct {
		const char	*machine;
		const char	*platform;
	} map[] = {
		{ "x86_64", "linux/amd64" },
		{ "amd64", "linux/amd64" },
		{ "aarch64", "linux/arm64" },
		{ "arm64", "linux/arm64" },
		{ "i386", "linux/386" },
		{ "i486", "linux/386" },
		{ "i586", "linux/386" },
		{ "i686", "linux/386" },
		{ "armv7l", "linux/arm/v7" },
		{ "armv6l", "linux/arm/v6" },
		{ "ppc64le", "linux/ppc64le" },
		{ "s390x", "linux/s390x" },
		{ "riscv64", "linux/riscv64" },
	};
	static char other[80];
	struct utsname u;
	size_t i;

	if (uname(&u) == -1)
		return "linux/amd64";
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (strcmp(u.machine, map[i].machine) == 0)
			return map[i].platform;
	snprintf(other, sizeof(other), "linux/%s", u.machine);
	return other;
}
