#include "compat.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "digest.h"
#include "unit.h"

#define ABC256	"ba7816bf8f01cfea414140de5dae2223" \
		"b00361a396177a9cb410ff61f20015ad"
#define ABC384	"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163" \
		"1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
#define ABC512	"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea2" \
		"0a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd" \
		"454d4423643ce80e2a9ac94fa54ca49f"
#define EMPTY256 "e3b0c44298fc1c149afbf4c8996fb924" \
		"27ae41e4649b934ca495991b7852b855"

static void
check_one(const char *spec, const char *want)
{
	char out[DIGEST_STRMAX];
	struct digest *dg;
	struct diag d;

	diag_init(&d);
	dg = digest_new(spec, &d);
	CHECK(dg != NULL);
	if (dg == NULL)
		return;
	/* Two updates must equal one. */
	digest_update(dg, "a", 1);
	digest_update(dg, "", 0);
	digest_update(dg, "bc", 2);
	digest_final(dg, out);
	CHECK_STR(out, want);
	digest_free(dg);
}

static void
test_algorithms(void)
{
	check_one("sha256", "sha256:" ABC256);
	check_one("sha256:" EMPTY256, "sha256:" ABC256);
	check_one("sha384", "sha384:" ABC384);
	check_one("sha512:" ABC512, "sha512:" ABC512);
}

static void
test_oneshot(void)
{
	char hex[65];

	digest_sha256_hex("abc", 3, hex);
	CHECK_STR(hex, ABC256);
	digest_sha256_hex("", 0, hex);
	CHECK_STR(hex, EMPTY256);
}

static void
test_empty_final(void)
{
	char out[DIGEST_STRMAX];
	struct digest *dg;
	struct diag d;

	diag_init(&d);
	dg = digest_new("sha256", &d);
	digest_final(dg, out);
	CHECK_STR(out, "sha256:" EMPTY256);
	digest_free(dg);
	digest_free(NULL);
}

static void
bad(const char *spec, const char *msg)
{
	struct diag d;

	diag_init(&d);
	CHECK_INT(digest_valid(spec, &d), -1);
	CHECK(strstr(d.msg, msg) != NULL);
	diag_init(&d);
	CHECK(digest_new(spec, &d) == NULL);
	CHECK(d.failed);
}

static void
test_valid(void)
{
	struct diag d;

	diag_init(&d);
	CHECK_INT(digest_valid("sha256:" ABC256, &d), 0);
	CHECK_INT(digest_valid("sha384:" ABC384, &d), 0);
	CHECK_INT(digest_valid("sha512:" ABC512, &d), 0);
	CHECK(!d.failed);

	/* A bare name starts a digest but is not a digest string. */
	CHECK_INT(digest_valid("sha256", &d), -1);
	CHECK_STR(d.msg, "malformed digest 'sha256'");
	bad("sha256:", "malformed digest");
	bad("sha256:" ABC384, "malformed digest");
	bad("sha256:BA7816BF8F01CFEA414140DE5DAE2223"
	    "B00361A396177A9CB410FF61F20015AD", "malformed digest");
	bad("sha256:" ABC256 "0", "malformed digest");
	bad("sha256:" ABC256 "\n", "malformed digest");
	bad("sha256:zz7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "malformed digest");
	bad("md5:d41d8cd98f00b204e9800998ecf8427e", "unknown digest");
	bad(":" ABC256, "unknown digest");

	diag_init(&d);
	CHECK(digest_new("sha1", &d) == NULL);
	CHECK_STR(d.msg, "unknown digest algorithm 'sha1'");
	diag_init(&d);
	CHECK(digest_new("", &d) == NULL);
}

int
main(void)
{
	test_algorithms();
	test_oneshot();
	test_empty_final();
	test_valid();
	return UNIT_DONE("digest_test");
}
