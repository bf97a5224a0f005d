#include "compat.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cjson/cJSON.h>

#include "diag.h"
#include "digest.h"
#include "layer.h"
#include "strbuf.h"
#include "unit.h"
#include "xalloc.h"

#define IMAGES	"/tmp/sbom-images"
#define LONG200	"0123456789abcdefghijklmnopqrstuvwxyz" \
		"0123456789abcdefghijklmnopqrstuvwxyz" \
		"0123456789abcdefghijklmnopqrstuvwxyz" \
		"0123456789abcdefghijklmnopqrstuvwxyz" \
		"0123456789abcdefghijklmnopqrstuvwxyz" \
		"0123456789abcdefghijklmnopqrstuvwxy"

/* One entry to put into a test tar. */
struct tent {
	const char	*path;
	int		 type;		/* AE_IF*, 0 for a hard link */
	const char	*link;
	const char	*data;
	int		 mode;
};

static la_ssize_t
sb_write(struct archive *a, void *arg, const void *p, size_t n)
{
	strbuf_add(arg, p, n);
	return (la_ssize_t)n;
}

static void
add_entry(struct archive *a, const struct tent *t)
{
	struct archive_entry *ae = archive_entry_new();
	size_t n = t->data != NULL ? strlen(t->data) : 0;

	archive_entry_copy_pathname(ae, t->path);
	archive_entry_set_filetype(ae, t->type != 0 ? (unsigned)t->type :
	    AE_IFREG);
	archive_entry_set_perm(ae, t->mode != 0 ? t->mode : 0644);
	archive_entry_set_uid(ae, 12);
	archive_entry_set_gid(ae, 34);
	archive_entry_set_mtime(ae, 1700000000, 0);
	if (t->type == 0)
		archive_entry_copy_hardlink(ae, t->link);
	else if (t->type == AE_IFLNK)
		archive_entry_copy_symlink(ae, t->link);
	archive_entry_set_size(ae, t->type == AE_IFREG ? (la_int64_t)n : 0);
	/* ARCHIVE_WARN: a name not valid in the locale is kept binary. */
	CHECK(archive_write_header(a, ae) >= ARCHIVE_WARN);
	if (n > 0)
		CHECK_INT(archive_write_data(a, t->data, n), n);
	archive_entry_free(ae);
}

