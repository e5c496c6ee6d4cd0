// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Known answers through /dev/crypto, one fixture variant per algorithm:
 * the published vectors (NIST SP 800-38A, FIPS 180 "abc", RFC 4231 test
 * case 2, the GCM spec's test case 4, FIPS 81, RFC 2144, 6229, 3713,
 * 1321, 2202, 2286; tests/vectors/vectors-more.c names them all), random
 * inputs checked against OpenSSL, IV chaining, COP_FLAG_WRITE_IV,
 * multi-part hashing, CIOCCPHASH and CIOCGSESSINFO.  The guest's static
 * OpenSSL has no legacy provider: DES, Blowfish, CAST5 and RC4 are
 * checked against their known answers only.
 */
#include <stdlib.h>
#include <sys/ioctl.h>

#include "dc.h"
#include "harness.h"

#define MAXBUF	4096

FIXTURE(kat) {
	int fd;
	uint32_t ses;
	const struct dc_alg *alg;
	uint8_t key[64], mackey[64], iv[16];
	uint8_t in[MAXBUF], out[MAXBUF], ref[MAXBUF];
	uint8_t mac[64], refmac[64];
	unsigned int seed;
};

FIXTURE_VARIANT(kat) {
	const char *alg;	/* dc_alg() name */
	const char *key, *mackey, *iv, *in, *out, *mac;	/* hex */
};

#define SP800_38A_PT "6bc1bee22e409f96e93d7e117393172a" \
		     "ae2d8a571e03ac9c9eb76fac45af8e51"
#define SP800_38A_K128 "2b7e151628aed2a6abf7158809cf4f3c"
#define RFC4231_KEY "4a656665"	/* "Jefe" */
#define RFC4231_DATA "7768617420646f2079612077616e7420" \
		     "666f72206e6f7468696e673f"

