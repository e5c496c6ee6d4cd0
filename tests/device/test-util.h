/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TAP output and request helpers shared by the core's unit tests. */
#ifndef TESTS_DEVICE_TEST_UTIL_H
#define TESTS_DEVICE_TEST_UTIL_H

#include "reqbuild.h"

#define S_OK		VIRTIO_CRYPTODEV_S_OK
#define AES_CBC		VIRTIO_CRYPTODEV_CIPHER_AES_CBC
#define SHA256		VIRTIO_CRYPTODEV_HASH_SHA256
#define F_DEC		VIRTIO_CRYPTODEV_F_DECRYPT
#define F_RESET		VIRTIO_CRYPTODEV_F_HASH_RESET
#define F_FINAL		VIRTIO_CRYPTODEV_F_HASH_FINAL
#define F_WIV		VIRTIO_CRYPTODEV_F_WRITE_IV
#define OP_AEAD		VIRTIO_CRYPTODEV_OP_AEAD

extern unsigned int ntests, nfailed;
extern const char *engine_name;		/* printed in every test line */
extern const char *devcrypto_path;

void ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void skip(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void is_status(uint32_t got, uint32_t want, const char *what);

/*
 * Run a data request with both streams split into @chunk-byte iovecs and
 * copy the outputs out (each pointer may be NULL).  Returns the status,
 * UINT32_MAX for a malformed ring, UINT32_MAX - 1 if an error status
 * came with a non-zero byte before the response.
 */
uint32_t op_run(struct vcd_core *core, const struct rb_op *op, size_t chunk,
		uint8_t *dst, uint8_t *iv_out, uint8_t *digest);

/* A hash request: @flags F_RESET/F_FINAL, digest of @dlen with FINAL. */
uint32_t hash_req(struct vcd_core *core, uint64_t id, uint32_t flags,
		  const void *msg, uint32_t len, uint32_t dlen,
		  uint8_t *digest);

/* COPY_HASH of @src's hash state into @dst: the status. */
uint32_t copy_hash_req(struct vcd_core *core, uint64_t dst, uint64_t src);

/* Every known-answer test of tests/vectors (core-kat.c). */
void known_answers(struct vcd_core *core);
/* The device items of issue 8 (core-harden.c). */
void hardening(struct vcd_core *core);
/* Save and load of the session table (core-migrate.c). */
void migration(void);
/* Requests on awkward scatter-gather and aliased buffers (core-sg.c). */
void scatter_gather(struct vcd_core *core);

#endif
