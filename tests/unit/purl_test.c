/*
 * purl_test.c: purl_encode(), purl_parse() and purl_canonical().
 *
 * Most expected strings were worked out from the purl specification's
 * own test suite (tests/spec and tests/types in package-url/purl-spec):
 * "validate" cases (parse, canonicalise, encode) and "build" cases
 * (components to string), with the rest covering the awkward names and
 * versions real package databases hold.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "purl.h"
#include "unit.h"

/* Input string, canonical form. */
static const char *const validate[][2] = {
	/* deb */
	{ "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
	  "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie" },
	{ "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64",
	  "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64" },
	{ "pkg:deb/debian/attr@1:2.4.47-2?arch=source",
	  "pkg:deb/debian/attr@1:2.4.47-2?arch=source" },
	{ "pkg:deb/ubuntu/dpkg@1.19.0.4?arch=amd64",
	  "pkg:deb/ubuntu/dpkg@1.19.0.4?arch=amd64" },
	{ "pkg:DEB/Debian/Curl@7.50.3-1?distro=jessie&arch=i386",
	  "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie" },
	{ "pkg:deb/debian/libssl3@3.0.15-1%7Edeb12u1",
	  "pkg:deb/debian/libssl3@3.0.15-1~deb12u1" },
	/* apk, alpm */
	{ "pkg:apk/alpine/curl@7.83.0-r0?arch=x86",
	  "pkg:apk/alpine/curl@7.83.0-r0?arch=x86" },
	{ "pkg:apk/Alpine/APK@2.12.9-r3?arch=x86",
	  "pkg:apk/alpine/apk@2.12.9-r3?arch=x86" },
	{ "pkg:alpm/arch/containers-common@1:0.47.4-4?arch=x86_64",
	  "pkg:alpm/arch/containers-common@1:0.47.4-4?arch=x86_64" },
	/* rpm: namespace folds, name does not */
	{ "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25",
	  "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25" },
	{ "pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&epoch=1&"
	  "distro=fedora-25",
	  "pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&distro=fedora-25&"
	  "epoch=1" },
	{ "pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25",
	  "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25" },
	{ "pkg:rpm/OpenSUSE/Mesa@1.0", "pkg:rpm/opensuse/Mesa@1.0" },
	/* npm */
	{ "pkg:npm/%40angular/animation@12.3.1",
	  "pkg:npm/%40angular/animation@12.3.1" },
	{ "pkg:npm/foobar@12.3.1", "pkg:npm/foobar@12.3.1" },
	{ "pkg:npm/@babel/core#/googleapis/api/annotations/",
	  "pkg:npm/%40babel/core#googleapis/api/annotations" },
	{ "pkg:npm/core@2.0.1#/googleapis/api/annotations/",
	  "pkg:npm/core@2.0.1#googleapis/api/annotations" },
	{ "pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/"
	  "repo.git%404345abcd34343",
	  "pkg:npm/mypackage@12.4.5?vcs_url=git:%2F%2Fhost.com%2Fpath%2Fto%2F"
	  "repo.git%404345abcd34343" },
	{ "pkg:npm/JSONStream@1.3.5", "pkg:npm/JSONStream@1.3.5" },
	/* pypi */
	{ "pkg:PYPI/Django_package@1.11.1.dev1",
	  "pkg:pypi/django-package@1.11.1.dev1" },
	{ "pkg:pypi/django@1.11.1?file_name=Django-1.11.1.tar.gz",
	  "pkg:pypi/django@1.11.1?file_name=Django-1.11.1.tar.gz" },
	{ "pkg:pypi/django-allauth@12.23", "pkg:pypi/django-allauth@12.23" },
	{ "pkg:pypi/zope.interface@5.5.2", "pkg:pypi/zope.interface@5.5.2" },
	/* maven */
	{ "pkg:maven/org.apache.commons/io@1.3.4",
	  "pkg:maven/org.apache.commons/io@1.3.4" },
	{ "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?"
	  "classifier=sources&repositorY_url=https://repo.spring.io/release",
	  "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?"
	  "classifier=sources&repository_url=https:%2F%2Frepo.spring.io%2F"
	  "release" },
	{ "pkg:maven/HTTPClient/HTTPClient@0.3-3",
	  "pkg:maven/HTTPClient/HTTPClient@0.3-3" },
	{ "pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value",
	  "pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value" },
	{ "pkg:/maven/org.apache.commons/io",
	  "pkg:maven/org.apache.commons/io" },
	{ "pkg://maven/org.apache.commons/io",
	  "pkg:maven/org.apache.commons/io" },
	{ "pkg:///maven/org.apache.commons/io",
	  "pkg:maven/org.apache.commons/io" },
	{ "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=zip&"
	  "classifier=dist",
	  "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=dist&"
	  "type=zip" },
	/* golang */
	{ "pkg:GOLANG/google.golang.org/genproto#/googleapis/api/"
	  "annotations/",
	  "pkg:golang/google.golang.org/genproto#googleapis/api/annotations" },
	{ "pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/"
	  "annotations/",
	  "pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/"
	  "annotations" },
	{ "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c#api",
	  "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c#api" },
	{ "pkg:golang/github.com/Sirupsen/logrus@v1.0.0",
	  "pkg:golang/github.com/Sirupsen/logrus@v1.0.0" },
	/* cargo, gem, composer, nuget */
	{ "pkg:cargo/rand@0.7.2", "pkg:cargo/rand@0.7.2" },
	{ "pkg:gem/jruby-launcher@1.1.2?platform=java",
	  "pkg:gem/jruby-launcher@1.1.2?platform=java" },
	{ "pkg:gem/jruby-launcher@1.1.2?Platform=java",
	  "pkg:gem/jruby-launcher@1.1.2?platform=java" },
	{ "pkg:composer/Laravel/Laravel@5.5.0",
	  "pkg:composer/laravel/laravel@5.5.0" },
	{ "pkg:composer/guzzlehttp/promises@2.0.2",
	  "pkg:composer/guzzlehttp/promises@2.0.2" },
	{ "pkg:Nuget/EnterpriseLibrary.Common@6.0.1304",
	  "pkg:nuget/EnterpriseLibrary.Common@6.0.1304" },
	/* generic */
	{ "pkg:generic/openssl@1.1.10g?download_url=https://openssl.org/"
	  "source/openssl-1.1.0g.tar.gz&checksum=sha256:de4d501267da",
	  "pkg:generic/openssl@1.1.10g?checksum=sha256:de4d501267da&"
	  "download_url=https:%2F%2Fopenssl.org%2Fsource%2F"
	  "openssl-1.1.0g.tar.gz" },
	{ "pkg:generic/bitwarderl?vcs_url=git%2Bhttps://git.fsfe.org/dxtr/"
	  "bitwarderl%40cc55108da32",
	  "pkg:generic/bitwarderl?vcs_url=git%2Bhttps:%2F%2Fgit.fsfe.org%2F"
	  "dxtr%2Fbitwarderl%40cc55108da32" },
	{ "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2C"
	  "sha256:41bf9088b3a1e6c1ef1d",
	  "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2C"
	  "sha256:41bf9088b3a1e6c1ef1d" },
	/* oci, docker */
	{ "pkg:oci/debian@sha256%3A244fd47e07d10?repository_url=docker.io/"
	  "library/debian&arch=amd64&tag=latest",
	  "pkg:oci/debian@sha256:244fd47e07d10?arch=amd64&repository_url="
	  "docker.io%2Flibrary%2Fdebian&tag=latest" },
	{ "pkg:oci/static@sha256%3A244fd47e07d10?repository_url=gcr.io/"
	  "distroless/static&tag=latest",
	  "pkg:oci/static@sha256:244fd47e07d10?repository_url=gcr.io%2F"
	  "distroless%2Fstatic&tag=latest" },
	{ "pkg:oci/Debian@sha256:ABCDEF0123?tag=12",
	  "pkg:oci/debian@sha256:abcdef0123?tag=12" },
	{ "pkg:docker/customer/dockerimage@sha256%3A244fd47e07d1004f0aed9c?"
	  "repository_url=gcr.io",
	  "pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?"
	  "repository_url=gcr.io" },
	/* github, bitbucket, brew, cocoapods, swid, conan, ... */
	{ "pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c",
	  "pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c" },
	{ "pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/"
	  "dogs",
	  "pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/"
	  "dogs" },
	{ "pkg:bitbucket/birKenfeld/pyGments-main@244fd47e07d1014f0aed9c",
	  "pkg:bitbucket/birkenfeld/pygments-main@244fd47e07d1014f0aed9c" },
	{ "pkg:brew/SQLite@3.43.2", "pkg:brew/sqlite@3.43.2" },
	{ "pkg:brew/node@20@20.10.0", "pkg:brew/node%4020@20.10.0" },
	{ "pkg:brew/Homebrew/Core/sqlite@3.43.2",
	  "pkg:brew/homebrew/core/sqlite@3.43.2" },
	{ "pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib",
	  "pkg:cocoapods/GoogleUtilities@7.5.2#NSData%2Bzlib" },
	{ "pkg:swid/Acme/example.com/Enterprise+Server@1.0.0?tag_id="
	  "75b8c285-fa7b-485b-b199-4745e3004d0d",
	  "pkg:swid/Acme/example.com/Enterprise%2BServer@1.0.0?tag_id="
	  "75b8c285-fa7b-485b-b199-4745e3004d0d" },
	{ "pkg:conan/openssl.org/openssl@3.0.3?arch=x86_64&build_type=Debug&"
	  "compiler=Visual%20Studio&compiler.runtime=MDd&"
	  "compiler.version=16&os=Windows&shared=True&rrev=93a8&prev=b429",
	  "pkg:conan/openssl.org/openssl@3.0.3?arch=x86_64&build_type=Debug&"
	  "compiler=Visual%20Studio&compiler.runtime=MDd&"
	  "compiler.version=16&os=Windows&prev=b429&rrev=93a8&shared=True" },
	{ "pkg:huggingface/EleutherAI/gpt-neo-1.3B@"
	  "797174552AE47F449AB70B684CABCB6603E5E85E",
	  "pkg:huggingface/EleutherAI/gpt-neo-1.3B@"
	  "797174552ae47f449ab70b684cabcb6603e5e85e" },
	{ "pkg:bazel/rules_java@7.8.0?repository_url=https://bcr.bazel.build/",
	  "pkg:bazel/rules_java@7.8.0?repository_url=https:%2F%2F"
	  "bcr.bazel.build%2F" },
	{ "pkg:bazel/rules_java@8.5.0#java/runfiles:runfiles",
	  "pkg:bazel/rules_java@8.5.0#java/runfiles:runfiles" },
	{ "pkg:hex/acme/foo@2.3.", "pkg:hex/acme/foo@2.3." },
	{ "pkg:otp/asn1@5.4.1?arch=amd64&platform=linux&repository_url="
	  "https://github.com/erlang/otp&vcs_url=git%2Bhttps://github.com/"
	  "erlang/otp.git#src/asn1ct.erl",
	  "pkg:otp/asn1@5.4.1?arch=amd64&platform=linux&repository_url="
	  "https:%2F%2Fgithub.com%2Ferlang%2Fotp&vcs_url=git%2Bhttps:%2F%2F"
	  "github.com%2Ferlang%2Fotp.git#src/asn1ct.erl" },
	/* separators and empty parts */
	{ "PKG:generic/n@1?a=&b=2&&c", "pkg:generic/n@1?b=2" },
	{ "pkg:generic//ns1///ns2//name//@1#/./a/../b//",
	  "pkg:generic/ns1/ns2/name@1#a/b" },
	{ "pkg:generic/name@", "pkg:generic/name" },
	{ "pkg:generic/name?#", "pkg:generic/name" },
	{ "pkg:generic/a%2fb%3Ac@1%2b2", "pkg:generic/a%2Fb:c@1%2B2" },
};

