// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ucrypto common code: argument checks, provider choice per object (the
 * auto fallback), and the provider-independent helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <openssl/crypto.h>

#include "ucrypto-int.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const provider_names[] = {
	[UCRYPTO_AUTO]		= "auto",
	[UCRYPTO_DEVCRYPTO]	= "devcrypto",
	[UCRYPTO_OPENSSL]	= "openssl",
};

static const size_t digest_lens[] = {
	[UCRYPTO_SHA1]		= 20,
	[UCRYPTO_SHA224]	= 28,
	[UCRYPTO_SHA256]	= 32,
	[UCRYPTO_SHA384]	= 48,
	[UCRYPTO_SHA512]	= 64,
};

int ucrypto_provider_parse(const char *name, enum ucrypto_provider *out)
{
	size_t i;

	for (i = 0; name && i < ARRAY_SIZE(provider_names); i++) {
		if (!strcmp(name, provider_names[i])) {
			*out = i;
			return 0;
		}
	}
	errno = EINVAL;
	return -1;
}

struct ucrypto *ucrypto_open(enum ucrypto_provider provider)
{
	struct ucrypto *uc;

	if ((unsigned int)provider >= ARRAY_SIZE(provider_names)) {
		errno = EINVAL;
		return NULL;
	}
	uc = calloc(1, sizeof(*uc));
	if (!uc)
		return NULL;
	uc->provider = provider;
	uc->fd = -1;
	uc->dc_chunk = UCRYPTO_DC_CHUNK_MAX;
	if (provider == UCRYPTO_OPENSSL)
		return uc;
	uc->fd = open("/dev/crypto", O_RDWR | O_CLOEXEC);
	if (uc->fd < 0 && provider == UCRYPTO_DEVCRYPTO) {
		int err = errno;

		free(uc);
		errno = err;
		return NULL;
	}
	return uc;
}

void ucrypto_close(struct ucrypto *uc)
{
	int err = errno;

	if (!uc)
		return;
	if (uc->fd >= 0)
		close(uc->fd);
	free(uc);
	errno = err;
}

const char *ucrypto_provider_name(const struct ucrypto *uc)
{
	return uc->fd >= 0 ? ucrypto_devcrypto_ops.name :
			     ucrypto_openssl_ops.name;
}

/* The provider that an object of uc tries first. */
static const struct ucrypto_ops *first_ops(const struct ucrypto *uc)
{
	return uc->fd >= 0 ? &ucrypto_devcrypto_ops : &ucrypto_openssl_ops;
}

/* With auto, whether an object that /dev/crypto refused may use OpenSSL. */
static const struct ucrypto_ops *fallback_ops(const struct ucrypto *uc,
					      const struct ucrypto_ops *ops)
{
	if (uc->provider == UCRYPTO_AUTO && ops == &ucrypto_devcrypto_ops)
		return &ucrypto_openssl_ops;
	return NULL;
}

/* ---- ciphers ---- */

static int cipher_key_ok(enum ucrypto_cipher_alg alg, size_t keylen)
{
	if ((unsigned int)alg > UCRYPTO_AES_ECB)
		return 0;
	return keylen == 16 || keylen == 24 || keylen == 32;
}

