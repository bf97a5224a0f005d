#include "compat.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "diag.h"
#include "load.h"
#include "sbomdiff.h"
#include "xalloc.h"

/*
 * CycloneDX XML, specification versions 1.0 to 1.7. The input is
 * untrusted: libxml2 runs without network access (XML_PARSE_NONET),
 * without entity substitution (no XML_PARSE_NOENT) and without loading
 * a DTD (no XML_PARSE_DTDLOAD), and any document whose DOCTYPE declares
 * an entity is refused before parsing, which stops "billion laughs" and
 * external entities alike.
 */

#define CDX_NS	"http://cyclonedx.org/schema/bom/"

struct xctx {
	struct loader	*ld;
	const xmlNs	*ns;	/* the bom's namespace */
};

static int
is(const struct xctx *x, const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    n->ns != NULL && n->ns->href != NULL && x->ns->href != NULL &&
	    strcmp((const char *)n->ns->href,
	    (const char *)x->ns->href) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
child(const struct xctx *x, const xmlNode *n, const char *name)
{
	const xmlNode *k;

	if (n == NULL)
		return NULL;
	for (k = n->children; k != NULL; k = k->next)
		if (is(x, k, name))
			return k;
	return NULL;
}

/* Returns the element's text content; caller frees with free(). */
static char *
text(const xmlNode *n)
{
	xmlChar *t;
	char *s;

	if (n == NULL || (t = xmlNodeGetContent(n)) == NULL)
		return NULL;
	s = xstrdup((const char *)t);
	xmlFree(t);
	return s;
}

static void
set_text(char **field, const xmlNode *n)
{
	char *s = text(n);

	load_set(field, s);
	free(s);
}

static void
set_attr(char **field, const xmlNode *n, const char *name)
{
	xmlChar *v;

	if (n == NULL || (v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return;
	load_set(field, (const char *)v);
	xmlFree(v);
}

static void
read_hashes(const struct xctx *x, struct comp *c, const xmlNode *hs)
{
	const xmlNode *h;
	char *alg = NULL, *hex;

	for (h = hs != NULL ? hs->children : NULL; h != NULL; h = h->next) {
		if (!is(x, h, "hash"))
			continue;
		set_attr(&alg, h, "alg");
		hex = text(h);
		load_hash(c, alg, hex);
		free(hex);
		FREE_AND_NULL(alg);
	}
}

static void
read_licenses(const struct xctx *x, struct comp *c, const xmlNode *ls)
{
	const xmlNode *l;
	char *s = NULL;

	for (l = ls != NULL ? ls->children : NULL; l != NULL; l = l->next) {
		if (is(x, l, "expression")) {
			set_text(&s, l);
			load_license(c, s, 0);
		} else if (is(x, l, "expression-detailed")) {
			/* CycloneDX 1.7: the expression is an attribute. */
			set_attr(&s, l, "expression");
			load_license(c, s, 0);
		} else if (is(x, l, "license") && child(x, l, "id") != NULL) {
			set_text(&s, child(x, l, "id"));
			load_license(c, s, 0);
		} else if (is(x, l, "license")) {
			set_text(&s, child(x, l, "name"));
			load_license(c, s, 1);
		}
		FREE_AND_NULL(s);
	}
}

static void
read_locations(const struct xctx *x, struct comp *c, const xmlNode *xc)
{
	const xmlNode *o;
	char *s = NULL, *name = NULL;
	size_t n;

	o = child(x, child(x, xc, "evidence"), "occurrences");
	for (o = o != NULL ? o->children : NULL; o != NULL; o = o->next) {
		if (!is(x, o, "occurrence"))
			continue;
		set_attr(&s, o, "location");
		if (s == NULL)
			set_text(&s, child(x, o, "location"));
		load_location(c, s);
		FREE_AND_NULL(s);
	}
	o = child(x, xc, "properties");
	for (o = o != NULL ? o->children : NULL; o != NULL; o = o->next) {
		if (!is(x, o, "property"))
			continue;
		set_attr(&name, o, "name");
		n = name != NULL ? strlen(name) : 0;
		if (n > 0 && ((strncmp(name, "syft:location:", 14) == 0 &&
		    n > 5 && strcmp(name + n - 5, ":path") == 0) ||
		    strcmp(name, "aquasecurity:trivy:FilePath") == 0)) {
			set_text(&s, o);
			load_location(c, s);
			FREE_AND_NULL(s);
		}
		FREE_AND_NULL(name);
	}
}

static void
read_supplier(const struct xctx *x, struct comp *c, const xmlNode *xc)
{
	const xmlNode *s = child(x, xc, "supplier");

	if (s != NULL)
		set_text(&c->supplier, child(x, s, "name"));
	/* The author wrote the code; only a publisher can stand in. */
	if (c->supplier == NULL)
		set_text(&c->supplier, child(x, xc, "publisher"));
}

static int read_list(struct xctx *, const xmlNode *, const char *, int);

static int
read_comp(struct xctx *x, const xmlNode *xc, const char *parents,
    int depth)
{
	const xmlNode *nested;
	struct comp *c;
	char *chain;
	int rc;

	if ((c = load_comp(x->ld)) == NULL)
		return -1;
	set_attr(&c->bom_ref, xc, "bom-ref");
	set_attr(&c->type, xc, "type");
	set_text(&c->group, child(x, xc, "group"));
	set_text(&c->name, child(x, xc, "name"));
	set_text(&c->version, child(x, xc, "version"));
	set_text(&c->scope, child(x, xc, "scope"));
	/* CycloneDX: a component without scope is required. */
	if (c->scope == NULL)
		c->scope = xstrdup("required");
	set_text(&c->purl, child(x, xc, "purl"));
	set_text(&c->cpe, child(x, xc, "cpe"));
	set_attr(&c->swid, child(x, xc, "swid"), "tagId");
	load_set(&c->parents, parents);
	read_supplier(x, c, xc);
	read_hashes(x, c, child(x, xc, "hashes"));
	read_licenses(x, c, child(x, xc, "licenses"));
	read_locations(x, c, xc);
	if ((nested = child(x, xc, "components")) == NULL)
		return 0;
	chain = load_chain(parents, c->name);
	rc = read_list(x, nested, chain, depth + 1);
	free(chain);
	return rc;
}

static int
read_list(struct xctx *x, const xmlNode *list, const char *parents,
    int depth)
{
	const xmlNode *n;

	if (depth > SD_MAX_DEPTH)
		return diag_error(x->ld->d, "'%s': components nested more "
		    "than %d deep (SD_MAX_DEPTH)", x->ld->doc->path,
		    SD_MAX_DEPTH);
	for (n = list != NULL ? list->children : NULL; n != NULL; n = n->next)
		if (is(x, n, "component") &&
		    read_comp(x, n, parents, depth) == -1)
			return -1;
	return 0;
}

static void
read_subject(struct xctx *x, const xmlNode *xc)
{
	struct doc *doc = x->ld->doc;
	const xmlNode *n;
	char *name = NULL, *val;

	set_text(&doc->subject_name, child(x, xc, "name"));
	set_text(&doc->subject_version, child(x, xc, "version"));
	set_text(&doc->subject_purl, child(x, xc, "purl"));
	n = child(x, xc, "hashes");
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next) {
		if (!is(x, n, "hash"))
			continue;
		set_attr(&name, n, "alg");
		val = text(n);
		load_subject_hash(x->ld, name, val);
		free(val);
		FREE_AND_NULL(name);
	}
	n = child(x, xc, "properties");
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next) {
		if (!is(x, n, "property"))
			continue;
		set_attr(&name, n, "name");
		val = text(n);
		load_subject_prop(x->ld, name, val);
		free(val);
		FREE_AND_NULL(name);
	}
}

static void
read_metadata(struct xctx *x, const xmlNode *md)
{
	struct doc *doc = x->ld->doc;
	const xmlNode *t, *lc;

	t = child(x, md, "tools");
	if (child(x, t, "tool") != NULL)
		t = child(x, t, "tool");
	else
		t = child(x, child(x, t, "components"), "component");
	set_text(&doc->tool_name, child(x, t, "name"));
	set_text(&doc->tool_version, child(x, t, "version"));
	if (child(x, md, "component") != NULL)
		read_subject(x, child(x, md, "component"));
	lc = child(x, child(x, md, "lifecycles"), "lifecycle");
	set_text(&doc->lifecycle, child(x, lc, "phase"));
}

static void
read_compositions(struct xctx *x, const xmlNode *cs)
{
	struct doc *doc = x->ld->doc;
	const xmlNode *c;
	char *a = NULL;

	for (c = cs != NULL ? cs->children : NULL; c != NULL; c = c->next) {
		if (!is(x, c, "composition"))
			continue;
		set_text(&a, child(x, c, "aggregate"));
		if (a != NULL && strcmp(a, "complete") == 0 &&
		    doc->completeness == DOC_COMPLETE_UNKNOWN)
			doc->completeness = DOC_COMPLETE;
		else if (a != NULL && (strncmp(a, "incomplete", 10) == 0 ||
		    strncmp(a, "partial", 7) == 0))
			doc->completeness = DOC_INCOMPLETE;
		FREE_AND_NULL(a);
	}
}

static int
read_deps(struct xctx *x, const xmlNode *ds)
{
	const xmlNode *d, *t;
	char *from = NULL, *to = NULL;
	int rc = 0;

	for (d = ds != NULL ? ds->children : NULL; d != NULL && rc == 0;
	    d = d->next) {
		if (!is(x, d, "dependency"))
			continue;
		set_attr(&from, d, "ref");
		for (t = d->children; t != NULL && rc == 0; t = t->next) {
			if (!is(x, t, "dependency"))
				continue;
			set_attr(&to, t, "ref");
			rc = load_edge(x->ld, from, to);
			FREE_AND_NULL(to);
		}
		FREE_AND_NULL(from);
	}
	return rc;
}

/* Refuses a DOCTYPE that declares entities, before libxml2 sees it. */
static int
check_doctype(struct loader *ld, const char *buf, size_t len)
{
	if (memmem(buf, len, "<!DOCTYPE", 9) == NULL)
		return 0;
	if (memmem(buf, len, "<!ENTITY", 8) != NULL)
		return diag_error(ld->d, "'%s': XML entity declarations are "
		    "not allowed", ld->doc->path);
	return 0;
}

static int
check_root(struct xctx *x, const xmlNode *root)
{
	static const char *const known[] = {
		"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"
	};
	const char *href;
	size_t i;

	if (root == NULL || strcmp((const char *)root->name, "bom") != 0 ||
	    root->ns == NULL || root->ns->href == NULL ||
	    strncmp((href = (const char *)root->ns->href), CDX_NS,
	    strlen(CDX_NS)) != 0)
		return diag_error(x->ld->d, "'%s' is not a CycloneDX "
		    "document", x->ld->doc->path);
	x->ns = root->ns;
	href += strlen(CDX_NS);
	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(href, known[i]) == 0) {
			load_set(&x->ld->doc->spec_version, href);
			return 0;
		}
	return diag_error(x->ld->d, "'%s': unsupported CycloneDX version "
	    "'%.16s'", x->ld->doc->path, href);
}

