// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Migration: the session table as a versioned blob, and back.
 *
 * Engines cannot export their state (OpenSSL 3's EVP has no export of
 * a digest context, a host /dev/crypto none of a session), so a session
 * travels as what created it (algorithms, keys) plus what the core
 * knows of its history: the chained IV, the ARC4 keystream position and
 * the bytes its unfinished hash has absorbed.  The destination creates
 * the session again in its own engine and replays those bytes.  A hash
 * whose bytes outgrew migrate_hash_max arrives "stale": its next request
 * that does not reset gets S_STALE, never a wrong digest.
 *
 * The layout (docs/protocol.md section 13), every field little-endian:
 *
 *   "VCDS" version nslots nsess table_size      5 x 4 bytes
 *   nslots x { slot, gen }                       the table's generations
 *   nsess x {
 *     id (8) cipher_alg hash_alg flags key_len key[key_len]
 *     mac_key_len mac_key[mac_key_len] chain_iv[16] stream_pos (8)
 *     replay_len replay[replay_len]
 *   }
 *
 * The blob comes from another host: the loader checks every length
 * against what is left and every value against what a CREATE_SESSION
 * would accept, before it creates anything.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "vcd-internal.h"

#define MIG_MAGIC		"VCDS"
#define MIG_SLOT_LEN		8
/* A session without its keys and replay bytes. */
#define MIG_SESS_FIXED		(8 + 4 * 3 + 4 + 4 + VCD_MAX_IV_LEN + 8 + 4)

#define MIG_F_HMAC		(1u << 0)
#define MIG_F_HASH_DIRTY	(1u << 1)	/* the next request resets */
#define MIG_F_STALE		(1u << 2)	/* the hash state is lost */
#define MIG_F_ALL		(MIG_F_HMAC | MIG_F_HASH_DIRTY | MIG_F_STALE)

/* ARC4 keystream skipped on load, this many bytes at a time. */
#define MIG_SKIP_CHUNK		(64u << 10)
/*
 * The most ARC4 keystream a load skips: about a second or two of RC4.
 * A session that has used more cannot migrate (the load refuses it); a
 * hostile blob cannot make the destination spin for hours.
 */
#define MIG_MAX_STREAM_POS	(1ull << 30)

/* ---- save ---- */

/* A byte buffer that grows; on failure it stays failed. */
struct wbuf {
	uint8_t *p;
	size_t len, cap;
	bool failed;
};

static bool wb_room(struct wbuf *w, size_t n)
{
	size_t cap = w->cap ? w->cap : 4096;
	uint8_t *p;

	if (w->failed)
		return false;
	if (w->len + n <= w->cap)
		return true;
	while (cap < w->len + n)
		cap *= 2;
	p = malloc(cap);
	if (!p) {
		w->failed = true;
		return false;
	}
	/* It holds keys: no realloc(), the old copy is wiped. */
	if (w->len)
		memcpy(p, w->p, w->len);
	vcd_core_blob_free(w->p, w->cap);
	w->p = p;
	w->cap = cap;
	return true;
}

static void wb_put(struct wbuf *w, const void *data, size_t n)
{
	if (n && wb_room(w, n)) {
		memcpy(w->p + w->len, data, n);
		w->len += n;
	}
}

static void wb_le32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4];

	vcd_st_le32(b, v);
	wb_put(w, b, 4);
}

static void wb_le64(struct wbuf *w, uint64_t v)
{
	uint8_t b[8];

	vcd_st_le64(b, v);
	wb_put(w, b, 8);
}

static void save_session(struct wbuf *w, const struct vcd_session *s)
{
	/* Its unfinished hash outgrew the bound, or came so from the last
	 * migration. */
	bool stale = s->stale || s->replay_over;
	uint32_t flags = (s->hmac ? MIG_F_HMAC : 0) |
			 (s->hash_dirty ? MIG_F_HASH_DIRTY : 0) |
			 (stale ? MIG_F_STALE : 0);
	uint32_t replay_len = stale ? 0 : s->replay_len;

	wb_le64(w, s->id);
	wb_le32(w, s->cipher_alg);
	wb_le32(w, s->hash_alg);
	wb_le32(w, flags);
	wb_le32(w, s->key_len);
	wb_put(w, s->key, s->key_len);
	wb_le32(w, s->mac_key_len);
	wb_put(w, s->mac_key, s->mac_key_len);
	wb_put(w, s->chain_iv, VCD_MAX_IV_LEN);
	wb_le64(w, s->stream_pos);
	wb_le32(w, replay_len);
	wb_put(w, s->replay, replay_len);
}

