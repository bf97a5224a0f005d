/*
 * vercmp_dpkg.c: Debian version ordering, Debian Policy 5.6.12.
 *
 * A version is [epoch:]upstream[-revision]. The epoch is a number and
 * a missing one is 0; the revision follows the last hyphen and a
 * missing one compares as the empty string (so "1.0" equals "1.0-0").
 * Upstream and revision are compared with the same rule: alternate
 * runs of non-digits, compared character by character with '~' before
 * the end of the run, the end before letters and letters before every
 * other character, and runs of digits, compared as numbers.
 *
 * We refuse (VERCMP_INCOMPARABLE) only what dpkg itself refuses as bad
 * syntax: an empty version, embedded blanks, a non-numeric or too big
 * epoch, and an empty upstream part or revision. Characters outside
 * Policy's set only draw a warning from dpkg, so we order them too.
 */
#include "compat.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "vercmp.h"
#include "vercmp_int.h"

struct dpkg_ver {
	const char	*epoch;
	size_t		 epoch_len;
	const char	*upstream;
	size_t		 upstream_len;
	const char	*revision;
	size_t		 revision_len;
};

/* Digits only, at least one, and no larger than dpkg's INT_MAX. */
static int
epoch_ok(const char *s, size_t len)
{
	size_t i;
	char max[32];
	int n;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!vercmp_isdigit((unsigned char)s[i]))
			return 0;
	n = snprintf(max, sizeof(max), "%d", INT_MAX);
	return vercmp_digits(s, len, max, (size_t)n) <= 0;
}

static int
parse(const char *s, struct dpkg_ver *v)
{
	const char *end, *colon, *hyphen, *p;

	while (vercmp_isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && vercmp_isspace((unsigned char)end[-1]))
		end--;
	if (end == s)
		return -1;
	for (p = s; p < end; p++)
		if (vercmp_isspace((unsigned char)*p))
			return -1;

	v->epoch = "0";
	v->epoch_len = 1;
	colon = memchr(s, ':', (size_t)(end - s));
	if (colon != NULL) {
		if (!epoch_ok(s, (size_t)(colon - s)))
			return -1;
		v->epoch = s;
		v->epoch_len = (size_t)(colon - s);
		s = colon + 1;
	}

	hyphen = NULL;
	for (p = s; p < end; p++)
		if (*p == '-')
			hyphen = p;
	v->upstream = s;
	v->upstream_len = (size_t)((hyphen != NULL ? hyphen : end) - s);
	v->revision = hyphen != NULL ? hyphen + 1 : end;
	v->revision_len = (size_t)(end - v->revision);
	if (v->upstream_len == 0 || (hyphen != NULL && v->revision_len == 0))
		return -1;
	return 0;
}

/* The weight of one character of a non-digit run; 0 is its end. */
static int
weight(int c)
{
	if (c == '~')
		return -1;
	if (vercmp_isdigit(c))
		return 0;
	if (vercmp_isalpha(c))
		return c;
	return c + 256;
}

static int
part_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t da, db;
	int wa, wb, c;

	while (alen > 0 || blen > 0) {
		while ((alen > 0 && !vercmp_isdigit((unsigned char)*a)) ||
		    (blen > 0 && !vercmp_isdigit((unsigned char)*b))) {
			wa = alen > 0 ? weight((unsigned char)*a) : 0;
			wb = blen > 0 ? weight((unsigned char)*b) : 0;
			if (wa != wb)
				return wa < wb ? -1 : 1;
			if (alen > 0) {
				a++;
				alen--;
			}
			if (blen > 0) {
				b++;
				blen--;
			}
		}
		for (da = 0; da < alen &&
		    vercmp_isdigit((unsigned char)a[da]); da++)
			continue;
		for (db = 0; db < blen &&
		    vercmp_isdigit((unsigned char)b[db]); db++)
			continue;
		if ((c = vercmp_digits(a, da, b, db)) != 0)
			return c;
		a += da;
		alen -= da;
		b += db;
		blen -= db;
	}
	return 0;
}

enum vercmp_result
vercmp_dpkg(const char *a, const char *b)
{
	struct dpkg_ver va, vb;
	int c;

	if (parse(a, &va) == -1 || parse(b, &vb) == -1)
		return VERCMP_INCOMPARABLE;
	c = vercmp_digits(va.epoch, va.epoch_len, vb.epoch, vb.epoch_len);
	if (c == 0)
		c = part_cmp(va.upstream, va.upstream_len, vb.upstream,
		    vb.upstream_len);
	if (c == 0)
		c = part_cmp(va.revision, va.revision_len, vb.revision,
		    vb.revision_len);
	return (enum vercmp_result)c;
}
