// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: algorithms and the per-file session
 * table.
 *
 * Each open file owns an xarray from the random u32 ids that user space
 * sees to sessions, each mapped to a session that the device created and
 * named with its own 64-bit id.  A session is refcounted so that a
 * CIOCFSESSION racing with a CIOCCRYPT on the same id frees it only when
 * the operation is done; the last reference destroys the device session.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "vcd.h"

#define VCD_CIPHER(id, alg, bs, iv, kmin, kmax, kstep, nm) {		\
	.cryptodev_id = (id), .virtio_cipher = VIRTIO_CRYPTODEV_CIPHER_##alg, \
	.blocksize = (bs), .ivsize = (iv), .min_key = (kmin),		\
	.max_key = (kmax), .key_step = (kstep), .name = (nm) }
#define VCD_AEAD(id, alg, iv, tag, nm) {				\
	.cryptodev_id = (id), .virtio_cipher = VIRTIO_CRYPTODEV_CIPHER_##alg, \
	.aead = true, .blocksize = 1, .ivsize = (iv), .digestsize = (tag), \
	.min_key = 16, .max_key = 32, .key_step = 8, .name = (nm) }
#define VCD_HASH(id, alg, ds, nm) {					\
	.cryptodev_id = (id), .virtio_hash = VIRTIO_CRYPTODEV_HASH_##alg, \
	.digestsize = (ds), .name = (nm) }
#define VCD_HMAC(id, alg, ds, nm) {					\
	.cryptodev_id = (id), .virtio_hash = VIRTIO_CRYPTODEV_HASH_##alg, \
	.hmac = true, .digestsize = (ds), .name = (nm) }

/*
 * The cryptodev-linux algorithms this device can serve.  Every other id,
 * known to cryptodev-linux or not, gives EINVAL as an unavailable
 * algorithm does there.
 */
static const struct vcd_alg vcd_algs[] = {
	VCD_CIPHER(CRYPTO_AES_CBC, AES_CBC, 16, 16, 16, 32, 8, "cbc(aes)"),
	VCD_CIPHER(CRYPTO_AES_CTR, AES_CTR, 1, 16, 16, 32, 8, "ctr(aes)"),
	VCD_CIPHER(CRYPTO_AES_ECB, AES_ECB, 16, 0, 16, 32, 8, "ecb(aes)"),
	VCD_CIPHER(CRYPTO_AES_XTS, AES_XTS, 16, 16, 32, 64, 32, "xts(aes)"),
	VCD_AEAD(CRYPTO_AES_GCM, AES_GCM, 12, 16, "gcm(aes)"),
	VCD_CIPHER(CRYPTO_NULL, NULL, 1, 0, 0, 0, 1, "ecb(cipher_null)"),
	VCD_CIPHER(CRYPTO_DES_CBC, DES_CBC, 8, 8, 8, 8, 1, "cbc(des)"),
	VCD_CIPHER(CRYPTO_3DES_CBC, 3DES_CBC, 8, 8, 24, 24, 1,
		   "cbc(des3_ede)"),
	VCD_CIPHER(CRYPTO_BLF_CBC, BF_CBC, 8, 8, 4, 56, 1, "cbc(blowfish)"),
	VCD_CIPHER(CRYPTO_CAST_CBC, CAST5_CBC, 8, 8, 5, 16, 1, "cbc(cast5)"),
	VCD_CIPHER(CRYPTO_ARC4, ARC4, 1, 0, 1, 64, 1, "ecb(arc4)"),
	VCD_CIPHER(CRYPTO_CAMELLIA_CBC, CAMELLIA_CBC, 16, 16, 16, 32, 8,
		   "cbc(camellia)"),
	VCD_HASH(CRYPTO_SHA1, SHA1, 20, "sha1"),
	VCD_HASH(CRYPTO_SHA2_224, SHA224, 28, "sha224"),
	VCD_HASH(CRYPTO_SHA2_256, SHA256, 32, "sha256"),
	VCD_HASH(CRYPTO_SHA2_384, SHA384, 48, "sha384"),
	VCD_HASH(CRYPTO_SHA2_512, SHA512, 64, "sha512"),
	VCD_HASH(CRYPTO_MD5, MD5, 16, "md5"),
	VCD_HASH(CRYPTO_RIPEMD160, RIPEMD160, 20, "rmd160"),
	VCD_HMAC(CRYPTO_SHA1_HMAC, SHA1, 20, "hmac(sha1)"),
	VCD_HMAC(CRYPTO_SHA2_224_HMAC, SHA224, 28, "hmac(sha224)"),
	VCD_HMAC(CRYPTO_SHA2_256_HMAC, SHA256, 32, "hmac(sha256)"),
	VCD_HMAC(CRYPTO_SHA2_384_HMAC, SHA384, 48, "hmac(sha384)"),
	VCD_HMAC(CRYPTO_SHA2_512_HMAC, SHA512, 64, "hmac(sha512)"),
	VCD_HMAC(CRYPTO_MD5_HMAC, MD5, 16, "hmac(md5)"),
	VCD_HMAC(CRYPTO_RIPEMD160_HMAC, RIPEMD160, 20, "hmac(rmd160)"),
};

