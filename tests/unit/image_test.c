/*
 * image_test: image_open() on the real test images in /tmp/sbom-images
 * (skipped when absent) and on small images built here, one for each
 * error path. The small inputs are made at run time in a temporary
 * directory; set IMAGE_TEST_KEEP=dir to keep copies (fuzz seeds).
 */
#include "compat.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "diag.h"
#include "digest.h"
#include "image.h"
#include "layer.h"
#include "tarindex.h"
#include "unit.h"
#include "xalloc.h"

#define IMAGES	"/tmp/sbom-images"
#define MIN_DIFF	"sha256:79c02a95351fd984c9504e628ae884e6" \
			"71bb791b08748f9bacd72b351bfa415a"
#define MIN_BLOB	"sha256:1a8068b9f1474614062adc12850842d3" \
			"918ed2c370bc190c6738f01f441640d1"
#define MIN_MANIFEST	"sha256:6d241e47544e176af6dca66d563fd0a8" \
			"5250520e1475a49d2e09e798e092c12c"
#define MIN_CONFIG	"sha256:08bbae170abd31087176393f4064cd60" \
			"5f7df15d2041b6886b4e14e2ef51dc81"
#define MIN_CREATED_BY \
	"/bin/sh -c #(nop) ADD rootfs " \
	"(mmdebstrap --variant=minbase bookworm) in /"

static char tmpdir[256];

/* One file of a small image, to be written as a directory or a tar. */
struct mem {
	char	*name;
	char	*data;
	size_t	 len;
	char	*link;
};

struct fx {
	struct mem	m[32];
	size_t		n;
};

static void
fx_add(struct fx *f, const char *name, const void *data, size_t len)
{
	struct mem *m = &f->m[f->n++];

	m->name = xstrdup(name);
	m->data = xmalloc(len + 1);
	memcpy(m->data, data, len);
	m->len = len;
	m->link = NULL;
}

static void
fx_addstr(struct fx *f, const char *name, const char *s)
{
	fx_add(f, name, s, strlen(s));
}

static void
fx_link(struct fx *f, const char *name, const char *target)
{
	fx_add(f, name, "", 0);
	f->m[f->n - 1].link = xstrdup(target);
}

/* Adds data as blobs/sha256/<hex>; dg gets "sha256:<hex>". */
static void
fx_blob(struct fx *f, const void *data, size_t len, char *dg)
{
	char hex[65], *name;

	digest_sha256_hex(data, len, hex);
	snprintf(dg, DIGEST_STRMAX, "sha256:%s", hex);
	name = xasprintf("blobs/sha256/%s", hex);
	fx_add(f, name, data, len);
	free(name);
}

static void
fx_free(struct fx *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->m[i].name);
		free(f->m[i].data);
		free(f->m[i].link);
	}
	f->n = 0;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(data, 1, len, fp) != len) {
		perror(path);
		exit(2);
	}
	fclose(fp);
}

static void
mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
	free(p);
}

static char *
fx_dir(struct fx *f, const char *name)
{
	char *dir = xasprintf("%s/%s", tmpdir, name), *path, *slash;
	size_t i;

	mkdirs(dir);
	for (i = 0; i < f->n; i++) {
		path = xasprintf("%s/%s", dir, f->m[i].name);
		slash = strrchr(path, '/');
		*slash = '\0';
		mkdirs(path);
		*slash = '/';
		if (f->m[i].link != NULL) {
			if (symlink(f->m[i].link, path) == -1)
				perror(path);
		} else
			write_file(path, f->m[i].data, f->m[i].len);
		free(path);
	}
	return dir;
}

/* Writes the members as a tar (pax or GNU), optionally gzip-compressed. */
static void
fx_tar_to(struct fx *f, struct archive *a)
{
	struct archive_entry *e;
	size_t i;

	for (i = 0; i < f->n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, f->m[i].name);
		archive_entry_set_perm(e, 0644);
		if (f->m[i].link != NULL) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, f->m[i].link);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)f->m[i].len);
		}
		archive_write_header(a, e);
		if (f->m[i].link == NULL)
			archive_write_data(a, f->m[i].data, f->m[i].len);
		archive_entry_free(e);
	}
}

static char *
fx_tar(struct fx *f, const char *name, int gnu, int gzip)
{
	char *path = xasprintf("%s/%s", tmpdir, name), *keep;
	struct archive *a = archive_write_new();
	const char *kd = getenv("IMAGE_TEST_KEEP");

	if (gnu)
		archive_write_set_format_gnutar(a);
	else
		archive_write_set_format_pax_restricted(a);
	if (gzip)
		archive_write_add_filter_gzip(a);
	if (archive_write_open_filename(a, path) != ARCHIVE_OK) {
		fprintf(stderr, "%s: %s\n", path, archive_error_string(a));
		exit(2);
	}
	fx_tar_to(f, a);
	archive_write_close(a);
	archive_write_free(a);
	if (kd != NULL) {
		keep = xasprintf("cp '%s' '%s/'", path, kd);
		if (system(keep) != 0)
			fprintf(stderr, "cannot keep %s\n", path);
		free(keep);
	}
	return path;
}

