// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Known answers through the core, from the project's shared vectors
 * (tests/vectors): every cipher, GCM, hash and HMAC vector in one
 * request and, where state carries over, in several (IV chaining,
 * multi-part hashes), with the streams split across descriptors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "../vectors/vectors.h"
#include "test-util.h"

static const uint32_t cipher_alg[] = {
	[KAT_AES_ECB] = VIRTIO_CRYPTODEV_CIPHER_AES_ECB,
	[KAT_AES_CBC] = VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
	[KAT_AES_CTR] = VIRTIO_CRYPTODEV_CIPHER_AES_CTR,
	[KAT_AES_XTS] = VIRTIO_CRYPTODEV_CIPHER_AES_XTS,
	[KAT_NULL] = VIRTIO_CRYPTODEV_CIPHER_NULL,
	[KAT_DES_CBC] = VIRTIO_CRYPTODEV_CIPHER_DES_CBC,
	[KAT_3DES_CBC] = VIRTIO_CRYPTODEV_CIPHER_3DES_CBC,
	[KAT_BF_CBC] = VIRTIO_CRYPTODEV_CIPHER_BF_CBC,
	[KAT_CAST5_CBC] = VIRTIO_CRYPTODEV_CIPHER_CAST5_CBC,
	[KAT_ARC4] = VIRTIO_CRYPTODEV_CIPHER_ARC4,
	[KAT_CAMELLIA_CBC] = VIRTIO_CRYPTODEV_CIPHER_CAMELLIA_CBC,
};

static const uint32_t hash_alg[] = {
	[KAT_SHA1] = VIRTIO_CRYPTODEV_HASH_SHA1,
	[KAT_SHA224] = VIRTIO_CRYPTODEV_HASH_SHA224,
	[KAT_SHA256] = VIRTIO_CRYPTODEV_HASH_SHA256,
	[KAT_SHA384] = VIRTIO_CRYPTODEV_HASH_SHA384,
	[KAT_SHA512] = VIRTIO_CRYPTODEV_HASH_SHA512,
	[KAT_MD5] = VIRTIO_CRYPTODEV_HASH_MD5,
	[KAT_RIPEMD160] = VIRTIO_CRYPTODEV_HASH_RIPEMD160,
};

/* memcmp() that takes NULL for 0 bytes, as the vectors have it. */
static bool eq(const void *a, const void *b, size_t n)
{
	return !n || !memcmp(a, b, n);
}

/* Create a session; false (reported, or skipped if unoffered) if not. */
static bool session(struct vcd_core *core, const char *name, uint32_t cipher,
		    uint32_t hash, uint32_t flags, const void *key,
		    size_t key_len, const void *mac_key, size_t mac_key_len,
		    uint64_t *id)
{
	uint32_t st;

	*id = rb_new_session(core, cipher, hash, flags, key,
			     (uint32_t)key_len, mac_key,
			     (uint32_t)mac_key_len, &st);
	if (st == VIRTIO_CRYPTODEV_S_UNSUPP) {
		skip("not offered by the engine", "%s", name);
		return false;
	}
	if (st != S_OK)
		is_status(st, S_OK, name);
	return st == S_OK;
}

/* The IV after @len bytes from @iv, as docs/protocol.md defines it. */
static void expected_next_iv(uint32_t alg, const uint8_t *iv,
			     const uint8_t *ct, size_t len, uint8_t *next)
{
	unsigned int carry = (unsigned int)((len + 15) / 16);
	int i;

	memcpy(next, iv, 16);
	if (alg == VIRTIO_CRYPTODEV_CIPHER_AES_CBC) {
		memcpy(next, ct + len - 16, 16);
		return;
	}
	for (i = 15; i >= 0 && carry; i--) {
		carry += next[i];
		next[i] = (uint8_t)carry;
		carry >>= 8;
	}
}

