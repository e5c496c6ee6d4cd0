/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ucrypto internals: the objects and the provider ops table.  The common
 * code (ucrypto.c) validates arguments, picks a provider per object and
 * calls it; a provider only talks to its backend.
 */
#ifndef UCRYPTO_INT_H
#define UCRYPTO_INT_H

#include <stdint.h>
#include "ucrypto.h"

struct ucrypto {
	enum ucrypto_provider provider;	/* as asked for */
	int fd;				/* /dev/crypto, or -1 */
	size_t dc_chunk;		/* longest CIOCCRYPT that worked */
};

struct ucrypto_cipher {
	struct ucrypto *uc;
	const struct ucrypto_ops *ops;
	enum ucrypto_cipher_alg alg;
	uint32_t ses;			/* devcrypto session */
	void *enc, *dec;		/* openssl contexts */
};

/* A plain hash when key is NULL, else an HMAC. */
struct ucrypto_hmac {
	struct ucrypto *uc;
	const struct ucrypto_ops *ops;
	enum ucrypto_hash_alg alg;
	int keyed;
	int started;			/* an update since the last final */
	uint32_t ses;			/* devcrypto session */
	void *ctx;			/* openssl context */
};

struct ucrypto_ops {
	const char *name;
	int (*cipher_init)(struct ucrypto_cipher *c,
			   const void *key, size_t keylen);
	int (*cipher_crypt)(struct ucrypto_cipher *c, int encrypt,
			    const void *iv, const void *in, void *out,
			    size_t len);
	void (*cipher_free)(struct ucrypto_cipher *c);
	int (*hmac_init)(struct ucrypto_hmac *h,
			 const void *key, size_t keylen);
	int (*hmac_update)(struct ucrypto_hmac *h, const void *in,
			   size_t len);
	int (*hmac_final)(struct ucrypto_hmac *h, void *out);
	/* Whole message on a fresh context: update + final in one go. */
	int (*hmac_oneshot)(struct ucrypto_hmac *h, const void *in,
			    size_t len, void *out);
	void (*hmac_free)(struct ucrypto_hmac *h);
};

extern const struct ucrypto_ops ucrypto_devcrypto_ops;
extern const struct ucrypto_ops ucrypto_openssl_ops;

/* Bounds of the CIOCCRYPT length that the devcrypto provider uses. */
#define UCRYPTO_DC_CHUNK_MAX	(1u << 20)
#define UCRYPTO_DC_CHUNK_MIN	4096u

#endif /* UCRYPTO_INT_H */