const struct vcd_alg *vcd_alg_find(u32 cryptodev_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vcd_algs); i++)
		if (vcd_algs[i].cryptodev_id == cryptodev_id)
			return &vcd_algs[i];
	return NULL;
}

/* The cipher of a session_op, or an ERR_PTR; NULL when there is none. */
static const struct vcd_alg *vcd_pick_cipher(const struct vcd_limits *lim,
					     const struct session_op *sop)
{
	const struct vcd_alg *alg;

	if (!sop->cipher)
		return NULL;
	alg = vcd_alg_find(sop->cipher);
	if (!alg || alg->virtio_cipher == VIRTIO_CRYPTODEV_CIPHER_NONE)
		return ERR_PTR(-EINVAL);
	if (!(lim->cipher_algs & BIT(alg->virtio_cipher))) {
		vcd_alg_unavailable(alg);
		return ERR_PTR(-EINVAL);
	}
	if (sop->keylen > CRYPTO_CIPHER_MAX_KEY_LEN ||
	    sop->keylen > lim->max_key_len ||
	    sop->keylen < alg->min_key || sop->keylen > alg->max_key ||
	    (sop->keylen - alg->min_key) % alg->key_step)
		return ERR_PTR(-EINVAL);
	return alg;
}

static const struct vcd_alg *vcd_pick_hash(const struct vcd_limits *lim,
					   const struct session_op *sop)
{
	const struct vcd_alg *alg;

	if (!sop->mac)
		return NULL;
	alg = vcd_alg_find(sop->mac);
	if (!alg || alg->virtio_hash == VIRTIO_CRYPTODEV_HASH_NONE)
		return ERR_PTR(-EINVAL);
	if (!(lim->hash_algs & BIT(alg->virtio_hash))) {
		vcd_alg_unavailable(alg);
		return ERR_PTR(-EINVAL);
	}
	if (alg->hmac && (sop->mackeylen > CRYPTO_HMAC_MAX_KEY_LEN ||
			  sop->mackeylen > lim->max_mac_key_len))
		return ERR_PTR(-EINVAL);
	return alg;
}

/*
 * An AEAD authenticates by itself: cryptodev-linux ignores the MAC of
 * its session, once the MAC's id is one it knows.  NULL or ERR_PTR.
 */
static const struct vcd_alg *vcd_aead_mac(const struct session_op *sop)
{
	const struct vcd_alg *alg = vcd_alg_find(sop->mac);

	if (sop->mac && (!alg ||
			 alg->virtio_hash == VIRTIO_CRYPTODEV_HASH_NONE))
		return ERR_PTR(-EINVAL);
	return NULL;
}

static unsigned int max_file_sessions = 256;
module_param(max_file_sessions, uint, 0644);
MODULE_PARM_DESC(max_file_sessions,
		 "sessions one open file may hold (0: none)");

static unsigned int fail_destroy;
module_param(fail_destroy, uint, 0644);
MODULE_PARM_DESC(fail_destroy,
		 "testing: the next N session destroys fail to allocate their request");

