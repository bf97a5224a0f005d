#include "compat.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "diag.h"
#include "digest.h"
#include "layer.h"
#include "strbuf.h"
#include "xalloc.h"

/* libarchive's "go on" codes; RETRY (a damaged header) is not one. */
#define LA_OK(rc)	((rc) == ARCHIVE_OK || (rc) == ARCHIVE_WARN)

/* Bytes fetched from the layer file per pread(). */
#define LAYER_BUFSZ		(1024 * 1024)
/* Directory levels a "dir:" walk descends before it stops. */
#define LAYER_DIR_MAXDEPTH	128

enum layer_kind { KIND_TAR, KIND_DIR };

/* One open directory of a "dir:" walk. */
struct dir_frame {
	DIR	 *dir;
	char	 *path;		/* normalised, "" for the root */
	char	**names;	/* sorted bytewise */
	size_t	  n, next;
};

struct layer_reader {
	enum layer_kind		 kind;
	char			*name;
	struct strbuf		 path, link;
	int			 failed;

	/* Tar: the stored bytes are fd[off, off + len). */
	int			 fd;
	uint64_t		 off, len, pos;
	unsigned char		*buf;
	struct archive		*outer;	/* decompresses (format "raw") */
	struct archive		*inner;	/* reads the tar */
	const unsigned char	*pend;	/* decompressed, not yet passed on */
	size_t			 npend;
	int			 outer_eof, tar_eof;
	int			 finished, finish_rc;
	int			 diff_is_blob;	/* not compressed */
	struct digest		*blob, *diff;
	char			*want_blob, *want_diff;
	locale_t		 cloc;	/* (locale_t)0 when unavailable */

	/* Dir: a stack of open directories. */
	struct dir_frame	*frames;
	size_t			 nframes, capframes;
	dev_t			 dev;
	int			 cur_dfd;	/* the current file's dir */
	const char		*cur_name;
	int			 cur_fd;	/* opened by layer_read */
	int			 cur_eof;
};

/*
 * Normalises the path in s (see layer.h) into out. ".." drops the last
 * component kept so far and is ignored at the root.
 */
static void
normalise(struct strbuf *out, const char *s)
{
	const char *end;
	size_t n;
	char *slash;

	strbuf_reset(out);
	strbuf_add(out, "", 0);
	while (*s != '\0') {
		end = strchr(s, '/');
		n = end != NULL ? (size_t)(end - s) : strlen(s);
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			slash = strrchr(out->buf, '/');
			out->len = slash != NULL ? (size_t)(slash - out->buf) :
			    0;
			out->buf[out->len] = '\0';
		} else if (n > 0 && !(n == 1 && s[0] == '.')) {
			if (out->len > 0)
				strbuf_addch(out, '/');
			strbuf_add(out, s, n);
		}
		s += n;
		if (*s == '/')
			s++;
	}
}

/* libarchive's last message; it can be missing. */
static const char *
la_err(struct archive *a)
{
	const char *s = archive_error_string(a);

	return s != NULL ? s : "unknown libarchive error";
}

static struct layer_reader *
reader_new(enum layer_kind kind, const char *name)
{
	struct layer_reader *r;

	r = xcalloc(1, sizeof(*r));
	r->kind = kind;
	r->name = xstrdup(name);
	strbuf_init(&r->path);
	strbuf_init(&r->link);
	r->fd = -1;
	r->cur_dfd = -1;
	r->cur_fd = -1;
	return r;
}

/* Outer read callback: the stored bytes, hashed for the blob digest. */
static la_ssize_t
outer_read(struct archive *a, void *arg, const void **out)
{
	struct layer_reader *r = arg;
	char msg[64];
	uint64_t left;
	size_t want;
	ssize_t n;

	left = r->len - r->pos;
	want = left < LAYER_BUFSZ ? (size_t)left : LAYER_BUFSZ;
	if (want == 0)
		return 0;
	do {
		n = pread(r->fd, r->buf, want, (off_t)(r->off + r->pos));
	} while (n == -1 && errno == EINTR);
	if (n == -1) {
		archive_set_error(a, errno, "read error");
		return -1;
	}
	if (n == 0) {
		/* libarchive's own printf knows no "%llu". */
		snprintf(msg, sizeof(msg), "file ends %llu bytes early",
		    (unsigned long long)left);
		archive_set_error(a, EIO, "%s", msg);
		return -1;
	}
	if (r->blob != NULL)
		digest_update(r->blob, r->buf, (size_t)n);
	r->pos += (uint64_t)n;
	*out = r->buf;
	return n;
}