/* Builds an uncompressed tar of the n entries in format fmt. */
static void
make_tar(int fmt, const struct tent *t, size_t n, struct strbuf *out)
{
	struct archive *a = archive_write_new();
	size_t i;

	strbuf_reset(out);
	archive_write_set_format(a, fmt);
	archive_write_add_filter_none(a);
	archive_write_open2(a, out, NULL, sb_write, NULL, NULL);
	for (i = 0; i < n; i++)
		add_entry(a, &t[i]);
	CHECK_INT(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/* Compresses in with filter ("gzip", "zstd", "none") into out. */
static void
compress(const char *filter, const struct strbuf *in, struct strbuf *out)
{
	struct archive *a;
	struct archive_entry *ae;

	strbuf_reset(out);
	if (strcmp(filter, "none") == 0) {
		strbuf_add(out, in->buf, in->len);
		return;
	}
	a = archive_write_new();
	archive_write_set_format_raw(a);
	CHECK_INT(archive_write_add_filter_by_name(a, filter), ARCHIVE_OK);
	archive_write_set_bytes_in_last_block(a, 1);
	archive_write_open2(a, out, NULL, sb_write, NULL, NULL);
	ae = archive_entry_new();
	archive_entry_set_pathname(ae, "data");
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_size(ae, (la_int64_t)in->len);
	CHECK_INT(archive_write_header(a, ae), ARCHIVE_OK);
	CHECK_INT(archive_write_data(a, in->buf, in->len), in->len);
	CHECK_INT(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(ae);
}

/* Returns a file holding pre bytes of junk, p[0..n) and 100 more. */
static int
temp_file(const void *p, size_t n, size_t pre)
{
	char junk[4096];
	FILE *f = tmpfile();
	int fd;

	if (f == NULL) {
		perror("tmpfile");
		exit(2);
	}
	fd = dup(fileno(f));
	fclose(f);
	memset(junk, 'J', sizeof(junk));
	CHECK(pre <= sizeof(junk));
	CHECK_INT(write(fd, junk, pre), pre);
	CHECK_INT(write(fd, p, n), n);
	CHECK_INT(write(fd, junk, 100), 100);
	return fd;
}

static const char *
tname(enum layer_etype t)
{
	static const char *names[] = { "reg", "dir", "sym", "hard", "other" };

	return names[t];
}

/*
 * Reads the whole layer into a listing, one line per entry:
 * "type path [-> link] mode size 'content'". Returns layer_next's or
 * layer_finish's failure (-1) or 0.
 */
static int
walk(struct layer_reader *r, struct strbuf *list, struct diag *d)
{
	struct layer_entry e;
	char buf[7];
	ssize_t n;
	int rc;

	strbuf_reset(list);
	strbuf_add(list, "", 0);
	while ((rc = layer_next(r, &e, d)) == 1) {
		strbuf_addf(list, "%s %s", tname(e.type), e.path);
		if (e.link != NULL)
			strbuf_addf(list, " -> %s", e.link);
		strbuf_addf(list, " %o %llu", (unsigned)e.mode,
		    (unsigned long long)e.size);
		if (e.type == LAYER_REG) {
			strbuf_addstr(list, " '");
			while ((n = layer_read(r, buf, sizeof(buf), d)) > 0)
				strbuf_add(list, buf, (size_t)n);
			if (n < 0)
				return -1;
			strbuf_addch(list, '\'');
		}
		strbuf_addch(list, '\n');
	}
	if (rc == -1)
		return -1;
	return layer_finish(r, d);
}

/* Opens fd[off, off + len) and walks it; returns walk()'s result. */
static int
walk_fd(int fd, uint64_t off, uint64_t len, const struct layer_expect *ex,
    struct strbuf *list, struct diag *d)
{
	struct layer_reader *r;
	int rc;

	diag_init(d);
	strbuf_reset(list);
	r = layer_open_tar(fd, off, len, ex, "sha256:0123abcd", d);
	if (r == NULL)
		return -1;
	rc = walk(r, list, d);
	layer_close(r);
	return rc;
}

/* Writes a temp file with the blob at offset pre and walks it. */
static int
walk_blob(const struct strbuf *blob, size_t pre,
    const struct layer_expect *ex, struct strbuf *list, struct diag *d)
{
	int fd, rc;

	fd = temp_file(blob->buf, blob->len, pre);
	rc = walk_fd(fd, pre, blob->len, ex, list, d);
	close(fd);
	return rc;
}

static void
sha256_of(const struct strbuf *sb, char *out)
{
	memcpy(out, "sha256:", 7);
	digest_sha256_hex(sb->buf, sb->len, out + 7);
}

static const struct tent basic[] = {
	{ "./", AE_IFDIR, NULL, NULL, 0755 },
	{ "./etc/", AE_IFDIR, NULL, NULL, 0755 },
	{ "./etc/passwd", AE_IFREG, NULL, "root:x:0:0\n", 04755 },
	{ "/usr//bin/./sh", AE_IFLNK, "../../bin/dash", NULL, 0777 },
	{ "etc/pw2", 0, "/etc//./passwd", NULL, 0644 },
	{ "../../a/./b/../c/", AE_IFDIR, NULL, NULL, 02775 },
	{ "a/c/empty", AE_IFREG, NULL, "", 0600 },
	{ "a/fifo", AE_IFIFO, NULL, NULL, 0600 },
	{ "a/big", AE_IFREG, NULL, "0123456789abcdefghij", 0644 },
};

static const char basic_list[] =
	"dir etc 755 0\n"
	"reg etc/passwd 4755 11 'root:x:0:0\n'\n"
	"sym usr/bin/sh -> ../../bin/dash 777 0\n"
	"hard etc/pw2 -> etc/passwd 644 0\n"
	"dir a/c 2775 0\n"
	"reg a/c/empty 600 0 ''\n"
	"other a/fifo 600 0\n"
	"reg a/big 644 20 '0123456789abcdefghij'\n";

/* Every filter and tar format, at an offset, with both digests. */
static void
test_basic(void)
{
	static const char *filters[] = { "none", "gzip", "zstd" };
	static const int fmts[] = {
		ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
		ARCHIVE_FORMAT_TAR_GNUTAR,
		ARCHIVE_FORMAT_TAR_USTAR,
	};
	struct strbuf tar = STRBUF_INIT, blob = STRBUF_INIT;
	struct strbuf list = STRBUF_INIT;
	char bd[DIGEST_STRMAX], dd[DIGEST_STRMAX];
	struct layer_expect ex = { bd, dd };
	struct diag d;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		make_tar(fmts[i], basic, ARRAY_SIZE(basic), &tar);
		sha256_of(&tar, dd);
		for (j = 0; j < ARRAY_SIZE(filters); j++) {
			compress(filters[j], &tar, &blob);
			sha256_of(&blob, bd);
			CHECK_INT(walk_blob(&blob, j * 511, &ex, &list, &d),
			    0);
			CHECK_STR(d.msg, "");
			CHECK_STR(list.buf, basic_list);
		}
	}
	strbuf_release(&tar);
	strbuf_release(&blob);
	strbuf_release(&list);
}

/* uid, gid and mtime, which the listing leaves out. */
static void
test_fields(void)
{
	struct strbuf tar = STRBUF_INIT;
	struct layer_reader *r;
	struct layer_entry e;
	struct diag d;
	char buf[16];
	int fd;

	make_tar(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, basic, 3, &tar);
	fd = temp_file(tar.buf, tar.len, 0);
	diag_init(&d);
	r = layer_open_tar(fd, 0, tar.len, NULL, "x", &d);
	CHECK(r != NULL);
	CHECK_INT(layer_next(r, &e, &d), 1);
	CHECK_INT(layer_next(r, &e, &d), 1);
	CHECK_STR(e.path, "etc/passwd");
	CHECK_INT(e.uid, 12);
	CHECK_INT(e.gid, 34);
	CHECK_INT(e.mtime, 1700000000);
	CHECK_INT(e.mode, 04755);
	/* Unread content is skipped. */
	CHECK_INT(layer_next(r, &e, &d), 0);
	CHECK_INT(layer_next(r, &e, &d), 0);
	CHECK_INT(layer_read(r, buf, sizeof(buf), &d), 0);
	CHECK_INT(layer_finish(r, &d), 0);
	layer_close(r);
	close(fd);
	strbuf_release(&tar);
}

static const struct tent longs[] = {
	{ "d/" LONG200 "/" LONG200, AE_IFREG, NULL, "long", 0644 },
	{ "d/s", AE_IFLNK, "/" LONG200 "/" LONG200, NULL, 0777 },
	{ "d/h", 0, "./d/" LONG200 "/" LONG200, NULL, 0644 },
	{ "caf\xc3\xa9/na\xefve", AE_IFREG, NULL, "utf8", 0644 },
	{ "bad\xe9\xff/x", AE_IFREG, NULL, "latin1", 0644 },
	{ "d/s2", AE_IFLNK, "bad\xe9\xff", NULL, 0777 },
};

static const char longs_list[] =
	"reg d/" LONG200 "/" LONG200 " 644 4 'long'\n"
	"sym d/s -> /" LONG200 "/" LONG200 " 777 0\n"
	"hard d/h -> d/" LONG200 "/" LONG200 " 644 0\n"
	"reg caf\xc3\xa9/na\xefve 644 4 'utf8'\n"
	"reg bad\xe9\xff/x 644 6 'latin1'\n"
	"sym d/s2 -> bad\xe9\xff 777 0\n";

/* PAX and GNU long names and link names; name bytes kept as stored. */
static void
test_long_names(void)
{
	static const int fmts[] = {
		ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
		ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE,
		ARCHIVE_FORMAT_TAR_GNUTAR,
	};
	struct strbuf tar = STRBUF_INIT, list = STRBUF_INIT;
	struct diag d;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		make_tar(fmts[i], longs, ARRAY_SIZE(longs), &tar);
		CHECK_INT(walk_blob(&tar, 0, NULL, &list, &d), 0);
		CHECK_STR(list.buf, longs_list);
	}
	strbuf_release(&tar);
	strbuf_release(&list);
}

/*
 * A PAX record written by hand: "path" in UTF-8 without hdrcharset, as
 * Go's archive/tar writes it, and one that is not valid UTF-8.
 */
static void
test_pax_utf8(void)
{
	static const struct tent one[] = {
		{ "caf\xc3\xa9-\xe2\x82\xac-x-long-enough-to-need-pax-"
		    LONG200, AE_IFREG, NULL, "x", 0644 },
	};
	struct strbuf tar = STRBUF_INIT, list = STRBUF_INIT;
	struct diag d;
	char *p;

	/* In a UTF-8 locale libarchive writes plain UTF-8 PAX records. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		printf("skip: no C.UTF-8 locale\n");
		return;
	}
	make_tar(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, one, 1, &tar);
	p = memmem(tar.buf, tar.len, "hdrcharset", 10);
	CHECK(p == NULL);
	CHECK_INT(walk_blob(&tar, 0, NULL, &list, &d), 0);
	CHECK_STR(list.buf, "reg caf\xc3\xa9-\xe2\x82\xac-x-long-enough-to-"
	    "need-pax-" LONG200 " 644 1 'x'\n");

	p = memmem(tar.buf, tar.len, "path=caf\xc3\xa9", 10);
	CHECK(p != NULL);
	if (p != NULL)
		memcpy(p + 8, "\xe9\xe9", 2);
	CHECK_INT(walk_blob(&tar, 0, NULL, &list, &d), 0);
	CHECK_STR(list.buf, "reg caf\xe9\xe9-\xe2\x82\xac-x-long-enough-to-"
	    "need-pax-" LONG200 " 644 1 'x'\n");
	setlocale(LC_CTYPE, "C");
	strbuf_release(&tar);
	strbuf_release(&list);
}

static void
test_root_names(void)
{
	static const struct tent t[] = {
		{ "/", AE_IFDIR, NULL, NULL, 0755 },
		{ "..", AE_IFREG, NULL, "x", 0644 },
		{ "a/..", AE_IFLNK, "b", NULL, 0777 },
		{ "ok", 0, "..", NULL, 0644 },
		{ "../../../../etc/x", AE_IFREG, NULL, "y", 0644 },
	};
	struct strbuf tar = STRBUF_INIT, list = STRBUF_INIT;
	struct diag d;

	make_tar(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, t, ARRAY_SIZE(t), &tar);
	CHECK_INT(walk_blob(&tar, 0, NULL, &list, &d), 0);
	CHECK_STR(list.buf, "reg etc/x 644 1 'y'\n");
	CHECK_INT(d.nwarn, 3);
	strbuf_release(&tar);
	strbuf_release(&list);
}

static void
test_mismatch(void)
{
	struct strbuf tar = STRBUF_INIT, blob = STRBUF_INIT;
	struct strbuf list = STRBUF_INIT;
	char bd[DIGEST_STRMAX], dd[DIGEST_STRMAX], want[400];
	struct layer_expect ex = { bd, NULL };
	struct diag d;

	make_tar(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, basic, ARRAY_SIZE(basic),
	    &tar);
	compress("gzip", &tar, &blob);
	sha256_of(&tar, dd);
	sha256_of(&blob, bd);

	/* The diff_id given as blob digest: wrong for a gzip blob. */
	ex.blob_digest = dd;
	CHECK_INT(walk_blob(&blob, 0, &ex, &list, &d), -1);
	snprintf(want, sizeof(want), "layer 'sha256:0123abcd': blob digest "
	    "mismatch: expected %s, got %s", dd, bd);
	CHECK_STR(d.msg, want);
	CHECK_STR(list.buf, basic_list);

	ex.blob_digest = NULL;
	ex.diff_id = bd;
	CHECK_INT(walk_blob(&blob, 0, &ex, &list, &d), -1);
	snprintf(want, sizeof(want), "layer 'sha256:0123abcd': diff_id "
	    "mismatch: expected %s, got %s", bd, dd);
	CHECK_STR(d.msg, want);

	/* Not compressed: the blob digest is the diff_id. */
	ex.blob_digest = dd;
	ex.diff_id = bd;
	CHECK_INT(walk_blob(&tar, 0, &ex, &list, &d), -1);
	snprintf(want, sizeof(want), "layer 'sha256:0123abcd': diff_id "
	    "mismatch: expected %s, got %s", bd, dd);
	CHECK_STR(d.msg, want);
	ex.blob_digest = bd;
	ex.diff_id = dd;
	CHECK_INT(walk_blob(&tar, 0, &ex, &list, &d), -1);
	CHECK(strstr(d.msg, "blob digest mismatch") != NULL);
	ex.blob_digest = NULL;

	/* sha512 is taken from the expected string. */
	ex.diff_id = "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97e"
	    "a20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643c"
	    "e80e2a9ac94fa54ca49f";
	CHECK_INT(walk_blob(&blob, 0, &ex, &list, &d), -1);
	CHECK(strstr(d.msg, "diff_id mismatch: expected sha512:") != NULL);
	CHECK(strstr(d.msg, ", got sha512:") != NULL);

	ex.diff_id = "sha256:nothex";
	CHECK_INT(walk_blob(&blob, 0, &ex, &list, &d), -1);
	CHECK_STR(d.msg, "malformed digest 'sha256:nothex'");
	strbuf_release(&tar);
	strbuf_release(&blob);
	strbuf_release(&list);
}

/* Bytes after the gzip stream count for the blob digest only. */
static void
test_trailing(void)
{
	struct strbuf tar = STRBUF_INIT, blob = STRBUF_INIT;
	struct strbuf list = STRBUF_INIT;
	char bd[DIGEST_STRMAX], dd[DIGEST_STRMAX];
	struct layer_expect ex = { bd, dd };
	struct diag d;

	make_tar(ARCHIVE_FORMAT_TAR_USTAR, basic, ARRAY_SIZE(basic), &tar);
	compress("gzip", &tar, &blob);
	strbuf_add(&blob, "trailing junk", 13);
	sha256_of(&tar, dd);
	sha256_of(&blob, bd);
	CHECK_INT(walk_blob(&blob, 3, &ex, &list, &d), 0);
	CHECK_STR(d.msg, "");
	CHECK_STR(list.buf, basic_list);

	/* Data after the end-of-archive blocks counts for the diff_id. */
	strbuf_add(&tar, "more", 4);
	sha256_of(&tar, dd);
	sha256_of(&tar, bd);
	CHECK_INT(walk_blob(&tar, 0, &ex, &list, &d), 0);
	CHECK_STR(d.msg, "");
	strbuf_release(&tar);
	strbuf_release(&blob);
	strbuf_release(&list);
}

static void
expect_fail(const struct strbuf *blob, const char *what)
{
	struct strbuf list = STRBUF_INIT;
	struct diag d;

	CHECK_INT(walk_blob(blob, 0, NULL, &list, &d), -1);
	CHECK(strncmp(d.msg, "layer 'sha256:0123abcd': ", 25) == 0);
	if (strstr(d.msg, what) == NULL || getenv("LAYER_TEST_V") != NULL)
		fprintf(stderr, "message: %s\n", d.msg);
	CHECK(strstr(d.msg, what) != NULL);
	strbuf_release(&list);
}

static void
test_corrupt(void)
{
	struct strbuf tar = STRBUF_INIT, blob = STRBUF_INIT;
	static char big[20000];
	struct tent t = { "big", AE_IFREG, NULL, big, 0644 };
	size_t i;

	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)('a' + (i * 7919) % 26);
	make_tar(ARCHIVE_FORMAT_TAR_USTAR, &t, 1, &tar);

	/* The entry's data runs past the end. */
	tar.len = 512 + 3000;
	expect_fail(&tar, "runcated");

	/* A header whose checksum does not match. */
	make_tar(ARCHIVE_FORMAT_TAR_USTAR, &t, 1, &tar);
	tar.buf[10] ^= 0x55;
	expect_fail(&tar, "");

	/* The same in a later header. */
	make_tar(ARCHIVE_FORMAT_TAR_USTAR, basic, ARRAY_SIZE(basic), &tar);
	tar.buf[512 * 4 + 150] ^= 0x55;
	expect_fail(&tar, "amaged tar archive");

	/* Truncated gzip and zstd. */
	make_tar(ARCHIVE_FORMAT_TAR_USTAR, &t, 1, &tar);
	compress("gzip", &tar, &blob);
	blob.len /= 2;
	expect_fail(&blob, "runcated");
	compress("zstd", &tar, &blob);
	blob.len /= 2;
	expect_fail(&blob, "");

	/* A corrupt gzip body. */
	compress("gzip", &tar, &blob);
	for (i = 30; i < 60 && i < blob.len; i++)
		blob.buf[i] ^= 0xa5;
	expect_fail(&blob, "");

	/* Not a tar at all, and nothing. */
	strbuf_reset(&blob);
	strbuf_addstr(&blob, "hello, this is not a tar file\n");
	expect_fail(&blob, "");
	strbuf_reset(&blob);
	expect_fail(&blob, "");
	strbuf_release(&tar);
	strbuf_release(&blob);
}

