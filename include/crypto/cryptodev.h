/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cryptodev-linux userspace ABI, version 1.14.
 *
 * Every ioctl number, struct layout, enum value and flag here matches
 * cryptodev-linux's crypto/cryptodev.h, so that programs written for it
 * work unchanged against our /dev/crypto.  The guest driver, the
 * crypto library and the host engine all include this one header.
 *
 * The layouts are checked at compile time on x86_64 at the end of the
 * file; see docs/cryptodev-abi.md for where each fact comes from.
 */
#ifndef CRYPTO_CRYPTODEV_H
#define CRYPTO_CRYPTODEV_H

#include <linux/types.h>
#include <linux/ioctl.h>
#ifdef __KERNEL__
#include <linux/stddef.h>
#else
#include <stddef.h>
#endif

/* Algorithms.  Values 101..109 follow on implicitly from 101. */
enum cryptodev_crypto_op_t {
	CRYPTO_DES_CBC = 1,
	CRYPTO_3DES_CBC = 2,
	CRYPTO_BLF_CBC = 3,
	CRYPTO_CAST_CBC = 4,
	CRYPTO_SKIPJACK_CBC = 5,
	CRYPTO_MD5_HMAC = 6,
	CRYPTO_SHA1_HMAC = 7,
	CRYPTO_RIPEMD160_HMAC = 8,
	CRYPTO_MD5_KPDK = 9,
	CRYPTO_SHA1_KPDK = 10,
	CRYPTO_RIJNDAEL128_CBC = 11,
	CRYPTO_AES_CBC = CRYPTO_RIJNDAEL128_CBC,
	CRYPTO_ARC4 = 12,
	CRYPTO_MD5 = 13,
	CRYPTO_SHA1 = 14,
	CRYPTO_DEFLATE_COMP = 15,
	CRYPTO_NULL = 16,
	CRYPTO_LZS_COMP = 17,
	CRYPTO_SHA2_256_HMAC = 18,
	CRYPTO_SHA2_384_HMAC = 19,
	CRYPTO_SHA2_512_HMAC = 20,
	CRYPTO_AES_CTR = 21,
	CRYPTO_AES_XTS = 22,
	CRYPTO_AES_ECB = 23,
	CRYPTO_AES_CFB = 24,
	CRYPTO_AES_OFB = 25,
	CRYPTO_AES_GCM = 50,
	CRYPTO_AES_CCM = 51,

	CRYPTO_CAMELLIA_CBC = 101,
	CRYPTO_RIPEMD160,
	CRYPTO_SHA2_224,
	CRYPTO_SHA2_256,
	CRYPTO_SHA2_384,
	CRYPTO_SHA2_512,
	CRYPTO_SHA2_224_HMAC,
	CRYPTO_TLS11_AES_CBC_HMAC_SHA1,
	CRYPTO_TLS12_AES_CBC_HMAC_SHA256,
	CRYPTO_ALGORITHM_ALL, /* keep last */
};

#define CRYPTO_ALGORITHM_MAX (CRYPTO_ALGORITHM_ALL - 1)

/* Limits and sizes. */
#define CRYPTO_HMAC_MAX_KEY_LEN		512
#define CRYPTO_CIPHER_MAX_KEY_LEN	64
#define DES_BLOCK_LEN			8
#define DES3_BLOCK_LEN			8
#define RIJNDAEL128_BLOCK_LEN		16
#define AES_BLOCK_LEN			RIJNDAEL128_BLOCK_LEN
#define CAMELLIA_BLOCK_LEN		16
#define BLOWFISH_BLOCK_LEN		8
#define SKIPJACK_BLOCK_LEN		8
#define CAST128_BLOCK_LEN		8
#define EALG_MAX_BLOCK_LEN		16
#define AALG_MAX_RESULT_LEN		64
#define HASH_MAX_LEN			64
#define CRYPTODEV_MAX_ALG_NAME		64

/* CIOCGSESSION: create a session. */
struct session_op {
	__u32	cipher;		/* enum cryptodev_crypto_op_t, 0 = none */
	__u32	mac;		/* enum cryptodev_crypto_op_t, 0 = none */

	__u32	keylen;
	__u8	*key;
	__u32	mackeylen;
	__u8	*mackey;

	__u32	ses;		/* out: session id */
};

