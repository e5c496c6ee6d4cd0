// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The devcrypto engine: forwards each session to the host's /dev/crypto
 * (cryptodev-linux ABI).  It opens the device once, when the engine
 * opens, and only ever calls ioctl() on that one fd: the guest names
 * sessions by the core's ids, never host fds or host session numbers.
 *
 * IV chaining is done by the core, which always passes an explicit IV.
 *
 * Host memory: CIOCCRYPT goes with COP_FLAG_NO_ZC (the core has copied
 * the data already), so that cryptodev-linux keeps no page array per
 * session; the core caps max_sessions x max_data_len for this engine.
 *
 * GCM: a host session keeps the shortest tag length it was asked for
 * and refuses a longer one, so a GCM session keeps its key and is
 * re-created on the host when a request wants a longer tag.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <openssl/crypto.h>

#include "../../include/crypto/cryptodev.h"
#include "vcd-internal.h"

struct dc_engine {
	int fd;
	uint32_t cipher_mask, hash_mask;
};

struct dc_sess {
	uint32_t ses;		/* host session id on dc_engine.fd */
	bool cipher, hash, aead;
	bool whole_blocks;	/* cryptodev takes no partial block (XTS) */
	bool hash_done;		/* the last request finalised the hash */
	/* GCM only: to re-create the host session for a longer tag */
	uint32_t cipher_id;
	uint32_t key_len;
	uint8_t key[VCD_MAX_KEY_LEN];
	uint32_t host_tag_len;	/* the host session's tag length now */
};

/* The tag length of a fresh host GCM session (the full tag). */
#define DC_GCM_TAG_LEN 16

/* The block size that cryptodev-linux asks of xts(aes) lengths. */
#define DC_XTS_BLOCK_LEN 16

static const uint32_t dc_cipher[VIRTIO_CRYPTODEV_CIPHER_MAX + 1] = {
	[VIRTIO_CRYPTODEV_CIPHER_AES_CBC] = CRYPTO_AES_CBC,
	[VIRTIO_CRYPTODEV_CIPHER_AES_CTR] = CRYPTO_AES_CTR,
	[VIRTIO_CRYPTODEV_CIPHER_AES_ECB] = CRYPTO_AES_ECB,
	[VIRTIO_CRYPTODEV_CIPHER_AES_XTS] = CRYPTO_AES_XTS,
	[VIRTIO_CRYPTODEV_CIPHER_AES_GCM] = CRYPTO_AES_GCM,
	[VIRTIO_CRYPTODEV_CIPHER_NULL] = CRYPTO_NULL,
	[VIRTIO_CRYPTODEV_CIPHER_DES_CBC] = CRYPTO_DES_CBC,
	[VIRTIO_CRYPTODEV_CIPHER_3DES_CBC] = CRYPTO_3DES_CBC,
	[VIRTIO_CRYPTODEV_CIPHER_BF_CBC] = CRYPTO_BLF_CBC,
	[VIRTIO_CRYPTODEV_CIPHER_CAST5_CBC] = CRYPTO_CAST_CBC,
	[VIRTIO_CRYPTODEV_CIPHER_ARC4] = CRYPTO_ARC4,
	[VIRTIO_CRYPTODEV_CIPHER_CAMELLIA_CBC] = CRYPTO_CAMELLIA_CBC,
};

/* [alg][0]: plain hash, [alg][1]: HMAC */
static const uint32_t dc_hash[VIRTIO_CRYPTODEV_HASH_MAX + 1][2] = {
	[VIRTIO_CRYPTODEV_HASH_SHA1] = { CRYPTO_SHA1, CRYPTO_SHA1_HMAC },
	[VIRTIO_CRYPTODEV_HASH_SHA224] = {
		CRYPTO_SHA2_224, CRYPTO_SHA2_224_HMAC },
	[VIRTIO_CRYPTODEV_HASH_SHA256] = {
		CRYPTO_SHA2_256, CRYPTO_SHA2_256_HMAC },
	[VIRTIO_CRYPTODEV_HASH_SHA384] = {
		CRYPTO_SHA2_384, CRYPTO_SHA2_384_HMAC },
	[VIRTIO_CRYPTODEV_HASH_SHA512] = {
		CRYPTO_SHA2_512, CRYPTO_SHA2_512_HMAC },
	[VIRTIO_CRYPTODEV_HASH_MD5] = { CRYPTO_MD5, CRYPTO_MD5_HMAC },
	[VIRTIO_CRYPTODEV_HASH_RIPEMD160] = {
		CRYPTO_RIPEMD160, CRYPTO_RIPEMD160_HMAC },
};

static uint32_t errno_status(int e)
{
	switch (e) {
	case ENOMEM:
		return VIRTIO_CRYPTODEV_S_NOMEM;
	case EBADMSG:
		return VIRTIO_CRYPTODEV_S_AUTHFAIL;
	case ENOSPC:
		return VIRTIO_CRYPTODEV_S_NOSPC;
	default:
		return VIRTIO_CRYPTODEV_S_IOERR;
	}
}

