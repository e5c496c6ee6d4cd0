// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ucrypto provider: the cryptodev-linux ioctls on /dev/crypto
 * (include/crypto/cryptodev.h).  Each object owns one session for its
 * whole life.  An incremental hash or HMAC runs on that session with
 * COP_FLAG_RESET|COP_FLAG_UPDATE for the first piece, COP_FLAG_UPDATE for
 * the others and COP_FLAG_FINAL to get the digest.
 *
 * A device may cap the length of one request (the virtio-cryptodev
 * driver answers EINVAL past its max_data_len, which can be as low as
 * 4096), so long buffers go in pieces of uc->dc_chunk bytes.  A piece
 * longer than UCRYPTO_DC_CHUNK_MIN that fails with EINVAL shrinks
 * dc_chunk to half its length and is retried; ciphers carry the IV
 * between pieces with COP_FLAG_WRITE_IV.  Errors keep the ioctl's errno.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <crypto/cryptodev.h>

#include "ucrypto-int.h"

static const __u32 dc_ciphers[] = {
	[UCRYPTO_AES_CBC] = CRYPTO_AES_CBC,
	[UCRYPTO_AES_CTR] = CRYPTO_AES_CTR,
	[UCRYPTO_AES_ECB] = CRYPTO_AES_ECB,
};

/* [alg][keyed] */
static const __u32 dc_macs[][2] = {
	[UCRYPTO_SHA1]   = { CRYPTO_SHA1,     CRYPTO_SHA1_HMAC },
	[UCRYPTO_SHA224] = { CRYPTO_SHA2_224, CRYPTO_SHA2_224_HMAC },
	[UCRYPTO_SHA256] = { CRYPTO_SHA2_256, CRYPTO_SHA2_256_HMAC },
	[UCRYPTO_SHA384] = { CRYPTO_SHA2_384, CRYPTO_SHA2_384_HMAC },
	[UCRYPTO_SHA512] = { CRYPTO_SHA2_512, CRYPTO_SHA2_512_HMAC },
};

static int dc_session(struct ucrypto *uc, struct session_op *sop,
		      uint32_t *ses)
{
	if (ioctl(uc->fd, CIOCGSESSION, sop))
		return -1;
	*ses = sop->ses;
	return 0;
}

static void dc_session_free(struct ucrypto *uc, uint32_t ses)
{
	ioctl(uc->fd, CIOCFSESSION, &ses);
}

/*
 * A request of n bytes failed.  If that was EINVAL and n can shrink, make
 * the piece size half of n (whole AES blocks, at least
 * UCRYPTO_DC_CHUNK_MIN) and return 0 to retry; else -1, errno kept.
 */
static int dc_shrink(struct ucrypto *uc, size_t n)
{
	size_t half = (n / 2) & ~(size_t)(UCRYPTO_AES_BLOCK_LEN - 1);

	if (errno != EINVAL || n <= UCRYPTO_DC_CHUNK_MIN)
		return -1;
	uc->dc_chunk = half > UCRYPTO_DC_CHUNK_MIN ? half :
						     UCRYPTO_DC_CHUNK_MIN;
	return 0;
}

/*
 * Run cop over len bytes from cop->src, in pieces no longer than
 * uc->dc_chunk.  first_flags go with the first piece, more_flags with
 * the others, and the last piece also gets last_flags.  With a cipher,
 * COP_FLAG_WRITE_IV carries the IV from one piece to the next.
 */
static int dc_run(struct ucrypto *uc, struct crypt_op *cop, size_t len,
		  __u16 first_flags, __u16 more_flags, __u16 last_flags)
{
	__u16 flags = first_flags;
	size_t n;

	for (;;) {
		n = len < uc->dc_chunk ? len : uc->dc_chunk;
		cop->len = n;
		cop->flags = flags;
		if (n == len)
			cop->flags |= last_flags;
		else if (cop->iv)
			cop->flags |= COP_FLAG_WRITE_IV;
		if (ioctl(uc->fd, CIOCCRYPT, cop)) {
			if (dc_shrink(uc, n))
				return -1;
			continue;
		}
		if (n == len)
			return 0;
		cop->src += n;
		if (cop->dst)
			cop->dst += n;
		len -= n;
		flags = more_flags;
	}
}

