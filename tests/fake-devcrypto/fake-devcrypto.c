// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A fake /dev/crypto for host tests, so that code written against the
 * cryptodev-linux ABI runs on a host without it: ucrypto's devcrypto
 * provider (tests/lib, ucrypto-kat-fake) and the device core's devcrypto
 * engine (tests/device, core-test-fakedev).
 *
 * Linked with $(FAKE_DEVCRYPTO_WRAP) (-Wl,--wrap=open,--wrap=close,
 * --wrap=ioctl, see fake-devcrypto.mk), it answers the cryptodev ioctls
 * on the paths of fake_nodes[] with OpenSSL, following cryptodev-linux
 * 1.14 as /work/shared/cryptodev-abi.md records it: each open file owns
 * its sessions and closing it frees them; lengths are whole blocks of
 * the kernel's cipher (XTS too: no ciphertext stealing); the session
 * keeps the chained IV (used when iv is NULL) and COP_FLAG_WRITE_IV
 * returns it; the hash reset/update/final rules; a cipher with a hash
 * hashes the plaintext; CIOCAUTHCRYPT puts the GCM tag after the data;
 * CIOCCPHASH copies a hash state; and the errno of each refusal.  ARC4
 * keeps its keystream from request to request, as the kernel's
 * ecb(arc4) does; the legacy ciphers come from OpenSSL's legacy
 * provider, loaded on first use.  Every other path and fd goes to libc.
 *
 * Two habits of cryptodev-linux that cost its callers are kept too: a
 * GCM session keeps the shortest tag length it was asked for, so a
 * longer tag later is EINVAL; and a session keeps the page array of its
 * largest zero-copy request until it is freed (CIOCCRYPT without
 * COP_FLAG_NO_ZC, and CIOCAUTHCRYPT always), which
 * fake_devcrypto_pages() counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <crypto/cryptodev.h>

#include "fake-devcrypto.h"

#define N(a)			(sizeof(a) / sizeof((a)[0]))
#define FAKE_MAX_FILES		1024	/* a fake file's fd is below this */
#define FAKE_MAX_SESSIONS	4096	/* over all files */
#define FAKE_KNOWN_FLAGS	0x7f
#define FAKE_MAX_AUTH_LEN	4096
#define FAKE_GCM_TAG_LEN	16
#define FAKE_PAGE_SIZE		4096

int __real_open(const char *path, int flags, ...);
int __real_close(int fd);
int __real_ioctl(int fd, unsigned long req, ...);
int __wrap_open(const char *path, int flags, ...);
int __wrap_close(int fd);
int __wrap_ioctl(int fd, unsigned long req, ...);

/* A device node; each open file keeps the rules of the node it opened. */
struct fake_node {
	const char *path;
	__u32 max_len;		/* longest request, else EINVAL; 0: no cap */
	bool strict_final;	/* after a final, only a reset: else EIO */
	unsigned int no_keylen;	/* ciphers refuse this key length */
};

static const struct fake_node fake_nodes[] = {
	/*
	 * For ucrypto, stricter than cryptodev-linux to catch library bugs:
	 * a virtio-cryptodev driver with a small max_data_len refuses long
	 * requests, and cryptodev-linux leaves a hash used after its final
	 * without COP_FLAG_RESET undefined.
	 */
	{ "/dev/crypto", 8192, true, 0 },
	/*
	 * For the device core's engine: the host's /dev/crypto, no cap, and
	 * a hash used after its final starts afresh, as virtio-cryptodev's
	 * F_HASH_FINAL defines it.
	 */
	{ FAKE_DEVCRYPTO_PATH, 0, false, 0 },
	/* The same host without 24-byte AES keys (no AES-192). */
	{ FAKE_DEVCRYPTO_PATH_NO_AES192, 0, false, 24 },
};

/*
 * block: what len must be a multiple of, cryptodev-linux's cra_blocksize;
 * maxkey: a variable key length from keylen to maxkey (0: keylen only).
 */
