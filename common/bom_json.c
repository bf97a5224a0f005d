/*
 * bom_json.c: CycloneDX JSON writer. It turns a finalised bom into a
 * cJSON tree and prints that; every choice of content and order was
 * made by bom_finalize(). cJSON items added to a parent belong to it,
 * so only the root is deleted.
 */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bom.h"
#include "diag.h"
#include "xalloc.h"

static void
add_str(cJSON *obj, const char *key, const char *s)
{
	if (s != NULL)
		cJSON_AddItemToObject(obj, key, cJSON_CreateString(s));
}

static cJSON *
add_array(cJSON *obj, const char *key)
{
	cJSON *a = cJSON_CreateArray();

	cJSON_AddItemToObject(obj, key, a);
	return a;
}

static cJSON *
add_object(cJSON *obj, const char *key)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(obj, key, o);
	return o;
}

/* An organizationalEntity or organizationalContact: just a name. */
static void
add_named(cJSON *obj, const char *key, const char *name)
{
	if (name != NULL)
		add_str(add_object(obj, key), "name", name);
}

/* "author" was deprecated in 1.6 for "authors" (organizationalContact). */
static void
add_author(cJSON *obj, const struct bom_component *c, enum bom_spec spec)
{
	cJSON *a, *o;

	if (c->author == NULL)
		return;
	if (spec == BOM_SPEC_1_5) {
		add_str(obj, "author", c->author);
		return;
	}
	a = add_array(obj, "authors");
	o = cJSON_CreateObject();
	add_str(o, "name", c->author);
	cJSON_AddItemToArray(a, o);
}

static void
add_hashes(cJSON *obj, const struct bom_component *c)
{
	cJSON *a, *h;
	size_t i;

	if (c->nhashes == 0)
		return;
	a = add_array(obj, "hashes");
	for (i = 0; i < c->nhashes; i++) {
		h = cJSON_CreateObject();
		add_str(h, "alg", c->hashes[i].alg);
		add_str(h, "content", c->hashes[i].content);
		cJSON_AddItemToArray(a, h);
	}
}

static void
add_licenses(cJSON *obj, const struct bom_component *c)
{
	const struct bom_license *l;
	cJSON *a, *o;
	size_t i;

	if (c->nlicenses == 0)
		return;
	a = add_array(obj, "licenses");
	for (i = 0; i < c->nlicenses; i++) {
		l = &c->licenses[i];
		o = cJSON_CreateObject();
		if (l->kind == BOM_LICENSE_EXPR)
			add_str(o, "expression", l->value);
		else
			add_str(add_object(o, "license"),
			    l->kind == BOM_LICENSE_ID ? "id" : "name",
			    l->value);
		cJSON_AddItemToArray(a, o);
	}
}

static void
add_props(cJSON *obj, const struct bom_component *c)
{
	cJSON *a, *p;
	size_t i;

	if (c->nprops == 0)
		return;
	a = add_array(obj, "properties");
	for (i = 0; i < c->nprops; i++) {
		p = cJSON_CreateObject();
		add_str(p, "name", c->props[i].name);
		add_str(p, "value", c->props[i].value);
		cJSON_AddItemToArray(a, p);
	}
}

static void
add_evidence(cJSON *obj, const struct bom_component *c)
{
	cJSON *a, *o;
	size_t i;

	if (c->noccurrences == 0)
		return;
	a = add_array(add_object(obj, "evidence"), "occurrences");
	for (i = 0; i < c->noccurrences; i++) {
		o = cJSON_CreateObject();
		add_str(o, "location", c->occurrences[i]);
		cJSON_AddItemToArray(a, o);
	}
}

/* Members in the order of the XSD sequence, to match the XML writer. */
static cJSON *
component(const struct bom_component *c, enum bom_spec spec)
{
	cJSON *o = cJSON_CreateObject();

	add_str(o, "type", c->type);
	add_str(o, "bom-ref", c->bom_ref);
	add_named(o, "supplier", c->supplier);
	add_author(o, c, spec);
	add_str(o, "publisher", c->publisher);
	add_str(o, "group", c->group);
	add_str(o, "name", c->name);
	add_str(o, "version", c->version);
	add_str(o, "description", c->description);
	add_hashes(o, c);
	add_licenses(o, c);
	add_str(o, "cpe", c->cpe);
	add_str(o, "purl", c->purl);
	add_props(o, c);
	add_evidence(o, c);
	return o;
}

static void
add_metadata(cJSON *root, const struct bom *bom, enum bom_spec spec)
{
	cJSON *md, *tools, *tool;

	md = add_object(root, "metadata");
	add_str(md, "timestamp", bom->timestamp);
	tools = add_array(add_object(md, "tools"), "components");
	tool = cJSON_CreateObject();
	add_str(tool, "type", "application");
	add_str(tool, "name", bom->tool_name);
	add_str(tool, "version", bom->tool_version);
	cJSON_AddItemToArray(tools, tool);
	if (bom->subject != NULL)
		cJSON_AddItemToObject(md, "component",
		    component(bom->subject, spec));
}

static cJSON *
dependency(const struct bom_component *c)
{
	cJSON *o, *a;
	size_t i;

	o = cJSON_CreateObject();
	add_str(o, "ref", c->bom_ref);
	a = add_array(o, "dependsOn");
	for (i = 0; i < c->ndeps; i++)
		cJSON_AddItemToArray(a,
		    cJSON_CreateString(c->deps[i]->bom_ref));
	return o;
}

static cJSON *
bom_tree(const struct bom *bom, enum bom_spec spec)
{
	cJSON *root, *comps, *deps;
	char *schema;
	size_t i;

	root = cJSON_CreateObject();
	schema = xasprintf("http://cyclonedx.org/schema/bom-%s.schema.json",
	    bom_spec_name(spec));
	add_str(root, "$schema", schema);
	free(schema);
	add_str(root, "bomFormat", "CycloneDX");
	add_str(root, "specVersion", bom_spec_name(spec));
	add_str(root, "serialNumber", bom->serial);
	cJSON_AddItemToObject(root, "version", cJSON_CreateNumber(1));
	add_metadata(root, bom, spec);

	comps = add_array(root, "components");
	for (i = 0; i < bom->ncomponents; i++)
		cJSON_AddItemToArray(comps,
		    component(bom->components[i], spec));
	deps = add_array(root, "dependencies");
	if (bom->subject != NULL)
		cJSON_AddItemToArray(deps, dependency(bom->subject));
	for (i = 0; i < bom->ncomponents; i++)
		cJSON_AddItemToArray(deps, dependency(bom->components[i]));
	return root;
}

int
bom_write_json(const struct bom *bom, enum bom_spec spec, FILE *f,
    struct diag *d)
{
	cJSON *root = NULL;
	char *text = NULL;
	int rc = -1;

	if (!bom->finalised)
		return diag_error(d, "cannot write a bom that is not "
		    "finalised");
	if (bom_spec_name(spec) == NULL)
		return diag_error(d, "unknown CycloneDX version '%d'",
		    (int)spec);
	root = bom_tree(bom, spec);
	if ((text = cJSON_Print(root)) == NULL) {
		diag_error(d, "cannot format the JSON document");
		goto out;
	}
	fputs(text, f);
	fputc('\n', f);
	if (fflush(f) == EOF || ferror(f)) {
		diag_error(d, "cannot write the JSON document: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	cJSON_free(text);
	cJSON_Delete(root);
	return rc;
}