/* Two requests, the second with iv_len 0, must equal one request. */
static void chain(struct vcd_core *core, const struct kat_cipher *v,
		  uint64_t id, uint8_t *out)
{
	uint32_t n = (uint32_t)v->len, alg = cipher_alg[v->alg], first;
	struct rb_op op = {
		.flags = F_WIV, .session_id = id, .iv = v->iv, .iv_len = 16,
		.src = v->pt, .src_len = 16, .dst_len = 16,
	};
	uint8_t iv_out[16], want_iv[16];
	uint32_t st1, st2;

	st1 = op_run(core, &op, 3, out, iv_out, NULL);
	expected_next_iv(alg, v->iv, v->ct, 16, want_iv);
	ok(st1 == S_OK && !memcmp(iv_out, want_iv, 16),
	   "%s: F_WRITE_IV returns the chained IV", v->name);
	op.flags = 0;
	op.iv_len = 0;
	op.src = v->pt + 16;
	op.src_len = op.dst_len = n - 16;
	st2 = op_run(core, &op, 11, out + 16, NULL, NULL);
	ok(st1 == S_OK && st2 == S_OK && !memcmp(out, v->ct, n),
	   "%s: encrypt chained over two requests", v->name);

	first = n >= 48 ? 32 : 16;
	op = (struct rb_op){ .flags = F_DEC, .session_id = id, .iv = v->iv,
			     .iv_len = 16, .src = v->ct, .src_len = first,
			     .dst_len = first };
	st1 = op_run(core, &op, 0, out, NULL, NULL);
	op.iv_len = 0;
	op.src = v->ct + first;
	op.src_len = op.dst_len = n - first;
	st2 = op_run(core, &op, 0, out + first, NULL, NULL);
	ok(st1 == S_OK && st2 == S_OK && !memcmp(out, v->pt, n),
	   "%s: decrypt chained over two requests", v->name);
}

/* CTR: a partial block uses up its counter; the chain goes on after. */
static void ctr_partial(struct vcd_core *core, const struct kat_cipher *v,
			uint64_t id)
{
	struct rb_op op = { .session_id = id, .iv = v->iv, .iv_len = 16,
			    .src = v->pt, .src_len = 20, .dst_len = 20 };
	uint8_t out[32];
	uint32_t st1, st2;

	st1 = op_run(core, &op, 0, out, NULL, NULL);
	op.iv_len = 0;
	op.src = v->pt + 32;
	op.src_len = op.dst_len = 16;
	st2 = op_run(core, &op, 0, out + 16, NULL, NULL);
	ok(st1 == S_OK && st2 == S_OK && !memcmp(out, v->ct, 16) &&
	   !memcmp(out + 16, v->ct + 32, 16),
	   "%s: chaining after a partial block starts at the next counter",
	   v->name);
}

/*
 * XTS: any length from one block on (ciphertext stealing) with OpenSSL.
 * The devcrypto engine forwards to a cryptodev-linux /dev/crypto, which
 * takes whole blocks only: there a partial block is a length error.
 */
static void xts_stealing(struct vcd_core *core, const struct kat_cipher *v,
			 uint64_t id)
{
	struct rb_op op = { .session_id = id, .iv = v->iv, .iv_len = 16,
			    .src = v->pt, .src_len = 17, .dst_len = 17 };
	uint8_t ct[17], out[17];
	uint32_t st1, st2;

	if (strcmp(engine_name, "openssl")) {
		is_status(op_run(core, &op, 0, ct, NULL, NULL),
			  VIRTIO_CRYPTODEV_S_BADLEN,
			  "XTS over 17 bytes through cryptodev");
		return;
	}
	st1 = op_run(core, &op, 0, ct, NULL, NULL);
	op.flags = F_DEC;
	op.src = ct;
	st2 = op_run(core, &op, 0, out, NULL, NULL);
	ok(st1 == S_OK && st2 == S_OK && !memcmp(out, v->pt, 17),
	   "%s: round trip over 17 bytes", v->name);
	op.src_len = op.dst_len = 15;
	is_status(op_run(core, &op, 0, out, NULL, NULL),
		  VIRTIO_CRYPTODEV_S_BADLEN, "XTS under one block");
}