static const struct {
	__u32 id;
	unsigned int keylen, block;
	const EVP_CIPHER *(*evp)(void);
	unsigned int maxkey;
} fake_ciphers[] = {
	{ CRYPTO_NULL, 0, 1, EVP_enc_null, 0 },
	{ CRYPTO_DES_CBC, 8, 8, EVP_des_cbc, 0 },
	{ CRYPTO_3DES_CBC, 24, 8, EVP_des_ede3_cbc, 0 },
	{ CRYPTO_BLF_CBC, 4, 8, EVP_bf_cbc, 56 },
	{ CRYPTO_CAST_CBC, 5, 8, EVP_cast5_cbc, 16 },
	{ CRYPTO_ARC4, 1, 1, EVP_rc4, 256 },
	{ CRYPTO_CAMELLIA_CBC, 16, 16, EVP_camellia_128_cbc, 0 },
	{ CRYPTO_CAMELLIA_CBC, 24, 16, EVP_camellia_192_cbc, 0 },
	{ CRYPTO_CAMELLIA_CBC, 32, 16, EVP_camellia_256_cbc, 0 },
	{ CRYPTO_AES_CBC, 16, 16, EVP_aes_128_cbc, 0 },
	{ CRYPTO_AES_CBC, 24, 16, EVP_aes_192_cbc, 0 },
	{ CRYPTO_AES_CBC, 32, 16, EVP_aes_256_cbc, 0 },
	{ CRYPTO_AES_CTR, 16, 1, EVP_aes_128_ctr, 0 },
	{ CRYPTO_AES_CTR, 24, 1, EVP_aes_192_ctr, 0 },
	{ CRYPTO_AES_CTR, 32, 1, EVP_aes_256_ctr, 0 },
	{ CRYPTO_AES_ECB, 16, 16, EVP_aes_128_ecb, 0 },
	{ CRYPTO_AES_ECB, 24, 16, EVP_aes_192_ecb, 0 },
	{ CRYPTO_AES_ECB, 32, 16, EVP_aes_256_ecb, 0 },
	{ CRYPTO_AES_XTS, 32, 16, EVP_aes_128_xts, 0 },
	{ CRYPTO_AES_XTS, 64, 16, EVP_aes_256_xts, 0 },
	{ CRYPTO_AES_GCM, 16, 1, EVP_aes_128_gcm, 0 },
	{ CRYPTO_AES_GCM, 24, 1, EVP_aes_192_gcm, 0 },
	{ CRYPTO_AES_GCM, 32, 1, EVP_aes_256_gcm, 0 },
};

static const struct {
	__u32 id;
	const char *digest;
	bool keyed;
} fake_macs[] = {
	{ CRYPTO_SHA1, "SHA1", false },
	{ CRYPTO_SHA2_224, "SHA224", false },
	{ CRYPTO_SHA2_256, "SHA256", false },
	{ CRYPTO_SHA2_384, "SHA384", false },
	{ CRYPTO_SHA2_512, "SHA512", false },
	{ CRYPTO_SHA1_HMAC, "SHA1", true },
	{ CRYPTO_SHA2_224_HMAC, "SHA224", true },
	{ CRYPTO_SHA2_256_HMAC, "SHA256", true },
	{ CRYPTO_SHA2_384_HMAC, "SHA384", true },
	{ CRYPTO_SHA2_512_HMAC, "SHA512", true },
	{ CRYPTO_MD5, "MD5", false },
	{ CRYPTO_RIPEMD160, "RIPEMD160", false },
	{ CRYPTO_MD5_HMAC, "MD5", true },
	{ CRYPTO_RIPEMD160_HMAC, "RIPEMD160", true },
};

struct fake_session {
	__u32 id;			/* 0: slot free */
	int fd;				/* the open file that owns it */
	const EVP_CIPHER *cipher;	/* NULL: no cipher */
	unsigned int block;
	bool aead;			/* GCM: CIOCAUTHCRYPT only */
	unsigned int keylen;
	EVP_CIPHER_CTX *stream;		/* ARC4: the keystream goes on */
	unsigned char key[64];
	unsigned char iv[16];		/* chained IV */
	const char *digest;		/* NULL: no hash */
	bool keyed;
	unsigned char mackey[CRYPTO_HMAC_MAX_KEY_LEN];
	size_t mackeylen;
	EVP_MD_CTX *md;
	EVP_MAC_CTX *mac;
	bool finalised;			/* final done, no reset since */
	__u32 authsize;			/* GCM: tag bytes; 0: the full tag */
	size_t pages;			/* kept zero-copy page array */
};

