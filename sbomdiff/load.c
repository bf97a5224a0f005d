#include "compat.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "digest.h"
#include "load.h"
#include "purl.h"
#include "sbomdiff.h"
#include "strbuf.h"
#include "xalloc.h"

static void
comp_release(struct comp *c)
{
	size_t i;

	free(c->key);
	free(c->ecosystem);
	free(c->group);
	free(c->name);
	free(c->version);
	free(c->purl);
	free(c->attrs);
	free(c->cpe);
	free(c->swid);
	for (i = 0; i < c->nhashes; i++) {
		free(c->hashes[i].alg);
		free(c->hashes[i].value);
	}
	free(c->hashes);
	free(c->license);
	free(c->supplier);
	free(c->type);
	free(c->scope);
	free(c->parents);
	for (i = 0; i < c->nlocations; i++)
		free(c->locations[i]);
	free(c->locations);
	free(c->bom_ref);
}

static void
doc_release_subject(struct doc *doc)
{
	free(doc->subject_name);
	free(doc->subject_version);
	free(doc->subject_purl);
	free(doc->subject_digest);
}

void
doc_free(struct doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->ncomps; i++)
		comp_release(&doc->comps[i]);
	free(doc->comps);
	for (i = 0; i < doc->nedges; i++) {
		free(doc->edges[i].from);
		free(doc->edges[i].to);
	}
	free(doc->edges);
	doc_release_subject(doc);
	free(doc->path);
	free(doc->spec_version);
	free(doc->tool_name);
	free(doc->tool_version);
	free(doc->lifecycle);
	free(doc);
}

struct comp *
load_comp(struct loader *ld)
{
	struct doc *doc = ld->doc;
	struct comp *c;

	if (doc->ncomps >= SD_MAX_COMPONENTS) {
		diag_error(ld->d, "'%s' has more than %d components "
		    "(SD_MAX_COMPONENTS)", doc->path, SD_MAX_COMPONENTS);
		return NULL;
	}
	xgrow(&doc->comps, &doc->compcap, doc->ncomps + 1, sizeof(*c));
	c = &doc->comps[doc->ncomps];
	memset(c, 0, sizeof(*c));
	c->index = doc->ncomps++;
	return c;
}

void
load_set(char **field, const char *s)
{
	free(*field);
	*field = NULL;
	if (s != NULL && *s != '\0')
		*field = xstrdup(s);
}

void
load_license(struct comp *c, const char *expr, int is_name)
{
	struct strbuf sb = STRBUF_INIT;

	if (expr == NULL || *expr == '\0')
		return;
	if (c->license != NULL) {
		strbuf_addf(&sb, "(%s) AND ", c->license);
		free(c->license);
	}
	/* A free-text name is one operand, whatever it contains. */
	if (is_name && strpbrk(expr, " \t()\"") != NULL) {
		strbuf_addch(&sb, '"');
		for (; *expr != '\0'; expr++)
			if (*expr != '"')
				strbuf_addch(&sb, *expr);
		strbuf_addch(&sb, '"');
	} else if (c->license != NULL || sb.len > 0) {
		strbuf_addf(&sb, "(%s)", expr);
	} else {
		strbuf_addstr(&sb, expr);
	}
	c->license = strbuf_detach(&sb, NULL);
}