/* Not purls at all. */
static const char *const invalid[] = {
	"EnterpriseLibrary.Common@6.0.1304",
	"pkg:EnterpriseLibrary.Common@6.0.1304",
	"pkg:n&g?inx/nginx@0.8.9",
	"pkg:3nginx/nginx@0.8.9",
	"pkg:nginx:a/nginx@0.8.9",
	"pkg:npm/myartifact@1.0.0?in%20production=true",
	"pkg:maven/@1.3.4",
	"pkg%3Amaven/org.apache.commons/io",
	"pkg:cran/@0.9.1",
	"pkg:vcpkg",
	"pkg:hackage",
	"pkg:julia/@1.9.0",
	"",
	"pkg:",
	"pkg:/",
	"pkg:generic/",
	"pkg:generic//@1",
	"http://example.com/x",
	"pkgx:generic/x",
	"pkg:ge_neric/x",
	"pkg:generic/foo@1.0%zz",
	"pkg:generic/foo@1.0%4",
	"pkg:generic/foo%00bar",
	"pkg:generic/n?a=1&a=2",
	"pkg:generic/n?_a=1",
	"pkg:generic/n?a%20b=1",
	"pkg:generic/n?=1",
	"pkg:generic/a%2Fb/name",
	"pkg:generic/name#a%2Fb",
	"pkg:generic/name?a=%G0",
};