/*
 * The 64-bit block CBC ciphers: F_WRITE_IV returns 8 bytes, the last
 * ciphertext block, and a request with iv_len 0 goes on from it.
 */
static void chain8(struct vcd_core *core, const struct kat_cipher *v,
		   uint64_t id, uint8_t *out)
{
	uint32_t n = (uint32_t)v->len;
	struct rb_op op = {
		.flags = F_WIV, .session_id = id, .iv = v->iv, .iv_len = 8,
		.src = v->pt, .src_len = 8, .dst_len = 8, .iv_out_len = 8,
	};
	uint8_t iv_out[8];
	uint32_t st1, st2;

	st1 = op_run(core, &op, 3, out, iv_out, NULL);
	ok(st1 == S_OK && !memcmp(iv_out, v->ct, 8),
	   "%s: F_WRITE_IV returns the 8-byte chained IV", v->name);
	op = (struct rb_op){ .session_id = id, .src = v->pt + 8,
			     .src_len = n - 8, .dst_len = n - 8 };
	st2 = op_run(core, &op, 5, out + 8, NULL, NULL);
	ok(st1 == S_OK && st2 == S_OK && !memcmp(out, v->ct, n),
	   "%s: encrypt chained over two requests", v->name);
	op = (struct rb_op){ .flags = F_DEC, .session_id = id, .iv = v->iv,
			     .iv_len = 8, .src = v->ct, .src_len = 8,
			     .dst_len = 8 };
	st1 = op_run(core, &op, 0, out, NULL, NULL);
	op.iv_len = 0;
	op.src = v->ct + 8;
	op.src_len = op.dst_len = n - 8;
	st2 = op_run(core, &op, 0, out + 8, NULL, NULL);
	ok(st1 == S_OK && st2 == S_OK && !memcmp(out, v->pt, n),
	   "%s: decrypt chained over two requests", v->name);
}

/* ARC4: the keystream goes on from request to request, either way. */
static void arc4_stream(struct vcd_core *core, const struct kat_cipher *v,
			uint8_t *out)
{
	uint32_t n = (uint32_t)v->len, a = 13, st1, st2;
	struct rb_op op = { .src = v->pt, .src_len = a, .dst_len = a };
	uint64_t id;

	if (!session(core, v->name, VIRTIO_CRYPTODEV_CIPHER_ARC4, 0, 0,
		     v->key, v->key_len, NULL, 0, &id))
		return;
	op.session_id = id;
	st1 = op_run(core, &op, 4, out, NULL, NULL);
	op.flags = F_DEC;	/* the same keystream: direction is moot */
	op.src = v->pt + a;
	op.src_len = op.dst_len = n - a;
	st2 = op_run(core, &op, 0, out + a, NULL, NULL);
	ok(st1 == S_OK && st2 == S_OK && !memcmp(out, v->ct, n),
	   "%s: the keystream goes on over two requests", v->name);
	rb_end_session(core, id);
}

static bool xts_equal_halves(const struct kat_cipher *v)
{
	return v->alg == KAT_AES_XTS &&
	       !memcmp(v->key, v->key + v->key_len / 2, v->key_len / 2);
}

