// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: CIOCCRYPT, a cipher and/or hash
 * operation on a session, from its validation to its copy-out.  The
 * ioctl front door (ioctl.c) hands it a kernel copy of struct crypt_op.
 */
#include <linux/uaccess.h>

#include "vcd.h"

/*
 * The hash part of a CIOCCRYPT, as cryptodev-linux decides it: restart
 * when flags is 0 or has RESET, else go on.  Going on with a hash that
 * is not under way (a new session, or after a FINAL) starts it too,
 * where cryptodev-linux would go on from a finished state.
 */
static u32 vcd_hash_flags(const struct vcd_session *s,
			  const struct crypt_op *cop)
{
	u32 flags = 0;

	if (!cop->flags || (cop->flags & COP_FLAG_RESET) ||
	    !(test_bit(VCD_SES_HASH_BUSY, &s->state) ||
	      test_bit(VCD_SES_HASH_LOST, &s->state)))
		flags |= VIRTIO_CRYPTODEV_F_HASH_RESET;
	if ((cop->flags & COP_FLAG_FINAL) || !(cop->flags & COP_FLAG_UPDATE) ||
	    !cop->len)
		flags |= VIRTIO_CRYPTODEV_F_HASH_FINAL;
	return flags;
}

/* Validate a CIOCCRYPT against its session; 0 or -errno. */
static int vcd_crypt_check(const struct vcd_session *s,
			   const struct crypt_op *cop)
{
	const struct vcd_alg *c = s->cipher;

	if (cop->op != COP_ENCRYPT && cop->op != COP_DECRYPT)
		return -EINVAL;
	if ((c && c->aead) || cop->len > s->vcd->lim.max_data_len)
		return -EINVAL;
	if (c && cop->len % c->blocksize)
		return -EINVAL;
	if (s->hash &&
	    (vcd_hash_flags(s, cop) & VIRTIO_CRYPTODEV_F_HASH_FINAL) &&
	    !cop->mac)
		return -EFAULT;
	return 0;
}

static int vcd_crypt_build(struct vcd_session *s, struct vcd_request *req,
			   const struct crypt_op *cop, u32 flags, bool zc)
{
	struct virtio_cryptodev_op_req *hdr = &req->hdr.op;
	const struct vcd_alg *c = s->cipher;
	unsigned int ivlen = 0, outlen = c ? cop->len : 0;
	int err;

	if (c && c->ivsize && cop->iv) {
		ivlen = c->ivsize;
		if (copy_from_user(req->iv, vcd_uptr(cop->iv), ivlen))
			return -EFAULT;
	}
	vcd_op_header(req, VIRTIO_CRYPTODEV_OP_CRYPT, s, flags);
	hdr->src_len = cpu_to_le32(cop->len);
	hdr->dst_len = cpu_to_le32(outlen);
	hdr->iv_len = cpu_to_le32(ivlen);
	if (flags & VIRTIO_CRYPTODEV_F_HASH_FINAL)
		hdr->tag_len = cpu_to_le32(s->hash->digestsize);

	/* Readable: header, IV, src.  Writable: dst, IV out, digest. */
	err = vcd_req_add_out(req, hdr, sizeof(*hdr)) ?:
	      vcd_req_add_out(req, req->iv, ivlen) ?:
	      vcd_add_data(req, vcd_uptr(cop->src), cop->len,
			   vcd_uptr(cop->dst), outlen, req->data, zc);
	if (!err && (flags & VIRTIO_CRYPTODEV_F_WRITE_IV))
		err = vcd_req_add_in(req, req->iv_out, c->ivsize);
	if (!err && (flags & VIRTIO_CRYPTODEV_F_HASH_FINAL))
		err = vcd_req_add_in(req, req->digest, s->hash->digestsize);
	return err;
}

/*
 * After the device answered: the results that are not already in place
 * (the bounce buffer's dst, the IV out, the digest), to user memory.
 */
int vcd_crypt_copy_out(struct vcd_session *s, const struct vcd_crypt_ctx *x,
		       const struct crypt_op *cop)
{
	struct vcd_request *req = x->req;

	if (s->cipher && !x->zc && copy_to_user(vcd_uptr(cop->dst),
						req->data + cop->len, cop->len))
		return -EFAULT;
	if ((x->flags & VIRTIO_CRYPTODEV_F_WRITE_IV) &&
	    copy_to_user(vcd_uptr(cop->iv), req->iv_out, s->cipher->ivsize))
		return -EFAULT;
	if ((x->flags & VIRTIO_CRYPTODEV_F_HASH_FINAL) &&
	    copy_to_user(vcd_uptr(cop->mac), req->digest,
			 s->hash->digestsize))
		return -EFAULT;
	return 0;
}

/*
 * Check a CIOCCRYPT and build its request, its data pinned in place if
 * it is long enough (zerocopy_min), else copied.  0 with x->req set, or
 * with x->req NULL when there is nothing for the device to do; or
 * -errno.
 */
int vcd_crypt_prepare(struct vcd_session *s, const struct crypt_op *cop,
		      struct vcd_crypt_ctx *x)
{
	const struct vcd_alg *c = s->cipher;
	unsigned int outlen = c ? cop->len : 0;
	int err;

	x->req = NULL;
	x->flags = 0;
	err = vcd_crypt_check(s, cop);
	if (err)
		return err;
	/*
	 * A cipher over nothing changes nothing but the IV it is given
	 * (cryptodev-linux loads it first).  The device takes no empty XTS
	 * request, and an XTS IV is per request anyway.
	 */
	if (!s->hash && !cop->len &&
	    !(c->ivsize && cop->iv &&
	      c->virtio_cipher != VIRTIO_CRYPTODEV_CIPHER_AES_XTS))
		return 0;

	if (c && cop->op == COP_DECRYPT)
		x->flags |= VIRTIO_CRYPTODEV_F_DECRYPT;
	/* Without an IV there is none to write back: not an error. */
	if (c && c->ivsize && (cop->flags & COP_FLAG_WRITE_IV) && cop->iv)
		x->flags |= VIRTIO_CRYPTODEV_F_WRITE_IV;
	if (s->hash)
		x->flags |= vcd_hash_flags(s, cop);
	err = vcd_session_check_state(s, x->flags, cop->iv);
	if (err)
		return err;

	x->zc = !(cop->flags & COP_FLAG_NO_ZC) && vcd_req_zerocopy(cop->len);
again:
	x->req = vcd_data_req_alloc(vcd_uptr(cop->src), cop->len,
				    vcd_uptr(cop->dst), outlen, 0, x->zc);
	if (!x->req)
		return -ENOMEM;
	err = vcd_crypt_build(s, x->req, cop, x->flags, x->zc);
	if (err) {
		vcd_req_put(x->req);
		x->req = NULL;
	}
	if (err == -EFAULT && x->zc) {
		/* Memory that cannot be pinned (VM_IO, PFNMAP): copy it. */
		x->zc = false;
		goto again;
	}
	return err;
}

int vcd_crypt(struct vcd_session *s, const struct crypt_op *cop)
{
	struct vcd_crypt_ctx x;
	int err;

	err = vcd_crypt_prepare(s, cop, &x);
	if (err || !x.req)
		return err;
	err = vcd_op_run(s, x.req);
	if (!err)
		vcd_session_note_state(s, x.flags, cop->iv);
	if (!err)
		err = vcd_crypt_copy_out(s, &x, cop);
	vcd_req_put(x.req);
	return err;
}