/* A one-file layer tar, made in memory. */
static char *
make_layer(const char *content, size_t *len)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	static char buf[16384];
	size_t used = 0;

	archive_write_set_format_pax_restricted(a);
	archive_write_open_memory(a, buf, sizeof(buf), &used);
	archive_entry_set_pathname(e, "etc/hello");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)strlen(content));
	archive_write_header(a, e);
	archive_write_data(a, content, strlen(content));
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
	*len = used;
	return buf;
}

static char *
make_config(const char *arch, const char *diff_id, int ndiff)
{
	return xasprintf("{\"architecture\":\"%s\",\"os\":\"linux\","
	    "\"created\":\"2025-01-02T03:04:05Z\",\"author\":\"me\","
	    "\"config\":{\"User\":\"app\",\"Labels\":{\"z\":\"last\","
	    "\"a\":\"first\"}},\"rootfs\":{\"type\":\"layers\","
	    "\"diff_ids\":[\"%s\"%s%s%s]},\"history\":["
	    "{\"created_by\":\"ADD hello\",\"created\":\"2025-01-01\"},"
	    "{\"created_by\":\"CMD x\",\"empty_layer\":true}]}",
	    arch, diff_id, ndiff > 1 ? ",\"" : "", ndiff > 1 ? diff_id : "",
	    ndiff > 1 ? "\"" : "");
}

/* An OCI image (config, layer, manifest blobs) for arch; mdg gets the
 * manifest digest and msize its size. */
static void
oci_image(struct fx *f, const char *arch, const char *content, char *mdg,
    size_t *msize)
{
	char ldg[DIGEST_STRMAX], cdg[DIGEST_STRMAX];
	char *layer, *cfg, *man;
	size_t llen;

	layer = make_layer(content, &llen);
	fx_blob(f, layer, llen, ldg);
	cfg = make_config(arch, ldg, 1);
	fx_blob(f, cfg, strlen(cfg), cdg);
	man = xasprintf("{\"schemaVersion\":2,\"mediaType\":"
	    "\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
	    "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
	    "\"digest\":\"%s\",\"size\":%zu},\"layers\":[{\"mediaType\":"
	    "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"%s\","
	    "\"size\":%zu}]}", cdg, strlen(cfg), ldg, llen);
	fx_blob(f, man, strlen(man), mdg);
	*msize = strlen(man);
	free(man);
	free(cfg);
}

static char *
index_entry(const char *mdg, size_t msize, const char *plat,
    const char *ref)
{
	char os[32] = "", arch[32] = "", variant[32] = "";

	if (plat != NULL)
		sscanf(plat, "%31[^/]/%31[^/]/%31s", os, arch, variant);
	return xasprintf("{\"mediaType\":"
	    "\"application/vnd.oci.image.manifest.v1+json\","
	    "\"digest\":\"%s\",\"size\":%zu%s%s%s%s%s%s%s%s%s%s%s%s}",
	    mdg, msize,
	    plat != NULL ? ",\"platform\":{\"os\":\"" : "", os,
	    plat != NULL ? "\",\"architecture\":\"" : "", arch,
	    variant[0] != '\0' ? "\",\"variant\":\"" : "", variant,
	    plat != NULL ? "\"}" : "",
	    ref != NULL ? ",\"annotations\":{\"" : "",
	    ref != NULL ? "org.opencontainers.image.ref.name" : "",
	    ref != NULL ? "\":\"" : "",
	    ref != NULL ? ref : "", ref != NULL ? "\"}" : "");
}

