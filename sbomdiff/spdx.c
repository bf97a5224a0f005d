#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "load.h"
#include "sbomdiff.h"
#include "xalloc.h"

/*
 * SPDX 2.2 and 2.3 JSON. Packages are the inventory; the package the
 * document DESCRIBES is the subject. Dependencies come from the
 * DEPENDS_ON, DEPENDENCY_OF and CONTAINS relationships.
 */

/* "Tool: syft-1.2.3" names the generator; the version follows the
 * last "-". */
static void
read_creators(struct doc *doc, const cJSON *ci)
{
	const cJSON *e;
	const char *s, *dash;

	cJSON_ArrayForEach(e, json_arr(ci, "creators")) {
		if (!cJSON_IsString(e) ||
		    strncmp(e->valuestring, "Tool:", 5) != 0)
			continue;
		s = e->valuestring + 5;
		while (*s == ' ')
			s++;
		if ((dash = strrchr(s, '-')) != NULL && dash != s) {
			doc->tool_name = xstrndup(s, (size_t)(dash - s));
			load_set(&doc->tool_version, dash + 1);
		} else
			load_set(&doc->tool_name, s);
		return;
	}
}

/* The SPDXID of the described package, borrowed from the JSON. */
static const char *
described(const cJSON *root)
{
	const cJSON *e;
	const char *t, *id;

	e = cJSON_GetArrayItem(json_arr(root, "documentDescribes"), 0);
	if (cJSON_IsString(e))
		return e->valuestring;
	cJSON_ArrayForEach(e, json_arr(root, "relationships")) {
		t = json_str(e, "relationshipType");
		id = json_str(e, "spdxElementId");
		if (t != NULL && strcmp(t, "DESCRIBES") == 0 && id != NULL &&
		    strcmp(id, "SPDXRef-DOCUMENT") == 0)
			return json_str(e, "relatedSpdxElement");
	}
	return NULL;
}

static void
read_refs(struct comp *c, const cJSON *p)
{
	const cJSON *e;
	const char *t, *loc;

	cJSON_ArrayForEach(e, json_arr(p, "externalRefs")) {
		t = json_str(e, "referenceType");
		loc = json_str(e, "referenceLocator");
		if (t == NULL || loc == NULL)
			continue;
		if (strcmp(t, "purl") == 0 && c->purl == NULL)
			load_set(&c->purl, loc);
		else if ((strcmp(t, "cpe23Type") == 0 ||
		    strcmp(t, "cpe22Type") == 0) && c->cpe == NULL)
			load_set(&c->cpe, loc);
		else if (strcmp(t, "swid") == 0 && c->swid == NULL)
			load_set(&c->swid, loc);
	}
}

static const char *
license_of(const cJSON *p)
{
	const char *s = json_str(p, "licenseDeclared");

	if (s != NULL && strcmp(s, "NOASSERTION") != 0 &&
	    strcmp(s, "NONE") != 0)
		return s;
	return json_str(p, "licenseConcluded");
}

static int
read_package(struct loader *ld, const cJSON *p)
{
	const cJSON *e;
	struct comp *c;
	const char *s;

	if ((c = load_comp(ld)) == NULL)
		return -1;
	load_set(&c->bom_ref, json_str(p, "SPDXID"));
	load_set(&c->name, json_str(p, "name"));
	load_set(&c->version, json_str(p, "versionInfo"));
	if ((s = json_str(p, "supplier")) == NULL)
		s = json_str(p, "originator");
	load_set(&c->supplier, s);
	if ((s = json_str(p, "primaryPackagePurpose")) != NULL) {
		char *t = xstrdup(s), *q;

		for (q = t; *q != '\0'; q++)
			*q = *q == '_' ? '-' : (char)(*q | 0x20);
		c->type = t;
	}
	read_refs(c, p);
	cJSON_ArrayForEach(e, json_arr(p, "checksums"))
		load_hash(c, json_str(e, "algorithm"),
		    json_str(e, "checksumValue"));
	if ((s = license_of(p)) != NULL)
		load_license(c, s, 0);
	return 0;
}

static void
read_subject(struct loader *ld, const cJSON *p)
{
	struct doc *doc = ld->doc;
	const cJSON *e;
	const char *t, *loc;

	load_set(&doc->subject_name, json_str(p, "name"));
	load_set(&doc->subject_version, json_str(p, "versionInfo"));
	cJSON_ArrayForEach(e, json_arr(p, "externalRefs")) {
		t = json_str(e, "referenceType");
		loc = json_str(e, "referenceLocator");
		if (t != NULL && loc != NULL && strcmp(t, "purl") == 0)
			load_set(&doc->subject_purl, loc);
	}
	cJSON_ArrayForEach(e, json_arr(p, "checksums"))
		load_subject_hash(ld, json_str(e, "algorithm"),
		    json_str(e, "checksumValue"));
}

static int
read_relationships(struct loader *ld, const cJSON *list)
{
	const cJSON *e;
	const char *t, *a, *b;

	cJSON_ArrayForEach(e, list) {
		t = json_str(e, "relationshipType");
		a = json_str(e, "spdxElementId");
		b = json_str(e, "relatedSpdxElement");
		if (t == NULL || a == NULL || b == NULL)
			continue;
		if ((strcmp(t, "DEPENDS_ON") == 0 ||
		    strcmp(t, "CONTAINS") == 0) && load_edge(ld, a, b) == -1)
			return -1;
		if (strcmp(t, "DEPENDENCY_OF") == 0 &&
		    load_edge(ld, b, a) == -1)
			return -1;
	}
	return 0;
}

static int
read_packages(struct loader *ld, const cJSON *root)
{
	const cJSON *p;
	const char *subject = described(root), *id;

	cJSON_ArrayForEach(p, json_arr(root, "packages")) {
		if (!cJSON_IsObject(p))
			return diag_error(ld->d, "'%s': a package is not an "
			    "object", ld->doc->path);
		id = json_str(p, "SPDXID");
		if (subject != NULL && id != NULL && strcmp(id, subject) == 0) {
			read_subject(ld, p);
			continue;
		}
		if (read_package(ld, p) == -1)
			return -1;
	}
	return 0;
}

int
spdx_json_parse(struct loader *ld, const char *buf, size_t len)
{
	const cJSON *ci;
	const char *v;
	cJSON *root;
	int rc = -1;

	ld->doc->format = DOC_SPDX;
	ld->doc->encoding = DOC_JSON;
	if ((root = load_json_parse(ld, buf, len)) == NULL)
		goto out;
	v = json_str(root, "spdxVersion");
	if (v == NULL || (strcmp(v, "SPDX-2.2") != 0 &&
	    strcmp(v, "SPDX-2.3") != 0)) {
		diag_error(ld->d, "'%s': unsupported SPDX version '%.16s'",
		    ld->doc->path, v != NULL ? v : "");
		goto out;
	}
	load_set(&ld->doc->spec_version, v);
	ci = cJSON_GetObjectItemCaseSensitive(root, "creationInfo");
	if (cJSON_IsObject(ci))
		read_creators(ld->doc, ci);
	if (read_packages(ld, root) == -1 ||
	    read_relationships(ld, json_arr(root, "relationships")) == -1)
		goto out;
	rc = 0;
out:
	cJSON_Delete(root);
	arena_json_end();
	return rc;
}
