/*
 * image_priv.h: what the image*.c files share; not for callers.
 *
 * image.c works out what an input is and opens it; image_store.c finds
 * and reads the members of the outer tar or the layout directory;
 * image_config.c reads an image config into struct image; image_name.c
 * names an image after its reference or its file; image_docker.c reads
 * docker-archive manifest.json; image_oci.c walks OCI indexes and reads
 * image manifests; image_pick.c chooses one image of an index by tag
 * and platform.
 */
#ifndef IMAGE_PRIV_H
#define IMAGE_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "digest.h"
#include "image.h"
#include "xalloc.h"

struct diag;
struct tarindex;

/* Where the parts of an image live; this is image->priv. */
struct store {
	const char	*label;	/* the input, for messages */
	int		 fd;	/* outer tar, or -1 */
	struct tarindex	*ti;
	int		 dirfd;	/* OCI layout directory, or -1 */
};

/* One member of the store: fd, and where in it. */
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

/* The string member key of o, or NULL when absent or not a string. */
static inline const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A copy of jstr(o, key), or NULL. */
static inline char *
jdup(const cJSON *o, const char *key)
{
	const char *s = jstr(o, key);

	return s != NULL ? xstrdup(s) : NULL;
}

/* The member key of o if it is an array (array set) or an object. */
static inline const cJSON *
jget(const cJSON *o, const char *key, int array)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (array ? cJSON_IsArray(v) : cJSON_IsObject(v))
		return v;
	return NULL;
}

/* Reads a non-negative integer member; returns -1 when absent or bad. */
static inline int
juint(const cJSON *o, const char *key, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
	    v->valuedouble >= 9007199254740992.0)
		return -1;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

/* image_store.c */

/* Closes b's fd if b owns it; b is then empty. */
void	img_blob_close(struct blob *b);

/*
 * Finds path in the outer tar or the layout directory. Returns 1 with b
 * filled, 0 when there is no such member, -1 on error (d set).
 */
int	img_store_find(struct store *s, const char *path, struct blob *b,
	    struct diag *d);

/*
 * Reads path as JSON; what names it in messages. When want is set the
 * bytes must have that digest. When got is set it receives the digest
 * of the bytes (algorithm of want, else sha256). Returns the parsed
 * document or NULL (d set).
 */
cJSON	*img_load_json(struct store *s, const char *path, const char *what,
	    const char *want, char *got, struct diag *d);

/*
 * Checks a digest string from the image metadata; where is for
 * messages. Returns 0, or -1 with d set.
 */
int	img_check_digest(struct store *s, const char *dg, const char *where,
	    struct diag *d);

/* "alg:hex" -> "blobs/alg/hex"; dg must have passed img_check_digest(). */
char	*img_blob_path(const char *dg);

/* image_config.c */

/*
 * Loads the config at path (what names it in messages), checks it
 * against the digest want when set, and fills img: platform, labels,
 * one layer per rootfs.diff_ids entry and their history. Returns 0, or
 * -1 with d set.
 */
int	img_config_load(struct image *img, struct store *s, const char *path,
	    const char *what, const char *want, struct diag *d);

/* Says (d set, -1) when a manifest lists n layers but the config not. */
int	img_layer_count_check(struct image *img, struct store *s, size_t n,
	    struct diag *d);

/* Records where layer l is; takes over b's fd. */
void	img_layer_place(struct image_layer *l, struct blob *b);

/* image_name.c */

/* Does want (a full "repo:tag" or a bare tag) name ref (may be NULL)? */
int	img_tag_matches(const char *want, const char *ref);

/*
 * The file name without directory and without a few extensions: those
 * that start with a letter, such as ".tar", ".oci" or ".gz", so that
 * "alpine-3.19.tar" keeps its version. The caller frees it.
 */
char	*img_file_stem(const char *path);

/*
 * Sets name and tag from a reference ("repo:tag" or a bare tag); with
 * none, names the image after its input file.
 */
void	img_set_name(struct image *img, const char *ref);

/* image_oci.c */

/*
 * Gathers into c the image manifests the index idx names, through
 * nested indexes (depth is the nesting so far, ann_up the annotations
 * of the descriptor that named idx, or NULL). Returns 0, or -1 with d
 * set.
 */
int	img_index_walk(struct store *s, const cJSON *idx, int depth,
	    const cJSON *ann_up, struct cands *c, struct diag *d);
void	img_cands_free(struct cands *c);

/* Opens the image an OCI layout or oci-archive holds. */
int	img_oci_open(struct image *img, struct store *s,
	    const struct image_opts *o, struct diag *d);

/* image_pick.c */

/*
 * Chooses one image of an index by tag, then by platform (the host's
 * when o has none). Returns its index in c, or -1 with d set.
 */
int	img_oci_pick(struct store *s, const struct cands *c,
	    const struct image_opts *o, struct diag *d);

/* image_docker.c */

/*
 * Opens the image a docker-archive holds (classic or Docker 25 with
 * its OCI index beside).
 */
int	img_docker_open(struct image *img, struct store *s,
	    const struct image_opts *o, struct diag *d);

#endif /* IMAGE_PRIV_H */
