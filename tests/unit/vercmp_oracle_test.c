/*
 * vercmp_oracle_test.c: unit cases for common/vercmp.c, and the checker
 * that tests/t-vercmp-oracle.sh feeds with pairs ordered by the real
 * tools (dpkg, rpm, packaging, npm semver, Maven).
 *
 *   vercmp_oracle_test         run the built-in cases
 *   vercmp_oracle_test FILE    check each "SCHEME\tA\tB\tWANT" line,
 *                              WANT being -1, 0, 1 or 2 (incomparable);
 *                              print each mismatch and a count per scheme
 *
 * Every comparison is also made the other way round, which must give the
 * opposite answer.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vercmp.h"
#include "unit.h"

#define LT	VERCMP_LT
#define EQ	VERCMP_EQ
#define GT	VERCMP_GT
#define INC	VERCMP_INCOMPARABLE

struct vcase {
	enum vercmp_scheme	 scheme;
	const char		*a;
	const char		*b;
	enum vercmp_result	 want;
};

static const struct vcase dpkg_cases[] = {
	{ VERCMP_DPKG, "1.0~rc1", "1.0", LT },
	{ VERCMP_DPKG, "1:0.1", "2.0", GT },
	{ VERCMP_DPKG, "1.0-1", "1.0-1.1", LT },
	{ VERCMP_DPKG, "1.0", "1.0+b1", LT },
	{ VERCMP_DPKG, "1.0-1", "1.0-1+b1", LT },
	{ VERCMP_DPKG, "0:1.2", "1.2", EQ },
	{ VERCMP_DPKG, "1.0", "1.0-0", EQ },
	{ VERCMP_DPKG, "1.0~~", "1.0~", LT },
	{ VERCMP_DPKG, "1.0~", "1.0", LT },
	{ VERCMP_DPKG, "1.0", "1.0a", LT },
	{ VERCMP_DPKG, "1.0a", "1.0+", LT },
	{ VERCMP_DPKG, "1.0a", "1.0.1", LT },
	{ VERCMP_DPKG, "1.2.3", "1.10", LT },
	{ VERCMP_DPKG, "2:1", "10:0", LT },
	{ VERCMP_DPKG, "00001.0", "1.0", EQ },
	{ VERCMP_DPKG, "1.2-3-4", "1.2-3-5", LT },
	{ VERCMP_DPKG, "1:2:3", "1:2:4", LT },
	{ VERCMP_DPKG, " 1.0 ", "1.0", EQ },
	{ VERCMP_DPKG, "", "1.0", INC },
	{ VERCMP_DPKG, "1:", "1.0", INC },
	{ VERCMP_DPKG, "a:1", "1.0", INC },
	{ VERCMP_DPKG, "1.0-", "1.0", INC },
	{ VERCMP_DPKG, "-1", "1.0", INC },
	{ VERCMP_DPKG, "1 0", "1.0", INC },
	{ VERCMP_DPKG, "99999999999:1", "1.0", INC },
};

static const struct vcase rpm_cases[] = {
	{ VERCMP_RPM, "1.0~rc1", "1.0", LT },
	{ VERCMP_RPM, "1.0^git1", "1.0", GT },
	{ VERCMP_RPM, "1.0^git1", "1.0.1", LT },
	{ VERCMP_RPM, "1.0^git1", "1.0^git2", LT },
	{ VERCMP_RPM, "1.0a", "1.0.1", LT },
	{ VERCMP_RPM, "1.01", "1.1", EQ },
	{ VERCMP_RPM, "1.0", "1.0.1", LT },
	{ VERCMP_RPM, "1.0_1", "1.0.1", EQ },
	{ VERCMP_RPM, "2:1.0", "1:9", GT },
	{ VERCMP_RPM, "1.0", "0:1.0", EQ },
	{ VERCMP_RPM, "1.0-1", "1.0", GT },
	{ VERCMP_RPM, "1.0-", "1.0", GT },
	{ VERCMP_RPM, "1.0-", "1.0-0", LT },
	{ VERCMP_RPM, "1.0-1", "1.0-2", LT },
	{ VERCMP_RPM, "1.0-1.el8", "1.0-1.el9", LT },
	{ VERCMP_RPM, "abc", "abd", LT },
	{ VERCMP_RPM, "1.0", "1.0a", LT },
	{ VERCMP_RPM, "1.0~", "1.0~~", GT },
	{ VERCMP_RPM, "1.0~rc1", "1.0~rc2", LT },
	{ VERCMP_RPM, "a", "1", LT },
	{ VERCMP_RPM, "", "", EQ },
};

static const struct vcase apk_cases[] = {
	{ VERCMP_APK, "1.0", "1.1", LT },
	{ VERCMP_APK, "1.0", "1.0.1", LT },
	{ VERCMP_APK, "1.0", "1.0", EQ },
	{ VERCMP_APK, "1.0-r0", "1.0", EQ },
	{ VERCMP_APK, "1.0-r1", "1.0", GT },
	{ VERCMP_APK, "1.0-r1", "1.0-r2", LT },
	{ VERCMP_APK, "1.0-r10", "1.0-r9", GT },
	{ VERCMP_APK, "1.0a", "1.0", GT },
	{ VERCMP_APK, "1.0a", "1.0b", LT },
	{ VERCMP_APK, "1.0z", "1.0.1", LT },
	{ VERCMP_APK, "1.0_alpha", "1.0_beta", LT },
	{ VERCMP_APK, "1.0_beta", "1.0_pre", LT },
	{ VERCMP_APK, "1.0_pre", "1.0_rc", LT },
	{ VERCMP_APK, "1.0_rc", "1.0", LT },
	{ VERCMP_APK, "1.0", "1.0_cvs", LT },
	{ VERCMP_APK, "1.0_cvs", "1.0_svn", LT },
	{ VERCMP_APK, "1.0_svn", "1.0_git", LT },
	{ VERCMP_APK, "1.0_git", "1.0_hg", LT },
	{ VERCMP_APK, "1.0_hg", "1.0_p", LT },
	{ VERCMP_APK, "1.0_alpha1", "1.0_alpha2", LT },
	{ VERCMP_APK, "1.0_alpha", "1.0_alpha0", EQ },
	{ VERCMP_APK, "1.0_rc10", "1.0_rc9", GT },
	{ VERCMP_APK, "1.0_p1", "1.0_p2", LT },
	{ VERCMP_APK, "1.0_p", "1.0_p0", EQ },
	{ VERCMP_APK, "1.0_rc1", "1.0_rc1_p1", LT },
	{ VERCMP_APK, "1.0_rc1_alpha", "1.0_rc1", LT },
	{ VERCMP_APK, "1.0_p1-r1", "1.0_p1", GT },
	{ VERCMP_APK, "1.0_alpha-r5", "1.0_beta", LT },
	{ VERCMP_APK, "1.0_git20200101", "1.0_svn20300101", GT },
	{ VERCMP_APK, "1.10", "1.9", GT },
	{ VERCMP_APK, "1.05", "1.5", LT },
	{ VERCMP_APK, "1.5", "1.50", LT },
	{ VERCMP_APK, "1.050", "1.05", EQ },
	{ VERCMP_APK, "22.04", "22.4", LT },
	{ VERCMP_APK, "2", "1.99", GT },
	{ VERCMP_APK, "10", "9", GT },
	{ VERCMP_APK, "01", "1", EQ },
	{ VERCMP_APK, "1.0.0", "1.0", GT },
	{ VERCMP_APK, "1.2.3a_rc1_p2-r3", "1.2.3a_rc1_p2-r3", EQ },
	{ VERCMP_APK, "1.2.3b", "1.2.3a_p9", GT },
	{ VERCMP_APK, "1a", "1.0", LT },
	{ VERCMP_APK, "1_rc1", "1", LT },
	{ VERCMP_APK, "1_p1", "1-r9", GT },
	{ VERCMP_APK, "0.9", "1", LT },
	{ VERCMP_APK, "1.0_pre1", "1.0_rc1", LT },
	{ VERCMP_APK, "1.0_beta10", "1.0_beta2", GT },
	{ VERCMP_APK, "1.0_hg1", "1.0_git99", GT },
	{ VERCMP_APK, "1.0_alpha_alpha", "1.0_alpha", LT },
	{ VERCMP_APK, "1.0_p_p", "1.0_p", GT },
	{ VERCMP_APK, "1.0_alpha_p", "1.0_alpha", GT },
	{ VERCMP_APK, "1.0_alpha_p", "1.0_beta", LT },
	{ VERCMP_APK, "1.0-r0", "1.0a", LT },
	{ VERCMP_APK, "1.0a-r99", "1.0b", LT },
	{ VERCMP_APK, "3.0.10-r1", "3.0.9-r5", GT },
	{ VERCMP_APK, "1.0~abc1", "1.0~abc2", LT },
	{ VERCMP_APK, "1.0", "1.0~a", LT },
	{ VERCMP_APK, "1.0~a-r1", "1.0~a", GT },
	{ VERCMP_APK, "2.36.1-r2", "2.36.1-r10", LT },
	{ VERCMP_APK, "1.1.1t-r2", "1.1.1u-r0", LT },
	{ VERCMP_APK, "3.1.0_git20230104", "3.1.0", GT },
	{ VERCMP_APK, "", "1", INC },
	{ VERCMP_APK, "a1", "1", INC },
	{ VERCMP_APK, "1.", "1", INC },
	{ VERCMP_APK, "1..0", "1", INC },
	{ VERCMP_APK, "1.0-r", "1", INC },
	{ VERCMP_APK, "1.0_foo", "1", INC },
	{ VERCMP_APK, "1.0_", "1", INC },
	{ VERCMP_APK, "1.0ab", "1", INC },
	{ VERCMP_APK, "1.0A", "1", INC },
	{ VERCMP_APK, "1.0-1", "1", INC },
	{ VERCMP_APK, "1.0_rc1a", "1", INC },
	{ VERCMP_APK, "v1.0", "1", INC },
	{ VERCMP_APK, "1.0 ", "1", INC },
	{ VERCMP_APK, "1.0-r1-r2", "1", INC },
	{ VERCMP_APK, "1.0~", "1", INC },
};

static const struct vcase pep440_cases[] = {
	{ VERCMP_PEP440, "1.0", "1.0.0", EQ },
	{ VERCMP_PEP440, "1.0a1", "1.0", LT },
	{ VERCMP_PEP440, "1.0.dev1", "1.0a1", LT },
	{ VERCMP_PEP440, "1.0a1.dev1", "1.0a1", LT },
	{ VERCMP_PEP440, "1.0", "1.0.post1", LT },
	{ VERCMP_PEP440, "1.0-1", "1.0.post1", EQ },
	{ VERCMP_PEP440, "1.0.post1.dev1", "1.0.post1", LT },
	{ VERCMP_PEP440, "1.0.post1.dev1", "1.0", GT },
	{ VERCMP_PEP440, "1!0.1", "2.0", GT },
	{ VERCMP_PEP440, "v1.0", "1.0", EQ },
	{ VERCMP_PEP440, "1.0ALPHA2", "1.0a2", EQ },
	{ VERCMP_PEP440, "1.0-alpha.2", "1.0a2", EQ },
	{ VERCMP_PEP440, "1.0c1", "1.0rc1", EQ },
	{ VERCMP_PEP440, "1.0preview1", "1.0rc1", EQ },
	{ VERCMP_PEP440, "1.0rev1", "1.0post1", EQ },
	{ VERCMP_PEP440, "1.0r", "1.0.post0", EQ },
	{ VERCMP_PEP440, "1.0.dev", "1.0.dev0", EQ },
	{ VERCMP_PEP440, "1.0a", "1.0a0", EQ },
	{ VERCMP_PEP440, "1.0a1.post1", "1.0a1", GT },
	{ VERCMP_PEP440, "1.0a1.post1", "1.0a2", LT },
	{ VERCMP_PEP440, "1.0.post1", "1.1.dev1", LT },
	{ VERCMP_PEP440, "1.0+abc", "1.0", GT },
	{ VERCMP_PEP440, "1.0+abc.1", "1.0+abc.2", LT },
	{ VERCMP_PEP440, "1.0+1", "1.0+abc", GT },
	{ VERCMP_PEP440, "1.0+abc", "1.0+abc.0", LT },
	{ VERCMP_PEP440, "1.0+ABC", "1.0+abc", EQ },
	{ VERCMP_PEP440, "1.0+a-b_c", "1.0+a.b.c", EQ },
	{ VERCMP_PEP440, "1.0+01", "1.0+1", EQ },
	{ VERCMP_PEP440, "01.0", "1.0", EQ },
	{ VERCMP_PEP440, " 1.0 ", "1.0", EQ },
	{ VERCMP_PEP440, "1.0.0.0.1", "1.0", GT },
	{ VERCMP_PEP440, "", "1.0", INC },
	{ VERCMP_PEP440, "abc", "1.0", INC },
	{ VERCMP_PEP440, "1.0+", "1.0", INC },
	{ VERCMP_PEP440, "1.0+abc.", "1.0", INC },
	{ VERCMP_PEP440, "1.0.x", "1.0", INC },
	{ VERCMP_PEP440, "1.0-", "1.0", INC },
	{ VERCMP_PEP440, "1..0", "1.0", INC },
	{ VERCMP_PEP440, "!1.0", "1.0", INC },
	{ VERCMP_PEP440, "1.0 a", "1.0", INC },
};

static const struct vcase semver_cases[] = {
	{ VERCMP_SEMVER, "1.0.0-alpha", "1.0.0-alpha.1", LT },
	{ VERCMP_SEMVER, "1.0.0-alpha.1", "1.0.0-alpha.beta", LT },
	{ VERCMP_SEMVER, "1.0.0-alpha.beta", "1.0.0-beta", LT },
	{ VERCMP_SEMVER, "1.0.0-beta", "1.0.0-beta.2", LT },
	{ VERCMP_SEMVER, "1.0.0-beta.2", "1.0.0-beta.11", LT },
	{ VERCMP_SEMVER, "1.0.0-beta.11", "1.0.0-rc.1", LT },
	{ VERCMP_SEMVER, "1.0.0-rc.1", "1.0.0", LT },
	{ VERCMP_SEMVER, "1.0.0", "2.0.0", LT },
	{ VERCMP_SEMVER, "2.0.0", "2.1.0", LT },
	{ VERCMP_SEMVER, "2.1.0", "2.1.1", LT },
	{ VERCMP_SEMVER, "1.0.0+build.1", "1.0.0", EQ },
	{ VERCMP_SEMVER, "1.0.0+build.1", "1.0.0+build.2", EQ },
	{ VERCMP_SEMVER, "v1.2.3", "1.2.3", EQ },
	{ VERCMP_SEMVER, "v2.0.0+incompatible", "v1.9.9", GT },
	{ VERCMP_SEMVER, "v2.0.0+incompatible", "v2.0.0", EQ },
	{ VERCMP_SEMVER, "1.2.3-0", "1.2.3-a", LT },
	{ VERCMP_SEMVER, "1.2.3-10", "1.2.3-9", GT },
	{ VERCMP_SEMVER, "1.2.3-a-b", "1.2.3-a", GT },
	{ VERCMP_SEMVER, "v1.2", "v1.2.0", EQ },
	{ VERCMP_SEMVER, "v1", "v1.0.0", EQ },
	/* Go pseudo-versions, ordered as prereleases. */
	{ VERCMP_SEMVER, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.1",
	    LT },
	{ VERCMP_SEMVER, "v0.0.0-20200101000000-aaaaaaaaaaaa",
	    "v0.0.0-20191231235959-bbbbbbbbbbbb", GT },
	{ VERCMP_SEMVER, "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3",
	    GT },
	{ VERCMP_SEMVER, "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4",
	    LT },
	{ VERCMP_SEMVER, "v1.2.4-0.20191109021931-daa7c04131f5",
	    "v1.2.4-0.20201109021931-aaaaaaaaaaaa", LT },
	{ VERCMP_SEMVER, "v1.2.4-pre.0.20191109021931-daa7c04131f5",
	    "v1.2.4-pre", GT },
	{ VERCMP_SEMVER, "v1.2.4-pre.0.20191109021931-daa7c04131f5",
	    "v1.2.4-pre.1", LT },
	{ VERCMP_SEMVER, "v2.0.1-0.20191109021931-daa7c04131f5+incompatible",
	    "v2.0.0+incompatible", GT },
	{ VERCMP_SEMVER, "1.2", "1.2.0", INC },
	{ VERCMP_SEMVER, "01.2.3", "1.2.3", INC },
	{ VERCMP_SEMVER, "1.2.3-01", "1.2.3", INC },
	{ VERCMP_SEMVER, "1.2.3-", "1.2.3", INC },
	{ VERCMP_SEMVER, "1.2.3+", "1.2.3", INC },
	{ VERCMP_SEMVER, "1.2.3-a..b", "1.2.3", INC },
	{ VERCMP_SEMVER, "v1.2-pre", "1.2.3", INC },
	{ VERCMP_SEMVER, "1.2.3.4", "1.2.3", INC },
};

