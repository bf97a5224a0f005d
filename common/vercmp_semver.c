/*
 * vercmp_semver.c: Semantic Versioning 2.0.0 precedence (section 11),
 * as used by npm, Cargo and Go modules.
 *
 * A version is MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], optionally
 * preceded by 'v' as Go writes it. Build metadata, including Go's
 * "+incompatible", takes no part in the order. Go's pseudo-versions
 * ("v0.0.0-20191109021931-daa7c04131f5", "v1.2.4-0.2019...-abcdef")
 * are ordinary prereleases here, which is how the go command orders
 * them too. With the 'v', Go's shorthands "vMAJOR" and "vMAJOR.MINOR"
 * (without prerelease or build) stand for vMAJOR.0.0 and
 * vMAJOR.MINOR.0. Strings outside the grammar, such as numbers with
 * leading zeros, are VERCMP_INCOMPARABLE.
 */
#include "compat.h"

#include <string.h>

#include "vercmp.h"
#include "vercmp_int.h"

struct span {
	const char	*s;
	size_t		 len;
};

struct semver {
	struct span	 core[3];
	struct span	 pre;		/* without the '-'; empty if none */
	int		 has_pre;
};

static int
is_ident(int c)
{
	return vercmp_isdigit(c) || vercmp_isalpha(c) || c == '-';
}

/* A numeric identifier: "0" or digits without a leading zero. */
static const char *
number(const char *s, struct span *n)
{
	n->s = s;
	for (n->len = 0; vercmp_isdigit((unsigned char)s[n->len]); n->len++)
		continue;
	if (n->len == 0 || (n->len > 1 && *s == '0'))
		return NULL;
	return s + n->len;
}

/* Dot-separated identifiers; numeric ones checked if strict. */
static const char *
identifiers(const char *s, int strict)
{
	const char *start;
	int numeric;

	for (;;) {
		start = s;
		numeric = 1;
		for (; is_ident((unsigned char)*s); s++)
			if (!vercmp_isdigit((unsigned char)*s))
				numeric = 0;
		if (s == start)
			return NULL;
		if (strict && numeric && s - start > 1 && *start == '0')
			return NULL;
		if (*s != '.')
			return s;
		s++;
	}
}

static int
parse(const char *s, struct semver *v)
{
	const char *start;
	int has_v = 0, i;

	memset(v, 0, sizeof(*v));
	if (*s == 'v') {
		has_v = 1;
		s++;
	}
	for (i = 0; i < 3; i++) {
		if ((s = number(s, &v->core[i])) == NULL)
			return -1;
		if (i < 2 && *s != '.')
			break;
		if (i < 2)
			s++;
	}
	if (i < 3) {
		/* Go's shorthand: "v1", "v1.2", nothing after. */
		if (!has_v || *s != '\0')
			return -1;
		for (i++; i < 3; i++) {
			v->core[i].s = "0";
			v->core[i].len = 1;
		}
		return 0;
	}
	if (*s == '-') {
		start = ++s;
		if ((s = identifiers(s, 1)) == NULL)
			return -1;
		v->has_pre = 1;
		v->pre.s = start;
		v->pre.len = (size_t)(s - start);
	}
	if (*s == '+' && (s = identifiers(s + 1, 0)) == NULL)
		return -1;
	return *s == '\0' ? 0 : -1;
}

/* Next identifier of a prerelease; 0 at its end. */
static int
next_ident(struct span *pre, struct span *id, int *numeric)
{
	if (pre->len == 0)
		return 0;
	if (*pre->s == '.') {
		pre->s++;
		pre->len--;
	}
	id->s = pre->s;
	*numeric = 1;
	for (id->len = 0; id->len < pre->len && id->s[id->len] != '.';
	    id->len++)
		if (!vercmp_isdigit((unsigned char)id->s[id->len]))
			*numeric = 0;
	pre->s += id->len;
	pre->len -= id->len;
	return 1;
}

/* SemVer 11.4: identifier by identifier, numbers below names. */
static int
pre_cmp(struct span a, struct span b)
{
	struct span ia, ib;
	size_t n;
	int ha, hb, na, nb, c;

	for (;;) {
		ha = next_ident(&a, &ia, &na);
		hb = next_ident(&b, &ib, &nb);
		if (!ha || !hb)
			return ha - hb;
		if (na != nb)
			return na ? -1 : 1;
		if (na) {
			c = vercmp_digits(ia.s, ia.len, ib.s, ib.len);
		} else {
			n = ia.len < ib.len ? ia.len : ib.len;
			c = vercmp_sign(memcmp(ia.s, ib.s, n));
			if (c == 0 && ia.len != ib.len)
				c = ia.len < ib.len ? -1 : 1;
		}
		if (c != 0)
			return c;
	}
}

enum vercmp_result
vercmp_semver(const char *a, const char *b)
{
	struct semver va, vb;
	int i, c;

	if (parse(a, &va) == -1 || parse(b, &vb) == -1)
		return VERCMP_INCOMPARABLE;
	for (i = 0; i < 3; i++) {
		c = vercmp_digits(va.core[i].s, va.core[i].len, vb.core[i].s,
		    vb.core[i].len);
		if (c != 0)
			return (enum vercmp_result)c;
	}
	if (va.has_pre != vb.has_pre)
		return va.has_pre ? VERCMP_LT : VERCMP_GT;
	return (enum vercmp_result)pre_cmp(va.pre, vb.pre);
}
