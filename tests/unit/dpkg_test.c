/*
 * dpkg_test.c: dpkg_parse() on small hand-written stanzas, then on the
 * real status files in $SHARED/fixtures/dpkg compared with the
 * dpkg-query oracles next to them.
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

static int
parse_str(const char *s, struct pkglist *l, struct diag *d)
{
	diag_init(d);
	return dpkg_parse(s, strlen(s), "test", l, d);
}

static const struct pkg *
find(const struct pkglist *l, const char *name, const char *arch)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0 && (arch == NULL ||
		    (l->v[i].arch != NULL && strcmp(l->v[i].arch, arch) == 0)))
			return &l->v[i];
	return NULL;
}

static void
test_basic(void)
{
	struct pkglist l = { 0 };
	struct diag d;
	const char *s =
	    "Package: libgcc1\r\n"
	    "status: install ok installed\r\n"
	    "Installed-Size: 131\r\n"
	    "Maintainer: Ubuntu Core <u@example.org>\r\n"
	    "Architecture: amd64\r\n"
	    "SOURCE: gcc-5 (5.1.1-12ubuntu1)\r\n"
	    "version: 1:5.1.1-12ubuntu1\r\n"
	    "Depends: gcc-5-base (= 5.1.1-12ubuntu1),\r\n"
	    " libc6 (>= 2.14)\r\n"
	    "Pre-Depends: multiarch-support\r\n"
	    "Provides: libgcc-s1\r\n"
	    "Description: GCC support library\r\n"
	    " Shared version of the support library.\r\n"
	    " .\r\n"
	    "Homepage: http://gcc.gnu.org/\r\n";

	CHECK_INT(parse_str(s, &l, &d), 1);
	CHECK_INT(d.nwarn, 0);
	CHECK_STR(l.v[0].name, "libgcc1");
	CHECK_STR(l.v[0].version, "1:5.1.1-12ubuntu1");
	CHECK_STR(l.v[0].arch, "amd64");
	CHECK_STR(l.v[0].source, "gcc-5");
	CHECK_STR(l.v[0].source_version, "5.1.1-12ubuntu1");
	CHECK_STR(l.v[0].maintainer, "Ubuntu Core <u@example.org>");
	CHECK_STR(l.v[0].installed_size, "134144");
	CHECK_STR(l.v[0].depends,
	    "gcc-5-base (= 5.1.1-12ubuntu1), libc6 (>= 2.14)");
	CHECK_STR(l.v[0].pre_depends, "multiarch-support");
	CHECK_STR(l.v[0].provides, "libgcc-s1");
	CHECK_STR(l.v[0].description, "GCC support library");
	CHECK_STR(l.v[0].homepage, "http://gcc.gnu.org/");
	CHECK_STR(l.v[0].license, NULL);
	CHECK_INT(l.v[0].line, 1);
	pkglist_release(&l);
}

static void
test_status(void)
{
	struct pkglist l = { 0 };
	struct diag d;
	const char *s =
	    "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
	    "Package: b\nStatus: deinstall ok config-files\nVersion: 1\n\n"
	    "Package: c\nStatus: install reinstreq half-installed\n"
	    "Version: 1\n\n"
	    "Package: d\nStatus: purge ok not-installed\nVersion: 1\n\n"
	    "Package: e\nStatus: hold ok installed\nVersion: 1\n\n"
	    "Package: f\nStatus: deinstall ok installed\nVersion: 1\n\n"
	    "Package: g\nVersion: 2.0\nSource: g\n\n"
	    "Package: h\nStatus: install ok\nVersion: 1\n\n"
	    "\n\n  \t\n"
	    "Package: i\nSource: i (1.0-1)\nVersion: 1.0-1\n";

	CHECK_INT(parse_str(s, &l, &d), 5);
	CHECK_INT(d.nwarn, 1);		/* h: Status with two words */
	CHECK(find(&l, "a", NULL) != NULL);
	CHECK(find(&l, "b", NULL) == NULL);
	CHECK(find(&l, "c", NULL) == NULL);
	CHECK(find(&l, "d", NULL) == NULL);
	CHECK(find(&l, "e", NULL) != NULL);
	CHECK(find(&l, "f", NULL) != NULL);
	CHECK(find(&l, "g", NULL) != NULL);
	CHECK(find(&l, "h", NULL) == NULL);
	CHECK_STR(find(&l, "a", NULL)->source, NULL);
	CHECK_STR(find(&l, "g", NULL)->source, "g");
	CHECK_STR(find(&l, "g", NULL)->source_version, NULL);
	CHECK_STR(find(&l, "i", NULL)->source, "i");
	CHECK_STR(find(&l, "i", NULL)->source_version, NULL);
	CHECK_INT(find(&l, "i", NULL)->line, 36);
	pkglist_release(&l);
}

