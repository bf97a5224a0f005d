#include "compat.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cjson/cJSON.h>

#include "diag.h"
#include "layer.h"
#include "strbuf.h"
#include "unit.h"
#include "view.h"
#include "xalloc.h"

#define MULTI	"/tmp/sbom-images/debian-multi"

/*
 * One tar entry: type 'f' file (arg = content), 'd' directory,
 * 'l' symlink and 'h' hardlink (arg = target).
 */
struct ent {
	const char	*path;
	int		 type;
	const char	*arg;
};

struct tapcall {
	size_t	 layer;
	char	*path;
	char	*data;
};

static struct tapcall	calls[64];
static size_t		ncalls;
static unsigned		nwarn;
static char		lastwarn[DIAG_MSGMAX];

static void
on_warn(void *arg, const char *msg)
{
	nwarn++;
	snprintf(lastwarn, sizeof(lastwarn), "%s", msg);
}

static void
on_tap(void *arg, size_t layer, const char *path, const unsigned char *data,
    size_t len)
{
	if (ncalls == ARRAY_SIZE(calls))
		return;
	calls[ncalls].layer = layer;
	calls[ncalls].path = xstrdup(path);
	calls[ncalls].data = xstrndup((const char *)data, len);
	ncalls++;
}

static void
reset_calls(void)
{
	while (ncalls > 0) {
		ncalls--;
		free(calls[ncalls].path);
		free(calls[ncalls].data);
	}
}

static void
write_ent(struct archive *a, struct archive_entry *ae, const struct ent *e)
{
	size_t len = e->type == 'f' && e->arg != NULL ? strlen(e->arg) : 0;

	archive_entry_clear(ae);
	archive_entry_set_pathname(ae, e->path);
	archive_entry_set_mode(ae, e->type == 'd' ? AE_IFDIR | 0755 :
	    e->type == 'l' ? AE_IFLNK | 0777 : AE_IFREG | 0644);
	if (e->type == 'l')
		archive_entry_set_symlink(ae, e->arg);
	if (e->type == 'h')
		archive_entry_set_hardlink(ae, e->arg);
	archive_entry_set_size(ae, (la_int64_t)len);
	archive_write_header(a, ae);
	if (len > 0)
		archive_write_data(a, e->arg, len);
}

/* Writes a tar of n entries to a new memfd and returns it. */
static int
make_tar(const struct ent *ents, size_t n)
{
	struct archive_entry *ae = archive_entry_new();
	struct archive *a = archive_write_new();
	int fd = memfd_create("layer", 0);
	size_t i;

	archive_write_set_format_pax_restricted(a);
	archive_write_open_fd(a, fd);
	for (i = 0; i < n; i++)
		write_ent(a, ae, &ents[i]);
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(ae);
	return fd;
}

/* Applies the tar in fd as layer `layer`; returns view_add_layer's. */
static int
add_fd(struct view *v, int fd, size_t layer, int whiteouts)
{
	struct layer_reader *r;
	struct diag d;
	struct stat st;
	int rc = -1;

	diag_init(&d);
	d.warn_fn = on_warn;
	fstat(fd, &st);
	r = layer_open_tar(fd, 0, (uint64_t)st.st_size, NULL, "test", &d);
	if (r == NULL)
		goto out;
	rc = view_add_layer(v, r, layer, whiteouts, &d);
	if (rc == 0)
		rc = layer_finish(r, &d);
out:
	if (rc != 0)
		fprintf(stderr, "layer %zu: %s\n", layer, d.msg);
	layer_close(r);
	return rc;
}

static void
add(struct view *v, size_t layer, const struct ent *ents, size_t n)
{
	int fd = make_tar(ents, n);

	CHECK_INT(add_fd(v, fd, layer, 1), 0);
	close(fd);
}

#define ADD(v, layer, ents)	add(v, layer, ents, ARRAY_SIZE(ents))

/*
 * A view that holds every path, as a scanner of file metadata would ask
 * for: most tests here are about paths no cataloguer reads.
 */
static struct view *
view_all(void)
{
	struct view *v = view_new();

	view_tap_meta(v, "*");
	return v;
}

static int
exists(struct view *v, const char *path)
{
	return view_lookup(v, path, 0) != NULL;
}