void *vcd_core_save(struct vcd_core *core, size_t *len)
{
	struct vcd_table *t = &core->table;
	struct wbuf w = { 0 };
	uint32_t i, nslots = 0, nsess = 0;

	pthread_mutex_lock(&t->lock);
	for (i = 0; i < t->size; i++) {
		nslots += t->slots[i].gen != 0;
		nsess += t->slots[i].sess != NULL;
	}
	wb_put(&w, MIG_MAGIC, 4);
	wb_le32(&w, VCD_MIGRATE_VERSION);
	wb_le32(&w, nslots);
	wb_le32(&w, nsess);
	wb_le32(&w, t->size);
	for (i = 0; i < t->size; i++) {
		if (t->slots[i].gen) {
			wb_le32(&w, i);
			wb_le32(&w, t->slots[i].gen);
		}
	}
	for (i = 0; i < t->size; i++) {
		struct vcd_session *s = t->slots[i].sess;

		if (!s)
			continue;
		pthread_mutex_lock(&s->lock);
		save_session(&w, s);
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&t->lock);
	if (w.failed) {
		vcd_core_blob_free(w.p, w.cap);
		return NULL;
	}
	*len = w.len;
	return w.p;
}

void vcd_core_blob_free(void *blob, size_t len)
{
	if (blob)
		OPENSSL_cleanse(blob, len);
	free(blob);
}

uint64_t vcd_core_save_max(struct vcd_core *core)
{
	uint64_t n = core->table.size;

	return VCD_MIGRATE_EMPTY_LEN + n * MIG_SLOT_LEN +
	       n * (MIG_SESS_FIXED + VCD_MAX_KEY_LEN + VCD_MAX_MAC_KEY_LEN +
		    (uint64_t)core->replay_max);
}

/* ---- load: the source's algorithms ---- */

struct load_err {
	char *buf;
	size_t len;
};

static bool fail(struct load_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool fail(struct load_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e->len) {
		va_start(ap, fmt);
		vsnprintf(e->buf, e->len, fmt, ap);
		va_end(ap);
	}
	return false;
}

bool vcd_core_set_algs(struct vcd_core *core, uint32_t cipher_mask,
		       uint32_t hash_mask, char *err, size_t errlen)
{
	struct load_err e = { err, errlen };
	uint32_t alg;

	for (alg = 0; alg < 32; alg++) {
		const struct vcd_cipher_info *ci = vcd_cipher_info(alg);
		const struct vcd_hash_info *hi = vcd_hash_info(alg);

		if ((cipher_mask & ~core->cipher_mask) & 1u << alg)
			return fail(&e, "cipher %s is not offered by the %s "
				    "engine here", ci ? ci->name : "unknown",
				    core->ops->name);
		if ((hash_mask & ~core->hash_mask) & 1u << alg)
			return fail(&e, "hash %s is not offered by the %s "
				    "engine here", hi ? hi->name : "unknown",
				    core->ops->name);
	}
	core->cipher_mask = cipher_mask;
	core->hash_mask = hash_mask;
	return true;
}

/* ---- load: parse and check everything first ---- */

/* A reader over the blob; any read past the end fails it for good. */
struct rbuf {
	const uint8_t *p;
	size_t len, off;
	bool short_read;
};