static int dc_ioctl(struct dc_engine *e, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(e->fd, req, arg);
	} while (r < 0 && errno == EINTR);
	return r;
}

/* Whether the host accepts a session with this cipher/mac id. */
static bool dc_probe(struct dc_engine *e, uint32_t cipher, uint32_t keylen,
		     uint32_t mac, uint32_t mackeylen)
{
	uint8_t key[64];
	struct session_op so = {
		.cipher = cipher, .mac = mac, .keylen = keylen, .key = key,
		.mackeylen = mackeylen, .mackey = key,
	};
	unsigned int i;

	for (i = 0; i < sizeof(key); i++)	/* XTS: halves must differ */
		key[i] = (uint8_t)i;
	if (dc_ioctl(e, CIOCGSESSION, &so) < 0)
		return false;
	dc_ioctl(e, CIOCFSESSION, &so.ses);
	return true;
}

static void *dc_open(const struct vcd_core_conf *conf, char *err,
		     size_t errlen)
{
	const char *path = conf->devcrypto_path;
	struct dc_engine *e = calloc(1, sizeof(*e));
	unsigned int a;

	if (!e) {
		if (errlen)
			snprintf(err, errlen, "out of memory");
		return NULL;
	}
	e->fd = open(path, O_RDWR | O_CLOEXEC);
	if (e->fd < 0) {
		if (errlen)
			snprintf(err, errlen, "devcrypto: cannot open %s: %s",
				 path, strerror(errno));
		free(e);
		return NULL;
	}
	/* Offered only if every key size of the table is (or both ends). */
	for (a = 1; a <= VIRTIO_CRYPTODEV_CIPHER_MAX; a++) {
		uint32_t kl[3];
		unsigned int i, n = vcd_cipher_probe_keys(a, kl);
		bool all = true;

		for (i = 0; i < n; i++)
			if (!dc_probe(e, dc_cipher[a], kl[i], 0, 0))
				all = false;
		if (all)
			e->cipher_mask |= 1u << a;
	}
	for (a = 1; a <= VIRTIO_CRYPTODEV_HASH_MAX; a++)
		if (dc_probe(e, 0, 0, dc_hash[a][0], 0) &&
		    dc_probe(e, 0, 0, dc_hash[a][1], 16))
			e->hash_mask |= 1u << a;
	return e;
}

static void dc_close(void *engine)
{
	struct dc_engine *e = engine;

	if (!e)
		return;
	close(e->fd);
	free(e);
}

static void dc_algs(void *engine, uint32_t *cipher_mask,
		    uint32_t *hash_mask)
{
	struct dc_engine *e = engine;

	*cipher_mask = e->cipher_mask;
	*hash_mask = e->hash_mask;
}

static uint32_t dc_session_new(void *engine, const struct vcd_sess_params *p,
			       void **sess)
{
	struct dc_engine *e = engine;
	struct session_op so = {
		.cipher = dc_cipher[p->cipher_alg],
		.mac = p->hash_alg ? dc_hash[p->hash_alg][p->hmac] : 0,
		.keylen = p->key_len, .key = (uint8_t *)p->key,
		.mackeylen = p->mac_key_len, .mackey = (uint8_t *)p->mac_key,
	};
	struct dc_sess *s = calloc(1, sizeof(*s));

	if (!s)
		return VIRTIO_CRYPTODEV_S_NOMEM;
	if (dc_ioctl(e, CIOCGSESSION, &so) < 0) {
		/* Algorithms were probed: EINVAL now means the key. */
		uint32_t st = errno == EINVAL ? VIRTIO_CRYPTODEV_S_BADKEY
					      : errno_status(errno);
		free(s);
		return st;
	}
	s->ses = so.ses;
	s->cipher = p->cipher_alg;
	s->hash = p->hash_alg;
	s->whole_blocks = p->cipher_alg == VIRTIO_CRYPTODEV_CIPHER_AES_XTS;
	s->aead = p->cipher_alg &&
		  vcd_cipher_info(p->cipher_alg)->aead;
	if (s->aead) {
		s->cipher_id = so.cipher;
		s->key_len = p->key_len;
		memcpy(s->key, p->key, p->key_len);
		s->host_tag_len = DC_GCM_TAG_LEN;
	}
	*sess = s;
	return VIRTIO_CRYPTODEV_S_OK;
}

static void dc_session_free(void *engine, void *sess)
{
	struct dc_sess *s = sess;

	dc_ioctl(engine, CIOCFSESSION, &s->ses);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
}

/* A fresh host session for GCM @s, which then takes any tag length. */
static uint32_t dc_gcm_renew(struct dc_engine *e, struct dc_sess *s)
{
	struct session_op so = {
		.cipher = s->cipher_id, .keylen = s->key_len, .key = s->key,
	};

	if (dc_ioctl(e, CIOCGSESSION, &so) < 0)
		return errno_status(errno);
	dc_ioctl(e, CIOCFSESSION, &s->ses);
	s->ses = so.ses;
	s->host_tag_len = DC_GCM_TAG_LEN;
	return VIRTIO_CRYPTODEV_S_OK;
}

