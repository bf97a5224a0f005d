/*
 * bom.c: the BOM model. Building it, making its strings safe, and
 * bom_finalize(), which puts it into the one canonical order that both
 * writers walk.
 */
#include "compat.h"

#include <sys/random.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bom.h"
#include "diag.h"
#include "digest.h"
#include "strbuf.h"
#include "xalloc.h"

/* Hex digits of the content hash appended to a bom-ref that clashes. */
#define REF_HASHLEN	12
/* 9999-12-31T23:59:59Z: JSON date-time and xs:dateTime want 4 digits. */
#define EPOCH_MAX	253402300799LL

static const char hexdig[] = "0123456789ABCDEF";

/*
 * Returns the length of the valid UTF-8 sequence at p (2 to 4), or 0.
 * Rejects overlong forms, surrogates, code points past U+10FFFF and the
 * XML non-characters U+FFFE and U+FFFF.
 */
static size_t
utf8_seqlen(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t i, n;

	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	if (n == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
		return 0;
	return n;
}

static int
ctl_ok(unsigned char c)
{
	return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
}

char *
bom_utf8_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	if (s == NULL)
		return NULL;
	strbuf_addstr(&sb, "");
	while (*p != '\0') {
		if (*p == '\\') {
			strbuf_addstr(&sb, "\\\\");
			p++;
		} else if (*p < 0x80 && ctl_ok(*p)) {
			strbuf_addch(&sb, *p++);
		} else if (*p >= 0x80 && (n = utf8_seqlen(p)) > 0) {
			strbuf_add(&sb, p, n);
			p += n;
		} else {
			strbuf_addstr(&sb, "\\x");
			strbuf_addch(&sb, hexdig[*p >> 4]);
			strbuf_addch(&sb, hexdig[*p & 0xF]);
			p++;
		}
	}
	return strbuf_detach(&sb, NULL);
}

const char *
bom_spec_name(enum bom_spec spec)
{
	switch (spec) {
	case BOM_SPEC_1_5:
		return "1.5";
	case BOM_SPEC_1_6:
		return "1.6";
	case BOM_SPEC_1_7:
		return "1.7";
	}
	return NULL;
}

/* The escaped copy of s, or NULL for NULL and "". */
static char *
dupesc(const char *s)
{
	if (s == NULL || *s == '\0')
		return NULL;
	return bom_utf8_escape(s);
}

/*
 * Grows an array that has no capacity field: its capacity is n rounded
 * up to a power of two, so it is reallocated only when n is one.
 */
static void
grow_pow2(void *arrp, size_t n, size_t sz)
{
	void **p = arrp;

	if (n == 0)
		*p = xreallocarray(*p, 4, sz);
	else if (n >= 4 && (n & (n - 1)) == 0)
		*p = xreallocarray(*p, n * 2, sz);
}

struct bom *
bom_new(const char *tool, const char *version)
{
	struct bom *bom;

	bom = xcalloc(1, sizeof(*bom));
	bom->tool_name = dupesc(tool);
	bom->tool_version = dupesc(version);
	return bom;
}

static void
component_free(struct bom_component *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->type);
	free(c->bom_ref);
	free(c->group);
	free(c->name);
	free(c->version);
	free(c->description);
	free(c->publisher);
	free(c->supplier);
	free(c->author);
	free(c->purl);
	free(c->cpe);
	for (i = 0; i < c->nlicenses; i++)
		free(c->licenses[i].value);
	free(c->licenses);
	for (i = 0; i < c->nhashes; i++) {
		free(c->hashes[i].alg);
		free(c->hashes[i].content);
	}
	free(c->hashes);
	for (i = 0; i < c->nprops; i++) {
		free(c->props[i].name);
		free(c->props[i].value);
	}
	free(c->props);
	for (i = 0; i < c->noccurrences; i++)
		free(c->occurrences[i]);
	free(c->occurrences);
	free(c->deps);
	free(c->sortkey);
	free(c);
}

