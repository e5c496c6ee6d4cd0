// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Control queue: CREATE_SESSION, DESTROY_SESSION and COPY_HASH.  Every
 * length is checked against the limits and the descriptor totals before
 * the key is copied out of the guest's buffers.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "vcd-internal.h"

#define CTRL_REQ_LEN	sizeof(struct virtio_cryptodev_ctrl_req)
#define CTRL_RESP_LEN	sizeof(struct virtio_cryptodev_ctrl_resp)

struct ctrl_req {
	uint32_t opcode, cipher_alg, hash_alg, flags, key_len, mac_key_len;
	uint64_t session_id;
};

static void ctrl_req_load(struct ctrl_req *r, const uint8_t *b)
{
	r->opcode = vcd_ld_le32(b + 0);
	r->cipher_alg = vcd_ld_le32(b + 4);
	r->hash_alg = vcd_ld_le32(b + 8);
	r->flags = vcd_ld_le32(b + 12);
	r->key_len = vcd_ld_le32(b + 16);
	r->mac_key_len = vcd_ld_le32(b + 20);
	r->session_id = vcd_ld_le64(b + 24);
}

/* Which algorithms and keys make a session; checked before any copy. */
static uint32_t create_check(struct vcd_core *core, const struct ctrl_req *r)
{
	bool hmac = r->flags & VIRTIO_CRYPTODEV_SESSION_HMAC;

	if (r->flags & ~VIRTIO_CRYPTODEV_SESSION_HMAC)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if (r->cipher_alg > 31 || r->hash_alg > 31)
		return VIRTIO_CRYPTODEV_S_UNSUPP;
	if ((r->cipher_alg && !(core->cipher_mask & 1u << r->cipher_alg)) ||
	    (r->hash_alg && !(core->hash_mask & 1u << r->hash_alg)))
		return VIRTIO_CRYPTODEV_S_UNSUPP;
	if (!r->cipher_alg && !r->hash_alg)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if (hmac && !r->hash_alg)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if (r->cipher_alg && vcd_cipher_info(r->cipher_alg)->aead &&
	    r->hash_alg)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if (r->key_len > VCD_MAX_KEY_LEN ||
	    r->mac_key_len > VCD_MAX_MAC_KEY_LEN)
		return VIRTIO_CRYPTODEV_S_BADLEN;
	return VIRTIO_CRYPTODEV_S_OK;
}

static uint32_t create_keys_check(const struct ctrl_req *r)
{
	bool hmac = r->flags & VIRTIO_CRYPTODEV_SESSION_HMAC;

	if (r->cipher_alg ? !vcd_cipher_key_ok(r->cipher_alg, r->key_len)
			  : r->key_len != 0)
		return VIRTIO_CRYPTODEV_S_BADKEY;
	if (!hmac && r->mac_key_len)
		return VIRTIO_CRYPTODEV_S_BADKEY;
	return VIRTIO_CRYPTODEV_S_OK;
}

static uint32_t create_session(struct vcd_core *core,
			       const struct iovec *out, unsigned int out_num,
			       size_t out_size, const struct ctrl_req *r,
			       uint64_t *session_id)
{
	uint8_t keys[VCD_MAX_KEY_LEN + VCD_MAX_MAC_KEY_LEN];
	struct vcd_sess_params p;
	struct vcd_session *s;
	uint32_t st;

	st = create_check(core, r);
	if (st != VIRTIO_CRYPTODEV_S_OK)
		return st;
	if (out_size != CTRL_REQ_LEN + r->key_len + r->mac_key_len)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	st = create_keys_check(r);
	if (st != VIRTIO_CRYPTODEV_S_OK)
		return st;
	/* Cheap early refusal; vcd_session_insert() has the final say. */
	if (vcd_session_count(core) >= core->table.size)
		return VIRTIO_CRYPTODEV_S_NOSPC;

	vcd_iov_read(out, out_num, CTRL_REQ_LEN, keys,
		     r->key_len + r->mac_key_len);
	p = (struct vcd_sess_params) {
		.cipher_alg = r->cipher_alg, .hash_alg = r->hash_alg,
		.hmac = r->flags & VIRTIO_CRYPTODEV_SESSION_HMAC,
		.key = keys, .key_len = r->key_len,
		.mac_key = keys + r->key_len, .mac_key_len = r->mac_key_len,
	};
	s = calloc(1, sizeof(*s));
	if (!s) {
		st = VIRTIO_CRYPTODEV_S_NOMEM;
		goto out_wipe;
	}
	s->cipher_alg = p.cipher_alg;
	s->hash_alg = p.hash_alg;
	s->hmac = p.hmac;
	/* Kept for a migration's destination (migrate.c). */
	memcpy(s->key, p.key, p.key_len);
	s->key_len = p.key_len;
	memcpy(s->mac_key, p.mac_key, p.mac_key_len);
	s->mac_key_len = p.mac_key_len;
	st = core->ops->session_new(core->engine, &p, &s->engine_sess);
	if (st != VIRTIO_CRYPTODEV_S_OK) {
		vcd_session_wipe(s);
		free(s);
		goto out_wipe;
	}
	pthread_mutex_init(&s->lock, NULL);
	st = vcd_session_insert(core, s);
	if (st != VIRTIO_CRYPTODEV_S_OK) {
		core->ops->session_free(core->engine, s->engine_sess);
		pthread_mutex_destroy(&s->lock);
		vcd_session_wipe(s);
		free(s);
		goto out_wipe;
	}
	*session_id = s->id;
	atomic_fetch_add(&core->sessions_created, 1);
out_wipe:
	/* Keys live on in the session only. */
	OPENSSL_cleanse(keys, sizeof(keys));
	return st;
}

