/*
 * apk_test.c: apk_parse() on small hand-written databases, then on the
 * real lib/apk/db/installed files in $SHARED/fixtures/apk.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pkg.h"
#include "strbuf.h"
#include "unit.h"
#include "xalloc.h"

/* Parses $SHARED/fixtures/apk/rel; returns -2 when it is missing. */
static int
parse_fixture(const char *rel, struct pkglist *l, struct diag *d)
{
	char *data;
	size_t len;
	int n;

	data = unit_fixture("apk", rel, &len);
	diag_init(d);
	n = data == NULL ? -2 : apk_parse(data, len, rel, l, d);
	free(data);
	return n;
}

static const struct pkg *
find(const struct pkglist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

static void
test_basic(void)
{
	struct pkglist l = { 0 };
	struct diag d;
	const char *s =
	    "C:Q1bTtF5526tETKfL+lnigzIDvm+2o=\r\n"
	    "P:musl-utils\r\n"
	    "V:1.1.24-r2\r\n"
	    "A:x86_64\r\n"
	    "S:37944\r\n"
	    "I:151552\r\n"
	    "T:the musl c library (libc) implementation\r\n"
	    "U:https://musl.libc.org/\r\n"
	    "L:MIT BSD GPL2+\r\n"
	    "o:musl\r\n"
	    "m:Timo Ter\xc3\xa4s <timo.teras@iki.fi>\r\n"
	    "D:scanelf so:libc.musl-x86_64.so.1 foo>=1.2 !conflict\r\n"
	    "p:cmd:getconf cmd:getent\r\n"
	    "F:usr/bin\r\n"
	    "R:iconv\r\n"
	    "a:0:0:755\r\n"
	    "Z:Q1CVmFbdY+Hv6/jAHl1gec2Kbx1EY=\r\n"
	    "\r\n"
	    "P:empty-deps\nV:1.0-r0\nD:\np:\nI:12KB\n";

	diag_init(&d);
	CHECK_INT(apk_parse(s, strlen(s), "installed", &l, &d), 2);
	CHECK_INT(d.nwarn, 1);		/* I:12KB */
	CHECK_STR(l.v[0].name, "musl-utils");
	CHECK_STR(l.v[0].version, "1.1.24-r2");
	CHECK_STR(l.v[0].arch, "x86_64");
	CHECK_STR(l.v[0].installed_size, "151552");
	CHECK_STR(l.v[0].description,
	    "the musl c library (libc) implementation");
	CHECK_STR(l.v[0].homepage, "https://musl.libc.org/");
	CHECK_STR(l.v[0].license, "MIT BSD GPL2+");
	CHECK_STR(l.v[0].source, "musl");
	CHECK_STR(l.v[0].source_version, NULL);
	CHECK_STR(l.v[0].maintainer, "Timo Ter\xc3\xa4s <timo.teras@iki.fi>");
	CHECK_STR(l.v[0].depends,
	    "scanelf so:libc.musl-x86_64.so.1 foo>=1.2 !conflict");
	CHECK_STR(l.v[0].provides, "cmd:getconf cmd:getent");
	CHECK_STR(l.v[0].checksum, "Q1bTtF5526tETKfL+lnigzIDvm+2o=");
	CHECK_INT(l.v[0].line, 1);
	CHECK_STR(l.v[1].depends, NULL);
	CHECK_STR(l.v[1].provides, NULL);
	CHECK_STR(l.v[1].installed_size, NULL);
	CHECK_INT(l.v[1].line, 19);
	pkglist_release(&l);
}

static void
test_malformed(void)
{
	struct pkglist l = { 0 };
	struct diag d;
	const char *s =
	    "this is a corrupt db\n\n"
	    "P:nover\nA:x86_64\n\n"
	    "V:1.0-r0\n\n"
	    "P:ok\nV:2.0-r1\n\n"
	    "P:midbad\nV:1\n:oops\n\n"
	    "P:last\nV:3\n";
	static const char bin[] = "P:x\nV:1\n\0\0\0\x01";

	diag_init(&d);
	CHECK_INT(apk_parse(s, strlen(s), "installed", &l, &d), 2);
	CHECK_INT(d.nwarn, 4);
	CHECK_INT(d.failed, 0);
	CHECK_STR(l.v[0].name, "ok");
	CHECK_STR(l.v[1].name, "last");
	pkglist_release(&l);

	diag_init(&d);
	CHECK_INT(apk_parse(bin, sizeof(bin) - 1, "installed", &l, &d), -1);
	CHECK_INT(d.failed, 1);
	CHECK(strstr(d.msg, "not an apk database") != NULL);
	CHECK_INT(apk_parse("", 0, "installed", &l, &d), 0);
	pkglist_release(&l);
}

static void
test_fixtures(void)
{
	struct pkglist l = { 0 };
	const struct pkg *p;
	struct diag d;

	if (parse_fixture("syft-multiple-2/lib/apk/db/installed", &l,
	    &d) == 14) {
		CHECK_INT(d.nwarn, 0);
		p = find(&l, "ca-certificates-bundle");
		CHECK(p != NULL);
		if (p != NULL) {
			CHECK_STR(p->version, "20220614-r0");
			CHECK_STR(p->license, "MPL-2.0 AND MIT");
			CHECK_STR(p->source, "ca-certificates");
			CHECK_STR(p->provides,
			    "ca-certificates-cacert=20220614-r0");
		}
		p = find(&l, "busybox");
		CHECK(p != NULL);
		if (p != NULL) {
			CHECK_STR(p->version, "1.35.0-r17");
			CHECK_STR(p->arch, "x86_64");
			CHECK_STR(p->installed_size, "962560");
			CHECK_STR(p->depends, "so:libc.musl-x86_64.so.1");
			CHECK_STR(p->provides, "/bin/sh cmd:busybox=1.35.0-r17 "
			    "cmd:sh=1.35.0-r17");
			CHECK_STR(p->maintainer, "S\xc3\xb6ren Tempel "
			    "<soeren+alpine@soeren-tempel.net>");
		}
		p = find(&l, "libc-utils");
		CHECK(p != NULL && strcmp(p->license,
		    "BSD-2-Clause AND BSD-3-Clause") == 0);
	} else
		CHECK(unit_skip > 0);
	pkglist_release(&l);

	if (parse_fixture("trivy-apk.installed", &l, &d) != -2) {
		CHECK_INT(l.n, 15);
		CHECK_INT(d.nwarn, 1);
		CHECK(find(&l, "invalidPackageWithoutAVersion") == NULL);
		p = find(&l, "ada-libs");
		CHECK(p != NULL && strcmp(p->license,
		    "( Apache-2.0 OR MIT ) AND MPL-2.0") == 0);
		p = find(&l, "test");
		CHECK(p != NULL && strcmp(p->version,
		    "2.9.11_pre20061021-r2") == 0);
		CHECK(p != NULL && strcmp(p->source, "test-parent") == 0);
	}
	pkglist_release(&l);
}

static void
test_small_fixtures(void)
{
	struct pkglist l = { 0 };
	const struct pkg *p;
	struct diag d;

	if (parse_fixture("syft-corrupt/lib/apk/db/installed", &l,
	    &d) != -2) {
		CHECK_INT(l.n, 1);
		CHECK_INT(d.nwarn, 1);
		CHECK_INT(d.failed, 0);
		CHECK_STR(l.v[0].name, "alpine-baselayout-data");
		CHECK_STR(l.v[0].version, "3.2.0-r22");
		CHECK_INT(l.v[0].line, 3);
	}
	pkglist_release(&l);

	if (parse_fixture("syft-multiple-1/lib/apk/db/installed", &l,
	    &d) != -2) {
		CHECK_INT(l.n, 4);
		p = find(&l, "musl");
		CHECK(p != NULL && strcmp(p->version,
		    "1.2.4_git20230717-r4") == 0);
	}
	pkglist_release(&l);

	if (parse_fixture("syft-empty-deps-and-provides.installed", &l,
	    &d) != -2) {
		CHECK_INT(l.n, 1);
		CHECK_STR(l.v[0].name, "alpine-baselayout-data");
		CHECK_STR(l.v[0].depends, NULL);
		CHECK_STR(l.v[0].provides, NULL);
		CHECK_STR(l.v[0].installed_size, "77824");
	}
	pkglist_release(&l);

	if (parse_fixture("trivy-small/lib/apk/db/installed", &l, &d) != -2) {
		CHECK_INT(l.n, 1);
		CHECK_STR(l.v[0].name, "musl");
		CHECK_STR(l.v[0].version, "1.1.24-r2");
	}
	pkglist_release(&l);

	if (parse_fixture("syft-extra-file-attributes.installed", &l,
	    &d) != -2) {
		CHECK_INT(l.n, 1);
		CHECK_STR(l.v[0].name, "openjdk8-jre");
		CHECK_STR(l.v[0].version, "8.212.04-r0");
		CHECK_INT(d.nwarn, 0);
	}
	pkglist_release(&l);
}

int
main(void)
{
	test_basic();
	test_malformed();
	test_fixtures();
	test_small_fixtures();
	unit_skipped("apk_test");
	return UNIT_DONE("apk_test");
}