FIXTURE_VARIANT_ADD(kat, aes_128_cbc) {
	.alg = "AES-128-CBC", .key = SP800_38A_K128,
	.iv = "000102030405060708090a0b0c0d0e0f", .in = SP800_38A_PT,
	.out = "7649abac8119b246cee98e9b12e9197d"
	       "5086cb9b507219ee95db113a917678b2",
};
FIXTURE_VARIANT_ADD(kat, aes_256_cbc) {
	.alg = "AES-256-CBC",
	.key = "603deb1015ca71be2b73aef0857d7781"
	       "1f352c073b6108d72d9810a30914dff4",
	.iv = "000102030405060708090a0b0c0d0e0f", .in = SP800_38A_PT,
	.out = "f58c4c04d6e5f1ba779eabfb5f7bfbd6"
	       "9cfc4e967edb808d679f777bc6702c7d",
};
FIXTURE_VARIANT_ADD(kat, aes_128_ctr) {
	.alg = "AES-128-CTR", .key = SP800_38A_K128,
	.iv = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", .in = SP800_38A_PT,
	.out = "874d6191b620e3261bef6864990db6ce"
	       "9806f66b7970fdff8617187bb9fffdff",
};
FIXTURE_VARIANT_ADD(kat, aes_128_ecb) {
	.alg = "AES-128-ECB", .key = SP800_38A_K128, .in = SP800_38A_PT,
	.out = "3ad77bb40d7a3660a89ecaf32466ef97"
	       "f5d3d58503b9699de785895a96fdbaaf",
};
/* Key 00..1f, tweak 00..0f; computed with an independent AES-XTS. */
FIXTURE_VARIANT_ADD(kat, aes_128_xts) {
	.alg = "AES-128-XTS",
	.key = "000102030405060708090a0b0c0d0e0f"
	       "101112131415161718191a1b1c1d1e1f",
	.iv = "000102030405060708090a0b0c0d0e0f", .in = SP800_38A_PT,
	.out = "21ea227a81272edc8bc3969ee6c30f61"
	       "edba255a703989027256a5d7c3cd35d1",
};
FIXTURE_VARIANT_ADD(kat, sha1) {
	.alg = "sha1", .in = "616263",
	.mac = "a9993e364706816aba3e25717850c26c9cd0d89d",
};
FIXTURE_VARIANT_ADD(kat, sha224) {
	.alg = "sha224", .in = "616263",
	.mac = "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
};
FIXTURE_VARIANT_ADD(kat, sha256) {
	.alg = "sha256", .in = "616263",
	.mac = "ba7816bf8f01cfea414140de5dae2223"
	       "b00361a396177a9cb410ff61f20015ad",
};
FIXTURE_VARIANT_ADD(kat, sha384) {
	.alg = "sha384", .in = "616263",
	.mac = "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
	       "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
};
FIXTURE_VARIANT_ADD(kat, sha512) {
	.alg = "sha512", .in = "616263",
	.mac = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	       "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
};
FIXTURE_VARIANT_ADD(kat, hmac_sha1) {
	.alg = "hmac(sha1)", .mackey = RFC4231_KEY, .in = RFC4231_DATA,
	.mac = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
};
FIXTURE_VARIANT_ADD(kat, hmac_sha224) {
	.alg = "hmac(sha224)", .mackey = RFC4231_KEY, .in = RFC4231_DATA,
	.mac = "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
};
FIXTURE_VARIANT_ADD(kat, hmac_sha256) {
	.alg = "hmac(sha256)", .mackey = RFC4231_KEY, .in = RFC4231_DATA,
	.mac = "5bdcc146bf60754e6a042426089575c7"
	       "5a003f089d2739839dec58b964ec3843",
};
FIXTURE_VARIANT_ADD(kat, hmac_sha384) {
	.alg = "hmac(sha384)", .mackey = RFC4231_KEY, .in = RFC4231_DATA,
	.mac = "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47"
	       "e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
};
FIXTURE_VARIANT_ADD(kat, hmac_sha512) {
	.alg = "hmac(sha512)", .mackey = RFC4231_KEY, .in = RFC4231_DATA,
	.mac = "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	       "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
};
FIXTURE_VARIANT_ADD(kat, null) {
	.alg = "ecb(cipher_null)", .in = SP800_38A_PT, .out = SP800_38A_PT,
};
FIXTURE_VARIANT_ADD(kat, des_cbc) {	/* FIPS 81 appendix C */
	.alg = "cbc(des)", .key = "0123456789abcdef", .iv = "1234567890abcdef",
	.in = "4e6f77206973207468652074696d6520666f7220616c6c20",
	.out = "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6",
};
FIXTURE_VARIANT_ADD(kat, des3_cbc) {	/* NIST CSRC TDES-CBC example */
	.alg = "cbc(des3_ede)",
	.key = "0123456789abcdef23456789abcdef01456789abcdef0123",
	.iv = "f69f2445df4f9b17", .in = SP800_38A_PT,
	.out = "2079c3d53aa763e193b79e2569ab5262"
	       "516570481f25b50f73c0bda85c8e0da7",
};
FIXTURE_VARIANT_ADD(kat, blowfish_cbc) {	/* Eric Young's test data */
	.alg = "cbc(blowfish)", .key = "0123456789abcdeff0e1d2c3b4a59687",
	.iv = "fedcba9876543210",
	.in = "37363534333231204e6f772069732074"
	      "68652074696d6520666f722000000000",
	.out = "6b77b4d63006dee605b156e274039793"
	       "58deb9e7154616d959f1652bd5ff92cc",
};
FIXTURE_VARIANT_ADD(kat, cast5_cbc) {	/* RFC 2144 B.1, zero IV */
	.alg = "cbc(cast5)", .key = "0123456712345678234567893456789a",
	.iv = "0000000000000000", .in = "0123456789abcdef",
	.out = "238b4fe5847e44b2",
};
FIXTURE_VARIANT_ADD(kat, arc4) {	/* RFC 6229, 128-bit key */
	.alg = "ecb(arc4)", .key = "0102030405060708090a0b0c0d0e0f10",
	.in = "00000000000000000000000000000000"
	      "00000000000000000000000000000000",
	.out = "9ac7cc9a609d1ef7b2932899cde41b97"
	       "5248c4959014126a6e8a84f11d1a9e1c",
};
FIXTURE_VARIANT_ADD(kat, camellia_cbc) {	/* RFC 3713, zero IV */
	.alg = "cbc(camellia)", .key = "0123456789abcdeffedcba9876543210",
	.iv = "00000000000000000000000000000000",
	.in = "0123456789abcdeffedcba9876543210",
	.out = "67673138549669730857065648eabe43",
};
FIXTURE_VARIANT_ADD(kat, md5) {		/* RFC 1321 */
	.alg = "md5", .in = "616263",
	.mac = "900150983cd24fb0d6963f7d28e17f72",
};
FIXTURE_VARIANT_ADD(kat, rmd160) {
	.alg = "rmd160", .in = "616263",
	.mac = "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
};
FIXTURE_VARIANT_ADD(kat, hmac_md5) {	/* RFC 2202 test case 2 */
	.alg = "hmac(md5)", .mackey = RFC4231_KEY, .in = RFC4231_DATA,
	.mac = "750c783e6ab0b503eaa86e310a5db738",
};
FIXTURE_VARIANT_ADD(kat, hmac_rmd160) {	/* RFC 2286 test case 2 */
	.alg = "hmac(rmd160)", .mackey = RFC4231_KEY, .in = RFC4231_DATA,
	.mac = "dda6c0213a485a9e24f4742064a7f033b43c4069",
};
/* No published vector: the known answer comes from OpenSSL. */
FIXTURE_VARIANT_ADD(kat, aes_cbc_hmac_sha256) {
	.alg = "cbc(aes)+hmac(sha256)", .key = SP800_38A_K128,
	.mackey = RFC4231_KEY, .iv = "000102030405060708090a0b0c0d0e0f",
	.in = SP800_38A_PT,
	.out = "7649abac8119b246cee98e9b12e9197d"
	       "5086cb9b507219ee95db113a917678b2",
};