/*
 * Makes the next block of decompressed bytes pending, hashed for the
 * diff_id. Returns 1, 0 at the end, -1 on error (message on a).
 */
static int
fill(struct layer_reader *r, struct archive *a)
{
	const void *p;
	la_int64_t o;
	size_t n;
	int rc;

	while (!r->outer_eof) {
		rc = archive_read_data_block(r->outer, &p, &n, &o);
		if (rc == ARCHIVE_EOF) {
			r->outer_eof = 1;
			break;
		}
		if (!LA_OK(rc)) {
			if (a != NULL)
				archive_set_error(a, archive_errno(r->outer),
				    "%s", la_err(r->outer));
			return -1;
		}
		if (n == 0)
			continue;
		if (r->diff != NULL)
			digest_update(r->diff, p, n);
		r->pend = p;
		r->npend = n;
		return 1;
	}
	return 0;
}

/* Inner read callback: hands over the decompressed bytes in place. */
static la_ssize_t
inner_read(struct archive *a, void *arg, const void **out)
{
	struct layer_reader *r = arg;
	size_t n;

	if (r->npend == 0 && fill(r, a) <= 0)
		return r->outer_eof ? 0 : -1;
	n = r->npend;
	*out = r->pend;
	r->npend = 0;
	return (la_ssize_t)n;
}

/* Inner skip callback: the bytes skipped must still be hashed. */
static la_int64_t
inner_skip(struct archive *a, void *arg, la_int64_t req)
{
	struct layer_reader *r = arg;
	la_int64_t done = 0;
	size_t take;

	while (done < req) {
		if (r->npend == 0 && fill(r, a) <= 0)
			break;
		take = r->npend;
		if ((la_int64_t)take > req - done)
			take = (size_t)(req - done);
		r->pend += take;
		r->npend -= take;
		done += (la_int64_t)take;
	}
	return done;
}

/* Whether two valid digest strings name the same algorithm. */
static int
same_alg(const char *a, const char *b)
{
	size_t n = strcspn(a, ":");

	return strncmp(a, b, n + 1) == 0;
}

static int
open_archives(struct layer_reader *r, struct diag *d)
{
	struct archive_entry *ae;

	r->outer = archive_read_new();
	r->inner = archive_read_new();
	if (r->outer == NULL || r->inner == NULL)
		return diag_error(d, "layer '%s': cannot set up libarchive",
		    r->name);
	archive_read_support_filter_gzip(r->outer);
	archive_read_support_filter_zstd(r->outer);
	archive_read_support_filter_xz(r->outer);
	archive_read_support_filter_bzip2(r->outer);
	archive_read_support_format_raw(r->outer);
	if (archive_read_open2(r->outer, r, NULL, outer_read, NULL,
	    NULL) != ARCHIVE_OK ||
	    !LA_OK(archive_read_next_header(r->outer, &ae)))
		return diag_error(d, "layer '%s': %s", r->name,
		    la_err(r->outer));

	/* Not compressed: one digest serves as both. */
	if (archive_filter_code(r->outer, 0) == ARCHIVE_FILTER_NONE &&
	    r->blob != NULL && r->diff != NULL &&
	    same_alg(r->want_blob, r->want_diff)) {
		digest_free(r->diff);
		r->diff = NULL;
		r->diff_is_blob = 1;
	}

	archive_read_support_format_tar(r->inner);
	if (archive_read_open2(r->inner, r, NULL, inner_read, inner_skip,
	    NULL) != ARCHIVE_OK)
		return diag_error(d, "layer '%s': %s", r->name,
		    la_err(r->inner));
	return 0;
}

struct layer_reader *
layer_open_tar(int fd, uint64_t off, uint64_t len,
    const struct layer_expect *ex, const char *name, struct diag *d)
{
	struct layer_reader *r;

	r = reader_new(KIND_TAR, name);
	r->fd = fd;
	r->off = off;
	r->len = len;
	if (ex != NULL && ex->blob_digest != NULL) {
		r->want_blob = xstrdup(ex->blob_digest);
		if ((r->blob = digest_new(ex->blob_digest, d)) == NULL)
			goto fail;
	}
	if (ex != NULL && ex->diff_id != NULL) {
		r->want_diff = xstrdup(ex->diff_id);
		if ((r->diff = digest_new(ex->diff_id, d)) == NULL)
			goto fail;
	}
	r->buf = xmalloc(LAYER_BUFSZ);
	r->cloc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (open_archives(r, d) == -1)
		goto fail;
	return r;
fail:
	layer_close(r);
	return NULL;
}

