#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bom.h"
#include "diag.h"
#include "strbuf.h"
#include "unit.h"
#include "xalloc.h"

/* 2023-11-14T22:13:20Z, the epoch tests/golden.sh uses too. */
#define EPOCH	1700000000LL

#define ZLIB_PURL	"pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1" \
			"?arch=amd64&distro=debian-12"
#define LIBC_PURL	"pkg:deb/debian/libc6@2.36-9%2Bdeb12u4" \
			"?arch=amd64&distro=debian-12"
#define ZLIB_SHA	"4f2a8f8c1d4e9b0a6c3e5d7f9a1b3c5d" \
			"7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b"

static void
escape_one(const char *in, const char *want)
{
	char *got = bom_utf8_escape(in);

	CHECK_STR(got, want);
	free(got);
}

static void
test_escape(void)
{
	escape_one("plain", "plain");
	escape_one("a\\b", "a\\\\b");
	escape_one("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	escape_one("caf\xe9", "caf\\xE9");
	escape_one("tab\tnl\ncr\r", "tab\tnl\ncr\r");
	escape_one("bell\x07" "esc\x1b" "del\x7f", "bell\\x07esc\\x1Bdel\x7f");
	/* Overlong '/', a surrogate, past U+10FFFF, truncated, U+FFFE. */
	escape_one("\xc0\xaf", "\\xC0\\xAF");
	escape_one("\xed\xa0\x80", "\\xED\\xA0\\x80");
	escape_one("\xf4\x90\x80\x80", "\\xF4\\x90\\x80\\x80");
	escape_one("\xe2\x82", "\\xE2\\x82");
	escape_one("\xef\xbf\xbe", "\\xEF\\xBF\\xBE");
	escape_one("\xef\xbf\xbd", "\xef\xbf\xbd");
	CHECK(bom_utf8_escape(NULL) == NULL);
}

/*
 * The sample: an image with three components, zlib1g depending on
 * libc6, a license expression beside an id, and a file whose name and
 * location are not UTF-8. Components are added in the order given by
 * perm (a permutation of 0..2) so that the order can be shown not to
 * matter.
 */
static void
add_zlib(struct bom *bom, struct bom_component **out)
{
	struct bom_component *c = bom_add(bom, "library");

	bom_set(&c->name, "zlib1g");
	bom_set(&c->version, "1:1.2.13.dfsg-1");
	bom_set(&c->purl, ZLIB_PURL);
	bom_set(&c->supplier, "Debian");
	bom_set(&c->author, "Mark Brown <broonie@debian.org>");
	bom_set(&c->description, "compression library - runtime");
	bom_license_add(c, BOM_LICENSE_ID, "Zlib");
	bom_hash_add(c, "SHA-256", ZLIB_SHA);
	bom_prop_add(c, "sbomgen:package:source", "zlib");
	bom_prop_add(c, "sbomgen:layer", "sha256:bbb");
	bom_prop_add(c, "sbomgen:layer", "sha256:aaa");
	bom_prop_add(c, "sbomgen:layer", "sha256:aaa");
	bom_occurrence_add(c, "/var/lib/dpkg/status");
	c->toplevel = 1;
	*out = c;
}

static void
add_libc(struct bom *bom, struct bom_component **out)
{
	struct bom_component *c = bom_add(bom, "library");

	bom_set(&c->name, "libc6");
	bom_set(&c->version, "2.36-9+deb12u4");
	bom_set(&c->purl, LIBC_PURL);
	bom_set(&c->cpe, "cpe:2.3:a:gnu:glibc:2.36:*:*:*:*:*:*:*");
	bom_license_add(c, BOM_LICENSE_ID, "GPL-2.0-only");
	bom_license_add(c, BOM_LICENSE_EXPR,
	    "LGPL-2.1-or-later AND GPL-2.0-or-later");
	bom_occurrence_add(c, "/var/lib/dpkg/status");
	c->toplevel = 1;
	*out = c;
}

static void
add_file(struct bom *bom, struct bom_component **out)
{
	struct bom_component *c = bom_add(bom, "file");

	bom_set(&c->name, "caf\xe9\\menu.txt");
	bom_set(&c->sortkey, "/srv/caf\xe9\\menu.txt");
	bom_license_add(c, BOM_LICENSE_NAME, "Caf\xc3\xa9 Licence");
	bom_occurrence_add(c, "/srv/caf\xe9\\menu.txt");
	bom_occurrence_add(c, "/srv/a\x01" "b");
	*out = c;
}

static struct bom *
sample(const int perm[3])
{
	struct bom_component *c[3] = { NULL, NULL, NULL }, *s;
	struct bom *bom;
	int i;

	bom = bom_new("sbomgen", "0.1.0");
	s = bom_subject(bom, "container");
	bom_set(&s->name, "example/app");
	bom_set(&s->version, "sha256:0123456789abcdef");
	for (i = 0; i < 3; i++) {
		if (perm[i] == 0)
			add_zlib(bom, &c[0]);
		else if (perm[i] == 1)
			add_libc(bom, &c[1]);
		else
			add_file(bom, &c[2]);
	}
	bom_dep_add(c[0], c[1]);
	bom_dep_add(c[0], c[1]);
	bom_dep_add(c[0], c[0]);
	return bom;
}

/* Writes bom into a string; xml selects the writer. */
static char *
render(const struct bom *bom, enum bom_spec spec, int xml)
{
	struct diag d;
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	diag_init(&d);
	f = open_memstream(&out, &len);
	CHECK(f != NULL);
	if (f == NULL)
		return xstrdup("");
	rc = xml ? bom_write_xml(bom, spec, f, &d) :
	    bom_write_json(bom, spec, f, &d);
	CHECK_INT(rc, 0);
	fclose(f);
	return out;
}

/* Leaves a copy for tests/t-schema.sh when $SBOM_COLLECT is set. */
static void
collect(const char *name, const char *text)
{
	const char *dir = getenv("SBOM_COLLECT");
	char *path;
	FILE *f;

	if (dir == NULL || *dir == '\0')
		return;
	path = xasprintf("%s/bom_test-%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

static void
compare_golden(const struct bom *bom, enum bom_spec spec, int xml)
{
	const char *top = getenv("TOP");
	char *name, *path, *want, *got;

	name = xasprintf("small-%s.cdx.%s", bom_spec_name(spec),
	    xml ? "xml" : "json");
	path = xasprintf("%s/tests/data-bom/%s", top != NULL ? top : ".",
	    name);
	got = render(bom, spec, xml);
	collect(name, got);
	want = unit_slurp(path, NULL);
	if (want == NULL)
		fprintf(stderr, "cannot read '%s'\n", path);
	CHECK(want != NULL && strcmp(got, want) == 0);
	free(want);
	free(got);
	free(path);
	free(name);
}

static void
test_golden(void)
{
	static const int order[3] = { 0, 1, 2 };
	static const enum bom_spec specs[] = {
		BOM_SPEC_1_5, BOM_SPEC_1_6, BOM_SPEC_1_7
	};
	struct bom *bom;
	struct diag d;
	size_t i;

	diag_init(&d);
	bom = sample(order);
	CHECK_INT(bom_finalize(bom, EPOCH, &d), 0);
	CHECK_STR(bom->timestamp, "2023-11-14T22:13:20Z");
	for (i = 0; i < ARRAY_SIZE(specs); i++) {
		compare_golden(bom, specs[i], 0);
		compare_golden(bom, specs[i], 1);
	}
	bom_free(bom);
}

static void
test_model(void)
{
	static const int order[3] = { 2, 1, 0 };
	struct bom_component *z;
	struct bom *bom;
	struct diag d;

	diag_init(&d);
	bom = sample(order);
	CHECK_INT(bom_finalize(bom, EPOCH, &d), 0);
	CHECK_INT(bom->ncomponents, 3);
	/* No purl sorts first; then libc6 before zlib1g by purl. */
	CHECK_STR(bom->components[0]->name, "caf\\xE9\\\\menu.txt");
	CHECK_STR(bom->components[1]->bom_ref, LIBC_PURL);
	z = bom->components[2];
	CHECK_STR(z->bom_ref, ZLIB_PURL);
	CHECK_INT(z->ndeps, 1);
	CHECK(z->ndeps == 1 && z->deps[0] == bom->components[1]);
	CHECK_INT(z->nprops, 3);
	CHECK_STR(z->props[0].name, "sbomgen:layer");
	CHECK_STR(z->props[0].value, "sha256:aaa");
	CHECK_STR(z->props[1].value, "sha256:bbb");
	CHECK_INT(bom->components[1]->nlicenses, 1);
	CHECK(bom->components[1]->licenses[0].kind == BOM_LICENSE_EXPR);
	CHECK_INT(bom->subject->ndeps, 2);
	CHECK_STR(bom->subject->bom_ref, "container/example/app@"
	    "sha256:0123456789abcdef");
	CHECK_STR(bom->components[0]->occurrences[0], "/srv/a\\x01b");
	/* Finalising again changes nothing. */
	CHECK_INT(bom_finalize(bom, EPOCH, &d), 0);
	CHECK_INT(bom->subject->ndeps, 2);
	CHECK_INT(z->nprops, 3);
	bom_free(bom);
}

/* Insertion order and a second run must not change a byte. */
static void
test_determinism(void)
{
	static const int o1[3] = { 0, 1, 2 }, o2[3] = { 2, 0, 1 };
	struct bom *a, *b;
	char *ja, *jb, *xa, *xb;
	struct diag d;

	diag_init(&d);
	a = sample(o1);
	b = sample(o2);
	CHECK_INT(bom_finalize(a, EPOCH, &d), 0);
	CHECK_INT(bom_finalize(b, EPOCH, &d), 0);
	CHECK_STR(a->serial, b->serial);
	ja = render(a, BOM_SPEC_1_6, 0);
	jb = render(b, BOM_SPEC_1_6, 0);
	xa = render(a, BOM_SPEC_1_6, 1);
	xb = render(b, BOM_SPEC_1_6, 1);
	CHECK(strcmp(ja, jb) == 0);
	CHECK(strcmp(xa, xb) == 0);
	free(ja);
	free(jb);
	free(xa);
	free(xb);
	bom_free(a);
	bom_free(b);
}

/* Without an epoch: a random v4 serial that differs between runs. */
static void
test_random(void)
{
	static const int order[3] = { 0, 1, 2 };
	struct bom *a, *b;
	struct diag d;

	diag_init(&d);
	a = sample(order);
	b = sample(order);
	CHECK_INT(bom_finalize(a, -1, &d), 0);
	CHECK_INT(bom_finalize(b, -1, &d), 0);
	CHECK(strcmp(a->serial, b->serial) != 0);
	CHECK_INT(strlen(a->serial), 45);
	CHECK_INT(a->serial[23], '4');
	CHECK(strchr("89ab", a->serial[28]) != NULL);
	CHECK_INT(strlen(a->timestamp), 20);
	bom_free(a);
	bom_free(b);
	a = sample(order);
	CHECK_INT(bom_finalize(a, 253402300800LL, &d), -1);
	CHECK(strstr(d.msg, "9999") != NULL);
	bom_free(a);
}

/* Two copies of one package in different places get distinct refs. */
static void
test_duplicate_purls(void)
{
	struct bom_component *a, *b, *c, *e;
	struct bom *bom;
	struct diag d;

	diag_init(&d);
	bom = bom_new("sbomgen", "0.1.0");
	a = bom_add(bom, "library");
	b = bom_add(bom, "library");
	c = bom_add(bom, "library");
	e = bom_add(bom, "library");
	bom_set(&a->name, "left-pad");
	bom_set(&a->version, "1.3.0");
	bom_set(&a->purl, "pkg:npm/left-pad@1.3.0");
	bom_set(&a->sortkey, "/app/node_modules/left-pad");
	bom_set(&b->name, "left-pad");
	bom_set(&b->version, "1.3.0");
	bom_set(&b->purl, "pkg:npm/left-pad@1.3.0");
	bom_set(&b->sortkey, "/srv/node_modules/left-pad");
	/* Identical content too: only the counter tells them apart. */
	bom_set(&c->name, "x");
	bom_set(&e->name, "x");
	bom_dep_add(a, b);
	CHECK_INT(bom_finalize(bom, EPOCH, &d), 0);
	CHECK(strcmp(a->bom_ref, b->bom_ref) != 0);
	CHECK(strncmp(a->bom_ref, "pkg:npm/left-pad@1.3.0#", 23) == 0);
	CHECK_INT(strlen(a->bom_ref), 23 + 12);
	CHECK(strncmp(c->bom_ref, "library/x#", 10) == 0);
	CHECK(strcmp(c->bom_ref, e->bom_ref) != 0);
	CHECK_INT(a->ndeps, 1);
	bom_free(bom);
}

/* Fields set past the setters are still made safe, and defaults set. */
static void
test_direct(void)
{
	struct bom_component *c, *s;
	struct bom *bom;
	struct diag d;

	diag_init(&d);
	bom = bom_new("sbomgen", "0.1.0");
	s = bom_subject(bom, NULL);
	c = bom_add(bom, NULL);
	c->name = xstrdup("raw\xff\x02");
	c->version = xstrdup("1\\2");
	CHECK_INT(bom_finalize(bom, EPOCH, &d), 0);
	CHECK_STR(c->name, "raw\\xFF\\x02");
	CHECK_STR(c->version, "1\\2");
	CHECK_STR(c->type, "library");
	CHECK_STR(s->type, "container");
	CHECK_STR(s->name, "");
	CHECK_STR(s->bom_ref, "container/");
	bom_free(bom);
}

static void
test_errors(void)
{
	static const int order[3] = { 0, 1, 2 };
	struct bom *bom;
	struct diag d;
	FILE *f;

	diag_init(&d);
	bom = sample(order);
	CHECK_INT(bom_write_json(bom, BOM_SPEC_1_6, stdout, &d), -1);
	CHECK(strstr(d.msg, "finalised") != NULL);
	diag_clear(&d);
	CHECK_INT(bom_finalize(bom, EPOCH, &d), 0);
	CHECK_INT(bom_write_xml(bom, (enum bom_spec)14, stdout, &d), -1);
	diag_clear(&d);
	if ((f = fopen("/dev/full", "w")) != NULL) {
		CHECK_INT(bom_write_json(bom, BOM_SPEC_1_6, f, &d), -1);
		CHECK(strstr(d.msg, "cannot write") != NULL);
		clearerr(f);
		diag_clear(&d);
		CHECK_INT(bom_write_xml(bom, BOM_SPEC_1_7, f, &d), -1);
		CHECK(strstr(d.msg, "cannot write") != NULL);
		fclose(f);
	}
	bom_free(bom);
}

/* No subject and no components is still a valid document. */
static void
test_empty(void)
{
	struct bom *bom;
	struct diag d;
	char *j, *x;

	diag_init(&d);
	bom = bom_new("sbomgen", NULL);
	CHECK_INT(bom_finalize(bom, 0, &d), 0);
	CHECK_STR(bom->timestamp, "1970-01-01T00:00:00Z");
	j = render(bom, BOM_SPEC_1_5, 0);
	x = render(bom, BOM_SPEC_1_5, 1);
	collect("empty-1.5.cdx.json", j);
	collect("empty-1.5.cdx.xml", x);
	CHECK(strstr(j, "\"components\":\t[]") != NULL);
	CHECK(strstr(x, "<components/>") != NULL);
	free(j);
	free(x);
	bom_free(bom);
}

int
main(void)
{
	test_escape();
	test_model();
	test_golden();
	test_determinism();
	test_random();
	test_duplicate_purls();
	test_direct();
	test_errors();
	test_empty();
	return UNIT_DONE("bom_test");
}
