#include "compat.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "strbuf.h"
#include "tarindex.h"
#include "xalloc.h"

#define BLOCK		512
/* Pax extended headers and GNU long names larger than this are refused. */
#define META_MAX	(1024 * 1024)
/* Symlinks and hard links followed by tarindex_find() at most. */
#define LINK_HOPS	8

struct tarindex {
	struct tarindex_entry	*ent;
	size_t			 n, cap;
};

/* What pax and GNU headers say about the next member. */
struct pending {
	char	*path;
	char	*link;
	uint64_t size;
	int	 has_size;
};

int
tarindex_pread(int fd, void *buf, size_t n, uint64_t off)
{
	unsigned char *p = buf;
	ssize_t r;

	while (n > 0) {
		if (off > INT64_MAX) {
			errno = EOVERFLOW;
			return -1;
		}
		r = pread(fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = EIO;
			return -1;
		}
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/*
 * Joins base (a directory inside the tar, may be NULL) and path and
 * resolves ".", ".." and repeated slashes lexically. Returns a newly
 * allocated name, or NULL when ".." would climb above the root.
 */
static char *
normalise(const char *base, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *e;
	char *slash;
	size_t len;

	if (base != NULL && *base != '\0')
		strbuf_addstr(&sb, base);
	for (p = path; *p != '\0'; p = e) {
		while (*p == '/')
			p++;
		e = strchr(p, '/');
		if (e == NULL)
			e = p + strlen(p);
		len = (size_t)(e - p);
		if (len == 0 || (len == 1 && p[0] == '.'))
			continue;
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (sb.len == 0) {
				strbuf_release(&sb);
				return NULL;
			}
			slash = strrchr(sb.buf, '/');
			sb.len = slash == NULL ? 0 : (size_t)(slash - sb.buf);
			sb.buf[sb.len] = '\0';
			continue;
		}
		if (sb.len > 0)
			strbuf_addch(&sb, '/');
		strbuf_add(&sb, p, len);
	}
	return strbuf_detach(&sb, NULL);
}

int
tarindex_probe(const unsigned char *hdr)
{
	unsigned long sum = 0, want = 0;
	long ssum = 0;
	size_t i;

	for (i = 0; i < BLOCK; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : hdr[i];

		sum += c;
		ssum += (signed char)c;
	}
	for (i = 148; i < 156 && hdr[i] == ' '; i++)
		continue;
	if (i == 156 || hdr[i] < '0' || hdr[i] > '7')
		return 0;
	for (; i < 156 && hdr[i] >= '0' && hdr[i] <= '7'; i++)
		want = want * 8 + (unsigned long)(hdr[i] - '0');
	if (i < 156 && hdr[i] != ' ' && hdr[i] != '\0')
		return 0;
	return want == sum || (long)want == ssum;
}

/* Parses a numeric header field: octal, or base-256 when the top bit is set. */
static int
parse_number(const unsigned char *f, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (f[0] & 0x80) {
		if (f[0] & 0x40)
			return -1;
		v = f[0] & 0x3f;
		for (i = 1; i < n; i++) {
			if (v > UINT64_MAX >> 8)
				return -1;
			v = v << 8 | f[i];
		}
		*out = v;
		return 0;
	}
	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v > UINT64_MAX >> 3)
			return -1;
		v = v << 3 | (uint64_t)(f[i] - '0');
	}
	if (i < n && f[i] != ' ' && f[i] != '\0')
		return -1;
	*out = v;
	return 0;
}