static void
test_whiteout_file(void)
{
	static const struct ent l0[] = {
		{ "a/", 'd', NULL }, { "a/x", 'f', "1" }, { "a/y", 'f', "2" },
	};
	static const struct ent l1[] = {
		{ "a/.wh.x", 'f', NULL }, { "n", 'f', "same" },
		{ ".wh.n", 'f', NULL }, { "a/.wh.nothing", 'f', NULL },
	};
	struct view *v = view_all();

	ADD(v, 0, l0);
	ADD(v, 1, l1);
	CHECK(!exists(v, "a/x"));
	CHECK(exists(v, "a/y"));
	CHECK(!exists(v, "a/.wh.x"));
	CHECK(!exists(v, ".wh.n"));
	/* OCI: a whiteout hides only lower layers' entries. */
	CHECK(exists(v, "n"));
	CHECK_INT(view_nfiles(v), 3);
	view_free(v);
}

static void
test_whiteout_dir(void)
{
	static const struct ent l0[] = {
		{ "d/e/f", 'f', "f" }, { "d/g", 'f', "g" }, { "k", 'f', "k" },
	};
	static const struct ent l1[] = {
		{ ".wh.d", 'f', NULL },
	};
	struct view *v = view_all();

	ADD(v, 0, l0);
	CHECK_INT(view_nfiles(v), 5);
	ADD(v, 1, l1);
	CHECK(!exists(v, "d"));
	CHECK(!exists(v, "d/e/f"));
	CHECK(exists(v, "k"));
	CHECK_INT(view_nfiles(v), 1);
	view_free(v);
}

static void
test_opaque(void)
{
	static const struct ent l0[] = {
		{ "o/", 'd', NULL }, { "o/old1", 'f', "1" },
		{ "o/sub/old2", 'f', "2" }, { "o/keep/old3", 'f', "3" },
	};
	static const struct ent l1[] = {
		{ "o/", 'd', NULL }, { "o/before", 'f', "b" },
		{ "o/keep/new", 'f', "n" }, { "o/.wh..wh..opq", 'f', NULL },
		{ "o/after", 'f', "a" },
	};
	struct view *v = view_all();
	const struct view_file *f;

	ADD(v, 0, l0);
	ADD(v, 1, l1);
	CHECK(exists(v, "o/before"));
	CHECK(exists(v, "o/after"));
	CHECK(exists(v, "o/keep/new"));
	CHECK(!exists(v, "o/keep/old3"));
	CHECK(!exists(v, "o/old1"));
	CHECK(!exists(v, "o/sub"));
	CHECK(!exists(v, "o/.wh..wh..opq"));
	/* o/keep stays because this layer put a file in it. */
	f = view_lookup(v, "o/keep", 0);
	CHECK(f != NULL && f->type == LAYER_DIR && f->layer == 1);
	CHECK_INT(view_nfiles(v), 5);
	view_free(v);
}

static void
test_replace(void)
{
	static const struct ent l0[] = {
		{ "r/", 'd', NULL }, { "r/a", 'f', "a" },
		{ "r/b/c", 'f', "c" },
	};
	static const struct ent l1[] = {
		{ "r", 'f', "file" },
	};
	static const struct ent l2[] = {
		{ "r/", 'd', NULL }, { "r/z", 'f', "z" },
	};
	struct view *v = view_all();
	const struct view_file *f;

	ADD(v, 0, l0);
	CHECK_INT(view_nfiles(v), 4);
	ADD(v, 1, l1);
	f = view_lookup(v, "r", 0);
	CHECK(f != NULL && f->type == LAYER_REG && f->size == 4);
	CHECK(!exists(v, "r/a"));
	CHECK_INT(view_nfiles(v), 1);
	ADD(v, 2, l2);
	f = view_lookup(v, "r", 0);
	CHECK(f != NULL && f->type == LAYER_DIR && f->layer == 2);
	CHECK(exists(v, "r/z"));
	CHECK(!exists(v, "r/b"));
	CHECK_INT(view_nfiles(v), 2);
	view_free(v);
}

