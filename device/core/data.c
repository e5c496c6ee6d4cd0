// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Data queues: OP_CRYPT and OP_AEAD.  A request is checked in three
 * steps before anything is allocated: its header on its own (flags,
 * limits), the header against the descriptor totals, and the header
 * against its session.  Then the engine runs on the guest's iovecs
 * directly (src read from the readable part, dst written into the
 * writable part), or, when the engine or the request needs it
 * (needs_bounce()), src is copied into one bounded buffer, the engine
 * works in place, and dst is copied out.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "vcd-internal.h"

#define OP_REQ_LEN	sizeof(struct virtio_cryptodev_op_req)
#define OP_RESP_LEN	sizeof(struct virtio_cryptodev_op_resp)
#define ALL_FLAGS	(VIRTIO_CRYPTODEV_F_DECRYPT | \
			 VIRTIO_CRYPTODEV_F_HASH_RESET | \
			 VIRTIO_CRYPTODEV_F_HASH_FINAL | \
			 VIRTIO_CRYPTODEV_F_WRITE_IV)

struct op_req {
	uint32_t opcode, flags;
	uint64_t session_id;
	uint32_t src_len, dst_len, iv_len, aad_len, tag_len, reserved;
};

/* Stream offsets of each field, computed once the lengths are checked. */
struct op_layout {
	size_t iv, aad, src, tag;		/* device-readable */
	size_t dst, iv_out, digest;		/* device-writable */
	uint32_t iv_out_len;
};

static void op_req_load(struct op_req *r, const uint8_t *b)
{
	r->opcode = vcd_ld_le32(b + 0);
	r->flags = vcd_ld_le32(b + 4);
	r->session_id = vcd_ld_le64(b + 8);
	r->src_len = vcd_ld_le32(b + 16);
	r->dst_len = vcd_ld_le32(b + 20);
	r->iv_len = vcd_ld_le32(b + 24);
	r->aad_len = vcd_ld_le32(b + 28);
	r->tag_len = vcd_ld_le32(b + 32);
	r->reserved = vcd_ld_le32(b + 36);
}

/* The header on its own: no session, no descriptors yet. */
static uint32_t check_header(struct vcd_core *core, const struct op_req *r)
{
	if (r->opcode != VIRTIO_CRYPTODEV_OP_CRYPT &&
	    r->opcode != VIRTIO_CRYPTODEV_OP_AEAD)
		return VIRTIO_CRYPTODEV_S_UNSUPP;
	if ((r->flags & ~ALL_FLAGS) || r->reserved)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if (r->src_len > core->conf.max_data_len ||
	    r->dst_len > core->conf.max_data_len ||
	    r->aad_len > VCD_MAX_AAD_LEN)
		return VIRTIO_CRYPTODEV_S_BADLEN;
	if (r->iv_len > VCD_MAX_IV_LEN || r->tag_len > VCD_MAX_DIGEST_LEN)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if (r->opcode == VIRTIO_CRYPTODEV_OP_CRYPT && r->aad_len)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	return VIRTIO_CRYPTODEV_S_OK;
}

/* The header against the descriptor totals: they must match exactly. */
static uint32_t check_totals(const struct op_req *r, struct op_layout *l,
			     size_t out_size, size_t in_size)
{
	bool decrypt = r->flags & VIRTIO_CRYPTODEV_F_DECRYPT;
	bool aead = r->opcode == VIRTIO_CRYPTODEV_OP_AEAD;
	uint32_t tag_in = aead && decrypt ? r->tag_len : 0;
	uint32_t digest_out = aead && decrypt ? 0 : r->tag_len;

	/* Each length is bounded above, so none of these sums overflow. */
	l->iv = OP_REQ_LEN;
	l->aad = l->iv + r->iv_len;
	l->src = l->aad + r->aad_len;
	l->tag = l->src + r->src_len;
	if (out_size != l->tag + tag_in)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	l->dst = 0;
	l->iv_out = r->dst_len;
	l->digest = l->iv_out + l->iv_out_len;
	if (in_size != l->digest + digest_out + OP_RESP_LEN)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	return VIRTIO_CRYPTODEV_S_OK;
}