static int
all_zero(const unsigned char *b)
{
	size_t i;

	for (i = 0; i < BLOCK; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

static char *
field_str(const unsigned char *f, size_t n)
{
	return xstrndup((const char *)f, strnlen((const char *)f, n));
}

/* Reads a member's data (a pax or long-name record) into memory. */
static char *
read_meta(int fd, uint64_t off, uint64_t size, const char *label,
    struct diag *d)
{
	char *buf;

	if (size > META_MAX) {
		diag_error(d, "'%s': tar extended header too large "
		    "(%llu bytes)", label, (unsigned long long)size);
		return NULL;
	}
	buf = xmalloc((size_t)size + 1);
	if (tarindex_pread(fd, buf, (size_t)size, off) == -1) {
		diag_error(d, "'%s': cannot read tar header data: %s", label,
		    strerror(errno));
		free(buf);
		return NULL;
	}
	buf[size] = '\0';
	return buf;
}

static void
pax_apply(struct pending *pd, const char *key, size_t klen,
    const char *val, size_t vlen)
{
	uint64_t v = 0;
	size_t i;

	if (klen == 4 && memcmp(key, "path", 4) == 0) {
		free(pd->path);
		pd->path = xstrndup(val, vlen);
	} else if (klen == 8 && memcmp(key, "linkpath", 8) == 0) {
		free(pd->link);
		pd->link = xstrndup(val, vlen);
	} else if (klen == 4 && memcmp(key, "size", 4) == 0) {
		for (i = 0; i < vlen && val[i] >= '0' && val[i] <= '9'; i++) {
			if (v > (UINT64_MAX - 9) / 10)
				return;
			v = v * 10 + (uint64_t)(val[i] - '0');
		}
		if (i == vlen && vlen > 0) {
			pd->size = v;
			pd->has_size = 1;
		}
	}
}

/* Parses pax records "LEN key=value\n" in buf[0..n). */
static int
pax_parse(struct pending *pd, const char *buf, size_t n, const char *label,
    struct diag *d)
{
	const char *rec, *eq, *end;
	size_t pos = 0, len, i;

	while (pos < n) {
		rec = buf + pos;
		len = 0;
		for (i = 0; pos + i < n && isdigit((unsigned char)rec[i]);
		    i++) {
			if (len > n)
				break;
			len = len * 10 + (size_t)(rec[i] - '0');
		}
		if (i == 0 || pos + i >= n || rec[i] != ' ' || len <= i + 1 ||
		    len > n - pos || rec[len - 1] != '\n')
			return diag_error(d, "'%s': malformed pax header",
			    label);
		end = rec + len - 1;
		eq = memchr(rec + i + 1, '=', (size_t)(end - (rec + i + 1)));
		if (eq == NULL)
			return diag_error(d, "'%s': malformed pax header",
			    label);
		pax_apply(pd, rec + i + 1, (size_t)(eq - (rec + i + 1)),
		    eq + 1, (size_t)(end - eq - 1));
		pos += len;
	}
	return 0;
}

static void
pending_clear(struct pending *pd)
{
	FREE_AND_NULL(pd->path);
	FREE_AND_NULL(pd->link);
	pd->size = 0;
	pd->has_size = 0;
}

/* The member name: pax path, GNU long name, or ustar prefix + name. */
static char *
header_name(const unsigned char *h, struct pending *pd)
{
	struct strbuf sb = STRBUF_INIT;
	char *name, *raw;

	if (pd->path != NULL) {
		raw = pd->path;
		pd->path = NULL;
	} else {
		if (memcmp(h + 257, "ustar\0", 6) == 0 && h[345] != '\0') {
			strbuf_add(&sb, h + 345, strnlen((const char *)h + 345,
			    155));
			strbuf_addch(&sb, '/');
		}
		strbuf_add(&sb, h, strnlen((const char *)h, 100));
		raw = strbuf_detach(&sb, NULL);
	}
	name = normalise(NULL, raw);
	free(raw);
	return name;
}

static void
add_entry(struct tarindex *ti, const unsigned char *h, struct pending *pd,
    uint64_t data, uint64_t size)
{
	struct tarindex_entry *e;
	char *name;
	char type = (char)h[156];

	if (type != '0' && type != '\0' && type != '7' && type != '1' &&
	    type != '2')
		return;
	if ((name = header_name(h, pd)) == NULL || *name == '\0') {
		free(name);
		return;
	}
	xgrow(&ti->ent, &ti->cap, ti->n + 1, sizeof(*ti->ent));
	e = &ti->ent[ti->n++];
	memset(e, 0, sizeof(*e));
	e->name = name;
	e->off = data;
	e->size = size;
	e->type = TARINDEX_FILE;
	if (type == '1' || type == '2') {
		e->type = type == '1' ? TARINDEX_HARDLINK : TARINDEX_SYMLINK;
		e->link = pd->link != NULL ? xstrdup(pd->link) :
		    field_str(h + 157, 100);
		e->size = 0;
	}
}

/*
 * Handles one header block at off. Sets *next to the offset of the next
 * header. Returns 0 or -1 (d set).
 */
static int
one_header(struct tarindex *ti, int fd, const unsigned char *h,
    uint64_t off, uint64_t fsize, struct pending *pd, uint64_t *next,
    const char *label, struct diag *d)
{
	uint64_t size, data = off + BLOCK;
	char type = (char)h[156];
	char *meta;
	int rc = 0;

	if (parse_number(h + 124, 12, &size) == -1)
		return diag_error(d, "'%s': bad size in tar header at offset "
		    "%llu", label, (unsigned long long)off);
	if (pd->has_size && type != 'x' && type != 'g')
		size = pd->size;
	/* Links, devices, directories and fifos carry no data. */
	if (memchr("123456", type, 6) != NULL)
		size = 0;
	/* The padding to a whole block must be there too. */
	if (size > fsize - data ||
	    ((size + BLOCK - 1) & ~(uint64_t)(BLOCK - 1)) > fsize - data)
		return diag_error(d, "'%s': truncated tar: member at offset "
		    "%llu runs past the end of the file", label,
		    (unsigned long long)off);
	*next = data + ((size + BLOCK - 1) & ~(uint64_t)(BLOCK - 1));

	if (type == 'x' || type == 'L' || type == 'K') {
		if ((meta = read_meta(fd, data, size, label, d)) == NULL)
			return -1;
		if (type == 'x')
			rc = pax_parse(pd, meta, (size_t)size, label, d);
		else if (type == 'L') {
			free(pd->path);
			pd->path = xstrdup(meta);
		} else {
			free(pd->link);
			pd->link = xstrdup(meta);
		}
		free(meta);
		return rc;
	}
	if (type == 'g')
		return 0;
	if (ti->n >= TARINDEX_MAXENTRIES)
		return diag_error(d, "'%s': tar has more than %d members",
		    label, TARINDEX_MAXENTRIES);
	add_entry(ti, h, pd, data, size);
	pending_clear(pd);
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct tarindex_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Sorts by name and keeps only the last member of each name. */
static void
sort_dedupe(struct tarindex *ti)
{
	size_t i, o = 0;

	if (ti->n == 0)
		return;
	qsort(ti->ent, ti->n, sizeof(*ti->ent), cmp_entry);
	for (i = 0; i < ti->n; i++) {
		if (i + 1 < ti->n &&
		    strcmp(ti->ent[i].name, ti->ent[i + 1].name) == 0) {
			free(ti->ent[i].name);
			free(ti->ent[i].link);
			continue;
		}
		ti->ent[o++] = ti->ent[i];
	}
	ti->n = o;
}

struct tarindex *
tarindex_build(int fd, const char *label, struct diag *d)
{
	struct pending pd = { NULL, NULL, 0, 0 };
	unsigned char h[BLOCK];
	struct tarindex *ti;
	struct stat st;
	uint64_t off = 0, fsize, next = 0;
	int rc = -1;

	ti = xcalloc(1, sizeof(*ti));
	if (fstat(fd, &st) == -1) {
		diag_error(d, "cannot stat '%s': %s", label, strerror(errno));
		goto out;
	}
	fsize = (uint64_t)st.st_size;
	while (off < fsize) {
		if (fsize - off < BLOCK) {
			diag_error(d, "'%s': truncated tar: partial header "
			    "at offset %llu", label, (unsigned long long)off);
			goto out;
		}
		if (tarindex_pread(fd, h, BLOCK, off) == -1) {
			diag_error(d, "cannot read '%s': %s", label,
			    strerror(errno));
			goto out;
		}
		if (all_zero(h))
			break;
		if (!tarindex_probe(h)) {
			diag_error(d, "'%s': bad tar header checksum at "
			    "offset %llu", label, (unsigned long long)off);
			goto out;
		}
		if (one_header(ti, fd, h, off, fsize, &pd, &next, label,
		    d) == -1)
			goto out;
		off = next;
	}
	sort_dedupe(ti);
	rc = 0;
out:
	pending_clear(&pd);
	if (rc == -1) {
		tarindex_free(ti);
		return NULL;
	}
	return ti;
}

static int
cmp_name(const void *a, const void *b)
{
	const struct tarindex_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static const struct tarindex_entry *
lookup(const struct tarindex *ti, const char *name)
{
	struct tarindex_entry key;

	memset(&key, 0, sizeof(key));
	key.name = (char *)(uintptr_t)name;
	if (ti->n == 0)
		return NULL;
	return bsearch(&key, ti->ent, ti->n, sizeof(*ti->ent), cmp_name);
}

/* The directory part of name, newly allocated ("" at the root). */
static char *
dir_of(const char *name)
{
	const char *slash = strrchr(name, '/');

	return xstrndup(name, slash == NULL ? 0 : (size_t)(slash - name));
}

const struct tarindex_entry *
tarindex_find(const struct tarindex *ti, const char *name)
{
	const struct tarindex_entry *e = NULL;
	char *cur, *dir, *nx;
	int hop;

	if (ti == NULL || (cur = normalise(NULL, name)) == NULL)
		return NULL;
	for (hop = 0; hop <= LINK_HOPS; hop++) {
		e = lookup(ti, cur);
		if (e == NULL || e->type == TARINDEX_FILE)
			break;
		if (e->link[0] == '/') {
			e = NULL;
			break;
		}
		if (e->type == TARINDEX_HARDLINK)
			nx = normalise(NULL, e->link);
		else {
			dir = dir_of(e->name);
			nx = normalise(dir, e->link);
			free(dir);
		}
		free(cur);
		if ((cur = nx) == NULL) {
			e = NULL;
			break;
		}
	}
	free(cur);
	if (e != NULL && e->type != TARINDEX_FILE)
		return NULL;
	return e;
}

void
tarindex_free(struct tarindex *ti)
{
	size_t i;

	if (ti == NULL)
		return;
	for (i = 0; i < ti->n; i++) {
		free(ti->ent[i].name);
		free(ti->ent[i].link);
	}
	free(ti->ent);
	free(ti);
}
