// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ucrypto-kat: known-answer and error-path tests of the ucrypto library,
 * printing TAP.
 *
 * First every shared vector (tests/vectors) is checked against OpenSSL
 * directly, so that a mistyped vector fails here.  Then each provider
 * (openssl, devcrypto, auto) runs every vector that the library supports
 * and the error paths.  devcrypto is skipped, with the reason, when
 * /dev/crypto does not open.
 *
 *   ucrypto-kat [--provider=auto|devcrypto|openssl] [--require-devcrypto]
 *
 * Built with -DKAT_FAKE_DEVCRYPTO and linked with fake-devcrypto.c, it is
 * ucrypto-kat-fake: /dev/crypto is the fake, and required.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ucrypto.h"
#include "vectors.h"

#define N(a)		(sizeof(a) / sizeof((a)[0]))
#define DEADLINE	240	/* seconds: a TCG guest is slow; on the host <1 */
#define BIG_LEN		((3u << 19) + 16)	/* past one devcrypto chunk */

#ifdef KAT_FAKE_DEVCRYPTO
static const int fake_devcrypto = 1;
#else
static const int fake_devcrypto;
#endif

static unsigned int tests, failures;
static unsigned int seed;

static void vok(int pass, const char *fmt, va_list ap)
{
	printf("%sok %u - ", pass ? "" : "not ", ++tests);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass)
		failures++;
}

static int ok(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vok(pass, fmt, ap);
	va_end(ap);
	return pass;
}