static void
test_validate(void)
{
	struct purl p;
	struct diag d;
	char *s;
	size_t i;
	int j;

	for (i = 0; i < ARRAY_SIZE(validate); i++) {
		for (j = 0; j < 2; j++) {
			purl_init(&p);
			diag_init(&d);
			CHECK_INT(purl_parse(validate[i][j], &p, &d), 0);
			if (d.failed)
				fprintf(stderr, "%s: %s\n", validate[i][j],
				    d.msg);
			purl_canonical(&p);
			s = purl_encode(&p);
			CHECK_STR(s, validate[i][1]);
			free(s);
			purl_release(&p);
		}
	}
}

static void
test_invalid(void)
{
	struct purl p;
	struct diag d;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(invalid); i++) {
		purl_init(&p);
		diag_init(&d);
		CHECK_INT(purl_parse(invalid[i], &p, &d), -1);
		if (!d.failed)
			fprintf(stderr, "accepted: '%s'\n", invalid[i]);
		CHECK(d.msg[0] != '\0');
		CHECK(p.type == NULL && p.name == NULL && p.nquals == 0);
	}
}

static void
test_components(void)
{
	struct purl p;
	struct diag d;

	purl_init(&p);
	diag_init(&d);
	CHECK_INT(purl_parse("pkg:npm/%40angular/animation@12.3.1", &p, &d),
	    0);
	CHECK_STR(p.type, "npm");
	CHECK_STR(p.namespace, "@angular");
	CHECK_STR(p.name, "animation");
	CHECK_STR(p.version, "12.3.1");
	CHECK_INT(p.nquals, 0);
	CHECK_STR(p.subpath, NULL);
	purl_release(&p);

	CHECK_INT(purl_parse("pkg:maven/mygroup/myartifact@1.0.0%20Final?"
	    "mykey=my%20value", &p, &d), 0);
	CHECK_STR(p.version, "1.0.0 Final");
	CHECK_STR(purl_qual_get(&p, "mykey"), "my value");
	purl_release(&p);

	CHECK_INT(purl_parse("pkg:golang/github.com/gorilla/context@234f#"
	    "api/x", &p, &d), 0);
	CHECK_STR(p.namespace, "github.com/gorilla");
	CHECK_STR(p.name, "context");
	CHECK_STR(p.subpath, "api/x");
	purl_release(&p);

	CHECK_INT(purl_parse("pkg:generic/bitwarderl?vcs_url=git%2Bhttps://"
	    "git.fsfe.org/dxtr/bitwarderl%40cc55108da32", &p, &d), 0);
	CHECK_STR(p.version, NULL);
	CHECK_STR(purl_qual_get(&p, "VCS_URL"),
	    "git+https://git.fsfe.org/dxtr/bitwarderl@cc55108da32");
	purl_release(&p);

	CHECK_INT(purl_parse("pkg:brew/postgresql%4012@12.17", &p, &d), 0);
	CHECK_STR(p.name, "postgresql@12");
	CHECK_STR(p.version, "12.17");
	purl_release(&p);

	CHECK_INT(purl_parse("pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?"
	    "arch=amd64&distro=debian-12", &p, &d), 0);
	CHECK_STR(p.version, "2.36-9+deb12u14");
	CHECK_STR(purl_qual_get(&p, "distro"), "debian-12");
	CHECK_INT(p.nquals, 2);
	purl_release(&p);
}