static void
add_index(struct fx *f, const char *entries)
{
	char *idx = xasprintf("{\"schemaVersion\":2,\"manifests\":[%s]}",
	    entries);

	fx_addstr(f, "index.json", idx);
	fx_addstr(f, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
	free(idx);
}

/* Expects image_open(spec) to fail with a message containing want. */
static void
expect_fail(const char *spec, const struct image_opts *o, const char *want,
    int line)
{
	struct image *img;
	struct diag d;

	diag_init(&d);
	img = image_open(spec, o, &d);
	if (img == NULL && strstr(d.msg, want) != NULL) {
		unit_pass++;
		return;
	}
	unit_fail++;
	fprintf(stderr, "%s:%d: image_open('%s'): want error with '%s', "
	    "got %s '%s'\n", __FILE__, line, spec, want,
	    img != NULL ? "success" : "error", d.msg);
	image_free(img);
}

#define EXPECT_FAIL(s, o, w)	expect_fail((s), (o), (w), __LINE__)

static struct image *
open_ok(const char *spec, const struct image_opts *o)
{
	struct image *img;
	struct diag d;

	diag_init(&d);
	if ((img = image_open(spec, o, &d)) == NULL)
		fprintf(stderr, "image_open('%s'): %s\n", spec, d.msg);
	CHECK(img != NULL);
	return img;
}

/* What every form of debian-min must say. */
static void
check_debian_min(struct image *img, const char *file)
{
	fprintf(stderr, "checking %s\n", file);
	CHECK_INT(img->nlayers, 1);
	CHECK_INT(image_nwalk(img), 1);
	CHECK_STR(img->os, "linux");
	CHECK_STR(img->architecture, "amd64");
	CHECK_STR(img->variant, NULL);
	CHECK_STR(img->created, "2025-05-20T00:00:00Z");
	CHECK_STR(img->author, "sbomgen make-images.sh");
	CHECK_STR(img->user, NULL);
	CHECK_STR(img->config_digest, MIN_CONFIG);
	CHECK_STR(img->tag, "latest");
	CHECK_INT(img->nlabels, 2);
	if (img->nlabels == 2) {
		CHECK_STR(img->labels[0].key,
		    "org.opencontainers.image.description");
		CHECK_STR(img->labels[0].value, "sbomgen benchmark image");
		CHECK_STR(img->labels[1].key,
		    "org.opencontainers.image.title");
		CHECK_STR(img->labels[1].value, "debian-min");
	}
	if (img->nlayers != 1)
		return;
	CHECK_STR(img->layers[0].diff_id, MIN_DIFF);
	CHECK_STR(img->layers[0].created_by, MIN_CREATED_BY);
	CHECK_STR(img->layers[0].created, "2025-05-20T00:00:00Z");
}

static void
test_real_min(void)
{
	struct image *img;

	if (access(IMAGES "/debian-min.done", F_OK) != 0) {
		printf("skip: %s absent\n", IMAGES);
		return;
	}
	if ((img = open_ok(IMAGES "/debian-min.docker.tar", NULL)) != NULL) {
		check_debian_min(img, "docker.tar");
		CHECK_INT(img->kind, IMAGE_DOCKER_ARCHIVE);
		CHECK_STR(img->name,
		    "localhost/sbomgen-bench/debian-min:latest");
		CHECK_STR(img->repo_digest, NULL);
		CHECK_STR(img->layers[0].digest, NULL);
		CHECK_INT(img->layers[0].size, 170399744);
		image_free(img);
	}
	if ((img = open_ok(IMAGES "/debian-min.docker25.tar", NULL)) !=
	    NULL) {
		check_debian_min(img, "docker25.tar");
		CHECK_INT(img->kind, IMAGE_DOCKER_ARCHIVE);
		CHECK_STR(img->name,
		    "localhost/sbomgen-bench/debian-min:latest");
		CHECK_STR(img->repo_digest, MIN_MANIFEST);
		CHECK_STR(img->layers[0].digest, MIN_BLOB);
		CHECK_STR(img->layers[0].media_type,
		    "application/vnd.oci.image.layer.v1.tar+gzip");
		CHECK_INT(img->layers[0].size, 63352317);
		image_free(img);
	}
	if ((img = open_ok(IMAGES "/debian-min.oci", NULL)) != NULL) {
		check_debian_min(img, "oci");
		CHECK_INT(img->kind, IMAGE_OCI_DIR);
		CHECK_STR(img->name, "debian-min:latest");
		CHECK_STR(img->repo_digest, MIN_MANIFEST);
		CHECK_STR(img->layers[0].digest, MIN_BLOB);
		CHECK_INT(img->layers[0].size, 63352317);
		image_free(img);
	}
	if ((img = open_ok(IMAGES "/debian-min.oci.tar", NULL)) != NULL) {
		check_debian_min(img, "oci.tar");
		CHECK_INT(img->kind, IMAGE_OCI_ARCHIVE);
		CHECK_STR(img->name, "debian-min:latest");
		CHECK_STR(img->repo_digest, MIN_MANIFEST);
		CHECK_STR(img->layers[0].digest, MIN_BLOB);
		CHECK_STR(img->layers[0].media_type,
		    "application/vnd.oci.image.layer.v1.tar+gzip");
		image_free(img);
	}
}

/* debian-multi: five layers, diff_ids and history in order. */
static void
test_real_multi(void)
{
	static const char *diff[] = {
	    "sha256:a1a2b4f132dae51bf62488c66b6a03ad"
	    "8ed272c34aea1ecc45a37a3dad927940",
	    "sha256:4c8d785de72924166832ac0ce7581584"
	    "5a0385136390423997bb43e00ad6245c",
	    "sha256:64410423d583c0d54c707dd8dfaed87d"
	    "7c8039b61918c330b4514afe224d5297",
	    "sha256:54ca16af2c3b5c76503854bf2db9c8b2"
	    "e759c18a29aab05cdb3ffb96174cca1e",
	    "sha256:bbf3b8ff1fb50c76e45ac18b84bb6410"
	    "3714efd47eb2421b09744a59aeb82930",
	};
	static const char *forms[] = {
	    "/debian-multi.docker.tar", "/debian-multi.docker25.tar",
	    "/debian-multi.oci", "/debian-multi.oci.tar",
	};
	struct image *img;
	char *path;
	size_t i, j;

	if (access(IMAGES "/debian-multi.done", F_OK) != 0)
		return;
	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		path = xasprintf("%s%s", IMAGES, forms[i]);
		img = open_ok(path, NULL);
		free(path);
		if (img == NULL)
			continue;
		CHECK_INT(img->nlayers, 5);
		for (j = 0; j < 5 && j < img->nlayers; j++)
			CHECK_STR(img->layers[j].diff_id, diff[j]);
		if (img->nlayers == 5) {
			CHECK_STR(img->layers[0].created_by, MIN_CREATED_BY);
			CHECK(strncmp(img->layers[4].created_by,
			    "/bin/sh -c rm -rf /opt/legacy", 29) == 0);
		}
		if (i >= 1)
			CHECK_STR(img->repo_digest, "sha256:87dd850a138d2e59"
			    "44c9fd9ce52d826ea3459bcc08ff8d67afce39e11d02e65a");
		image_free(img);
	}
}

