/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The crypto the chat needs, on top of the project's crypto library
 * (lib/ucrypto.h): HMAC-SHA256 over several pieces, and per-direction
 * AES-256-CBC and HMAC-SHA256 objects that live as long as a connection.
 * Every function returns 0 (cc_equal: 1 or 0), or -1 with errno set.
 */
#ifndef CC_CRYPTO_H
#define CC_CRYPTO_H

#include <stddef.h>

struct ucrypto_cipher;
struct ucrypto_hmac;

struct cc_piece {
	const void *p;
	size_t n;
};

/* The keys of one direction of a connection. */
struct cc_dir {
	struct ucrypto_cipher *cipher;
	struct ucrypto_hmac *mac;
};

int cc_init(const char *provider);
void cc_exit(void);
/* "devcrypto" or "openssl": who serves the handle. */
const char *cc_provider(void);
int cc_random(void *p, size_t n);
int cc_hmac(const unsigned char *key, size_t keylen,
	    const struct cc_piece *in, int n, unsigned char *out);
int cc_dir_set(struct cc_dir *d, const unsigned char *enc_key,
	       const unsigned char *mac_key);
void cc_dir_free(struct cc_dir *d);
int cc_dir_mac(struct cc_dir *d, const struct cc_piece *in, int n,
	       unsigned char *out);
/* AES-256-CBC without padding; len is a multiple of 16. */
int cc_encrypt(struct cc_dir *d, const unsigned char *iv,
	       const unsigned char *in, unsigned char *out, size_t len);
int cc_decrypt(struct cc_dir *d, const unsigned char *iv,
	       const unsigned char *in, unsigned char *out, size_t len);
/* Constant time: 1 when the n bytes are equal. */
int cc_equal(const void *a, const void *b, size_t n);
void cc_wipe(void *p, size_t n);

#endif