struct alg_info {
	char	cra_name[CRYPTODEV_MAX_ALG_NAME];
	char	cra_driver_name[CRYPTODEV_MAX_ALG_NAME];
};

/* CIOCGSESSINFO: describe a session. */
struct session_info_op {
	__u32	ses;		/* in */
	struct alg_info cipher_info;
	struct alg_info hash_info;
	__u16	alignmask;
	__u32	flags;		/* SIOP_FLAG_* */
};

#define SIOP_FLAG_KERNEL_DRIVER_ONLY	1

#define COP_ENCRYPT	0
#define COP_DECRYPT	1

/* CIOCCRYPT: one cipher and/or hash operation. */
struct crypt_op {
	__u32	ses;
	__u16	op;		/* COP_ENCRYPT or COP_DECRYPT */
	__u16	flags;		/* COP_FLAG_* */
	__u32	len;		/* bytes at src */
	__u8	*src;
	__u8	*dst;
	__u8	*mac;		/* digest out */
	__u8	*iv;
};

/* CIOCAUTHCRYPT: one AEAD operation. */
struct crypt_auth_op {
	__u32	ses;
	__u16	op;
	__u16	flags;
	__u32	len;		/* in: bytes at src; out: bytes at dst */
	__u32	auth_len;	/* bytes of AAD at auth_src */
	__u8	*auth_src;
	__u8	*src;
	__u8	*dst;
	__u8	*tag;
	__u32	tag_len;	/* 0 = the algorithm's full tag */
	__u8	*iv;
	__u32	iv_len;
};

#define COP_FLAG_NONE		(0 << 0)
#define COP_FLAG_UPDATE		(1 << 0)
#define COP_FLAG_FINAL		(1 << 1)
#define COP_FLAG_WRITE_IV	(1 << 2)
#define COP_FLAG_NO_ZC		(1 << 3)
#define COP_FLAG_AEAD_TLS_TYPE	(1 << 4)
#define COP_FLAG_AEAD_SRTP_TYPE	(1 << 5)
#define COP_FLAG_RESET		(1 << 6)

/* Asymmetric operations: declared for ABI completeness, never served. */
struct crparam {
	__u8	*crp_p;
	__u32	crp_nbits;
};

#define CRK_MAXPARAM	8

struct crypt_kop {
	__u32	crk_op;
	__u32	crk_status;
	__u16	crk_iparams;
	__u16	crk_oparams;
	__u32	crk_pad1;
	struct crparam crk_param[CRK_MAXPARAM];
};

enum cryptodev_crk_op_t {
	CRK_MOD_EXP = 0,
	CRK_MOD_EXP_CRT = 1,
	CRK_DSA_SIGN = 2,
	CRK_DSA_VERIFY = 3,
	CRK_DH_COMPUTE_KEY = 4,
	CRK_ALGORITHM_ALL
};

#define CRK_ALGORITHM_MAX	(CRK_ALGORITHM_ALL - 1)

#define CRF_MOD_EXP		(1 << CRK_MOD_EXP)
#define CRF_MOD_EXP_CRT		(1 << CRK_MOD_EXP_CRT)
#define CRF_DSA_SIGN		(1 << CRK_DSA_SIGN)
#define CRF_DSA_VERIFY		(1 << CRK_DSA_VERIFY)
#define CRF_DH_COMPUTE_KEY	(1 << CRK_DH_COMPUTE_KEY)

#define CRYPTO_ALG_FLAG_SUPPORTED	1
#define CRYPTO_ALG_FLAG_RNG_ENABLE	2
#define CRYPTO_ALG_FLAG_DSA_SHA		4

/* CIOCCPHASH: copy hash state between two sessions of one file. */
struct cphash_op {
	__u32	dst_ses;
	__u32	src_ses;
};

#define CRIOGET_NOT_NEEDED 1

#define CRIOGET		_IOWR('c', 101, __u32)
#define CIOCGSESSION	_IOWR('c', 102, struct session_op)
#define CIOCFSESSION	_IOW('c', 103, __u32)
#define CIOCCRYPT	_IOWR('c', 104, struct crypt_op)
#define CIOCKEY		_IOWR('c', 105, struct crypt_kop)
#define CIOCASYMFEAT	_IOR('c', 106, __u32)
#define CIOCGSESSINFO	_IOWR('c', 107, struct session_info_op)
#define CIOCAUTHCRYPT	_IOWR('c', 109, struct crypt_auth_op)
#define CIOCASYNCCRYPT	_IOW('c', 110, struct crypt_op)
#define CIOCASYNCFETCH	_IOR('c', 111, struct crypt_op)
#define CIOCCPHASH	_IOW('c', 112, struct cphash_op)