static const struct vcase maven_cases[] = {
	{ VERCMP_MAVEN, "1", "1.0", EQ },
	{ VERCMP_MAVEN, "1", "1.0.0", EQ },
	{ VERCMP_MAVEN, "1.0-alpha", "1-alpha", EQ },
	{ VERCMP_MAVEN, "1-alpha", "1-beta", LT },
	{ VERCMP_MAVEN, "1-beta", "1-milestone", LT },
	{ VERCMP_MAVEN, "1-milestone", "1-rc", LT },
	{ VERCMP_MAVEN, "1-rc", "1-cr", EQ },
	{ VERCMP_MAVEN, "1-rc", "1-snapshot", LT },
	{ VERCMP_MAVEN, "1-snapshot", "1", LT },
	{ VERCMP_MAVEN, "1", "1-ga", EQ },
	{ VERCMP_MAVEN, "1", "1-final", EQ },
	{ VERCMP_MAVEN, "1", "1-release", EQ },
	{ VERCMP_MAVEN, "1", "1-sp", LT },
	{ VERCMP_MAVEN, "1-sp", "1-foo", LT },
	{ VERCMP_MAVEN, "1-foo", "1.1", LT },
	{ VERCMP_MAVEN, "1-abc", "1-xyz", LT },
	{ VERCMP_MAVEN, "1a1", "1-alpha-1", EQ },
	{ VERCMP_MAVEN, "1.0.0-SNAPSHOT", "1.0.0", LT },
	{ VERCMP_MAVEN, "1-1", "1.1", LT },
	{ VERCMP_MAVEN, "1.0RC1", "1.0-rc-1", EQ },
	{ VERCMP_MAVEN, "2.0.0.Final", "2.0.0", EQ },
	{ VERCMP_MAVEN, "1.10", "1.9", GT },
	{ VERCMP_MAVEN, "1.0.0-M1", "1.0.0-RC1", LT },
	{ VERCMP_MAVEN, "", "0", EQ },
};