/* The device core calls from several threads: lock guards all below. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const struct fake_node *files[FAKE_MAX_FILES];	/* NULL: not fake */
static struct fake_session sessions[FAKE_MAX_SESSIONS];
static __u32 next_id = 0x1000;

/* A zero-copy request of @len bytes in and out: the array grows. */
static void pin_pages(struct fake_session *s, size_t len)
{
	size_t n = 2 * ((len + FAKE_PAGE_SIZE - 1) / FAKE_PAGE_SIZE + 1);

	if (n > s->pages)
		s->pages = n;
}

size_t fake_devcrypto_pages(void)
{
	size_t i, n = 0;

	pthread_mutex_lock(&lock);
	for (i = 0; i < N(sessions); i++)
		if (sessions[i].id)
			n += sessions[i].pages;
	pthread_mutex_unlock(&lock);
	return n;
}

static const struct fake_node *node_of(const char *path)
{
	size_t i;

	for (i = 0; i < N(fake_nodes); i++)
		if (!strcmp(path, fake_nodes[i].path))
			return &fake_nodes[i];
	return NULL;
}

static struct fake_session *find(int fd, __u32 id)
{
	size_t i;

	for (i = 0; id && i < N(sessions); i++)
		if (sessions[i].id == id && sessions[i].fd == fd)
			return &sessions[i];
	return NULL;
}

static void session_free(struct fake_session *s)
{
	EVP_MD_CTX_free(s->md);
	EVP_MAC_CTX_free(s->mac);
	EVP_CIPHER_CTX_free(s->stream);
	memset(s, 0, sizeof(*s));
}

/* ---- hash state ---- */

static int hash_reset(struct fake_session *s)
{
	OSSL_PARAM params[2];

	s->finalised = false;
	if (!s->keyed)
		return EVP_DigestInit_ex(s->md, EVP_get_digestbyname(s->digest),
					 NULL) ? 0 : -EIO;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)s->digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	return EVP_MAC_init(s->mac, s->mackey, s->mackeylen, params) ?
	       0 : -EIO;
}

/* The state a request starts from: reset, going on, or after a final. */
static int hash_begin(struct fake_session *s, const struct fake_node *node,
		      const struct crypt_op *cop)
{
	if (cop->flags == 0 || (cop->flags & COP_FLAG_RESET))
		return hash_reset(s);
	if (!s->finalised)
		return 0;
	return node->strict_final ? -EIO : hash_reset(s);
}

static int hash_update(struct fake_session *s, const void *p, size_t len)
{
	int ok;

	if (!len)
		return 0;
	ok = s->keyed ? EVP_MAC_update(s->mac, p, len) :
			EVP_DigestUpdate(s->md, p, len);
	return ok ? 0 : -EIO;
}

static bool hash_final_due(const struct crypt_op *cop)
{
	return (cop->flags & COP_FLAG_FINAL) ||
	       !(cop->flags & COP_FLAG_UPDATE) || !cop->len;
}

static int hash_final(struct fake_session *s, unsigned char *out)
{
	size_t outl;
	int ok = s->keyed ?
		 EVP_MAC_final(s->mac, out, &outl, AALG_MAX_RESULT_LEN) :
		 EVP_DigestFinal_ex(s->md, out, NULL);

	s->finalised = true;
	return ok ? 0 : -EIO;
}

/* ---- sessions ---- */

/* A context keyed for @s (any key length), from the session's IV. */
static EVP_CIPHER_CTX *cipher_ctx(struct fake_session *s, bool enc)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (ctx && EVP_CipherInit_ex(ctx, s->cipher, NULL, NULL, NULL, enc) &&
	    EVP_CIPHER_CTX_set_key_length(ctx, (int)s->keylen) > 0 &&
	    EVP_CipherInit_ex(ctx, NULL, NULL, s->key, s->iv, enc) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0))
		return ctx;
	EVP_CIPHER_CTX_free(ctx);
	return NULL;
}