static void
test_parent_is_file(void)
{
	static const struct ent l0[] = {
		{ "p", 'f', "p" }, { "s", 'l', "p" },
	};
	static const struct ent l1[] = {
		{ "p/q", 'f', "q" }, { "s/t", 'f', "t" },
	};
	struct view *v = view_all();
	const struct view_file *f;
	unsigned w = nwarn;

	ADD(v, 0, l0);
	ADD(v, 1, l1);
	CHECK_INT(nwarn - w, 2);
	f = view_lookup(v, "p", 0);
	CHECK(f != NULL && f->type == LAYER_DIR && f->layer == 1);
	f = view_lookup(v, "p/q", 0);
	CHECK(f != NULL && f->type == LAYER_REG);
	f = view_lookup(v, "s", 0);
	CHECK(f != NULL && f->type == LAYER_DIR);
	CHECK(exists(v, "s/t"));
	view_free(v);
}

static void
test_hardlink(void)
{
	static const struct ent l0[] = {
		{ "h/target", 'f', "hello" }, { "h/link", 'h', "h/target" },
		{ "u/plain", 'f', "untapped" }, { "u/sym", 'l', "plain" },
	};
	static const struct ent l1[] = {
		{ "h/link2", 'h', "h/target" }, { "h/nolink", 'h', "nope" },
		{ "h/fromplain", 'h', "u/plain" }, { "u/hsym", 'h', "u/sym" },
	};
	struct view *v = view_all();
	const struct view_file *f;
	unsigned w;

	view_tap(v, "h/*", on_tap, NULL);
	ADD(v, 0, l0);
	w = nwarn;
	ADD(v, 1, l1);
	CHECK_INT(nwarn - w, 2);
	CHECK_INT(ncalls, 4);
	CHECK_STR(calls[0].path, "h/target");
	CHECK_STR(calls[1].path, "h/link");
	CHECK_STR(calls[1].data, "hello");
	CHECK_INT(calls[1].layer, 0);
	CHECK_STR(calls[2].path, "h/link2");
	CHECK_STR(calls[2].data, "hello");
	CHECK_INT(calls[2].layer, 1);
	CHECK_STR(calls[3].path, "h/nolink");
	CHECK_STR(calls[3].data, "");

	f = view_lookup(v, "h/link2", 0);
	CHECK(f != NULL && f->type == LAYER_REG && f->size == 5 &&
	    f->mode == 0644 && f->layer == 1);
	CHECK(f != NULL && f->datalen == 5 && f->data != NULL &&
	    memcmp(f->data, "hello", 5) == 0);
	f = view_lookup(v, "h/nolink", 0);
	CHECK(f != NULL && f->type == LAYER_REG && f->size == 0);
	f = view_lookup(v, "h/fromplain", 0);
	CHECK(f != NULL && f->type == LAYER_REG && f->size == 8 &&
	    f->data == NULL);
	CHECK(strstr(lastwarn, "h/fromplain") != NULL);
	f = view_lookup(v, "u/hsym", 0);
	CHECK(f != NULL && f->type == LAYER_SYMLINK);
	CHECK_STR(f != NULL ? f->link : NULL, "plain");
	reset_calls();
	view_free(v);
}

static void
check_resolves(struct view *v, const char *path, int follow,
    const char *want)
{
	const struct view_file *f = view_lookup(v, path, follow);

	CHECK_STR(f != NULL ? f->path : NULL, want);
}

