#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "diag.h"
#include "digest.h"
#include "xalloc.h"

struct digest_alg {
	const char	*name;
	const EVP_MD	*(*md)(void);
	size_t		 hexlen;
};

static const struct digest_alg algs[] = {
	{ "sha256", EVP_sha256, 64 },
	{ "sha384", EVP_sha384, 96 },
	{ "sha512", EVP_sha512, 128 },
};

struct digest {
	const struct digest_alg	*alg;
	EVP_MD_CTX		*ctx;
};

/* Finds the algorithm named by the first n bytes of s, or NULL. */
static const struct digest_alg *
find_alg(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algs); i++) {
		if (strlen(algs[i].name) == n &&
		    memcmp(algs[i].name, s, n) == 0)
			return &algs[i];
	}
	return NULL;
}

static void
tohex(const unsigned char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}

int
digest_valid(const char *spec, struct diag *d)
{
	const struct digest_alg *alg;
	const char *colon, *hex;
	size_t i;

	colon = strchr(spec, ':');
	if (colon == NULL)
		return diag_error(d, "malformed digest '%s'", spec);
	alg = find_alg(spec, (size_t)(colon - spec));
	if (alg == NULL)
		return diag_error(d, "unknown digest algorithm in '%s'", spec);
	hex = colon + 1;
	for (i = 0; hex[i] != '\0'; i++) {
		if (!((hex[i] >= '0' && hex[i] <= '9') ||
		    (hex[i] >= 'a' && hex[i] <= 'f')))
			return diag_error(d, "malformed digest '%s'", spec);
	}
	if (i != alg->hexlen)
		return diag_error(d, "malformed digest '%s'", spec);
	return 0;
}

struct digest *
digest_new(const char *spec, struct diag *d)
{
	const struct digest_alg *alg;
	struct digest *dg;
	const char *colon;

	colon = strchr(spec, ':');
	if (colon != NULL && digest_valid(spec, d) == -1)
		return NULL;
	alg = find_alg(spec, colon != NULL ? (size_t)(colon - spec) :
	    strlen(spec));
	if (alg == NULL) {
		diag_error(d, "unknown digest algorithm '%s'", spec);
		return NULL;
	}
	dg = xcalloc(1, sizeof(*dg));
	dg->alg = alg;
	dg->ctx = EVP_MD_CTX_new();
	if (dg->ctx == NULL || EVP_DigestInit_ex(dg->ctx, alg->md(),
	    NULL) != 1) {
		diag_error(d, "cannot start %s digest", alg->name);
		digest_free(dg);
		return NULL;
	}
	return dg;
}

void
digest_update(struct digest *dg, const void *p, size_t n)
{
	if (n > 0)
		EVP_DigestUpdate(dg->ctx, p, n);
}

void
digest_final(struct digest *dg, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t alen;

	EVP_DigestFinal_ex(dg->ctx, md, &n);
	alen = strlen(dg->alg->name);
	memcpy(out, dg->alg->name, alen);
	out[alen] = ':';
	tohex(md, n, out + alen + 1);
}

void
digest_free(struct digest *dg)
{
	if (dg == NULL)
		return;
	EVP_MD_CTX_free(dg->ctx);
	free(dg);
}

void
digest_sha256_hex(const void *p, size_t n, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL);
	tohex(md, mdlen, out);
}