static void skip(const char *fmt, ...)
{
	va_list ap;

	printf("ok %u # SKIP ", ++tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* memcmp() that accepts NULL pointers with a length of 0. */
static int same(const void *a, const void *b, size_t len)
{
	return !len || !memcmp(a, b, len);
}

static void on_alarm(int sig)
{
	static const char msg[] = "Bail out! deadline passed\n";

	write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	_exit(2);
}

/* ---- OpenSSL reference, used to check the vectors themselves ---- */

static const EVP_CIPHER *ref_cipher(enum kat_cipher_alg alg, size_t keylen)
{
	static const struct {
		enum kat_cipher_alg alg;
		size_t keylen;
		const EVP_CIPHER *(*fn)(void);
	} tab[] = {
		{ KAT_AES_ECB, 16, EVP_aes_128_ecb },
		{ KAT_AES_ECB, 24, EVP_aes_192_ecb },
		{ KAT_AES_ECB, 32, EVP_aes_256_ecb },
		{ KAT_AES_CBC, 16, EVP_aes_128_cbc },
		{ KAT_AES_CBC, 24, EVP_aes_192_cbc },
		{ KAT_AES_CBC, 32, EVP_aes_256_cbc },
		{ KAT_AES_CTR, 16, EVP_aes_128_ctr },
		{ KAT_AES_CTR, 24, EVP_aes_192_ctr },
		{ KAT_AES_CTR, 32, EVP_aes_256_ctr },
		{ KAT_AES_XTS, 32, EVP_aes_128_xts },
		{ KAT_AES_XTS, 64, EVP_aes_256_xts },
	};
	size_t i;

	for (i = 0; i < N(tab); i++)
		if (tab[i].alg == alg && tab[i].keylen == keylen)
			return tab[i].fn();
	return NULL;
}

static int ref_crypt(enum kat_cipher_alg alg, const unsigned char *key,
		     size_t keylen, const unsigned char *iv, int enc,
		     const unsigned char *in, unsigned char *out, size_t len)
{
	const EVP_CIPHER *cipher = ref_cipher(alg, keylen);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl, ret = -1;

	if (cipher && ctx &&
	    EVP_CipherInit_ex(ctx, cipher, NULL, key, iv, enc) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	    EVP_CipherUpdate(ctx, out, &outl, in, len) &&
	    (size_t)outl == len)
		ret = 0;
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

static int ref_gcm(const struct kat_aead *v, unsigned char *ct,
		   unsigned char *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	const EVP_CIPHER *cipher = v->key_len == 16 ? EVP_aes_128_gcm() :
				   EVP_aes_256_gcm();
	int outl, ret = -1;

	if (ctx && EVP_EncryptInit_ex(ctx, cipher, NULL, NULL, NULL) &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, v->iv_len,
				NULL) &&
	    EVP_EncryptInit_ex(ctx, NULL, NULL, v->key, v->iv) &&
	    (!v->aad_len ||
	     EVP_EncryptUpdate(ctx, NULL, &outl, v->aad, v->aad_len)) &&
	    (!v->len || EVP_EncryptUpdate(ctx, ct, &outl, v->pt, v->len)) &&
	    EVP_EncryptFinal_ex(ctx, ct + v->len, &outl) &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, v->tag_len, tag))
		ret = 0;
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

static const EVP_MD *ref_md(enum kat_hash_alg alg)
{
	static const EVP_MD *(*const tab[])(void) = {
		[KAT_SHA1]	= EVP_sha1,
		[KAT_SHA224]	= EVP_sha224,
		[KAT_SHA256]	= EVP_sha256,
		[KAT_SHA384]	= EVP_sha384,
		[KAT_SHA512]	= EVP_sha512,
	};

	return tab[alg]();
}

static void check_ref_ciphers(void)
{
	unsigned char out[512];
	const struct kat_cipher *v;
	size_t i;
	int pass;

	for (i = 0; i < kat_ciphers_count; i++) {
		v = &kat_ciphers[i];
		pass = v->len <= sizeof(out) &&
		       !ref_crypt(v->alg, v->key, v->key_len, v->iv, 1,
				  v->pt, out, v->len) &&
		       !memcmp(out, v->ct, v->len) &&
		       !ref_crypt(v->alg, v->key, v->key_len, v->iv, 0,
				  v->ct, out, v->len) &&
		       !memcmp(out, v->pt, v->len);
		ok(pass, "vector vs OpenSSL: %s", v->name);
	}
}

static void check_ref_aeads(void)
{
	unsigned char ct[64], tag[16];
	const struct kat_aead *v;
	size_t i;
	int pass;

	for (i = 0; i < kat_aeads_count; i++) {
		v = &kat_aeads[i];
		pass = v->len <= sizeof(ct) && v->tag_len <= sizeof(tag) &&
		       !ref_gcm(v, ct, tag) &&
		       same(ct, v->ct, v->len) &&
		       same(tag, v->tag, v->tag_len);
		ok(pass, "vector vs OpenSSL: %s", v->name);
	}
}

static void check_ref_hashes(void)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	const struct kat_hash *v;
	unsigned char *msg;
	unsigned int mdlen;
	size_t i;
	int pass;

	for (i = 0; i < kat_hashes_count; i++) {
		v = &kat_hashes[i];
		msg = kat_msg_dup(v);
		pass = msg && v->digest_len == kat_digest_len(v->alg) &&
		       EVP_Digest(msg, v->len, md, &mdlen, ref_md(v->alg),
				  NULL) &&
		       mdlen == v->digest_len &&
		       !memcmp(md, v->digest, v->digest_len);
		ok(pass, "vector vs OpenSSL: %s", v->name);
		free(msg);
	}
}

static void check_ref_hmacs(void)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	const struct kat_hmac *v;
	unsigned int mdlen;
	size_t i;
	int pass;

	for (i = 0; i < kat_hmacs_count; i++) {
		v = &kat_hmacs[i];
		pass = HMAC(ref_md(v->alg), v->key, v->key_len, v->data,
			    v->data_len, md, &mdlen) &&
		       mdlen == kat_digest_len(v->alg) &&
		       v->mac_len <= mdlen &&
		       !memcmp(md, v->mac, v->mac_len);
		ok(pass, "vector vs OpenSSL: %s", v->name);
	}
}

