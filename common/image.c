/*
 * image.c: what an input is (a "kind:" prefix, a directory, a tarball
 * compressed or not), image_open() dispatching to the docker-archive
 * and OCI readers, layer streams, freeing, the host platform.
 */
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

#include "diag.h"
#include "image.h"
#include "image_priv.h"
#include "layer.h"
#include "tarindex.h"
#include "xalloc.h"

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
		return img_oci_open(img, s, o, d);
	}
	if (forced == IMAGE_DOCKER_ARCHIVE || has_m) {
		img->kind = IMAGE_DOCKER_ARCHIVE;
		return img_docker_open(img, s, o, d);
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
			return img_oci_open(img, s, o, d);
		}
		close(s->dirfd);
		s->dirfd = -1;
	}
	img->kind = IMAGE_DIR;
	img->name = img_file_stem(img->input);
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