static void
test_malformed(void)
{
	struct strbuf warns = STRBUF_INIT, big = STRBUF_INIT;
	struct pkglist l = { 0 };
	struct diag d;
	size_t i;

	strbuf_addstr(&big,
	    "Version: 1\n\n"			/* no Package */
	    "Package: nover\n\n"		/* no Version */
	    "Package: colon\nVersion: 1\nno colon here\n\n"
	    " leading continuation\nPackage: x\nVersion: 1\n\n"
	    "Package: badver\nVersion: 1:5.#\n\n"
	    "Package: badepoch\nVersion: x:1.0\n\n"
	    "Package: emptyrev\nVersion: 1.0-\n\n"
	    "Package: good\nVersion: 1.2+dfsg-1~bpo1\n"
	    "Maintainer: J\xf6rg \xff <j@example.org>\n\n"
	    "Package: long\nVersion: 1\nDepends: ");
	for (i = 0; i < 70000; i++)
		strbuf_addch(&big, 'a');
	strbuf_addstr(&big, "\n\nPackage: last\nVersion: 3\n"
	    "Installed-Size: 4KB\n");
	diag_init(&d);
	d.warn_fn = unit_warn_collect;
	d.warn_arg = &warns;
	CHECK_INT(dpkg_parse(big.buf, big.len, "var/lib/dpkg/status", &l,
	    &d), 2);
	CHECK_INT(d.failed, 0);
	CHECK_INT(d.nwarn, 9);
	CHECK_STR(l.v[0].name, "good");
	CHECK_STR(l.v[0].version, "1.2+dfsg-1~bpo1");
	CHECK_STR(l.v[0].maintainer, "J\xf6rg \xff <j@example.org>");
	CHECK_STR(l.v[1].name, "last");
	CHECK_STR(l.v[1].installed_size, NULL);
	CHECK(strstr(warns.buf, "'var/lib/dpkg/status':1: no Package") !=
	    NULL);
	CHECK(strstr(warns.buf, "'var/lib/dpkg/status':7: line without") !=
	    NULL);
	CHECK(strstr(warns.buf, ":28: line too long") != NULL);
	strbuf_release(&big);
	strbuf_release(&warns);
	pkglist_release(&l);
}

static void
test_not_dpkg(void)
{
	static const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0Package: x\n";
	struct pkglist l = { 0 };
	struct diag d;

	diag_init(&d);
	CHECK_INT(dpkg_parse(bin, sizeof(bin) - 1, "x", &l, &d), -1);
	CHECK_INT(d.failed, 1);
	CHECK(strstr(d.msg, "not a dpkg database") != NULL);
	CHECK_INT(l.n, 0);
	CHECK_INT(parse_str("", &l, &d), 0);
	CHECK_INT(parse_str("\n\n\n", &l, &d), 0);
	CHECK_INT(d.nwarn, 0);
}

/*
 * Every package of a status file against its oracle: the lines of
 * dpkg-query -W with Package, Architecture, Version, source:Package,
 * source:Version, db:Status-Abbrev.
 */
static void
check_oracle(const char *dir)
{
	struct pkglist l = { 0 };
	char *status, *tsv, *line, *next, *path, *f[6];
	const struct pkg *p;
	size_t len, tlen, rows = 0;
	struct diag d;
	int i;

	path = xasprintf("%s/var/lib/dpkg/status", dir);
	status = unit_fixture("dpkg", path, &len);
	free(path);
	path = xasprintf("%s/EXPECTED-dpkg-query.tsv", dir);
	tsv = unit_fixture("dpkg", path, &tlen);
	free(path);
	if (status == NULL || tsv == NULL)
		goto out;
	diag_init(&d);
	CHECK(dpkg_parse(status, len, dir, &l, &d) > 0);
	CHECK_INT(d.nwarn, 0);
	for (line = tsv; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (line[0] == '#')
			continue;
		for (i = 0; i < 6; i++) {
			f[i] = line;
			line += strcspn(line, "\t");
			if (*line != '\0')
				*line++ = '\0';
		}
		p = find(&l, f[0], f[1]);
		if (f[5][1] != 'i') {
			CHECK(p == NULL);
			continue;
		}
		rows++;
		CHECK(p != NULL);
		if (p == NULL)
			continue;
		CHECK_STR(p->version, f[2]);
		CHECK_STR(p->source != NULL ? p->source : p->name, f[3]);
		CHECK_STR(p->source_version != NULL ? p->source_version :
		    p->version, f[4]);
		if (strcmp(f[2], f[4]) == 0)
			CHECK_STR(p->source_version, NULL);
	}
	CHECK_INT(l.n, rows);
out:
	free(status);
	free(tsv);
	pkglist_release(&l);
}