/* ---- the library, through one provider ---- */

struct run {
	const char *name;		/* provider under test */
	struct ucrypto *uc;
};

/* The library's algorithm for a vector's; -1 if it has none (XTS). */
static int lib_cipher(enum kat_cipher_alg alg)
{
	static const int tab[] = {
		[KAT_AES_ECB] = UCRYPTO_AES_ECB,
		[KAT_AES_CBC] = UCRYPTO_AES_CBC,
		[KAT_AES_CTR] = UCRYPTO_AES_CTR,
		[KAT_AES_XTS] = -1,
	};

	return tab[alg];
}

static enum ucrypto_hash_alg lib_hash(enum kat_hash_alg alg)
{
	static const enum ucrypto_hash_alg tab[] = {
		[KAT_SHA1]	= UCRYPTO_SHA1,
		[KAT_SHA224]	= UCRYPTO_SHA224,
		[KAT_SHA256]	= UCRYPTO_SHA256,
		[KAT_SHA384]	= UCRYPTO_SHA384,
		[KAT_SHA512]	= UCRYPTO_SHA512,
	};

	return tab[alg];
}

/* With a single provider asked for, objects must use it. */
static int provider_ok(const struct run *r, const char *used)
{
	return !strcmp(r->name, "auto") || !strcmp(r->name, used);
}

static void run_cipher_vector(const struct run *r, const struct kat_cipher *v)
{
	struct ucrypto_cipher *c;
	unsigned char buf[64];
	int pass;

	c = ucrypto_cipher_new(r->uc, lib_cipher(v->alg), v->key,
			       v->key_len);
	if (!ok(c != NULL, "%s: %s: new: %s", r->name, v->name,
		c ? "ok" : strerror(errno)))
		return;
	pass = provider_ok(r, ucrypto_cipher_provider(c)) &&
	       !ucrypto_encrypt(c, v->iv, v->pt, buf, v->len) &&
	       !memcmp(buf, v->ct, v->len);
	ok(pass, "%s: %s: encrypt (%s)", r->name, v->name,
	   ucrypto_cipher_provider(c));
	/* In place, the other way. */
	memcpy(buf, v->ct, v->len);
	pass = !ucrypto_decrypt(c, v->iv, buf, buf, v->len) &&
	       !memcmp(buf, v->pt, v->len);
	ok(pass, "%s: %s: decrypt in place", r->name, v->name);
	ucrypto_cipher_free(c);
}

static void run_ciphers(const struct run *r)
{
	size_t i;

	for (i = 0; i < kat_ciphers_count; i++)
		if (lib_cipher(kat_ciphers[i].alg) >= 0)
			run_cipher_vector(r, &kat_ciphers[i]);
}

static void run_hashes(const struct run *r)
{
	unsigned char md[UCRYPTO_MAX_DIGEST_LEN];
	const struct kat_hash *v;
	unsigned char *msg;
	size_t i;
	int pass;

	for (i = 0; i < kat_hashes_count; i++) {
		v = &kat_hashes[i];
		msg = kat_msg_dup(v);
		pass = msg && !ucrypto_hash(r->uc, lib_hash(v->alg), msg,
					    v->len, md) &&
		       ucrypto_digest_len(lib_hash(v->alg)) == v->digest_len &&
		       !memcmp(md, v->digest, v->digest_len);
		ok(pass, "%s: %s", r->name, v->name);
		free(msg);
	}
}

