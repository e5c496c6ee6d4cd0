// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The openssl engine: EVP ciphers, digests and EVP_MAC HMAC.  Algorithms
 * are fetched once when the engine opens; each session keeps one cipher
 * context per direction keyed once, so a request only sets its IV.
 *
 * DES, Blowfish, CAST5 and RC4 live in OpenSSL's legacy provider, which
 * the engine loads when it opens (next to the default provider); without
 * it those algorithms are simply not offered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include "vcd-internal.h"

#define NCIPHER		(VIRTIO_CRYPTODEV_CIPHER_MAX + 1)
#define NHASH		(VIRTIO_CRYPTODEV_HASH_MAX + 1)

struct ossl_engine {
	/* [alg][i]: the cipher for key_lens[i] of the algorithm table */
	EVP_CIPHER *cipher[NCIPHER][3];
	EVP_MD *md[NHASH];
	EVP_MAC *hmac;
	OSSL_PROVIDER *legacy;	/* NULL: not there */
};

struct ossl_sess {
	EVP_CIPHER_CTX *enc, *dec;
	const struct vcd_hash_info *hi;
	EVP_MD *md;		/* hash only (borrowed from the engine) */
	EVP_MD_CTX *md_ctx;	/* plain hash */
	EVP_MAC_CTX *mac_ctx;	/* HMAC */
	bool hash_started;	/* hash state holds data since the last
				 * reset/final */
	bool stream;		/* one context both ways (ARC4) */
};

/* EVP names, in the order of the algorithm table's key_lens. */
static const char *const cipher_names[NCIPHER][3] = {
	[VIRTIO_CRYPTODEV_CIPHER_AES_CBC] = {
		"AES-128-CBC", "AES-192-CBC", "AES-256-CBC" },
	[VIRTIO_CRYPTODEV_CIPHER_AES_CTR] = {
		"AES-128-CTR", "AES-192-CTR", "AES-256-CTR" },
	[VIRTIO_CRYPTODEV_CIPHER_AES_ECB] = {
		"AES-128-ECB", "AES-192-ECB", "AES-256-ECB" },
	[VIRTIO_CRYPTODEV_CIPHER_AES_XTS] = { "AES-128-XTS", "AES-256-XTS" },
	[VIRTIO_CRYPTODEV_CIPHER_AES_GCM] = {
		"AES-128-GCM", "AES-192-GCM", "AES-256-GCM" },
	[VIRTIO_CRYPTODEV_CIPHER_NULL] = { "NULL" },
	[VIRTIO_CRYPTODEV_CIPHER_DES_CBC] = { "DES-CBC" },
	[VIRTIO_CRYPTODEV_CIPHER_3DES_CBC] = { "DES-EDE3-CBC" },
	/* Variable key lengths: one cipher, the length set per session. */
	[VIRTIO_CRYPTODEV_CIPHER_BF_CBC] = { "BF-CBC" },
	[VIRTIO_CRYPTODEV_CIPHER_CAST5_CBC] = { "CAST5-CBC" },
	[VIRTIO_CRYPTODEV_CIPHER_ARC4] = { "RC4" },
	[VIRTIO_CRYPTODEV_CIPHER_CAMELLIA_CBC] = {
		"CAMELLIA-128-CBC", "CAMELLIA-192-CBC", "CAMELLIA-256-CBC" },
};

static void ossl_close(void *engine)
{
	struct ossl_engine *e = engine;
	unsigned int a, i;

	if (!e)
		return;
	for (a = 0; a < NCIPHER; a++)
		for (i = 0; i < 3; i++)
			EVP_CIPHER_free(e->cipher[a][i]);
	for (a = 0; a < NHASH; a++)
		EVP_MD_free(e->md[a]);
	EVP_MAC_free(e->hmac);
	if (e->legacy)
		OSSL_PROVIDER_unload(e->legacy);
	free(e);
}