/* The fault fail_destroy asks for: true (and one less) while it is > 0. */
static bool vcd_destroy_fault(void)
{
	unsigned int n = READ_ONCE(fail_destroy), old;

	while (n) {
		old = cmpxchg(&fail_destroy, n, n - 1);
		if (old == n)
			return true;
		n = old;
	}
	return false;
}

/*
 * Ask the device to destroy s->dev_id.  0 when done, or when there is
 * nothing left to destroy (the device was removed, or reset by a suspend
 * since the session was made); -EAGAIN when the DESTROY may not have
 * reached the device.  A DESTROY sent twice is harmless: the device never
 * hands an id out again (docs/protocol.md, 6.2), so the second one gets
 * INVSESS.
 */
/* Has s a device session left to destroy? */
static bool vcd_dev_alive(struct vcd_session *s)
{
	/* A reset (remove, suspend) already dropped every session. */
	return !READ_ONCE(s->vcd->dead) && s->gen == READ_ONCE(s->vcd->gen);
}

/* A DESTROY request for s, ready to send; NULL without memory. */
static struct vcd_request *vcd_destroy_req(struct vcd_session *s)
{
	struct virtio_cryptodev_ctrl_req *hdr;
	struct vcd_request *req;

	req = vcd_destroy_fault() ? NULL : vcd_req_alloc(1, 1, 0);
	if (!req)
		return NULL;
	hdr = &req->hdr.ctrl;
	hdr->opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_DESTROY_SESSION);
	hdr->session_id = cpu_to_le64(s->dev_id);
	/* Cannot fail: the two entries were allocated. */
	vcd_req_add_out(req, hdr, sizeof(*hdr));
	vcd_req_add_in(req, &req->resp.ctrl, sizeof(req->resp.ctrl));
	return req;
}

static int vcd_dev_destroy(struct vcd_session *s)
{
	struct vcd_request *req;
	int err;

	if (!vcd_dev_alive(s))
		return 0;
	req = vcd_destroy_req(s);
	if (!req)
		return -EAGAIN;
	/* The outcome does not matter: the id is forgotten either way. */
	err = vcd_req_submit(s->vcd, &s->vcd->queues[VIRTIO_CRYPTODEV_CTRLQ],
			     req);
	vcd_req_put(req);
	/*
	 * -EINTR: killed while waiting for ring space (never queued) or for
	 * the answer (queued); -ENOMEM: the ring could not take it.
	 */
	return err == -EINTR || err == -ENOMEM ? -EAGAIN : 0;
}

/*
 * A create whose caller was killed: the device may still make the
 * session.  Wait for its answer off the caller's back, and destroy what
 * it made, so that killed processes leak no device sessions.
 */
struct vcd_orphan {
	struct work_struct work;
	struct vcd_session s;	/* only vcd and dev_id are used */
	struct vcd_request *req;
};

static void vcd_orphan_work(struct work_struct *work)
{
	struct vcd_orphan *o = container_of(work, struct vcd_orphan, work);
	struct vcd_request *req = o->req;

	/* remove completes every request, so this wait ends. */
	wait_for_completion(&req->done);
	if (!req->err && !vcd_status_to_errno(le32_to_cpu(req->resp.ctrl.status))) {
		o->s.dev_id = le64_to_cpu(req->resp.ctrl.session_id);
		vcd_dev_destroy(&o->s);
	}
	vcd_req_put(req);
	vcd_put(o->s.vcd);
	kfree(o);
}

static void vcd_orphan_create(struct vcd_device *vcd, struct vcd_request *req)
{
	struct vcd_orphan *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return;		/* the session lives until the next reset */
	INIT_WORK(&o->work, vcd_orphan_work);
	vcd_get(vcd);
	o->s.vcd = vcd;
	o->s.gen = READ_ONCE(vcd->gen);
	o->req = req;
	kref_get(&req->ref);
	queue_work(vcd_wq, &o->work);
}