/* The vector through one-shot HMAC and through an HMAC context. */
static void run_hmac_vector(const struct run *r, const struct kat_hmac *v)
{
	unsigned char mac[UCRYPTO_MAX_DIGEST_LEN];
	enum ucrypto_hash_alg alg = lib_hash(v->alg);
	struct ucrypto_hmac *h;
	size_t half = v->data_len / 2;
	int pass;

	pass = !ucrypto_hmac(r->uc, alg, v->key, v->key_len, v->data,
			     v->data_len, mac) &&
	       !memcmp(mac, v->mac, v->mac_len);
	ok(pass, "%s: %s: one-shot", r->name, v->name);

	h = ucrypto_hmac_new(r->uc, alg, v->key, v->key_len);
	pass = h && provider_ok(r, ucrypto_hmac_provider(h)) &&
	       !ucrypto_hmac_update(h, v->data, half) &&
	       !ucrypto_hmac_update(h, v->data + half, v->data_len - half) &&
	       !ucrypto_hmac_final(h, mac) &&
	       !memcmp(mac, v->mac, v->mac_len);
	ok(pass, "%s: %s: incremental (%s)", r->name, v->name,
	   h ? ucrypto_hmac_provider(h) : strerror(errno));
	ucrypto_hmac_free(h);
}

static void run_hmacs(const struct run *r)
{
	size_t i;

	for (i = 0; i < kat_hmacs_count; i++)
		run_hmac_vector(r, &kat_hmacs[i]);
}

static int expect_errno(int failed, int err)
{
	return failed && errno == err;
}

static void run_errors(const struct run *r)
{
	static const size_t bad_keylens[] = { 0, 8, 15, 17, 31, 33, 64 };
	unsigned char key[64] = { 0 }, iv[16] = { 0 }, buf[48] = { 0 };
	struct ucrypto_cipher *c;
	size_t i;
	int pass = 1;

	for (i = 0; i < N(bad_keylens); i++)
		pass &= expect_errno(!ucrypto_cipher_new(r->uc,
				UCRYPTO_AES_CBC, key, bad_keylens[i]), EINVAL);
	ok(pass, "%s: bad AES key lengths give EINVAL", r->name);
	ok(expect_errno(!ucrypto_cipher_new(r->uc, 7, key, 16), EINVAL),
	   "%s: unknown cipher gives EINVAL", r->name);

	c = ucrypto_cipher_new(r->uc, UCRYPTO_AES_CBC, key, 16);
	ok(c && expect_errno(ucrypto_encrypt(c, iv, buf, buf, 15), EINVAL) &&
	   expect_errno(ucrypto_decrypt(c, iv, buf, buf, 17), EINVAL) &&
	   expect_errno(ucrypto_encrypt(c, NULL, buf, buf, 16), EINVAL),
	   "%s: CBC: length not a multiple of 16, or no IV: EINVAL",
	   r->name);
	ucrypto_cipher_free(c);
	c = ucrypto_cipher_new(r->uc, UCRYPTO_AES_ECB, key, 24);
	ok(c && expect_errno(ucrypto_encrypt(c, NULL, buf, buf, 20), EINVAL) &&
	   !ucrypto_encrypt(c, NULL, buf, buf, 32),
	   "%s: ECB: length 20 gives EINVAL, 32 works", r->name);
	ucrypto_cipher_free(c);
	c = ucrypto_cipher_new(r->uc, UCRYPTO_AES_CTR, key, 32);
	ok(c && !ucrypto_encrypt(c, iv, buf, buf, 17) &&
	   !ucrypto_encrypt(c, iv, buf, buf, 0),
	   "%s: CTR: any length works", r->name);
	ucrypto_cipher_free(c);

	ok(expect_errno(!ucrypto_hmac_new(r->uc, UCRYPTO_SHA256, key, 0),
			EINVAL) &&
	   expect_errno(!ucrypto_hmac_new(r->uc, UCRYPTO_SHA256, NULL, 16),
			EINVAL) &&
	   expect_errno(!ucrypto_hmac_new(r->uc, 9, key, 16), EINVAL) &&
	   expect_errno(ucrypto_hash(r->uc, 9, buf, 1, buf), EINVAL),
	   "%s: HMAC without a key, or unknown hash: EINVAL", r->name);
}

