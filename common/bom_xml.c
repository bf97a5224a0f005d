/*
 * bom_xml.c: CycloneDX XML writer, through libxml2's xmlTextWriter
 * into a memory buffer. Elements follow the XSD sequences of 1.5, 1.6
 * and 1.7, which agree on everything written here except the author.
 * Content and order were decided by bom_finalize(). libxml2 memory is
 * released with libxml2's own functions.
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "bom.h"
#include "diag.h"
#include "strbuf.h"

/* A writer plus a sticky error flag, so calls need no checks each. */
struct xw {
	xmlTextWriterPtr	w;
	int			err;
};

static const xmlChar *
xs(const char *s)
{
	return (const xmlChar *)s;
}

static void
start(struct xw *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, xs(name)) < 0)
		x->err = 1;
}

static void
end(struct xw *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->err = 1;
}

static void
attr(struct xw *x, const char *name, const char *value)
{
	if (value == NULL)
		return;
	if (xmlTextWriterWriteAttribute(x->w, xs(name), xs(value)) < 0)
		x->err = 1;
}

static void
text(struct xw *x, const char *s)
{
	if (xmlTextWriterWriteString(x->w, xs(s)) < 0)
		x->err = 1;
}

/* <name>value</name>, or nothing when value is NULL. */
static void
elem(struct xw *x, const char *name, const char *value)
{
	if (value == NULL)
		return;
	start(x, name);
	text(x, value);
	end(x);
}

/* "author" was deprecated in 1.6 for "authors" (organizationalContact). */
static void
author(struct xw *x, const struct bom_component *c, enum bom_spec spec)
{
	if (c->author == NULL)
		return;
	if (spec == BOM_SPEC_1_5) {
		elem(x, "author", c->author);
		return;
	}
	start(x, "authors");
	start(x, "author");
	elem(x, "name", c->author);
	end(x);
	end(x);
}

static void
hashes(struct xw *x, const struct bom_component *c)
{
	size_t i;

	if (c->nhashes == 0)
		return;
	start(x, "hashes");
	for (i = 0; i < c->nhashes; i++) {
		start(x, "hash");
		attr(x, "alg", c->hashes[i].alg);
		text(x, c->hashes[i].content);
		end(x);
	}
	end(x);
}

static void
licenses(struct xw *x, const struct bom_component *c)
{
	const struct bom_license *l;
	size_t i;

	if (c->nlicenses == 0)
		return;
	start(x, "licenses");
	for (i = 0; i < c->nlicenses; i++) {
		l = &c->licenses[i];
		if (l->kind == BOM_LICENSE_EXPR) {
			elem(x, "expression", l->value);
			continue;
		}
		start(x, "license");
		elem(x, l->kind == BOM_LICENSE_ID ? "id" : "name", l->value);
		end(x);
	}
	end(x);
}

static void
properties(struct xw *x, const struct bom_component *c)
{
	size_t i;

	if (c->nprops == 0)
		return;
	start(x, "properties");
	for (i = 0; i < c->nprops; i++) {
		start(x, "property");
		attr(x, "name", c->props[i].name);
		text(x, c->props[i].value);
		end(x);
	}
	end(x);
}

static void
evidence(struct xw *x, const struct bom_component *c)
{
	size_t i;

	if (c->noccurrences == 0)
		return;
	start(x, "evidence");
	start(x, "occurrences");
	for (i = 0; i < c->noccurrences; i++) {
		start(x, "occurrence");
		elem(x, "location", c->occurrences[i]);
		end(x);
	}
	end(x);
	end(x);
}

static void
component(struct xw *x, const struct bom_component *c, enum bom_spec spec)
{
	start(x, "component");
	attr(x, "type", c->type);
	attr(x, "bom-ref", c->bom_ref);
	if (c->supplier != NULL) {
		start(x, "supplier");
		elem(x, "name", c->supplier);
		end(x);
	}
	author(x, c, spec);
	elem(x, "publisher", c->publisher);
	elem(x, "group", c->group);
	elem(x, "name", c->name);
	elem(x, "version", c->version);
	elem(x, "description", c->description);
	hashes(x, c);
	licenses(x, c);
	elem(x, "cpe", c->cpe);
	elem(x, "purl", c->purl);
	properties(x, c);
	evidence(x, c);
	end(x);
}

static void
metadata(struct xw *x, const struct bom *bom, enum bom_spec spec)
{
	start(x, "metadata");
	elem(x, "timestamp", bom->timestamp);
	start(x, "tools");
	start(x, "components");
	start(x, "component");
	attr(x, "type", "application");
	elem(x, "name", bom->tool_name);
	elem(x, "version", bom->tool_version);
	end(x);
	end(x);
	end(x);
	if (bom->subject != NULL)
		component(x, bom->subject, spec);
	end(x);
}

static void
dependency(struct xw *x, const struct bom_component *c)
{
	size_t i;

	start(x, "dependency");
	attr(x, "ref", c->bom_ref);
	for (i = 0; i < c->ndeps; i++) {
		start(x, "dependency");
		attr(x, "ref", c->deps[i]->bom_ref);
		end(x);
	}
	end(x);
}

static void
document(struct xw *x, const struct bom *bom, enum bom_spec spec)
{
	struct strbuf ns = STRBUF_INIT;
	size_t i;

	if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0)
		x->err = 1;
	strbuf_addf(&ns, "http://cyclonedx.org/schema/bom/%s",
	    bom_spec_name(spec));
	start(x, "bom");
	attr(x, "xmlns", strbuf_str(&ns));
	attr(x, "serialNumber", bom->serial);
	attr(x, "version", "1");
	strbuf_release(&ns);
	metadata(x, bom, spec);

	start(x, "components");
	for (i = 0; i < bom->ncomponents; i++)
		component(x, bom->components[i], spec);
	end(x);
	start(x, "dependencies");
	if (bom->subject != NULL)
		dependency(x, bom->subject);
	for (i = 0; i < bom->ncomponents; i++)
		dependency(x, bom->components[i]);
	end(x);
	end(x);
	if (xmlTextWriterEndDocument(x->w) < 0)
		x->err = 1;
}

static int
emit(const xmlBuffer *buf, FILE *f, struct diag *d)
{
	fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), f);
	if (fflush(f) == EOF || ferror(f))
		return diag_error(d, "cannot write the XML document: %s",
		    strerror(errno));
	return 0;
}

int
bom_write_xml(const struct bom *bom, enum bom_spec spec, FILE *f,
    struct diag *d)
{
	struct xw x = { NULL, 0 };
	xmlBufferPtr buf = NULL;
	int rc = -1;

	if (!bom->finalised)
		return diag_error(d, "cannot write a bom that is not "
		    "finalised");
	if (bom_spec_name(spec) == NULL)
		return diag_error(d, "unknown CycloneDX version '%d'",
		    (int)spec);
	if ((buf = xmlBufferCreate()) == NULL ||
	    (x.w = xmlNewTextWriterMemory(buf, 0)) == NULL) {
		diag_error(d, "cannot start the XML writer");
		goto out;
	}
	if (xmlTextWriterSetIndent(x.w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x.w, xs("  ")) < 0)
		x.err = 1;
	document(&x, bom, spec);
	xmlFreeTextWriter(x.w);
	x.w = NULL;
	if (x.err) {
		diag_error(d, "cannot format the XML document");
		goto out;
	}
	rc = emit(buf, f, d);
out:
	xmlFreeTextWriter(x.w);
	xmlBufferFree(buf);
	return rc;
}
