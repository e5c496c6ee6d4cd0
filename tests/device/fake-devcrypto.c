// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A stand-in for the host's /dev/crypto, so that the devcrypto engine can
 * be tested on a host without cryptodev-linux.  Linked into
 * core-test-fakedev with -Wl,--wrap=open,--wrap=ioctl,--wrap=close: the
 * path FAKE_DEVCRYPTO_PATH opens a descriptor whose cryptodev ioctls are
 * served here with OpenSSL, following cryptodev-linux 1.14's semantics
 * as docs/cryptodev-abi.md records them (hash reset/final rules, the
 * AEAD tag after the data).  Every other path and fd goes to libc.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "../../include/crypto/cryptodev.h"
#include "fake-devcrypto.h"

int __real_open(const char *path, int flags, ...);
int __real_ioctl(int fd, unsigned long req, ...);
int __real_close(int fd);
int __wrap_open(const char *path, int flags, ...);
int __wrap_ioctl(int fd, unsigned long req, ...);
int __wrap_close(int fd);

#define MAX_SESS 4096

struct fsess {
	bool used;
	const EVP_CIPHER *cipher;
	bool gcm;
	uint8_t key[64];
	int key_len;
	const char *md;		/* digest name, NULL: none */
	bool hmac;
	uint8_t mac_key[512];
	int mac_key_len;
	EVP_MD_CTX *md_ctx;	/* plain hash state */
	EVP_MAC_CTX *mac_ctx;	/* HMAC state */
	bool started;
};

/* fds opened on FAKE_DEVCRYPTO_PATH: fake_fds[fd] */
static bool fake_fds[1024];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;	/* sess[] */
static struct fsess sess[MAX_SESS];

int __wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int fd;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);

	if (strcmp(path, FAKE_DEVCRYPTO_PATH))
		return __real_open(path, flags, mode);
	fd = __real_open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0 && fd < 1024)
		fake_fds[fd] = true;
	return fd;
}

int __wrap_close(int fd)
{
	if (fd >= 0 && fd < 1024)
		fake_fds[fd] = false;
	return __real_close(fd);
}

static const EVP_CIPHER *cipher_of(uint32_t id, uint32_t keylen, bool *gcm)
{
	static const struct { uint32_t id; const char *mode; } t[] = {
		{ CRYPTO_AES_CBC, "CBC" }, { CRYPTO_AES_CTR, "CTR" },
		{ CRYPTO_AES_ECB, "ECB" }, { CRYPTO_AES_XTS, "XTS" },
		{ CRYPTO_AES_GCM, "GCM" },
	};
	char name[32];
	unsigned int i;

	*gcm = id == CRYPTO_AES_GCM;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (t[i].id != id)
			continue;
		snprintf(name, sizeof(name), "AES-%u-%s",
			 id == CRYPTO_AES_XTS ? keylen * 4 : keylen * 8,
			 t[i].mode);
		return EVP_get_cipherbyname(name);
	}
	return NULL;
}

static const char *md_of(uint32_t id, bool *hmac)
{
	static const struct { uint32_t id; const char *md; bool hmac; } t[] = {
		{ CRYPTO_SHA1, "SHA1", 0 }, { CRYPTO_SHA2_224, "SHA224", 0 },
		{ CRYPTO_SHA2_256, "SHA256", 0 }, { CRYPTO_SHA2_384, "SHA384", 0 },
		{ CRYPTO_SHA2_512, "SHA512", 0 },
		{ CRYPTO_SHA1_HMAC, "SHA1", 1 },
		{ CRYPTO_SHA2_224_HMAC, "SHA224", 1 },
		{ CRYPTO_SHA2_256_HMAC, "SHA256", 1 },
		{ CRYPTO_SHA2_384_HMAC, "SHA384", 1 },
		{ CRYPTO_SHA2_512_HMAC, "SHA512", 1 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].id == id) {
			*hmac = t[i].hmac;
			return t[i].md;
		}
	return NULL;
}

static int gsession(struct session_op *so)
{
	struct fsess *s = NULL;
	unsigned int i;

	for (i = 1; i < MAX_SESS && !s; i++)
		if (!sess[i].used)
			s = &sess[i];
	if (!s)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	if ((!so->cipher && !so->mac) || so->keylen > 64 ||
	    so->mackeylen > 512)
		return -EINVAL;
	if (so->cipher) {
		s->cipher = cipher_of(so->cipher, so->keylen, &s->gcm);
		if (!s->cipher)
			return -EINVAL;
		memcpy(s->key, so->key, so->keylen);
		s->key_len = (int)so->keylen;
	}
	if (so->mac) {
		s->md = md_of(so->mac, &s->hmac);
		if (!s->md)
			return -EINVAL;
		memcpy(s->mac_key, so->mackey, so->mackeylen);
		s->mac_key_len = (int)so->mackeylen;
	}
	s->used = true;
	so->ses = i - 1;
	return 0;
}

static struct fsess *lookup(uint32_t ses)
{
	return ses > 0 && ses < MAX_SESS && sess[ses].used ? &sess[ses] : NULL;
}

static void hash_free(struct fsess *s)
{
	EVP_MD_CTX_free(s->md_ctx);
	EVP_MAC_CTX_free(s->mac_ctx);
	s->md_ctx = NULL;
	s->mac_ctx = NULL;
	s->started = false;
}

