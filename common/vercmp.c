/*
 * vercmp.c: dispatch to the per-scheme comparators, the purl type map,
 * and the helpers they share.
 */
#include "compat.h"

#include <string.h>

#include "vercmp.h"
#include "vercmp_int.h"

static const struct {
	const char		*type;
	enum vercmp_scheme	 scheme;
} purl_types[] = {
	{ "alpine",	VERCMP_APK },
	{ "apk",	VERCMP_APK },
	{ "cargo",	VERCMP_SEMVER },
	{ "deb",	VERCMP_DPKG },
	{ "golang",	VERCMP_SEMVER },
	{ "maven",	VERCMP_MAVEN },
	{ "npm",	VERCMP_SEMVER },
	{ "pypi",	VERCMP_PEP440 },
	{ "rpm",	VERCMP_RPM },
};

/*
 * Left out on purpose, so they map to VERCMP_NONE: "gem" (Gem::Version
 * has its own segment rules), "composer" (accepts "dev-" branches and
 * four-part versions, so SemVer would order them wrongly) and "nuget"
 * (four-part versions and case-insensitive prerelease labels).
 */

enum vercmp_result
vercmp(enum vercmp_scheme scheme, const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return VERCMP_INCOMPARABLE;
	switch (scheme) {
	case VERCMP_DPKG:
		return vercmp_dpkg(a, b);
	case VERCMP_RPM:
		return vercmp_rpm(a, b);
	case VERCMP_APK:
		return vercmp_apk(a, b);
	case VERCMP_PEP440:
		return vercmp_pep440(a, b);
	case VERCMP_SEMVER:
		return vercmp_semver(a, b);
	case VERCMP_MAVEN:
		return vercmp_maven(a, b);
	case VERCMP_NONE:
		break;
	}
	return strcmp(a, b) == 0 ? VERCMP_EQ : VERCMP_INCOMPARABLE;
}

enum vercmp_result
vercmp_flip(enum vercmp_result r)
{
	if (r == VERCMP_LT)
		return VERCMP_GT;
	if (r == VERCMP_GT)
		return VERCMP_LT;
	return r;
}

enum vercmp_scheme
vercmp_scheme_for_purl_type(const char *type)
{
	size_t i;

	if (type == NULL)
		return VERCMP_NONE;
	for (i = 0; i < ARRAY_SIZE(purl_types); i++)
		if (strcmp(purl_types[i].type, type) == 0)
			return purl_types[i].scheme;
	return VERCMP_NONE;
}

const char *
vercmp_scheme_name(enum vercmp_scheme scheme)
{
	switch (scheme) {
	case VERCMP_DPKG:
		return "dpkg";
	case VERCMP_RPM:
		return "rpm";
	case VERCMP_APK:
		return "apk";
	case VERCMP_PEP440:
		return "pep440";
	case VERCMP_SEMVER:
		return "semver";
	case VERCMP_MAVEN:
		return "maven";
	case VERCMP_NONE:
		break;
	}
	return "none";
}

int
vercmp_digits(const char *a, size_t alen, const char *b, size_t blen)
{
	int c;

	while (alen > 0 && *a == '0') {
		a++;
		alen--;
	}
	while (blen > 0 && *b == '0') {
		b++;
		blen--;
	}
	if (alen != blen)
		return alen < blen ? -1 : 1;
	if (alen == 0)
		return 0;
	c = memcmp(a, b, alen);
	return vercmp_sign(c);
}

int
vercmp_sign(int x)
{
	return (x > 0) - (x < 0);
}
