// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A fake /dev/crypto for host tests of the ucrypto devcrypto provider.
 * Linked with -Wl,--wrap=open,--wrap=close,--wrap=ioctl, it answers the
 * cryptodev ioctls on "/dev/crypto" with OpenSSL, following
 * /work/shared/cryptodev-abi.md as docs/ucrypto.md relies on it: session
 * create/free, the chained IV and COP_FLAG_WRITE_IV, the hash
 * reset/update/final rules and the errno of each refusal.
 *
 * It is stricter than cryptodev-linux in two ways that catch library
 * bugs: a request longer than FAKE_MAX_LEN is EINVAL (a virtio-cryptodev
 * device with a small max_data_len does that), and an update after a
 * final without COP_FLAG_RESET is EIO.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <crypto/cryptodev.h>

#define N(a)			(sizeof(a) / sizeof((a)[0]))
#define FAKE_MAX_LEN		8192
#define FAKE_MAX_SESSIONS	32
#define FAKE_KNOWN_FLAGS	0x7f

int __real_open(const char *path, int flags, ...);
int __real_close(int fd);
int __real_ioctl(int fd, unsigned long req, ...);
int __wrap_open(const char *path, int flags, ...);
int __wrap_close(int fd);
int __wrap_ioctl(int fd, unsigned long req, ...);

static const struct {
	__u32 id;
	unsigned int block;
	const EVP_CIPHER *(*evp[3])(void);	/* 16, 24, 32-byte keys */
} fake_ciphers[] = {
	{ CRYPTO_AES_CBC, 16,
	  { EVP_aes_128_cbc, EVP_aes_192_cbc, EVP_aes_256_cbc } },
	{ CRYPTO_AES_CTR, 1,
	  { EVP_aes_128_ctr, EVP_aes_192_ctr, EVP_aes_256_ctr } },
	{ CRYPTO_AES_ECB, 16,
	  { EVP_aes_128_ecb, EVP_aes_192_ecb, EVP_aes_256_ecb } },
};

static const struct {
	__u32 id;
	const char *digest;
	int keyed;
} fake_macs[] = {
	{ CRYPTO_SHA1, "SHA1", 0 },
	{ CRYPTO_SHA2_224, "SHA224", 0 },
	{ CRYPTO_SHA2_256, "SHA256", 0 },
	{ CRYPTO_SHA2_384, "SHA384", 0 },
	{ CRYPTO_SHA2_512, "SHA512", 0 },
	{ CRYPTO_SHA1_HMAC, "SHA1", 1 },
	{ CRYPTO_SHA2_224_HMAC, "SHA224", 1 },
	{ CRYPTO_SHA2_256_HMAC, "SHA256", 1 },
	{ CRYPTO_SHA2_384_HMAC, "SHA384", 1 },
	{ CRYPTO_SHA2_512_HMAC, "SHA512", 1 },
};

struct fake_session {
	__u32 id;			/* 0: slot free */
	const EVP_CIPHER *cipher;
	unsigned int block;
	unsigned char key[32];
	unsigned char iv[16];		/* chained IV */
	const char *digest;		/* NULL: no hash */
	int keyed;
	unsigned char mackey[CRYPTO_HMAC_MAX_KEY_LEN];
	size_t mackeylen;
	EVP_MD_CTX *md;
	EVP_MAC_CTX *mac;
	int finalised;
};

static struct fake_session sessions[FAKE_MAX_SESSIONS];
static int fake_fd = -1;
static __u32 next_id = 0x1000;

static int fail(int err)
{
	errno = err;
	return -1;
}

static struct fake_session *find(__u32 id)
{
	size_t i;

	for (i = 0; id && i < N(sessions); i++)
		if (sessions[i].id == id)
			return &sessions[i];
	return NULL;
}

static void session_free(struct fake_session *s)
{
	EVP_MD_CTX_free(s->md);
	EVP_MAC_CTX_free(s->mac);
	memset(s, 0, sizeof(*s));
}

static int hash_reset(struct fake_session *s)
{
	OSSL_PARAM params[2];

	s->finalised = 0;
	if (!s->keyed)
		return EVP_DigestInit_ex(s->md, EVP_get_digestbyname(s->digest),
					 NULL) ? 0 : fail(EIO);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)s->digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	return EVP_MAC_init(s->mac, s->mackey, s->mackeylen, params) ?
	       0 : fail(EIO);
}

static int set_cipher(struct fake_session *s, const struct session_op *sop)
{
	size_t i;

	for (i = 0; i < N(fake_ciphers); i++)
		if (fake_ciphers[i].id == sop->cipher)
			break;
	if (i == N(fake_ciphers) || (sop->keylen != 16 &&
	    sop->keylen != 24 && sop->keylen != 32))
		return fail(EINVAL);
	if (!sop->key)
		return fail(EFAULT);
	s->cipher = fake_ciphers[i].evp[sop->keylen / 8 - 2]();
	s->block = fake_ciphers[i].block;
	memcpy(s->key, sop->key, sop->keylen);
	return 0;
}

