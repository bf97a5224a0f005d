/*
 * vercmp.h: version ordering per ecosystem, written from each scheme's
 * public specification (Debian Policy 5.6.12, rpm's rpmvercmp rules,
 * apk-tools' version rules, PEP 440, SemVer 2.0.0 with Go module
 * pseudo-versions, Maven's ComparableVersion rules).
 */
#ifndef VERCMP_H
#define VERCMP_H

enum vercmp_scheme {
	VERCMP_NONE,	/* only equal or different */
	VERCMP_DPKG,
	VERCMP_RPM,
	VERCMP_APK,
	VERCMP_PEP440,
	VERCMP_SEMVER,	/* npm, cargo, go (with pseudo-versions) */
	VERCMP_MAVEN
};

/* Result of a comparison. */
enum vercmp_result {
	VERCMP_LT = -1,
	VERCMP_EQ = 0,
	VERCMP_GT = 1,
	VERCMP_INCOMPARABLE = 2	/* invalid for the scheme, or NONE */
};

/*
 * Compares a and b. VERCMP_EQ means equal in the scheme's order, which
 * may hold for different spellings ("1.0" and "1.0.0" in Maven, "1.0"
 * and "1.0.0" in PEP 440, "0:1.2" and "1.2" in dpkg).
 */
enum vercmp_result vercmp(enum vercmp_scheme, const char *a, const char *b);

/*
 * The answer with the sides swapped: LT and GT trade places, EQ and
 * INCOMPARABLE stay, so vercmp(s, b, a) == vercmp_flip(vercmp(s, a, b)).
 */
enum vercmp_result vercmp_flip(enum vercmp_result);

/* The scheme for a purl type ("deb", "rpm", "apk", "pypi", "npm",
 * "cargo", "golang", "maven", ...); VERCMP_NONE when none applies. */
enum vercmp_scheme vercmp_scheme_for_purl_type(const char *type);

/* Name of a scheme ("dpkg", "rpm", ...), for reports. */
const char *vercmp_scheme_name(enum vercmp_scheme);

#endif /* VERCMP_H */