static uint32_t check_cipher(const struct op_req *r,
			     const struct vcd_cipher_info *ci, bool aead_op)
{
	if (ci->aead != aead_op)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if (r->dst_len != r->src_len)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if (r->iv_len != ci->iv_len && !(r->iv_len == 0 && ci->chains))
		return VIRTIO_CRYPTODEV_S_BADMSG;
	if ((r->flags & VIRTIO_CRYPTODEV_F_WRITE_IV) && !ci->chains)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	return VIRTIO_CRYPTODEV_S_OK;
}

/* GCM tag lengths, as the kernel's gcm(aes) takes them. */
static bool gcm_tag_ok(uint32_t len)
{
	return len == 4 || len == 8 || (len >= 12 && len <= 16);
}

/* The header against its session. */
static uint32_t check_session(const struct op_req *r,
			      const struct vcd_session *s)
{
	const struct vcd_cipher_info *ci = vcd_cipher_info(s->cipher_alg);
	const struct vcd_hash_info *hi = vcd_hash_info(s->hash_alg);
	bool aead_op = r->opcode == VIRTIO_CRYPTODEV_OP_AEAD;
	bool final = r->flags & VIRTIO_CRYPTODEV_F_HASH_FINAL;
	uint32_t st;

	if (ci) {
		st = check_cipher(r, ci, aead_op);
		if (st != VIRTIO_CRYPTODEV_S_OK)
			return st;
	} else if (aead_op || r->dst_len || r->iv_len ||
		   (r->flags & VIRTIO_CRYPTODEV_F_WRITE_IV)) {
		return VIRTIO_CRYPTODEV_S_BADMSG;
	}
	if (aead_op)
		return gcm_tag_ok(r->tag_len) &&
		       !(r->flags & (VIRTIO_CRYPTODEV_F_HASH_RESET |
				     VIRTIO_CRYPTODEV_F_HASH_FINAL)) ?
		       VIRTIO_CRYPTODEV_S_OK : VIRTIO_CRYPTODEV_S_BADMSG;
	if (!hi)
		return r->flags & (VIRTIO_CRYPTODEV_F_HASH_RESET |
				   VIRTIO_CRYPTODEV_F_HASH_FINAL) ||
		       r->tag_len ? VIRTIO_CRYPTODEV_S_BADMSG :
				    VIRTIO_CRYPTODEV_S_OK;
	if (r->tag_len != (final ? hi->digest_len : 0))
		return VIRTIO_CRYPTODEV_S_BADMSG;
	return VIRTIO_CRYPTODEV_S_OK;
}

/* Last, so that every BADMSG check comes before BADLEN (protocol.md). */
static uint32_t check_block(const struct op_req *r,
			    const struct vcd_session *s)
{
	const struct vcd_cipher_info *ci = vcd_cipher_info(s->cipher_alg);

	if (ci && (r->src_len % ci->block_len || r->src_len < ci->min_len ||
		   (ci->max_len && r->src_len > ci->max_len)))
		return VIRTIO_CRYPTODEV_S_BADLEN;
	return VIRTIO_CRYPTODEV_S_OK;
}

/* Add @n to the 128-bit big-endian counter @ctr. */
static void ctr_add(uint8_t *ctr, uint64_t n)
{
	int i;

	for (i = 15; i >= 0 && n; i--) {
		n += ctr[i];
		ctr[i] = (uint8_t)n;
		n >>= 8;
	}
}

/*
 * The IV that continues the chain after this request: for the CBC
 * ciphers the last ciphertext block (@last_ct), for CTR the counter after
 * the last block used, a partial block counting as used (as the kernel's
 * ctr(aes)), for XTS the tweak as it was (as the kernel's xts(aes)).
 */
static void next_iv(struct vcd_session *s, const struct vcd_cipher_info *ci,
		    const uint8_t *iv, const uint8_t *last_ct, uint32_t len)
{
	if (iv != s->chain_iv)
		memcpy(s->chain_iv, iv, VCD_MAX_IV_LEN);
	if (ci->cbc && len)
		memcpy(s->chain_iv, last_ct, ci->block_len);
	else if (s->cipher_alg == VIRTIO_CRYPTODEV_CIPHER_AES_CTR)
		ctr_add(s->chain_iv, ((uint64_t)len + 15) / 16);
}

/*
 * Whether the op goes through one bounce buffer instead of the guest's
 * iovecs:
 * - an engine that wants contiguous data (devcrypto);
 * - AEAD decrypt, whose plaintext must not reach the guest before its
 *   tag is checked, and whose ciphertext must be read only once (a guest
 *   that changed it between the check and the decryption would have a
 *   forgery decrypted);
 * - a cipher whose request is one unit (XTS), unless src and dst are one
 *   span each;
 * - src and dst that share memory other than exactly in place: the
 *   result must be as if all of src was read before dst was written,
 *   as cryptodev programs expect of overlapping buffers.
 */