/* Maps the type of ae; for links, sets e->link. */
static void
tar_type(struct layer_reader *r, struct archive_entry *ae,
    struct layer_entry *e)
{
	const char *hl, *sl;

	if ((hl = archive_entry_hardlink(ae)) == NULL)
		hl = archive_entry_hardlink_utf8(ae);
	if (hl != NULL) {
		e->type = LAYER_HARDLINK;
		normalise(&r->link, hl);
		e->link = r->link.buf;
		return;
	}
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG:
		e->type = LAYER_REG;
		break;
	case AE_IFDIR:
		e->type = LAYER_DIR;
		break;
	case AE_IFLNK:
		e->type = LAYER_SYMLINK;
		if ((sl = archive_entry_symlink(ae)) == NULL)
			sl = archive_entry_symlink_utf8(ae);
		e->link = sl != NULL ? sl : "";
		break;
	default:
		e->type = LAYER_OTHER;
		break;
	}
}

/* Fills e from the tar header ae. Returns 1, or 0 to skip the entry. */
static int
tar_entry(struct layer_reader *r, struct archive_entry *ae,
    struct layer_entry *e, struct diag *d)
{
	const char *p;

	memset(e, 0, sizeof(*e));
	if ((p = archive_entry_pathname(ae)) == NULL)
		p = archive_entry_pathname_utf8(ae);
	if (p == NULL)
		p = "";
	normalise(&r->path, p);
	e->path = r->path.buf;
	tar_type(r, ae, e);
	if (e->path[0] == '\0' || (e->type == LAYER_HARDLINK &&
	    e->link[0] == '\0')) {
		/* "./" or "/" names the root: nothing to warn about. */
		if (e->type != LAYER_DIR)
			diag_warn(d, "layer '%s': skipping entry '%s': "
			    "path names the root", r->name, p);
		return 0;
	}
	e->mode = archive_entry_mode(ae) & 07777;
	e->size = archive_entry_size(ae) > 0 ?
	    (uint64_t)archive_entry_size(ae) : 0;
	e->uid = archive_entry_uid(ae);
	e->gid = archive_entry_gid(ae);
	e->mtime = archive_entry_mtime(ae);
	return 1;
}

/*
 * Reads the next header in the C locale. libarchive converts PAX names
 * from UTF-8 to the locale's charset; the C locale keeps the bytes as
 * they are stored, whatever locale the program runs in.
 */
static int
next_header(struct layer_reader *r, struct archive_entry **ae)
{
	locale_t old = (locale_t)0;
	int rc;

	if (r->cloc != (locale_t)0)
		old = uselocale(r->cloc);
	rc = archive_read_next_header(r->inner, ae);
	if (old != (locale_t)0)
		uselocale(old);
	return rc;
}

static int
tar_next(struct layer_reader *r, struct layer_entry *e, struct diag *d)
{
	struct archive_entry *ae;
	int rc;

	if (r->tar_eof)
		return 0;
	for (;;) {
		rc = next_header(r, &ae);
		if (rc == ARCHIVE_EOF) {
			r->tar_eof = 1;
			return 0;
		}
		/*
		 * ARCHIVE_RETRY is a damaged header: carrying on would drop
		 * entries without a trace.
		 */
		if (!LA_OK(rc)) {
			r->failed = 1;
			return diag_error(d, "layer '%s': %s", r->name,
			    la_err(r->inner));
		}
		if (tar_entry(r, ae, e, d))
			return 1;
	}
}

/* Sorts names bytewise: strcmp() compares as unsigned char. */
static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Opens directory name in dfd (dfd -1: the path itself) as a new frame
 * at path. Returns 0, or -1 with errno set.
 */