void
bom_free(struct bom *bom)
{
	size_t i;

	if (bom == NULL)
		return;
	component_free(bom->subject);
	for (i = 0; i < bom->ncomponents; i++)
		component_free(bom->components[i]);
	free(bom->components);
	free(bom->tool_name);
	free(bom->tool_version);
	free(bom->timestamp);
	free(bom->serial);
	free(bom);
}

struct bom_component *
bom_add(struct bom *bom, const char *type)
{
	struct bom_component *c;

	c = xcalloc(1, sizeof(*c));
	c->type = dupesc(type);
	xgrow(&bom->components, &bom->cap, bom->ncomponents + 1,
	    sizeof(*bom->components));
	bom->components[bom->ncomponents++] = c;
	return c;
}

struct bom_component *
bom_subject(struct bom *bom, const char *type)
{
	if (bom->subject == NULL) {
		bom->subject = xcalloc(1, sizeof(*bom->subject));
		bom->subject->type = dupesc(type);
	}
	return bom->subject;
}

void
bom_set(char **field, const char *s)
{
	free(*field);
	*field = dupesc(s);
}

void
bom_prop_add(struct bom_component *c, const char *name, const char *value)
{
	struct bom_prop *p;

	/* A property with nothing to say is left out. */
	if (name == NULL || *name == '\0' || value == NULL || *value == '\0')
		return;
	xgrow(&c->props, &c->propcap, c->nprops + 1, sizeof(*c->props));
	p = &c->props[c->nprops++];
	p->name = bom_utf8_escape(name);
	p->value = bom_utf8_escape(value);
}

void
bom_license_add(struct bom_component *c, enum bom_license_kind kind,
    const char *value)
{
	struct bom_license *l;

	if (value == NULL || *value == '\0')
		return;
	grow_pow2(&c->licenses, c->nlicenses, sizeof(*c->licenses));
	l = &c->licenses[c->nlicenses++];
	l->kind = kind;
	l->value = bom_utf8_escape(value);
}