static const struct kat_cipher *find_cipher(enum kat_cipher_alg alg,
					    size_t keylen)
{
	size_t i;

	for (i = 0; i < kat_ciphers_count; i++)
		if (kat_ciphers[i].alg == alg &&
		    kat_ciphers[i].key_len == keylen)
			return &kat_ciphers[i];
	abort();	/* the vectors changed under the test */
}

/* Add n to a big-endian 128-bit counter block. */
static void ctr_add(unsigned char *ctr, unsigned int n)
{
	int i;

	for (i = 15; i >= 0 && n; i--) {
		n += ctr[i];
		ctr[i] = n & 0xff;
		n >>= 8;
	}
}

/* SP 800-38A F.2.1 and F.5.1 in several calls, chaining by hand. */
static void run_multicall(const struct run *r)
{
	const struct kat_cipher *cbc = find_cipher(KAT_AES_CBC, 16);
	const struct kat_cipher *ctr = find_cipher(KAT_AES_CTR, 16);
	unsigned char out[64], iv[16];
	struct ucrypto_cipher *c;
	int i, pass;

	c = ucrypto_cipher_new(r->uc, UCRYPTO_AES_CBC, cbc->key, 16);
	pass = c != NULL;
	for (i = 0; pass && i < 4; i++)
		pass = !ucrypto_encrypt(c, i ? out + 16 * (i - 1) : cbc->iv,
					cbc->pt + 16 * i, out + 16 * i, 16);
	pass = pass && !memcmp(out, cbc->ct, 64);
	for (i = 0; pass && i < 4; i++)
		pass = !ucrypto_decrypt(c, i ? cbc->ct + 16 * (i - 1) : cbc->iv,
					cbc->ct + 16 * i, out + 16 * i, 16);
	ok(pass && !memcmp(out, cbc->pt, 64),
	   "%s: CBC one block per call with explicit IVs", r->name);
	ucrypto_cipher_free(c);

	/*
	 * CTR: 2 blocks, then 2 from the counter block plus 2.  A 5-byte
	 * call first checks that no partial block carries over.
	 */
	c = ucrypto_cipher_new(r->uc, UCRYPTO_AES_CTR, ctr->key, 16);
	memcpy(iv, ctr->iv, 16);
	ctr_add(iv, 2);
	pass = c && !ucrypto_encrypt(c, iv, ctr->pt, out, 5) &&
	       !ucrypto_encrypt(c, ctr->iv, ctr->pt, out, 32) &&
	       !ucrypto_encrypt(c, iv, ctr->pt + 32, out + 32, 32);
	ok(pass && !memcmp(out, ctr->ct, 64),
	   "%s: CTR two calls with explicit counter blocks", r->name);
	ucrypto_cipher_free(c);
}

static void fill_random(unsigned char *p, size_t len)
{
	while (len--)
		*p++ = rand_r(&seed);
}

/* Incremental HMAC over random pieces equals the one-shot HMAC. */
static void run_hmac_splits(const struct run *r)
{
	unsigned char key[100], msg[3000], mac[64], ref[64];
	size_t len, off, n, mdlen;
	struct ucrypto_hmac *h;
	int round, alg, pass = 1;

	for (round = 0; pass && round < 40; round++) {
		alg = round % 5;
		mdlen = ucrypto_digest_len(alg);
		fill_random(key, sizeof(key));
		len = rand_r(&seed) % sizeof(msg);
		fill_random(msg, len);
		h = ucrypto_hmac_new(r->uc, alg, key, 1 + round * 2);
		pass = h && !ucrypto_hmac(r->uc, alg, key, 1 + round * 2,
					  msg, len, ref);
		/* Three messages through the same context. */
		for (int rep = 0; pass && rep < 3; rep++) {
			for (off = 0; pass && off < len; off += n) {
				n = 1 + rand_r(&seed) % (len - off);
				pass = !ucrypto_hmac_update(h, msg + off, n);
			}
			pass = pass && !ucrypto_hmac_final(h, mac) &&
			       !memcmp(mac, ref, mdlen);
		}
		ucrypto_hmac_free(h);
	}
	ok(pass, "%s: HMAC context, random splits, reused: equals one-shot",
	   r->name);
}