static void *ossl_open(const struct vcd_core_conf *conf, char *err,
		       size_t errlen)
{
	struct ossl_engine *e = calloc(1, sizeof(*e));
	unsigned int a, i;

	if (!e) {
		if (errlen)
			snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/*
	 * The legacy provider, keeping the default one as a fallback (1):
	 * a missing provider only drops its algorithms, as any failed
	 * fetch (e.g. SHA-1 under a FIPS config) drops its own.
	 */
	e->legacy = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
	for (a = 0; a < NCIPHER; a++)
		for (i = 0; i < 3; i++)
			if (cipher_names[a][i])
				e->cipher[a][i] = EVP_CIPHER_fetch(NULL,
						cipher_names[a][i], NULL);
	for (a = 1; a < NHASH; a++)
		e->md[a] = EVP_MD_fetch(NULL, vcd_hash_info(a)->name, NULL);
	e->hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!e->cipher[VIRTIO_CRYPTODEV_CIPHER_AES_CBC][0]) {
		if (errlen)
			snprintf(err, errlen, "openssl: no AES-128-CBC");
		ossl_close(e);
		return NULL;
	}
	return e;
}

static void ossl_algs(void *engine, uint32_t *cipher_mask,
		      uint32_t *hash_mask)
{
	struct ossl_engine *e = engine;
	unsigned int a, i;

	*cipher_mask = 0;
	*hash_mask = 0;
	/* A cipher is offered with every key size of the table, or not. */
	for (a = 1; a < NCIPHER; a++) {
		bool all = true;

		for (i = 0; i < 3; i++)
			if (cipher_names[a][i] && !e->cipher[a][i])
				all = false;
		if (all)
			*cipher_mask |= 1u << a;
	}
	for (a = 1; a < NHASH; a++)
		if (e->md[a] && e->hmac)
			*hash_mask |= 1u << a;
}

static EVP_CIPHER *cipher_for(struct ossl_engine *e, uint32_t alg,
			      uint32_t key_len)
{
	const struct vcd_cipher_info *ci = vcd_cipher_info(alg);
	unsigned int i;

	if (ci->key_max || !ci->key_lens[0])	/* variable, or no key */
		return e->cipher[alg][0];
	for (i = 0; i < 3; i++)
		if (ci->key_lens[i] == key_len)
			return e->cipher[alg][i];
	return NULL;
}

/* Key @ctx for @c in direction @enc, with a variable key length. */
static bool cipher_key(EVP_CIPHER_CTX *ctx, EVP_CIPHER *c,
		       const struct vcd_sess_params *p, int enc)
{
	if (!vcd_cipher_info(p->cipher_alg)->key_max)
		return EVP_CipherInit_ex2(ctx, c, p->key, NULL, enc, NULL);
	return EVP_CipherInit_ex2(ctx, c, NULL, NULL, enc, NULL) &&
	       EVP_CIPHER_CTX_set_key_length(ctx, (int)p->key_len) > 0 &&
	       EVP_CipherInit_ex2(ctx, NULL, p->key, NULL, enc, NULL);
}

static void ossl_session_free(void *engine, void *sess)
{
	struct ossl_sess *s = sess;

	EVP_CIPHER_CTX_free(s->enc);
	EVP_CIPHER_CTX_free(s->dec);
	EVP_MD_CTX_free(s->md_ctx);
	EVP_MAC_CTX_free(s->mac_ctx);
	free(s);
}

static uint32_t cipher_new(struct ossl_engine *e, struct ossl_sess *s,
			   const struct vcd_sess_params *p)
{
	EVP_CIPHER *c = cipher_for(e, p->cipher_alg, p->key_len);

	if (!c)
		return VIRTIO_CRYPTODEV_S_UNSUPP;
	s->enc = EVP_CIPHER_CTX_new();
	s->dec = EVP_CIPHER_CTX_new();
	if (!s->enc || !s->dec)
		return VIRTIO_CRYPTODEV_S_NOMEM;
	s->stream = vcd_cipher_info(p->cipher_alg)->stream;
	/* Rejects e.g. an XTS key whose halves are equal. */
	if (!cipher_key(s->enc, c, p, 1) || !cipher_key(s->dec, c, p, 0))
		return VIRTIO_CRYPTODEV_S_BADKEY;
	EVP_CIPHER_CTX_set_padding(s->enc, 0);
	EVP_CIPHER_CTX_set_padding(s->dec, 0);
	return VIRTIO_CRYPTODEV_S_OK;
}

