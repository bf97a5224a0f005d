/*
 * scan.c: one run of sbomgen: open the image, walk its layers once into
 * the view with the cataloguers' taps, build the BOM, write the outputs.
 */
#include "compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bom.h"
#include "catalog.h"
#include "diag.h"
#include "image.h"
#include "layer.h"
#include "sbomgen.h"
#include "strbuf.h"
#include "view.h"

/*
 * Prints "sbomgen: <prefix><msg>" as one line that is safe for a
 * terminal: the message names paths from the image, so newlines,
 * escape sequences and other control characters (C0, DEL, C1) and
 * bytes that are not UTF-8 are shown as \xHH, as in the SBOM.
 */
static void
say(const char *prefix, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;
	char *esc;

	esc = bom_utf8_escape(msg);
	strbuf_addstr(&sb, "");
	for (p = (const unsigned char *)esc; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(&sb, "\\x%02X", *p);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			strbuf_addf(&sb, "\\xC2\\x%02X", p[1]);
			p++;
		} else
			strbuf_addch(&sb, (char)*p);
	}
	warnx("%s%s", prefix, sb.buf);
	strbuf_release(&sb);
	free(esc);
}

void
sbomgen_warn_cb(void *arg, const char *msg)
{
	const struct sbomgen *g = arg;

	if (!g->quiet)
		say("warning: ", msg);
}

static long long
source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 0) {
		warnx("warning: ignoring SOURCE_DATE_EPOCH '%s'", s);
		return -1;
	}
	return v;
}

static int
part_matches(const char *want, size_t n, const char *have)
{
	return have == NULL || (strlen(have) == n &&
	    strncmp(want, have, n) == 0);
}

/*
 * An image picked from an index already matches; a lone image is taken
 * whatever its platform unless -p asked for another one.
 */
static int
check_platform(const struct sbomgen *g, const struct image *img)
{
	const char *os = g->platform, *arch, *var;
	struct strbuf sb = STRBUF_INIT;

	if (os == NULL || img->kind == IMAGE_DIR)
		return 0;
	arch = strchr(os, '/') + 1;
	var = strchr(arch, '/');
	if (part_matches(os, (size_t)(arch - 1 - os), img->os) &&
	    part_matches(arch, var != NULL ? (size_t)(var - arch) :
	    strlen(arch), img->architecture) &&
	    (var == NULL || part_matches(var + 1, strlen(var + 1),
	    img->variant)))
		return 0;
	strbuf_addf(&sb, "'%s': no image for platform '%s' (available: "
	    "%s/%s%s%s)", g->input, g->platform,
	    img->os != NULL ? img->os : "?",
	    img->architecture != NULL ? img->architecture : "?",
	    img->variant != NULL ? "/" : "",
	    img->variant != NULL ? img->variant : "");
	say("", sb.buf);
	strbuf_release(&sb);
	return -1;
}

static int
walk_layers(struct sbomgen *g, struct image *img, struct view *v,
    struct diag *d)
{
	struct layer_reader *r;
	size_t i, n = image_nwalk(img);
	int rc;

	for (i = 0; i < n; i++) {
		if (g->verbose > 0 && img->kind != IMAGE_DIR)
			fprintf(stderr, "sbomgen: layer %zu/%zu %s\n", i + 1,
			    n, img->layers[i].digest != NULL ?
			    img->layers[i].digest : img->layers[i].diff_id);
		if ((r = image_layer_open(img, i, d)) == NULL)
			return -1;
		rc = view_add_layer(v, r, i, img->kind != IMAGE_DIR, d);
		if (rc == 0)
			rc = layer_finish(r, d);
		layer_close(r);
		if (rc != 0)
			return -1;
	}
	if (g->verbose > 0)
		fprintf(stderr, "sbomgen: %zu paths in the final view\n",
		    view_nfiles(v));
	return 0;
}

/* Renders the bom in one format into a new memory buffer. */
static char *
render(const struct bom *bom, const struct sbomgen *g, enum out_format f,
    size_t *lenp, struct diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if ((fp = open_memstream(&buf, &len)) == NULL) {
		diag_error(d, "cannot open memory stream");
		return NULL;
	}
	if (f == OUT_XML)
		rc = bom_write_xml(bom, g->spec, fp, d);
	else
		rc = bom_write_json(bom, g->spec, fp, d);
	if (fclose(fp) != 0 && rc == 0)
		rc = diag_error(d, "cannot write SBOM to memory");
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	*lenp = len;
	return buf;
}

/*
 * Renders every output first, so that a failure leaves nothing behind,
 * then writes them.
 */
static int
write_outputs(struct sbomgen *g, const struct bom *bom, struct diag *d)
{
	char *bufs[SBOMGEN_MAXOUT] = { NULL };
	size_t lens[SBOMGEN_MAXOUT], i;
	int rc = 0;

	for (i = 0; i < g->nout && rc == 0; i++)
		if ((bufs[i] = render(bom, g, g->out[i].format, &lens[i],
		    d)) == NULL)
			rc = -1;
	if (rc != 0) {
		say("", d->msg);
		goto out;
	}
	rc = sbomgen_write_outs(g->out, bufs, lens, g->nout);
out:
	for (i = 0; i < g->nout; i++)
		free(bufs[i]);
	return rc;
}

int
sbomgen_run(struct sbomgen *g)
{
	struct image_opts opts = { g->platform, g->tag };
	struct catalog *cat = NULL;
	struct image *img = NULL;
	struct view *v = NULL;
	struct bom *bom = NULL;
	struct diag d;
	int status = 1;

	diag_init(&d);
	d.warn_fn = sbomgen_warn_cb;
	d.warn_arg = g;
	if ((img = image_open(g->input, &opts, &d)) == NULL) {
		say("", d.msg);
		goto out;
	}
	if (check_platform(g, img) != 0)
		goto out;
	v = view_new();
	cat = catalog_new();
	catalog_attach(cat, v);
	if (walk_layers(g, img, v, &d) != 0) {
		say("", d.msg);
		goto out;
	}
	bom = bom_new("sbomgen", SBOM_VERSION);
	if (catalog_build(cat, v, img, bom, &d) != 0 ||
	    bom_finalize(bom, source_date_epoch(), &d) != 0) {
		say("", d.msg);
		goto out;
	}
	if (write_outputs(g, bom, &d) != 0)
		goto out;
	status = g->status;
out:
	bom_free(bom);
	catalog_free(cat);
	view_free(v);
	image_free(img);
	return status;
}
