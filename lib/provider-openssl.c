// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ucrypto provider: OpenSSL libcrypto.  Ciphers keep one EVP context per
 * direction, keyed once; each call only sets the IV.  A hash is an
 * EVP_MD_CTX, an HMAC an EVP_MAC_CTX; both are re-initialised after
 * every final so that the object can take the next message.
 */
#include <errno.h>
#include <limits.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "ucrypto-int.h"

/* [alg][keylen / 8 - 2]: keys of 16, 24 and 32 bytes. */
static const EVP_CIPHER *(*const ossl_ciphers[][3])(void) = {
	[UCRYPTO_AES_CBC] = { EVP_aes_128_cbc, EVP_aes_192_cbc,
			      EVP_aes_256_cbc },
	[UCRYPTO_AES_CTR] = { EVP_aes_128_ctr, EVP_aes_192_ctr,
			      EVP_aes_256_ctr },
	[UCRYPTO_AES_ECB] = { EVP_aes_128_ecb, EVP_aes_192_ecb,
			      EVP_aes_256_ecb },
};

static const char *const ossl_digests[] = {
	[UCRYPTO_SHA1]		= "SHA1",
	[UCRYPTO_SHA224]	= "SHA224",
	[UCRYPTO_SHA256]	= "SHA256",
	[UCRYPTO_SHA384]	= "SHA384",
	[UCRYPTO_SHA512]	= "SHA512",
};

/* OpenSSL sets no errno: report its failures as EIO. */
static int ossl_fail(void)
{
	errno = EIO;
	return -1;
}

/* ---- ciphers ---- */

static EVP_CIPHER_CTX *ossl_cipher_ctx(const EVP_CIPHER *cipher,
				       const void *key, int encrypt)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (!ctx)
		return NULL;
	if (!EVP_CipherInit_ex(ctx, cipher, NULL, key, NULL, encrypt) ||
	    !EVP_CIPHER_CTX_set_padding(ctx, 0)) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static void ossl_cipher_free(struct ucrypto_cipher *c)
{
	EVP_CIPHER_CTX_free(c->enc);
	EVP_CIPHER_CTX_free(c->dec);
	c->enc = c->dec = NULL;
}

static int ossl_cipher_init(struct ucrypto_cipher *c,
			    const void *key, size_t keylen)
{
	const EVP_CIPHER *cipher = ossl_ciphers[c->alg][keylen / 8 - 2]();

	c->enc = ossl_cipher_ctx(cipher, key, 1);
	c->dec = ossl_cipher_ctx(cipher, key, 0);
	if (c->enc && c->dec)
		return 0;
	ossl_cipher_free(c);
	errno = ENOMEM;
	return -1;
}

static int ossl_cipher_crypt(struct ucrypto_cipher *c, int encrypt,
			     const void *iv, const void *in, void *out,
			     size_t len)
{
	EVP_CIPHER_CTX *ctx = encrypt ? c->enc : c->dec;
	const unsigned char *src = in;
	unsigned char *dst = out;
	int chunk, outl;

	if (!EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, -1))
		return ossl_fail();
	while (len) {
		/* EVP lengths are int; INT_MAX & ~15 keeps blocks whole. */
		chunk = len > (INT_MAX & ~15) ? (INT_MAX & ~15) : (int)len;
		if (!EVP_CipherUpdate(ctx, dst, &outl, src, chunk) ||
		    outl != chunk)
			return ossl_fail();
		src += chunk;
		dst += chunk;
		len -= chunk;
	}
	return 0;
}

/* ---- hash and HMAC ---- */

static void ossl_hmac_free(struct ucrypto_hmac *h)
{
	if (h->keyed)
		EVP_MAC_CTX_free(h->ctx);
	else
		EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

static int ossl_hash_init(struct ucrypto_hmac *h)
{
	const EVP_MD *md = EVP_get_digestbyname(ossl_digests[h->alg]);

	h->ctx = EVP_MD_CTX_new();
	if (!md || !h->ctx || !EVP_DigestInit_ex(h->ctx, md, NULL))
		return -1;
	return 0;
}

static int ossl_mac_init(struct ucrypto_hmac *h,
			 const void *key, size_t keylen)
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;

	mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
	if (!mac)
		return -1;
	h->ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		(char *)ossl_digests[h->alg], 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!h->ctx || !EVP_MAC_init(h->ctx, key, keylen, params))
		return -1;
	return 0;
}

static int ossl_hmac_init(struct ucrypto_hmac *h,
			  const void *key, size_t keylen)
{
	int ret = h->keyed ? ossl_mac_init(h, key, keylen) :
			     ossl_hash_init(h);

	if (!ret)
		return 0;
	ossl_hmac_free(h);
	return ossl_fail();
}

static int ossl_hmac_update(struct ucrypto_hmac *h, const void *in,
			    size_t len)
{
	int ok = h->keyed ? EVP_MAC_update(h->ctx, in, len) :
			    EVP_DigestUpdate(h->ctx, in, len);

	return ok ? 0 : ossl_fail();
}

/* Finish the message, then ready the context for the next one. */
static int ossl_hmac_final(struct ucrypto_hmac *h, void *out)
{
	size_t outl;
	int ok;

	if (h->keyed)
		ok = EVP_MAC_final(h->ctx, out, &outl,
				   UCRYPTO_MAX_DIGEST_LEN) &&
		     EVP_MAC_init(h->ctx, NULL, 0, NULL);
	else
		ok = EVP_DigestFinal_ex(h->ctx, out, NULL) &&
		     EVP_DigestInit_ex(h->ctx, NULL, NULL);
	return ok ? 0 : ossl_fail();
}

static int ossl_hmac_oneshot(struct ucrypto_hmac *h, const void *in,
			     size_t len, void *out)
{
	if (len && ossl_hmac_update(h, in, len))
		return -1;
	return ossl_hmac_final(h, out);
}

const struct ucrypto_ops ucrypto_openssl_ops = {
	.name		= "openssl",
	.cipher_init	= ossl_cipher_init,
	.cipher_crypt	= ossl_cipher_crypt,
	.cipher_free	= ossl_cipher_free,
	.hmac_init	= ossl_hmac_init,
	.hmac_update	= ossl_hmac_update,
	.hmac_final	= ossl_hmac_final,
	.hmac_oneshot	= ossl_hmac_oneshot,
	.hmac_free	= ossl_hmac_free,
};
