/*
 * vercmp_maven.c: Maven version order, the rules of Maven's
 * ComparableVersion as the POM reference describes them ("Version Order
 * Specification").
 *
 * The lowercased string is cut into items at '.', at '-' and where
 * digits meet non-digits; an empty item is the number 0. A '-' and a
 * digit/letter transition also open a sub-list that holds everything
 * after it, so "1.0-rc-2" is [1, 0, [rc, [2]]]. A word ended by a
 * digit or by the end of the string opens a sub-list of its own too
 * when its list already has items, so "1.x" = "1-x" while "1.x.2"
 * stays [1, x, 2]. A one-letter word right before a digit is a
 * shorthand: a = alpha, b = beta, m = milestone ("1a1" = "1-alpha-1").
 * Aliases: ga, final and release are the empty qualifier, cr is rc.
 *
 * Each list then drops its trailing "null" items: 0 and the empty
 * qualifier (and sub-lists left empty), so "1.0.0" = "1" and
 * "1.0-final" = "1". Lists compare item by item, a missing item being
 * null, with these rules:
 *
 *   number  vs number: by value; vs qualifier or list: greater;
 *           vs null: greater unless 0
 *   qualifier vs qualifier: alpha < beta < milestone < rc < snapshot
 *           < "" < sp < any other, the others by their text;
 *           vs list: smaller; vs null: as against ""
 *   list    vs list: recursively; vs null: its first item that is
 *           not null, as that item against null
 *
 * Checked against Maven 3.8.7's ComparableVersion. Every string is a
 * valid Maven version. Bytes outside ASCII count as letters and are
 * not lowercased (Java would judge them by Unicode class).
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "vercmp.h"
#include "vercmp_int.h"
#include "xalloc.h"

#define QUAL_RELEASE	5	/* the empty qualifier */
#define QUAL_OTHER	7	/* any word not in the table */

static const char *const qualifiers[] = {
	"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"
};

static const struct {
	const char	*from;
	const char	*to;
} aliases[] = {
	{ "ga", "" }, { "final", "" }, { "release", "" }, { "cr", "rc" },
};

struct mvn_item {
	const char	*s;	/* digits, or the lowercased word */
	size_t		 len;
	int		 is_num;
	int		 qual;	/* the qualifier's rank, QUAL_OTHER */
	size_t		 level;	/* depth of the sub-list holding it */
};

struct mvn_ver {
	char		*lower;	/* the lowercased copy items point into */
	struct mvn_item	*items;
	size_t		 nitems;
	size_t		 nlevels;
	size_t		*first;	/* first item index of each level */
	size_t		*count;	/* items of each level, after trimming */
};

/* Elements of a list: an item, the sub-list after its items, nothing. */
enum elem_kind { ELEM_NONE, ELEM_ITEM, ELEM_LIST };

struct elem {
	enum elem_kind		 kind;
	const struct mvn_item	*item;
};

static int
qualifier_rank(const char *s, size_t len, int before_digit)
{
	size_t i;

	if (before_digit && len == 1) {
		switch (*s) {
		case 'a':
			return 0;
		case 'b':
			return 1;
		case 'm':
			return 2;
		}
	}
	for (i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (strlen(aliases[i].from) == len &&
		    memcmp(aliases[i].from, s, len) == 0) {
			s = aliases[i].to;
			len = strlen(s);
			break;
		}
	}
	for (i = 0; i < ARRAY_SIZE(qualifiers); i++)
		if (strlen(qualifiers[i]) == len &&
		    memcmp(qualifiers[i], s, len) == 0)
			return (int)i;
	return QUAL_OTHER;
}

static void
add_item(struct mvn_ver *v, const char *s, size_t len, int is_num,
    int before_digit, size_t level)
{
	struct mvn_item *it = &v->items[v->nitems++];

	if (len == 0) {
		s = "0";
		len = 1;
		is_num = 1;
	}
	it->s = s;
	it->len = len;
	it->is_num = is_num;
	it->qual = is_num ? 0 : qualifier_rank(s, len, before_digit);
	it->level = level;
}

static int
is_null(const struct mvn_item *it)
{
	if (it->is_num)
		return vercmp_digits(it->s, it->len, "", 0) == 0;
	return it->qual == QUAL_RELEASE;
}

/* Counts each level's items and drops the trailing null ones. */
static void
trim(struct mvn_ver *v)
{
	size_t i, l;

	v->first = xcalloc(v->nlevels, sizeof(*v->first));
	v->count = xcalloc(v->nlevels, sizeof(*v->count));
	for (i = v->nitems; i > 0; i--) {
		l = v->items[i - 1].level;
		v->first[l] = i - 1;
		v->count[l]++;
	}
	for (l = 0; l < v->nlevels; l++)
		while (v->count[l] > 0 &&
		    is_null(&v->items[v->first[l] + v->count[l] - 1]))
			v->count[l]--;
	while (v->nlevels > 1 && v->count[v->nlevels - 1] == 0)
		v->nlevels--;
}

/* How a segment ends, for add_word_or_number(). */
#define END_SEP		0	/* at '.' or '-' */
#define END_STRING	1
#define END_DIGIT	2	/* at a transition to a digit */

/*
 * Adds the item s[0..len) at *level. A word ended by a digit or by the
 * end of the string opens a sub-list of its own when its list already
 * has items, so "1.x" reads as "1-x" (Maven's ".qualifier" =
 * "-qualifier"); a word ended by '.' or '-' stays where it is.
 */
