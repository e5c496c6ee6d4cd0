// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The session table.  A session id is (generation << 32 | slot): lookup
 * is one index and one compare, a destroyed id never matches again
 * (the slot's generation moves on), and the table never grows past
 * max_sessions.  Sessions are refcounted: the table holds one reference,
 * each request in flight another, so a DESTROY racing with a request
 * frees the session when that request is done.
 */
#include <stdlib.h>

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