static void
test_symlinks(void)
{
	static const struct ent l0[] = {
		{ "usr/lib/os-release", 'f', "PRETTY_NAME=x\n" },
		{ "etc/os-release", 'l', "../usr/lib/os-release" },
		{ "etc/passwd", 'f', "root" }, { "abs", 'l', "/usr/lib" },
		{ "chain1", 'l', "chain2" },
		{ "chain2", 'l', "etc/os-release" },
		{ "loopa", 'l', "loopb" }, { "loopb", 'l', "loopa" },
		{ "esc", 'l', "../../../../etc/passwd" },
		{ "self", 'l', "self" }, { "dot", 'l', "." },
	};
	struct view *v = view_all();
	const struct view_file *f;

	ADD(v, 0, l0);
	check_resolves(v, "etc/os-release", 1, "usr/lib/os-release");
	check_resolves(v, "/etc/os-release", 1, "usr/lib/os-release");
	f = view_lookup(v, "/etc/os-release", 0);
	CHECK(f != NULL && f->type == LAYER_SYMLINK);
	CHECK_STR(f != NULL ? f->link : NULL, "../usr/lib/os-release");
	check_resolves(v, "abs/os-release", 0, "usr/lib/os-release");
	check_resolves(v, "abs/..", 1, "usr");
	check_resolves(v, "abs", 0, "abs");
	check_resolves(v, "chain1", 1, "usr/lib/os-release");
	check_resolves(v, "loopa", 1, NULL);
	check_resolves(v, "loopa", 0, "loopa");
	check_resolves(v, "self/x", 0, NULL);
	check_resolves(v, "esc", 1, "etc/passwd");
	check_resolves(v, "../../etc/passwd", 1, "etc/passwd");
	check_resolves(v, "usr/lib/../../etc/./passwd", 1, "etc/passwd");
	check_resolves(v, "etc/passwd/x", 1, NULL);
	check_resolves(v, "etc/passwd/..", 1, NULL);
	check_resolves(v, "dot/dot/dot/etc//passwd", 1, "etc/passwd");
	check_resolves(v, "", 1, "");
	check_resolves(v, "/", 1, "");
	check_resolves(v, "nothing", 1, NULL);
	f = view_lookup(v, "chain1", 1);
	CHECK(f != NULL && f->data == NULL && f->size == 14);
	/* Results stay valid until the view changes. */
	CHECK(f == view_lookup(v, "etc/os-release", 1));
	view_free(v);
}

static void
test_taps(void)
{
	static const struct ent l0[] = {
		{ "a.txt", 'f', "one" }, { "b.txt", 'f', "bee" },
		{ "c.bin", 'f', "sea" }, { "k.dat", 'f', "kept" },
	};
	static const struct ent l1[] = {
		{ "a.txt", 'f', "two" }, { "b.txt", 'l', "a.txt" },
	};
	static const struct ent l2[] = {
		{ ".wh.a.txt", 'f', NULL },
	};
	struct view *v = view_all();
	const struct view_file *f;

	view_tap(v, "*.txt", on_tap, NULL);
	view_tap(v, "a.txt", on_tap, NULL);
	view_tap(v, "/k.dat", NULL, NULL);
	ADD(v, 0, l0);
	ADD(v, 1, l1);
	CHECK_INT(ncalls, 5);
	CHECK_STR(calls[0].path, "a.txt");
	CHECK_STR(calls[0].data, "one");
	CHECK_STR(calls[1].path, "a.txt");
	CHECK_STR(calls[2].path, "b.txt");
	CHECK_STR(calls[2].data, "bee");
	CHECK_STR(calls[3].data, "two");
	CHECK_INT(calls[3].layer, 1);
	CHECK_INT(calls[4].layer, 1);
	f = view_lookup(v, "a.txt", 0);
	CHECK(f != NULL && f->datalen == 3 && f->layer == 1 &&
	    memcmp(f->data, "two", 3) == 0);
	f = view_lookup(v, "b.txt", 1);
	CHECK_STR(f != NULL ? f->path : NULL, "a.txt");
	f = view_lookup(v, "b.txt", 0);
	CHECK(f != NULL && f->data == NULL && f->type == LAYER_SYMLINK);
	f = view_lookup(v, "c.bin", 0);
	CHECK(f != NULL && f->data == NULL && f->size == 3);
	f = view_lookup(v, "k.dat", 0);
	CHECK(f != NULL && f->datalen == 4);
	ADD(v, 2, l2);
	CHECK(view_lookup(v, "a.txt", 0) == NULL);
	CHECK(view_lookup(v, "b.txt", 1) == NULL);
	CHECK_INT(ncalls, 5);
	reset_calls();
	view_free(v);
}

/*
 * Without a tap on them, files are not held at all: only directories,
 * links and tapped files are, and an untapped file still removes what a
 * lower layer had at its path.
 */
