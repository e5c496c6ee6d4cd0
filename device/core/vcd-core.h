/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virtio-cryptodev device core: everything the device does between
 * "here is a popped descriptor chain as iovecs" and "write this many bytes
 * back".  Plain C (gnu11, pthreads, OpenSSL), no QEMU headers, so the same
 * files build into QEMU, the host unit tests, the fuzzer and the bench.
 *
 * docs/protocol.md is the specification of what vcd_core_handle() parses.
 *
 * Threads: every function may be called from any thread.  vcd_core_handle()
 * may run concurrently on any number of threads, for any queues; requests
 * on one session are serialised by that session's lock.  vcd_core_reset()
 * and vcd_core_free() need the caller to guarantee that no
 * vcd_core_handle() is running.
 *
 * The core never prints, never aborts on guest input, and allocates only
 * after every guest-supplied length has been checked against the
 * descriptor totals and the configured limits.
 */
#ifndef VCD_CORE_H
#define VCD_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "../../include/virtio_cryptodev.h"

/* Defaults, used when a field of struct vcd_core_conf is 0 / NULL. */
#define VCD_DEFAULT_ENGINE		"openssl"
#define VCD_DEFAULT_DEVCRYPTO_PATH	"/dev/crypto"
#define VCD_DEFAULT_DATA_QUEUES		1
#define VCD_DEFAULT_MAX_SESSIONS	1024
#define VCD_DEFAULT_MAX_DATA_LEN	(1u << 20)	/* 1 MiB */
#define VCD_DEFAULT_MIGRATE_HASH_MAX	(1u << 20)	/* 1 MiB */

/* Accepted ranges (vcd_core_new() rejects anything outside). */
#define VCD_MAX_DATA_QUEUES		64
#define VCD_MAX_MAX_SESSIONS		65536
#define VCD_MIN_MAX_DATA_LEN		4096
#define VCD_MAX_MAX_DATA_LEN		(64u << 20)	/* 64 MiB */
#define VCD_MAX_MIGRATE_HASH_MAX	(64u << 20)	/* 64 MiB */
/* migrate_hash_max: keep no bytes (0 in the field is the default). */
#define VCD_MIGRATE_HASH_NONE		UINT32_MAX

/* Fixed limits, advertised in config space. */
#define VCD_MAX_KEY_LEN			64
#define VCD_MAX_MAC_KEY_LEN		512
#define VCD_MAX_AAD_LEN			4096

/*
 * The largest device-writable part of any request: dst (max_data_len),
 * iv_out (16), the largest digest (64) and the response (8).  A longer
 * one is a malformed ring (docs/protocol.md section 5).
 */
#define VCD_MAX_IN_EXTRA		(16 + 64 + 8)

/*
 * engine=devcrypto: max_sessions x max_data_len at most, bytes.  The
 * host's cryptodev-linux may keep per-session memory in proportion to
 * the largest request (the page arrays of zero-copy requests).
 */
#define VCD_DEVCRYPTO_MAX_SESSION_BYTES	(4ull << 30)

struct vcd_core_conf {
	const char *engine;		/* "openssl" (NULL = default) or
					 * "devcrypto" */
	const char *devcrypto_path;	/* devcrypto only; NULL = /dev/crypto */
	uint32_t num_data_queues;	/* 0 = default; only advertised */
	uint32_t max_sessions;		/* 0 = default */
	uint32_t max_data_len;		/* 0 = default; src bytes/request */
	uint32_t migrate_hash_max;	/* 0 = default; bytes of an unfinished
					 * hash kept per session for
					 * migration (VCD_MIGRATE_HASH_NONE:
					 * none) */
};

struct vcd_core;

/*
 * Validate @conf and open the engine (devcrypto: opens the host device
 * once, here).  On failure returns NULL and writes a one-line human
 * message into @err (may be NULL if @errlen is 0).
 */
struct vcd_core *vcd_core_new(const struct vcd_core_conf *conf,
			      char *err, size_t errlen);

/* Free every session and the engine (closes the devcrypto fd).  NULL ok. */
void vcd_core_free(struct vcd_core *core);