static const struct vcase none_cases[] = {
	{ VERCMP_NONE, "1.0", "1.0", EQ },
	{ VERCMP_NONE, "1.0", "1.0.0", INC },
	{ VERCMP_NONE, "a", "b", INC },
};

static int
check_case(const struct vcase *c)
{
	enum vercmp_result got, back;

	got = vercmp(c->scheme, c->a, c->b);
	back = vercmp(c->scheme, c->b, c->a);
	if (got == c->want && back == vercmp_flip(c->want))
		return 0;
	printf("mismatch: %s '%s' '%s': got %d (reversed %d), want %d\n",
	    vercmp_scheme_name(c->scheme), c->a, c->b, got, back, c->want);
	return 1;
}

static void
run_table(const struct vcase *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		CHECK_INT(check_case(&t[i]), 0);
}

static void
check_purl_types(void)
{
	CHECK_INT(vercmp_scheme_for_purl_type("deb"), VERCMP_DPKG);
	CHECK_INT(vercmp_scheme_for_purl_type("rpm"), VERCMP_RPM);
	CHECK_INT(vercmp_scheme_for_purl_type("apk"), VERCMP_APK);
	CHECK_INT(vercmp_scheme_for_purl_type("alpine"), VERCMP_APK);
	CHECK_INT(vercmp_scheme_for_purl_type("pypi"), VERCMP_PEP440);
	CHECK_INT(vercmp_scheme_for_purl_type("npm"), VERCMP_SEMVER);
	CHECK_INT(vercmp_scheme_for_purl_type("cargo"), VERCMP_SEMVER);
	CHECK_INT(vercmp_scheme_for_purl_type("golang"), VERCMP_SEMVER);
	CHECK_INT(vercmp_scheme_for_purl_type("maven"), VERCMP_MAVEN);
	CHECK_INT(vercmp_scheme_for_purl_type("gem"), VERCMP_NONE);
	CHECK_INT(vercmp_scheme_for_purl_type("nuget"), VERCMP_NONE);
	CHECK_INT(vercmp_scheme_for_purl_type("composer"), VERCMP_NONE);
	CHECK_INT(vercmp_scheme_for_purl_type(NULL), VERCMP_NONE);
	CHECK_STR(vercmp_scheme_name(VERCMP_DPKG), "dpkg");
	CHECK_STR(vercmp_scheme_name(VERCMP_PEP440), "pep440");
	CHECK_STR(vercmp_scheme_name(VERCMP_NONE), "none");
	CHECK_INT(vercmp(VERCMP_DPKG, NULL, "1"), VERCMP_INCOMPARABLE);
}