/* The file ends before off + len. */
static void
test_short_file(void)
{
	struct strbuf tar = STRBUF_INIT, list = STRBUF_INIT;
	struct diag d;
	int fd;

	make_tar(ARCHIVE_FORMAT_TAR_USTAR, basic, ARRAY_SIZE(basic), &tar);
	fd = temp_file(tar.buf, tar.len, 0);
	CHECK_INT(walk_fd(fd, 0, tar.len + 1000, NULL, &list, &d), -1);
	CHECK(strstr(d.msg, "file ends 900 bytes early") != NULL);
	close(fd);
	strbuf_release(&tar);
	strbuf_release(&list);
}

static cJSON *
load_blob(const char *oci, const char *digest)
{
	char *path, *text;
	cJSON *j;

	path = xasprintf("%s/blobs/sha256/%s", oci, digest + 7);
	text = unit_slurp(path, NULL);
	free(path);
	j = text != NULL ? cJSON_Parse(text) : NULL;
	free(text);
	return j;
}

static const char *
jstr(const cJSON *j, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(j, k));
}

/* The real layer of the debian-min OCI layout. */
static void
test_real(void)
{
	const char *oci = IMAGES "/debian-min.oci";
	cJSON *idx = NULL, *man = NULL, *cfg = NULL, *lay;
	struct layer_expect ex;
	struct layer_reader *r;
	struct layer_entry e;
	char *path = NULL, *text;
	unsigned long n = 0, withdpkg = 0;
	struct stat st;
	struct diag d;
	int fd, rc;

	path = xasprintf("%s/index.json", oci);
	if ((text = unit_slurp(path, NULL)) == NULL) {
		printf("skip: %s is absent\n", oci);
		goto out;
	}
	idx = cJSON_Parse(text);
	free(text);
	man = load_blob(oci, jstr(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(idx, "manifests"), 0), "digest"));
	cfg = load_blob(oci, jstr(cJSON_GetObjectItem(man, "config"),
	    "digest"));
	lay = cJSON_GetArrayItem(cJSON_GetObjectItem(man, "layers"), 0);
	ex.blob_digest = jstr(lay, "digest");
	ex.diff_id = cJSON_GetStringValue(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(cfg, "rootfs"),
	    "diff_ids"), 0));
	CHECK(ex.blob_digest != NULL && ex.diff_id != NULL);
	if (ex.blob_digest == NULL || ex.diff_id == NULL)
		goto out;
	free(path);
	path = xasprintf("%s/blobs/sha256/%s", oci, ex.blob_digest + 7);
	fd = open(path, O_RDONLY);
	CHECK(fd != -1 && fstat(fd, &st) == 0);

	diag_init(&d);
	r = layer_open_tar(fd, 0, (uint64_t)st.st_size, &ex, "real", &d);
	CHECK(r != NULL);
	while (r != NULL && (rc = layer_next(r, &e, &d)) == 1) {
		n++;
		if (strcmp(e.path, "var/lib/dpkg/status") == 0)
			withdpkg++;
	}
	CHECK_INT(layer_finish(r, &d), 0);
	CHECK_STR(d.msg, "");
	CHECK(n > 1000 && n < 100000);
	CHECK_INT(withdpkg, 1);
	layer_close(r);
	close(fd);