/* Messages with nothing in them: the empty hash and HMAC. */
static void run_empty(const struct run *r)
{
	unsigned char md[64], ref[64], key[16] = "0123456789abcdef";
	struct ucrypto_hmac *h;
	unsigned int reflen;
	int pass;

	pass = !ucrypto_hash(r->uc, UCRYPTO_SHA256, NULL, 0, md) &&
	       EVP_Digest("", 0, ref, &reflen, EVP_sha256(), NULL) &&
	       !memcmp(md, ref, 32);
	ok(pass, "%s: SHA-256 of the empty message", r->name);
	h = ucrypto_hmac_new(r->uc, UCRYPTO_SHA512, key, sizeof(key));
	pass = h && HMAC(EVP_sha512(), key, sizeof(key), NULL, 0, ref,
			 &reflen) &&
	       !ucrypto_hmac_final(h, md) && !memcmp(md, ref, 64) &&
	       !ucrypto_hmac_update(h, key, 0) &&
	       !ucrypto_hmac_final(h, md) && !memcmp(md, ref, 64);
	ok(pass, "%s: HMAC-SHA-512 final with no data, twice", r->name);
	ucrypto_hmac_free(h);
}

/* Buffers longer than one devcrypto request, against OpenSSL. */
static void run_big(const struct run *r)
{
	static const enum ucrypto_cipher_alg algs[] = {
		UCRYPTO_AES_CBC, UCRYPTO_AES_CTR, UCRYPTO_AES_ECB,
	};
	static const enum kat_cipher_alg refs[] = {
		KAT_AES_CBC, KAT_AES_CTR, KAT_AES_ECB,
	};
	unsigned char key[32], iv[16], md[64], refmd[64];
	unsigned char *in = malloc(BIG_LEN), *out = malloc(BIG_LEN);
	unsigned char *ref = malloc(BIG_LEN);
	struct ucrypto_cipher *c;
	unsigned int mdlen;
	size_t i;
	int pass;

	if (!in || !out || !ref)
		abort();
	fill_random(in, BIG_LEN);
	fill_random(key, sizeof(key));
	fill_random(iv, sizeof(iv));
	for (i = 0; i < N(algs); i++) {
		c = ucrypto_cipher_new(r->uc, algs[i], key, 32);
		pass = c && !ucrypto_encrypt(c, iv, in, out, BIG_LEN) &&
		       !ref_crypt(refs[i], key, 32, iv, 1, in, ref, BIG_LEN) &&
		       !memcmp(out, ref, BIG_LEN) &&
		       !ucrypto_decrypt(c, iv, out, out, BIG_LEN) &&
		       !memcmp(out, in, BIG_LEN);
		ok(pass, "%s: %s of %u bytes matches OpenSSL", r->name,
		   i == 0 ? "CBC" : i == 1 ? "CTR" : "ECB", BIG_LEN);
		ucrypto_cipher_free(c);
	}
	pass = !ucrypto_hash(r->uc, UCRYPTO_SHA384, in, BIG_LEN, md) &&
	       EVP_Digest(in, BIG_LEN, refmd, &mdlen, EVP_sha384(), NULL) &&
	       !memcmp(md, refmd, 48) &&
	       !ucrypto_hmac(r->uc, UCRYPTO_SHA1, key, 20, in, BIG_LEN, md) &&
	       HMAC(EVP_sha1(), key, 20, in, BIG_LEN, refmd, &mdlen) &&
	       !memcmp(md, refmd, 20);
	ok(pass, "%s: SHA-384 and HMAC-SHA-1 of %u bytes match OpenSSL",
	   r->name, BIG_LEN);
	free(in);
	free(out);
	free(ref);
}

