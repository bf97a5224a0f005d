/*
 * image_store.c: the members of the outer tar or the layout directory,
 * found without leaving it, and read whole as checked JSON.
 */
#include "compat.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "digest.h"
#include "image_priv.h"
#include "tarindex.h"
#include "xalloc.h"

/* Largest JSON document (index, manifest, config) read into memory. */
#define IMAGE_JSON_MAX		(16 * 1024 * 1024)
/* Deepest nesting of arrays and objects accepted in such a document. */
#define IMAGE_JSON_DEPTH	64

void
img_blob_close(struct blob *b)
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

int
img_store_find(struct store *s, const char *path, struct blob *b,
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

	if ((r = img_store_find(s, path, &b, d)) != 1)
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
	img_blob_close(&b);
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

cJSON *
img_load_json(struct store *s, const char *path, const char *what,
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

int
img_check_digest(struct store *s, const char *dg, const char *where,
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

char *
img_blob_path(const char *dg)
{
	const char *colon = strchr(dg, ':');

	return xasprintf("blobs/%.*s/%s", (int)(colon - dg), dg, colon + 1);
}