out:
	free(path);
	cJSON_Delete(idx);
	cJSON_Delete(man);
	cJSON_Delete(cfg);
}

static void
put(const char *dir, const char *rel, const char *data)
{
	char *p = xasprintf("%s/%s", dir, rel);
	int fd;

	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0640);
	CHECK(fd != -1);
	CHECK_INT(write(fd, data, strlen(data)), strlen(data));
	close(fd);
	free(p);
}

static void
mk(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);

	CHECK_INT(mkdir(p, 0750), 0);
	free(p);
}

/* A directory tree read as a layer. */
static void
test_dir(void)
{
	char tmpl[] = "/tmp/layer_test.XXXXXX";
	struct strbuf list = STRBUF_INIT;
	struct layer_reader *r;
	struct diag d;
	char *root, *p;
	int n;

	root = mkdtemp(tmpl);
	CHECK(root != NULL);
	if (root == NULL)
		return;
	mk(root, "etc");
	mk(root, "b");
	mk(root, "b/sub");
	put(root, "etc/os-release", "ID=test\n");
	put(root, "b/Z", "z");
	put(root, "b/a", "");
	put(root, "b/sub/\xe9", "latin1 name");
	p = xasprintf("%s/b/link", root);
	CHECK_INT(symlink("../etc/os-release", p), 0);
	free(p);

	diag_init(&d);
	r = layer_open_dir(root, &d);
	CHECK(r != NULL);
	CHECK_INT(walk(r, &list, &d), 0);
	CHECK_STR(list.buf,
	    "dir b 750 0\n"
	    "reg b/Z 640 1 'z'\n"
	    "reg b/a 640 0 ''\n"
	    "sym b/link -> ../etc/os-release 777 0\n"
	    "dir b/sub 750 0\n"
	    "reg b/sub/\xe9 640 11 'latin1 name'\n"
	    "dir etc 750 0\n"
	    "reg etc/os-release 640 8 'ID=test\n'\n");
	layer_close(r);

	/* 135 nested directories: the walk stops below level 129. */
	p = xasprintf("rm -rf '%s'/* && cd '%s' && for i in $(seq 135); do "
	    "mkdir d && cd d || exit 1; done", root, root);
	CHECK_INT(system(p), 0);
	free(p);
	diag_init(&d);
	r = layer_open_dir(root, &d);
	CHECK(r != NULL);
	CHECK_INT(walk(r, &list, &d), 0);
	CHECK_INT(d.nwarn, 1);
	CHECK(strncmp(list.buf, "dir d 7", 7) == 0);
	for (n = 0, p = list.buf; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	CHECK_INT(n, 129);
	layer_close(r);

	diag_init(&d);
	p = xasprintf("%s/nonexistent", root);
	CHECK(layer_open_dir(p, &d) == NULL);
	CHECK(strstr(d.msg, "cannot read directory") != NULL);
	free(p);

	p = xasprintf("rm -rf '%s'", root);
	CHECK_INT(system(p), 0);
	free(p);
	strbuf_release(&list);
}

int
main(void)
{
	test_basic();
	test_fields();
	test_long_names();
	test_pax_utf8();
	test_root_names();
	test_mismatch();
	test_trailing();
	test_corrupt();
	test_short_file();
	test_real();
	test_dir();
	return UNIT_DONE("layer_test");
}
