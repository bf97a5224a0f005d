/*
 * vercmp_apk.c: Alpine apk-tools version ordering.
 *
 * A version is NUM{.NUM}[letter]{_suffix[NUM]}[~hash][-rNUM]: dotted
 * numbers, at most one lowercase letter, suffixes, an optional commit
 * hash and the package revision. It is compared part by part, in the
 * spirit of Gentoo's version rules that apk follows:
 *
 *   numbers   the first as a number; later ones as numbers too unless
 *             either starts with '0', then as strings with trailing
 *             zeros dropped ("1.05" < "1.5"); more numbers is newer;
 *   letter    none before any, then alphabetical ("1.0" < "1.0a");
 *   suffixes  pairwise by kind, then number (missing = 0), with
 *             _alpha < _beta < _pre < _rc < (none) < _cvs < _svn <
 *             _git < _hg < _p; an extra suffix on one side is compared
 *             with "none", so "1.0_rc1" < "1.0" < "1.0_p1";
 *   hash      none before any, then byte order;
 *   revision  "-rN" as a number, missing = 0.
 *
 * A string that does not follow the grammar is VERCMP_INCOMPARABLE.
 */
#include "compat.h"

#include <string.h>

#include "vercmp.h"
#include "vercmp_int.h"

#define SUFFIX_NONE	4	/* the rank of "no suffix here" */

static const char *const suffix_names[] = {
	"alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"
};

struct apk_ver {
	const char	*nums, *nums_end;	/* "1.2.3" */
	int		 letter;		/* 0 for none */
	const char	*sufs, *sufs_end;	/* "_rc1_p2" */
	const char	*hash, *hash_end;
	const char	*rev, *rev_end;		/* digits of "-rN" */
};

static int
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static const char *
skip_digits(const char *s)
{
	while (vercmp_isdigit((unsigned char)*s))
		s++;
	return s;
}

/* Reads one "_name[NUM]"; returns its rank and sets *next, or -1. */
static int
suffix_at(const char *s, const char **next)
{
	size_t i, n;

	if (*s != '_')
		return -1;
	s++;
	for (n = 0; is_lower((unsigned char)s[n]); n++)
		continue;
	for (i = 0; i < ARRAY_SIZE(suffix_names); i++) {
		if (i == SUFFIX_NONE || strlen(suffix_names[i]) != n)
			continue;
		if (memcmp(suffix_names[i], s, n) == 0) {
			*next = skip_digits(s + n);
			return (int)i;
		}
	}
	return -1;
}

static int
parse(const char *s, struct apk_ver *v)
{
	const char *p;

	memset(v, 0, sizeof(*v));
	v->nums = s;
	for (;;) {
		p = skip_digits(s);
		if (p == s)
			return -1;
		s = p;
		if (*s != '.')
			break;
		s++;
	}
	v->nums_end = s;
	if (is_lower((unsigned char)*s))
		v->letter = (unsigned char)*s++;
	v->sufs = s;
	while (*s == '_')
		if (suffix_at(s, &s) == -1)
			return -1;
	v->sufs_end = s;
	v->hash = v->hash_end = s;
	if (*s == '~') {
		v->hash = ++s;
		while (vercmp_isdigit((unsigned char)*s) ||
		    (*s >= 'a' && *s <= 'f'))
			s++;
		if (s == v->hash)
			return -1;
		v->hash_end = s;
	}
	v->rev = v->rev_end = s;
	if (s[0] == '-' && s[1] == 'r') {
		v->rev = s + 2;
		v->rev_end = skip_digits(v->rev);
		if (v->rev_end == v->rev)
			return -1;
		s = v->rev_end;
	}
	return *s == '\0' ? 0 : -1;
}

/* Compares later dotted numbers, where a leading zero means a fraction. */
static int
later_num_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int c;

	if (*a != '0' && *b != '0')
		return vercmp_digits(a, la, b, lb);
	while (la > 0 && a[la - 1] == '0')
		la--;
	while (lb > 0 && b[lb - 1] == '0')
		lb--;
	c = memcmp(a, b, la < lb ? la : lb);
	if (c == 0 && la != lb)
		c = la < lb ? -1 : 1;
	return vercmp_sign(c);
}

static int
nums_cmp(const struct apk_ver *va, const struct apk_ver *vb)
{
	const char *a = va->nums, *b = vb->nums;
	size_t la, lb;
	int c, first = 1;

	for (;;) {
		la = (size_t)(skip_digits(a) - a);
		lb = (size_t)(skip_digits(b) - b);
		if (first)
			c = vercmp_digits(a, la, b, lb);
		else
			c = later_num_cmp(a, la, b, lb);
		if (c != 0)
			return c;
		first = 0;
		a += la;
		b += lb;
		if (a == va->nums_end || b == vb->nums_end)
			break;
		a++;
		b++;
	}
	if (a == va->nums_end && b == vb->nums_end)
		return 0;
	return a == va->nums_end ? -1 : 1;
}

static int
sufs_cmp(const struct apk_ver *va, const struct apk_ver *vb)
{
	const char *a = va->sufs, *b = vb->sufs, *na, *nb;
	int ra, rb, c;

	while (a < va->sufs_end || b < vb->sufs_end) {
		ra = a < va->sufs_end ? suffix_at(a, &na) : SUFFIX_NONE;
		rb = b < vb->sufs_end ? suffix_at(b, &nb) : SUFFIX_NONE;
		if (ra != rb)
			return ra < rb ? -1 : 1;
		if (ra == SUFFIX_NONE)
			return 0;
		a += strlen(suffix_names[ra]) + 1;
		b += strlen(suffix_names[rb]) + 1;
		c = vercmp_digits(a, (size_t)(na - a), b, (size_t)(nb - b));
		if (c != 0)
			return c;
		a = na;
		b = nb;
	}
	return 0;
}

static int
span_cmp(const char *a, const char *ae, const char *b, const char *be)
{
	size_t la = (size_t)(ae - a), lb = (size_t)(be - b);
	int c;

	c = memcmp(a, b, la < lb ? la : lb);
	if (c == 0 && la != lb)
		c = la < lb ? -1 : 1;
	return vercmp_sign(c);
}

enum vercmp_result
vercmp_apk(const char *a, const char *b)
{
	struct apk_ver va, vb;
	int c;

	if (parse(a, &va) == -1 || parse(b, &vb) == -1)
		return VERCMP_INCOMPARABLE;
	if ((c = nums_cmp(&va, &vb)) != 0)
		return (enum vercmp_result)c;
	if (va.letter != vb.letter)
		return va.letter < vb.letter ? VERCMP_LT : VERCMP_GT;
	if ((c = sufs_cmp(&va, &vb)) != 0)
		return (enum vercmp_result)c;
	c = span_cmp(va.hash, va.hash_end, vb.hash, vb.hash_end);
	if (c != 0)
		return (enum vercmp_result)c;
	c = vercmp_digits(va.rev, (size_t)(va.rev_end - va.rev), vb.rev,
	    (size_t)(vb.rev_end - vb.rev));
	return (enum vercmp_result)c;
}
