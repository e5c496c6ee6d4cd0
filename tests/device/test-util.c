// SPDX-License-Identifier: GPL-2.0-or-later
/* TAP output and request helpers shared by the core's unit tests. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "test-util.h"

unsigned int ntests, nfailed;
const char *engine_name;
const char *devcrypto_path;

void ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - %s: ", cond ? "" : "not ", ++ntests, engine_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		nfailed++;
}

void skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	printf("ok %u - %s: ", ++ntests, engine_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
}

void is_status(uint32_t got, uint32_t want, const char *what)
{
	ok(got == want, "%s: status %u", what, want);
	if (got != want)
		printf("# got status %u\n", got);
}

uint32_t op_run(struct vcd_core *core, const struct rb_op *op, size_t chunk,
		uint8_t *dst, uint8_t *iv_out, uint8_t *digest)
{
	bool aead_dec = op->opcode == OP_AEAD && (op->flags & F_DEC);
	uint32_t st = UINT32_MAX;
	size_t off = op->dst_len;
	struct rb rb;

	rb_init(&rb);
	rb_op(&rb, op);
	rb_split(&rb, chunk, chunk);
	if (rb_run(core, &rb) == VCD_ANSWERED)
		st = rb_status(&rb);
	if (st == S_OK && dst)
		memcpy(dst, rb.in, op->dst_len);
	if (op->flags & F_WIV) {
		size_t n = op->iv_out_len ? op->iv_out_len : 16;

		if (st == S_OK && iv_out)
			memcpy(iv_out, rb.in + off, n);
		off += n;
	}
	if (st == S_OK && digest && !aead_dec)
		memcpy(digest, rb.in + off, op->tag_len);
	/* On error the device zeroes everything before the response. */
	if (st != S_OK)
		for (off = 0; off < rb_resp_off(&rb); off++)
			if (rb.in[off])
				st = UINT32_MAX - 1;
	rb_free(&rb);
	return st;
}

uint32_t hash_req(struct vcd_core *core, uint64_t id, uint32_t flags,
		  const void *msg, uint32_t len, uint32_t dlen,
		  uint8_t *digest)
{
	struct rb_op op = { .flags = flags, .session_id = id, .src = msg,
			    .src_len = len,
			    .tag_len = flags & F_FINAL ? dlen : 0 };

	return op_run(core, &op, len > 4096 ? 4096 : 1, NULL, NULL, digest);
}

/* COPY_HASH on the control queue; @src_id (8 bytes) after the header. */
uint32_t copy_hash_req(struct vcd_core *core, uint64_t dst, uint64_t src)
{
	uint32_t st = UINT32_MAX;
	struct rb rb;

	rb_init(&rb);
	rb.ctrl = true;
	rb_put_le32(&rb, VIRTIO_CRYPTODEV_OP_COPY_HASH);
	rb_put_le32(&rb, 0);
	rb_put_le32(&rb, 0);
	rb_put_le32(&rb, 0);
	rb_put_le32(&rb, 0);
	rb_put_le32(&rb, 0);
	rb_put_le64(&rb, dst);
	rb_put_le64(&rb, src);
	rb_set_in_len(&rb, sizeof(struct virtio_cryptodev_ctrl_resp));
	rb_split(&rb, 5, 3);
	if (rb_run(core, &rb) == VCD_ANSWERED)
		st = rb_status(&rb);
	rb_free(&rb);
	return st;
}
