// SPDX-License-Identifier: GPL-2.0-or-later
/* Request builder for tests, fuzz seeds and benchmarks: see reqbuild.h. */
#include <stdlib.h>
#include <string.h>

#include "reqbuild.h"

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();	/* test code: out of memory is fatal */
	return p;
}

void rb_init(struct rb *rb)
{
	memset(rb, 0, sizeof(*rb));
}

void rb_free(struct rb *rb)
{
	free(rb->out);
	free(rb->in);
	free(rb->out_iov);
	free(rb->in_iov);
	rb_init(rb);
}

static void rb_reset(struct rb *rb, bool ctrl)
{
	rb->out_len = 0;
	rb->ctrl = ctrl;
	rb->out_num = rb->in_num = 0;
	rb->in_written = 0;
}

void rb_put(struct rb *rb, const void *p, size_t len)
{
	if (rb->out_len + len > rb->out_cap) {
		rb->out_cap = (rb->out_len + len) * 2;
		rb->out = xrealloc(rb->out, rb->out_cap);
	}
	if (len)
		memcpy(rb->out + rb->out_len, p, len);
	rb->out_len += len;
	rb->out_num = 0;
}

void rb_put_le32(struct rb *rb, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };

	rb_put(rb, b, 4);
}

void rb_put_le64(struct rb *rb, uint64_t v)
{
	rb_put_le32(rb, (uint32_t)v);
	rb_put_le32(rb, (uint32_t)(v >> 32));
}

void rb_set_in_len(struct rb *rb, size_t len)
{
	rb->in = xrealloc(rb->in, len);
	memset(rb->in, 0xa5, len ? len : 1);	/* poison: see what's written */
	rb->in_len = len;
	rb->in_num = 0;
}

void rb_create(struct rb *rb, uint32_t cipher, uint32_t hash, uint32_t flags,
	       const void *key, uint32_t key_len,
	       const void *mac_key, uint32_t mac_key_len)
{
	rb_reset(rb, true);
	rb_put_le32(rb, VIRTIO_CRYPTODEV_OP_CREATE_SESSION);
	rb_put_le32(rb, cipher);
	rb_put_le32(rb, hash);
	rb_put_le32(rb, flags);
	rb_put_le32(rb, key_len);
	rb_put_le32(rb, mac_key_len);
	rb_put_le64(rb, 0);
	rb_put(rb, key, key_len);
	rb_put(rb, mac_key, mac_key_len);
	rb_set_in_len(rb, sizeof(struct virtio_cryptodev_ctrl_resp));
}

void rb_destroy(struct rb *rb, uint64_t id)
{
	rb_reset(rb, true);
	rb_put_le32(rb, VIRTIO_CRYPTODEV_OP_DESTROY_SESSION);
	rb_put(rb, (uint8_t[20]){ 0 }, 20);
	rb_put_le64(rb, id);
	rb_set_in_len(rb, sizeof(struct virtio_cryptodev_ctrl_resp));
}

void rb_op(struct rb *rb, const struct rb_op *op)
{
	bool aead_dec = op->opcode == VIRTIO_CRYPTODEV_OP_AEAD &&
			(op->flags & VIRTIO_CRYPTODEV_F_DECRYPT);
	size_t in_len;

	rb_reset(rb, false);
	rb_put_le32(rb, op->opcode ? op->opcode : VIRTIO_CRYPTODEV_OP_CRYPT);
	rb_put_le32(rb, op->flags);
	rb_put_le64(rb, op->session_id);
	rb_put_le32(rb, op->src_len);
	rb_put_le32(rb, op->dst_len);
	rb_put_le32(rb, op->iv_len);
	rb_put_le32(rb, op->aad_len);
	rb_put_le32(rb, op->tag_len);
	rb_put_le32(rb, 0);
	rb_put(rb, op->iv, op->iv_len);
	rb_put(rb, op->aad, op->aad_len);
	rb_put(rb, op->src, op->src_len);
	if (aead_dec)
		rb_put(rb, op->tag, op->tag_len);
	in_len = op->dst_len + sizeof(struct virtio_cryptodev_op_resp);
	if (op->flags & VIRTIO_CRYPTODEV_F_WRITE_IV)
		in_len += op->iv_out_len ? op->iv_out_len : 16;
	if (!aead_dec)
		in_len += op->tag_len;
	rb_set_in_len(rb, in_len);
}

static unsigned int split(struct iovec **iov, uint8_t *buf, size_t len,
			  size_t chunk)
{
	unsigned int n = 0, i;

	if (!len)
		return 0;
	if (!chunk || chunk > len)
		chunk = len;
	n = (unsigned int)((len + chunk - 1) / chunk);
	*iov = xrealloc(*iov, n * sizeof(**iov));
	for (i = 0; i < n; i++) {
		(*iov)[i].iov_base = buf + (size_t)i * chunk;
		(*iov)[i].iov_len = i + 1 < n ? chunk : len - (size_t)i * chunk;
	}
	return n;
}

void rb_split(struct rb *rb, size_t out_chunk, size_t in_chunk)
{
	rb->out_num = split(&rb->out_iov, rb->out, rb->out_len, out_chunk);
	rb->in_num = split(&rb->in_iov, rb->in, rb->in_len, in_chunk);
}

enum vcd_result rb_run(struct vcd_core *core, struct rb *rb)
{
	if ((rb->out_len && !rb->out_num) || (rb->in_len && !rb->in_num))
		rb_split(rb, 0, 0);
	return vcd_core_handle(core, rb->ctrl, rb->out_iov, rb->out_num,
			       rb->in_iov, rb->in_num, &rb->in_written);
}

size_t rb_resp_off(const struct rb *rb)
{
	size_t n = rb->ctrl ? sizeof(struct virtio_cryptodev_ctrl_resp)
			    : sizeof(struct virtio_cryptodev_op_resp);

	return rb->in_len >= n ? rb->in_len - n : 0;
}

static uint64_t ld_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

uint32_t rb_status(const struct rb *rb)
{
	if (rb->in_len < 8)
		return UINT32_MAX;
	return (uint32_t)ld_le(rb->in + rb_resp_off(rb), 4);
}

uint64_t rb_session_id(const struct rb *rb)
{
	return ld_le(rb->in + rb_resp_off(rb) + 8, 8);
}

uint64_t rb_new_session(struct vcd_core *core, uint32_t cipher,
			uint32_t hash, uint32_t flags,
			const void *key, uint32_t key_len,
			const void *mac_key, uint32_t mac_key_len,
			uint32_t *st)
{
	struct rb rb;
	uint64_t id = 0;
	uint32_t s = UINT32_MAX;

	rb_init(&rb);
	rb_create(&rb, cipher, hash, flags, key, key_len, mac_key,
		  mac_key_len);
	if (rb_run(core, &rb) == VCD_ANSWERED) {
		s = rb_status(&rb);
		if (s == VIRTIO_CRYPTODEV_S_OK)
			id = rb_session_id(&rb);
	}
	if (st)
		*st = s;
	rb_free(&rb);
	return id;
}

uint32_t rb_end_session(struct vcd_core *core, uint64_t id)
{
	struct rb rb;
	uint32_t s = UINT32_MAX;

	rb_init(&rb);
	rb_destroy(&rb, id);
	if (rb_run(core, &rb) == VCD_ANSWERED)
		s = rb_status(&rb);
	rb_free(&rb);
	return s;
}
