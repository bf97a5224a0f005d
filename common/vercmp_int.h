/*
 * vercmp_int.h: the per-scheme comparators behind vercmp(), private to
 * common/vercmp*.c. Each takes two NUL-terminated strings (never NULL)
 * and returns VERCMP_LT, VERCMP_EQ, VERCMP_GT, or VERCMP_INCOMPARABLE
 * when either string is not a valid version of that scheme. None of
 * them allocates except vercmp_maven(), which frees what it takes.
 */
#ifndef VERCMP_INT_H
#define VERCMP_INT_H

#include <stddef.h>

#include "vercmp.h"

enum vercmp_result vercmp_dpkg(const char *, const char *);
enum vercmp_result vercmp_rpm(const char *, const char *);
enum vercmp_result vercmp_apk(const char *, const char *);
enum vercmp_result vercmp_pep440(const char *, const char *);
enum vercmp_result vercmp_semver(const char *, const char *);
enum vercmp_result vercmp_maven(const char *, const char *);

/*
 * Compares two runs of ASCII digits as unbounded non-negative integers
 * (leading zeros ignored, so no overflow). Either run may be empty,
 * which counts as zero. Returns -1, 0 or 1.
 */
int	vercmp_digits(const char *a, size_t alen, const char *b, size_t blen);

/* Returns -1, 0 or 1 for the sign of x. */
int	vercmp_sign(int x);

#endif /* VERCMP_INT_H */