/* ---- ciphers ---- */

static int dc_cipher_init(struct ucrypto_cipher *c,
			  const void *key, size_t keylen)
{
	struct session_op sop = {
		.cipher = dc_ciphers[c->alg],
		.keylen = keylen,
		.key = (__u8 *)key,
	};

	return dc_session(c->uc, &sop, &c->ses);
}

static int dc_cipher_crypt(struct ucrypto_cipher *c, int encrypt,
			   const void *iv, const void *in, void *out,
			   size_t len)
{
	unsigned char ivbuf[UCRYPTO_IV_LEN];
	struct crypt_op cop = {
		.ses = c->ses,
		.op = encrypt ? COP_ENCRYPT : COP_DECRYPT,
		.src = (__u8 *)in,
		.dst = out,
	};

	/* A private copy: COP_FLAG_WRITE_IV writes the next IV into it. */
	if (iv) {
		memcpy(ivbuf, iv, sizeof(ivbuf));
		cop.iv = ivbuf;
	}
	return dc_run(c->uc, &cop, len, 0, 0, 0);
}

static void dc_cipher_free(struct ucrypto_cipher *c)
{
	dc_session_free(c->uc, c->ses);
}

/* ---- hash and HMAC ---- */

static int dc_hmac_init(struct ucrypto_hmac *h,
			const void *key, size_t keylen)
{
	struct session_op sop = {
		.mac = dc_macs[h->alg][h->keyed],
		.mackeylen = keylen,
		.mackey = (__u8 *)key,
	};

	return dc_session(h->uc, &sop, &h->ses);
}

static int dc_hmac_update(struct ucrypto_hmac *h, const void *in,
			  size_t len)
{
	struct crypt_op cop = { .ses = h->ses, .src = (__u8 *)in };
	__u16 first = COP_FLAG_UPDATE;

	if (!h->started)
		first |= COP_FLAG_RESET;
	return dc_run(h->uc, &cop, len, first, COP_FLAG_UPDATE, 0);
}

static int dc_hmac_final(struct ucrypto_hmac *h, void *out)
{
	unsigned char empty = 0;
	struct crypt_op cop = {
		.ses = h->ses,
		.src = &empty,
		.mac = out,
	};

	/* Nothing since the last final: flags 0 hashes the empty message. */
	cop.flags = h->started ? COP_FLAG_FINAL : 0;
	return ioctl(h->uc->fd, CIOCCRYPT, &cop) ? -1 : 0;
}

/*
 * flags 0 resets, hashes and finalises in one request.  A message too
 * long for one request goes through update and final instead.
 */
static int dc_hmac_oneshot(struct ucrypto_hmac *h, const void *in,
			   size_t len, void *out)
{
	unsigned char empty = 0;
	struct crypt_op cop = {
		.ses = h->ses,
		.src = len ? (__u8 *)in : &empty,
		.len = len,
		.mac = out,
	};

	if (len <= h->uc->dc_chunk) {
		if (!ioctl(h->uc->fd, CIOCCRYPT, &cop))
			return 0;
		if (dc_shrink(h->uc, len))
			return -1;
	}
	if (dc_hmac_update(h, in, len))
		return -1;
	h->started = 1;
	return dc_hmac_final(h, out);
}

static void dc_hmac_free(struct ucrypto_hmac *h)
{
	dc_session_free(h->uc, h->ses);
}

const struct ucrypto_ops ucrypto_devcrypto_ops = {
	.name		= "devcrypto",
	.cipher_init	= dc_cipher_init,
	.cipher_crypt	= dc_cipher_crypt,
	.cipher_free	= dc_cipher_free,
	.hmac_init	= dc_hmac_init,
	.hmac_update	= dc_hmac_update,
	.hmac_final	= dc_hmac_final,
	.hmac_oneshot	= dc_hmac_oneshot,
	.hmac_free	= dc_hmac_free,
};
