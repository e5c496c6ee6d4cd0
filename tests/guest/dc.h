/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the in-guest /dev/crypto tests: the algorithms under test,
 * thin wrappers over the cryptodev ioctls (dc.c), and an OpenSSL reference
 * that computes what the device must return (ref.c).
 */
#ifndef VCD_TEST_DC_H
#define VCD_TEST_DC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <crypto/cryptodev.h>

struct dc_alg {
	const char *name;	/* cra_name CIOCGSESSINFO reports */
	uint32_t cipher;	/* cryptodev id, 0 = none */
	uint32_t mac;		/* cryptodev id, 0 = none */
	unsigned int keylen, mackeylen;
	unsigned int blocksize, ivsize, digestsize;
	const char *evp_cipher;	/* OpenSSL names, NULL = none */
	const char *evp_md;
	bool hmac, aead, chains;
};

extern const struct dc_alg dc_algs[];
const struct dc_alg *dc_alg(const char *name);

/* The device node under test: $DEVCRYPTO, else /dev/crypto. */
const char *dc_path(void);
int dc_open(void);
/* $VCD_REQUIRE set: a missing device fails the tests, not skips them. */
bool dc_required(void);

/* Ioctl wrappers: the ioctl's result, -1 with errno on failure. */
int dc_session(int fd, const struct dc_alg *a, const uint8_t *key,
	       const uint8_t *mackey, uint32_t *ses);
int dc_free(int fd, uint32_t ses);
int dc_crypt(int fd, uint32_t ses, int op, uint16_t flags, const void *src,
	     void *dst, uint32_t len, void *iv, void *mac);
int dc_aead(int fd, uint32_t ses, int op, const void *aad, uint32_t aadlen,
	    const void *src, void *dst, uint32_t *len, uint32_t taglen,
	    void *iv);

/*
 * ref.c: OpenSSL's answer for one whole operation: cipher and/or (H)MAC of the
 * plaintext, like a cryptodev cipher+MAC session.  0, or -1.
 */
int ref_crypt(const struct dc_alg *a, const uint8_t *key,
	      const uint8_t *mackey, const uint8_t *iv, const uint8_t *src,
	      size_t len, uint8_t *dst, uint8_t *mac, bool encrypt);
/*
 * Whether OpenSSL here computes @a: the guest's static libcrypto has no
 * legacy provider (DES, Blowfish, CAST5, RC4), whose algorithms are
 * checked against known answers only.
 */
bool ref_has(const struct dc_alg *a);
int ref_gcm(const uint8_t *key, unsigned int keylen, const uint8_t *iv,
	    const uint8_t *aad, size_t aadlen, const uint8_t *src, size_t len,
	    uint8_t *dst, uint8_t *tag, unsigned int taglen);

#define REF_TLS_BAD_MAC		1
#define REF_TLS_BAD_PAD		2
#define REF_TLS_LONG_PAD	3
long ref_tls(const char *evp_cipher, unsigned int bs, const char *evp_md,
	     const uint8_t *key, const uint8_t *mackey, size_t mackeylen,
	     const uint8_t *iv, const uint8_t *aad, size_t aadlen,
	     const uint8_t *src, size_t len, unsigned int taglen, int corrupt,
	     uint8_t *rec);
int ref_srtp(const uint8_t *key, const uint8_t *mackey, size_t mackeylen,
	     const uint8_t *iv, uint8_t *pkt, size_t hdrlen, size_t len,
	     uint8_t *tag, unsigned int taglen);

/* Our module's parameter NAME in sysfs: its value, or -1; 0 or -1. */
long dc_param_read(const char *name);
int dc_param_write(const char *name, long v);

/*
 * Load our module from $VCD_KO, else /lib/modules/$(uname -r)/extra/, or
 * unload it without waiting (EWOULDBLOCK while it is in use): 0, or -1.
 */
int dc_module_load(void);
int dc_module_unload(void);

size_t hex2bin(const char *hex, uint8_t *out, size_t max);
void fill_random(void *buf, size_t len, unsigned int *seed);

#endif /* VCD_TEST_DC_H */