/* Builds type/namespace/name/version with arch= and distro=. */
static char *
build(const char *type, const char *ns, const char *name,
    const char *version, const char *arch, const char *distro)
{
	struct purl p;
	char *s;

	purl_init(&p);
	p.type = type != NULL ? strdup(type) : NULL;
	p.namespace = ns != NULL ? strdup(ns) : NULL;
	p.name = name != NULL ? strdup(name) : NULL;
	p.version = version != NULL ? strdup(version) : NULL;
	purl_qual_set(&p, "distro", distro);
	purl_qual_set(&p, "arch", arch);
	purl_canonical(&p);
	s = purl_encode(&p);
	purl_release(&p);
	return s;
}

#define CHECK_BUILD(want, ...) do {					\
	char *got_ = build(__VA_ARGS__);				\
	CHECK_STR(got_, want);						\
	free(got_);							\
} while (0)

static void
test_build(void)
{
	/* The issue's example. */
	CHECK_BUILD("pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&"
	    "distro=debian-12",
	    "deb", "debian", "libssl3", "3.0.15-1~deb12u1", "amd64",
	    "debian-12");
	CHECK_BUILD("pkg:deb/debian/libstdc%2B%2B6@1.2%2Bdfsg-1?arch=amd64",
	    "deb", "debian", "libstdc++6", "1.2+dfsg-1", "amd64", NULL);
	CHECK_BUILD("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&"
	    "distro=debian-12",
	    "deb", "Debian", "zlib1g", "1:1.2.13.dfsg-1", "amd64",
	    "debian-12");
	CHECK_BUILD("pkg:deb/ubuntu/attr@1:2.3-4", "deb", "/ubuntu/", "attr",
	    "1:2.3-4", "", "");
	CHECK_BUILD("pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64",
	    "apk", "alpine", "musl", "1.2.4_git20230717-r4", "x86_64", NULL);
	CHECK_BUILD("pkg:rpm/fedora/Mesa-libGL@23.1.4-1.fc38?arch=x86_64&"
	    "distro=fedora-38",
	    "RPM", "Fedora", "Mesa-libGL", "23.1.4-1.fc38", "x86_64",
	    "fedora-38");
	CHECK_BUILD("pkg:generic/a%40b%2Fc@1.0%2F2%40x", "generic", NULL,
	    "a@b/c", "1.0/2@x", NULL, NULL);
	CHECK_BUILD("pkg:generic/my%20pkg@1.0%20beta", "generic", NULL,
	    "my pkg", "1.0 beta", NULL, NULL);
	CHECK_BUILD("pkg:generic/caf%C3%A9@%FF", "generic", NULL,
	    "caf\xc3\xa9", "\xff", NULL, NULL);
	CHECK_BUILD("pkg:generic/a%23b%3Fc%26d%3De%25f~g@1", "generic", NULL,
	    "a#b?c&d=e%f~g", "1", NULL, NULL);
	CHECK_BUILD("pkg:pypi/django-package@1.11.1.dev1", "pypi", NULL,
	    "Django_Package", "1.11.1.dev1", NULL, NULL);
	CHECK_BUILD("pkg:npm/%40babel/core@7.22.5", "npm", "@babel", "core",
	    "7.22.5", NULL, NULL);
	CHECK_BUILD("pkg:maven/org.apache.logging.log4j/log4j-core@2.19.0",
	    "maven", "org.apache.logging.log4j", "log4j-core", "2.19.0", NULL,
	    NULL);
	CHECK_BUILD("pkg:golang/github.com/google/uuid@v1.3.0", "golang",
	    "github.com/google", "uuid", "v1.3.0", NULL, NULL);
	CHECK_BUILD("pkg:cargo/aho-corasick@0.7.19", "cargo", NULL,
	    "aho-corasick", "0.7.19", NULL, NULL);
	CHECK_BUILD("pkg:gem/rack@2.2.4", "gem", NULL, "rack", "2.2.4", NULL,
	    NULL);
	CHECK_BUILD("pkg:composer/laravel/framework@10.0.0", "composer",
	    "Laravel", "Framework", "10.0.0", NULL, NULL);
	CHECK_BUILD("pkg:nuget/Newtonsoft.Json@13.0.1", "nuget", NULL,
	    "Newtonsoft.Json", "13.0.1", NULL, NULL);
	CHECK_BUILD("pkg:oci/debian@sha256:abc?arch=amd64", "oci", NULL,
	    "Debian", "sha256:ABC", "amd64", NULL);
	/* Build failures: no type, bad type, no name. */
	CHECK_BUILD(NULL, NULL, NULL, "nginx", "0.8.9", NULL, NULL);
	CHECK_BUILD(NULL, "3nginx", NULL, "nginx", "0.8.9", NULL, NULL);
	CHECK_BUILD(NULL, "n&g", NULL, "nginx", "0.8.9", NULL, NULL);
	CHECK_BUILD(NULL, "maven", NULL, NULL, NULL, NULL, NULL);
	CHECK_BUILD(NULL, "maven", "g", "", "1", NULL, NULL);
}