static uint32_t hash_new(struct ossl_engine *e, struct ossl_sess *s,
			 const struct vcd_sess_params *p)
{
	OSSL_PARAM params[2];

	s->hi = vcd_hash_info(p->hash_alg);
	if (!p->hmac) {
		s->md = e->md[p->hash_alg];
		s->md_ctx = EVP_MD_CTX_new();
		return s->md_ctx ? VIRTIO_CRYPTODEV_S_OK
				 : VIRTIO_CRYPTODEV_S_NOMEM;
	}
	s->mac_ctx = EVP_MAC_CTX_new(e->hmac);
	if (!s->mac_ctx)
		return VIRTIO_CRYPTODEV_S_NOMEM;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)s->hi->name, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(s->mac_ctx, p->mac_key, p->mac_key_len, params))
		return VIRTIO_CRYPTODEV_S_BADKEY;
	/* The keyed init counts as the first reset. */
	s->hash_started = true;
	return VIRTIO_CRYPTODEV_S_OK;
}

static uint32_t ossl_session_new(void *engine,
				 const struct vcd_sess_params *p, void **sess)
{
	struct ossl_sess *s = calloc(1, sizeof(*s));
	uint32_t st = VIRTIO_CRYPTODEV_S_OK;

	if (!s)
		return VIRTIO_CRYPTODEV_S_NOMEM;
	if (p->cipher_alg)
		st = cipher_new(engine, s, p);
	if (st == VIRTIO_CRYPTODEV_S_OK && p->hash_alg)
		st = hash_new(engine, s, p);
	if (st != VIRTIO_CRYPTODEV_S_OK) {
		ossl_session_free(engine, s);
		return st;
	}
	*sess = s;
	return st;
}

static bool hash_begin(struct ossl_sess *s)
{
	s->hash_started = true;
	if (s->mac_ctx)		/* NULL key: restart with the same key */
		return EVP_MAC_init(s->mac_ctx, NULL, 0, NULL);
	return EVP_DigestInit_ex2(s->md_ctx, s->md, NULL);
}

/* Feed @len bytes at @p to the started hash. */
static bool hash_data(struct ossl_sess *s, const uint8_t *p, size_t len)
{
	if (!len)
		return true;
	if (s->mac_ctx)
		return EVP_MAC_update(s->mac_ctx, p, len);
	return EVP_DigestUpdate(s->md_ctx, p, len);
}

/* Start the hash if this op or the state asks for it. */
static bool hash_start(struct ossl_sess *s, const struct vcd_op *op)
{
	return !(op->hash_reset || !s->hash_started) || hash_begin(s);
}

/* The whole of src into the hash: the buffer, or each iovec span. */
static bool hash_update(struct ossl_sess *s, const struct vcd_op *op)
{
	struct vcd_iov_iter it;
	size_t left = op->len, n;
	uint8_t *p;

	if (!hash_start(s, op))
		return false;
	if (op->buf)
		return hash_data(s, op->buf, op->len);
	vcd_iov_iter_init(&it, op->src, op->src_num, op->src_off);
	while (left) {
		n = vcd_iov_iter_span(&it, &p);
		if (!n)
			return false;	/* checked by the core: never */
		if (n > left)
			n = left;
		if (!hash_data(s, p, n))
			return false;
		vcd_iov_iter_advance(&it, n);
		left -= n;
	}
	return true;
}

static bool hash_final(struct ossl_sess *s, uint8_t *digest)
{
	unsigned int mdlen;
	size_t maclen;
	bool ok;

	s->hash_started = false;
	if (s->mac_ctx)
		ok = EVP_MAC_final(s->mac_ctx, digest, &maclen,
				   VCD_MAX_DIGEST_LEN);
	else
		ok = EVP_DigestFinal_ex(s->md_ctx, digest, &mdlen);
	return ok;
}

/* One update of exactly @len bytes (@len fits an int: max_data_len). */
static bool update(EVP_CIPHER_CTX *ctx, uint8_t *out, const uint8_t *in,
		   size_t len)
{
	int outl = 0;

	return EVP_CipherUpdate(ctx, out, &outl, in, (int)len) &&
	       (size_t)outl == len;
}

/*
 * Bytes each bounce of cipher_sg() takes: a multiple of every block
 * size, big enough to keep OpenSSL's bulk code busy.
 */
#define BOUNCE_LEN	1024
/* Stretches shorter than this go through the bounce with their
 * neighbours rather than into an update of their own. */
#define SHORT_LEN	256

/*
 * Encrypt or decrypt @n bytes from @in to @out, both in guest memory,
 * and hash the plaintext (@hash_in: the input, else the output) when
 * @hash.  Buffers that overlap other than exactly (in place) go through
 * @tmp, so that OpenSSL only ever sees in == out or disjoint buffers,
 * whatever the guest aliased.
 */