static void hash_start(struct fsess *s)
{
	OSSL_PARAM p[2] = {
		OSSL_PARAM_construct_utf8_string("digest", (char *)s->md, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac;

	hash_free(s);
	if (s->hmac) {
		mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		s->mac_ctx = EVP_MAC_CTX_new(mac);
		EVP_MAC_free(mac);
		EVP_MAC_init(s->mac_ctx, s->mac_key, (size_t)s->mac_key_len, p);
	} else {
		s->md_ctx = EVP_MD_CTX_new();
		EVP_DigestInit_ex(s->md_ctx, EVP_get_digestbyname(s->md), NULL);
	}
	s->started = true;
}

static void hash_data(struct fsess *s, const uint8_t *p, size_t n)
{
	if (s->hmac)
		EVP_MAC_update(s->mac_ctx, p, n);
	else
		EVP_DigestUpdate(s->md_ctx, p, n);
}

static void hash_done(struct fsess *s, uint8_t *out)
{
	size_t n;

	if (s->hmac)
		EVP_MAC_final(s->mac_ctx, out, &n, 64);
	else
		EVP_DigestFinal_ex(s->md_ctx, out, NULL);
	hash_free(s);
}

static int do_cipher(struct fsess *s, int enc, const uint8_t *iv,
		     const uint8_t *in, uint8_t *out, int len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int ol = 0, fl = 0, ok;

	ok = EVP_CipherInit_ex(c, s->cipher, NULL, s->key, iv, enc);
	EVP_CIPHER_CTX_set_padding(c, 0);
	ok = ok && EVP_CipherUpdate(c, out, &ol, in, len) &&
	     EVP_CipherFinal_ex(c, out + ol, &fl);
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -EINVAL;
}

static int fake_crypt(struct crypt_op *co)
{
	struct fsess *s = lookup(co->ses);
	bool reset, final;
	uint8_t *tmp;
	int r = 0;

	if (!s || s->gcm || co->op > 1)
		return -EINVAL;
	if (s->cipher && co->len % EVP_CIPHER_get_block_size(s->cipher))
		return -EINVAL;
	if (s->cipher && EVP_CIPHER_get_iv_length(s->cipher) && !co->iv)
		return -EINVAL;	/* the engine always sends one */
	reset = !(co->flags & (COP_FLAG_UPDATE | COP_FLAG_FINAL)) ||
		(co->flags & COP_FLAG_RESET);
	final = (co->flags & COP_FLAG_FINAL) ||
		!(co->flags & COP_FLAG_UPDATE) || !co->len;
	if (s->md && (reset || !s->started))
		hash_start(s);
	if (s->md && s->cipher && co->op == COP_ENCRYPT)
		hash_data(s, co->src, co->len);
	if (s->cipher && co->len) {
		tmp = malloc(co->len);
		r = do_cipher(s, co->op == COP_ENCRYPT, co->iv, co->src, tmp,
			      (int)co->len);
		memcpy(co->dst, tmp, co->len);
		free(tmp);
	}
	if (s->md && (!s->cipher || co->op == COP_DECRYPT))
		hash_data(s, s->cipher ? co->dst : co->src, co->len);
	if (s->md && final) {
		if (!co->mac)
			return -EFAULT;
		hash_done(s, co->mac);
	}
	return r;
}

static int authcrypt(struct crypt_auth_op *ao)
{
	struct fsess *s = lookup(ao->ses);
	uint32_t tl = ao->tag_len ? ao->tag_len : 16;
	uint32_t n = ao->op == COP_DECRYPT ? ao->len - tl : ao->len;
	EVP_CIPHER_CTX *c;
	int ol, ok;

	if (!s || !s->gcm || ao->auth_len > 4096 ||
	    (ao->op == COP_DECRYPT && ao->len < tl))
		return -EINVAL;
	c = EVP_CIPHER_CTX_new();
	ok = EVP_CipherInit_ex(c, s->cipher, NULL, s->key, ao->iv,
			       ao->op == COP_ENCRYPT);
	if (ao->auth_len)
		ok = ok && EVP_CipherUpdate(c, NULL, &ol, ao->auth_src,
					    (int)ao->auth_len);
	if (n)
		ok = ok && EVP_CipherUpdate(c, ao->dst, &ol, ao->src, (int)n);
	if (ok && ao->op == COP_DECRYPT) {
		EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, (int)tl,
				    ao->src + n);
		ok = EVP_CipherFinal_ex(c, ao->dst + n, &ol) > 0;
		EVP_CIPHER_CTX_free(c);
		return ok ? 0 : -EBADMSG;
	}
	ok = ok && EVP_CipherFinal_ex(c, ao->dst + n, &ol) &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, (int)tl,
				 ao->dst + n);
	ao->len = n + tl;
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -EINVAL;
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct fsess *s;
	va_list ap;
	void *arg;
	int r;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd < 0 || fd >= 1024 || !fake_fds[fd])
		return __real_ioctl(fd, req, arg);
	pthread_mutex_lock(&lock);
	switch (req) {
	case CIOCGSESSION:
		r = gsession(arg);
		break;
	case CIOCFSESSION:
		s = lookup(*(uint32_t *)arg);
		r = s ? 0 : -EINVAL;
		if (s) {
			hash_free(s);
			s->used = false;
		}
		break;
	case CIOCCRYPT:
		r = fake_crypt(arg);
		break;
	case CIOCAUTHCRYPT:
		r = authcrypt(arg);
		break;
	default:
		r = -EINVAL;
	}
	pthread_mutex_unlock(&lock);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return 0;
}