static void
test_real_rootfs(void)
{
	struct image *img;
	struct diag d;

	if (access(IMAGES "/debian-min.rootfs", F_OK) != 0)
		return;
	if ((img = open_ok(IMAGES "/debian-min.rootfs", NULL)) == NULL)
		return;
	CHECK_INT(img->kind, IMAGE_DIR);
	CHECK_STR(img->name, "debian-min");
	CHECK_INT(img->nlayers, 0);
	CHECK_INT(image_nwalk(img), 1);
	diag_init(&d);
	CHECK(image_layer_open(img, 1, &d) == NULL);
	image_free(img);

	/* dir: on an OCI layout walks it as files. */
	if ((img = open_ok("dir:" IMAGES "/debian-min.oci", NULL)) != NULL) {
		CHECK_INT(img->kind, IMAGE_DIR);
		image_free(img);
	}
}

/*
 * A classic docker save without its manifest.json: <diff hex>.tar, a
 * symlink 1111/layer.tar to it and <config hex>.json (its name is put
 * in cfgname).
 */
static void
docker_fx(struct fx *f, const char *content, char *cfgname)
{
	char hex[65], dg[DIGEST_STRMAX], *cfg, *name;
	size_t llen;
	char *layer;

	layer = make_layer(content, &llen);
	digest_sha256_hex(layer, llen, hex);
	name = xasprintf("%s.tar", hex);
	fx_add(f, name, layer, llen);
	free(name);
	name = xasprintf("../%s.tar", hex);
	fx_link(f, "1111/layer.tar", name);
	free(name);
	snprintf(dg, sizeof(dg), "sha256:%s", hex);
	cfg = make_config("amd64", dg, 1);
	digest_sha256_hex(cfg, strlen(cfg), hex);
	snprintf(cfgname, 80, "%s.json", hex);
	fx_addstr(f, cfgname, cfg);
	free(cfg);
}

static void
test_docker_small(void)
{
	struct image_opts o = { NULL, NULL };
	char cfgname[80], *man, *path;
	struct layer_reader *lr;
	struct layer_entry e;
	struct image *img;
	struct fx f = { .n = 0 };
	struct diag d;

	docker_fx(&f, "hello\n", cfgname);
	man = xasprintf("[{\"Config\":\"%s\",\"RepoTags\":[\"ex/app:1.0\"],"
	    "\"Layers\":[\"1111/layer.tar\"]}]", cfgname);
	fx_addstr(&f, "manifest.json", man);
	free(man);
	path = fx_tar(&f, "small.docker.tar", 1, 0);
	if ((img = open_ok(path, &o)) != NULL) {
		CHECK_INT(img->kind, IMAGE_DOCKER_ARCHIVE);
		CHECK_STR(img->name, "ex/app:1.0");
		CHECK_STR(img->tag, "1.0");
		CHECK_STR(img->user, "app");
		CHECK_STR(img->labels[0].key, "a");
		CHECK_STR(img->labels[1].value, "last");
		CHECK_STR(img->layers[0].created_by, "ADD hello");
		CHECK_STR(img->layers[0].digest, NULL);
		diag_init(&d);
		lr = image_layer_open(img, 0, &d);
		CHECK(lr != NULL);
		if (lr != NULL) {
			CHECK_INT(layer_next(lr, &e, &d), 1);
			CHECK_STR(e.path, "etc/hello");
			CHECK_INT(layer_next(lr, &e, &d), 0);
			CHECK_INT(layer_finish(lr, &d), 0);
			layer_close(lr);
		}
		image_free(img);
	}
	free(path);

	/* The same, gzip-compressed as "docker save | gzip" makes it. */
	path = fx_tar(&f, "small.docker.tar.gz", 0, 1);
	if ((img = open_ok(path, &o)) != NULL) {
		CHECK_STR(img->name, "ex/app:1.0");
		CHECK_INT(img->nlayers, 1);
		diag_init(&d);
		if ((lr = image_layer_open(img, 0, &d)) != NULL) {
			CHECK_INT(layer_next(lr, &e, &d), 1);
			CHECK_INT(layer_next(lr, &e, &d), 0);
			CHECK_INT(layer_finish(lr, &d), 0);
			layer_close(lr);
		}
		image_free(img);
	}
	free(path);
	fx_free(&f);
}

