// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The session table.  A session id is (generation << 32 | slot): lookup
 * is one index and one compare, a destroyed id never matches again
 * (the slot's generation moves on), and the table never grows past
 * max_sessions.  Sessions are refcounted: the table holds one reference,
 * each request in flight another, so a DESTROY racing with a request
 * frees the session when that request is done.
 *
 * A session also keeps what a migration needs to create it again on
 * another host (migrate.c): its keys, and the bytes its unfinished hash
 * has absorbed, up to migrate_hash_max.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "vcd-internal.h"

bool vcd_table_init(struct vcd_table *t, uint32_t size)
{
	uint32_t i;

	t->slots = calloc(size, sizeof(*t->slots));
	t->free_stack = calloc(size, sizeof(*t->free_stack));
	if (!t->slots || !t->free_stack) {
		free(t->slots);
		free(t->free_stack);
		return false;
	}
	/* Pop order hands out slot 0 first. */
	for (i = 0; i < size; i++)
		t->free_stack[i] = size - 1 - i;
	t->nfree = size;
	t->size = size;
	pthread_mutex_init(&t->lock, NULL);
	return true;
}

void vcd_table_destroy(struct vcd_core *core)
{
	struct vcd_table *t = &core->table;

	if (!t->slots)
		return;
	vcd_session_remove_all(core);
	pthread_mutex_destroy(&t->lock);
	free(t->slots);
	free(t->free_stack);
	t->slots = NULL;
}

static void session_free(struct vcd_core *core, struct vcd_session *s)
{
	core->ops->session_free(core->engine, s->engine_sess);
	pthread_mutex_destroy(&s->lock);
	vcd_session_wipe(s);
	free(s);
}

uint32_t vcd_session_insert(struct vcd_core *core, struct vcd_session *s)
{
	struct vcd_table *t = &core->table;
	struct vcd_slot *slot;
	uint32_t idx;

	pthread_mutex_lock(&t->lock);
	if (t->nfree == 0) {
		pthread_mutex_unlock(&t->lock);
		return VIRTIO_CRYPTODEV_S_NOSPC;
	}
	idx = t->free_stack[--t->nfree];
	slot = &t->slots[idx];
	if (++slot->gen == 0)	/* id 0 is never valid */
		slot->gen = 1;
	s->id = (uint64_t)slot->gen << 32 | idx;
	atomic_init(&s->refs, 1);
	slot->sess = s;
	pthread_mutex_unlock(&t->lock);
	return VIRTIO_CRYPTODEV_S_OK;
}

/* With the table lock held: the slot that holds @id, or NULL. */
static struct vcd_slot *slot_of(struct vcd_table *t, uint64_t id)
{
	uint32_t idx = (uint32_t)id;
	struct vcd_slot *slot;

	if (idx >= t->size)
		return NULL;
	slot = &t->slots[idx];
	if (!slot->sess || slot->sess->id != id)
		return NULL;
	return slot;
}

struct vcd_session *vcd_session_get(struct vcd_core *core, uint64_t id)
{
	struct vcd_table *t = &core->table;
	struct vcd_session *s = NULL;
	struct vcd_slot *slot;

	pthread_mutex_lock(&t->lock);
	slot = slot_of(t, id);
	if (slot) {
		s = slot->sess;
		atomic_fetch_add(&s->refs, 1);
	}
	pthread_mutex_unlock(&t->lock);
	return s;
}

void vcd_session_put(struct vcd_core *core, struct vcd_session *s)
{
	if (atomic_fetch_sub(&s->refs, 1) == 1)
		session_free(core, s);
}

/* With the table lock held: empty @slot, return its session. */
static struct vcd_session *slot_clear(struct vcd_table *t,
				      struct vcd_slot *slot)
{
	struct vcd_session *s = slot->sess;

	slot->sess = NULL;
	t->free_stack[t->nfree++] = (uint32_t)(slot - t->slots);
	return s;
}

bool vcd_session_remove(struct vcd_core *core, uint64_t id)
{
	struct vcd_table *t = &core->table;
	struct vcd_session *s = NULL;
	struct vcd_slot *slot;

	pthread_mutex_lock(&t->lock);
	slot = slot_of(t, id);
	if (slot)
		s = slot_clear(t, slot);
	pthread_mutex_unlock(&t->lock);
	if (!s)
		return false;
	vcd_session_put(core, s);
	return true;
}

void vcd_session_remove_all(struct vcd_core *core)
{
	struct vcd_table *t = &core->table;
	struct vcd_session *s;
	uint32_t i;

	for (i = 0; i < t->size; i++) {
		pthread_mutex_lock(&t->lock);
		s = t->slots[i].sess ? slot_clear(t, &t->slots[i]) : NULL;
		pthread_mutex_unlock(&t->lock);
		if (s)
			vcd_session_put(core, s);
	}
}

uint32_t vcd_session_count(struct vcd_core *core)
{
	struct vcd_table *t = &core->table;
	uint32_t n;

	pthread_mutex_lock(&t->lock);
	n = t->size - t->nfree;
	pthread_mutex_unlock(&t->lock);
	return n;
}

/* ---- what a session keeps for a migration (data.c, ctrl.c) ---- */

static void replay_drop(struct vcd_session *s)
{
	if (s->replay)
		OPENSSL_cleanse(s->replay, s->replay_cap);
	free(s->replay);
	s->replay = NULL;
	s->replay_len = 0;
	s->replay_cap = 0;
}

/* Room for @len more bytes, within @max; false: give up keeping them. */
static bool replay_grow(struct vcd_session *s, uint32_t len, uint32_t max)
{
	uint64_t need = (uint64_t)s->replay_len + len;
	uint32_t cap;
	uint8_t *p;

	if (need > max)
		return false;
	if (need <= s->replay_cap)
		return true;
	cap = s->replay_cap ? s->replay_cap : 4096;
	while (cap < need)
		cap = cap > max / 2 ? max : cap * 2;
	p = malloc(cap);
	if (!p)
		return false;
	/* Not realloc(): the old copy is wiped, not left in the heap. */
	if (s->replay_len)
		memcpy(p, s->replay, s->replay_len);
	if (s->replay)
		OPENSSL_cleanse(s->replay, s->replay_cap);
	free(s->replay);
	s->replay = p;
	s->replay_cap = cap;
	return true;
}

void vcd_session_note(struct vcd_core *core, struct vcd_session *s,
		      bool reset, bool final, const struct iovec *iov,
		      unsigned int num, size_t off, uint32_t len)
{
	const struct vcd_cipher_info *ci = vcd_cipher_info(s->cipher_alg);

	if (ci && ci->stream)
		s->stream_pos += len;
	if (!s->hash_alg)
		return;
	if (reset) {
		s->replay_len = 0;
		s->replay_over = false;
		s->stale = false;
	}
	/* A one-shot or a final leaves nothing to carry over. */
	if (final) {
		replay_drop(s);
		s->replay_over = false;
		return;
	}
	if (!len || s->replay_over)
		return;
	if (!replay_grow(s, len, core->replay_max)) {
		replay_drop(s);
		s->replay_over = true;
		return;
	}
	vcd_iov_read(iov, num, off, s->replay + s->replay_len, len);
	s->replay_len += len;
}

void vcd_session_note_copy(struct vcd_session *dst,
			   const struct vcd_session *src)
{
	replay_drop(dst);
	dst->replay_over = src->replay_over;
	dst->stale = src->stale;
	/* The engine copied the HMAC state with its key (protocol 6.4). */
	if (dst->hmac) {
		memcpy(dst->mac_key, src->mac_key, src->mac_key_len);
		dst->mac_key_len = src->mac_key_len;
	}
	if (!src->replay_len || dst->replay_over)
		return;
	dst->replay = malloc(src->replay_len);
	if (!dst->replay) {
		dst->replay_over = true;
		return;
	}
	memcpy(dst->replay, src->replay, src->replay_len);
	dst->replay_len = src->replay_len;
	dst->replay_cap = src->replay_len;
}

void vcd_session_wipe(struct vcd_session *s)
{
	replay_drop(s);
	OPENSSL_cleanse(s->key, sizeof(s->key));
	OPENSSL_cleanse(s->mac_key, sizeof(s->mac_key));
}