static bool needs_bounce(struct vcd_core *core, const struct op_req *r,
			 const struct op_layout *l, const struct iovec *out,
			 unsigned int out_num, const struct iovec *in,
			 unsigned int in_num, const struct vcd_cipher_info *ci)
{
	struct vcd_iov_iter it;
	uint8_t *p;

	if (!core->ops->sg)
		return true;
	if (r->opcode == VIRTIO_CRYPTODEV_OP_AEAD &&
	    (r->flags & VIRTIO_CRYPTODEV_F_DECRYPT))
		return true;
	if (!ci || !r->src_len)
		return false;		/* a hash only reads */
	if (ci->one_shot) {
		vcd_iov_iter_init(&it, out, out_num, l->src);
		if (vcd_iov_iter_span(&it, &p) < r->src_len)
			return true;
		vcd_iov_iter_init(&it, in, in_num, l->dst);
		if (vcd_iov_iter_span(&it, &p) < r->dst_len)
			return true;
	}
	/* Out of memory (-1): the bounce is as good an answer. */
	return vcd_iov_alias(out, out_num, l->src, in, in_num, l->dst,
			     r->src_len) != 0;
}

/*
 * Run the op on the session, lock held, and write the results out.
 * @buf: NULL to run on the iovecs, else src_len bytes to bounce src and
 * dst through.
 */
static uint32_t run(struct vcd_core *core, struct vcd_session *s,
		    const struct op_req *r, const struct op_layout *l,
		    const struct iovec *out, unsigned int out_num,
		    const struct iovec *in, unsigned int in_num, uint8_t *buf)
{
	const struct vcd_cipher_info *ci = vcd_cipher_info(s->cipher_alg);
	uint8_t iv[VCD_MAX_IV_LEN], last_ct[16] = { 0 };
	uint8_t tag[VCD_MAX_DIGEST_LEN];
	uint8_t aad[VCD_MAX_AAD_LEN];
	struct vcd_op op = {
		.decrypt = r->flags & VIRTIO_CRYPTODEV_F_DECRYPT,
		.buf = buf, .len = r->src_len,
		.src = out, .src_num = out_num, .src_off = l->src,
		.hash_reset = r->flags & VIRTIO_CRYPTODEV_F_HASH_RESET,
		.hash_final = r->flags & VIRTIO_CRYPTODEV_F_HASH_FINAL,
		.digest = tag, .tag = tag, .tag_len = r->tag_len,
		.aad = aad, .aad_len = r->aad_len,
	};
	bool cbc = ci && ci->cbc;
	uint32_t bl = ci ? ci->block_len : 0;
	bool note_src;
	uint32_t st;

	if (ci) {
		op.dst = in;
		op.dst_num = in_num;
		op.dst_off = l->dst;
	}
	if (ci && ci->iv_len) {
		op.iv = r->iv_len ? iv : s->chain_iv;
		if (r->iv_len)
			vcd_iov_read(out, out_num, l->iv, iv, r->iv_len);
	}
	vcd_iov_read(out, out_num, l->aad, aad, r->aad_len);
	if (op.decrypt && op.tag_len && r->opcode == VIRTIO_CRYPTODEV_OP_AEAD)
		vcd_iov_read(out, out_num, l->tag, tag, r->tag_len);
	/* CBC decrypt chains on the last ciphertext block: save it. */
	if (cbc && op.decrypt && r->src_len >= bl) {
		if (buf)
			memcpy(last_ct, buf + r->src_len - bl, bl);
		else
			vcd_iov_read(out, out_num, l->src + r->src_len - bl,
				     last_ct, bl);
	}

	/* After an engine failure the hash may hold part of a request. */
	if (s->hash_dirty)
		op.hash_reset = true;
	/* Migrated without its unfinished hash: only a new one can start. */
	if (s->stale && !op.hash_reset)
		return VIRTIO_CRYPTODEV_S_STALE;
	/*
	 * Keep what the hash covers, for a migration: the plaintext.  On an
	 * encryption that is src, read now, before an op in place turns it
	 * into ciphertext; on a decryption it is dst, once written.
	 */
	note_src = r->opcode == VIRTIO_CRYPTODEV_OP_CRYPT &&
		   !(ci && op.decrypt);
	if (note_src)
		vcd_session_note(core, s, op.hash_reset, op.hash_final,
				 out, out_num, l->src, r->src_len);
	if (r->opcode == VIRTIO_CRYPTODEV_OP_AEAD)
		st = core->ops->aead(core->engine, s->engine_sess, &op);
	else
		st = core->ops->crypt(core->engine, s->engine_sess, &op);
	if (s->hash_alg)
		s->hash_dirty = st != VIRTIO_CRYPTODEV_S_OK;
	if (st != VIRTIO_CRYPTODEV_S_OK)
		return st;

	if (ci && ci->chains) {
		if (cbc && !op.decrypt && r->src_len >= bl) {
			if (buf)
				memcpy(last_ct, buf + r->src_len - bl, bl);
			else
				vcd_iov_read(in, in_num,
					     l->dst + r->dst_len - bl,
					     last_ct, bl);
		}
		next_iv(s, ci, op.iv, last_ct, r->src_len);
	}
	if (buf)
		vcd_iov_write(in, in_num, l->dst, buf, r->dst_len);
	if (r->flags & VIRTIO_CRYPTODEV_F_WRITE_IV)
		vcd_iov_write(in, in_num, l->iv_out, s->chain_iv, l->iv_out_len);
	if (!(op.decrypt && r->opcode == VIRTIO_CRYPTODEV_OP_AEAD))
		vcd_iov_write(in, in_num, l->digest, tag, r->tag_len);
	if (r->opcode == VIRTIO_CRYPTODEV_OP_CRYPT && !note_src)
		vcd_session_note(core, s, op.hash_reset, op.hash_final,
				 in, in_num, l->dst, r->src_len);
	return VIRTIO_CRYPTODEV_S_OK;
}