static void
test_compact(void)
{
	static const struct ent l0[] = {
		{ "etc", 'd', NULL }, { "etc/a.conf", 'f', "alpha" },
		{ "etc/k.conf", 'f', "kept" }, { "etc/m", 'f', "meta" },
		{ "etc/link", 'l', "k.conf" },
		{ "etc/hard", 'h', "etc/k.conf" },
		{ "etc/hard2", 'h', "etc/a.conf" },
		{ "var", 'd', NULL }, { "var/x", 'f', "x" },
	};
	static const struct ent l1[] = {
		{ "etc/k.conf", 'f', "now untapped? no" },
		{ "var", 'f', "a file now" },
	};
	struct view *v = view_new();
	const struct view_file *f;

	nwarn = 0;
	view_tap(v, "etc/k.conf", NULL, NULL);
	view_tap(v, "etc/hard", NULL, NULL);
	view_tap_meta(v, "etc/m");
	ADD(v, 0, l0);
	CHECK_INT(nwarn, 0);
	CHECK(!exists(v, "etc/a.conf"));
	CHECK(!exists(v, "etc/hard2"));
	CHECK(!exists(v, "var/x"));
	f = view_lookup(v, "etc/m", 0);
	CHECK(f != NULL && f->data == NULL && f->size == 4);
	f = view_lookup(v, "etc/link", 1);
	CHECK(f != NULL && f->datalen == 4 &&
	    memcmp(f->data, "kept", 4) == 0);
	f = view_lookup(v, "etc/hard", 0);
	CHECK(f != NULL && f->datalen == 4);
	/* etc, etc/k.conf, etc/m, etc/link, etc/hard, var */
	CHECK_INT(view_nfiles(v), 6);
	ADD(v, 1, l1);
	f = view_lookup(v, "etc/k.conf", 0);
	CHECK(f != NULL && f->layer == 1 && f->datalen == 16);
	/* The untapped file "var" replaced the directory and its files. */
	CHECK(!exists(v, "var"));
	CHECK_INT(view_nfiles(v), 5);
	view_free(v);
}

/* Stream taps see every matching file; only kept ones stay. */
static void
test_stream_taps(void)
{
	static const struct ent l0[] = {
		{ "etc/a.conf", 'f', "alpha" }, { "etc/b.conf", 'f', "beta" },
		{ "etc/k.conf", 'f', "kept" },
	};
	struct view *v = view_all();
	const struct view_file *f;

	view_tap_stream(v, "etc/*", on_tap, NULL);
	view_tap(v, "etc/k.conf", NULL, NULL);
	ADD(v, 0, l0);
	CHECK_INT(ncalls, 3);
	CHECK_STR(calls[0].path, "etc/a.conf");
	CHECK_STR(calls[0].data, "alpha");
	CHECK_STR(calls[1].data, "beta");
	CHECK_STR(calls[2].data, "kept");
	f = view_lookup(v, "etc/a.conf", 0);
	CHECK(f != NULL && f->data == NULL && f->size == 5);
	f = view_lookup(v, "etc/k.conf", 0);
	CHECK(f != NULL && f->datalen == 4 &&
	    memcmp(f->data, "kept", 4) == 0);
	reset_calls();
	view_free(v);
}

static int
collect(void *arg, const struct view_file *f)
{
	struct strbuf *sb = arg;

	strbuf_addstr(sb, f->path);
	strbuf_addch(sb, ';');
	return strcmp(f->path, "stop") == 0 ? 7 : 0;
}

static void
test_foreach(void)
{
	static const struct ent l0[] = {
		{ "b", 'f', "" }, { "a0", 'f', "" }, { "a/b", 'f', "" },
		{ "a-c", 'f', "" }, { "A", 'f', "" }, { "a/a/z", 'f', "" },
		{ "a/l", 'l', "b" }, { "e/", 'd', NULL },
		{ "caf\xc3\xa9", 'f', "" }, { "x\xff\xfe/y", 'f', "" },
	};
	static const struct ent l1[] = {
		{ "stop", 'f', "" }, { "z", 'f', "" },
	};
	struct strbuf sb = STRBUF_INIT;
	struct view *v = view_all();

	ADD(v, 0, l0);
	CHECK_INT(view_foreach(v, "*", collect, &sb), 0);
	CHECK_STR(strbuf_str(&sb), "A;a-c;a/a/z;a/b;a0;b;caf\xc3\xa9;"
	    "x\xff\xfe/y;");
	strbuf_reset(&sb);
	CHECK_INT(view_foreach(v, "a/*", collect, &sb), 0);
	CHECK_STR(strbuf_str(&sb), "a/a/z;a/b;");
	strbuf_reset(&sb);
	CHECK_INT(view_foreach(v, "x\xff*", collect, &sb), 0);
	CHECK_STR(strbuf_str(&sb), "x\xff\xfe/y;");
	CHECK(exists(v, "/x\xff\xfe/y"));
	ADD(v, 1, l1);
	strbuf_reset(&sb);
	CHECK_INT(view_foreach(v, "[s-z]*", collect, &sb), 7);
	CHECK_STR(strbuf_str(&sb), "stop;");
	strbuf_release(&sb);
	view_free(v);
}