static int
run_builtin(void)
{
	run_table(dpkg_cases, ARRAY_SIZE(dpkg_cases));
	run_table(rpm_cases, ARRAY_SIZE(rpm_cases));
	run_table(apk_cases, ARRAY_SIZE(apk_cases));
	run_table(pep440_cases, ARRAY_SIZE(pep440_cases));
	run_table(semver_cases, ARRAY_SIZE(semver_cases));
	run_table(maven_cases, ARRAY_SIZE(maven_cases));
	run_table(none_cases, ARRAY_SIZE(none_cases));
	check_purl_types();
	return UNIT_DONE("vercmp");
}

#define NSCHEMES	(VERCMP_MAVEN + 1)
#define MAX_SHOWN	20	/* mismatches printed per scheme */

struct tally {
	long	pairs;
	long	mismatches;
};

static int
scheme_by_name(const char *name, enum vercmp_scheme *out)
{
	int i;

	for (i = 0; i < NSCHEMES; i++) {
		if (strcmp(vercmp_scheme_name((enum vercmp_scheme)i),
		    name) == 0) {
			*out = (enum vercmp_scheme)i;
			return 0;
		}
	}
	return -1;
}

/* Splits line in place at tabs into n fields; -1 unless exactly n. */
static int
split(char *line, char **f, int n)
{
	int i;
	char *tab;

	line[strcspn(line, "\n")] = '\0';
	for (i = 0; i < n; i++) {
		f[i] = line;
		tab = strchr(line, '\t');
		if (tab == NULL)
			return i == n - 1 ? 0 : -1;
		*tab = '\0';
		line = tab + 1;
	}
	return -1;
}

