// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: what every data operation shares, from
 * its header to its data (pinned in place or copied) to running it on a
 * data queue.  crypt.c (CIOCCRYPT) and aead.c (CIOCAUTHCRYPT) build
 * their operations with these.
 */
#include <linux/uaccess.h>

#include "vcd.h"

void vcd_op_header(struct vcd_request *req, u32 opcode,
		   const struct vcd_session *s, u32 flags)
{
	struct virtio_cryptodev_op_req *hdr = &req->hdr.op;

	hdr->opcode = cpu_to_le32(opcode);
	hdr->flags = cpu_to_le32(flags);
	hdr->session_id = cpu_to_le64(s->dev_id);
}

/* Queue req on a data queue and turn the device's status into an errno. */
int vcd_op_run(struct vcd_session *s, struct vcd_request *req)
{
	int err;

	err = vcd_req_add_in(req, &req->resp.op, sizeof(req->resp.op)) ?:
	      vcd_req_submit(s->vcd, vcd_data_queue(s->vcd), req);
	return err ?: vcd_op_status(req);
}

/* Put req on data queue q and return: the device answers it later. */
int vcd_op_send(struct vcd_queue *q, struct vcd_request *req)
{
	return vcd_req_add_in(req, &req->resp.op, sizeof(req->resp.op)) ?:
	       vcd_req_send(q, req);
}

/* A data operation's answer, as an errno. */
int vcd_op_status(struct vcd_request *req)
{
	return vcd_status_to_errno(le32_to_cpu(req->resp.op.status));
}

/*
 * A request's data: src (srclen bytes) to the device, dst (dstlen bytes)
 * back.  Pinned in place in user memory when zc; else src is copied into
 * buf and dst comes back right after it, for the caller to copy out.
 */
int vcd_add_data(struct vcd_request *req, void __user *src,
		 unsigned int srclen, void __user *dst, unsigned int dstlen,
		 u8 *buf, bool zc)
{
	if (zc)
		return vcd_req_pin_user(req, dst, dstlen, true) ?:
		       vcd_req_pin_user(req, src, srclen, false);
	if (copy_from_user(buf, src, srclen))
		return -EFAULT;
	return vcd_req_add_out(req, buf, srclen) ?:
	       vcd_req_add_in(req, buf + srclen, dstlen);
}

/*
 * A request with room for such data: a descriptor per page of src (to
 * the device) and of dst (back) when zc, else a bounce buffer for both;
 * and @extra more bounce bytes to the device, either way.
 */
struct vcd_request *vcd_data_req_alloc(const void __user *src,
				       unsigned int srclen,
				       const void __user *dst,
				       unsigned int dstlen, size_t extra,
				       bool zc)
{
	unsigned int out = VCD_FIXED_SG + vcd_bounce_sgs(extra);

	if (zc)
		return vcd_req_alloc(out + vcd_user_pages(src, srclen),
				     VCD_FIXED_SG +
				     vcd_user_pages(dst, dstlen), extra);
	return vcd_req_alloc(out + vcd_bounce_sgs(srclen),
			     VCD_FIXED_SG + vcd_bounce_sgs(dstlen),
			     extra + (size_t)srclen + dstlen);
}