static void
test_docker_multi(void)
{
	struct image_opts o = { NULL, NULL };
	char cfgname[80], *man, *path;
	struct image *img;
	struct fx f = { .n = 0 };

	docker_fx(&f, "hello\n", cfgname);
	man = xasprintf("[{\"Config\":\"%1$s\",\"RepoTags\":[\"ex/a:1\"],"
	    "\"Layers\":[\"1111/layer.tar\"]},{\"Config\":\"%1$s\","
	    "\"RepoTags\":[\"ex/b:2\",\"ex/b:latest\"],"
	    "\"Layers\":[\"1111/layer.tar\"]},{\"Config\":\"%1$s\","
	    "\"RepoTags\":[\"ex/c:latest\"],\"Layers\":[\"1111/layer.tar\"]}]",
	    cfgname);
	fx_addstr(&f, "manifest.json", man);
	free(man);
	path = fx_tar(&f, "multi.docker.tar", 0, 0);
	EXPECT_FAIL(path, &o, "archive holds 3 images, choose one by tag "
	    "(available: ex/a:1, ex/b:2, ex/b:latest, ex/c:latest)");
	o.tag = "2";
	if ((img = open_ok(path, &o)) != NULL) {
		CHECK_STR(img->name, "ex/b:2");
		CHECK_STR(img->tag, "2");
		image_free(img);
	}
	o.tag = "ex/a:1";
	if ((img = open_ok(path, &o)) != NULL) {
		CHECK_STR(img->name, "ex/a:1");
		image_free(img);
	}
	o.tag = "latest";
	EXPECT_FAIL(path, &o, "tag 'latest' matches 2 images");
	o.tag = "nope";
	EXPECT_FAIL(path, &o, "no image tagged 'nope' (available: ex/a:1, "
	    "ex/b:2, ex/b:latest, ex/c:latest)");
	free(path);
	fx_free(&f);
}

/*
 * The image of docker_fx() with a manifest.json whose one entry lists
 * layers (a JSON array), written as the tar name; returns its path.
 */
static char *
docker_tar(struct fx *f, const char *layers, const char *name)
{
	char cfgname[80], *man;

	docker_fx(f, "x\n", cfgname);
	man = xasprintf("[{\"Config\":\"%s\",\"Layers\":%s}]", cfgname,
	    layers);
	fx_addstr(f, "manifest.json", man);
	free(man);
	return fx_tar(f, name, 0, 0);
}

/* docker-archive problems: each makes one tar with one thing wrong. */
static void
test_docker_errors(void)
{
	char cfgname[80], *path, *msg;
	struct fx f = { .n = 0 };
	struct stat st;

	docker_fx(&f, "x\n", cfgname);
	fx_addstr(&f, "manifest.json", "[{\"Config\": ");
	path = fx_tar(&f, "badjson.tar", 0, 0);
	msg = xasprintf("'%s': 'manifest.json' is not valid JSON", path);
	EXPECT_FAIL(path, NULL, msg);
	free(msg);
	free(path);
	fx_free(&f);

	path = docker_tar(&f, "[\"../etc/passwd\"]", "escape.tar");
	EXPECT_FAIL(path, NULL, "manifest.json path '../etc/passwd' leaves "
	    "the archive");
	free(path);
	fx_free(&f);

	path = docker_tar(&f, "[\"1111/layer.tar\",\"2222/layer.tar\"]",
	    "count.tar");
	EXPECT_FAIL(path, NULL, "config has 1 diff_ids but the manifest "
	    "lists 2 layers");
	free(path);
	fx_free(&f);

	/* Missing config, and a layer named but not stored. */
	docker_fx(&f, "x\n", cfgname);
	fx_addstr(&f, "manifest.json", "[{\"Config\":\"ab12ab12ab12ab12ab12ab12"
	    "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12.json\",\"Layers\":"
	    "[\"9/l.tar\"]}]");
	path = fx_tar(&f, "nocfg.tar", 0, 0);
	msg = xasprintf("'%s': config blob 'sha256:ab12ab12ab12ab12ab12ab12"
	    "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12' is missing", path);
	EXPECT_FAIL(path, NULL, msg);
	free(msg);
	free(path);
	fx_free(&f);

	path = docker_tar(&f, "[\"9/l.tar\"]", "nolayer.tar");
	EXPECT_FAIL(path, NULL, "layer '9/l.tar' is missing");

	/* Cut inside the first member's data: a truncated download. */
	if (stat(path, &st) == 0 && truncate(path, 1000) == 0)
		EXPECT_FAIL(path, NULL, "truncated tar");
	free(path);
	fx_free(&f);
}