static int set_cipher(struct fake_session *s, const struct session_op *sop)
{
	size_t i;

	static OSSL_PROVIDER *legacy;

	for (i = 0; i < N(fake_ciphers); i++)
		if (fake_ciphers[i].id == sop->cipher &&
		    (fake_ciphers[i].keylen == sop->keylen ||
		     (sop->keylen > fake_ciphers[i].keylen &&
		      sop->keylen <= fake_ciphers[i].maxkey)))
			break;
	if (i == N(fake_ciphers) || sop->keylen > sizeof(s->key))
		return -EINVAL;
	if (!sop->key && sop->keylen)
		return -EFAULT;
	if (!legacy)	/* DES, Blowfish, CAST5, RC4; kept to the end */
		legacy = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
	s->cipher = fake_ciphers[i].evp();
	s->block = fake_ciphers[i].block;
	s->aead = EVP_CIPHER_get_mode(s->cipher) == EVP_CIPH_GCM_MODE;
	s->keylen = sop->keylen;
	memcpy(s->key, sop->key, sop->keylen);
	if (sop->cipher == CRYPTO_ARC4) {
		s->stream = cipher_ctx(s, true);
		if (!s->stream)
			return -EINVAL;
	}
	return 0;
}

static int set_mac(struct fake_session *s, const struct session_op *sop)
{
	EVP_MAC *mac;
	size_t i;

	for (i = 0; i < N(fake_macs); i++)
		if (fake_macs[i].id == sop->mac)
			break;
	if (i == N(fake_macs) || sop->mackeylen > CRYPTO_HMAC_MAX_KEY_LEN)
		return -EINVAL;		/* HMAC with an empty key is fine */
	if (sop->mackeylen && !sop->mackey)
		return -EFAULT;
	s->digest = fake_macs[i].digest;
	s->keyed = fake_macs[i].keyed;
	if (sop->mackeylen)
		memcpy(s->mackey, sop->mackey, sop->mackeylen);
	s->mackeylen = sop->mackeylen;
	if (s->keyed) {
		mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
		s->mac = mac ? EVP_MAC_CTX_new(mac) : NULL;
		EVP_MAC_free(mac);
	} else {
		s->md = EVP_MD_CTX_new();
	}
	if (!s->md && !s->mac)
		return -ENOMEM;
	return hash_reset(s);
}

static int set_session(struct fake_session *s, const struct session_op *sop)
{
	int r = 0;

	if (sop->cipher)
		r = set_cipher(s, sop);
	if (!r && sop->mac)
		r = s->aead ? -EINVAL : set_mac(s, sop);
	return r;
}

static int ioc_gsession(int fd, const struct fake_node *node, void *arg)
{
	struct session_op *sop = arg;
	struct fake_session *s;
	size_t i;
	int r;

	if (!sop->cipher && !sop->mac)
		return -EINVAL;
	if (sop->cipher && node->no_keylen && sop->keylen == node->no_keylen)
		return -EINVAL;
	for (i = 0; i < N(sessions) && sessions[i].id; i++)
		;
	if (i == N(sessions))
		return -ENOMEM;
	s = &sessions[i];
	r = set_session(s, sop);
	if (r) {
		session_free(s);
		return r;
	}
	s->id = next_id++;
	s->fd = fd;
	sop->ses = s->id;
	return 0;
}

static int ioc_fsession(int fd, const struct fake_node *node, void *arg)
{
	struct fake_session *s = find(fd, *(__u32 *)arg);

	if (!s)
		return -EINVAL;
	session_free(s);
	return 0;
}

/* ---- CIOCCRYPT ---- */

static int cipher_check(const struct fake_session *s,
			const struct crypt_op *cop)
{
	if (cop->len % s->block)
		return -EINVAL;
	if (cop->len && (!cop->src || !cop->dst))
		return -EFAULT;
	return 0;
}

