/*
 * vercmp_pep440.c: Python package versions, PEP 440.
 *
 * Accepted spelling (case-insensitive, surrounding blanks ignored):
 *
 *   [v][N!]N{.N}[pre][post][dev][+local]
 *   pre   [sep](a|b|c|rc|alpha|beta|pre|preview)[sep][N]
 *   post  -N | [sep](post|rev|r)[sep][N]
 *   dev   [sep]dev[sep][N]
 *   local [a-z0-9]+ separated by '.', '-' or '_'
 *
 * where sep is '.', '-' or '_' and a missing N is 0. These are the
 * spellings PEP 440 says to normalise, so "1.0-ALPHA.2" equals "1.0a2"
 * and "1.0-1" equals "1.0.post1". Anything else is not a version.
 *
 * Order (PEP 440, "Summary of permitted suffixes and relative
 * ordering"): epoch; release with zero padding ("1.0" = "1.0.0"); then
 * dev-only releases < pre-releases (a < b < rc, then by number) <
 * final; post-releases after their base, dev after nothing else of the
 * same post-release; finally a version without local label sorts
 * before one with, and local labels compare segment by segment,
 * numbers as numbers and above any letters, shorter first on ties.
 */
#include "compat.h"

#include <string.h>
#include <strings.h>

#include "vercmp.h"
#include "vercmp_int.h"

/* Ranks of the pre-release field, with the two infinities of PEP 440. */
enum {
	PRE_DEV_ONLY = -1,	/* "1.0.dev1": before every pre-release */
	PRE_A, PRE_B, PRE_RC,
	PRE_NONE		/* a final or post release */
};

struct span {
	const char	*s;
	size_t		 len;
};

struct pep440 {
	struct span	 epoch;
	struct span	 release;	/* "1.2.3" */
	int		 pre;
	struct span	 pre_n;
	int		 has_post;
	struct span	 post_n;
	int		 has_dev;
	struct span	 dev_n;
	struct span	 local;		/* without the '+' */
};

static const struct {
	const char	*word;
	int		 rank;
} pre_words[] = {	/* longest first, so "pre" does not eat "preview" */
	{ "preview", PRE_RC }, { "alpha", PRE_A }, { "beta", PRE_B },
	{ "pre", PRE_RC }, { "rc", PRE_RC }, { "a", PRE_A }, { "b", PRE_B },
	{ "c", PRE_RC },
};

static const char *const post_words[] = { "post", "rev", "r" };

static int
is_sep(int c)
{
	return c == '.' || c == '-' || c == '_';
}

static int
is_alnum(int c)
{
	return vercmp_isdigit(c) || vercmp_isalpha(c);
}

static size_t
digits(const char *s, struct span *n)
{
	size_t len;

	for (len = 0; vercmp_isdigit((unsigned char)s[len]); len++)
		continue;
	n->s = s;
	n->len = len;
	return len;
}

/* Length of word at s (case-insensitive) after an optional separator. */
static size_t
sep_word(const char *s, const char *word)
{
	size_t off = is_sep((unsigned char)*s) ? 1 : 0;
	size_t n = strlen(word);

	return strncasecmp(s + off, word, n) == 0 ? off + n : 0;
}

/* After a pre, post or dev word: an optional separator and number. */
static const char *
number_after(const char *s, struct span *n)
{
	if (is_sep((unsigned char)*s))
		s++;
	return s + digits(s, n);
}

static const char *
parse_pre(const char *s, struct pep440 *v)
{
	size_t i, n;

	v->pre = PRE_NONE;
	for (i = 0; i < ARRAY_SIZE(pre_words); i++) {
		if ((n = sep_word(s, pre_words[i].word)) == 0)
			continue;
		v->pre = pre_words[i].rank;
		return number_after(s + n, &v->pre_n);
	}
	return s;
}

static const char *
parse_post(const char *s, struct pep440 *v)
{
	size_t i, n;

	if (s[0] == '-' && vercmp_isdigit((unsigned char)s[1])) {
		v->has_post = 1;
		return s + 1 + digits(s + 1, &v->post_n);
	}
	for (i = 0; i < ARRAY_SIZE(post_words); i++) {
		if ((n = sep_word(s, post_words[i])) == 0)
			continue;
		v->has_post = 1;
		return number_after(s + n, &v->post_n);
	}
	return s;
}

static const char *
parse_local(const char *s, struct pep440 *v)
{
	const char *start;

	if (*s != '+')
		return s;
	start = ++s;
	for (;;) {
		if (!is_alnum((unsigned char)*s))
			return NULL;
		while (is_alnum((unsigned char)*s))
			s++;
		if (!is_sep((unsigned char)*s) ||
		    !is_alnum((unsigned char)s[1]))
			break;
		s++;
	}
	v->local.s = start;
	v->local.len = (size_t)(s - start);
	return s;
}