static void
test_oci_small(void)
{
	struct image_opts o = { NULL, NULL };
	char mdg[DIGEST_STRMAX], *ent, *path, *dir, *spec;
	struct layer_reader *lr;
	struct layer_entry e;
	struct image *img;
	struct fx f = { .n = 0 };
	struct diag d;
	size_t msize;

	oci_image(&f, "amd64", "hi\n", mdg, &msize);
	ent = index_entry(mdg, msize, NULL, "v1");
	add_index(&f, ent);
	free(ent);
	dir = fx_dir(&f, "small.oci");
	path = fx_tar(&f, "small.oci.tar", 0, 0);
	if ((img = open_ok(dir, &o)) != NULL) {
		CHECK_INT(img->kind, IMAGE_OCI_DIR);
		CHECK_STR(img->name, "small:v1");
		CHECK_STR(img->tag, "v1");
		CHECK_STR(img->repo_digest, mdg);
		CHECK_STR(img->created, "2025-01-02T03:04:05Z");
		CHECK_STR(img->layers[0].media_type,
		    "application/vnd.oci.image.layer.v1.tar");
		diag_init(&d);
		if ((lr = image_layer_open(img, 0, &d)) != NULL) {
			CHECK_INT(layer_next(lr, &e, &d), 1);
			CHECK_INT(layer_next(lr, &e, &d), 0);
			CHECK_INT(layer_finish(lr, &d), 0);
			layer_close(lr);
		}
		image_free(img);
	}
	if ((img = open_ok(path, &o)) != NULL) {
		CHECK_INT(img->kind, IMAGE_OCI_ARCHIVE);
		CHECK_STR(img->repo_digest, mdg);
		image_free(img);
	}
	spec = xasprintf("docker-archive:%s", path);
	EXPECT_FAIL(spec, NULL, "'manifest.json' is missing");
	free(spec);
	spec = xasprintf("oci-dir:%s", path);
	EXPECT_FAIL(spec, NULL, "not a directory");
	free(spec);
	spec = xasprintf("oci-archive:%s", dir);
	EXPECT_FAIL(spec, NULL, "is a directory");
	free(spec);
	free(path);
	free(dir);
	fx_free(&f);
}