static void
test_plain_dir_layer(void)
{
	static const struct ent l0[] = {
		{ "d/x", 'f', "x" }, { "d/.wh.x", 'f', "" },
		{ ".wh..wh..opq", 'f', "" },
	};
	struct view *v = view_all();
	int fd = make_tar(l0, ARRAY_SIZE(l0));

	CHECK_INT(add_fd(v, fd, 0, 0), 0);
	CHECK(exists(v, "d/x"));
	CHECK(exists(v, "d/.wh.x"));
	CHECK(exists(v, ".wh..wh..opq"));
	CHECK_INT(view_nfiles(v), 4);
	close(fd);
	view_free(v);
}

/* Writes n empty files, 1000 to a directory, as a plain ustar stream. */
static int
make_big_tar(size_t n)
{
	struct archive_entry *ae = archive_entry_new();
	struct archive *a = archive_write_new();
	char tmpl[] = "/tmp/view_test.XXXXXX", name[64];
	int fd = mkstemp(tmpl);
	size_t i;

	unlink(tmpl);
	archive_write_set_format_ustar(a);
	archive_write_open_fd(a, fd);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "d%zu/file-%06zu.txt", i / 1000,
		    i);
		archive_entry_clear(ae);
		archive_entry_set_pathname(ae, name);
		archive_entry_set_mode(ae, AE_IFREG | 0644);
		archive_entry_set_size(ae, 0);
		archive_write_header(a, ae);
	}
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(ae);
	return fd;
}

static int
count_fn(void *arg, const struct view_file *f)
{
	(*(size_t *)arg)++;
	return 0;
}

static void
test_many(void)
{
	static const struct ent l1[] = {
		{ ".wh.d7", 'f', NULL }, { "d8/.wh..wh..opq", 'f', NULL },
	};
	struct mallinfo2 m0, m1;
	struct view *v;
	size_t n = 200000, cnt = 0, used;
	int fd = make_big_tar(n);

	m0 = mallinfo2();
	v = view_all();
	view_tap(v, "*.json", on_tap, NULL);
	view_tap(v, "etc/os-release", on_tap, NULL);
	CHECK_INT(add_fd(v, fd, 0, 1), 0);
	m1 = mallinfo2();
	CHECK_INT(view_nfiles(v), n + n / 1000);
	used = m1.uordblks + m1.hblkhd - m0.uordblks - m0.hblkhd;
	printf("view_test: %zu entries, %zu bytes (%zu per entry)\n",
	    view_nfiles(v), used, used / view_nfiles(v));
	/* mallinfo2() says nothing under ASan; check only when it does. */
	if (m1.uordblks != 0)
		CHECK(used < 30u * 1024 * 1024);
	CHECK(view_lookup(v, "d123/file-123456.txt", 1) != NULL);
	ADD(v, 1, l1);
	CHECK_INT(view_nfiles(v), n + n / 1000 - 1001 - 1000);
	CHECK(exists(v, "d8"));
	CHECK(!exists(v, "d7/file-007000.txt"));
	CHECK_INT(view_foreach(v, "*", count_fn, &cnt), 0);
	CHECK_INT(cnt, n - 2000);
	close(fd);
	view_free(v);
}

static cJSON *
read_json(const char *path)
{
	char *text;
	cJSON *j;

	if ((text = unit_slurp(path, NULL)) == NULL)
		return NULL;
	j = cJSON_Parse(text);
	free(text);
	return j;
}

static char *
blob_path(const char *oci, const char *digest)
{
	return xasprintf("%s/blobs/sha256/%s", oci, digest + 7);
}