/* The keys of a new session, copied from user space and kept in s. */
static int vcd_session_keys(struct vcd_session *s,
			    const struct session_op *sop)
{
	s->keylen = s->cipher ? sop->keylen : 0;
	s->mackeylen = s->hash && s->hash->hmac ? sop->mackeylen : 0;
	if (!s->keylen && !s->mackeylen)
		return 0;
	s->keys = kmalloc(s->keylen + s->mackeylen, GFP_KERNEL);
	if (!s->keys)
		return -ENOMEM;
	if (copy_from_user(s->keys, u64_to_user_ptr((u64)(uintptr_t)sop->key),
			   s->keylen) ||
	    copy_from_user(s->keys + s->keylen,
			   u64_to_user_ptr((u64)(uintptr_t)sop->mackey),
			   s->mackeylen))
		return -EFAULT;
	return 0;
}

/* Ask the device for a session with the parameters kept in s. */
static int vcd_dev_create(struct vcd_session *s)
{
	unsigned int keylen = s->keylen, mackeylen = s->mackeylen;
	struct virtio_cryptodev_ctrl_req *hdr;
	struct vcd_request *req;
	int err;

	req = vcd_req_alloc(1 + vcd_bounce_sgs(keylen + mackeylen), 1,
			    keylen + mackeylen);
	if (!req)
		return -ENOMEM;
	req->wipe = true;	/* keys do not linger in freed memory */
	if (keylen + mackeylen)
		memcpy(req->data, s->keys, keylen + mackeylen);

	hdr = &req->hdr.ctrl;
	hdr->opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CREATE_SESSION);
	hdr->cipher_alg = cpu_to_le32(s->cipher ? s->cipher->virtio_cipher : 0);
	hdr->hash_alg = cpu_to_le32(s->hash ? s->hash->virtio_hash : 0);
	hdr->flags = cpu_to_le32(s->hash && s->hash->hmac ?
				 VIRTIO_CRYPTODEV_SESSION_HMAC : 0);
	hdr->key_len = cpu_to_le32(keylen);
	hdr->mac_key_len = cpu_to_le32(mackeylen);

	err = vcd_req_add_out(req, hdr, sizeof(*hdr)) ?:
	      vcd_req_add_out(req, req->data, keylen + mackeylen) ?:
	      vcd_req_add_in(req, &req->resp.ctrl, sizeof(req->resp.ctrl)) ?:
	      vcd_req_submit(s->vcd, &s->vcd->queues[VIRTIO_CRYPTODEV_CTRLQ],
			     req);
	/* Killed: only a request that reached the device has an answer. */
	if (err == -EINTR && req->queued)
		vcd_orphan_create(s->vcd, req);
	if (!err)
		err = vcd_status_to_errno(le32_to_cpu(req->resp.ctrl.status));
	if (!err)
		s->dev_id = le64_to_cpu(req->resp.ctrl.session_id);
	vcd_req_put(req);
	return err;
}

/* After an RCU grace period: vcd_session_get may still be looking at it. */
static void vcd_session_free(struct vcd_session *s)
{
	kfree_sensitive(s->keys);
	kfree_rcu(s, rcu);
}

#define VCD_DESTROY_TRIES	16

/*
 * A DESTROY that did not reach the device (no memory, or its caller was
 * killed): try again here, where nothing is killed, backing off while
 * memory is short.  Remove and suspend end it (vcd_dev_destroy says 0).
 */
static void vcd_destroy_work(struct work_struct *work)
{
	struct vcd_session *s = container_of(work, struct vcd_session,
					     destroy_work);
	struct vcd_device *vcd = s->vcd;
	unsigned int i;

	for (i = 0; vcd_dev_destroy(s) == -EAGAIN; i++) {
		if (i == VCD_DESTROY_TRIES) {
			/* Not dev_warn: remove may have freed vcd->vdev. */
			pr_warn(KBUILD_MODNAME ": %s: session %llx not destroyed: it lives until the next reset\n",
				vcd->devname, s->dev_id);
			break;
		}
		msleep(10U << min(i, 6U));
	}
	vcd_session_free(s);
	vcd_put(vcd);
}