static int cipher_run(struct fake_session *s, struct crypt_op *cop)
{
	int ivlen = EVP_CIPHER_get_iv_length(s->cipher);
	EVP_CIPHER_CTX *ctx;
	int outl = 0, finl = 0, ok;

	if (cop->iv && ivlen)
		memcpy(s->iv, cop->iv, ivlen);
	if (s->stream)
		return EVP_CipherUpdate(s->stream, cop->dst, &outl, cop->src,
					cop->len) ? 0 : -EIO;
	ctx = cipher_ctx(s, cop->op == COP_ENCRYPT);
	ok = ctx &&
	     EVP_CipherUpdate(ctx, cop->dst, &outl, cop->src, cop->len) &&
	     EVP_CipherFinal_ex(ctx, cop->dst + outl, &finl) &&
	     (!ivlen || EVP_CIPHER_CTX_get_updated_iv(ctx, s->iv, ivlen));
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		return -EIO;
	if ((cop->flags & COP_FLAG_WRITE_IV) && cop->iv && ivlen)
		memcpy(cop->iv, s->iv, ivlen);
	return 0;
}

static int crypt_check(const struct fake_session *s,
		       const struct fake_node *node,
		       const struct crypt_op *cop)
{
	if (!s || s->aead || cop->op > COP_DECRYPT ||
	    (cop->flags & ~FAKE_KNOWN_FLAGS))
		return -EINVAL;
	if (node->max_len && cop->len > node->max_len)
		return -EINVAL;
	if (s->cipher)
		return cipher_check(s, cop);
	if (cop->len && !cop->src)
		return -EFAULT;
	return 0;
}

/* With a cipher and a hash, the hash covers the plaintext both ways. */
static int ioc_crypt(int fd, const struct fake_node *node, void *arg)
{
	struct crypt_op *cop = arg;
	struct fake_session *s = find(fd, cop->ses);
	bool hash_in = s && s->digest && (!s->cipher || cop->op == COP_ENCRYPT);
	int r = crypt_check(s, node, cop);

	if (!r && s->digest && hash_final_due(cop) && !cop->mac)
		r = -EFAULT;
	if (!r && !(cop->flags & COP_FLAG_NO_ZC))
		pin_pages(s, cop->len);
	if (!r && s->digest)
		r = hash_begin(s, node, cop);
	if (!r && hash_in)
		r = hash_update(s, cop->src, cop->len);
	if (!r && s->cipher)
		r = cipher_run(s, cop);
	if (!r && s->digest && !hash_in)
		r = hash_update(s, cop->dst, cop->len);
	if (!r && s->digest && hash_final_due(cop))
		r = hash_final(s, cop->mac);
	return r;
}

/* ---- CIOCAUTHCRYPT: GCM, the tag after the data ---- */

static int aead_check(const struct fake_session *s,
		      const struct fake_node *node,
		      const struct crypt_auth_op *ao, __u32 tl)
{
	if (!s || !s->aead || ao->op > COP_DECRYPT ||
	    ao->auth_len > FAKE_MAX_AUTH_LEN || tl > FAKE_GCM_TAG_LEN ||
	    (ao->op == COP_DECRYPT && ao->len < tl))
		return -EINVAL;
	if (node->max_len && ao->len > node->max_len)
		return -EINVAL;
	if (!ao->iv || (ao->auth_len && !ao->auth_src) ||
	    (ao->len && (!ao->src || !ao->dst)))
		return -EFAULT;
	return 0;
}

static bool aead_init(EVP_CIPHER_CTX *c, const struct fake_session *s,
		      const struct crypt_auth_op *ao)
{
	int enc = ao->op == COP_ENCRYPT, ol;

	return EVP_CipherInit_ex(c, s->cipher, NULL, NULL, NULL, enc) &&
	       (!ao->iv_len ||
		EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN,
				    (int)ao->iv_len, NULL)) &&
	       EVP_CipherInit_ex(c, NULL, NULL, s->key, ao->iv, enc) &&
	       (!ao->auth_len ||
		EVP_CipherUpdate(c, NULL, &ol, ao->auth_src,
				 (int)ao->auth_len));
}