static int
check_line(char *line, long lineno, struct tally *t)
{
	struct vcase c;
	char *f[4], *end;
	long want;

	if (split(line, f, 4) == -1 || scheme_by_name(f[0], &c.scheme) ==
	    -1) {
		printf("line %ld: malformed\n", lineno);
		return -1;
	}
	want = strtol(f[3], &end, 10);
	if (*end != '\0' || want < -1 || want > 2) {
		printf("line %ld: bad expectation '%s'\n", lineno, f[3]);
		return -1;
	}
	c.a = f[1];
	c.b = f[2];
	c.want = (enum vercmp_result)want;
	t[c.scheme].pairs++;
	if (t[c.scheme].mismatches >= MAX_SHOWN) {
		if (vercmp(c.scheme, c.a, c.b) != c.want ||
		    vercmp(c.scheme, c.b, c.a) != vercmp_flip(c.want))
			t[c.scheme].mismatches++;
		return 0;
	}
	t[c.scheme].mismatches += check_case(&c);
	return 0;
}

static int
run_file(const char *path)
{
	struct tally t[NSCHEMES];
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, bad = 0;
	int i, rc = 1;

	memset(t, 0, sizeof(t));
	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		return 1;
	}
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		if (check_line(line, lineno, t) == -1)
			bad++;
	}
	for (i = 0; i < NSCHEMES; i++) {
		if (t[i].pairs == 0)
			continue;
		printf("%s: %ld pairs, %ld mismatches\n",
		    vercmp_scheme_name((enum vercmp_scheme)i), t[i].pairs,
		    t[i].mismatches);
		bad += t[i].mismatches;
	}
	if (lineno > 0 && bad == 0)
		rc = 0;
	free(line);
	fclose(fp);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		return run_file(argv[1]);
	return run_builtin();
}
