/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Known-answer test vectors shared by every test of the project: the
 * ucrypto tests (tests/lib), the device core unit tests, the QEMU qtests
 * and the in-guest tests.  Plain C data with no dependencies: link
 * vectors.c and include this header.
 *
 * Every table entry names its source.  All byte strings are raw bytes; a
 * pointer is NULL exactly when its length is 0.  tests/lib/ucrypto-kat
 * checks every entry of the AES/SHA tables against OpenSSL, and the
 * device core's known-answer test (openssl engine) every kat_more_*
 * entry, so a mistyped vector fails there.
 */
#ifndef KAT_VECTORS_H
#define KAT_VECTORS_H

#include <stddef.h>

enum kat_cipher_alg {
	KAT_AES_ECB,
	KAT_AES_CBC,
	KAT_AES_CTR,
	KAT_AES_XTS,
	/* kat_more_ciphers only */
	KAT_NULL,
	KAT_DES_CBC,
	KAT_3DES_CBC,
	KAT_BF_CBC,
	KAT_CAST5_CBC,
	KAT_ARC4,
	KAT_CAMELLIA_CBC,
};

enum kat_hash_alg {
	KAT_SHA1,
	KAT_SHA224,
	KAT_SHA256,
	KAT_SHA384,
	KAT_SHA512,
	/* kat_more_hashes and kat_more_hmacs only */
	KAT_MD5,
	KAT_RIPEMD160,
};

/*
 * A cipher vector: pt encrypts to ct and ct decrypts to pt, len bytes
 * each, in one call from iv.
 *   ECB: no iv (NULL, 0).
 *   CBC: a 16-byte IV.
 *   CTR: the 16-byte initial counter block (big-endian increment).
 *   XTS: key is Key1 || Key2 (32 or 64 bytes); iv is the 16-byte tweak,
 *        the data unit sequence number in little-endian, as cryptodev
 *        (xts(aes)) and OpenSSL take it.
 */
struct kat_cipher {
	const char *name;
	enum kat_cipher_alg alg;
	const unsigned char *key;
	size_t key_len;
	const unsigned char *iv;
	size_t iv_len;
	const unsigned char *pt;
	const unsigned char *ct;
	size_t len;
};

/* AES-GCM: encrypting pt with aad gives ct and the tag_len-byte tag. */
struct kat_aead {
	const char *name;
	const unsigned char *key;
	size_t key_len;
	const unsigned char *iv;
	size_t iv_len;		/* 12, or 8 and 60 (test cases 5, 6, 17, 18) */
	const unsigned char *aad;
	size_t aad_len;
	const unsigned char *pt;
	const unsigned char *ct;
	size_t len;
	const unsigned char *tag;
	size_t tag_len;
};

/*
 * A hash of a len-byte message.  msg is NULL for the long messages, which
 * are len copies of the byte fill (FIPS 180's one million 'a'):
 * kat_msg_dup() builds any message.
 */
struct kat_hash {
	const char *name;
	enum kat_hash_alg alg;
	const unsigned char *msg;
	size_t len;
	unsigned char fill;
	const unsigned char *digest;
	size_t digest_len;
};

/*
 * HMAC of data under key.  mac_len is less than the digest length for
 * the truncated cases (RFC 4231 case 5: 16 bytes; RFC 2202 case 5: 12):
 * compare the first mac_len bytes.
 */
struct kat_hmac {
	const char *name;
	enum kat_hash_alg alg;
	const unsigned char *key;
	size_t key_len;
	const unsigned char *data;
	size_t data_len;
	const unsigned char *mac;
	size_t mac_len;
};

/*
 * SP 800-38A ECB/CBC/CTR (AES-128/192/256); IEEE 1619 XTS vectors 2 and 3
 * (XTS-AES-128) and 10 (XTS-AES-256).  Vector 1 is left out: its two key
 * halves are equal, which OpenSSL 3 refuses for XTS.
 */