static int ioc_authcrypt(int fd, const struct fake_node *node, void *arg)
{
	struct crypt_auth_op *ao = arg;
	struct fake_session *s = find(fd, ao->ses);
	__u32 tl = ao->tag_len ? ao->tag_len : FAKE_GCM_TAG_LEN;
	bool dec = ao->op == COP_DECRYPT;
	__u32 n = dec ? ao->len - tl : ao->len;
	int r = aead_check(s, node, ao, tl), ol, ok;
	EVP_CIPHER_CTX *c;

	if (r)
		return r;
	/* The tag size sticks to the session once made shorter. */
	if (s->authsize && tl > s->authsize)
		return -EINVAL;
	s->authsize = tl;
	pin_pages(s, ao->len);
	c = EVP_CIPHER_CTX_new();
	ok = c && aead_init(c, s, ao) &&
	     (!n || EVP_CipherUpdate(c, ao->dst, &ol, ao->src, (int)n));
	if (ok && dec)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, (int)tl,
					 ao->src + n) &&
		     EVP_CipherFinal_ex(c, ao->dst + n, &ol) > 0;
	else if (ok)
		ok = EVP_CipherFinal_ex(c, ao->dst + n, &ol) &&
		     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, (int)tl,
					 ao->dst + n);
	EVP_CIPHER_CTX_free(c);
	if (!ok)
		return dec ? -EBADMSG : -EIO;
	ao->len = dec ? n : n + tl;
	return 0;
}

/* ---- CIOCCPHASH ---- */

/* cryptodev-linux's errnos: EDEADLK, ENOENT, then EINVAL for no hash. */
static int ioc_cphash(int fd, const struct fake_node *node, void *arg)
{
	struct cphash_op *op = arg;
	struct fake_session *d, *s;
	EVP_MAC_CTX *mac;

	if (op->dst_ses == op->src_ses)
		return -EDEADLK;
	d = find(fd, op->dst_ses);
	s = find(fd, op->src_ses);
	if (!d || !s)
		return -ENOENT;
	if (!d->digest || !s->digest || strcmp(d->digest, s->digest) ||
	    d->keyed != s->keyed)
		return -EINVAL;
	if (s->keyed) {
		mac = EVP_MAC_CTX_dup(s->mac);
		if (!mac)
			return -ENOMEM;
		EVP_MAC_CTX_free(d->mac);
		d->mac = mac;
	} else if (!EVP_MD_CTX_copy_ex(d->md, s->md)) {
		return -EIO;
	}
	d->finalised = s->finalised;
	return 0;
}

/* ---- the wrapped calls ---- */

static const struct {
	unsigned long req;
	int (*fn)(int fd, const struct fake_node *node, void *arg);
} handlers[] = {
	{ CIOCGSESSION, ioc_gsession },
	{ CIOCFSESSION, ioc_fsession },
	{ CIOCCRYPT, ioc_crypt },
	{ CIOCAUTHCRYPT, ioc_authcrypt },
	{ CIOCCPHASH, ioc_cphash },
};

int __wrap_open(const char *path, int flags, ...)
{
	const struct fake_node *node = node_of(path);
	mode_t mode = 0;
	va_list ap;
	int fd;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (!node)
		return __real_open(path, flags, mode);
	fd = __real_open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= FAKE_MAX_FILES) {
		__real_close(fd);
		errno = EMFILE;
		return -1;
	}
	if (fd >= 0) {
		pthread_mutex_lock(&lock);
		files[fd] = node;
		pthread_mutex_unlock(&lock);
	}
	return fd;
}

int __wrap_close(int fd)
{
	size_t i;

	pthread_mutex_lock(&lock);
	if (fd >= 0 && fd < FAKE_MAX_FILES && files[fd]) {
		for (i = 0; i < N(sessions); i++)
			if (sessions[i].id && sessions[i].fd == fd)
				session_free(&sessions[i]);
		files[fd] = NULL;
	}
	pthread_mutex_unlock(&lock);
	return __real_close(fd);
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	const struct fake_node *node = NULL;
	va_list ap;
	void *arg;
	size_t i;
	int r = -EINVAL;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	pthread_mutex_lock(&lock);
	if (fd >= 0 && fd < FAKE_MAX_FILES)
		node = files[fd];
	if (!node) {
		pthread_mutex_unlock(&lock);
		return __real_ioctl(fd, req, arg);
	}
	for (i = 0; i < N(handlers); i++)
		if (handlers[i].req == req)
			r = handlers[i].fn(fd, node, arg);
	pthread_mutex_unlock(&lock);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return 0;
}
