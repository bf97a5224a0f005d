/*
 * image_pick.c: one image of an index, chosen by tag and then by
 * platform ("os/arch[/variant]"), or a message listing what there is.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "image_priv.h"
#include "strbuf.h"
#include "xalloc.h"

/* "os/arch[/variant]" taken apart. */
struct platform {
	char	os[64];
	char	arch[64];
	char	variant[64];
};

static int
platform_parse(const char *spec, struct platform *p)
{
	char *parts[3] = { p->os, p->arch, p->variant };
	const char *c = spec;
	size_t len, i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < 3; i++) {
		len = strcspn(c, "/");
		if (len == 0 || len >= sizeof(p->os))
			return -1;
		memcpy(parts[i], c, len);
		c += len;
		if (*c == '\0')
			return i >= 1 ? 0 : -1;
		c++;
	}
	return -1;
}

/* arm64 images leave out the only variant there is. */
static const char *
variant_norm(const char *arch, const char *v)
{
	if (v == NULL || (strcmp(arch, "arm64") == 0 && strcmp(v, "v8") == 0))
		return "";
	return v;
}

static int
platform_matches(const struct platform *w, const struct cand *k)
{
	if (k->os == NULL || k->arch == NULL || strcmp(w->os, k->os) != 0 ||
	    strcmp(w->arch, k->arch) != 0)
		return 0;
	if (w->variant[0] == '\0')
		return 1;
	return strcmp(variant_norm(w->arch, w->variant),
	    variant_norm(k->arch, k->variant)) == 0;
}

static int
no_platform(const struct cand *k)
{
	return k->os == NULL || k->arch == NULL;
}

/* "linux/amd64 'latest', linux/arm/v7 'latest'" for messages. */
static char *
cands_list(const struct cands *c)
{
	struct strbuf sb = STRBUF_INIT;
	const struct cand *k;
	size_t i;

	for (i = 0; i < c->n; i++) {
		k = &c->v[i];
		strbuf_addstr(&sb, i > 0 ? ", " : "");
		if (no_platform(k))
			strbuf_addstr(&sb, "unknown platform");
		else
			strbuf_addf(&sb, "%s/%s%s%s", k->os, k->arch,
			    k->variant != NULL ? "/" : "",
			    k->variant != NULL ? k->variant : "");
		if (k->cname != NULL || k->ref != NULL)
			strbuf_addf(&sb, " '%s'", k->cname != NULL ?
			    k->cname : k->ref);
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * Counts the kept candidates for platform w: those that match it, else
 * those that give no platform. Sets *pick to the last one counted.
 */
static size_t
count_platform(const struct cands *c, const char *keep,
    const struct platform *w, size_t *pick)
{
	size_t i, n = 0;
	int pass, hit;

	for (pass = 0; pass < 2 && n == 0; pass++) {
		for (i = 0; i < c->n; i++) {
			hit = pass == 0 ? platform_matches(w, &c->v[i]) :
			    no_platform(&c->v[i]);
			if (!keep[i] || !hit)
				continue;
			n++;
			*pick = i;
		}
	}
	return n;
}

/* Keeps the candidates tagged want (all when want is NULL). */
static size_t
keep_tag(const struct cands *c, char *keep, const char *want,
    size_t *pick)
{
	size_t i, n = 0;

	for (i = 0; i < c->n; i++) {
		keep[i] = want == NULL || img_tag_matches(want, c->v[i].ref) ||
		    img_tag_matches(want, c->v[i].cname);
		if (keep[i]) {
			n++;
			*pick = i;
		}
	}
	return n;
}

static int
pick_fail(struct store *s, const struct cands *c, const char *fmt,
    const char *what, size_t n, struct diag *d)
{
	char *list = cands_list(c);

	if (n == 0)
		diag_error(d, "'%s': no image %s '%s' (available: %s)",
		    s->label, fmt, what, list);
	else
		diag_error(d, "'%s': %zu images %s '%s', choose one by tag "
		    "(available: %s)", s->label, n, fmt, what, list);
	free(list);
	return -1;
}

int
img_oci_pick(struct store *s, const struct cands *c, const struct image_opts *o,
    struct diag *d)
{
	const char *pl = o->platform != NULL ? o->platform :
	    image_host_platform();
	struct platform w;
	size_t n, pick = 0;
	char *keep;
	int rc = -1;

	if (c->n == 0)
		return diag_error(d, "'%s': index lists no images", s->label);
	if (platform_parse(pl, &w) == -1)
		return diag_error(d, "'%s': bad platform '%s' (want "
		    "os/arch[/variant])", s->label, pl);
	keep = xcalloc(c->n, 1);
	if ((n = keep_tag(c, keep, o->tag, &pick)) == 0) {
		pick_fail(s, c, "tagged", o->tag, 0, d);
		goto out;
	}
	/* A lone image is taken unless the caller asked for a platform. */
	if (n == 1 && (o->platform == NULL || no_platform(&c->v[pick]) ||
	    platform_matches(&w, &c->v[pick]))) {
		rc = (int)pick;
		goto out;
	}
	if ((n = count_platform(c, keep, &w, &pick)) == 1)
		rc = (int)pick;
	else
		pick_fail(s, c, n == 0 ? "for platform" : "match platform",
		    pl, n, d);
out:
	free(keep);
	return rc;
}