extern const struct kat_cipher kat_ciphers[];
extern const size_t kat_ciphers_count;
/* GCM spec test cases 1-6 (AES-128) and 13-18 (AES-256). */
extern const struct kat_aead kat_aeads[];
extern const size_t kat_aeads_count;
/* FIPS 180 examples: "abc", the two-block message, one million 'a'. */
extern const struct kat_hash kat_hashes[];
extern const size_t kat_hashes_count;
/* RFC 4231 cases 1-7 (SHA-224/256/384/512), RFC 2202 cases 1-7 (SHA-1). */
extern const struct kat_hmac kat_hmacs[];
extern const size_t kat_hmacs_count;

/*
 * The rest of the cryptodev ABI's algorithms (vectors-more.c): the NULL
 * cipher, FIPS 81 DES-CBC, a TDES-CBC example, Blowfish-CBC, RFC 2144
 * CAST5, RFC 6229 ARC4 (a keystream: pt is zeros, no IV), RFC 3713
 * Camellia; RFC 1321 MD5 and RIPEMD-160 digests; RFC 2202 HMAC-MD5 and
 * RFC 2286 HMAC-RIPEMD160.  Kept apart from the tables above, whose
 * users (ucrypto, the qtests) serve AES and SHA only.
 */
extern const struct kat_cipher kat_more_ciphers[];
extern const size_t kat_more_ciphers_count;
extern const struct kat_hash kat_more_hashes[];
extern const size_t kat_more_hashes_count;
extern const struct kat_hmac kat_more_hmacs[];
extern const size_t kat_more_hmacs_count;

/* Full digest length of alg in bytes, 0 for an unknown alg. */
size_t kat_digest_len(enum kat_hash_alg alg);
/* "SHA-256" and so on, NULL for an unknown alg. */
const char *kat_hash_name(enum kat_hash_alg alg);
/* A malloc'd copy of v's message (free() it), NULL when out of memory. */
unsigned char *kat_msg_dup(const struct kat_hash *v);

/*
 * CIOCAUTHCRYPT's TLS mode (COP_FLAG_AEAD_TLS_TYPE) on a cipher + HMAC
 * session: rec = E_iv(pt || HMAC(aad || pt)[0..tag_len) || pad), the pad
 * being n bytes of value n - 1 up to the next whole block.  bad: rec was
 * spoilt (MAC or pad) before encryption, so decrypting it is EBADMSG.
 * Computed by OpenSSL (tests/vectors/gen/gen-authenc.c); iv is one block.
 */
struct kat_tls {
	const char *name;
	enum kat_cipher_alg alg;	/* KAT_AES_CBC or KAT_3DES_CBC */
	enum kat_hash_alg mac;		/* HMAC: KAT_SHA1 or KAT_SHA256 */
	const unsigned char *key;
	size_t key_len;
	const unsigned char *mackey;
	size_t mackey_len;
	const unsigned char *iv;
	const unsigned char *aad;
	size_t aad_len;
	const unsigned char *pt;
	size_t len;
	const unsigned char *rec;
	size_t rec_len;
	size_t tag_len;
	int bad;
};

/*
 * Its SRTP mode (COP_FLAG_AEAD_SRTP_TYPE), AES-128-CTR + HMAC-SHA1: the
 * packet pt (hdr_len bytes of header, then len of payload) becomes ct,
 * its payload encrypted from the counter block iv, and tag is
 * HMAC(ct)[0..tag_len).
 */
struct kat_srtp {
	const char *name;
	const unsigned char *key;	/* 16 bytes */
	const unsigned char *mackey;
	size_t mackey_len;
	const unsigned char *iv;	/* 16 bytes */
	const unsigned char *pt;
	const unsigned char *ct;
	size_t hdr_len;
	size_t len;
	const unsigned char *tag;
	size_t tag_len;
};

extern const struct kat_tls kat_tls[];
extern const size_t kat_tls_count;
extern const struct kat_srtp kat_srtp[];
extern const size_t kat_srtp_count;

#endif /* KAT_VECTORS_H */