void
load_hash(struct comp *c, const char *alg, const char *hex)
{
	struct comp_hash *h;
	size_t cap = c->nhashes;
	char *p;

	if (alg == NULL || hex == NULL || *alg == '\0' || *hex == '\0')
		return;
	xgrow(&c->hashes, &cap, c->nhashes + 1, sizeof(*h));
	h = &c->hashes[c->nhashes++];
	h->alg = norm_hash_alg(alg);
	h->value = xstrdup(hex);
	for (p = h->value; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = *p - 'A' + 'a';
}

void
load_location(struct comp *c, const char *loc)
{
	size_t cap = c->nlocations;

	if (loc == NULL || *loc == '\0')
		return;
	xgrow(&c->locations, &cap, c->nlocations + 1, sizeof(char *));
	c->locations[c->nlocations++] = xstrdup(loc);
}

int
load_edge(struct loader *ld, const char *from, const char *to)
{
	struct raw_edge *e;

	if (from == NULL || to == NULL)
		return 0;
	if (ld->nedges >= SD_MAX_EDGES)
		return diag_error(ld->d, "'%s' has more than %d dependency "
		    "edges (SD_MAX_EDGES)", ld->doc->path, SD_MAX_EDGES);
	xgrow(&ld->edges, &ld->edgecap, ld->nedges + 1, sizeof(*e));
	e = &ld->edges[ld->nedges++];
	e->from = xstrdup(from);
	e->to = xstrdup(to);
	return 0;
}

char *
load_chain(const char *parents, const char *name)
{
	if (parents == NULL)
		return xstrdup(name != NULL ? name : "");
	return xasprintf("%s > %s", parents, name != NULL ? name : "");
}

/*
 * Returns s in lower case when it is exactly "sha256:" and 64 hex
 * digits, else NULL. Caller frees.
 */
static char *
valid_digest(const char *s)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	char *v, *p;

	if (s == NULL || strncmp(s, "sha256:", 7) != 0 ||
	    strspn(s + 7, hex) != 64 || s[7 + 64] != '\0')
		return NULL;
	v = xstrdup(s);
	for (p = v + 7; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = *p - 'A' + 'a';
	return v;
}

static void
set_clue(struct loader *ld, enum subject_clue k, const char *s)
{
	if (ld->clues[k] == NULL)
		ld->clues[k] = valid_digest(s);
}

void
load_subject_prop(struct loader *ld, const char *name, const char *value)
{
	const char *at;

	if (name == NULL || value == NULL)
		return;
	if (strcmp(name, "sbomgen:image:manifest-digest") == 0)
		set_clue(ld, CLUE_MANIFEST, value);
	/* trivy writes "ubuntu@sha256:<hex>", the registry's digest. */
	else if (strcmp(name, "aquasecurity:trivy:RepoDigest") == 0 &&
	    (at = strrchr(value, '@')) != NULL)
		set_clue(ld, CLUE_REPO_DIGEST, at + 1);
}

void
load_subject_hash(struct loader *ld, const char *alg, const char *hex)
{
	char *a, *s;

	if (alg == NULL || hex == NULL)
		return;
	a = norm_hash_alg(alg);
	if (strcmp(a, "SHA-256") == 0) {
		s = xasprintf("sha256:%s", hex);
		set_clue(ld, CLUE_HASH, s);
		free(s);
	}
	free(a);
}

/* The digest in a pkg:oci purl's version ("@sha256%3A<hex>"), or NULL. */
static char *
oci_purl_digest(const char *s)
{
	struct purl p;
	struct diag d;
	char *v = NULL;

	if (s == NULL)
		return NULL;
	diag_init(&d);
	purl_init(&p);
	if (purl_parse(s, &p, &d) == 0 && strcmp(p.type, "oci") == 0)
		v = valid_digest(p.version);
	purl_release(&p);
	return v;
}

/*
 * The subject digest: the purl version, a version that is a digest
 * (sbomgen, syft), then the clues. sbomgen reading a classic
 * docker-archive knows no manifest digest, only the config digest,
 * which names another object: the subject digest stays unknown.
 */
static void
pick_subject_digest(struct loader *ld)
{
	struct doc *doc = ld->doc;
	size_t i;

	doc->subject_digest = oci_purl_digest(doc->subject_purl);
	if (doc->subject_digest == NULL)
		doc->subject_digest = valid_digest(doc->subject_version);
	for (i = 0; i < CLUE_N && doc->subject_digest == NULL; i++) {
		doc->subject_digest = ld->clues[i];
		ld->clues[i] = NULL;
	}
}

int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
hash_cmp(const void *a, const void *b)
{
	const struct comp_hash *x = a, *y = b;
	int r;

	if ((r = strcmp(x->alg, y->alg)) != 0)
		return r;
	return strcmp(x->value, y->value);
}

/*
 * A total order on content only, so that the order of components in the
 * input never shows in the output; the input index breaks exact ties.
 */
static int
comp_cmp(const void *a, const void *b)
{
	const struct comp *x = a, *y = b;
	size_t i;
	int r;

	if ((r = strcmp(x->key, y->key)) != 0 ||
	    (r = strcmp_null(x->version, y->version)) != 0 ||
	    (r = strcmp_null(x->parents, y->parents)) != 0 ||
	    (r = strcmp_null(x->purl, y->purl)) != 0)
		return r;
	for (i = 0; i < x->nlocations && i < y->nlocations; i++)
		if ((r = strcmp(x->locations[i], y->locations[i])) != 0)
			return r;
	if (x->nlocations != y->nlocations)
		return x->nlocations < y->nlocations ? -1 : 1;
	for (i = 0; i < x->nhashes && i < y->nhashes; i++)
		if ((r = hash_cmp(&x->hashes[i], &y->hashes[i])) != 0)
			return r;
	if (x->nhashes != y->nhashes)
		return x->nhashes < y->nhashes ? -1 : 1;
	if ((r = strcmp_null(x->license, y->license)) != 0 ||
	    (r = strcmp_null(x->supplier, y->supplier)) != 0 ||
	    (r = strcmp_null(x->type, y->type)) != 0 ||
	    (r = strcmp_null(x->scope, y->scope)) != 0)
		return r;
	return (x->index > y->index) - (x->index < y->index);
}

static int
edge_cmp(const void *a, const void *b)
{
	const struct doc_edge *x = a, *y = b;
	int r;

	if ((r = strcmp(x->from, y->from)) != 0)
		return r;
	return strcmp(x->to, y->to);
}

struct refidx {
	const char	*ref;
	const char	*key;
};

static int
refidx_cmp(const void *a, const void *b)
{
	return strcmp(((const struct refidx *)a)->ref,
	    ((const struct refidx *)b)->ref);
}

static const char *
ref_key(const struct refidx *v, size_t n, const char *ref)
{
	struct refidx want = { ref, NULL }, *hit;

	hit = bsearch(&want, v, n, sizeof(*v), refidx_cmp);
	return hit != NULL ? hit->key : NULL;
}

/* Turns edges between bom-refs into unique edges between keys. */
static void
resolve_edges(struct loader *ld)
{
	struct doc *doc = ld->doc;
	struct refidx *v;
	const char *from, *to;
	size_t i, n = 0, w;

	v = xcalloc(doc->ncomps + 1, sizeof(*v));
	for (i = 0; i < doc->ncomps; i++)
		if (doc->comps[i].bom_ref != NULL) {
			v[n].ref = doc->comps[i].bom_ref;
			v[n++].key = doc->comps[i].key;
		}
	qsort(v, n, sizeof(*v), refidx_cmp);
	for (i = 0; i < ld->nedges; i++) {
		from = ref_key(v, n, ld->edges[i].from);
		to = ref_key(v, n, ld->edges[i].to);
		if (from == NULL || to == NULL || strcmp(from, to) == 0)
			continue;
		xgrow(&doc->edges, &doc->edgecap, doc->nedges + 1,
		    sizeof(*doc->edges));
		doc->edges[doc->nedges].from = xstrdup(from);
		doc->edges[doc->nedges++].to = xstrdup(to);
	}
	free(v);
	if (doc->nedges > 1)
		qsort(doc->edges, doc->nedges, sizeof(*doc->edges), edge_cmp);
	for (i = w = 0; i < doc->nedges; i++) {
		if (w > 0 &&
		    edge_cmp(&doc->edges[w - 1], &doc->edges[i]) == 0) {
			free(doc->edges[i].from);
			free(doc->edges[i].to);
			continue;
		}
		doc->edges[w++] = doc->edges[i];
	}
	doc->nedges = w;
}

static void
load_finish(struct loader *ld)
{
	struct doc *doc = ld->doc;
	char *raw = NULL, *lic = NULL;
	struct comp *c;
	size_t i;

	for (i = 0; i < doc->ncomps; i++) {
		c = &doc->comps[i];
		norm_comp(c);
		/* Neighbours often share a licence: parse each text once. */
		if (c->license != NULL) {
			if (raw == NULL || strcmp(raw, c->license) != 0) {
				free(raw);
				free(lic);
				raw = c->license;
				lic = norm_license(raw);
			} else
				free(c->license);
			c->license = lic != NULL ? xstrdup(lic) : NULL;
		}
		if (c->nhashes > 1)
			qsort(c->hashes, c->nhashes, sizeof(*c->hashes),
			    hash_cmp);
		if (c->nlocations > 1)
			qsort(c->locations, c->nlocations, sizeof(char *),
			    strp_cmp);
	}
	free(raw);
	free(lic);
	pick_subject_digest(ld);
	if (ld->nedges > 0)
		resolve_edges(ld);
	if (doc->ncomps > 1)
		qsort(doc->comps, doc->ncomps, sizeof(*doc->comps), comp_cmp);
}

static void
loader_release(struct loader *ld)
{
	size_t i;

	for (i = 0; i < ld->nedges; i++) {
		free(ld->edges[i].from);
		free(ld->edges[i].to);
	}
	free(ld->edges);
	for (i = 0; i < CLUE_N; i++)
		free(ld->clues[i]);
}

static const char *
skip_space(const char *p, const char *end)
{
	/* A UTF-8 byte order mark is allowed before the document. */
	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	return p;
}

/* Picks the parser from the first bytes and the JSON top-level keys. */
static int
parse_any(struct loader *ld, const char *buf, size_t len)
{
	const char *p = skip_space(buf, buf + len);

	if (p == buf + len)
		return diag_error(ld->d, "'%s' is empty", ld->doc->path);
	if (*p == '<')
		return cdx_xml_parse(ld, buf, len);
	if (*p != '{')
		return diag_error(ld->d, "'%s' is neither JSON nor XML",
		    ld->doc->path);
	if (memmem(buf, len, "\"spdxVersion\"", 13) != NULL &&
	    memmem(buf, len, "\"bomFormat\"", 11) == NULL)
		return spdx_json_parse(ld, buf, len);
	return cdx_json_parse(ld, buf, len);
}

struct doc *
doc_load_mem(const char *buf, size_t len, const char *label,
    struct diag *d)
{
	struct loader ld;
	struct doc *doc;

	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup(label);
	digest_sha256_hex(buf, len, doc->sha256);
	memset(&ld, 0, sizeof(ld));
	ld.doc = doc;
	ld.d = d;
	if (len > SD_MAX_INPUT_BYTES) {
		diag_error(d, "'%s' is larger than %zu MiB "
		    "(SD_MAX_INPUT_BYTES)", label,
		    SD_MAX_INPUT_BYTES >> 20);
		goto fail;
	}
	if (parse_any(&ld, buf, len) == -1)
		goto fail;
	load_finish(&ld);
	loader_release(&ld);
	return doc;
fail:
	loader_release(&ld);
	doc_free(doc);
	return NULL;
}

/* Reads all of fd, up to one byte past the size limit. */
static int
read_all(int fd, const char *path, struct strbuf *sb, struct diag *d)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == 0)
			return 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return diag_error(d, "cannot read '%s': %s", path,
			    strerror(errno));
		}
		strbuf_add(sb, chunk, (size_t)n);
		if (sb->len > SD_MAX_INPUT_BYTES)
			return diag_error(d, "'%s' is larger than %zu MiB "
			    "(SD_MAX_INPUT_BYTES)", path,
			    SD_MAX_INPUT_BYTES >> 20);
	}
}

struct doc *
doc_load(const char *path, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *doc = NULL;
	struct stat st;
	int fd = 0;

	if (strcmp(path, "-") != 0 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_error(d, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	/* Refuse an oversized regular file before reading any of it. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > SD_MAX_INPUT_BYTES) {
		diag_error(d, "'%s' is larger than %zu MiB "
		    "(SD_MAX_INPUT_BYTES)", path, SD_MAX_INPUT_BYTES >> 20);
		goto out;
	}
	if (read_all(fd, path, &sb, d) == -1)
		goto out;
	doc = doc_load_mem(strbuf_str(&sb), sb.len, path, d);
out:
	if (fd > 0)
		close(fd);
	strbuf_release(&sb);
	return doc;
}
