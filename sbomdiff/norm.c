#include "compat.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "load.h"
#include "purl.h"
#include "sbomdiff.h"
#include "strbuf.h"
#include "xalloc.h"

char *
norm_hash_alg(const char *alg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	for (p = alg; *p != '\0'; p++)
		strbuf_addch(&sb, toupper((unsigned char)*p));
	/* SPDX writes "SHA256", CycloneDX "SHA-256": one spelling. */
	p = strbuf_str(&sb);
	if (strcmp(p, "SHA1") == 0 || strcmp(p, "SHA224") == 0 ||
	    strcmp(p, "SHA256") == 0 || strcmp(p, "SHA384") == 0 ||
	    strcmp(p, "SHA512") == 0) {
		char *s = xasprintf("SHA-%s", p + 3);

		strbuf_release(&sb);
		return s;
	}
	return strbuf_detach(&sb, NULL);
}

char *
norm_supplier(const char *s)
{
	static const char *const prefix[] = {
		"Organization:", "Person:", "Tool:"
	};
	size_t i, n;

	if (s == NULL)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(prefix); i++) {
		n = strlen(prefix[i]);
		if (strncmp(s, prefix[i], n) == 0) {
			s += n;
			break;
		}
	}
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || (n == 11 && strncmp(s, "NOASSERTION", 11) == 0))
		return NULL;
	return xstrndup(s, n);
}

/* "cpe:2.3:a:vendor:product:..." or "cpe:/a:vendor:product" keys. */
static char *
cpe_key(const char *cpe)
{
	const char *p, *vendor, *product, *end;
	char *k, *q;

	if (strncmp(cpe, "cpe:2.3:", 8) == 0)
		p = cpe + 8;
	else if (strncmp(cpe, "cpe:/", 5) == 0)
		p = cpe + 5;
	else
		return xasprintf("cpe:%s", cpe);
	if ((vendor = strchr(p, ':')) == NULL)
		return xasprintf("cpe:%s", cpe);
	vendor++;
	if ((product = strchr(vendor, ':')) == NULL)
		return xasprintf("cpe:%s", cpe);
	product++;
	end = strchr(product, ':');
	if (end == NULL)
		end = product + strlen(product);
	k = xasprintf("cpe:%.*s:%.*s", (int)(product - 1 - vendor), vendor,
	    (int)(end - product), product);
	for (q = k; *q != '\0'; q++)
		*q = tolower((unsigned char)*q);
	return k;
}

/* Qualifiers that are part of a package's identity for its type. */
static int
identity_qual(const char *type, const char *key, const char *value)
{
	if (strcmp(key, "arch") == 0)
		return 1;
	if (strcmp(type, "maven") == 0) {
		if (strcmp(key, "classifier") == 0)
			return 1;
		if (strcmp(key, "type") == 0 && strcmp(value, "jar") != 0)
			return 1;
	}
	return 0;
}

/*
 * Folds an rpm-style epoch qualifier into the version ("1:2.3"), unless
 * the version already carries one. "0" is no epoch.
 */
static void
fold_epoch(struct comp *c, const char *epoch)
{
	char *v;

	if (epoch == NULL || c->version == NULL ||
	    strcmp(epoch, "0") == 0 || strchr(c->version, ':') != NULL)
		return;
	v = xasprintf("%s:%s", epoch, c->version);
	free(c->version);
	c->version = v;
}

static void
key_from_purl(struct comp *c, struct purl *p)
{
	struct strbuf attrs = STRBUF_INIT;
	struct purl k;
	size_t i;

	purl_canonical(p);
	if (c->version == NULL)
		load_set(&c->version, p->version);
	fold_epoch(c, purl_qual_get(p, "epoch"));
	purl_init(&k);
	k.type = xstrdup(p->type);
	k.namespace = p->namespace != NULL ? xstrdup(p->namespace) : NULL;
	k.name = xstrdup(p->name);
	k.subpath = p->subpath != NULL ? xstrdup(p->subpath) : NULL;
	for (i = 0; i < p->nquals; i++) {
		const char *qk = p->quals[i].key, *qv = p->quals[i].value;

		if (identity_qual(p->type, qk, qv))
			purl_qual_set(&k, qk, qv);
		else if (strcmp(qk, "epoch") != 0)
			strbuf_addf(&attrs, "%s%s=%s", attrs.len ? "&" : "",
			    qk, qv);
	}
	c->key = purl_encode(&k);
	c->tier = TIER_PURL;
	load_set(&c->ecosystem, p->type);
	if (c->group == NULL)
		load_set(&c->group, p->namespace);
	if (c->name == NULL)
		load_set(&c->name, p->name);
	if (attrs.len > 0)
		c->attrs = strbuf_detach(&attrs, NULL);
	purl_release(&k);
}

/* Keys for components without a usable purl, weakest last. */
static void
fallback_key(struct comp *c)
{
	if (c->cpe != NULL) {
		c->key = cpe_key(c->cpe);
		c->tier = TIER_CPE;
	} else if (c->swid != NULL) {
		c->key = xasprintf("swid:%s", c->swid);
		c->tier = TIER_CPE;
	} else if (c->group != NULL) {
		c->key = xasprintf("coord:%s/%s", c->group, c->name);
		c->tier = TIER_COORD;
	} else {
		c->key = xasprintf("name:%s", c->name);
		c->tier = TIER_NAME;
	}
}

void
norm_comp(struct comp *c)
{
	struct diag d;
	struct purl p;
	char *s;

	diag_init(&d);
	purl_init(&p);
	if (c->purl != NULL && purl_parse(c->purl, &p, &d) == 0)
		key_from_purl(c, &p);
	purl_release(&p);
	if (c->name == NULL)
		c->name = xstrdup("");
	if (c->key == NULL)
		fallback_key(c);
	s = norm_supplier(c->supplier);
	free(c->supplier);
	c->supplier = s;
}