static void
test_oracles(void)
{
	struct pkglist l = { 0 };
	const struct pkg *p;
	struct diag d;
	size_t len;
	char *s;

	check_oracle("debian12-debootstrap");
	check_oracle("trivy-ubuntu1804");
	check_oracle("trivy-third-party");

	if ((s = unit_fixture("dpkg",
	    "debian12-debootstrap/var/lib/dpkg/status", &len)) == NULL)
		return;
	diag_init(&d);
	CHECK_INT(dpkg_parse(s, len, "status", &l, &d), 159);
	p = find(&l, "libssl3", "amd64");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR(p->source, "openssl");
		CHECK_STR(p->source_version, NULL);
		CHECK(p->installed_size != NULL);
	}
	p = find(&l, "zlib1g", "amd64");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR(p->version, "1:1.2.13.dfsg-1");
		CHECK_STR(p->source, "zlib");
	}
	free(s);
	pkglist_release(&l);
}

/* One status.d control file: exactly one package, as given. */
static void
check_statusd(const char *rel, const char *name, const char *version,
    const char *arch, const char *source, const char *isize)
{
	struct pkglist l = { 0 };
	struct diag d;
	size_t len;
	char *s;

	if ((s = unit_fixture("dpkg", rel, &len)) == NULL)
		return;
	diag_init(&d);
	CHECK_INT(dpkg_parse(s, len, rel, &l, &d), 1);
	CHECK_INT(d.nwarn, 0);
	if (l.n == 1) {
		CHECK_STR(l.v[0].name, name);
		CHECK_STR(l.v[0].version, version);
		CHECK_STR(l.v[0].arch, arch);
		CHECK_STR(l.v[0].source, source);
		CHECK_STR(l.v[0].source_version, NULL);
		CHECK_STR(l.v[0].installed_size, isize);
		CHECK(l.v[0].description != NULL);
	}
	free(s);
	pkglist_release(&l);
}

static void
test_distroless(void)
{
	const char *dir = "debian12-distroless-style/var/lib/dpkg/status.d";
	char *rel;
	size_t i;
	static const char *const v[][5] = {
		{ "base-files", "12.4+deb12u15", "amd64", NULL, "349184" },
		{ "ca-certificates", "20250419~deb12u2", "all", NULL,
		    "397312" },
		{ "libc6", "2.36-9+deb12u14", "amd64", "glibc", "13313024" },
		{ "libgcc-s1", "12.2.0-14+deb12u1", "amd64", "gcc-12",
		    "143360" },
		{ "libgomp1", "12.2.0-14+deb12u1", "amd64", "gcc-12",
		    "319488" },
		{ "libssl3", "3.0.22-1~deb12u2", "amd64", "openssl",
		    "6187008" },
		{ "libstdc++6", "12.2.0-14+deb12u1", "amd64", "gcc-12",
		    "2750464" },
		{ "media-types", "10.0.0", "all", NULL, "94208" },
		{ "netbase", "6.4", "all", NULL, "36864" },
		{ "tzdata", "2026f-0+deb12u1", "all", NULL, "2632704" },
		{ "zlib1g", "1:1.2.13.dfsg-1+deb12u1", "amd64", "zlib",
		    "172032" },
	};

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		rel = xasprintf("%s/%s", dir, v[i][0]);
		check_statusd(rel, v[i][0], v[i][1], v[i][2], v[i][3],
		    v[i][4]);
		free(rel);
	}
	check_statusd("syft-distroless-deb/var/lib/dpkg/status.d/"
	    "libsqlite3-0", "libsqlite3-0", "3.34.1-3", "arm64", "sqlite3",
	    "1525760");
	check_statusd("syft-status.d/var/lib/dpkg/status.d/single", "apt",
	    "1.8.2", "amd64", "apt-dev", "4161536");
}