static void kat_cipher(struct vcd_core *core, const struct kat_cipher *v)
{
	uint32_t n = (uint32_t)v->len, alg = cipher_alg[v->alg];
	struct rb_op op = { .iv = v->iv, .iv_len = (uint32_t)v->iv_len,
			    .src = v->pt, .src_len = n, .dst_len = n };
	uint8_t *out = malloc(n);
	uint32_t st;
	uint64_t id;

	if (xts_equal_halves(v) &&
	    !strcmp(engine_name, "openssl")) {
		/* OpenSSL 3 refuses them; so does the kernel in FIPS mode. */
		rb_new_session(core, alg, 0, 0, v->key, (uint32_t)v->key_len,
			       NULL, 0, &st);
		is_status(st, VIRTIO_CRYPTODEV_S_BADKEY,
			  "XTS key with equal halves (openssl)");
		free(out);
		return;
	}
	if (!session(core, v->name, alg, 0, 0, v->key, v->key_len, NULL, 0,
		     &id)) {
		free(out);
		return;
	}
	op.session_id = id;
	st = op_run(core, &op, 7, out, NULL, NULL);
	ok(st == S_OK && !memcmp(out, v->ct, n), "%s: encrypt", v->name);
	op.flags = F_DEC;
	op.src = v->ct;
	if (v->alg == KAT_ARC4) {	/* a fresh keystream to decrypt */
		rb_end_session(core, id);
		if (!session(core, v->name, alg, 0, 0, v->key, v->key_len,
			     NULL, 0, &id)) {
			free(out);
			return;
		}
		op.session_id = id;
	}
	st = op_run(core, &op, n > 256 ? 64 : 1, out, NULL, NULL);
	ok(st == S_OK && !memcmp(out, v->pt, n), "%s: decrypt", v->name);
	if (v->iv_len == 8 && n >= 16)
		chain8(core, v, id, out);
	if (v->alg == KAT_ARC4)
		arc4_stream(core, v, out);
	if ((v->alg == KAT_AES_CBC || v->alg == KAT_AES_CTR) && n >= 32)
		chain(core, v, id, out);
	if (v->alg == KAT_AES_CTR && n >= 48)
		ctr_partial(core, v, id);
	if (v->alg == KAT_AES_XTS && n >= 17)
		xts_stealing(core, v, id);
	rb_end_session(core, id);
	free(out);
}

static void kat_gcm(struct vcd_core *core, const struct kat_aead *v)
{
	uint32_t n = (uint32_t)v->len, tl = (uint32_t)v->tag_len;
	struct rb_op op = {
		.opcode = OP_AEAD, .iv = v->iv, .iv_len = (uint32_t)v->iv_len,
		.aad = v->aad, .aad_len = (uint32_t)v->aad_len, .src = v->pt,
		.src_len = n, .dst_len = n, .tag_len = tl,
	};
	uint8_t *out = malloc(n + 1), otag[16], tag[16];
	uint32_t st;

	if (v->iv_len != 12) {
		skip("the protocol takes 12-byte GCM IVs only", "%s", v->name);
		free(out);
		return;
	}
	if (!session(core, v->name, VIRTIO_CRYPTODEV_CIPHER_AES_GCM, 0, 0,
		     v->key, v->key_len, NULL, 0, &op.session_id)) {
		free(out);
		return;
	}
	st = op_run(core, &op, 7, out, NULL, otag);
	ok(st == S_OK && eq(out, v->ct, n) && !memcmp(otag, v->tag, tl),
	   "%s: encrypt", v->name);
	op.flags = F_DEC;
	op.src = v->ct;
	op.tag = v->tag;
	st = op_run(core, &op, 5, out, NULL, NULL);
	ok(st == S_OK && eq(out, v->pt, n), "%s: decrypt", v->name);
	memcpy(tag, v->tag, tl);
	tag[tl - 1] ^= 1;
	op.tag = tag;
	is_status(op_run(core, &op, 0, out, NULL, NULL),
		  VIRTIO_CRYPTODEV_S_AUTHFAIL, "GCM decrypt with a bad tag");
	op.tag = v->tag;
	op.flags |= F_FINAL;
	is_status(op_run(core, &op, 0, out, NULL, NULL),
		  VIRTIO_CRYPTODEV_S_BADMSG, "GCM with a hash flag");
	op.flags = F_DEC;
	op.tag_len = 5;
	is_status(op_run(core, &op, 0, out, NULL, NULL),
		  VIRTIO_CRYPTODEV_S_BADMSG, "GCM with a 5-byte tag");
	op.tag_len = 12;
	ok(op_run(core, &op, 0, out, NULL, NULL) == S_OK,
	   "%s: decrypt with a 12-byte tag", v->name);
	rb_end_session(core, op.session_id);
	free(out);
}

/*
 * One message, hashed in one request and in parts, and the state after
 * FINAL and RESET.  @cmp bytes of the digest are compared.
 */
