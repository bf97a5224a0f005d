#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "load.h"
#include "sbomdiff.h"
#include "xalloc.h"

/*
 * CycloneDX JSON, specification versions 1.2 to 1.7. Only the fields
 * that take part in a comparison are read; everything else, including
 * serialNumber, version, timestamps and bom-refs (except to resolve
 * dependencies), is ignored on purpose.
 */

static const cJSON *
obj(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsObject(v) ? v : NULL;
}

static void
read_licenses(struct comp *c, const cJSON *list)
{
	const cJSON *e, *l;
	const char *s;

	cJSON_ArrayForEach(e, list) {
		if ((s = json_str(e, "expression")) != NULL) {
			load_license(c, s, 0);
			continue;
		}
		if ((l = obj(e, "license")) == NULL)
			continue;
		if ((s = json_str(l, "id")) != NULL)
			load_license(c, s, 0);
		else if ((s = json_str(l, "name")) != NULL)
			load_license(c, s, 1);
	}
}

/* Where a component was found: evidence and well-known properties. */
static void
read_locations(struct comp *c, const cJSON *jc)
{
	const cJSON *e, *ev;
	const char *name, *s;
	size_t n;

	if ((ev = obj(jc, "evidence")) != NULL)
		cJSON_ArrayForEach(e, json_arr(ev, "occurrences"))
			load_location(c, json_str(e, "location"));
	cJSON_ArrayForEach(e, json_arr(jc, "properties")) {
		if ((name = json_str(e, "name")) == NULL ||
		    (s = json_str(e, "value")) == NULL)
			continue;
		n = strlen(name);
		/* syft: "syft:location:0:path"; trivy: "...:FilePath". */
		if ((strncmp(name, "syft:location:", 14) == 0 && n > 5 &&
		    strcmp(name + n - 5, ":path") == 0) ||
		    strcmp(name, "aquasecurity:trivy:FilePath") == 0)
			load_location(c, s);
	}
}

static const char *
supplier_of(const cJSON *jc)
{
	const cJSON *s = obj(jc, "supplier");
	const char *v;

	if (s != NULL && (v = json_str(s, "name")) != NULL)
		return v;
	/* The author wrote the code; only a publisher can stand in. */
	return json_str(jc, "publisher");
}

static int read_list(struct loader *, const cJSON *, const char *, int);

static int
read_comp(struct loader *ld, const cJSON *jc, const char *parents,
    int depth)
{
	const cJSON *e, *sw;
	struct comp *c;
	char *chain;
	int rc;

	if ((c = load_comp(ld)) == NULL)
		return -1;
	load_set(&c->bom_ref, json_str(jc, "bom-ref"));
	load_set(&c->type, json_str(jc, "type"));
	load_set(&c->group, json_str(jc, "group"));
	load_set(&c->name, json_str(jc, "name"));
	load_set(&c->version, json_str(jc, "version"));
	/* CycloneDX: a component without scope is required. */
	load_set(&c->scope, json_str(jc, "scope") != NULL ?
	    json_str(jc, "scope") : "required");
	load_set(&c->purl, json_str(jc, "purl"));
	load_set(&c->cpe, json_str(jc, "cpe"));
	load_set(&c->supplier, supplier_of(jc));
	load_set(&c->parents, parents);
	if ((sw = obj(jc, "swid")) != NULL)
		load_set(&c->swid, json_str(sw, "tagId"));
	cJSON_ArrayForEach(e, json_arr(jc, "hashes"))
		load_hash(c, json_str(e, "alg"), json_str(e, "content"));
	read_licenses(c, json_arr(jc, "licenses"));
	read_locations(c, jc);
	if (json_arr(jc, "components") == NULL)
		return 0;
	/* c may move when the nested ones are added. */
	chain = load_chain(parents, c->name != NULL ? c->name : "");
	rc = read_list(ld, json_arr(jc, "components"), chain, depth + 1);
	free(chain);
	return rc;
}

static int
read_list(struct loader *ld, const cJSON *list, const char *parents,
    int depth)
{
	const cJSON *e;

	if (depth > SD_MAX_DEPTH)
		return diag_error(ld->d, "'%s': components nested more than "
		    "%d deep (SD_MAX_DEPTH)", ld->doc->path, SD_MAX_DEPTH);
	cJSON_ArrayForEach(e, list) {
		if (!cJSON_IsObject(e))
			return diag_error(ld->d, "'%s': a component is not "
			    "an object", ld->doc->path);
		if (read_comp(ld, e, parents, depth) == -1)
			return -1;
	}
	return 0;
}