/* Parses one syft status.d file; returns the list for more checks. */
static int
syft(const char *file, struct pkglist *l, struct diag *d)
{
	char *rel, *s;
	size_t len;
	int n;

	rel = xasprintf("syft-status.d/var/lib/dpkg/status.d/%s", file);
	s = unit_fixture("dpkg", rel, &len);
	diag_init(d);
	n = s == NULL ? -2 : dpkg_parse(s, len, rel, l, d);
	free(rel);
	free(s);
	return n;
}

static void
test_syft(void)
{
	struct pkglist l = { 0 };
	const struct pkg *p;
	struct diag d;

	if (syft("multiple", &l, &d) != -2) {
		CHECK_INT(l.n, 2);
		CHECK_INT(d.nwarn, 2);
		CHECK(find(&l, "tzdata", "all") != NULL);
		CHECK(find(&l, "util-linux", "amd64") != NULL);
		CHECK_STR(l.v[0].source, "tzdata-dev");
		CHECK_STR(l.v[0].provides, "tzdata-buster");
	}
	pkglist_release(&l);
	if (syft("corrupt", &l, &d) != -2) {
		CHECK_INT(l.n, 0);
		CHECK_INT(d.failed, 0);
		CHECK(d.nwarn >= 1);
	}
	if (syft("empty", &l, &d) != -2) {
		CHECK_INT(l.n, 0);
		CHECK_INT(d.nwarn, 1);
	}
	if (syft("deinstall", &l, &d) != -2) {
		CHECK_INT(l.n, 1);
		CHECK_STR(l.v[0].name, "linux-image-6.14.0-1012-aws");
		CHECK_STR(l.v[0].version, "6.14.0-1012.12~24.04.1");
	}
	pkglist_release(&l);
	if (syft("installed-size-4KB", &l, &d) != -2) {
		CHECK_INT(l.n, 1);
		CHECK_STR(l.v[0].installed_size, NULL);
	}
	pkglist_release(&l);
	if (syft("doc-examples", &l, &d) != -2) {
		CHECK_INT(l.n, 5);
		CHECK_INT(d.nwarn, 11);
		p = find(&l, "made-up-package-2", NULL);
		CHECK(p != NULL);
		if (p != NULL)
			CHECK_STR(p->depends, "libluajit5.1-dev [i386 amd64 "
			    "kfreebsd-i386 armel armhf powerpc mips], "
			    "liblua5.1-dev [hurd-i386 ia64 kfreebsd-amd64 "
			    "s390x sparc],");
	}
	pkglist_release(&l);
	if (syft("coreutils-relationships", &l, &d) != -2) {
		CHECK_INT(l.n, 9);
		p = find(&l, "libselinux1", NULL);
		CHECK(p != NULL);
		if (p != NULL) {
			CHECK_STR(p->source, "libselinux");
			CHECK_STR(p->source_version, "3.4-1");
			CHECK_STR(p->version, "3.4-1+b6");
		}
	}
	pkglist_release(&l);
}

static void
test_corrupted(void)
{
	struct pkglist l = { 0 };
	const struct pkg *p;
	struct diag d;
	size_t len;
	char *s;

	s = unit_fixture("dpkg", "trivy-corrupted/var/lib/dpkg/status",
	    &len);
	if (s == NULL)
		return;
	diag_init(&d);
	CHECK_INT(dpkg_parse(s, len, "status", &l, &d), 4);
	CHECK_INT(d.failed, 0);
	CHECK_INT(d.nwarn, 2);
	CHECK(find(&l, "brokenPackageWithNoVersionThatShouldGetThrownOut",
	    NULL) == NULL);
	CHECK(find(&l, "invalidpkg", NULL) == NULL);
	p = find(&l, "libgcc1", "amd64");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR(p->version, "1:5.1.1-12ubuntu1");
		CHECK_STR(p->source_version, "5.1.1-12ubuntu1");
	}
	free(s);
	pkglist_release(&l);
}

int
main(void)
{
	test_basic();
	test_status();
	test_malformed();
	test_not_dpkg();
	test_oracles();
	test_distroless();
	test_syft();
	test_corrupted();
	unit_skipped("dpkg_test");
	return UNIT_DONE("dpkg_test");
}
