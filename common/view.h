/*
 * view.h: the merged filesystem of an image, built one layer at a time.
 *
 * The view applies each layer in order: whiteouts (".wh.NAME" removes
 * NAME from lower layers, ".wh..wh..opq" empties its directory of lower
 * layers' entries, wherever in the stream it sits), a directory replaced
 * by a file or link, hardlinks bound to the file they name when they are
 * read. So that memory grows with what the cataloguers need and not with
 * the image, the view (a tree) holds only directories, symbolic links
 * and the files that match a tap; every other file is only seen to
 * remove what a lower layer had at its path. File content is kept only
 * for paths that match a keeping tap.
 *
 * Taps are how cataloguers see content without a second pass: before
 * the first layer, a cataloguer registers glob patterns (fnmatch(3)
 * without FNM_PATHNAME, so "*" also matches "/", matched against the
 * normalised path). When a regular file matching a tap streams past,
 * its content (up to VIEW_CONTENT_MAX bytes) is read once, given to each
 * matching tap's callback with the layer index, and kept in the view as
 * that path's content, replacing what an earlier layer had there.
 * Whether a kept file is still visible at the end, and in which layer,
 * is answered by view_lookup() after the last layer.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "layer.h"

struct diag;
struct view;

/* The most content kept for one tapped file; larger files are cut. */
#define VIEW_CONTENT_MAX	(64u * 1024 * 1024)
/*
 * The most content kept for all tapped files at once. A file (or a
 * hardlink's copy) that would go past it is not kept and its taps are
 * not run, with a warning, so that a small compressed layer cannot make
 * the view grow without bound.
 */
#define VIEW_KEPT_MAX		(256u * 1024 * 1024)
/* Symlink hops allowed in one lookup before it is called a loop. */
#define VIEW_MAXLINKS		40

struct view_file {
	const char		*path;	/* normalised */
	enum layer_etype	 type;	/* never LAYER_HARDLINK: bound */
	mode_t			 mode;
	uint64_t		 size;
	const char		*link;	/* symlink target, or NULL */
	size_t			 layer;	/* layer that wrote this version */
	const unsigned char	*data;	/* kept content, or NULL */
	size_t			 datalen;
	int			 truncated; /* content cut at the cap */
};

/*
 * Called for every tapped file as it streams past. The data is only
 * valid during the call. layer is the index given to view_add_layer().
 */
typedef void	view_tap_fn(void *arg, size_t layer, const char *path,
		    const unsigned char *data, size_t len);

struct view	*view_new(void);
void		 view_free(struct view *);

/* Registers a tap; fn may be NULL to only keep the content. */
void		 view_tap(struct view *, const char *pattern,
		    view_tap_fn *fn, void *arg);
/*
 * Registers a tap whose files are only shown to fn as they stream past
 * and not kept in the view (unless another tap keeps them), for
 * scanners that look at many files: memory then grows with the largest
 * such file, not with their sum.
 */
void		 view_tap_stream(struct view *, const char *pattern,
		    view_tap_fn *fn, void *arg);
/*
 * Keeps the paths matching pattern in the view, metadata only (mode,
 * size, layer), for checks that look at files without reading them.
 */
void		 view_tap_meta(struct view *, const char *pattern);

/*
 * Applies one layer read from r. whiteouts: nonzero for image layers,
 * zero for a plain directory, where ".wh." names are ordinary files.
 * Returns 0, or -1 with d set when the stream fails; odd content (a
 * path that is both file and directory, a hardlink to nothing) only
 * warns through d.
 */
int		 view_add_layer(struct view *, struct layer_reader *r,
		    size_t layer, int whiteouts, struct diag *d);

/*
 * Looks a path up in the final view. With follow nonzero, symlinks are
 * resolved in every component including the last, inside the image root
 * only (an absolute target restarts at the root, ".." stops at it). The
 * result is borrowed until the view changes. Returns NULL when there is
 * no such path, or on a loop (more than VIEW_MAXLINKS hops).
 */
const struct view_file *view_lookup(struct view *, const char *path,
		    int follow);

/*
 * Calls fn for each visible regular file whose path matches pattern
 * (same glob rules as taps), in byte order of path. Stops early and
 * returns fn's value when it is nonzero.
 */
int		 view_foreach(struct view *, const char *pattern,
		    int (*fn)(void *, const struct view_file *), void *arg);

/* Paths held: directories, links and tapped files (for -v output). */
size_t		 view_nfiles(const struct view *);

#endif /* VIEW_H */