static void hash_checks(struct vcd_core *core, const char *name, uint64_t id,
			const uint8_t *msg, uint32_t n, uint32_t dl,
			const uint8_t *want, size_t cmp)
{
	uint8_t got[64];
	uint32_t st, a = n / 3;

	st = hash_req(core, id, F_RESET | F_FINAL, msg, n, dl, got);
	ok(st == S_OK && !memcmp(got, want, cmp), "%s: one request", name);
	st = hash_req(core, id, F_RESET, msg, a, dl, NULL);
	st |= hash_req(core, id, 0, msg + a, 0, dl, NULL);
	st |= hash_req(core, id, 0, msg + a, n - a - (n > a), dl, NULL);
	st |= hash_req(core, id, F_FINAL, msg + n - (n > a), n > a, dl, got);
	ok(st == S_OK && !memcmp(got, want, cmp), "%s: in parts", name);
	st = hash_req(core, id, 0, msg, n, dl, NULL);
	st |= hash_req(core, id, F_FINAL, NULL, 0, dl, got);
	ok(st == S_OK && !memcmp(got, want, cmp), "%s: restarts after FINAL",
	   name);
	st = hash_req(core, id, 0, "junk", 4, dl, NULL);
	st |= hash_req(core, id, F_RESET | F_FINAL, msg, n, dl, got);
	ok(st == S_OK && !memcmp(got, want, cmp),
	   "%s: HASH_RESET drops the state", name);
}

static void kat_hash(struct vcd_core *core, const struct kat_hash *v)
{
	uint8_t *msg = kat_msg_dup(v);
	uint64_t id;

	if (session(core, v->name, 0, hash_alg[v->alg], 0, NULL, 0, NULL, 0,
		    &id)) {
		hash_checks(core, v->name, id, msg, (uint32_t)v->len,
			    (uint32_t)v->digest_len, v->digest,
			    v->digest_len);
		rb_end_session(core, id);
	}
	free(msg);
}

static void kat_hmac(struct vcd_core *core, const struct kat_hmac *v)
{
	uint64_t id;

	if (!session(core, v->name, 0, hash_alg[v->alg],
		     VIRTIO_CRYPTODEV_SESSION_HMAC, NULL, 0, v->key,
		     v->key_len, &id))
		return;
	hash_checks(core, v->name, id, v->data, (uint32_t)v->data_len,
		    (uint32_t)kat_digest_len(v->alg), v->mac, v->mac_len);
	rb_end_session(core, id);
}

/* Cipher + HMAC: the digest covers the plaintext both ways. */
static void combined(struct vcd_core *core)
{
	const struct kat_cipher *v = NULL;
	uint8_t out[64], dg[32], want[32];
	const uint8_t mkey[] = "combined-mac-key";
	struct rb_op op = { .flags = F_RESET | F_FINAL, .iv_len = 16,
			    .src_len = 64, .dst_len = 64, .tag_len = 32 };
	size_t i, wl;
	uint32_t st;

	for (i = 0; i < kat_ciphers_count && !v; i++)
		if (kat_ciphers[i].alg == KAT_AES_CBC &&
		    kat_ciphers[i].key_len == 16 && kat_ciphers[i].len == 64)
			v = &kat_ciphers[i];
	if (!v) {
		ok(false, "an AES-128-CBC vector of 64 bytes");
		return;
	}
	EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, mkey, 16, v->pt, 64,
		  want, 32, &wl);
	if (!session(core, "AES-128-CBC + HMAC-SHA256", AES_CBC, SHA256,
		     VIRTIO_CRYPTODEV_SESSION_HMAC, v->key, 16, mkey, 16,
		     &op.session_id))
		return;
	op.iv = v->iv;
	op.src = v->pt;
	st = op_run(core, &op, 9, out, NULL, dg);
	ok(st == S_OK && !memcmp(out, v->ct, 64) && !memcmp(dg, want, 32),
	   "combined encrypt: the ciphertext and the HMAC of the plaintext");
	op.flags |= F_DEC;
	op.src = v->ct;
	memset(dg, 0, sizeof(dg));
	st = op_run(core, &op, 9, out, NULL, dg);
	ok(st == S_OK && !memcmp(out, v->pt, 64) && !memcmp(dg, want, 32),
	   "combined decrypt: the plaintext and the HMAC of the plaintext");
	rb_end_session(core, op.session_id);
}