/* The config space, little-endian, ready to copy to the guest. */
void vcd_core_get_config(struct vcd_core *core,
			 struct virtio_cryptodev_config *config);

enum vcd_result {
	/*
	 * The request was answered: a response with a status (possibly an
	 * error status) was written at the end of the device-writable
	 * part, and on an error status zeros before it.  Push the element
	 * with *in_written as the used length (the whole device-writable
	 * part, at most max_data_len + VCD_MAX_IN_EXTRA).
	 */
	VCD_ANSWERED = 0,
	/*
	 * Malformed ring: the device-writable part is too small to hold
	 * even the response, or larger than max_data_len +
	 * VCD_MAX_IN_EXTRA, so nothing was written (*in_written is 0).
	 * The glue reports it with virtio_error().
	 */
	VCD_MALFORMED = 1,
};

/*
 * Handle one request: @ctrl_queue is true for the control queue (virtqueue
 * 0), false for a data queue.  @out/@out_num is the device-readable part
 * of the chain, @in/@in_num the device-writable part, as the glue got them
 * from virtqueue_pop().  Writes only inside @in, reads only inside @out.
 */
enum vcd_result vcd_core_handle(struct vcd_core *core, bool ctrl_queue,
				const struct iovec *out, unsigned int out_num,
				const struct iovec *in, unsigned int in_num,
				size_t *in_written);

/*
 * Device reset: destroy every session.  The caller guarantees no
 * vcd_core_handle() is in flight.  Counters other than sessions_live are
 * kept.  Ids of destroyed sessions, reset included, are not handed out
 * again (until one table slot has been reused 2^32 times).
 */
void vcd_core_reset(struct vcd_core *core);

struct vcd_core_stats {
	uint64_t sessions_live;		/* sessions existing now */
	uint64_t sessions_created;	/* successful CREATE_SESSION */
	uint64_t requests;		/* requests handled, any status */
	uint64_t bytes;			/* src bytes of successful requests */
	uint64_t errors;		/* requests answered with status != OK,
					 * plus VCD_MALFORMED */
};

void vcd_core_get_stats(struct vcd_core *core, struct vcd_core_stats *stats);

/* The engine's name ("openssl" or "devcrypto"), for messages. */
const char *vcd_core_engine_name(struct vcd_core *core);

/*
 * Migration (migrate.c; the format is docs/protocol.md section 13).
 *
 * vcd_core_save() serialises the session table (ids, algorithms, keys,
 * chained IVs, ARC4 positions, the bytes of unfinished hashes) into a
 * versioned, little-endian blob: malloc'ed, *len bytes, NULL when out of
 * memory.  It holds keys: free it with vcd_core_blob_free().  The caller
 * guarantees that no vcd_core_handle() is in flight.
 *
 * vcd_core_load() re-creates those sessions, with the same ids, in a core
 * that has none (a fresh one: realize, or after vcd_core_reset()).  The
 * blob is untrusted: every length is checked.  On failure (unknown
 * version, malformed, an algorithm or key the engine refuses) it returns
 * false, leaves the core without sessions, and writes a one-line message
 * naming the cause into @err.
 */
#define VCD_MIGRATE_VERSION		1
/* The blob's length for a core that never had a session: the header. */
#define VCD_MIGRATE_EMPTY_LEN		20

/*
 * The algorithms a migration's source offered (its config space masks):
 * false, with a message naming the first one, if this core's engine
 * lacks one of them; else offer exactly those from now on, so that the
 * guest's view of the config space does not change.  Before
 * vcd_core_load(), with no request in flight.
 */
bool vcd_core_set_algs(struct vcd_core *core, uint32_t cipher_mask,
		       uint32_t hash_mask, char *err, size_t errlen);

void *vcd_core_save(struct vcd_core *core, size_t *len);
bool vcd_core_load(struct vcd_core *core, const void *blob, size_t len,
		   char *err, size_t errlen);
void vcd_core_blob_free(void *blob, size_t len);
/* The longest blob vcd_core_load() could take from a core like this. */
uint64_t vcd_core_save_max(struct vcd_core *core);

#endif /* VCD_CORE_H */
