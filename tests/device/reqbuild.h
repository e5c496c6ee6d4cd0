/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Build virtio-cryptodev requests as the two byte streams of a
 * descriptor chain, split them into iovecs any way a driver might, and
 * hand them to the core.  Used by the unit tests, the fuzzer's seed
 * corpus and the benchmark.
 */
#ifndef REQBUILD_H
#define REQBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "../../device/core/vcd-core.h"

struct rb {
	uint8_t *out;		/* device-readable stream */
	size_t out_len, out_cap;
	uint8_t *in;		/* device-writable stream */
	size_t in_len;
	bool ctrl;		/* for the control queue */
	struct iovec *out_iov, *in_iov;
	unsigned int out_num, in_num;
	size_t in_written;
};

/* One data request; lengths of what is absent are 0. */
struct rb_op {
	uint32_t opcode;	/* 0: VIRTIO_CRYPTODEV_OP_CRYPT */
	uint32_t flags;
	uint64_t session_id;
	const void *iv;
	uint32_t iv_len;
	const void *aad;
	uint32_t aad_len;
	const void *src;
	uint32_t src_len;
	uint32_t dst_len;
	const void *tag;	/* AEAD decrypt: the tag to check */
	uint32_t tag_len;	/* digest/tag bytes (header field) */
	uint32_t iv_out_len;	/* F_WRITE_IV: IV bytes back (0: 16) */
};

void rb_init(struct rb *rb);
void rb_free(struct rb *rb);
/* Append to the readable stream. */
void rb_put(struct rb *rb, const void *p, size_t len);
void rb_put_le32(struct rb *rb, uint32_t v);
void rb_put_le64(struct rb *rb, uint64_t v);

/* Build a request (resets @rb); the writable part is sized for it. */
void rb_create(struct rb *rb, uint32_t cipher, uint32_t hash, uint32_t flags,
	       const void *key, uint32_t key_len,
	       const void *mac_key, uint32_t mac_key_len);
void rb_destroy(struct rb *rb, uint64_t id);
void rb_op(struct rb *rb, const struct rb_op *op);
/* Resize the writable part (for malformed requests). */
void rb_set_in_len(struct rb *rb, size_t len);

/*
 * Split the streams into iovecs of at most @out_chunk / @in_chunk bytes
 * (0: one iovec each; empty streams get no iovec).
 */
void rb_split(struct rb *rb, size_t out_chunk, size_t in_chunk);

/* Split as rb_split() if not done yet, run, return the result. */
enum vcd_result rb_run(struct vcd_core *core, struct rb *rb);

/* After rb_run(): the status in the response, and the create's id. */
uint32_t rb_status(const struct rb *rb);
uint64_t rb_session_id(const struct rb *rb);
/* Offset of the writable stream's response (its last bytes). */
size_t rb_resp_off(const struct rb *rb);

/* Convenience: create a session, 0 on failure (status in *st if given). */
uint64_t rb_new_session(struct vcd_core *core, uint32_t cipher,
			uint32_t hash, uint32_t flags,
			const void *key, uint32_t key_len,
			const void *mac_key, uint32_t mac_key_len,
			uint32_t *st);
uint32_t rb_end_session(struct vcd_core *core, uint64_t id);

#endif /* REQBUILD_H */