/* A DESTROY that did not reach the device: vcd_destroy_work retries. */
static void vcd_destroy_later(struct vcd_session *s)
{
	/* The keys are not needed to destroy it. */
	kfree_sensitive(s->keys);
	s->keys = NULL;
	vcd_get(s->vcd);	/* the caller still holds one */
	INIT_WORK(&s->destroy_work, vcd_destroy_work);
	queue_work(vcd_wq, &s->destroy_work);
}

static void vcd_session_release(struct kref *ref)
{
	struct vcd_session *s = container_of(ref, struct vcd_session, ref);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s->part); i++)
		if (s->part[i])
			vcd_session_put(s->part[i]);
	if (vcd_dev_destroy(s) != -EAGAIN)
		vcd_session_free(s);
	else
		vcd_destroy_later(s);
}

void vcd_session_put(struct vcd_session *s)
{
	kref_put(&s->ref, vcd_session_release);
}

/* Insert under a fresh random id, unique within the file. */
static int vcd_session_insert(struct vcd_file *vf, struct vcd_session *s)
{
	int err;

	mutex_lock(&vf->lock);
	do {
		s->id = get_random_u32();
		err = s->id ? xa_insert(&vf->sessions, s->id, s, GFP_KERNEL) :
			      -EBUSY;
	} while (err == -EBUSY);
	mutex_unlock(&vf->lock);
	return err;
}

int vcd_session_create(struct vcd_file *vf, struct session_op *sop)
{
	const struct vcd_limits *lim = &vf->vcd->lim;
	struct vcd_session *s;
	int err;

	if (!sop->cipher && !sop->mac)
		return -EINVAL;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	kref_init(&s->ref);
	mutex_init(&s->part_lock);
	s->vcd = vf->vcd;
	s->cipher = vcd_pick_cipher(lim, sop);
	if (!IS_ERR_OR_NULL(s->cipher) && s->cipher->aead)
		s->hash = vcd_aead_mac(sop);
	else
		s->hash = vcd_pick_hash(lim, sop);
	err = PTR_ERR_OR_ZERO(s->cipher) ?: PTR_ERR_OR_ZERO(s->hash);
	if (err) {
		kfree(s);
		return err;
	}

	/* A slot of this file's quota, given back on every failure. */
	mutex_lock(&vf->lock);
	if (vf->nr_sessions >= READ_ONCE(max_file_sessions))
		err = -ENOSPC;
	else
		vf->nr_sessions++;
	mutex_unlock(&vf->lock);
	if (err) {
		kfree(s);
		return err;
	}

	s->gen = READ_ONCE(vf->vcd->gen);
	err = vcd_session_keys(s, sop) ?: vcd_dev_create(s);
	if (err) {
		vcd_session_free(s);
		goto unreserve;
	}
	err = vcd_session_insert(vf, s);
	if (err) {
		vcd_session_put(s);
		goto unreserve;
	}
	sop->ses = s->id;
	return 0;

unreserve:
	mutex_lock(&vf->lock);
	vf->nr_sessions--;
	mutex_unlock(&vf->lock);
	return err;
}

/*
 * The session of this id, referenced, or NULL.  Without vf->lock, which
 * every thread of a process would contend on: the xarray is read under
 * RCU, and a session is freed only after a grace period, so one that a
 * CIOCFSESSION is erasing at the same time is either still referenced
 * or seen at a count of zero and left alone.
 */
struct vcd_session *vcd_session_get(struct vcd_file *vf, u32 id)
{
	struct vcd_session *s;

	rcu_read_lock();
	s = xa_load(&vf->sessions, id);
	if (s && !kref_get_unless_zero(&s->ref))
		s = NULL;
	rcu_read_unlock();
	return s;
}

int vcd_session_destroy(struct vcd_file *vf, u32 id)
{
	struct vcd_session *s;

	mutex_lock(&vf->lock);
	s = xa_erase(&vf->sessions, id);
	if (s)
		vf->nr_sessions--;
	mutex_unlock(&vf->lock);
	if (!s)
		return -EINVAL;
	vcd_session_put(s);
	return 0;
}