/*
 * COPY_HASH (CIOCCPHASH): a copy of a hash part-way gives the source's
 * digest, and both go on independently; a fresh source copies a fresh
 * state; a session without that hash cannot take part.
 */
static void copy_hash(struct vcd_core *core)
{
	static const uint8_t msg[] = "The quick brown fox jumps over it";
	uint8_t want[32], want2[32], got[32];
	uint64_t a, b, c, aes;
	uint32_t st;

	EVP_Q_digest(NULL, "SHA256", NULL, msg, 33, want, NULL);
	EVP_Q_digest(NULL, "SHA256", NULL, msg, 10, want2, NULL);
	if (!session(core, "copy: SHA-256 a", 0, SHA256, 0, NULL, 0, NULL, 0,
		     &a) ||
	    !session(core, "copy: SHA-256 b", 0, SHA256, 0, NULL, 0, NULL, 0,
		     &b))
		return;
	is_status(copy_hash_req(core, b, a), S_OK, "COPY_HASH of a fresh hash");
	st = hash_req(core, b, F_FINAL, msg, 33, 32, got);
	ok(st == S_OK && !memcmp(got, want, 32),
	   "after a copy of a fresh hash, the copy hashes from the start");
	st = hash_req(core, a, 0, msg, 10, 32, NULL);
	is_status(copy_hash_req(core, b, a), S_OK, "COPY_HASH part-way");
	st |= hash_req(core, a, F_FINAL, NULL, 0, 32, got);
	ok(st == S_OK && !memcmp(got, want2, 32),
	   "the source goes on after the copy");
	st = hash_req(core, b, F_FINAL, msg + 10, 23, 32, got);
	ok(st == S_OK && !memcmp(got, want, 32),
	   "the copy goes on from the copied state");
	is_status(copy_hash_req(core, a, a), VIRTIO_CRYPTODEV_S_BADMSG,
		  "COPY_HASH onto itself");
	is_status(copy_hash_req(core, a, a + 12345), VIRTIO_CRYPTODEV_S_INVSESS,
		  "COPY_HASH from no session");
	if (session(core, "copy: SHA-1", 0, VIRTIO_CRYPTODEV_HASH_SHA1, 0,
		    NULL, 0, NULL, 0, &c)) {
		is_status(copy_hash_req(core, c, a), VIRTIO_CRYPTODEV_S_BADMSG,
			  "COPY_HASH between two hashes");
		rb_end_session(core, c);
	}
	aes = rb_new_session(core, AES_CBC, 0, 0, want, 16, NULL, 0, &st);
	if (st == S_OK) {
		is_status(copy_hash_req(core, aes, a),
			  VIRTIO_CRYPTODEV_S_BADMSG,
			  "COPY_HASH into a cipher session");
		rb_end_session(core, aes);
	}
	rb_end_session(core, a);
	rb_end_session(core, b);
}

void known_answers(struct vcd_core *core)
{
	size_t i;

	for (i = 0; i < kat_ciphers_count; i++)
		kat_cipher(core, &kat_ciphers[i]);
	for (i = 0; i < kat_aeads_count; i++)
		kat_gcm(core, &kat_aeads[i]);
	for (i = 0; i < kat_hashes_count; i++)
		kat_hash(core, &kat_hashes[i]);
	for (i = 0; i < kat_hmacs_count; i++)
		kat_hmac(core, &kat_hmacs[i]);
	for (i = 0; i < kat_more_ciphers_count; i++)
		kat_cipher(core, &kat_more_ciphers[i]);
	for (i = 0; i < kat_more_hashes_count; i++)
		kat_hash(core, &kat_more_hashes[i]);
	for (i = 0; i < kat_more_hmacs_count; i++)
		kat_hmac(core, &kat_more_hmacs[i]);
	combined(core);
	copy_hash(core);
}
