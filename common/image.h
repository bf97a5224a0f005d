/*
 * image.h: finding the parts of a container image.
 *
 * image_open() works out what an input is (docker-archive, oci-dir,
 * oci-archive, dir; a "kind:" prefix forces one), reads the index,
 * manifest and config, picks one image by platform or tag, and returns
 * the ordered layer list with where each blob lives. It never
 * decompresses a layer: layer_open_tar() does that, one layer at a time.
 * An uncompressed outer tarball is indexed in place and layers are read
 * from it by offset; a compressed one is first decompressed once into an
 * unlinked temporary file.
 */
#ifndef IMAGE_H
#define IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct diag;
struct layer_reader;

enum image_kind {
	IMAGE_DOCKER_ARCHIVE,
	IMAGE_OCI_DIR,
	IMAGE_OCI_ARCHIVE,
	IMAGE_DIR
};

struct image_opts {
	const char	*platform;	/* "os/arch[/variant]", NULL: default */
	const char	*tag;		/* pick by tag in multi-image inputs */
};

struct image_label {
	char	*key;
	char	*value;
};

struct image_layer {
	char		*digest;	/* blob digest, NULL if unknown */
	char		*diff_id;	/* from config rootfs.diff_ids */
	char		*media_type;	/* NULL if unknown */
	char		*created_by;	/* matching history line, or NULL */
	char		*created;	/* its timestamp, or NULL */
	uint64_t	 size;		/* stored size in bytes */
	/* Where the blob is: private to image.c. */
	int		 fd;
	uint64_t	 off;
	int		 own_fd;
};

struct image {
	enum image_kind		 kind;
	char			*input;		/* path without prefix */
	char			*name;		/* repo:tag or file name */
	char			*tag;		/* chosen tag or NULL */
	char			*repo_digest;	/* manifest digest or NULL */
	char			*config_digest;	/* or NULL (dir) */
	/* From the config (all may be NULL). */
	char			*os;
	char			*architecture;
	char			*variant;
	char			*created;
	char			*user;
	char			*author;
	struct image_label	*labels;	/* sorted by key */
	size_t			 nlabels;
	struct image_layer	*layers;
	size_t			 nlayers;
	void			*priv;
};

/*
 * Opens an image. On failure returns NULL and sets d to one line naming
 * the input and the problem (for a platform or tag that matches nothing
 * or too much, the line lists what there is).
 */
struct image	*image_open(const char *spec, const struct image_opts *,
		    struct diag *d);

/*
 * Opens layer i as a stream, set to verify its blob digest and diff_id.
 * For IMAGE_DIR there is one pseudo-layer (index 0) and nothing to
 * verify.
 */
struct layer_reader *image_layer_open(struct image *, size_t i,
		    struct diag *d);

/* Number of layers to walk: nlayers, or 1 for IMAGE_DIR. */
size_t		 image_nwalk(const struct image *);

void		 image_free(struct image *);

/* "linux/amd64" style name of the machine we run on. */
const char	*image_host_platform(void);

#endif /* IMAGE_H */
