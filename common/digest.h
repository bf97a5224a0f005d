/*
 * digest.h: streaming content digests through OpenSSL's libcrypto.
 * Digest strings are "algorithm:hex", as OCI writes them.
 */
#ifndef DIGEST_H
#define DIGEST_H

#include <stddef.h>

struct diag;
struct digest;

/* Longest "sha512:" + 128 hex digits + NUL. */
#define DIGEST_STRMAX	136

/*
 * Starts a digest for the algorithm named in spec ("sha256:..." or just
 * "sha256"; sha256, sha384 and sha512 are known). Returns NULL with d
 * set for an unknown algorithm or a malformed digest string.
 */
struct digest	*digest_new(const char *spec, struct diag *d);
void		 digest_update(struct digest *, const void *, size_t);
/* Writes "alg:hex" into out (DIGEST_STRMAX bytes). */
void		 digest_final(struct digest *, char *out);
void		 digest_free(struct digest *);
/* One-shot sha256 as lower-case hex (65 bytes with NUL). */
void		 digest_sha256_hex(const void *, size_t, char *out);
/*
 * Checks that spec is "alg:hex" with a known algorithm and the right
 * number of lower-case hex digits. Returns 0 or -1 (d set).
 */
int		 digest_valid(const char *spec, struct diag *d);

#endif /* DIGEST_H */