static const uint8_t *rb_take(struct rbuf *r, size_t n)
{
	const uint8_t *p;

	if (r->short_read || n > r->len - r->off) {
		r->short_read = true;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

static uint32_t rb_le32(struct rbuf *r)
{
	const uint8_t *p = rb_take(r, 4);

	return p ? vcd_ld_le32(p) : 0;
}

static uint64_t rb_le64(struct rbuf *r)
{
	const uint8_t *p = rb_take(r, 8);

	return p ? vcd_ld_le64(p) : 0;
}

/* One session as read; the pointers point into the blob. */
struct mig_sess {
	uint64_t id;
	uint32_t cipher_alg, hash_alg, flags;
	uint32_t key_len, mac_key_len, replay_len;
	const uint8_t *key, *mac_key, *chain_iv, *replay;
	uint64_t stream_pos;
};

static void read_session(struct rbuf *r, struct mig_sess *m)
{
	m->id = rb_le64(r);
	m->cipher_alg = rb_le32(r);
	m->hash_alg = rb_le32(r);
	m->flags = rb_le32(r);
	m->key_len = rb_le32(r);
	m->key = rb_take(r, m->key_len);
	m->mac_key_len = rb_le32(r);
	m->mac_key = rb_take(r, m->mac_key_len);
	m->chain_iv = rb_take(r, VCD_MAX_IV_LEN);
	m->stream_pos = rb_le64(r);
	m->replay_len = rb_le32(r);
	m->replay = rb_take(r, m->replay_len);
}

/* What CREATE_SESSION would accept (ctrl.c), plus the kept state. */
static bool check_session(struct vcd_core *core, const struct mig_sess *m,
			  struct load_err *e)
{
	const struct vcd_cipher_info *ci = vcd_cipher_info(m->cipher_alg);
	const struct vcd_hash_info *hi = vcd_hash_info(m->hash_alg);
	unsigned long long id = (unsigned long long)m->id;
	bool hmac = m->flags & MIG_F_HMAC;

	if ((m->cipher_alg && !ci) || (m->hash_alg && !hi) || (!ci && !hi))
		return fail(e, "session %#llx: unknown algorithm "
			    "(cipher %u, hash %u)", id, m->cipher_alg,
			    m->hash_alg);
	if (ci && !(core->cipher_mask & 1u << m->cipher_alg))
		return fail(e, "session %#llx: cipher %s is not offered by "
			    "the %s engine here", id, ci->name,
			    core->ops->name);
	if (hi && !(core->hash_mask & 1u << m->hash_alg))
		return fail(e, "session %#llx: hash %s is not offered by "
			    "the %s engine here", id, hi->name,
			    core->ops->name);
	if ((m->flags & ~MIG_F_ALL) || (hmac && !hi) || (ci && ci->aead && hi))
		return fail(e, "session %#llx: bad flags %#x", id, m->flags);
	if (ci ? !vcd_cipher_key_ok(m->cipher_alg, m->key_len) : m->key_len)
		return fail(e, "session %#llx: bad key length %u", id,
			    m->key_len);
	if (m->mac_key_len > (hmac ? VCD_MAX_MAC_KEY_LEN : 0))
		return fail(e, "session %#llx: bad MAC key length %u", id,
			    m->mac_key_len);
	if (m->stream_pos && !(ci && ci->stream))
		return fail(e, "session %#llx: keystream position without "
			    "a stream cipher", id);
	if (m->stream_pos > MIG_MAX_STREAM_POS)
		return fail(e, "session %#llx: %llu bytes of ARC4 keystream "
			    "used, more than the %llu a migration skips", id,
			    (unsigned long long)m->stream_pos,
			    (unsigned long long)MIG_MAX_STREAM_POS);
	if (m->replay_len > core->replay_max)
		return fail(e, "session %#llx: %u bytes of unfinished hash, "
			    "more than migrate-hash-max=%u here", id,
			    m->replay_len, core->replay_max);
	if (m->replay_len && (!hi || (m->flags & MIG_F_STALE)))
		return fail(e, "session %#llx: hash bytes that do not fit "
			    "the session", id);
	if ((m->flags & (MIG_F_HASH_DIRTY | MIG_F_STALE)) && !hi)
		return fail(e, "session %#llx: hash state without a hash",
			    id);
	return true;
}

/* Header and slot table: every slot and generation in @gens (size). */
static bool check_table(struct vcd_core *core, struct rbuf *r,
			uint32_t *gens, uint32_t *nsess, struct load_err *e)
{
	uint32_t size = core->table.size;
	const uint8_t *magic = rb_take(r, 4);
	uint32_t version = rb_le32(r), nslots = rb_le32(r), i;

	*nsess = rb_le32(r);
	rb_le32(r);	/* the source's max-sessions: informative */
	if (r->short_read || memcmp(magic, MIG_MAGIC, 4))
		return fail(e, "not a virtio-cryptodev session table");
	if (version != VCD_MIGRATE_VERSION)
		return fail(e, "session table format %u: this device reads "
			    "format %u only", version, VCD_MIGRATE_VERSION);
	if (nslots > size || *nsess > nslots)
		return fail(e, "%u sessions in %u slots do not fit "
			    "max-sessions=%u here", *nsess, nslots, size);
	for (i = 0; i < nslots; i++) {
		uint32_t slot = rb_le32(r), gen = rb_le32(r);

		if (r->short_read)
			break;
		if (slot >= size)
			return fail(e, "session slot %u is beyond "
				    "max-sessions=%u here", slot, size);
		if (!gen || gens[slot])
			return fail(e, "session slot %u: bad or repeated "
				    "generation", slot);
		gens[slot] = gen;
	}
	return true;
}

/* Every session: sane, supported, on its own slot with that slot's gen. */
static bool check_sessions(struct vcd_core *core, struct rbuf *r,
			   const uint32_t *gens, uint8_t *taken,
			   uint32_t nsess, struct load_err *e)
{
	struct mig_sess m;
	uint32_t i, slot;

	for (i = 0; i < nsess; i++) {
		read_session(r, &m);
		if (r->short_read)
			break;
		slot = (uint32_t)m.id;
		if (slot >= core->table.size || taken[slot] ||
		    gens[slot] != (uint32_t)(m.id >> 32))
			return fail(e, "session %#llx: not on its slot",
				    (unsigned long long)m.id);
		taken[slot] = 1;
		if (!check_session(core, &m, e))
			return false;
	}
	if (r->short_read)
		return fail(e, "session table truncated (%zu bytes)", r->len);
	if (r->off != r->len)
		return fail(e, "%zu stray bytes after the session table",
			    r->len - r->off);
	return true;
}

/* ---- load: re-create ---- */

static uint32_t engine_run(struct vcd_core *core, void *sess, uint8_t *buf,
			   uint32_t len, bool reset)
{
	static const uint8_t zero_iv[VCD_MAX_IV_LEN];
	uint8_t digest[VCD_MAX_DIGEST_LEN];
	struct vcd_op op = {
		.iv = zero_iv, .buf = buf, .len = len,
		.hash_reset = reset, .digest = digest,
	};

	return core->ops->crypt(core->engine, sess, &op);
}

/* ARC4: use up @n bytes of keystream (and hash garbage, if any). */
static uint32_t skip_keystream(struct vcd_core *core, void *sess,
			       uint64_t n)
{
	uint8_t *zero = calloc(1, MIG_SKIP_CHUNK);
	uint32_t st = VIRTIO_CRYPTODEV_S_OK, len;

	if (!zero)
		return VIRTIO_CRYPTODEV_S_NOMEM;
	while (n && st == VIRTIO_CRYPTODEV_S_OK) {
		len = n < MIG_SKIP_CHUNK ? (uint32_t)n : MIG_SKIP_CHUNK;
		memset(zero, 0, len);
		st = engine_run(core, sess, zero, len, true);
		n -= len;
	}
	free(zero);
	return st;
}

/*
 * Feed the kept bytes to the hash again.  A hash-only session takes them
 * directly; one with a cipher would run them through the cipher too
 * (and its block rules), so they go into a hash-only twin whose state
 * is then copied over, as COPY_HASH does.
 */
static uint32_t replay_hash(struct vcd_core *core, struct vcd_session *s,
			    const struct vcd_sess_params *p)
{
	struct vcd_sess_params hp = *p;
	uint8_t *buf = malloc(s->replay_len);
	void *twin = NULL;
	uint32_t st;

	if (!buf)
		return VIRTIO_CRYPTODEV_S_NOMEM;
	memcpy(buf, s->replay, s->replay_len);
	if (!s->cipher_alg) {
		st = engine_run(core, s->engine_sess, buf, s->replay_len, true);
		goto out;
	}
	hp.cipher_alg = 0;
	hp.key = NULL;
	hp.key_len = 0;
	st = core->ops->session_new(core->engine, &hp, &twin);
	if (st == VIRTIO_CRYPTODEV_S_OK)
		st = engine_run(core, twin, buf, s->replay_len, true);
	if (st == VIRTIO_CRYPTODEV_S_OK)
		st = core->ops->hash_copy(core->engine, s->engine_sess, twin);
	if (twin)
		core->ops->session_free(core->engine, twin);
out:
	OPENSSL_cleanse(buf, s->replay_len);
	free(buf);
	return st;
}

static struct vcd_session *mig_session_new(const struct mig_sess *m)
{
	struct vcd_session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->id = m->id;
	s->cipher_alg = m->cipher_alg;
	s->hash_alg = m->hash_alg;
	s->hmac = m->flags & MIG_F_HMAC;
	s->hash_dirty = m->flags & MIG_F_HASH_DIRTY;
	s->stale = m->flags & MIG_F_STALE;
	memcpy(s->key, m->key, m->key_len);
	s->key_len = m->key_len;
	memcpy(s->mac_key, m->mac_key, m->mac_key_len);
	s->mac_key_len = m->mac_key_len;
	memcpy(s->chain_iv, m->chain_iv, VCD_MAX_IV_LEN);
	s->stream_pos = m->stream_pos;
	if (m->replay_len > 0) {
		s->replay = malloc(m->replay_len);
		if (!s->replay) {
			free(s);
			return NULL;
		}
		memcpy(s->replay, m->replay, m->replay_len);
		s->replay_len = s->replay_cap = m->replay_len;
	}
	atomic_init(&s->refs, 1);
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

/* The engine session of @s, in the state the source left it. */
static uint32_t restore_engine(struct vcd_core *core, struct vcd_session *s)
{
	struct vcd_sess_params p = {
		.cipher_alg = s->cipher_alg, .hash_alg = s->hash_alg,
		.hmac = s->hmac, .key = s->key, .key_len = s->key_len,
		.mac_key = s->mac_key, .mac_key_len = s->mac_key_len,
	};
	uint32_t st;

	st = core->ops->session_new(core->engine, &p, &s->engine_sess);
	if (st != VIRTIO_CRYPTODEV_S_OK) {
		s->engine_sess = NULL;
		return st;
	}
	if (s->stream_pos) {
		st = skip_keystream(core, s->engine_sess, s->stream_pos);
		/* That hashed the keystream's input: restart, or replay. */
		if (s->hash_alg && !s->replay_len)
			s->hash_dirty = true;
	}
	if (st == VIRTIO_CRYPTODEV_S_OK && s->replay_len)
		st = replay_hash(core, s, &p);
	return st;
}

static void free_unlinked(struct vcd_core *core, struct vcd_session *s)
{
	if (s->engine_sess)
		core->ops->session_free(core->engine, s->engine_sess);
	pthread_mutex_destroy(&s->lock);
	vcd_session_wipe(s);
	free(s);
}

/* Put @s in its slot; the table was checked, the slot is free. */
static void link_session(struct vcd_table *t, struct vcd_session *s)
{
	pthread_mutex_lock(&t->lock);
	t->slots[(uint32_t)s->id].sess = s;
	pthread_mutex_unlock(&t->lock);
}

/* The generations, and a free stack of the slots left, lowest first. */
static void restore_table(struct vcd_table *t, const uint32_t *gens)
{
	uint32_t i;

	pthread_mutex_lock(&t->lock);
	t->nfree = 0;
	for (i = t->size; i-- > 0;) {
		t->slots[i].gen = gens[i];
		if (!t->slots[i].sess)
			t->free_stack[t->nfree++] = i;
	}
	pthread_mutex_unlock(&t->lock);
}

static const char *status_name(uint32_t st)
{
	switch (st) {
	case VIRTIO_CRYPTODEV_S_BADKEY:
		return "key refused";
	case VIRTIO_CRYPTODEV_S_UNSUPP:
		return "not supported";
	case VIRTIO_CRYPTODEV_S_NOMEM:
		return "out of memory";
	case VIRTIO_CRYPTODEV_S_NOSPC:
		return "no room";
	default:
		return "engine failure";
	}
}

static bool create_all(struct vcd_core *core, struct rbuf *r, uint32_t nsess,
		       struct load_err *e)
{
	struct vcd_session *s;
	struct mig_sess m;
	uint32_t i, st;

	for (i = 0; i < nsess; i++) {
		read_session(r, &m);
		s = mig_session_new(&m);
		if (!s)
			return fail(e, "out of memory");
		st = restore_engine(core, s);
		if (st != VIRTIO_CRYPTODEV_S_OK) {
			free_unlinked(core, s);
			return fail(e, "session %#llx (%s%s%s): the %s engine "
				    "could not re-create it: %s",
				    (unsigned long long)m.id,
				    m.cipher_alg ?
				    vcd_cipher_info(m.cipher_alg)->name : "",
				    m.cipher_alg && m.hash_alg ? "+" : "",
				    m.hash_alg ?
				    vcd_hash_info(m.hash_alg)->name : "",
				    core->ops->name, status_name(st));
		}
		link_session(&core->table, s);
	}
	return true;
}

bool vcd_core_load(struct vcd_core *core, const void *blob, size_t len,
		   char *err, size_t errlen)
{
	struct load_err e = { err, errlen };
	uint32_t size = core->table.size, nsess = 0;
	struct rbuf r = { blob, len, 0, false };
	uint32_t *gens = calloc(size, sizeof(*gens));
	uint8_t *taken = calloc(size, 1);
	bool ok = false;
	size_t start;

	if (!gens || !taken) {
		fail(&e, "out of memory");
		goto out;
	}
	if (vcd_session_count(core)) {
		fail(&e, "the device has sessions already");
		goto out;
	}
	if (!check_table(core, &r, gens, &nsess, &e))
		goto out;
	start = r.off;
	if (!check_sessions(core, &r, gens, taken, nsess, &e))
		goto out;
	r.off = start;
	ok = create_all(core, &r, nsess, &e);
	restore_table(&core->table, gens);
	if (!ok)
		vcd_session_remove_all(core);
out:
	free(gens);
	free(taken);
	return ok;
}