/* Session with the variant's keys, or random keys when it has none. */
FIXTURE_SETUP(kat)
{
	struct dc_alg *a;

	self->seed = 12345;
	self->alg = dc_alg(variant->alg);
	ASSERT_TRUE(self->alg != NULL);
	/* A key shorter than the session's (RFC 4231's "Jefe"). */
	a = malloc(sizeof(*a));
	ASSERT_TRUE(a != NULL);
	*a = *self->alg;
	fill_random(self->key, sizeof(self->key), &self->seed);
	fill_random(self->mackey, sizeof(self->mackey), &self->seed);
	if (variant->key)
		hex2bin(variant->key, self->key, sizeof(self->key));
	if (variant->mackey)
		a->mackeylen = hex2bin(variant->mackey, self->mackey,
				       sizeof(self->mackey));
	self->alg = a;
	fill_random(self->iv, sizeof(self->iv), &self->seed);
	if (variant->iv)
		hex2bin(variant->iv, self->iv, sizeof(self->iv));

	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(dc_session(self->fd, a, self->key, self->mackey,
			     &self->ses), 0);
}

FIXTURE_TEARDOWN(kat)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(kat, known_answer)
{
	const struct dc_alg *a = self->alg;
	uint8_t expect[128], mac[64];
	size_t len = hex2bin(variant->in, self->in, sizeof(self->in));
	uint8_t iv[16];

	memcpy(iv, self->iv, sizeof(iv));
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, 0, self->in,
			   self->out, len, a->ivsize ? iv : NULL,
			   a->mac ? mac : NULL), 0);
	if (variant->out) {
		hex2bin(variant->out, expect, sizeof(expect));
		EXPECT_EQ(memcmp(self->out, expect, len), 0);
	}
	if (variant->mac) {
		hex2bin(variant->mac, expect, sizeof(expect));
		EXPECT_EQ(memcmp(mac, expect, a->digestsize), 0);
	}
	if (a->cipher && a->mac) {
		ASSERT_EQ(ref_crypt(a, self->key, self->mackey, self->iv,
				    self->in, len, self->ref, self->refmac,
				    true), 0);
		EXPECT_EQ(memcmp(mac, self->refmac, a->digestsize), 0);
	}
	if (!a->cipher)
		return;
	/* And back: ARC4 from the start of a fresh keystream. */
	if (a->cipher == CRYPTO_ARC4) {
		ASSERT_EQ(dc_free(self->fd, self->ses), 0);
		ASSERT_EQ(dc_session(self->fd, a, self->key, self->mackey,
				     &self->ses), 0);
	}
	memcpy(iv, self->iv, sizeof(iv));
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_DECRYPT, 0, self->out,
			   self->ref, len, a->ivsize ? iv : NULL,
			   a->mac ? mac : NULL), 0);
	EXPECT_EQ(memcmp(self->ref, self->in, len), 0);
}

