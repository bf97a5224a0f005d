/*
 * purl.c: package URLs as the purl specification defines them
 * (github.com/package-url/purl-spec, docs/specification/).
 *
 * The struct holds decoded components; purl_encode() builds the
 * canonical string from them and purl_parse() follows the
 * specification's parsing steps, right to left: subpath, qualifiers,
 * scheme, type, version, name, namespace.
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "purl.h"
#include "strbuf.h"
#include "xalloc.h"

#define NS_LOWER	0x01	/* namespace is case-insensitive */
#define NAME_LOWER	0x02	/* name is case-insensitive */
#define VERSION_LOWER	0x04	/* version is a lower-case digest */
#define NAME_PYPI	0x08	/* "_" in a name is "-" */

/*
 * The per-type rules, from each type's definition (types/ in the
 * purl-spec repository) where it says "shall be lowercased".
 */
static const struct {
	const char	*type;
	unsigned	 flags;
} type_rules[] = {
	{ "alpm",		NS_LOWER | NAME_LOWER },
	{ "apk",		NS_LOWER | NAME_LOWER },
	{ "bitbucket",		NS_LOWER | NAME_LOWER },
	{ "bitnami",		NAME_LOWER },
	{ "brew",		NS_LOWER | NAME_LOWER },
	{ "chrome-extension",	NAME_LOWER },
	{ "composer",		NS_LOWER | NAME_LOWER },
	{ "deb",		NS_LOWER | NAME_LOWER },
	{ "github",		NS_LOWER | NAME_LOWER },
	{ "hex",		NS_LOWER | NAME_LOWER },
	{ "huggingface",	VERSION_LOWER },
	{ "luarocks",		NS_LOWER | NAME_LOWER },
	{ "oci",		NAME_LOWER | VERSION_LOWER },
	{ "otp",		NAME_LOWER },
	{ "pub",		NAME_LOWER },
	{ "pypi",		NAME_LOWER | NAME_PYPI },
	{ "qpkg",		NS_LOWER },
	{ "rpm",		NS_LOWER },
	{ "vscode-extension",	NS_LOWER | NAME_LOWER },
	{ "yocto",		NS_LOWER },
};

void
purl_init(struct purl *p)
{
	memset(p, 0, sizeof(*p));
}

void
purl_release(struct purl *p)
{
	size_t i;

	free(p->type);
	free(p->namespace);
	free(p->name);
	free(p->version);
	for (i = 0; i < p->nquals; i++) {
		free(p->quals[i].key);
		free(p->quals[i].value);
	}
	free(p->quals);
	free(p->subpath);
	purl_init(p);
}

static void
lower(char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

static void
qual_remove(struct purl *p, size_t i)
{
	free(p->quals[i].key);
	free(p->quals[i].value);
	p->nquals--;
	memmove(&p->quals[i], &p->quals[i + 1],
	    (p->nquals - i) * sizeof(*p->quals));
}

void
purl_qual_set(struct purl *p, const char *key, const char *value)
{
	struct purl_qual *q;
	size_t i;

	for (i = 0; i < p->nquals; i++)
		if (strcasecmp(p->quals[i].key, key) == 0)
			break;
	if (value == NULL || *value == '\0') {
		if (i < p->nquals)
			qual_remove(p, i);
		return;
	}
	if (i < p->nquals) {
		free(p->quals[i].value);
		p->quals[i].value = xstrdup(value);
		return;
	}
	xgrow(&p->quals, &p->qualcap, p->nquals + 1, sizeof(*p->quals));
	q = &p->quals[p->nquals++];
	q->key = xstrdup(key);
	lower(q->key);
	q->value = xstrdup(value);
}

const char *
purl_qual_get(const struct purl *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->nquals; i++)
		if (strcasecmp(p->quals[i].key, key) == 0)
			return p->quals[i].value;
	return NULL;
}

static int
unreserved(int c)
{
	return isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~' ||
	    c == ':';
}

static void
escape_into(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x80 && unreserved(c)) {
			strbuf_addch(sb, c);
			continue;
		}
		strbuf_addch(sb, '%');
		strbuf_addch(sb, hex[c >> 4]);
		strbuf_addch(sb, hex[c & 0xf]);
	}
}

char *
purl_escape(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	escape_into(&sb, s, strlen(s));
	return strbuf_detach(&sb, NULL);
}

/*
 * The type: ASCII letters, digits, "." and "-", starting with a letter.
 * Qualifier keys: the same plus "_", and lower-case only.
 */
static int
valid_token(const char *s, size_t n, int is_key)
{
	size_t i;

	if (n == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.' || s[i] == '-' || (is_key && s[i] == '_'))
			continue;
		if (!isalnum((unsigned char)s[i]) ||
		    (is_key && isupper((unsigned char)s[i])))
			return 0;
	}
	return 1;
}

