/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the device core, shared by its files and by nothing else.
 * Layers, bottom up: byte order and iovec helpers (iov.c), the algorithm
 * table (algs.c), engines behind struct vcd_engine_ops (engine-*.c), the
 * session table (session.c), request parsing (ctrl.c, data.c) and the
 * public entry points (core.c).
 */
#ifndef VCD_INTERNAL_H
#define VCD_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "vcd-core.h"

/* ---- byte order: wire fields are little-endian, read byte by byte ---- */

static inline uint32_t vcd_ld_le32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 |
	       (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t vcd_ld_le64(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)vcd_ld_le32(b) | (uint64_t)vcd_ld_le32(b + 4) << 32;
}

static inline void vcd_st_le32(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
	b[3] = v >> 24;
}

static inline void vcd_st_le64(void *p, uint64_t v)
{
	vcd_st_le32(p, (uint32_t)v);
	vcd_st_le32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

/* ---- iovec streams (iov.c) ---- */

/* Total bytes of @iov, saturating at SIZE_MAX. */
size_t vcd_iov_size(const struct iovec *iov, unsigned int num);
/* Copy @len bytes at stream offset @off out of @iov; false if short. */
bool vcd_iov_read(const struct iovec *iov, unsigned int num, size_t off,
		  void *buf, size_t len);
/* Copy @len bytes into @iov at stream offset @off; false if short. */
bool vcd_iov_write(const struct iovec *iov, unsigned int num, size_t off,
		   const void *buf, size_t len);
/* Zero the first @len bytes of @iov. */
void vcd_iov_zero(const struct iovec *iov, unsigned int num, size_t len);

/*
 * A position in an iovec stream, for engines that work on the
 * scatter-gather in place: the contiguous spans one after another.
 * Iovecs that follow each other in memory (guest pages that are
 * contiguous in guest RAM, each in a descriptor of its own) make one
 * span, so that an engine makes one call for all of them.
 */
struct vcd_iov_iter {
	const struct iovec *iov;
	unsigned int num;
	unsigned int i;		/* current iovec (num: the end) */
	size_t skip;		/* bytes of iov[i] already behind us */
	unsigned int run_last;	/* the last iovec of the run holding iov[i] */
	const uint8_t *run_end;	/* where that run ends; NULL: not known */
};

void vcd_iov_iter_init(struct vcd_iov_iter *it, const struct iovec *iov,
		       unsigned int num, size_t off);
/* The contiguous bytes at the position (*p), 0 at the end of @iov. */
static inline size_t vcd_iov_iter_span(struct vcd_iov_iter *it, uint8_t **p)
{
	const uint8_t *end;
	unsigned int j;

	/* Empty iovecs (and the end of a used one) are stepped over. */
	while (it->i < it->num && it->skip >= it->iov[it->i].iov_len) {
		it->i++;
		it->skip = 0;
	}
	if (it->i >= it->num) {
		*p = NULL;
		return 0;
	}
	*p = (uint8_t *)it->iov[it->i].iov_base + it->skip;
	/* Each iovec is looked at once for its run: no rescans. */
	if (!it->run_end || it->i > it->run_last) {
		j = it->i;
		end = (const uint8_t *)it->iov[j].iov_base + it->iov[j].iov_len;
		while (j + 1 < it->num && it->iov[j + 1].iov_base == end) {
			j++;
			end += it->iov[j].iov_len;
		}
		it->run_last = j;
		it->run_end = end;
	}
	return (size_t)(it->run_end - *p);
}

static inline void vcd_iov_iter_advance(struct vcd_iov_iter *it, size_t n)
{
	size_t left;

	while (n && it->i < it->num) {
		left = it->iov[it->i].iov_len - it->skip;
		if (n < left) {
			it->skip += n;
			return;
		}
		n -= left;
		it->i++;
		it->skip = 0;
	}
}
/*
 * Copy up to @len bytes between @buf and the stream (into the stream if
 * @to_iov), advancing; returns the bytes copied.
 */
size_t vcd_iov_iter_copy(struct vcd_iov_iter *it, void *buf, size_t len,
			 bool to_iov);
/*
 * Whether @len bytes of @src at @src_off and of @dst at @dst_off share
 * memory other than exactly in place (the same byte at the same stream
 * offset), or @dst overlaps itself: 1 if so, 0 if not, -1 out of memory.
 * Running a cipher from one to the other span by span is then not the
 * same as reading all of src before writing dst.
 */
int vcd_iov_alias(const struct iovec *src, unsigned int src_num,
		  size_t src_off, const struct iovec *dst,
		  unsigned int dst_num, size_t dst_off, size_t len);

/* ---- algorithm table (algs.c) ---- */

#define VCD_MAX_IV_LEN		16
#define VCD_MAX_DIGEST_LEN	64
#define VCD_GCM_IV_LEN		12

struct vcd_cipher_info {
	const char *name;	/* for docs and messages */
	uint32_t block_len;	/* src_len must be a multiple (1: any) */
	uint32_t min_len;	/* smallest src_len (XTS: one block) */
	uint32_t max_len;	/* largest src_len, 0: max_data_len (XTS:
				 * 2^20 blocks, one IEEE 1619 data unit) */
	uint32_t iv_len;	/* 0: no IV (ECB, NULL, ARC4) */
	uint32_t key_lens[3];	/* accepted key lengths, 0-terminated;
				 * none at all: no key (NULL) */
	uint32_t key_min, key_max;	/* key_max != 0: any length in
					 * [key_min, key_max] instead */
	bool chains;		/* iv_len 0 continues the chained IV */
	bool cbc;		/* chains on the last ciphertext block */
	bool stream;		/* one keystream for both directions, kept
				 * from request to request (ARC4) */
	bool aead;		/* OP_AEAD only */
	bool one_shot;		/* one engine call per request: the data
				 * is one unit (XTS), never split */
};

struct vcd_hash_info {
	const char *name;	/* OpenSSL digest name */
	uint32_t digest_len;
};

/* The key lengths to try for @alg (probing engines): up to 3, count. */
unsigned int vcd_cipher_probe_keys(uint32_t alg, uint32_t keys[3]);

const struct vcd_cipher_info *vcd_cipher_info(uint32_t alg);
const struct vcd_hash_info *vcd_hash_info(uint32_t alg);
bool vcd_cipher_key_ok(uint32_t alg, uint32_t key_len);

/* ---- engines ---- */

struct vcd_sess_params {
	uint32_t cipher_alg;	/* enum virtio_cryptodev_cipher */
	uint32_t hash_alg;	/* enum virtio_cryptodev_hash */
	bool hmac;
	const uint8_t *key;
	uint32_t key_len;
	const uint8_t *mac_key;
	uint32_t mac_key_len;
};

/*
 * One operation on a session, already validated against the session and
 * the limits.  The session lock is held.
 *
 * The data is in one of two forms.  With @buf set (engines without .sg,
 * and requests the core bounces: see data.c), the engine works in place
 * on @buf: on entry it holds src, on return dst (ciphers).  Otherwise
 * src is @len bytes of @src at stream offset @src_off, and a cipher
 * writes dst, @len bytes, into @dst at @dst_off: the guest's own
 * buffers, which may alias each other, and which the guest may change
 * under us.  Each sits in memory that stays mapped for the request.
 */
struct vcd_op {
	bool decrypt;
	const uint8_t *iv;	/* cipher IV (ivsize bytes), NULL for ECB */
	uint8_t *buf;		/* NULL: the iovecs below */
	uint32_t len;
	const struct iovec *src;
	unsigned int src_num;
	size_t src_off;
	const struct iovec *dst;	/* ciphers only */
	unsigned int dst_num;
	size_t dst_off;
	bool hash_reset;	/* restart the hash before this data */
	bool hash_final;	/* finish: write the digest to @digest */
	uint8_t *digest;	/* digest_len bytes */
	const uint8_t *aad;	/* AEAD */
	uint32_t aad_len;
	uint8_t *tag;		/* AEAD: out on encrypt, in on decrypt */
	uint32_t tag_len;
};

/*
 * Engine operations return an enum virtio_cryptodev_status.  They may be
 * called concurrently for different sessions; calls for one session are
 * serialised by the core.
 */
struct vcd_engine_ops {
	const char *name;
	/*
	 * Whether crypt and aead take their data as iovecs (vcd_op: @buf
	 * NULL).  Without it every op comes in one contiguous buffer.
	 */
	bool sg;
	void *(*open)(const struct vcd_core_conf *conf, char *err,
		      size_t errlen);
	void (*close)(void *engine);
	/* Bitmasks of supported enum virtio_cryptodev_cipher / _hash. */
	void (*algs)(void *engine, uint32_t *cipher_mask, uint32_t *hash_mask);
	uint32_t (*session_new)(void *engine, const struct vcd_sess_params *p,
				void **sess);
	void (*session_free)(void *engine, void *sess);
	uint32_t (*crypt)(void *engine, void *sess, struct vcd_op *op);
	uint32_t (*aead)(void *engine, void *sess, struct vcd_op *op);
	/*
	 * Make @dst's hash state a copy of @src's (same hash algorithm and
	 * kind, checked by the core; both session locks held).
	 */
	uint32_t (*hash_copy)(void *engine, void *dst, void *src);
};

extern const struct vcd_engine_ops vcd_engine_openssl;
extern const struct vcd_engine_ops vcd_engine_devcrypto;

/* ---- sessions (session.c) ---- */

struct vcd_session {
	uint64_t id;
	atomic_uint refs;	/* the table's reference + one per user */
	pthread_mutex_t lock;	/* serialises requests on this session:
				 * engine state (hash, contexts), chain_iv */
	uint32_t cipher_alg;
	uint32_t hash_alg;
	bool hmac;
	uint8_t chain_iv[VCD_MAX_IV_LEN];	/* next IV when iv_len is 0 */
	bool hash_dirty;	/* an engine failure: the next request
				 * restarts the hash */
	void *engine_sess;

	/*
	 * What re-creates the session on a migration's destination
	 * (migrate.c), under @lock like the rest: the keys (the MAC key
	 * becomes the source's on COPY_HASH, as the engine's state does),
	 * the ARC4 keystream bytes used, and the bytes hashed since the
	 * last reset while the hash is unfinished, up to migrate_hash_max.
	 */
	uint8_t key[VCD_MAX_KEY_LEN];
	uint32_t key_len;
	uint8_t mac_key[VCD_MAX_MAC_KEY_LEN];
	uint32_t mac_key_len;
	uint64_t stream_pos;	/* ARC4: keystream bytes used */
	uint8_t *replay;	/* the unfinished hash's bytes */
	uint32_t replay_len, replay_cap;
	bool replay_over;	/* it outgrew migrate_hash_max: not kept */
	bool stale;		/* migrated without its hash state: no
				 * UPDATE until a reset (S_STALE) */
};

struct vcd_slot {
	struct vcd_session *sess;	/* NULL: free */
	uint32_t gen;			/* bumped at every use of the slot */
};

struct vcd_table {
	pthread_mutex_t lock;	/* protects every field below */
	struct vcd_slot *slots;	/* max_sessions of them */
	uint32_t *free_stack;	/* indexes of free slots */
	uint32_t nfree;
	uint32_t size;
};

struct vcd_core {
	struct vcd_core_conf conf;	/* defaults filled in, no strings */
	const struct vcd_engine_ops *ops;
	void *engine;
	uint32_t cipher_mask, hash_mask;
	uint32_t replay_max;		/* conf.migrate_hash_max, in bytes */
	struct vcd_table table;
	atomic_uint_least64_t sessions_created;
	atomic_uint_least64_t requests;
	atomic_uint_least64_t bytes;
	atomic_uint_least64_t errors;
};

bool vcd_table_init(struct vcd_table *t, uint32_t size);
void vcd_table_destroy(struct vcd_core *core);
/* Insert @s, choosing its id; S_OK or S_NOSPC. */
uint32_t vcd_session_insert(struct vcd_core *core, struct vcd_session *s);
/* Look up and take a reference, or NULL. */
struct vcd_session *vcd_session_get(struct vcd_core *core, uint64_t id);
void vcd_session_put(struct vcd_core *core, struct vcd_session *s);
/* Remove from the table and drop its reference; false if no such id. */
bool vcd_session_remove(struct vcd_core *core, uint64_t id);
/* Remove every session. */
void vcd_session_remove_all(struct vcd_core *core);
uint32_t vcd_session_count(struct vcd_core *core);

/* ---- migration state of a session (session.c) ---- */

/*
 * After a successful OP_CRYPT on @s (lock held): keep what the session's
 * next life needs.  @reset/@final are the request's effective hash
 * flags; the plaintext the hash absorbed is @len bytes at @off of @iov.
 */
void vcd_session_note(struct vcd_core *core, struct vcd_session *s,
		      bool reset, bool final, const struct iovec *iov,
		      unsigned int num, size_t off, uint32_t len);
/* COPY_HASH succeeded (both locks held): @dst takes @src's hash state. */
void vcd_session_note_copy(struct vcd_session *dst,
			   const struct vcd_session *src);
/* Wipe the keys and the kept bytes (session free). */
void vcd_session_wipe(struct vcd_session *s);

/* ---- requests (ctrl.c, data.c): return a status for the response ---- */

uint32_t vcd_ctrl_request(struct vcd_core *core,
			  const struct iovec *out, unsigned int out_num,
			  size_t out_size, size_t in_size,
			  uint64_t *session_id);
uint32_t vcd_data_request(struct vcd_core *core,
			  const struct iovec *out, unsigned int out_num,
			  const struct iovec *in, unsigned int in_num,
			  size_t out_size, size_t in_size, uint32_t *src_len);

#endif /* VCD_INTERNAL_H */
