/*
 * tarindex.h: an index of the members of an uncompressed tar file, read
 * in place.
 *
 * tarindex_build() walks the headers of the tar in fd (ustar, pax and GNU
 * forms; pax 'x' path, linkpath and size records and GNU 'L'/'K' long
 * names are applied, pax 'g' headers are skipped) and records, for every
 * regular file, symlink and hard link, its name and where its data lies.
 * It never reads member data other than pax and long-name records. Every
 * field is bounds-checked: a member running past the end of the file is
 * an error. Names are normalised (no leading "./" or "/", no empty or "."
 * components, no trailing "/"); a later member with the same name
 * replaces an earlier one, as tar extraction would.
 */
#ifndef TARINDEX_H
#define TARINDEX_H

#include <stddef.h>
#include <stdint.h>

struct diag;
struct tarindex;

enum tarindex_type {
	TARINDEX_FILE,
	TARINDEX_SYMLINK,
	TARINDEX_HARDLINK
};

struct tarindex_entry {
	char			*name;
	char			*link;	/* link target, NULL for files */
	enum tarindex_type	 type;
	uint64_t		 off;	/* data offset in the file */
	uint64_t		 size;
};

/* At most this many members are indexed (a larger tar is refused). */
#define TARINDEX_MAXENTRIES	(1 << 20)

/*
 * Returns 1 if the 512 bytes at hdr look like a tar header (its
 * checksum is right), 0 otherwise.
 */
int	tarindex_probe(const unsigned char *hdr);

/*
 * Indexes the tar in fd (which stays the caller's). label names the file
 * in messages. Returns NULL with d set ("'label': truncated tar ...") on
 * a malformed or truncated tar or a read error.
 */
struct tarindex	*tarindex_build(int fd, const char *label, struct diag *d);

/*
 * Looks name up (it is normalised first). Symlinks and hard links inside
 * the tar are followed, a few hops at most, and only while they stay
 * inside the tar root. Returns the regular file entry, borrowed from the
 * index, or NULL when there is none.
 */
const struct tarindex_entry *tarindex_find(const struct tarindex *,
	    const char *name);

/*
 * Reads exactly n bytes at off from fd. Returns 0, or -1 with errno set
 * (EIO for a file that ends first).
 */
int	tarindex_pread(int fd, void *buf, size_t n, uint64_t off);

/* Frees the index; NULL is a no-op. */
void	tarindex_free(struct tarindex *);

#endif /* TARINDEX_H */