static void
test_struct(void)
{
	struct purl p;
	char *s;

	purl_init(&p);
	p.type = strdup("generic");
	p.name = strdup("openssl");
	p.version = strdup("1.1.10g");
	purl_qual_set(&p, "checksum",
	    "sha1:ad9503c3e994a4f,sha256:41bf9088b3a1e6c1ef1d");
	purl_qual_set(&p, "Arch", "x86");
	purl_qual_set(&p, "ARCH", "amd64");
	purl_qual_set(&p, "gone", "x");
	purl_qual_set(&p, "gone", "");
	purl_qual_set(&p, "gone2", "x");
	purl_qual_set(&p, "gone2", NULL);
	CHECK_INT(p.nquals, 2);
	CHECK_STR(purl_qual_get(&p, "arch"), "amd64");
	CHECK_STR(purl_qual_get(&p, "gone"), NULL);
	p.subpath = strdup("./..//");
	s = purl_encode(&p);
	CHECK_STR(s, "pkg:generic/openssl@1.1.10g?arch=amd64&"
	    "checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d");
	free(s);

	/* A key a caller set by hand is still checked. */
	free(p.quals[0].key);
	p.quals[0].key = strdup("in production");
	CHECK(purl_encode(&p) == NULL);
	purl_release(&p);
	CHECK(p.type == NULL && p.quals == NULL && p.nquals == 0);

	s = purl_escape("a+b c~:/\xe2\x82\xac");
	CHECK_STR(s, "a%2Bb%20c~:%2F%E2%82%AC");
	free(s);
	s = purl_escape("");
	CHECK_STR(s, "");
	free(s);
}

int
main(void)
{
	test_validate();
	test_invalid();
	test_components();
	test_build();
	test_struct();
	return UNIT_DONE("purl_test");
}
