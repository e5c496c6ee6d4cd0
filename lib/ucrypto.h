/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ucrypto: a small userland crypto library with two providers behind one
 * API: the cryptodev-linux /dev/crypto ioctls, and OpenSSL libcrypto.
 * docs/ucrypto.md describes it.
 *
 * Every function returns -1 (or NULL) with errno set on failure and never
 * prints or exits.  Objects made from a handle must be freed before the
 * handle is closed.  A handle and its objects are not thread-safe.
 */
#ifndef UCRYPTO_H
#define UCRYPTO_H

#include <stddef.h>

enum ucrypto_provider {
	UCRYPTO_AUTO,		/* /dev/crypto per object when it works */
	UCRYPTO_DEVCRYPTO,	/* /dev/crypto only */
	UCRYPTO_OPENSSL,	/* OpenSSL libcrypto only */
};

enum ucrypto_cipher_alg {
	UCRYPTO_AES_CBC,	/* len % 16 == 0, 16-byte IV */
	UCRYPTO_AES_CTR,	/* any len, 16-byte initial counter block */
	UCRYPTO_AES_ECB,	/* len % 16 == 0, no IV */
};

enum ucrypto_hash_alg {
	UCRYPTO_SHA1,
	UCRYPTO_SHA224,
	UCRYPTO_SHA256,
	UCRYPTO_SHA384,
	UCRYPTO_SHA512,
};

#define UCRYPTO_AES_BLOCK_LEN	16
#define UCRYPTO_IV_LEN		16
#define UCRYPTO_MAX_DIGEST_LEN	64
#define UCRYPTO_MAX_HMAC_KEY_LEN 512	/* the cryptodev-linux limit */

struct ucrypto;
struct ucrypto_cipher;
struct ucrypto_hmac;

/* "auto", "devcrypto" or "openssl"; -1/EINVAL for anything else. */
int ucrypto_provider_parse(const char *name, enum ucrypto_provider *out);

/*
 * UCRYPTO_DEVCRYPTO fails (errno from open(2)) without /dev/crypto;
 * UCRYPTO_AUTO never fails for that reason.
 */
struct ucrypto *ucrypto_open(enum ucrypto_provider provider);
void ucrypto_close(struct ucrypto *uc);

/* "devcrypto" if the handle has /dev/crypto open, else "openssl". */
const char *ucrypto_provider_name(const struct ucrypto *uc);

/*
 * Ciphers.  keylen is 16, 24 or 32 (else EINVAL).  iv is 16 bytes for CBC
 * and CTR and ignored for ECB; each call starts from the iv it is given
 * (to chain, pass the last ciphertext block for CBC, or the next counter
 * for CTR).  CBC and ECB need len % 16 == 0 (else EINVAL).  in and out
 * may be the same buffer.
 */
struct ucrypto_cipher *ucrypto_cipher_new(struct ucrypto *uc,
					  enum ucrypto_cipher_alg alg,
					  const void *key, size_t keylen);
int ucrypto_encrypt(struct ucrypto_cipher *c, const void *iv,
		    const void *in, void *out, size_t len);
int ucrypto_decrypt(struct ucrypto_cipher *c, const void *iv,
		    const void *in, void *out, size_t len);
void ucrypto_cipher_free(struct ucrypto_cipher *c);
/* The provider serving this object: "devcrypto" or "openssl". */
const char *ucrypto_cipher_provider(const struct ucrypto_cipher *c);

/* Digest length of alg in bytes; 0 with EINVAL for an unknown alg. */
size_t ucrypto_digest_len(enum ucrypto_hash_alg alg);

/* One-shot hash and HMAC; out gets ucrypto_digest_len(alg) bytes. */
int ucrypto_hash(struct ucrypto *uc, enum ucrypto_hash_alg alg,
		 const void *in, size_t len, void *out);
int ucrypto_hmac(struct ucrypto *uc, enum ucrypto_hash_alg alg,
		 const void *key, size_t keylen,
		 const void *in, size_t len, void *out);

/*
 * Incremental HMAC.  keylen is 1..UCRYPTO_MAX_HMAC_KEY_LEN.  After
 * ucrypto_hmac_final() the context starts a new message with the same
 * key, so one context can MAC many records.
 */
struct ucrypto_hmac *ucrypto_hmac_new(struct ucrypto *uc,
				      enum ucrypto_hash_alg alg,
				      const void *key, size_t keylen);
int ucrypto_hmac_update(struct ucrypto_hmac *h, const void *in, size_t len);
int ucrypto_hmac_final(struct ucrypto_hmac *h, void *out);
void ucrypto_hmac_free(struct ucrypto_hmac *h);
const char *ucrypto_hmac_provider(const struct ucrypto_hmac *h);

/* len random bytes from getrandom(2) (/dev/crypto has no RNG). */
int ucrypto_random(void *buf, size_t len);

/* Constant-time comparison: 0 when the len bytes are equal. */
int ucrypto_memcmp(const void *a, const void *b, size_t len);

#endif /* UCRYPTO_H */
