// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The OpenSSL reference of the in-guest tests: what the device must
 * return for one whole operation; see dc.h.
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

#include "dc.h"

static int ref_mac(const struct dc_alg *a, const uint8_t *mackey,
		   const uint8_t *data, size_t len, uint8_t *mac)
{
	const EVP_MD *md = EVP_get_digestbyname(a->evp_md);
	unsigned int n;

	if (!md)
		return -1;
	if (a->hmac)
		return HMAC(md, mackey, a->mackeylen, data, len, mac, &n) ?
		       0 : -1;
	return EVP_Digest(data, len, mac, &n, md, NULL) ? 0 : -1;
}

static int ref_cipher(const struct dc_alg *a, const uint8_t *key,
		      const uint8_t *iv, const uint8_t *src, size_t len,
		      uint8_t *dst, bool encrypt)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, a->evp_cipher, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n, ok;

	ok = c && ctx && EVP_CipherInit_ex(ctx, c, NULL, key, iv, encrypt) &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	     EVP_CipherUpdate(ctx, dst, &n, src, len) &&
	     EVP_CipherFinal_ex(ctx, dst + n, &n);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

int ref_crypt(const struct dc_alg *a, const uint8_t *key,
	      const uint8_t *mackey, const uint8_t *iv, const uint8_t *src,
	      size_t len, uint8_t *dst, uint8_t *mac, bool encrypt)
{
	if (a->cipher && ref_cipher(a, key, iv, src, len, dst, encrypt))
		return -1;
	/* A cipher+MAC session MACs the plaintext. */
	if (a->mac && ref_mac(a, mackey, a->cipher && !encrypt ? dst : src,
			      len, mac))
		return -1;
	return 0;
}

bool ref_has(const struct dc_alg *a)
{
	EVP_CIPHER *c = NULL;
	EVP_MD *md = NULL;
	bool ok;

	if (a->evp_cipher)
		c = EVP_CIPHER_fetch(NULL, a->evp_cipher, NULL);
	if (a->evp_md)
		md = EVP_MD_fetch(NULL, a->evp_md, NULL);
	ok = (!a->evp_cipher || c) && (!a->evp_md || md);
	EVP_CIPHER_free(c);
	EVP_MD_free(md);
	return ok;
}

int ref_gcm(const uint8_t *key, unsigned int keylen, const uint8_t *iv,
	    const uint8_t *aad, size_t aadlen, const uint8_t *src, size_t len,
	    uint8_t *dst, uint8_t *tag, unsigned int taglen)
{
	const EVP_CIPHER *c = keylen == 32 ? EVP_aes_256_gcm() :
					     EVP_aes_128_gcm();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n, ok;

	ok = ctx && EVP_EncryptInit_ex(ctx, c, NULL, key, iv) &&
	     (!aadlen || EVP_EncryptUpdate(ctx, NULL, &n, aad, aadlen)) &&
	     EVP_EncryptUpdate(ctx, dst, &n, src, len) &&
	     EVP_EncryptFinal_ex(ctx, dst + n, &n) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, taglen, tag);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

/*
 * A TLS record as cryptodev-linux's COP_FLAG_AEAD_TLS_TYPE builds it:
 * E(src || HMAC(aad || src)[0..taglen) || pad), the pad being n bytes of
 * value n - 1 up to the next whole block.  corrupt: REF_TLS_BAD_MAC
 * flips a MAC bit, REF_TLS_BAD_PAD spoils a pad byte, REF_TLS_LONG_PAD
 * makes the pad length byte longer than the record.  The record's length,
 * or -1.
 */
long ref_tls(const char *evp_cipher, unsigned int bs, const char *evp_md,
	     const uint8_t *key, const uint8_t *mackey, size_t mackeylen,
	     const uint8_t *iv, const uint8_t *aad, size_t aadlen,
	     const uint8_t *src, size_t len, unsigned int taglen, int corrupt,
	     uint8_t *rec)
{
	struct dc_alg a = { .evp_cipher = evp_cipher };
	const EVP_MD *md = EVP_get_digestbyname(evp_md);
	uint8_t *plain, mac[EVP_MAX_MD_SIZE];
	size_t n = len + taglen, pad = bs - n % bs, i;
	unsigned int maclen;
	int ok;

	/* aad || src, then the record in the same buffer. */
	plain = malloc(aadlen + len + taglen + bs);
	if (!plain)
		return -1;
	memcpy(plain, aad, aadlen);
	memcpy(plain + aadlen, src, len);
	ok = md && HMAC(md, mackey, mackeylen, plain, aadlen + len, mac,
			&maclen) && taglen <= maclen;
	if (!ok) {
		free(plain);
		return -1;
	}
	memcpy(plain, src, len);
	memcpy(plain + len, mac, taglen);
	memset(plain + n, pad - 1, pad);
	n += pad;
	if (corrupt == REF_TLS_BAD_MAC && taglen)
		plain[len] ^= 0x01;
	if (corrupt == REF_TLS_BAD_PAD && pad > 1)
		plain[n - 2] ^= 0x40;
	if (corrupt == REF_TLS_LONG_PAD)
		for (i = 0; i < pad; i++)
			plain[n - 1 - i] = 0xff;
	ok = !ref_cipher(&a, key, iv, plain, n, rec, true);
	free(plain);
	return ok ? (long)n : -1;
}

/*
 * An SRTP packet as cryptodev-linux's COP_FLAG_AEAD_SRTP_TYPE makes it:
 * the payload (len bytes after hdrlen) encrypted in place with
 * AES-128-CTR, then tag = HMAC-SHA1(the whole packet)[0..taglen).
 */
int ref_srtp(const uint8_t *key, const uint8_t *mackey, size_t mackeylen,
	     const uint8_t *iv, uint8_t *pkt, size_t hdrlen, size_t len,
	     uint8_t *tag, unsigned int taglen)
{
	struct dc_alg a = { .evp_cipher = "AES-128-CTR" };
	uint8_t mac[EVP_MAX_MD_SIZE];
	unsigned int maclen;

	if (len && ref_cipher(&a, key, iv, pkt + hdrlen, len, pkt + hdrlen,
			      true))
		return -1;
	if (!HMAC(EVP_sha1(), mackey, mackeylen, pkt, hdrlen + len, mac,
		  &maclen) || taglen > maclen)
		return -1;
	memcpy(tag, mac, taglen);
	return 0;
}