/*
 * Drop a reference to s for vcd_sessions_release: if it was the last, s
 * and the helper sessions whose last reference it held join the dead
 * list, to be destroyed together.
 */
static void vcd_session_put_dead(struct vcd_session *s,
				 struct list_head *dead)
{
	unsigned int i;

	if (!refcount_dec_and_test(&s->ref.refcount))
		return;		/* an async job still uses it */
	for (i = 0; i < ARRAY_SIZE(s->part); i++)
		if (s->part[i])
			vcd_session_put_dead(s->part[i], dead);
	list_add_tail(&s->dead_node, dead);
}

/*
 * Destroy the device sessions of the dead list with one notification
 * and one wait for all of them, instead of a round trip each: every
 * DESTROY goes on the control queue, then the device is notified, then
 * each answer is awaited.  One that cannot be sent is retried by
 * vcd_destroy_work, as vcd_session_release does.  A DESTROY that
 * reached the device needs no answer to be done: if the wait is
 * killed, the device still runs it (or a reset drops the session).
 */
static void vcd_sessions_destroy(struct vcd_device *vcd, struct list_head *dead)
{
	struct vcd_queue *q = &vcd->queues[VIRTIO_CRYPTODEV_CTRLQ];
	struct vcd_session *s, *tmp;
	struct vcd_request *req;

	list_for_each_entry(s, dead, dead_node) {
		s->destroy_req = NULL;
		if (!vcd_dev_alive(s))
			continue;
		req = vcd_destroy_req(s);
		if (req && vcd_req_send_nokick(q, req)) {
			vcd_req_put(req);
			req = NULL;
		}
		s->destroy_req = req ?: ERR_PTR(-EAGAIN);
	}
	vcd_queue_kick(q);
	list_for_each_entry_safe(s, tmp, dead, dead_node) {
		list_del(&s->dead_node);
		if (IS_ERR(s->destroy_req)) {
			vcd_destroy_later(s);
			continue;
		}
		if (s->destroy_req) {
			wait_for_completion_killable(&s->destroy_req->done);
			vcd_req_put(s->destroy_req);
		}
		vcd_session_free(s);
	}
}

/* The last close of a file: every session it still owns goes. */
void vcd_sessions_release(struct vcd_file *vf)
{
	struct vcd_session *s;
	unsigned long id;
	LIST_HEAD(dead);

	xa_for_each(&vf->sessions, id, s) {
		xa_erase(&vf->sessions, id);
		vcd_session_put_dead(s, &dead);
	}
	xa_destroy(&vf->sessions);
	vcd_sessions_destroy(vf->vcd, &dead);
}

/* A new open file: restore finds its sessions through vcd->files. */
void vcd_file_add(struct vcd_file *vf)
{
	mutex_lock(&vf->vcd->files_lock);
	list_add_tail(&vf->node, &vf->vcd->files);
	mutex_unlock(&vf->vcd->files_lock);
}

void vcd_file_del(struct vcd_file *vf)
{
	mutex_lock(&vf->vcd->files_lock);
	list_del(&vf->node);
	mutex_unlock(&vf->vcd->files_lock);
}

/* A new helper session with s's cipher alone, or its MAC alone. */
static struct vcd_session *vcd_part_new(struct vcd_session *s, bool mac)
{
	struct vcd_session *p = kzalloc(sizeof(*p), GFP_KERNEL);
	unsigned int len = mac ? s->mackeylen : s->keylen;
	int err;

	if (!p)
		return ERR_PTR(-ENOMEM);
	kref_init(&p->ref);
	mutex_init(&p->part_lock);
	p->vcd = s->vcd;
	if (mac) {
		p->hash = s->hash;
		p->mackeylen = len;
	} else {
		p->cipher = s->cipher;
		p->keylen = len;
	}
	if (len) {
		p->keys = kmemdup(s->keys + (mac ? s->keylen : 0), len,
				  GFP_KERNEL);
		if (!p->keys) {
			vcd_session_free(p);
			return ERR_PTR(-ENOMEM);
		}
	}
	p->gen = READ_ONCE(s->vcd->gen);
	err = vcd_dev_create(p);
	if (err) {
		vcd_session_free(p);
		return ERR_PTR(err);
	}
	return p;
}