/*
 * The layouts above are the ABI.  On x86_64 check every size and offset
 * that a program compiled against cryptodev-linux relies on.
 */
#if defined(__x86_64__)
#define CRYPTODEV_ABI_CHECK(expr) _Static_assert(expr, #expr)

CRYPTODEV_ABI_CHECK(sizeof(struct session_op) == 48);
CRYPTODEV_ABI_CHECK(offsetof(struct session_op, keylen) == 8);
CRYPTODEV_ABI_CHECK(offsetof(struct session_op, key) == 16);
CRYPTODEV_ABI_CHECK(offsetof(struct session_op, mackeylen) == 24);
CRYPTODEV_ABI_CHECK(offsetof(struct session_op, mackey) == 32);
CRYPTODEV_ABI_CHECK(offsetof(struct session_op, ses) == 40);

CRYPTODEV_ABI_CHECK(sizeof(struct session_info_op) == 268);
CRYPTODEV_ABI_CHECK(offsetof(struct session_info_op, cipher_info) == 4);
CRYPTODEV_ABI_CHECK(offsetof(struct session_info_op, hash_info) == 132);
CRYPTODEV_ABI_CHECK(offsetof(struct session_info_op, alignmask) == 260);
CRYPTODEV_ABI_CHECK(offsetof(struct session_info_op, flags) == 264);

CRYPTODEV_ABI_CHECK(sizeof(struct crypt_op) == 48);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_op, op) == 4);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_op, flags) == 6);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_op, len) == 8);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_op, src) == 16);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_op, dst) == 24);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_op, mac) == 32);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_op, iv) == 40);

CRYPTODEV_ABI_CHECK(sizeof(struct crypt_auth_op) == 72);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_auth_op, auth_len) == 12);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_auth_op, auth_src) == 16);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_auth_op, src) == 24);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_auth_op, dst) == 32);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_auth_op, tag) == 40);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_auth_op, tag_len) == 48);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_auth_op, iv) == 56);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_auth_op, iv_len) == 64);

CRYPTODEV_ABI_CHECK(sizeof(struct crparam) == 16);
CRYPTODEV_ABI_CHECK(sizeof(struct crypt_kop) == 144);
CRYPTODEV_ABI_CHECK(offsetof(struct crypt_kop, crk_param) == 16);
CRYPTODEV_ABI_CHECK(sizeof(struct cphash_op) == 8);

CRYPTODEV_ABI_CHECK(CRIOGET == 0xc0046365);
CRYPTODEV_ABI_CHECK(CIOCGSESSION == 0xc0306366);
CRYPTODEV_ABI_CHECK(CIOCFSESSION == 0x40046367);
CRYPTODEV_ABI_CHECK(CIOCCRYPT == 0xc0306368);
CRYPTODEV_ABI_CHECK(CIOCKEY == 0xc0906369);
CRYPTODEV_ABI_CHECK(CIOCASYMFEAT == 0x8004636a);
CRYPTODEV_ABI_CHECK(CIOCGSESSINFO == 0xc10c636b);
CRYPTODEV_ABI_CHECK(CIOCAUTHCRYPT == 0xc048636d);
CRYPTODEV_ABI_CHECK(CIOCASYNCCRYPT == 0x4030636e);
CRYPTODEV_ABI_CHECK(CIOCASYNCFETCH == 0x8030636f);
CRYPTODEV_ABI_CHECK(CIOCCPHASH == 0x40086370);

CRYPTODEV_ABI_CHECK(CRYPTO_SHA2_512 == 106);
CRYPTODEV_ABI_CHECK(CRYPTO_TLS12_AES_CBC_HMAC_SHA256 == 109);
CRYPTODEV_ABI_CHECK(CRYPTO_ALGORITHM_MAX == 109);

#undef CRYPTODEV_ABI_CHECK
#endif /* __x86_64__ */

#endif /* CRYPTO_CRYPTODEV_H */