static int
push_dir(struct layer_reader *r, int dfd, const char *name,
    const char *path)
{
	struct dir_frame *f;
	struct dirent *de;
	size_t cap = 0;
	int fd;

	if (dfd == -1)
		fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	if (fd == -1)
		return -1;
	xgrow(&r->frames, &r->capframes, r->nframes + 1, sizeof(*f));
	f = &r->frames[r->nframes];
	memset(f, 0, sizeof(*f));
	if ((f->dir = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	f->path = xstrdup(path);
	r->nframes++;
	for (errno = 0; (de = readdir(f->dir)) != NULL; errno = 0) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		xgrow(&f->names, &cap, f->n + 1, sizeof(*f->names));
		f->names[f->n++] = xstrdup(de->d_name);
	}
	if (errno != 0)
		return -1;
	if (f->n > 1)
		qsort(f->names, f->n, sizeof(*f->names), namecmp);
	return 0;
}

static void
pop_dir(struct layer_reader *r)
{
	struct dir_frame *f = &r->frames[--r->nframes];
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	free(f->path);
	closedir(f->dir);
}

struct layer_reader *
layer_open_dir(const char *root, struct diag *d)
{
	struct layer_reader *r;
	struct stat st;

	r = reader_new(KIND_DIR, root);
	if (push_dir(r, -1, root, "") == -1 ||
	    fstat(dirfd(r->frames[0].dir), &st) == -1) {
		diag_error(d, "cannot read directory '%s': %s", root,
		    strerror(errno));
		layer_close(r);
		return NULL;
	}
	r->dev = st.st_dev;
	return r;
}

static void
end_file(struct layer_reader *r)
{
	if (r->cur_fd != -1)
		close(r->cur_fd);
	r->cur_fd = -1;
	r->cur_dfd = -1;
	r->cur_name = NULL;
	r->cur_eof = 0;
}

/* Reads the target of symlink name in dfd into r->link. */
static int
dir_readlink(struct layer_reader *r, int dfd, const char *name,
    size_t hint)
{
	size_t cap = hint + 1 > 256 ? hint + 1 : 256;
	ssize_t n;

	for (;;) {
		strbuf_reset(&r->link);
		xgrow(&r->link.buf, &r->link.cap, cap, 1);
		n = readlinkat(dfd, name, r->link.buf, cap);
		if (n == -1)
			return -1;
		if ((size_t)n < cap) {
			r->link.len = (size_t)n;
			r->link.buf[n] = '\0';
			return 0;
		}
		cap *= 2;
	}
}

/* Descends into the directory just emitted, when allowed. */
static void
dir_descend(struct layer_reader *r, int dfd, const char *name,
    const struct stat *st, struct diag *d)
{
	if (st->st_dev != r->dev) {
		diag_warn(d, "skipping '%s' in '%s': another filesystem",
		    r->path.buf, r->name);
		return;
	}
	if (r->nframes > LAYER_DIR_MAXDEPTH) {
		diag_warn(d, "skipping '%s' in '%s': deeper than %d levels",
		    r->path.buf, r->name, LAYER_DIR_MAXDEPTH);
		return;
	}
	if (push_dir(r, dfd, name, r->path.buf) == -1)
		diag_warn(d, "cannot read directory '%s' in '%s': %s",
		    r->path.buf, r->name, strerror(errno));
}

/* Fills e for name in frame f. Returns 1, or 0 to skip it. */
static int
dir_entry(struct layer_reader *r, struct dir_frame *f, const char *name,
    struct layer_entry *e, struct diag *d)
{
	struct stat st;
	int dfd = dirfd(f->dir);

	strbuf_reset(&r->path);
	if (f->path[0] != '\0') {
		strbuf_addstr(&r->path, f->path);
		strbuf_addch(&r->path, '/');
	}
	strbuf_addstr(&r->path, name);
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		diag_warn(d, "cannot stat '%s' in '%s': %s", r->path.buf,
		    r->name, strerror(errno));
		return 0;
	}
	memset(e, 0, sizeof(*e));
	e->path = r->path.buf;
	e->mode = st.st_mode & 07777;
	e->uid = st.st_uid;
	e->gid = st.st_gid;
	e->mtime = st.st_mtim.tv_sec;
	if (S_ISREG(st.st_mode)) {
		e->type = LAYER_REG;
		e->size = (uint64_t)st.st_size;
		r->cur_dfd = dfd;
		r->cur_name = name;
	} else if (S_ISDIR(st.st_mode)) {
		e->type = LAYER_DIR;
		dir_descend(r, dfd, name, &st, d);
	} else if (S_ISLNK(st.st_mode)) {
		e->type = LAYER_SYMLINK;
		if (dir_readlink(r, dfd, name, (size_t)st.st_size) == -1) {
			diag_warn(d, "cannot read link '%s' in '%s': %s",
			    r->path.buf, r->name, strerror(errno));
			return 0;
		}
		e->link = r->link.buf;
	} else
		e->type = LAYER_OTHER;
	return 1;
}

static int
dir_next(struct layer_reader *r, struct layer_entry *e, struct diag *d)
{
	struct dir_frame *f;

	end_file(r);
	while (r->nframes > 0) {
		f = &r->frames[r->nframes - 1];
		if (f->next == f->n) {
			pop_dir(r);
			continue;
		}
		if (dir_entry(r, f, f->names[f->next++], e, d))
			return 1;
	}
	return 0;
}

