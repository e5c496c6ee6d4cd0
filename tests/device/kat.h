/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Known-answer vectors for every algorithm of the protocol, as hex
 * strings: NIST SP 800-38A (AES ECB/CBC/CTR), IEEE 1619 (XTS), the GCM
 * spec (McGrew-Viega test cases), FIPS 180 "abc" examples (SHA),
 * RFC 2202 / RFC 4231 test case 2 (HMAC).
 */
#ifndef TESTS_DEVICE_KAT_H
#define TESTS_DEVICE_KAT_H

#include <stdint.h>

struct kat_cipher {
	const char *name;
	uint32_t alg;		/* enum virtio_cryptodev_cipher */
	const char *key, *iv, *aad, *pt, *ct, *tag;	/* hex, aad/tag GCM */
};

struct kat_hash {
	const char *name;
	uint32_t alg;		/* enum virtio_cryptodev_hash */
	const char *key;	/* hex, NULL: plain hash */
	const char *msg;	/* text */
	const char *digest;	/* hex */
};

extern const struct kat_cipher kat_ciphers[];
extern const unsigned int kat_ciphers_n;
extern const struct kat_hash kat_hashes[];
extern const unsigned int kat_hashes_n;

/* Decode hex into @out (at most @max bytes); returns the length. */
unsigned int kat_unhex(const char *hex, uint8_t *out, unsigned int max);

#endif