/* Random lengths and data, each compared with OpenSSL. */
TEST_F(kat, matches_openssl)
{
	const struct dc_alg *a = self->alg;
	int i, op;

	if (!ref_has(a))
		SKIP(return, "no OpenSSL %s here: known answers only",
		     a->name);
	for (i = 0; i < 64; i++) {
		size_t len = rand_r(&self->seed) % MAXBUF;

		len -= len % a->blocksize;
		if (a->cipher && a->cipher == CRYPTO_AES_XTS && len < 16)
			len = 16;
		fill_random(self->in, len, &self->seed);
		fill_random(self->iv, sizeof(self->iv), &self->seed);
		op = a->cipher ? i & 1 : COP_ENCRYPT;
		ASSERT_EQ(ref_crypt(a, self->key, self->mackey, self->iv,
				    self->in, len, self->ref, self->refmac,
				    op == COP_ENCRYPT), 0);
		ASSERT_EQ(dc_crypt(self->fd, self->ses, op, 0, self->in,
				   self->out, len,
				   a->ivsize ? self->iv : NULL,
				   a->mac ? self->mac : NULL), 0);
		if (a->cipher)
			EXPECT_EQ(memcmp(self->out, self->ref, len), 0);
		if (a->mac)
			EXPECT_EQ(memcmp(self->mac, self->refmac,
					 a->digestsize), 0);
	}
}

/*
 * Two calls, the second with iv == NULL (the session's chained IV),
 * equal one call; so does passing back the COP_FLAG_WRITE_IV output.
 */
TEST_F(kat, iv_chaining_and_write_iv)
{
	const struct dc_alg *a = self->alg;
	size_t half = 1024, len = 2 * half;
	uint8_t iv[16];

	if (!a->cipher || !a->chains || a->mac)
		SKIP(return, "%s does not chain", a->name);
	if (!ref_has(a))
		SKIP(return, "no OpenSSL %s here: known answers only",
		     a->name);
	fill_random(self->in, len, &self->seed);
	ASSERT_EQ(ref_crypt(a, self->key, NULL, self->iv, self->in, len,
			    self->ref, NULL, true), 0);

	memcpy(iv, self->iv, sizeof(iv));
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, 0, self->in,
			   self->out, half, iv, NULL), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, 0,
			   self->in + half, self->out + half, half, NULL,
			   NULL), 0);
	EXPECT_EQ(memcmp(self->out, self->ref, len), 0);

	memset(self->out, 0, len);
	memcpy(iv, self->iv, sizeof(iv));
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT,
			   COP_FLAG_WRITE_IV, self->in, self->out, half, iv,
			   NULL), 0);
	/* CBC: the last ciphertext block */
	if (a->blocksize == a->ivsize)
		EXPECT_EQ(memcmp(iv, self->ref + half - a->ivsize, a->ivsize),
			  0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, 0,
			   self->in + half, self->out + half, half, iv,
			   NULL), 0);
	EXPECT_EQ(memcmp(self->out, self->ref, len), 0);
}

/* UPDATE, UPDATE, FINAL equals one call; RESET starts over. */
TEST_F(kat, multipart_hash)
{
	const struct dc_alg *a = self->alg;
	size_t len = 3000;

	if (a->cipher)
		SKIP(return, "%s is not a hash", a->name);
	fill_random(self->in, len, &self->seed);
	ASSERT_EQ(ref_crypt(a, NULL, self->mackey, NULL, self->in, len,
			    NULL, self->refmac, true), 0);

	/* A stale update first: RESET must drop it. */
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, COP_FLAG_UPDATE,
			   self->in, NULL, 7, NULL, NULL), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT,
			   COP_FLAG_UPDATE | COP_FLAG_RESET, self->in, NULL,
			   1000, NULL, NULL), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, COP_FLAG_UPDATE,
			   self->in + 1000, NULL, 1000, NULL, NULL), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, COP_FLAG_FINAL,
			   self->in + 2000, NULL, 1000, NULL, self->mac), 0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);

	/* flags == 0 is a one-shot: reset, update, final. */
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, 0, self->in,
			   NULL, len, NULL, self->mac), 0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);

	/* The empty message. */
	ASSERT_EQ(ref_crypt(a, NULL, self->mackey, NULL, self->in, 0, NULL,
			    self->refmac, true), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, 0, self->in,
			   NULL, 0, NULL, self->mac), 0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);
}