static bool crypt_span(EVP_CIPHER_CTX *ctx, struct ossl_sess *s,
		       uint8_t *out, const uint8_t *in, size_t n, bool hash,
		       bool hash_in, uint8_t *tmp, size_t bl)
{
	size_t m;

	if (in == out || out + n <= in || in + n <= out) {
		if (hash && hash_in && !hash_data(s, in, n))
			return false;
		if (!update(ctx, out, in, n))
			return false;
		return !hash || hash_in || hash_data(s, out, n);
	}
	for (; n; n -= m, in += m, out += m) {
		m = n < BOUNCE_LEN ? n : BOUNCE_LEN - BOUNCE_LEN % bl;
		memcpy(tmp, in, m);
		if (hash && hash_in && !hash_data(s, tmp, m))
			return false;
		if (!update(ctx, tmp, tmp, m))
			return false;
		if (hash && !hash_in && !hash_data(s, tmp, m))
			return false;
		memcpy(out, tmp, m);
	}
	return true;
}

/*
 * The cipher pass over the guest's iovecs: one EVP_CipherUpdate per
 * stretch where a src span and a dst span meet, in whole blocks; a block
 * that crosses a descriptor on either side (and short stretches around
 * it) is gathered into a bounce buffer, run, and scattered.  The length
 * is a multiple of the block size (the core checked it).
 */
static bool cipher_sg(EVP_CIPHER_CTX *ctx, struct ossl_sess *s,
		      const struct vcd_op *op, bool hash, bool hash_in)
{
	uint8_t tmp[BOUNCE_LEN];
	struct vcd_iov_iter si, di;
	size_t left = op->len, bl, sn, dn, n;
	uint8_t *sp, *dp;
	int b = EVP_CIPHER_CTX_get_block_size(ctx);

	bl = b > 0 ? (size_t)b : 1;
	if (bl > EVP_MAX_BLOCK_LENGTH)
		return false;
	vcd_iov_iter_init(&si, op->src, op->src_num, op->src_off);
	vcd_iov_iter_init(&di, op->dst, op->dst_num, op->dst_off);
	while (left) {
		sn = vcd_iov_iter_span(&si, &sp);
		dn = vcd_iov_iter_span(&di, &dp);
		n = sn < dn ? sn : dn;
		if (n > left)
			n = left;
		n -= n % bl;
		if (n >= SHORT_LEN || n == left) {
			if (!crypt_span(ctx, s, dp, sp, n, hash, hash_in, tmp,
					bl))
				return false;
			vcd_iov_iter_advance(&si, n);
			vcd_iov_iter_advance(&di, n);
			left -= n;
			continue;
		}
		/*
		 * A block across descriptors, or a short stretch before
		 * one: through the bounce, up to the farther of the two
		 * boundaries, so that the next stretch starts on one.
		 */
		n = sn > dn ? sn : dn;
		if (n > left)
			n = left;
		if (n > BOUNCE_LEN)
			n = BOUNCE_LEN;
		n -= n % bl;
		if (n < bl)
			n = bl;		/* left is a multiple of bl */
		if (n > left || vcd_iov_iter_copy(&si, tmp, n, false) != n)
			return false;
		if (hash && hash_in && !hash_data(s, tmp, n))
			return false;
		if (!update(ctx, tmp, tmp, n))
			return false;
		if (hash && !hash_in && !hash_data(s, tmp, n))
			return false;
		if (vcd_iov_iter_copy(&di, tmp, n, true) != n)
			return false;
		left -= n;
	}
	return true;
}

/*
 * One whole cipher pass, with the plaintext hashed on the way when
 * @hash (cryptodev semantics: the hash always covers the plaintext).
 */
static bool cipher_run(EVP_CIPHER_CTX *ctx, struct ossl_sess *s,
		       const struct vcd_op *op, bool hash)
{
	uint8_t fin[EVP_MAX_BLOCK_LENGTH];
	int finl = 0;
	bool ok;

	if (!EVP_CipherInit_ex2(ctx, NULL, NULL, op->iv, -1, NULL))
		return false;
	if (hash && !hash_start(s, op))
		return false;
	if (op->buf) {
		if (hash && !op->decrypt && !hash_data(s, op->buf, op->len))
			return false;
		ok = !op->len || update(ctx, op->buf, op->buf, op->len);
		if (ok && hash && op->decrypt)
			ok = hash_data(s, op->buf, op->len);
	} else {
		ok = cipher_sg(ctx, s, op, hash, !op->decrypt);
	}
	/* No padding, whole blocks: nothing is left for the final. */
	return ok && EVP_CipherFinal_ex(ctx, fin, &finl) && finl == 0;
}