/*
 * Our (reset, final) flags in cryptodev terms: UPDATE alone continues;
 * FINAL finishes; RESET restarts first.  (cryptodev's one-shot "no
 * flags" is out of reach: COP_FLAG_NO_ZC is always set.)  Our hash
 * restarts after a final; cryptodev's state is undefined there, so the
 * request after a final always resets.
 */
static uint16_t dc_hash_flags(const struct dc_sess *s,
			      const struct vcd_op *op)
{
	bool reset = op->hash_reset || s->hash_done;

	if (reset && op->hash_final)
		return COP_FLAG_RESET | COP_FLAG_FINAL;
	if (op->hash_final)
		return COP_FLAG_FINAL;
	return COP_FLAG_UPDATE | (reset ? COP_FLAG_RESET : 0);
}

static uint32_t dc_crypt(void *engine, void *sess, struct vcd_op *op)
{
	struct dc_sess *s = sess;
	struct crypt_op co = {
		.ses = s->ses, .op = op->decrypt ? COP_DECRYPT : COP_ENCRYPT,
		.len = op->len, .src = op->buf, .dst = op->buf,
		.iv = (uint8_t *)op->iv, .flags = COP_FLAG_NO_ZC,
	};

	if (s->hash) {
		/*
		 * cryptodev finalises any zero-length update, so one that
		 * does not finish is not sent: a reset there only makes the
		 * next request start afresh.
		 */
		if (!op->len && !op->hash_final) {
			s->hash_done |= op->hash_reset;
			return VIRTIO_CRYPTODEV_S_OK;
		}
		co.flags |= dc_hash_flags(s, op);
		co.mac = op->digest;
	}
	if (!op->len && !s->hash)
		return VIRTIO_CRYPTODEV_S_OK;
	/*
	 * cryptodev-linux checks len against the tfm's block size, so
	 * XTS ciphertext stealing is out of reach through it: refuse it
	 * here, as a length error, rather than as a host failure.
	 */
	if (s->whole_blocks && op->len % DC_XTS_BLOCK_LEN)
		return VIRTIO_CRYPTODEV_S_BADLEN;
	if (dc_ioctl(engine, CIOCCRYPT, &co) < 0)
		return errno_status(errno);
	if (s->hash)
		s->hash_done = op->hash_final;
	return VIRTIO_CRYPTODEV_S_OK;
}

/* CIOCAUTHCRYPT keeps the tag after the data: ct||tag in or out. */
static uint32_t dc_aead(void *engine, void *sess, struct vcd_op *op)
{
	struct dc_sess *s = sess;
	size_t n = (size_t)op->len + op->tag_len;
	uint8_t *tmp = malloc(n);
	struct crypt_auth_op ao = {
		.ses = s->ses, .op = op->decrypt ? COP_DECRYPT : COP_ENCRYPT,
		.len = op->decrypt ? (uint32_t)n : op->len,
		.auth_len = op->aad_len, .auth_src = (uint8_t *)op->aad,
		.src = tmp, .dst = tmp, .tag_len = op->tag_len,
		.iv = (uint8_t *)op->iv, .iv_len = VCD_GCM_IV_LEN,
	};
	uint32_t st = VIRTIO_CRYPTODEV_S_OK;

	if (!tmp)
		return VIRTIO_CRYPTODEV_S_NOMEM;
	if (op->tag_len > s->host_tag_len) {
		st = dc_gcm_renew(engine, s);
		if (st != VIRTIO_CRYPTODEV_S_OK)
			goto out;
		ao.ses = s->ses;
	}
	memcpy(tmp, op->buf, op->len);
	if (op->decrypt)
		memcpy(tmp + op->len, op->tag, op->tag_len);
	/* The host session keeps the shorter length, even on failure. */
	s->host_tag_len = op->tag_len;
	if (dc_ioctl(engine, CIOCAUTHCRYPT, &ao) < 0) {
		st = errno_status(errno);
		goto out;
	}
	memcpy(op->buf, tmp, op->len);
	if (!op->decrypt)
		memcpy(op->tag, tmp + op->len, op->tag_len);
out:
	/* Plaintext in or out, maybe one that failed its tag. */
	OPENSSL_cleanse(tmp, n);
	free(tmp);
	return st;
}

/* CIOCCPHASH on the host, between our two host sessions. */
static uint32_t dc_hash_copy(void *engine, void *dst, void *src)
{
	struct dc_sess *d = dst, *s = src;
	struct cphash_op cp = { .dst_ses = d->ses, .src_ses = s->ses };

	if (dc_ioctl(engine, CIOCCPHASH, &cp) < 0)
		return errno_status(errno);
	d->hash_done = s->hash_done;
	return VIRTIO_CRYPTODEV_S_OK;
}

const struct vcd_engine_ops vcd_engine_devcrypto = {
	.name = "devcrypto",
	.open = dc_open,
	.close = dc_close,
	.algs = dc_algs,
	.session_new = dc_session_new,
	.session_free = dc_session_free,
	.crypt = dc_crypt,
	.aead = dc_aead,
	.hash_copy = dc_hash_copy,
};