/*
 * Appends the "/"-separated segments of s, each escaped, leaving out
 * empty ones (and "." and ".." when skip_dots). Returns how many.
 */
static size_t
add_segments(struct strbuf *sb, const char *s, int skip_dots)
{
	size_t n, count = 0;

	while (*s != '\0') {
		n = strcspn(s, "/");
		if (n > 0 && !(skip_dots && ((n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.')))) {
			if (count++ > 0)
				strbuf_addch(sb, '/');
			escape_into(sb, s, n);
		}
		s += n;
		if (*s == '/')
			s++;
	}
	return count;
}

static int
qual_cmp(const void *a, const void *b)
{
	const struct purl_qual *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* Appends "?k=v&..." sorted by key; returns -1 on an invalid key. */
static int
add_quals(struct strbuf *sb, const struct purl *p)
{
	struct purl_qual **v;
	size_t i, n = 0;
	int rc = -1;

	v = xcalloc(p->nquals, sizeof(*v));
	for (i = 0; i < p->nquals; i++) {
		if (p->quals[i].value == NULL || p->quals[i].value[0] == '\0')
			continue;
		if (!valid_token(p->quals[i].key, strlen(p->quals[i].key), 1))
			goto out;
		v[n++] = &p->quals[i];
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), qual_cmp);
	for (i = 0; i < n; i++) {
		strbuf_addch(sb, i == 0 ? '?' : '&');
		strbuf_addstr(sb, v[i]->key);
		strbuf_addch(sb, '=');
		escape_into(sb, v[i]->value, strlen(v[i]->value));
	}
	rc = 0;
out:
	free(v);
	return rc;
}

char *
purl_encode(const struct purl *p)
{
	struct strbuf sb = STRBUF_INIT, seg = STRBUF_INIT;
	size_t i;

	if (p->type == NULL || p->name == NULL || p->name[0] == '\0' ||
	    !valid_token(p->type, strlen(p->type), 0))
		return NULL;
	strbuf_addstr(&sb, "pkg:");
	for (i = 0; p->type[i] != '\0'; i++)
		strbuf_addch(&sb, tolower((unsigned char)p->type[i]));
	strbuf_addch(&sb, '/');
	if (p->namespace != NULL && add_segments(&sb, p->namespace, 0) > 0)
		strbuf_addch(&sb, '/');
	escape_into(&sb, p->name, strlen(p->name));
	if (p->version != NULL && p->version[0] != '\0') {
		strbuf_addch(&sb, '@');
		escape_into(&sb, p->version, strlen(p->version));
	}
	if (add_quals(&sb, p) == -1) {
		strbuf_release(&sb);
		return NULL;
	}
	if (p->subpath != NULL && add_segments(&seg, p->subpath, 1) > 0) {
		strbuf_addch(&sb, '#');
		strbuf_add(&sb, seg.buf, seg.len);
	}
	strbuf_release(&seg);
	return strbuf_detach(&sb, NULL);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decodes s[0..n) into a new string at *out. Returns -1 on a
 * bad escape or an encoded NUL, which a C string cannot hold.
 */
static int
decode(const char *s, size_t n, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			strbuf_addch(&sb, s[i]);
			continue;
		}
		if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
		    (lo = hexval(s[i + 2])) < 0 || (hi == 0 && lo == 0)) {
			strbuf_release(&sb);
			return -1;
		}
		strbuf_addch(&sb, hi << 4 | lo);
		i += 2;
	}
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

/*
 * Decodes the "/"-separated segments of s into *out joined by "/",
 * dropping empty segments (and "." and ".." when skip_dots). *out is
 * NULL when nothing is left. Returns -1 on a bad escape or a segment
 * that decodes to something holding "/".
 */
static int
decode_segments(const char *s, int skip_dots, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	char *seg;
	size_t n;

	*out = NULL;
	for (; *s != '\0'; s += n + (s[n] == '/')) {
		n = strcspn(s, "/");
		if (n == 0)
			continue;
		if (decode(s, n, &seg) == -1)
			goto fail;
		if (strchr(seg, '/') != NULL) {
			free(seg);
			goto fail;
		}
		if (seg[0] != '\0' && !(skip_dots && (strcmp(seg, ".") == 0 ||
		    strcmp(seg, "..") == 0))) {
			if (sb.len > 0)
				strbuf_addch(&sb, '/');
			strbuf_addstr(&sb, seg);
		}
		free(seg);
	}
	if (sb.len > 0)
		*out = strbuf_detach(&sb, NULL);
	return 0;
fail:
	strbuf_release(&sb);
	return -1;
}

/* One "key=value" pair of the query; s is writable and NUL-ended. */
static int
parse_qual(struct purl *p, char *s, struct diag *d)
{
	char *eq, *value;

	eq = strchr(s, '=');
	if (eq != NULL)
		*eq = '\0';
	lower(s);
	if (!valid_token(s, strlen(s), 1))
		return diag_error(d, "invalid purl qualifier key '%s'", s);
	if (purl_qual_get(p, s) != NULL)
		return diag_error(d, "duplicate purl qualifier key '%s'", s);
	if (eq == NULL || eq[1] == '\0')
		return 0;
	if (decode(eq + 1, strlen(eq + 1), &value) == -1)
		return diag_error(d, "invalid percent-encoding in purl "
		    "qualifier '%s'", s);
	purl_qual_set(p, s, value);
	free(value);
	return 0;
}

static int
parse_quals(struct purl *p, char *s, struct diag *d)
{
	char *amp;

	for (; s != NULL; s = amp != NULL ? amp + 1 : NULL) {
		amp = strchr(s, '&');
		if (amp != NULL)
			*amp = '\0';
		if (*s != '\0' && parse_qual(p, s, d) == -1)
			return -1;
	}
	return 0;
}

/* "pkg:" and the type; returns what follows the type's "/". */
static char *
parse_scheme_type(struct purl *p, char *s, struct diag *d)
{
	char *colon, *slash;

	colon = strchr(s, ':');
	if (colon == NULL || colon - s != 3 || strncasecmp(s, "pkg", 3) != 0) {
		diag_error(d, "purl does not start with 'pkg:'");
		return NULL;
	}
	for (s = colon + 1; *s == '/'; s++)
		;
	slash = strchr(s, '/');
	if (slash == NULL || !valid_token(s, (size_t)(slash - s), 0)) {
		diag_error(d, slash == NULL ? "purl has no name" :
		    "invalid purl type");
		return NULL;
	}
	p->type = xstrndup(s, (size_t)(slash - s));
	lower(p->type);
	return slash + 1;
}

/* namespace/name@version, s writable. */
static int
parse_path(struct purl *p, char *s, struct diag *d)
{
	char *at, *slash, *name;
	size_t n;

	at = strrchr(s, '@');
	if (at != NULL && strchr(at, '/') == NULL) {
		*at = '\0';
		if (decode(at + 1, strlen(at + 1), &p->version) == -1)
			return diag_error(d, "invalid percent-encoding in "
			    "purl version");
		if (p->version[0] == '\0')
			FREE_AND_NULL(p->version);
	}
	n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		s[--n] = '\0';
	slash = strrchr(s, '/');
	name = slash != NULL ? slash + 1 : s;
	if (decode(name, strlen(name), &p->name) == -1)
		return diag_error(d, "invalid percent-encoding in purl name");
	if (p->name[0] == '\0')
		return diag_error(d, "purl has no name");
	if (slash == NULL)
		return 0;
	*slash = '\0';
	if (decode_segments(s, 0, &p->namespace) == -1)
		return diag_error(d, "invalid purl namespace");
	return 0;
}

int
purl_parse(const char *s, struct purl *p, struct diag *d)
{
	char *buf, *hash, *q, *rest;
	int rc = -1;

	buf = xstrdup(s);
	hash = strrchr(buf, '#');
	if (hash != NULL) {
		*hash = '\0';
		if (decode_segments(hash + 1, 1, &p->subpath) == -1) {
			diag_error(d, "invalid purl subpath");
			goto out;
		}
	}
	q = strrchr(buf, '?');
	if (q != NULL) {
		*q = '\0';
		if (parse_quals(p, q + 1, d) == -1)
			goto out;
	}
	if ((rest = parse_scheme_type(p, buf, d)) == NULL)
		goto out;
	rc = parse_path(p, rest, d);
out:
	free(buf);
	if (rc == -1)
		purl_release(p);
	return rc;
}

/* PyPI treats "-" and "_" alike and is not case-sensitive. */
static void
pypi_name(char *s)
{
	for (; *s != '\0'; s++)
		*s = *s == '_' ? '-' : (char)tolower((unsigned char)*s);
}

void
purl_canonical(struct purl *p)
{
	unsigned flags = 0;
	size_t i;

	if (p->type == NULL)
		return;
	lower(p->type);
	for (i = 0; i < ARRAY_SIZE(type_rules); i++)
		if (strcmp(type_rules[i].type, p->type) == 0)
			flags = type_rules[i].flags;
	if (flags & NS_LOWER)
		lower(p->namespace);
	if (flags & NAME_LOWER)
		lower(p->name);
	if ((flags & NAME_PYPI) && p->name != NULL)
		pypi_name(p->name);
	if (flags & VERSION_LOWER)
		lower(p->version);
}
