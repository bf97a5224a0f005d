/*
 * layer.h: one layer as a stream of filesystem entries.
 *
 * A layer reader yields entries in stream order. Two kinds exist: a tar
 * stream read through libarchive (gzip, zstd or plain, whatever the media
 * type says), hashing the compressed and the uncompressed bytes as they
 * pass, and a directory walk (a root filesystem given as "dir:").
 * Paths are normalised: relative to the image root, no leading "/" or
 * "./", no empty, "." or ".." components (".." is applied lexically and
 * never climbs above the root), no trailing "/". The root itself is "".
 * Path bytes are kept as they are, UTF-8 or not.
 */
#ifndef LAYER_H
#define LAYER_H

#include <stdint.h>
#include <sys/types.h>

struct diag;

enum layer_etype {
	LAYER_REG,
	LAYER_DIR,
	LAYER_SYMLINK,
	LAYER_HARDLINK,
	LAYER_OTHER		/* device, fifo, socket */
};

struct layer_entry {
	const char		*path;	/* normalised, see above */
	enum layer_etype	 type;
	mode_t			 mode;	/* permission bits incl. suid/sgid */
	uint64_t		 size;	/* content size for LAYER_REG */
	/*
	 * LAYER_SYMLINK: the target exactly as stored.
	 * LAYER_HARDLINK: the normalised path of the file it names.
	 */
	const char		*link;
	int64_t			 uid, gid;
	int64_t			 mtime;
};

struct layer_reader;

/*
 * What to check when the stream ends. Either digest may be NULL (not
 * known). The strings are "algorithm:hex" and are copied.
 */
struct layer_expect {
	const char	*blob_digest;	/* of the bytes as stored */
	const char	*diff_id;	/* of the uncompressed tar */
};

/*
 * Opens a tar layer stored in file fd at [off, off + len). fd stays the
 * caller's and must outlive the reader; the reader uses pread(), so one
 * fd can serve many readers in turn. name is used in messages.
 * Returns NULL with d set on failure.
 */
struct layer_reader *layer_open_tar(int fd, uint64_t off, uint64_t len,
	    const struct layer_expect *, const char *name, struct diag *d);

/* Opens a directory tree as a layer (no whiteouts, links not followed). */
struct layer_reader *layer_open_dir(const char *root, struct diag *d);

/*
 * Reads the next entry. Returns 1 and fills *e (valid until the next
 * call), 0 at the end, -1 on error (d set). Entries that cannot be
 * represented (a path that normalises to nothing) are skipped with a
 * warning.
 */
int	layer_next(struct layer_reader *, struct layer_entry *e,
	    struct diag *d);

/*
 * Reads up to n bytes of the current entry's content. Returns the byte
 * count, 0 at the end of the content, -1 on error (d set). Content not
 * read is skipped by the next layer_next().
 */
ssize_t	layer_read(struct layer_reader *, void *buf, size_t n,
	    struct diag *d);

/*
 * Reads the rest of the stream and checks the digests in the
 * layer_expect. Returns 0, or -1 (d set) on a read error or a mismatch,
 * naming the layer. Call it after layer_next() returned 0.
 */
int	layer_finish(struct layer_reader *, struct diag *d);

/* Frees the reader; NULL is a no-op. */
void	layer_close(struct layer_reader *);

#endif /* LAYER_H */