int
cdx_xml_parse(struct loader *ld, const char *buf, size_t len)
{
	struct xctx x = { ld, NULL };
	const xmlNode *root;
	const xmlError *e;
	xmlDoc *xd = NULL;
	int rc = -1;

	ld->doc->format = DOC_CYCLONEDX;
	ld->doc->encoding = DOC_XML;
	if (check_doctype(ld, buf, len) == -1)
		goto out;
	if (len > INT_MAX) {
		diag_error(ld->d, "'%s' is too large for XML", ld->doc->path);
		goto out;
	}
	xd = xmlReadMemory(buf, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (xd == NULL) {
		e = xmlGetLastError();
		diag_error(ld->d, "'%s': malformed XML at line %d",
		    ld->doc->path, e != NULL ? e->line : 0);
		goto out;
	}
	if (xd->intSubset != NULL && xd->intSubset->entities != NULL) {
		diag_error(ld->d, "'%s': XML entity declarations are not "
		    "allowed", ld->doc->path);
		goto out;
	}
	root = xmlDocGetRootElement(xd);
	if (check_root(&x, root) == -1)
		goto out;
	if (child(&x, root, "metadata") != NULL)
		read_metadata(&x, child(&x, root, "metadata"));
	read_compositions(&x, child(&x, root, "compositions"));
	if (read_list(&x, child(&x, root, "components"), NULL, 1) == -1 ||
	    read_deps(&x, child(&x, root, "dependencies")) == -1)
		goto out;
	rc = 0;
out:
	if (xd != NULL)
		xmlFreeDoc(xd);
	return rc;
}