/*
 * cryptodev-linux restarts the hash only when flags is 0 or has RESET: a
 * request with some other flag (NO_ZC here) and neither UPDATE nor FINAL
 * continues a hash under way, and finishes it.
 */
TEST_F(kat, hash_reset_rule)
{
	const struct dc_alg *a = self->alg;
	size_t len = 3000;

	if (a->cipher)
		SKIP(return, "%s is not a hash", a->name);
	fill_random(self->in, len, &self->seed);
	ASSERT_EQ(ref_crypt(a, NULL, self->mackey, NULL, self->in, len,
			    NULL, self->refmac, true), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, COP_FLAG_UPDATE,
			   self->in, NULL, 1000, NULL, NULL), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, COP_FLAG_NO_ZC,
			   self->in + 1000, NULL, len - 1000, NULL, self->mac),
		  0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);

	/*
	 * After that FINAL the same request starts a new hash (where
	 * cryptodev-linux would go on from a finished state).
	 */
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, COP_FLAG_NO_ZC,
			   self->in, NULL, len, NULL, self->mac), 0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);
}

/* ARC4: the keystream goes on from one request to the next. */
TEST_F(kat, stream_goes_on)
{
	uint8_t expect[64];
	size_t len;

	if (self->alg->cipher != CRYPTO_ARC4)
		SKIP(return, "%s is not a stream", self->alg->name);
	len = hex2bin(variant->in, self->in, sizeof(self->in));
	hex2bin(variant->out, expect, sizeof(expect));
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, 0, self->in,
			   self->out, 13, NULL, NULL), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_DECRYPT, 0, self->in + 13,
			   self->out + 13, len - 13, NULL, NULL), 0);
	EXPECT_EQ(memcmp(self->out, expect, len), 0);
}

/*
 * CIOCCPHASH: a copy part-way through a message finishes as the
 * original does, and both go on on their own; cryptodev-linux's errnos
 * for the same session twice, a missing one and a session without hash.
 */
TEST_F(kat, copy_hash)
{
	const struct dc_alg *a = self->alg;
	struct cphash_op cp;
	uint32_t ses2, aes;
	size_t len = 3000;

	if (a->cipher)
		SKIP(return, "%s is not a hash", a->name);
	fill_random(self->in, len, &self->seed);
	ASSERT_EQ(ref_crypt(a, NULL, self->mackey, NULL, self->in, len,
			    NULL, self->refmac, true), 0);
	ASSERT_EQ(dc_session(self->fd, a, self->key, self->mackey, &ses2), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, COP_FLAG_UPDATE,
			   self->in, NULL, 1000, NULL, NULL), 0);
	cp = (struct cphash_op){ .dst_ses = ses2, .src_ses = self->ses };
	ASSERT_EQ(ioctl(self->fd, CIOCCPHASH, &cp), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->ses, COP_ENCRYPT, COP_FLAG_FINAL,
			   self->in + 1000, NULL, len - 1000, NULL, self->mac),
		  0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);
	memset(self->mac, 0, sizeof(self->mac));
	ASSERT_EQ(dc_crypt(self->fd, ses2, COP_ENCRYPT, COP_FLAG_FINAL,
			   self->in + 1000, NULL, len - 1000, NULL, self->mac),
		  0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);

	cp.src_ses = ses2;
	EXPECT_ERRNO(ioctl(self->fd, CIOCCPHASH, &cp), EDEADLK);
	cp.src_ses = self->ses ^ ses2 ^ 0x5a5a5a5a;
	EXPECT_ERRNO(ioctl(self->fd, CIOCCPHASH, &cp), ENOENT);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CBC"), self->key, NULL,
			     &aes), 0);
	cp = (struct cphash_op){ .dst_ses = aes, .src_ses = self->ses };
	EXPECT_ERRNO(ioctl(self->fd, CIOCCPHASH, &cp), EINVAL);
}

/* "cbc(aes)" -> "virtio-cryptodev-cbc-aes" */
static void driver_name(char *out, size_t size, const char *name)
{
	size_t o = (size_t)snprintf(out, size, "virtio-cryptodev-");

	for (; *name && o + 1 < size; name++)
		if (*name != ')')
			out[o++] = *name == '(' ? '-' : *name;
	out[o] = '\0';
}