uint32_t vcd_data_request(struct vcd_core *core,
			  const struct iovec *out, unsigned int out_num,
			  const struct iovec *in, unsigned int in_num,
			  size_t out_size, size_t in_size, uint32_t *src_len)
{
	uint8_t hdr[OP_REQ_LEN];
	struct op_layout l = { 0 };
	struct vcd_session *s;
	struct op_req r;
	uint8_t *buf = NULL;
	uint32_t st;

	if (out_size < OP_REQ_LEN)
		return VIRTIO_CRYPTODEV_S_BADMSG;
	vcd_iov_read(out, out_num, 0, hdr, sizeof(hdr));
	op_req_load(&r, hdr);
	st = check_header(core, &r);
	if (st != VIRTIO_CRYPTODEV_S_OK)
		return st;

	s = vcd_session_get(core, r.session_id);
	if (!s)
		return VIRTIO_CRYPTODEV_S_INVSESS;
	/* Only chaining ciphers take F_WRITE_IV (check_session). */
	if ((r.flags & VIRTIO_CRYPTODEV_F_WRITE_IV) && s->cipher_alg)
		l.iv_out_len = vcd_cipher_info(s->cipher_alg)->iv_len;
	st = check_totals(&r, &l, out_size, in_size);
	if (st == VIRTIO_CRYPTODEV_S_OK)
		st = check_session(&r, s);
	if (st == VIRTIO_CRYPTODEV_S_OK)
		st = check_block(&r, s);
	if (st != VIRTIO_CRYPTODEV_S_OK)
		goto out_put;

	if (needs_bounce(core, &r, &l, out, out_num, in, in_num,
			 vcd_cipher_info(s->cipher_alg))) {
		/* src_len <= max_data_len: bounded. +1: 0 bytes is ok. */
		buf = malloc((size_t)r.src_len + 1);
		if (!buf) {
			st = VIRTIO_CRYPTODEV_S_NOMEM;
			goto out_put;
		}
		vcd_iov_read(out, out_num, l.src, buf, r.src_len);
	}
	pthread_mutex_lock(&s->lock);
	st = run(core, s, &r, &l, out, out_num, in, in_num, buf);
	pthread_mutex_unlock(&s->lock);
	if (buf) {
		/* src, dst, or plaintext that failed its tag: none outlives
		 * us. */
		OPENSSL_cleanse(buf, r.src_len);
		free(buf);
	}
	*src_len = r.src_len;
out_put:
	vcd_session_put(core, s);
	return st;
}