static const char *
parse_release(const char *s, struct pep440 *v)
{
	struct span n;
	const char *start = s;

	if (digits(s, &n) == 0)
		return NULL;
	s += n.len;
	if (*s == '!') {
		v->epoch = n;
		start = ++s;
		if (digits(s, &n) == 0)
			return NULL;
		s += n.len;
	}
	while (*s == '.' && vercmp_isdigit((unsigned char)s[1]))
		s += 1 + digits(s + 1, &n);
	v->release.s = start;
	v->release.len = (size_t)(s - start);
	return s;
}

static int
parse(const char *s, struct pep440 *v)
{
	size_t n;

	memset(v, 0, sizeof(*v));
	while (vercmp_isspace((unsigned char)*s))
		s++;
	if (*s == 'v' || *s == 'V')
		s++;
	if ((s = parse_release(s, v)) == NULL)
		return -1;
	s = parse_pre(s, v);
	s = parse_post(s, v);
	if ((n = sep_word(s, "dev")) != 0) {
		v->has_dev = 1;
		s = number_after(s + n, &v->dev_n);
	}
	if ((s = parse_local(s, v)) == NULL)
		return -1;
	while (vercmp_isspace((unsigned char)*s))
		s++;
	if (*s != '\0')
		return -1;
	if (v->pre == PRE_NONE && !v->has_post && v->has_dev)
		v->pre = PRE_DEV_ONLY;
	return 0;
}

/* Reads the next number of a dotted release; returns 0 past the end. */
static int
next_component(struct span *rel, struct span *n)
{
	if (rel->len == 0) {
		n->s = "";
		n->len = 0;
		return 0;
	}
	if (*rel->s == '.') {
		rel->s++;
		rel->len--;
	}
	digits(rel->s, n);
	rel->s += n->len;
	rel->len -= n->len;
	return 1;
}

static int
release_cmp(struct span a, struct span b)
{
	struct span na, nb;
	int ha, hb, c;

	for (;;) {
		ha = next_component(&a, &na);
		hb = next_component(&b, &nb);
		if (!ha && !hb)
			return 0;
		if ((c = vercmp_digits(na.s, na.len, nb.s, nb.len)) != 0)
			return c;
	}
}

/* Next segment of a local label; 0 at its end. */
static int
next_local(struct span *l, struct span *seg)
{
	if (l->len == 0)
		return 0;
	if (is_sep((unsigned char)*l->s)) {
		l->s++;
		l->len--;
	}
	seg->s = l->s;
	for (seg->len = 0; seg->len < l->len &&
	    is_alnum((unsigned char)seg->s[seg->len]); seg->len++)
		continue;
	l->s += seg->len;
	l->len -= seg->len;
	return 1;
}

static int
all_digits(struct span seg)
{
	size_t i;

	for (i = 0; i < seg.len; i++)
		if (!vercmp_isdigit((unsigned char)seg.s[i]))
			return 0;
	return 1;
}

static int
segment_cmp(struct span a, struct span b)
{
	int da = all_digits(a), db = all_digits(b), c;
	size_t n = a.len < b.len ? a.len : b.len;

	if (da != db)
		return da ? 1 : -1;
	if (da)
		return vercmp_digits(a.s, a.len, b.s, b.len);
	if ((c = strncasecmp(a.s, b.s, n)) != 0)
		return vercmp_sign(c);
	return a.len == b.len ? 0 : a.len < b.len ? -1 : 1;
}

static int
local_cmp(struct span a, struct span b)
{
	struct span sa, sb;
	int ha, hb, c;

	for (;;) {
		ha = next_local(&a, &sa);
		hb = next_local(&b, &sb);
		if (!ha || !hb)
			return ha - hb;
		if ((c = segment_cmp(sa, sb)) != 0)
			return c;
	}
}

static int
int_cmp(int a, int b)
{
	return (a > b) - (a < b);
}

static int
key_cmp(const struct pep440 *a, const struct pep440 *b)
{
	int c;

	if ((c = vercmp_digits(a->epoch.s, a->epoch.len, b->epoch.s,
	    b->epoch.len)) != 0)
		return c;
	if ((c = release_cmp(a->release, b->release)) != 0)
		return c;
	if ((c = int_cmp(a->pre, b->pre)) != 0)
		return c;
	if ((c = vercmp_digits(a->pre_n.s, a->pre_n.len, b->pre_n.s,
	    b->pre_n.len)) != 0)
		return c;
	if ((c = int_cmp(a->has_post, b->has_post)) != 0)
		return c;
	if ((c = vercmp_digits(a->post_n.s, a->post_n.len, b->post_n.s,
	    b->post_n.len)) != 0)
		return c;
	if ((c = int_cmp(!a->has_dev, !b->has_dev)) != 0)
		return c;
	if ((c = vercmp_digits(a->dev_n.s, a->dev_n.len, b->dev_n.s,
	    b->dev_n.len)) != 0)
		return c;
	return local_cmp(a->local, b->local);
}

enum vercmp_result
vercmp_pep440(const char *a, const char *b)
{
	struct pep440 va, vb;

	if (parse(a, &va) == -1 || parse(b, &vb) == -1)
		return VERCMP_INCOMPARABLE;
	return (enum vercmp_result)key_cmp(&va, &vb);
}