/* Two or three platforms in one index, flat or nested. */
static void
test_oci_platforms(void)
{
	struct image_opts o = { NULL, NULL };
	char m1[DIGEST_STRMAX], m2[DIGEST_STRMAX], m3[DIGEST_STRMAX];
	char idg[DIGEST_STRMAX], *e1, *e2, *e3, *list, *path;
	struct image *img;
	struct fx f = { .n = 0 };
	size_t s1, s2, s3;

	oci_image(&f, "amd64", "a\n", m1, &s1);
	oci_image(&f, "arm64", "b\n", m2, &s2);
	oci_image(&f, "arm", "c\n", m3, &s3);
	e1 = index_entry(m1, s1, "linux/amd64", NULL);
	e2 = index_entry(m2, s2, "linux/arm64/v8", NULL);
	e3 = index_entry(m3, s3, "linux/arm/v7", NULL);
	list = xasprintf("{\"schemaVersion\":2,\"mediaType\":"
	    "\"application/vnd.oci.image.index.v1+json\","
	    "\"manifests\":[%s,%s,%s]}", e1, e2, e3);
	fx_blob(&f, list, strlen(list), idg);
	free(list);
	list = xasprintf("{\"mediaType\":"
	    "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"%s\","
	    "\"size\":1,\"annotations\":{\"org.opencontainers.image.ref.name\":"
	    "\"ex/multi:v1\"}}", idg);
	add_index(&f, list);
	free(list);
	path = fx_dir(&f, "nested.oci");

	o.platform = "linux/arm64";
	if ((img = open_ok(path, &o)) != NULL) {
		CHECK_STR(img->architecture, "arm64");
		CHECK_STR(img->repo_digest, m2);
		CHECK_STR(img->name, "ex/multi:v1");
		image_free(img);
	}
	o.platform = "linux/arm/v7";
	if ((img = open_ok(path, &o)) != NULL) {
		CHECK_STR(img->architecture, "arm");
		image_free(img);
	}
	o.platform = "linux/s390x";
	EXPECT_FAIL(path, &o, "no image for platform 'linux/s390x' "
	    "(available: linux/amd64 'ex/multi:v1', linux/arm64/v8 "
	    "'ex/multi:v1', linux/arm/v7 'ex/multi:v1')");
	o.platform = "linux";
	EXPECT_FAIL(path, &o, "bad platform 'linux'");
	free(path);

	/* Flat index, two images for amd64: ambiguous unless tagged. */
	fx_free(&f);
	oci_image(&f, "amd64", "a\n", m1, &s1);
	oci_image(&f, "amd64", "b\n", m2, &s2);
	free(e1);
	free(e2);
	e1 = index_entry(m1, s1, "linux/amd64", "one");
	e2 = index_entry(m2, s2, "linux/amd64", "two");
	list = xasprintf("%s,%s", e1, e2);
	add_index(&f, list);
	free(list);
	path = fx_tar(&f, "two.oci.tar", 0, 0);
	o.platform = "linux/amd64";
	EXPECT_FAIL(path, &o, "2 images match platform 'linux/amd64', "
	    "choose one by tag (available: linux/amd64 'one', linux/amd64 "
	    "'two')");
	o.tag = "two";
	if ((img = open_ok(path, &o)) != NULL) {
		CHECK_STR(img->repo_digest, m2);
		CHECK_STR(img->tag, "two");
		image_free(img);
	}
	o.tag = "three";
	EXPECT_FAIL(path, &o, "no image tagged 'three'");
	free(path);
	free(e1);
	free(e2);
	free(e3);
	fx_free(&f);
}

/* OCI layouts with one thing wrong each. */
static void
test_oci_errors(void)
{
	char mdg[DIGEST_STRMAX], *ent, *path, *blob, *msg;
	struct fx f = { .n = 0 };
	size_t msize, i;
	char c;

	/* The config blob's bytes changed after it was named. */
	oci_image(&f, "amd64", "a\n", mdg, &msize);
	ent = index_entry(mdg, msize, NULL, NULL);
	add_index(&f, ent);
	free(ent);
	c = f.m[1].data[5];
	f.m[1].data[5] = 'X';
	path = fx_dir(&f, "badcfg.oci");
	msg = xasprintf("config blob 'sha256:%s' does not match its digest",
	    f.m[1].name + strlen("blobs/sha256/"));
	EXPECT_FAIL(path, NULL, msg);
	free(msg);
	free(path);

	/* The layer blob removed. */
	f.m[1].data[5] = c;
	path = fx_dir(&f, "nolayer.oci");
	blob = xasprintf("%s/%s", path, f.m[0].name);
	unlink(blob);
	msg = xasprintf("layer blob 'sha256:%s' is missing",
	    f.m[0].name + strlen("blobs/sha256/"));
	EXPECT_FAIL(path, NULL, msg);
	/* A symlink in its place is refused, wherever it points. */
	if (symlink("/etc/passwd", blob) == 0)
		EXPECT_FAIL(path, NULL, "is a symlink, refused");
	free(msg);
	free(blob);
	free(path);
	fx_free(&f);

	/* Not hex, and a path in disguise. */
	add_index(&f, "{\"digest\":\"sha256:../../etc/passwd\",\"size\":1}");
	path = fx_dir(&f, "baddigest.oci");
	EXPECT_FAIL(path, NULL, "invalid digest 'sha256:../../etc/passwd' "
	    "in index");
	free(path);
	fx_free(&f);

	/* JSON nested past the cap. */
	msg = xmalloc(2 * 200 + 1);
	for (i = 0; i < 200; i++) {
		msg[i] = '[';
		msg[200 + i] = ']';
	}
	msg[400] = '\0';
	fx_addstr(&f, "index.json", msg);
	free(msg);
	path = fx_dir(&f, "deep.oci");
	EXPECT_FAIL(path, NULL, "'index.json' nests deeper than");
	free(path);
	fx_free(&f);
}

static void
test_unknown(void)
{
	struct fx f = { .n = 0 };
	char *path, *msg;

	EXPECT_FAIL("/nonexistent/img.tar", NULL, "cannot open "
	    "'/nonexistent/img.tar': No such file or directory");
	path = xasprintf("%s/notes.txt", tmpdir);
	write_file(path, "hello, not an image\n", 20);
	msg = xasprintf("'%s': unknown format", path);
	EXPECT_FAIL(path, NULL, msg);
	free(msg);
	free(path);

	fx_addstr(&f, "hello.txt", "hi\n");
	path = fx_tar(&f, "plain.tar", 0, 0);
	EXPECT_FAIL(path, NULL, "unknown format (a tar archive without "
	    "manifest.json or index.json)");
	free(path);
	fx_free(&f);
}