/* Both locks, in id order, so two crossed copies cannot deadlock. */
static void lock_two(struct vcd_session *a, struct vcd_session *b)
{
	if (a->id > b->id) {
		struct vcd_session *t = a;

		a = b;
		b = t;
	}
	pthread_mutex_lock(&a->lock);
	pthread_mutex_lock(&b->lock);
}

/* COPY_HASH: the hash state of the source session into @r->session_id. */
static uint32_t copy_hash(struct vcd_core *core, const struct iovec *out,
			  unsigned int out_num, size_t out_size,
			  const struct ctrl_req *r)
{
	struct vcd_session *dst = NULL, *src = NULL;
	uint8_t b[8];
	uint32_t st;

	if (out_size != CTRL_REQ_LEN + sizeof(b))
		return VIRTIO_CRYPTODEV_S_BADMSG;
	vcd_iov_read(out, out_num, CTRL_REQ_LEN, b, sizeof(b));
	if (vcd_ld_le64(b) == r->session_id)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	dst = vcd_session_get(core, r->session_id);
	src = vcd_session_get(core, vcd_ld_le64(b));
	st = VIRTIO_CRYPTODEV_S_INVSESS;
	if (!dst || !src)
		goto out;
	/* The same hash, plain or HMAC, on both: else no state fits. */
	st = VIRTIO_CRYPTODEV_S_BADMSG;
	if (!src->hash_alg || src->hash_alg != dst->hash_alg ||
	    src->hmac != dst->hmac)
		goto out;
	lock_two(dst, src);
	st = core->ops->hash_copy(core->engine, dst->engine_sess,
				  src->engine_sess);
	/* A failed copy leaves the destination to restart. */
	dst->hash_dirty = st != VIRTIO_CRYPTODEV_S_OK || src->hash_dirty;
	if (st == VIRTIO_CRYPTODEV_S_OK)
		vcd_session_note_copy(dst, src);
	pthread_mutex_unlock(&src->lock);
	pthread_mutex_unlock(&dst->lock);
out:
	if (dst)
		vcd_session_put(core, dst);
	if (src)
		vcd_session_put(core, src);
	return st;
}

uint32_t vcd_ctrl_request(struct vcd_core *core,
			  const struct iovec *out, unsigned int out_num,
			  size_t out_size, size_t in_size,
			  uint64_t *session_id)
{
	uint8_t hdr[CTRL_REQ_LEN];
	struct ctrl_req r;

	if (out_size < CTRL_REQ_LEN)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	vcd_iov_read(out, out_num, 0, hdr, sizeof(hdr));
	ctrl_req_load(&r, hdr);

	switch (r.opcode) {
	case VIRTIO_CRYPTODEV_OP_CREATE_SESSION:
		if (in_size != CTRL_RESP_LEN)
			return VIRTIO_CRYPTODEV_S_BADMSG;
		return create_session(core, out, out_num, out_size, &r,
				      session_id);
	case VIRTIO_CRYPTODEV_OP_DESTROY_SESSION:
		if (in_size != CTRL_RESP_LEN || out_size != CTRL_REQ_LEN)
			return VIRTIO_CRYPTODEV_S_BADMSG;
		if (!vcd_session_remove(core, r.session_id))
			return VIRTIO_CRYPTODEV_S_INVSESS;
		return VIRTIO_CRYPTODEV_S_OK;
	case VIRTIO_CRYPTODEV_OP_COPY_HASH:
		if (in_size != CTRL_RESP_LEN)
			return VIRTIO_CRYPTODEV_S_BADMSG;
		return copy_hash(core, out, out_num, out_size, &r);
	default:
		return VIRTIO_CRYPTODEV_S_UNSUPP;
	}
}