static void run_provider(const char *name, int require)
{
	enum ucrypto_provider p;
	struct run r = { .name = name };

	if (ucrypto_provider_parse(name, &p))
		abort();
	r.uc = ucrypto_open(p);
	if (!r.uc && p == UCRYPTO_DEVCRYPTO && !require) {
		skip("no /dev/crypto (open: %s): devcrypto provider",
		     strerror(errno));
		return;
	}
	if (!ok(r.uc != NULL, "%s: open: %s", name,
		r.uc ? ucrypto_provider_name(r.uc) : strerror(errno)))
		return;
	if (p == UCRYPTO_AUTO)
		diag("auto: /dev/crypto %s",
		     strcmp(ucrypto_provider_name(r.uc), "devcrypto") ?
		     "absent, OpenSSL for everything" : "present");
	run_ciphers(&r);
	run_hashes(&r);
	run_hmacs(&r);
	run_errors(&r);
	run_multicall(&r);
	run_hmac_splits(&r);
	run_empty(&r);
	run_big(&r);
	ucrypto_close(r.uc);
}

/* What does not depend on a provider. */
static void run_common(void)
{
	static const char *const names[] = { "auto", "devcrypto", "openssl" };
	unsigned char a[64] = { 0 }, b[64] = { 0 };
	enum ucrypto_provider p;
	size_t i;
	int pass = 1;

	for (i = 0; i < N(names); i++)
		pass &= !ucrypto_provider_parse(names[i], &p) && p == i;
	ok(pass && expect_errno(ucrypto_provider_parse("aes", &p), EINVAL) &&
	   expect_errno(ucrypto_provider_parse("", &p), EINVAL),
	   "provider names parse, others give EINVAL");
	ok(!ucrypto_random(a, sizeof(a)) && !ucrypto_random(b, sizeof(b)) &&
	   memcmp(a, b, sizeof(a)) && !ucrypto_random(NULL, 0),
	   "random: two draws differ");
	memcpy(b, a, sizeof(a));
	pass = !ucrypto_memcmp(a, b, sizeof(a));
	b[63] ^= 1;
	ok(pass && ucrypto_memcmp(a, b, sizeof(a)),
	   "constant-time compare: equal and unequal");
	ok(ucrypto_digest_len(UCRYPTO_SHA1) == 20 &&
	   ucrypto_digest_len(UCRYPTO_SHA512) == 64 &&
	   !ucrypto_digest_len(5) && errno == EINVAL,
	   "digest lengths");
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s %s\n", prog,
		"[--provider=auto|devcrypto|openssl] [--require-devcrypto]");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "provider", required_argument, NULL, 'p' },
		{ "require-devcrypto", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const all[] = { "openssl", "devcrypto", "auto" };
	const char *only = NULL, *env = getenv("UCRYPTO_KAT_SEED");
	enum ucrypto_provider p;
	int opt, require = fake_devcrypto;
	size_t i;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'p' && !ucrypto_provider_parse(optarg, &p))
			only = optarg;
		else if (opt == 'r')
			require = 1;
		else
			usage(argv[0]);
	}
	if (optind != argc)
		usage(argv[0]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_alarm);
	alarm(DEADLINE);
	seed = env ? strtoul(env, NULL, 0) : (unsigned int)getpid();
	diag("UCRYPTO_KAT_SEED=%u", seed);
	if (fake_devcrypto)
		diag("/dev/crypto is the fake of "
		     "tests/fake-devcrypto/fake-devcrypto.c");

	check_ref_ciphers();
	check_ref_aeads();
	check_ref_hashes();
	check_ref_hmacs();
	run_common();
	for (i = 0; i < N(all); i++)
		if (!only || !strcmp(only, all[i]))
			run_provider(all[i], require);
	printf("1..%u\n", tests);
	return failures ? 1 : 0;
}