static void
read_subject(struct loader *ld, const cJSON *jc)
{
	struct doc *doc = ld->doc;
	const cJSON *e;

	load_set(&doc->subject_name, json_str(jc, "name"));
	load_set(&doc->subject_version, json_str(jc, "version"));
	load_set(&doc->subject_purl, json_str(jc, "purl"));
	cJSON_ArrayForEach(e, json_arr(jc, "hashes"))
		load_subject_hash(ld, json_str(e, "alg"),
		    json_str(e, "content"));
	cJSON_ArrayForEach(e, json_arr(jc, "properties"))
		load_subject_prop(ld, json_str(e, "name"),
		    json_str(e, "value"));
}

/* metadata.tools: an array (up to 1.4) or {components, services}. */
static void
read_tools(struct doc *doc, const cJSON *tools)
{
	const cJSON *first = NULL, *o;

	if (cJSON_IsArray(tools))
		first = cJSON_GetArrayItem(tools, 0);
	else if (cJSON_IsObject(tools)) {
		if ((o = json_arr(tools, "components")) != NULL)
			first = cJSON_GetArrayItem(o, 0);
		if (first == NULL && (o = json_arr(tools, "services")) != NULL)
			first = cJSON_GetArrayItem(o, 0);
	}
	if (!cJSON_IsObject(first))
		return;
	load_set(&doc->tool_name, json_str(first, "name"));
	load_set(&doc->tool_version, json_str(first, "version"));
}

static void
read_metadata(struct loader *ld, const cJSON *md)
{
	struct doc *doc = ld->doc;
	const cJSON *e, *jc;

	read_tools(doc, cJSON_GetObjectItemCaseSensitive(md, "tools"));
	if ((jc = obj(md, "component")) != NULL)
		read_subject(ld, jc);
	cJSON_ArrayForEach(e, json_arr(md, "lifecycles"))
		if (doc->lifecycle == NULL)
			load_set(&doc->lifecycle, json_str(e, "phase"));
}

static void
read_compositions(struct doc *doc, const cJSON *list)
{
	const cJSON *e;
	const char *a;

	cJSON_ArrayForEach(e, list) {
		if ((a = json_str(e, "aggregate")) == NULL)
			continue;
		if (strcmp(a, "complete") == 0 &&
		    doc->completeness == DOC_COMPLETE_UNKNOWN)
			doc->completeness = DOC_COMPLETE;
		else if (strncmp(a, "incomplete", 10) == 0 ||
		    strncmp(a, "partial", 7) == 0)
			doc->completeness = DOC_INCOMPLETE;
	}
}

static int
read_deps(struct loader *ld, const cJSON *list)
{
	const cJSON *e, *t;
	const char *from;

	cJSON_ArrayForEach(e, list) {
		if ((from = json_str(e, "ref")) == NULL)
			continue;
		cJSON_ArrayForEach(t, json_arr(e, "dependsOn"))
			if (cJSON_IsString(t) &&
			    load_edge(ld, from, t->valuestring) == -1)
				return -1;
	}
	return 0;
}

static int
check_version(struct loader *ld, const char *v)
{
	static const char *const known[] = {
		"1.2", "1.3", "1.4", "1.5", "1.6", "1.7"
	};
	size_t i;

	if (v == NULL)
		return diag_error(ld->d, "'%s': CycloneDX document without "
		    "specVersion", ld->doc->path);
	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(v, known[i]) == 0) {
			load_set(&ld->doc->spec_version, v);
			return 0;
		}
	return diag_error(ld->d, "'%s': unsupported CycloneDX version '%.16s'",
	    ld->doc->path, v);
}

int
cdx_json_parse(struct loader *ld, const char *buf, size_t len)
{
	const char *fmt;
	cJSON *root;
	int rc = -1;

	ld->doc->format = DOC_CYCLONEDX;
	ld->doc->encoding = DOC_JSON;
	if ((root = load_json_parse(ld, buf, len)) == NULL)
		goto out;
	if (!cJSON_IsObject(root) ||
	    (fmt = json_str(root, "bomFormat")) == NULL ||
	    strcmp(fmt, "CycloneDX") != 0) {
		diag_error(ld->d, "'%s' is not a CycloneDX or SPDX document",
		    ld->doc->path);
		goto out;
	}
	if (check_version(ld, json_str(root, "specVersion")) == -1)
		goto out;
	if (obj(root, "metadata") != NULL)
		read_metadata(ld, obj(root, "metadata"));
	read_compositions(ld->doc, json_arr(root, "compositions"));
	if (read_list(ld, json_arr(root, "components"), NULL, 1) == -1 ||
	    read_deps(ld, json_arr(root, "dependencies")) == -1)
		goto out;
	rc = 0;
out:
	cJSON_Delete(root);
	arena_json_end();
	return rc;
}