void
bom_hash_add(struct bom_component *c, const char *alg, const char *hex)
{
	struct bom_hash *h;
	char *p;

	if (alg == NULL || *alg == '\0' || hex == NULL || *hex == '\0')
		return;
	grow_pow2(&c->hashes, c->nhashes, sizeof(*c->hashes));
	h = &c->hashes[c->nhashes++];
	h->alg = bom_utf8_escape(alg);
	h->content = bom_utf8_escape(hex);
	for (p = h->content; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = *p - 'A' + 'a';
}

void
bom_occurrence_add(struct bom_component *c, const char *location)
{
	if (location == NULL || *location == '\0')
		return;
	grow_pow2(&c->occurrences, c->noccurrences,
	    sizeof(*c->occurrences));
	c->occurrences[c->noccurrences++] = bom_utf8_escape(location);
}

void
bom_dep_add(struct bom_component *from, struct bom_component *to)
{
	size_t i;

	if (from == NULL || to == NULL || from == to)
		return;
	for (i = 0; i < from->ndeps; i++)
		if (from->deps[i] == to)
			return;
	xgrow(&from->deps, &from->depcap, from->ndeps + 1,
	    sizeof(*from->deps));
	from->deps[from->ndeps++] = to;
}

/*
 * Orders strings with NULL first, so that a component without a purl
 * sorts before those with one.
 */
static int
nullcmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
prop_cmp(const void *a, const void *b)
{
	const struct bom_prop *x = a, *y = b;
	int r;

	if ((r = strcmp(x->name, y->name)) != 0)
		return r;
	return strcmp(x->value, y->value);
}

static int
hash_cmp(const void *a, const void *b)
{
	const struct bom_hash *x = a, *y = b;
	int r;

	if ((r = strcmp(x->alg, y->alg)) != 0)
		return r;
	return strcmp(x->content, y->content);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
license_cmp(const void *a, const void *b)
{
	const struct bom_license *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->value, y->value);
}

static void
sort_props(struct bom_component *c)
{
	size_t i, n = 0;

	if (c->nprops == 0)
		return;
	qsort(c->props, c->nprops, sizeof(*c->props), prop_cmp);
	for (i = 1; i < c->nprops; i++) {
		if (prop_cmp(&c->props[n], &c->props[i]) == 0) {
			free(c->props[i].name);
			free(c->props[i].value);
		} else
			c->props[++n] = c->props[i];
	}
	c->nprops = n + 1;
}

static void
sort_hashes(struct bom_component *c)
{
	size_t i, n = 0;

	if (c->nhashes == 0)
		return;
	qsort(c->hashes, c->nhashes, sizeof(*c->hashes), hash_cmp);
	for (i = 1; i < c->nhashes; i++) {
		if (hash_cmp(&c->hashes[n], &c->hashes[i]) == 0) {
			free(c->hashes[i].alg);
			free(c->hashes[i].content);
		} else
			c->hashes[++n] = c->hashes[i];
	}
	c->nhashes = n + 1;
}

static void
sort_occurrences(struct bom_component *c)
{
	size_t i, n = 0;

	if (c->noccurrences == 0)
		return;
	qsort(c->occurrences, c->noccurrences, sizeof(*c->occurrences),
	    str_cmp);
	for (i = 1; i < c->noccurrences; i++) {
		if (strcmp(c->occurrences[n], c->occurrences[i]) == 0)
			free(c->occurrences[i]);
		else
			c->occurrences[++n] = c->occurrences[i];
	}
	c->noccurrences = n + 1;
}

/*
 * Sorts and de-duplicates the licenses. Expressions sort last, so when
 * there is one, the expressions are the tail [first, n).
 */
static void
sort_licenses(struct bom_component *c)
{
	size_t i, n = 0;

	if (c->nlicenses == 0)
		return;
	qsort(c->licenses, c->nlicenses, sizeof(*c->licenses), license_cmp);
	for (i = 1; i < c->nlicenses; i++) {
		if (license_cmp(&c->licenses[n], &c->licenses[i]) == 0)
			free(c->licenses[i].value);
		else
			c->licenses[++n] = c->licenses[i];
	}
	c->nlicenses = n + 1;
}

/* An expression with an operator in it gets parentheses when joined. */
static void
add_expr(struct strbuf *sb, const char *e)
{
	if (sb->len > 0)
		strbuf_addstr(sb, " AND ");
	if (strchr(e, ' ') != NULL)
		strbuf_addf(sb, "(%s)", e);
	else
		strbuf_addstr(sb, e);
}

/*
 * CycloneDX 1.5 and 1.6 accept either license objects or exactly one
 * expression. So once any expression is present, the license objects
 * are dropped and several expressions are ANDed into one.
 */
static void
merge_licenses(struct bom_component *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, first;
	char *expr;

	sort_licenses(c);
	for (first = 0; first < c->nlicenses; first++)
		if (c->licenses[first].kind == BOM_LICENSE_EXPR)
			break;
	if (first == c->nlicenses || c->nlicenses == 1)
		return;
	if (c->nlicenses - first == 1) {
		expr = xstrdup(c->licenses[first].value);
	} else {
		for (i = first; i < c->nlicenses; i++)
			add_expr(&sb, c->licenses[i].value);
		expr = strbuf_detach(&sb, NULL);
	}
	for (i = 0; i < c->nlicenses; i++)
		free(c->licenses[i].value);
	c->licenses[0].kind = BOM_LICENSE_EXPR;
	c->licenses[0].value = expr;
	c->nlicenses = 1;
}

/* Whether s is something bom_utf8_escape() could have returned. */
static int
is_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p != '\0') {
		if (*p < 0x80) {
			if (!ctl_ok(*p++))
				return 0;
		} else if ((n = utf8_seqlen(p)) > 0)
			p += n;
		else
			return 0;
	}
	return 1;
}

static void
make_safe(char **sp)
{
	char *e;

	if (*sp == NULL || is_safe(*sp))
		return;
	e = bom_utf8_escape(*sp);
	free(*sp);
	*sp = e;
}

/*
 * A field assigned directly, past the setters, may hold anything; the
 * writers must still produce valid documents.
 */