/* Applies every layer of the OCI layout; returns the layer count. */
static int
add_oci(struct view *v, const char *oci)
{
	cJSON *idx, *man = NULL, *l;
	char *p;
	int n = 0, fd;

	p = xasprintf("%s/index.json", oci);
	idx = read_json(p);
	free(p);
	l = cJSON_GetArrayItem(cJSON_GetObjectItem(idx, "manifests"), 0);
	p = blob_path(oci, cJSON_GetObjectItem(l, "digest")->valuestring);
	man = read_json(p);
	free(p);
	cJSON_ArrayForEach(l, cJSON_GetObjectItem(man, "layers")) {
		p = blob_path(oci,
		    cJSON_GetObjectItem(l, "digest")->valuestring);
		fd = open(p, O_RDONLY);
		free(p);
		CHECK_INT(add_fd(v, fd, (size_t)n++, 1), 0);
		close(fd);
	}
	cJSON_Delete(man);
	cJSON_Delete(idx);
	return n;
}

static int
print_fn(void *arg, const struct view_file *f)
{
	struct view *other = arg;

	if (view_lookup(other, f->path, 0) == NULL)
		fprintf(stderr, "view_test: only in one view: '%s'\n",
		    f->path);
	return 0;
}

static void
compare_rootfs(struct view *v)
{
	struct layer_reader *r;
	struct view *dir;
	struct diag d;

	diag_init(&d);
	dir = view_all();
	if ((r = layer_open_dir(MULTI ".rootfs", &d)) == NULL ||
	    view_add_layer(dir, r, 0, 0, &d) != 0)
		fprintf(stderr, "rootfs: %s\n", d.msg);
	layer_close(r);
	printf("view_test: image view %zu nodes, rootfs view %zu nodes\n",
	    view_nfiles(v), view_nfiles(dir));
	CHECK_INT(view_nfiles(v), view_nfiles(dir));
	view_foreach(v, "*", print_fn, dir);
	view_foreach(dir, "*", print_fn, v);
	view_free(dir);
}

static void
test_real_image(void)
{
	const struct view_file *f;
	struct strbuf sb = STRBUF_INIT;
	struct rusage ru;
	struct view *v;

	if (access(MULTI ".oci/index.json", R_OK) != 0) {
		printf("view_test: skip real image test (no %s.oci)\n", MULTI);
		return;
	}
	v = view_all();
	view_tap(v, "etc/os-release", NULL, NULL);
	view_tap(v, "usr/lib/os-release", NULL, NULL);
	CHECK_INT(add_oci(v, MULTI ".oci"), 5);
	CHECK_INT(view_foreach(v, "opt/legacy/*", collect, &sb), 0);
	CHECK_STR(strbuf_str(&sb), "opt/legacy/README.txt;");
	CHECK(!exists(v, "opt/legacy/node_modules"));
	CHECK(!exists(v, "opt/legacy/package.json"));
	CHECK(!exists(v, "app/node_modules/left-pad"));
	CHECK(exists(v, "app/package.json"));
	CHECK(!exists(v, "usr/lib/python3/dist-packages/yaml"));
	CHECK(!exists(v, "usr/bin/wget"));
	f = view_lookup(v, "etc/os-release", 1);
	CHECK_STR(f != NULL ? f->path : NULL, "usr/lib/os-release");
	CHECK(f != NULL && f->data != NULL && f->datalen > 40 &&
	    memcmp(f->data, "PRETTY_NAME=\"Debian GNU/Linux 12", 32) == 0);
	f = view_lookup(v, "etc/os-release", 0);
	CHECK_STR(f != NULL ? f->link : NULL, "../usr/lib/os-release");
	compare_rootfs(v);
	getrusage(RUSAGE_SELF, &ru);
	printf("view_test: peak RSS %ld KiB\n", ru.ru_maxrss);
	strbuf_release(&sb);
	view_free(v);
}

int
main(void)
{
	test_whiteout_file();
	test_whiteout_dir();
	test_opaque();
	test_replace();
	test_parent_is_file();
	test_hardlink();
	test_symlinks();
	test_taps();
	test_stream_taps();
	test_compact();
	test_foreach();
	test_plain_dir_layer();
	/* Before test_many(), so that the peak RSS is the image's. */
	test_real_image();
	test_many();
	return UNIT_DONE("view_test");
}