static void
add_word_or_number(struct mvn_ver *v, const char *s, size_t len,
    int is_num, int ends, size_t *level)
{
	if (len > 0 && !is_num && ends != END_SEP && v->nitems > 0 &&
	    v->items[v->nitems - 1].level == *level)
		(*level)++;
	add_item(v, s, len, is_num, ends == END_DIGIT, *level);
}

static void
parse(const char *str, struct mvn_ver *v)
{
	size_t n = strlen(str), i, start = 0, level = 0;
	int digit = 0, d;
	char *p;

	memset(v, 0, sizeof(*v));
	v->lower = xstrdup(str);
	for (p = v->lower; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	v->items = xcalloc(n + 1, sizeof(*v->items));
	p = v->lower;
	for (i = 0; i < n; i++) {
		if (p[i] == '.' || p[i] == '-') {
			add_word_or_number(v, p + start, i - start, digit,
			    END_SEP, &level);
			start = i + 1;
			if (p[i] == '-')
				level++;
			continue;
		}
		d = vercmp_isdigit((unsigned char)p[i]);
		if (i > start && d != digit) {
			add_word_or_number(v, p + start, i - start, digit,
			    d ? END_DIGIT : END_SEP, &level);
			start = i;
			level++;
		}
		digit = d;
	}
	if (n > start)
		add_word_or_number(v, p + start, n - start, digit,
		    END_STRING, &level);
	v->nlevels = level + 1;
	trim(v);
}

static void
release(struct mvn_ver *v)
{
	free(v->lower);
	free(v->items);
	free(v->first);
	free(v->count);
}

static struct elem
elem_at(const struct mvn_ver *v, size_t level, size_t i)
{
	struct elem e = { ELEM_NONE, NULL };

	if (i < v->count[level]) {
		e.kind = ELEM_ITEM;
		e.item = &v->items[v->first[level] + i];
	} else if (i == v->count[level] && level + 1 < v->nlevels) {
		e.kind = ELEM_LIST;
	}
	return e;
}

/* Byte k of a qualifier's sort key: "0".."6", or "7-" + word; -1 past it. */
static int
qual_key(const struct mvn_item *it, size_t k)
{
	if (it->qual != QUAL_OTHER)
		return k == 0 ? '0' + it->qual : -1;
	if (k < 2)
		return k == 0 ? '0' + QUAL_OTHER : '-';
	return k - 2 < it->len ? (unsigned char)it->s[k - 2] : -1;
}

static int
qual_cmp(const struct mvn_item *a, const struct mvn_item *b)
{
	size_t k;
	int ca, cb;

	for (k = 0;; k++) {
		ca = qual_key(a, k);
		cb = qual_key(b, k);
		if (ca != cb)
			return ca < cb ? -1 : 1;
		if (ca == -1)
			return 0;
	}
}

/* An item against a missing one. */
static int
item_vs_null(const struct mvn_item *it)
{
	if (it->is_num)
		return is_null(it) ? 0 : 1;
	if (it->qual == QUAL_OTHER)
		return 1;
	return it->qual < QUAL_RELEASE ? -1 : it->qual > QUAL_RELEASE;
}

/* The sub-list starting at level against a missing one. */
static int
list_vs_null(const struct mvn_ver *v, size_t level)
{
	size_t i;
	int c;

	for (; level < v->nlevels; level++)
		for (i = 0; i < v->count[level]; i++)
			if ((c = item_vs_null(
			    &v->items[v->first[level] + i])) != 0)
				return c;
	return 0;
}

/* Two elements, at most one of them a list, not both missing. */
static int
elem_cmp(struct elem a, struct elem b)
{
	if (b.kind == ELEM_NONE)
		return item_vs_null(a.item);
	if (a.kind == ELEM_NONE)
		return -item_vs_null(b.item);
	if (a.kind == ELEM_LIST)
		return b.item->is_num ? -1 : 1;
	if (b.kind == ELEM_LIST)
		return a.item->is_num ? 1 : -1;
	if (a.item->is_num && b.item->is_num)
		return vercmp_digits(a.item->s, a.item->len, b.item->s,
		    b.item->len);
	if (a.item->is_num != b.item->is_num)
		return a.item->is_num ? 1 : -1;
	return qual_cmp(a.item, b.item);
}

/*
 * Compares the lists at levels la of a and lb of b. A sub-list is
 * always the last element of its parent, so comparing two of them is
 * the last step and a loop stands in for the recursion.
 */
static int
list_cmp(const struct mvn_ver *a, const struct mvn_ver *b)
{
	size_t la = 0, lb = 0, i;
	struct elem ea, eb;
	int c;

	for (;;) {
		for (i = 0;; i++) {
			ea = elem_at(a, la, i);
			eb = elem_at(b, lb, i);
			if (ea.kind == ELEM_LIST && eb.kind == ELEM_LIST)
				break;
			if (ea.kind == ELEM_LIST && eb.kind == ELEM_NONE)
				return list_vs_null(a, la + 1);
			if (ea.kind == ELEM_NONE && eb.kind == ELEM_LIST)
				return -list_vs_null(b, lb + 1);
			if (ea.kind == ELEM_NONE && eb.kind == ELEM_NONE)
				return 0;
			if ((c = elem_cmp(ea, eb)) != 0)
				return c;
		}
		la++;
		lb++;
	}
}

enum vercmp_result
vercmp_maven(const char *a, const char *b)
{
	struct mvn_ver va, vb;
	int c;

	parse(a, &va);
	parse(b, &vb);
	c = list_cmp(&va, &vb);
	release(&va);
	release(&vb);
	return (enum vercmp_result)c;
}