static void
check_strings(struct bom_component *c)
{
	char **scalars[] = {
		&c->type, &c->group, &c->name, &c->version, &c->description,
		&c->publisher, &c->supplier, &c->author, &c->purl, &c->cpe,
		&c->sortkey
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scalars); i++)
		make_safe(scalars[i]);
	for (i = 0; i < c->nlicenses; i++)
		make_safe(&c->licenses[i].value);
	for (i = 0; i < c->nhashes; i++) {
		make_safe(&c->hashes[i].alg);
		make_safe(&c->hashes[i].content);
	}
	for (i = 0; i < c->nprops; i++) {
		make_safe(&c->props[i].name);
		make_safe(&c->props[i].value);
	}
	for (i = 0; i < c->noccurrences; i++)
		make_safe(&c->occurrences[i]);
}

static void
normalise(struct bom_component *c, const char *deftype)
{
	check_strings(c);
	if (c->type == NULL)
		c->type = xstrdup(deftype);
	if (c->name == NULL)
		c->name = xstrdup("");
	sort_props(c);
	sort_hashes(c);
	sort_occurrences(c);
	merge_licenses(c);
}

/*
 * Appends one field of the content key. NUL ends a field; a missing
 * field is the byte 0x01, which the escaping keeps out of the model.
 */
static void
key_str(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, s != NULL ? s : "\x01");
	strbuf_addch(sb, '\0');
}

/* Everything in c except its bom-ref and dependencies, unambiguously. */
static void
component_key(struct strbuf *sb, const struct bom_component *c)
{
	size_t i;

	key_str(sb, c->type);
	key_str(sb, c->group);
	key_str(sb, c->name);
	key_str(sb, c->version);
	key_str(sb, c->description);
	key_str(sb, c->publisher);
	key_str(sb, c->supplier);
	key_str(sb, c->author);
	key_str(sb, c->purl);
	key_str(sb, c->cpe);
	key_str(sb, c->sortkey);
	strbuf_addf(sb, "L%zu:", c->nlicenses);
	for (i = 0; i < c->nlicenses; i++) {
		strbuf_addch(sb, '0' + (int)c->licenses[i].kind);
		key_str(sb, c->licenses[i].value);
	}
	strbuf_addf(sb, "H%zu:", c->nhashes);
	for (i = 0; i < c->nhashes; i++) {
		key_str(sb, c->hashes[i].alg);
		key_str(sb, c->hashes[i].content);
	}
	strbuf_addf(sb, "P%zu:", c->nprops);
	for (i = 0; i < c->nprops; i++) {
		key_str(sb, c->props[i].name);
		key_str(sb, c->props[i].value);
	}
	strbuf_addf(sb, "O%zu:", c->noccurrences);
	for (i = 0; i < c->noccurrences; i++)
		key_str(sb, c->occurrences[i]);
	strbuf_addf(sb, "T%d", c->toplevel != 0);
}

struct keyed {
	struct bom_component	*c;
	struct strbuf		 key;
};

/*
 * The documented order (purl, name, version, sortkey), then the whole
 * content, so that the order never depends on the order of bom_add().
 */
static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t n;
	int r;

	if ((r = nullcmp(x->c->purl, y->c->purl)) != 0 ||
	    (r = nullcmp(x->c->name, y->c->name)) != 0 ||
	    (r = nullcmp(x->c->version, y->c->version)) != 0 ||
	    (r = nullcmp(x->c->sortkey, y->c->sortkey)) != 0)
		return r;
	n = x->key.len < y->key.len ? x->key.len : y->key.len;
	if ((r = memcmp(x->key.buf, y->key.buf, n)) != 0)
		return r;
	return (x->key.len > y->key.len) - (x->key.len < y->key.len);
}

/* "type/group/name@version" without the parts that are missing. */
static char *
plain_ref(const struct bom_component *c)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/", c->type);
	if (c->group != NULL)
		strbuf_addf(&sb, "%s/", c->group);
	strbuf_addstr(&sb, c->name);
	if (c->version != NULL)
		strbuf_addf(&sb, "@%s", c->version);
	return strbuf_detach(&sb, NULL);
}

static int
purl_shared(const struct keyed *k, size_t i, size_t n)
{
	const char *purl = k[i].c->purl;

	return (i > 0 && nullcmp(k[i - 1].c->purl, purl) == 0) ||
	    (i + 1 < n && nullcmp(k[i + 1].c->purl, purl) == 0);
}