static int set_mac(struct fake_session *s, const struct session_op *sop)
{
	EVP_MAC *mac;
	size_t i;

	for (i = 0; i < N(fake_macs); i++)
		if (fake_macs[i].id == sop->mac)
			break;
	if (i == N(fake_macs) || sop->mackeylen > CRYPTO_HMAC_MAX_KEY_LEN ||
	    (fake_macs[i].keyed && !sop->mackeylen))
		return fail(EINVAL);
	if (sop->mackeylen && !sop->mackey)
		return fail(EFAULT);
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
		return fail(ENOMEM);
	return hash_reset(s);
}

static int ioc_gsession(void *arg)
{
	struct session_op *sop = arg;
	struct fake_session *s;
	size_t i;

	if (!sop->cipher && !sop->mac)
		return fail(EINVAL);
	for (i = 0; i < N(sessions) && sessions[i].id; i++)
		;
	if (i == N(sessions))
		return fail(ENOMEM);
	s = &sessions[i];
	if ((sop->cipher && set_cipher(s, sop)) ||
	    (sop->mac && set_mac(s, sop))) {
		int err = errno;

		session_free(s);
		return fail(err);
	}
	s->id = next_id++;
	sop->ses = s->id;
	return 0;
}

static int ioc_fsession(void *arg)
{
	struct fake_session *s = find(*(__u32 *)arg);

	if (!s)
		return fail(EINVAL);
	session_free(s);
	return 0;
}

static int do_cipher(struct fake_session *s, struct crypt_op *cop)
{
	EVP_CIPHER_CTX *ctx;
	int outl, ok;

	if (cop->len % s->block)
		return fail(EINVAL);
	if (cop->len && (!cop->src || !cop->dst))
		return fail(EFAULT);
	if (cop->iv)
		memcpy(s->iv, cop->iv, sizeof(s->iv));
	ctx = EVP_CIPHER_CTX_new();
	ok = ctx && EVP_CipherInit_ex(ctx, s->cipher, NULL, s->key, s->iv,
				      cop->op == COP_ENCRYPT) &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	     EVP_CipherUpdate(ctx, cop->dst, &outl, cop->src, cop->len) &&
	     EVP_CIPHER_CTX_get_updated_iv(ctx, s->iv, sizeof(s->iv));
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		return fail(EIO);
	if ((cop->flags & COP_FLAG_WRITE_IV) && cop->iv)
		memcpy(cop->iv, s->iv, sizeof(s->iv));
	return 0;
}

static int hash_update(struct fake_session *s, const void *p, size_t len)
{
	int ok = s->keyed ? EVP_MAC_update(s->mac, p, len) :
			    EVP_DigestUpdate(s->md, p, len);

	return ok ? 0 : fail(EIO);
}

static int hash_final(struct fake_session *s, unsigned char *out)
{
	size_t outl;
	int ok = s->keyed ? EVP_MAC_final(s->mac, out, &outl, 64) :
			    EVP_DigestFinal_ex(s->md, out, NULL);

	s->finalised = 1;
	return ok ? 0 : fail(EIO);
}

static int do_hash(struct fake_session *s, struct crypt_op *cop)
{
	if ((cop->flags == 0 || (cop->flags & COP_FLAG_RESET)) &&
	    hash_reset(s))
		return -1;
	if (cop->len && !cop->src)
		return fail(EFAULT);
	if (cop->len && s->finalised)
		return fail(EIO);	/* library bug: update after final */
	if (cop->len && hash_update(s, cop->src, cop->len))
		return -1;
	if ((cop->flags & COP_FLAG_FINAL) ||
	    !(cop->flags & COP_FLAG_UPDATE) || !cop->len) {
		if (!cop->mac)
			return fail(EFAULT);
		return hash_final(s, cop->mac);
	}
	return 0;
}

static int ioc_crypt(void *arg)
{
	struct crypt_op *cop = arg;
	struct fake_session *s = find(cop->ses);

	if (!s || cop->op > COP_DECRYPT || (cop->flags & ~FAKE_KNOWN_FLAGS))
		return fail(EINVAL);
	if (cop->len > FAKE_MAX_LEN)
		return fail(EINVAL);
	if (s->cipher)
		return do_cipher(s, cop);
	return do_hash(s, cop);
}

static const struct {
	unsigned long req;
	int (*fn)(void *arg);
} handlers[] = {
	{ CIOCGSESSION, ioc_gsession },
	{ CIOCFSESSION, ioc_fsession },
	{ CIOCCRYPT, ioc_crypt },
};

int __wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	if (!strcmp(path, "/dev/crypto")) {
		if (fake_fd >= 0)
			return fail(EBUSY);	/* one open file is enough */
		fake_fd = __real_open("/dev/null", O_RDWR | O_CLOEXEC);
		return fake_fd;
	}
	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	return __real_open(path, flags, mode);
}

int __wrap_close(int fd)
{
	size_t i;

	if (fd >= 0 && fd == fake_fd) {
		for (i = 0; i < N(sessions); i++)
			if (sessions[i].id)
				session_free(&sessions[i]);
		fake_fd = -1;
	}
	return __real_close(fd);
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	size_t i;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd < 0 || fd != fake_fd)
		return __real_ioctl(fd, req, arg);
	for (i = 0; i < N(handlers); i++)
		if (handlers[i].req == req)
			return handlers[i].fn(arg);
	return fail(EINVAL);
}