struct ucrypto_cipher *ucrypto_cipher_new(struct ucrypto *uc,
					  enum ucrypto_cipher_alg alg,
					  const void *key, size_t keylen)
{
	struct ucrypto_cipher *c;
	int err = EINVAL;

	if (!uc || !key || !cipher_key_ok(alg, keylen)) {
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->uc = uc;
	c->alg = alg;
	for (c->ops = first_ops(uc); c->ops;
	     c->ops = fallback_ops(uc, c->ops)) {
		if (!c->ops->cipher_init(c, key, keylen))
			return c;
		err = errno;
	}
	free(c);
	errno = err;
	return NULL;
}

static int cipher_crypt(struct ucrypto_cipher *c, int encrypt,
			const void *iv, const void *in, void *out, size_t len)
{
	if (!c || (len && (!in || !out)) ||
	    (c->alg != UCRYPTO_AES_ECB && !iv) ||
	    (c->alg != UCRYPTO_AES_CTR && len % UCRYPTO_AES_BLOCK_LEN)) {
		errno = EINVAL;
		return -1;
	}
	if (!len)
		return 0;
	if (c->alg == UCRYPTO_AES_ECB)
		iv = NULL;
	return c->ops->cipher_crypt(c, encrypt, iv, in, out, len);
}

int ucrypto_encrypt(struct ucrypto_cipher *c, const void *iv,
		    const void *in, void *out, size_t len)
{
	return cipher_crypt(c, 1, iv, in, out, len);
}

int ucrypto_decrypt(struct ucrypto_cipher *c, const void *iv,
		    const void *in, void *out, size_t len)
{
	return cipher_crypt(c, 0, iv, in, out, len);
}

void ucrypto_cipher_free(struct ucrypto_cipher *c)
{
	int err = errno;

	if (!c)
		return;
	c->ops->cipher_free(c);
	free(c);
	errno = err;
}

const char *ucrypto_cipher_provider(const struct ucrypto_cipher *c)
{
	return c->ops->name;
}

/* ---- hash and HMAC ---- */

size_t ucrypto_digest_len(enum ucrypto_hash_alg alg)
{
	if ((unsigned int)alg >= ARRAY_SIZE(digest_lens)) {
		errno = EINVAL;
		return 0;
	}
	return digest_lens[alg];
}

/* key == NULL makes a plain hash context. */
static struct ucrypto_hmac *digest_new(struct ucrypto *uc,
				       enum ucrypto_hash_alg alg,
				       const void *key, size_t keylen)
{
	struct ucrypto_hmac *h;
	int err = EINVAL;

	if (!uc || (unsigned int)alg >= ARRAY_SIZE(digest_lens) ||
	    (key && (!keylen || keylen > UCRYPTO_MAX_HMAC_KEY_LEN))) {
		errno = EINVAL;
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->uc = uc;
	h->alg = alg;
	h->keyed = key != NULL;
	for (h->ops = first_ops(uc); h->ops;
	     h->ops = fallback_ops(uc, h->ops)) {
		if (!h->ops->hmac_init(h, key, keylen))
			return h;
		err = errno;
	}
	free(h);
	errno = err;
	return NULL;
}

static int digest_oneshot(struct ucrypto *uc, enum ucrypto_hash_alg alg,
			  const void *key, size_t keylen,
			  const void *in, size_t len, void *out)
{
	struct ucrypto_hmac *h;
	int ret;

	if ((len && !in) || !out) {
		errno = EINVAL;
		return -1;
	}
	h = digest_new(uc, alg, key, keylen);
	if (!h)
		return -1;
	ret = h->ops->hmac_oneshot(h, in, len, out);
	ucrypto_hmac_free(h);
	return ret;
}

int ucrypto_hash(struct ucrypto *uc, enum ucrypto_hash_alg alg,
		 const void *in, size_t len, void *out)
{
	return digest_oneshot(uc, alg, NULL, 0, in, len, out);
}

int ucrypto_hmac(struct ucrypto *uc, enum ucrypto_hash_alg alg,
		 const void *key, size_t keylen,
		 const void *in, size_t len, void *out)
{
	if (!key) {
		errno = EINVAL;
		return -1;
	}
	return digest_oneshot(uc, alg, key, keylen, in, len, out);
}

struct ucrypto_hmac *ucrypto_hmac_new(struct ucrypto *uc,
				      enum ucrypto_hash_alg alg,
				      const void *key, size_t keylen)
{
	if (!key) {
		errno = EINVAL;
		return NULL;
	}
	return digest_new(uc, alg, key, keylen);
}

int ucrypto_hmac_update(struct ucrypto_hmac *h, const void *in, size_t len)
{
	if (!h || (len && !in)) {
		errno = EINVAL;
		return -1;
	}
	/* An empty update would finalise a cryptodev hash: skip it. */
	if (!len)
		return 0;
	if (h->ops->hmac_update(h, in, len))
		return -1;
	h->started = 1;
	return 0;
}

int ucrypto_hmac_final(struct ucrypto_hmac *h, void *out)
{
	int ret;

	if (!h || !out) {
		errno = EINVAL;
		return -1;
	}
	ret = h->ops->hmac_final(h, out);
	h->started = 0;
	return ret;
}

void ucrypto_hmac_free(struct ucrypto_hmac *h)
{
	int err = errno;

	if (!h)
		return;
	h->ops->hmac_free(h);
	free(h);
	errno = err;
}

const char *ucrypto_hmac_provider(const struct ucrypto_hmac *h)
{
	return h->ops->name;
}

/* ---- helpers ---- */

int ucrypto_random(void *buf, size_t len)
{
	unsigned char *p = buf;
	ssize_t n;

	if (len && !buf) {
		errno = EINVAL;
		return -1;
	}
	while (len) {
		n = getrandom(p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

int ucrypto_memcmp(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len);
}