static uint32_t ossl_crypt(void *engine, void *sess, struct vcd_op *op)
{
	struct ossl_sess *s = sess;
	bool hash = s->hi, ok;

	if (s->enc)
		ok = cipher_run(op->decrypt && !s->stream ? s->dec : s->enc,
				s, op, hash);
	else
		ok = !hash || hash_update(s, op);
	if (ok && hash && op->hash_final)
		ok = hash_final(s, op->digest);
	return ok ? VIRTIO_CRYPTODEV_S_OK : VIRTIO_CRYPTODEV_S_IOERR;
}

static uint32_t ossl_aead(void *engine, void *sess, struct vcd_op *op)
{
	struct ossl_sess *s = sess;
	EVP_CIPHER_CTX *ctx = op->decrypt ? s->dec : s->enc;
	uint8_t fin[EVP_MAX_BLOCK_LENGTH];
	int outl = 0, finl = 0;

	if (!EVP_CipherInit_ex2(ctx, NULL, NULL, op->iv, -1, NULL))
		return VIRTIO_CRYPTODEV_S_IOERR;
	if (op->aad_len &&
	    !EVP_CipherUpdate(ctx, NULL, &outl, op->aad, (int)op->aad_len))
		return VIRTIO_CRYPTODEV_S_IOERR;
	if (!op->buf) {
		/* Encrypt only: the core bounces decryption (data.c). */
		if (op->decrypt || !cipher_sg(ctx, s, op, false, false) ||
		    EVP_CipherFinal_ex(ctx, fin, &finl) <= 0 ||
		    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
					 (int)op->tag_len, op->tag))
			return VIRTIO_CRYPTODEV_S_IOERR;
		return VIRTIO_CRYPTODEV_S_OK;
	}
	if (op->len &&
	    !EVP_CipherUpdate(ctx, op->buf, &outl, op->buf, (int)op->len))
		return VIRTIO_CRYPTODEV_S_IOERR;
	if (op->decrypt) {
		if (!EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
					 (int)op->tag_len, op->tag))
			return VIRTIO_CRYPTODEV_S_IOERR;
		if (EVP_CipherFinal_ex(ctx, op->buf + outl, &finl) <= 0) {
			/* Unauthenticated plaintext: gone at once. */
			OPENSSL_cleanse(op->buf, op->len);
			return VIRTIO_CRYPTODEV_S_AUTHFAIL;
		}
		return VIRTIO_CRYPTODEV_S_OK;
	}
	if (EVP_CipherFinal_ex(ctx, op->buf + outl, &finl) <= 0 ||
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
				 (int)op->tag_len, op->tag))
		return VIRTIO_CRYPTODEV_S_IOERR;
	return VIRTIO_CRYPTODEV_S_OK;
}

static uint32_t ossl_hash_copy(void *engine, void *dst, void *src)
{
	struct ossl_sess *d = dst, *s = src;
	EVP_MAC_CTX *mac;

	/* A hash that has not started has no state to copy. */
	if (s->mac_ctx) {
		/* The HMAC state comes with its key: the source's. */
		mac = EVP_MAC_CTX_dup(s->mac_ctx);
		if (!mac)
			return VIRTIO_CRYPTODEV_S_NOMEM;
		EVP_MAC_CTX_free(d->mac_ctx);
		d->mac_ctx = mac;
	} else if (s->hash_started &&
		   !EVP_MD_CTX_copy_ex(d->md_ctx, s->md_ctx)) {
		return VIRTIO_CRYPTODEV_S_IOERR;
	}
	d->hash_started = s->hash_started;
	return VIRTIO_CRYPTODEV_S_OK;
}

const struct vcd_engine_ops vcd_engine_openssl = {
	.name = "openssl",
	.sg = true,
	.open = ossl_open,
	.close = ossl_close,
	.algs = ossl_algs,
	.session_new = ossl_session_new,
	.session_free = ossl_session_free,
	.crypt = ossl_crypt,
	.aead = ossl_aead,
	.hash_copy = ossl_hash_copy,
};