TEST_F(kat, session_info)
{
	struct session_info_op si = { .ses = self->ses };
	const struct dc_alg *a = self->alg;
	const char *plus = strchr(a->name, '+');
	const char *hname = plus ? plus + 1 : a->name;
	char cname[64], dname[96];

	ASSERT_EQ(ioctl(self->fd, CIOCGSESSINFO, &si), 0);
	snprintf(cname, sizeof(cname), "%.*s",
		 plus ? (int)(plus - a->name) : (int)strlen(a->name),
		 a->name);

	if (a->cipher) {
		EXPECT_EQ(strcmp(si.cipher_info.cra_name, cname), 0);
		driver_name(dname, sizeof(dname), cname);
		EXPECT_EQ(strcmp(si.cipher_info.cra_driver_name, dname), 0);
	}
	if (a->mac) {
		EXPECT_EQ(strcmp(si.hash_info.cra_name, hname), 0);
		driver_name(dname, sizeof(dname), hname);
		EXPECT_EQ(strcmp(si.hash_info.cra_driver_name, dname), 0);
	}
	EXPECT_EQ(si.alignmask, 0);
	EXPECT_EQ(si.flags & SIOP_FLAG_KERNEL_DRIVER_ONLY,
		  SIOP_FLAG_KERNEL_DRIVER_ONLY);
}

FIXTURE(gcm) {
	int fd;
	uint32_t ses;
	uint8_t key[16], iv[12], aad[20], pt[64], ct[80], out[80];
	uint32_t aadlen, len;
};

/* The GCM specification's test case 4. */
FIXTURE_SETUP(gcm)
{
	self->aadlen = hex2bin("feedfacedeadbeeffeedfacedeadbeefabaddad2",
			       self->aad, sizeof(self->aad));
	hex2bin("feffe9928665731c6d6a8f9467308308", self->key, 16);
	hex2bin("cafebabefacedbaddecaf888", self->iv, 12);
	self->len = hex2bin(
		"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
		"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
		self->pt, sizeof(self->pt));
	hex2bin("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		"21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
		"5bc94fbc3221a5db94fae95ae7121a47", self->ct, sizeof(self->ct));
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("gcm(aes)"), self->key, NULL,
			     &self->ses), 0);
}

FIXTURE_TEARDOWN(gcm)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(gcm, encrypt_appends_tag)
{
	uint32_t len = self->len;

	ASSERT_EQ(dc_aead(self->fd, self->ses, COP_ENCRYPT, self->aad,
			  self->aadlen, self->pt, self->out, &len, 0,
			  self->iv), 0);
	EXPECT_EQ(len, self->len + 16);
	EXPECT_EQ(memcmp(self->out, self->ct, self->len + 16), 0);
}

TEST_F(gcm, decrypt_checks_tag)
{
	uint32_t len = self->len + 16;

	ASSERT_EQ(dc_aead(self->fd, self->ses, COP_DECRYPT, self->aad,
			  self->aadlen, self->ct, self->out, &len, 0,
			  self->iv), 0);
	EXPECT_EQ(len, self->len);
	EXPECT_EQ(memcmp(self->out, self->pt, self->len), 0);

	self->ct[self->len] ^= 1;
	len = self->len + 16;
	EXPECT_ERRNO(dc_aead(self->fd, self->ses, COP_DECRYPT, self->aad,
			     self->aadlen, self->ct, self->out, &len, 0,
			     self->iv), EBADMSG);
}

TEST_F(gcm, random_matches_openssl)
{
	uint8_t in[1024], out[1040], ref[1040], aad[64];
	unsigned int seed = 99;
	int i;

	for (i = 0; i < 32; i++) {
		uint32_t len = rand_r(&seed) % sizeof(in);
		uint32_t aadlen = rand_r(&seed) % sizeof(aad), n = len;

		fill_random(in, len, &seed);
		fill_random(aad, aadlen, &seed);
		fill_random(self->iv, 12, &seed);
		ASSERT_EQ(ref_gcm(self->key, 16, self->iv, aad, aadlen, in,
				  len, ref, ref + len, 16), 0);
		ASSERT_EQ(dc_aead(self->fd, self->ses, COP_ENCRYPT, aad,
				  aadlen, in, out, &n, 16, self->iv), 0);
		EXPECT_EQ(memcmp(out, ref, len + 16), 0);
	}
}

TEST_HARNESS_MAIN
