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
#include <linux/random.h>
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

static void vcd_dev_destroy(struct vcd_session *s)
{
	struct virtio_cryptodev_ctrl_req *hdr;
	struct vcd_request *req;

	if (READ_ONCE(s->vcd->dead))
		return;		/* a reset already dropped every session */
	req = vcd_req_alloc(2, 0);
	if (!req)
		return;
	hdr = &req->hdr.ctrl;
	hdr->opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_DESTROY_SESSION);
	hdr->session_id = cpu_to_le64(s->dev_id);
	/* The outcome does not matter: the id is forgotten either way. */
	if (!vcd_req_add_out(req, hdr, sizeof(*hdr)) &&
	    !vcd_req_add_in(req, &req->resp.ctrl, sizeof(req->resp.ctrl)))
		vcd_req_submit(s->vcd, &s->vcd->queues[VIRTIO_CRYPTODEV_CTRLQ],
			       req);
	vcd_req_put(req);
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
	o->req = req;
	kref_get(&req->ref);
	queue_work(vcd_wq, &o->work);
}

/* Ask the device for a session; keys are copied from user space here. */
static int vcd_dev_create(struct vcd_session *s, const struct session_op *sop)
{
	unsigned int keylen = s->cipher ? sop->keylen : 0;
	unsigned int mackeylen = s->hash && s->hash->hmac ? sop->mackeylen : 0;
	struct virtio_cryptodev_ctrl_req *hdr;
	struct vcd_request *req;
	int err;

	req = vcd_req_alloc(4, keylen + mackeylen);
	if (!req)
		return -ENOMEM;
	req->wipe = true;	/* keys do not linger in freed memory */
	err = -EFAULT;
	if (copy_from_user(req->data, u64_to_user_ptr((u64)(uintptr_t)sop->key),
			   keylen) ||
	    copy_from_user(req->data + keylen,
			   u64_to_user_ptr((u64)(uintptr_t)sop->mackey),
			   mackeylen))
		goto out;

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
	if (err == -EINTR)
		vcd_orphan_create(s->vcd, req);
	if (!err)
		err = vcd_status_to_errno(le32_to_cpu(req->resp.ctrl.status));
	if (!err)
		s->dev_id = le64_to_cpu(req->resp.ctrl.session_id);
out:
	vcd_req_put(req);
	return err;
}

static void vcd_session_release(struct kref *ref)
{
	struct vcd_session *s = container_of(ref, struct vcd_session, ref);

	vcd_dev_destroy(s);
	kfree(s);
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
	s->vcd = vf->vcd;
	s->cipher = vcd_pick_cipher(lim, sop);
	s->hash = vcd_pick_hash(lim, sop);
	err = PTR_ERR_OR_ZERO(s->cipher) ?: PTR_ERR_OR_ZERO(s->hash);
	/* AEAD authenticates by itself; an extra MAC is not supported. */
	if (!err && s->cipher && s->cipher->aead && s->hash)
		err = -EINVAL;
	if (err) {
		kfree(s);
		return err;
	}

	err = vcd_dev_create(s, sop);
	if (err) {
		kfree(s);
		return err;
	}
	err = vcd_session_insert(vf, s);
	if (err) {
		vcd_session_put(s);
		return err;
	}
	sop->ses = s->id;
	return 0;
}

struct vcd_session *vcd_session_get(struct vcd_file *vf, u32 id)
{
	struct vcd_session *s;

	mutex_lock(&vf->lock);
	s = xa_load(&vf->sessions, id);
	if (s)
		kref_get(&s->ref);
	mutex_unlock(&vf->lock);
	return s;
}

int vcd_session_destroy(struct vcd_file *vf, u32 id)
{
	struct vcd_session *s;

	mutex_lock(&vf->lock);
	s = xa_erase(&vf->sessions, id);
	mutex_unlock(&vf->lock);
	if (!s)
		return -EINVAL;
	vcd_session_put(s);
	return 0;
}

/* The last close of a file: every session it still owns goes. */
void vcd_sessions_release(struct vcd_file *vf)
{
	struct vcd_session *s;
	unsigned long id;

	xa_for_each(&vf->sessions, id, s) {
		xa_erase(&vf->sessions, id);
		vcd_session_put(s);
	}
	xa_destroy(&vf->sessions);
}
