/*
 * vercmp_rpm.c: rpm's version ordering, applied to [epoch:]version
 * [-release] labels.
 *
 * A string is read as a series of segments: maximal runs of ASCII
 * digits or of ASCII letters. Every other character only separates
 * segments, except '~' and '^'. A '~' sorts before anything, even the
 * end of the string ("1.0~rc1" < "1.0"). A '^' sorts after the end of
 * the string but before any further segment ("1.0" < "1.0^git1" <
 * "1.0.1"). A numeric segment is newer than an alphabetic one; numeric
 * segments compare as numbers (leading zeros ignored) and alphabetic
 * ones byte by byte. When all common segments are equal, the string
 * with segments left over is newer.
 *
 * Labels: the epoch is the run of digits before a ':' at the start; a
 * missing one is 0. The release follows the last '-'. A label without
 * a release sorts before the same version with any release, even an
 * empty one ("1.0" < "1.0-" < "1.0-1"), as rpm's label comparison
 * (rpm.labelCompare, rpm.ver) does. We do not follow rpm's dependency
 * matching, where "= 1.0" accepts every release of 1.0: as an order
 * that would not be transitive ("1.0-1" = "1.0" = "1.0-2" yet "1.0-1"
 * < "1.0-2"). Every string is valid.
 */
#include "compat.h"

#include <string.h>

#include "vercmp.h"
#include "vercmp_int.h"

/* A span of the label; end points one past its last byte. */
struct span {
	const char	*s;
	const char	*end;
};

struct rpm_label {
	struct span	epoch;
	struct span	version;
	struct span	release;
	int		has_release;
};

/* The byte at p, or 0 at the end of the span. */
static int
at(const struct span *sp)
{
	return sp->s < sp->end ? (unsigned char)*sp->s : 0;
}

static void
skip_separators(struct span *sp)
{
	int c;

	while ((c = at(sp)) != 0 && !vercmp_isdigit(c) && !vercmp_isalpha(c) &&
	    c != '~' && c != '^')
		sp->s++;
}

static size_t
run_len(const struct span *sp, int (*in_run)(int))
{
	size_t n;

	for (n = 0; sp->s + n < sp->end &&
	    in_run((unsigned char)sp->s[n]); n++)
		continue;
	return n;
}

/* Compares the segments at a and b and steps past them; 0 if equal. */
static int
segment_cmp(struct span *a, struct span *b)
{
	size_t la, lb;
	int c;

	if (vercmp_isdigit(at(a))) {
		la = run_len(a, vercmp_isdigit);
		lb = run_len(b, vercmp_isdigit);
		if (lb == 0)
			return 1;
		c = vercmp_digits(a->s, la, b->s, lb);
	} else {
		la = run_len(a, vercmp_isalpha);
		lb = run_len(b, vercmp_isalpha);
		if (lb == 0)
			return -1;
		c = memcmp(a->s, b->s, la < lb ? la : lb);
		if (c == 0 && la != lb)
			c = la < lb ? -1 : 1;
	}
	a->s += la;
	b->s += lb;
	return vercmp_sign(c);
}

static int
string_cmp(struct span a, struct span b)
{
	int ca, cb, c;

	for (;;) {
		skip_separators(&a);
		skip_separators(&b);
		ca = at(&a);
		cb = at(&b);
		if (ca == '~' || cb == '~') {
			if (ca != cb)
				return ca == '~' ? -1 : 1;
		} else if (ca == '^' || cb == '^') {
			if (ca == 0 || cb == 0)
				return ca == 0 ? -1 : 1;
			if (ca != cb)
				return ca == '^' ? -1 : 1;
		} else if (ca == 0 || cb == 0) {
			break;
		} else {
			if ((c = segment_cmp(&a, &b)) != 0)
				return c;
			continue;
		}
		a.s++;
		b.s++;
	}
	if (ca == 0 && cb == 0)
		return 0;
	return ca == 0 ? -1 : 1;
}

static void
parse_label(const char *s, struct rpm_label *l)
{
	const char *p, *end, *hyphen;

	end = s + strlen(s);
	for (p = s; vercmp_isdigit((unsigned char)*p); p++)
		continue;
	l->epoch.s = "0";
	l->epoch.end = l->epoch.s + 1;
	if (*p == ':') {
		if (p > s) {
			l->epoch.s = s;
			l->epoch.end = p;
		}
		s = p + 1;
	}
	hyphen = strrchr(s, '-');
	l->has_release = hyphen != NULL;
	l->version.s = s;
	l->version.end = hyphen != NULL ? hyphen : end;
	l->release.s = hyphen != NULL ? hyphen + 1 : end;
	l->release.end = end;
}

enum vercmp_result
vercmp_rpm(const char *a, const char *b)
{
	struct rpm_label la, lb;
	int c;

	parse_label(a, &la);
	parse_label(b, &lb);
	c = string_cmp(la.epoch, lb.epoch);
	if (c == 0)
		c = string_cmp(la.version, lb.version);
	if (c == 0 && la.has_release != lb.has_release)
		c = la.has_release ? 1 : -1;
	if (c == 0 && la.has_release)
		c = string_cmp(la.release, lb.release);
	return (enum vercmp_result)c;
}