static char *
hashed_ref(const struct keyed *k)
{
	char hex[65], *base, *ref;

	digest_sha256_hex(k->key.buf, k->key.len, hex);
	base = k->c->purl != NULL ? xstrdup(k->c->purl) : plain_ref(k->c);
	ref = xasprintf("%s#%.*s", base, REF_HASHLEN, hex);
	free(base);
	return ref;
}

struct refslot {
	struct bom_component	*c;
	size_t			 pos;
};

static int
refslot_cmp(const void *a, const void *b)
{
	const struct refslot *x = a, *y = b;
	int r;

	if ((r = strcmp(x->c->bom_ref, y->c->bom_ref)) != 0)
		return r;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/*
 * One pass over the refs sorted with their position as tie-breaker:
 * the second and later holders of a ref get "-2", "-3"... Returns
 * whether anything changed, since a new ref may clash again.
 */
static int
uniq_pass(struct refslot *s, size_t n)
{
	size_t i, run = 1;
	int changed = 0;
	char *ref;

	qsort(s, n, sizeof(*s), refslot_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(s[i - 1].c->bom_ref, s[i].c->bom_ref) != 0) {
			run = 1;
			continue;
		}
		ref = xasprintf("%s-%zu", s[i].c->bom_ref, ++run);
		free(s[i].c->bom_ref);
		s[i].c->bom_ref = ref;
		changed = 1;
	}
	return changed;
}

static void
uniq_refs(struct bom *bom)
{
	struct refslot *s;
	size_t i, n = 0;

	s = xreallocarray(NULL, bom->ncomponents + 1, sizeof(*s));
	if (bom->subject != NULL) {
		s[n].c = bom->subject;
		s[n].pos = n;
		n++;
	}
	for (i = 0; i < bom->ncomponents; i++) {
		s[n].c = bom->components[i];
		s[n].pos = n;
		n++;
	}
	while (uniq_pass(s, n))
		;
	free(s);
}

static void
assign_refs(struct bom *bom, struct keyed *k)
{
	struct bom_component *c;
	size_t i, n = bom->ncomponents;

	for (i = 0; i < n; i++) {
		c = k[i].c;
		free(c->bom_ref);
		if (c->purl != NULL && !purl_shared(k, i, n))
			c->bom_ref = xstrdup(c->purl);
		else
			c->bom_ref = hashed_ref(&k[i]);
	}
	c = bom->subject;
	if (c != NULL) {
		free(c->bom_ref);
		c->bom_ref = c->purl != NULL ? xstrdup(c->purl) :
		    plain_ref(c);
	}
	uniq_refs(bom);
}

static void
sort_components(struct bom *bom)
{
	struct keyed *k;
	size_t i, n = bom->ncomponents;

	k = xreallocarray(NULL, n + 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].c = bom->components[i];
		strbuf_init(&k[i].key);
		component_key(&k[i].key, k[i].c);
	}
	qsort(k, n, sizeof(*k), keyed_cmp);
	for (i = 0; i < n; i++)
		bom->components[i] = k[i].c;
	assign_refs(bom, k);
	for (i = 0; i < n; i++)
		strbuf_release(&k[i].key);
	free(k);
}

static int
dep_cmp(const void *a, const void *b)
{
	const struct bom_component *x = *(struct bom_component *const *)a;
	const struct bom_component *y = *(struct bom_component *const *)b;

	return strcmp(x->bom_ref, y->bom_ref);
}

/* Refs are unique by now, so equal refs mean the same component. */
static void
sort_deps(struct bom_component *c)
{
	size_t i, n = 0;

	if (c->ndeps == 0)
		return;
	qsort(c->deps, c->ndeps, sizeof(*c->deps), dep_cmp);
	for (i = 1; i < c->ndeps; i++)
		if (c->deps[i] != c->deps[n])
			c->deps[++n] = c->deps[i];
	c->ndeps = n + 1;
}