int
layer_next(struct layer_reader *r, struct layer_entry *e, struct diag *d)
{
	if (r->failed)
		return diag_error(d, "layer '%s': earlier error", r->name);
	if (r->kind == KIND_TAR)
		return tar_next(r, e, d);
	return dir_next(r, e, d);
}

static ssize_t
dir_read(struct layer_reader *r, void *buf, size_t n, struct diag *d)
{
	struct stat st;
	ssize_t got;

	if (r->cur_name == NULL || r->cur_eof)
		return 0;
	if (r->cur_fd == -1) {
		r->cur_fd = openat(r->cur_dfd, r->cur_name, O_RDONLY |
		    O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
		if (r->cur_fd == -1 || fstat(r->cur_fd, &st) == -1 ||
		    !S_ISREG(st.st_mode)) {
			diag_warn(d, "cannot read '%s' in '%s': %s",
			    r->path.buf, r->name, r->cur_fd == -1 ?
			    strerror(errno) : "not a regular file");
			r->cur_eof = 1;
			return 0;
		}
	}
	do {
		got = read(r->cur_fd, buf, n);
	} while (got == -1 && errno == EINTR);
	if (got == -1)
		return diag_error(d, "cannot read '%s' in '%s': %s",
		    r->path.buf, r->name, strerror(errno));
	if (got == 0)
		r->cur_eof = 1;
	return got;
}

ssize_t
layer_read(struct layer_reader *r, void *buf, size_t n, struct diag *d)
{
	la_ssize_t got;

	if (r->kind == KIND_DIR)
		return dir_read(r, buf, n, d);
	if (r->failed)
		return diag_error(d, "layer '%s': earlier error", r->name);
	if (r->tar_eof)
		return 0;
	got = archive_read_data(r->inner, buf, n);
	if (got < 0) {
		r->failed = 1;
		return diag_error(d, "layer '%s': entry '%s': %s", r->name,
		    strbuf_str(&r->path),
		    la_err(r->inner));
	}
	return got;
}

/* Hashes whatever the tar reader and the decompressor left unread. */
static int
drain(struct layer_reader *r, struct diag *d)
{
	const void *p;
	la_ssize_t n;

	r->npend = 0;
	while (!r->outer_eof) {
		if (fill(r, NULL) == -1)
			return diag_error(d, "layer '%s': %s", r->name,
			    la_err(r->outer));
		r->npend = 0;
	}
	while (r->pos < r->len) {
		n = outer_read(r->outer, r, &p);
		if (n <= 0)
			return diag_error(d, "layer '%s': %s", r->name,
			    la_err(r->outer));
	}
	return 0;
}

static int
check_digest(struct layer_reader *r, const char *got, const char *want,
    const char *what, struct diag *d)
{
	if (want == NULL || strcmp(got, want) == 0)
		return 0;
	return diag_error(d, "layer '%s': %s mismatch: expected %s, got %s",
	    r->name, what, want, got);
}

int
layer_finish(struct layer_reader *r, struct diag *d)
{
	char blob[DIGEST_STRMAX], diff[DIGEST_STRMAX];

	if (r->kind == KIND_DIR)
		return 0;
	if (r->finished && r->finish_rc == -1)
		return diag_error(d, "layer '%s': earlier error", r->name);
	if (r->finished)
		return 0;
	r->finished = 1;
	r->finish_rc = -1;
	r->tar_eof = 1;
	if (r->failed || drain(r, d) == -1)
		return diag_error(d, "layer '%s': earlier error", r->name);
	blob[0] = diff[0] = '\0';
	if (r->blob != NULL)
		digest_final(r->blob, blob);
	if (r->diff != NULL)
		digest_final(r->diff, diff);
	if (r->diff_is_blob)
		memcpy(diff, blob, sizeof(diff));
	if (check_digest(r, blob, r->want_blob, "blob digest", d) == -1 ||
	    check_digest(r, diff, r->want_diff, "diff_id", d) == -1)
		return -1;
	r->finish_rc = 0;
	return 0;
}

void
layer_close(struct layer_reader *r)
{
	if (r == NULL)
		return;
	if (r->inner != NULL)
		archive_read_free(r->inner);
	if (r->outer != NULL)
		archive_read_free(r->outer);
	end_file(r);
	while (r->nframes > 0)
		pop_dir(r);
	free(r->frames);
	digest_free(r->blob);
	digest_free(r->diff);
	free(r->want_blob);
	free(r->want_diff);
	free(r->buf);
	if (r->cloc != (locale_t)0)
		freelocale(r->cloc);
	strbuf_release(&r->path);
	strbuf_release(&r->link);
	free(r->name);
	free(r);
}