static void
raw_sum(unsigned char *h)
{
	unsigned sum = 0;
	size_t i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

/* Appends a ustar header and its data, padded to 512 bytes. */
static size_t
raw_member(unsigned char *buf, size_t at, const char *name, char type,
    const char *data, size_t len, int base256)
{
	unsigned char *h = buf + at;

	memset(h, 0, 512);
	memcpy(h, name, strlen(name));
	memcpy(h + 100, "0000644", 7);
	if (base256) {
		h[124] = 0x80;
		h[135] = (unsigned char)len;
	} else
		snprintf((char *)h + 124, 12, "%011zo", len);
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar\0" "00", 8);
	raw_sum(h);
	memcpy(h + 512, data, len);
	memset(h + 512 + len, 0, (512 - len % 512) % 512);
	return at + 512 + (len + 511) / 512 * 512;
}

static struct tarindex *
raw_index(const unsigned char *buf, size_t len, struct diag *d)
{
	char *path = xasprintf("%s/raw.tar", tmpdir);
	struct tarindex *ti;
	FILE *fp;

	write_file(path, buf, len);
	fp = fopen(path, "rb");
	ti = tarindex_build(fileno(fp), "raw.tar", d);
	fclose(fp);
	free(path);
	return ti;
}

static void
test_tarindex(void)
{
	static unsigned char buf[16384];
	const struct tarindex_entry *e;
	struct tarindex *ti;
	struct diag d;
	size_t n = 0;
	const char *pax = "18 path=p/paxname\n";
	const char *glob = "22 comment=global one\n";
	char longname[300];

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	n = raw_member(buf, n, "pax_global_header", 'g', glob, strlen(glob), 0);
	n = raw_member(buf, n, "./big", '0', "hello", 5, 1);
	n = raw_member(buf, n, "././@LongLink", 'L', longname,
	    strlen(longname), 0);
	n = raw_member(buf, n, "short", '0', "abc", 3, 0);
	n = raw_member(buf, n, "PaxHeaders/x", 'x', pax, strlen(pax), 0);
	n = raw_member(buf, n, "ignored", '0', "pax", 3, 0);
	n = raw_member(buf, n, "big", '0', "again", 5, 0);
	n = raw_member(buf, n, "d/up", '2', "", 0, 0);
	memcpy(buf + n - 512 + 157, "../../etc/x", 11);
	raw_sum(buf + n - 512);
	n += 1024;
	diag_init(&d);
	ti = raw_index(buf, n, &d);
	CHECK(ti != NULL);
	if (ti == NULL) {
		fprintf(stderr, "%s\n", d.msg);
		return;
	}
	/* The later "big" replaces "./big". */
	CHECK((e = tarindex_find(ti, "big")) != NULL);
	if (e != NULL)
		CHECK_INT(e->size, 5);
	CHECK((e = tarindex_find(ti, longname)) != NULL);
	if (e != NULL)
		CHECK_INT(e->size, 3);
	CHECK((e = tarindex_find(ti, "./p//paxname")) != NULL);
	CHECK(tarindex_find(ti, "short") == NULL);
	CHECK(tarindex_find(ti, "ignored") == NULL);
	CHECK(tarindex_find(ti, "pax_global_header") == NULL);
	CHECK(tarindex_find(ti, "d/up") == NULL);
	tarindex_free(ti);

	/* Base-256 size, read on its own. */
	n = raw_member(buf, 0, "b256", '0', "hello", 5, 1);
	ti = raw_index(buf, n, &d);
	CHECK(ti != NULL && (e = tarindex_find(ti, "b256")) != NULL &&
	    e->size == 5 && e->off == 512);
	tarindex_free(ti);

	/* Cut inside the padding after the last member's data. */
	diag_init(&d);
	CHECK(raw_index(buf, 600, &d) == NULL);
	CHECK(strstr(d.msg, "truncated tar: member at offset 0") != NULL);

	/* A damaged header. */
	buf[0] ^= 1;
	diag_init(&d);
	CHECK(raw_index(buf, n, &d) == NULL);
	CHECK(strstr(d.msg, "bad tar header checksum at offset 0") != NULL);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");
	char *cmd;

	snprintf(tmpdir, sizeof(tmpdir), "%s/image_test.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	CHECK_STR(image_host_platform(), "linux/amd64");
	test_tarindex();
	test_unknown();
	test_docker_small();
	test_docker_multi();
	test_docker_errors();
	test_oci_small();
	test_oci_platforms();
	test_oci_errors();
	test_real_min();
	test_real_multi();
	test_real_rootfs();
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
	return UNIT_DONE("image_test");
}