/* Without the duplicate check of bom_dep_add(); sort_deps() drops them. */
static void
link_toplevel(struct bom *bom)
{
	struct bom_component *s = bom->subject, *c;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < bom->ncomponents; i++) {
		c = bom->components[i];
		if (!c->toplevel)
			continue;
		xgrow(&s->deps, &s->depcap, s->ndeps + 1, sizeof(*s->deps));
		s->deps[s->ndeps++] = c;
	}
}

static int
set_timestamp(struct bom *bom, long long epoch, struct diag *d)
{
	char buf[sizeof("YYYY-MM-DDTHH:MM:SSZ") + 8];
	struct tm tm;
	time_t t;

	if (epoch > EPOCH_MAX)
		return diag_error(d, "SOURCE_DATE_EPOCH '%lld' is past the "
		    "year 9999", epoch);
	t = epoch >= 0 ? (time_t)epoch : time(NULL);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return diag_error(d, "cannot format the time '%lld'",
		    (long long)t);
	free(bom->timestamp);
	bom->timestamp = xstrdup(buf);
	return 0;
}

/* Sets the version and variant bits of b and formats an RFC 4122 URN. */
static char *
uuid_urn(unsigned char b[16], int version)
{
	static const char lhex[] = "0123456789abcdef";
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	b[6] = (unsigned char)((b[6] & 0x0F) | (version << 4));
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	strbuf_addstr(&sb, "urn:uuid:");
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			strbuf_addch(&sb, '-');
		strbuf_addch(&sb, lhex[b[i] >> 4]);
		strbuf_addch(&sb, lhex[b[i] & 0xF]);
	}
	return strbuf_detach(&sb, NULL);
}

static int
hexval(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* The whole finalised model, for the content-derived serial number. */
static void
bom_key(struct strbuf *sb, const struct bom *bom)
{
	const struct bom_component *c;
	size_t i, j;

	key_str(sb, bom->tool_name);
	key_str(sb, bom->tool_version);
	key_str(sb, bom->timestamp);
	for (i = 0; i <= bom->ncomponents; i++) {
		c = i == 0 ? bom->subject : bom->components[i - 1];
		if (c == NULL)
			continue;
		strbuf_addstr(sb, i == 0 ? "S" : "C");
		key_str(sb, c->bom_ref);
		component_key(sb, c);
		strbuf_addf(sb, "D%zu:", c->ndeps);
		for (j = 0; j < c->ndeps; j++)
			key_str(sb, c->deps[j]->bom_ref);
	}
}

/*
 * A name-based UUID: version 5 layout, but SHA-256 of the content
 * rather than SHA-1 of a namespace and name.
 */
static void
content_serial(struct bom *bom)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char b[16];
	char hex[65];
	size_t i;

	bom_key(&sb, bom);
	digest_sha256_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
	for (i = 0; i < 16; i++)
		b[i] = (unsigned char)(hexval(hex[2 * i]) << 4 |
		    hexval(hex[2 * i + 1]));
	free(bom->serial);
	bom->serial = uuid_urn(b, 5);
}

static int
random_serial(struct bom *bom, struct diag *d)
{
	unsigned char b[16];

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return diag_error(d, "cannot get random bytes for the "
		    "serial number");
	free(bom->serial);
	bom->serial = uuid_urn(b, 4);
	return 0;
}

int
bom_finalize(struct bom *bom, long long source_date_epoch, struct diag *d)
{
	size_t i;

	bom->finalised = 0;
	make_safe(&bom->tool_name);
	make_safe(&bom->tool_version);
	if (bom->subject != NULL)
		normalise(bom->subject, "container");
	for (i = 0; i < bom->ncomponents; i++)
		normalise(bom->components[i], "library");
	link_toplevel(bom);
	sort_components(bom);
	if (bom->subject != NULL)
		sort_deps(bom->subject);
	for (i = 0; i < bom->ncomponents; i++)
		sort_deps(bom->components[i]);

	if (set_timestamp(bom, source_date_epoch, d) == -1)
		return -1;
	if (source_date_epoch >= 0)
		content_serial(bom);
	else if (random_serial(bom, d) == -1)
		return -1;
	bom->finalised = 1;
	return 0;
}
