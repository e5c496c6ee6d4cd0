// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: CIOCAUTHCRYPT, an AEAD operation on a
 * session, from its validation to its copy-out.  The ioctl front door
 * (ioctl.c) hands it a kernel copy of struct crypt_auth_op.
 */
#include <linux/uaccess.h>

#include "vcd.h"

/* Validate a CIOCAUTHCRYPT; on success *ctlen is the ciphertext length. */
static int vcd_aead_check(const struct vcd_session *s,
			  struct crypt_auth_op *caop, unsigned int *ctlen)
{
	const struct vcd_limits *lim = &s->vcd->lim;

	if (!s->cipher || !s->cipher->aead)
		return -EINVAL;
	if (caop->op != COP_ENCRYPT && caop->op != COP_DECRYPT)
		return -EINVAL;
	if (!caop->tag_len)
		caop->tag_len = s->cipher->digestsize;
	if (caop->tag_len > s->cipher->digestsize ||
	    caop->auth_len > lim->max_aad_len)
		return -EINVAL;
	if (caop->op == COP_DECRYPT && caop->len < caop->tag_len)
		return -EINVAL;
	*ctlen = caop->len - (caop->op == COP_DECRYPT ? caop->tag_len : 0);
	if (*ctlen > lim->max_data_len)
		return -EINVAL;
	return 0;
}

/*
 * Readable: header, IV, AAD, src (ciphertext and tag on decrypt).
 * Writable: dst (and the tag on encrypt).  The AAD is always copied, to
 * the start of the bounce buffer.
 */
static int vcd_aead_build(struct vcd_session *s, struct vcd_request *req,
			  const struct crypt_auth_op *caop, unsigned int ctlen,
			  unsigned int outlen, bool zc)
{
	struct virtio_cryptodev_op_req *hdr = &req->hdr.op;
	bool decrypt = caop->op == COP_DECRYPT;
	unsigned int ivlen = caop->iv ? s->cipher->ivsize : 0;
	u8 *aad = req->data;

	if (copy_from_user(aad, vcd_uptr(caop->auth_src), caop->auth_len) ||
	    copy_from_user(req->iv, vcd_uptr(caop->iv), ivlen))
		return -EFAULT;

	vcd_op_header(req, VIRTIO_CRYPTODEV_OP_AEAD, s,
		      decrypt ? VIRTIO_CRYPTODEV_F_DECRYPT : 0);
	hdr->src_len = cpu_to_le32(ctlen);
	hdr->dst_len = cpu_to_le32(ctlen);
	hdr->iv_len = cpu_to_le32(ivlen);
	hdr->aad_len = cpu_to_le32(caop->auth_len);
	hdr->tag_len = cpu_to_le32(caop->tag_len);

	return vcd_req_add_out(req, hdr, sizeof(*hdr)) ?:
	       vcd_req_add_out(req, req->iv, ivlen) ?:
	       vcd_req_add_out(req, aad, caop->auth_len) ?:
	       vcd_add_data(req, vcd_uptr(caop->src), caop->len,
			    vcd_uptr(caop->dst), outlen, aad + caop->auth_len,
			    zc);
}

int vcd_aead(struct vcd_session *s, struct crypt_auth_op *caop)
{
	unsigned int ctlen, outlen;
	struct vcd_request *req;
	bool zc;
	int err;

	/* TLS and SRTP are composed from two ops (authenc.c). */
	if (caop->flags & (COP_FLAG_AEAD_TLS_TYPE | COP_FLAG_AEAD_SRTP_TYPE))
		return vcd_authenc(s, caop);
	err = vcd_aead_check(s, caop, &ctlen);
	if (err)
		return err;
	outlen = caop->op == COP_DECRYPT ? ctlen : ctlen + caop->tag_len;
	zc = !(caop->flags & COP_FLAG_NO_ZC) && vcd_req_zerocopy(ctlen);
again:
	req = vcd_data_req_alloc(vcd_uptr(caop->src), caop->len,
				 vcd_uptr(caop->dst), outlen, caop->auth_len,
				 zc);
	if (!req)
		return -ENOMEM;
	err = vcd_aead_build(s, req, caop, ctlen, outlen, zc);
	if (err == -EFAULT && zc) {
		/* Memory that cannot be pinned (VM_IO, PFNMAP): copy it. */
		vcd_req_put(req);
		zc = false;
		goto again;
	}
	err = err ?: vcd_op_run(s, req);
	if (!err && !zc &&
	    copy_to_user(vcd_uptr(caop->dst),
			 req->data + caop->auth_len + caop->len, outlen))
		err = -EFAULT;
	if (!err) {
		caop->len = outlen;
		/* As cryptodev-linux: the tag inside dst, both ways. */
		caop->tag = caop->dst + ctlen;
	}
	vcd_req_put(req);
	return err;
}