/*
 * The helper device session of s with only its cipher (mac false) or
 * only its MAC, referenced for the caller: made on first use, and made
 * again on the device after a resume dropped it.  It lives as long as s.
 * The caller holds s->part_lock (authenc.c holds it for a whole request,
 * which serialises them on a session as cryptodev-linux does).
 */
struct vcd_session *vcd_session_part(struct vcd_session *s, bool mac)
{
	u32 gen = READ_ONCE(s->vcd->gen);
	struct vcd_session *p;
	int err;

	lockdep_assert_held(&s->part_lock);
	p = s->part[mac];
	if (!p) {
		p = vcd_part_new(s, mac);
		if (IS_ERR(p))
			return p;
		s->part[mac] = p;
	} else if (p->gen != gen) {
		err = vcd_dev_create(p);
		if (err)
			return ERR_PTR(err);
		p->gen = gen;
	}
	kref_get(&p->ref);
	return p;
}

/*
 * After a resume (the device was reset, every device session is gone):
 * make each session of each open file again from its kept parameters.
 * State that lived only in the device session is lost: a hash between
 * UPDATEs, and the chained IV; the requests that would continue it get
 * -ESTALE (vcd_session_check_state).  User space is still frozen.
 */
void vcd_sessions_restore(struct vcd_device *vcd)
{
	struct vcd_session *s;
	struct vcd_file *vf;
	unsigned long id;
	int err;

	mutex_lock(&vcd->files_lock);
	list_for_each_entry(vf, &vcd->files, node) {
		mutex_lock(&vf->lock);
		xa_for_each(&vf->sessions, id, s) {
			if (test_and_clear_bit(VCD_SES_HASH_BUSY, &s->state))
				set_bit(VCD_SES_HASH_LOST, &s->state);
			if (test_and_clear_bit(VCD_SES_IV_USED, &s->state))
				set_bit(VCD_SES_IV_LOST, &s->state);
			s->gen = vcd->gen;
			err = vcd_dev_create(s);
			if (err) {
				/* Its requests get EINVAL, as for a bad id. */
				s->dev_id = 0;
				dev_warn(&vcd->vdev->dev,
					 "session not re-created after resume: %d\n",
					 err);
			}
		}
		mutex_unlock(&vf->lock);
	}
	mutex_unlock(&vcd->files_lock);
}

/*
 * Before a CIOCCRYPT with these VIRTIO_CRYPTODEV_F_* flags, iv telling
 * whether it brings its own IV: -ESTALE if it would continue state that
 * a suspend lost, until a request starts the hash again or gives an IV.
 */
int vcd_session_check_state(struct vcd_session *s, u32 flags, bool iv)
{
	if (s->hash && test_bit(VCD_SES_HASH_LOST, &s->state) &&
	    !(flags & VIRTIO_CRYPTODEV_F_HASH_RESET))
		return -ESTALE;
	if (s->cipher && s->cipher->ivsize && !iv &&
	    test_bit(VCD_SES_IV_LOST, &s->state))
		return -ESTALE;
	return 0;
}

/* After a CIOCCRYPT that succeeded: what the device session now holds. */
void vcd_session_note_state(struct vcd_session *s, u32 flags, bool iv)
{
	if (s->hash) {
		if (flags & VIRTIO_CRYPTODEV_F_HASH_RESET)
			clear_bit(VCD_SES_HASH_LOST, &s->state);
		if (flags & VIRTIO_CRYPTODEV_F_HASH_FINAL)
			clear_bit(VCD_SES_HASH_BUSY, &s->state);
		else
			set_bit(VCD_SES_HASH_BUSY, &s->state);
	}
	if (s->cipher && s->cipher->ivsize) {
		set_bit(VCD_SES_IV_USED, &s->state);
		if (iv)
			clear_bit(VCD_SES_IV_LOST, &s->state);
	}
}
