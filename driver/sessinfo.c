// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: the ioctls about whole sessions rather
 * than data, CIOCGSESSINFO and CIOCCPHASH, and the message for an
 * algorithm that the device does not offer.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vcd.h"

/* "cbc(aes)" -> "virtio-cryptodev-cbc-aes": one driver name per algorithm. */
static void vcd_driver_name(char *buf, size_t size, const char *name)
{
	size_t n = scnprintf(buf, size, "%s-", VCD_DRIVER_NAME);

	for (; *name && n + 1 < size; name++) {
		if (*name == ')')
			continue;
		buf[n++] = *name == '(' ? '-' : *name;
	}
	buf[n] = '\0';
}

static void vcd_alg_info(struct alg_info *info, const struct vcd_alg *alg)
{
	if (!alg)
		return;
	strscpy(info->cra_name, alg->name, sizeof(info->cra_name));
	vcd_driver_name(info->cra_driver_name, sizeof(info->cra_driver_name),
			alg->name);
}

int vcd_ioctl_gsessinfo(struct vcd_file *vf, void __user *arg)
{
	struct session_info_op *si;
	struct vcd_session *s;
	u32 id;
	int err = 0;

	if (get_user(id, (u32 __user *)arg))
		return -EFAULT;
	s = vcd_session_get(vf, id);
	if (!s)
		return -EINVAL;
	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (si) {
		si->ses = id;
		vcd_alg_info(&si->cipher_info, s->cipher);
		vcd_alg_info(&si->hash_info, s->hash);
		/*
		 * Data goes to the device through a bounce buffer or as
		 * pinned pages at any offset: no alignment is asked of it.
		 */
		si->alignmask = 0;
		/*
		 * Served by the host, not by software in the guest: this is
		 * what makes OpenSSL's devcrypto engine take the algorithm
		 * by default.
		 */
		si->flags = SIOP_FLAG_KERNEL_DRIVER_ONLY;
		if (copy_to_user(arg, si, sizeof(*si)))
			err = -EFAULT;
		kfree(si);
	} else {
		err = -ENOMEM;
	}
	vcd_session_put(s);
	return err;
}

/* The device's COPY_HASH: @dst's hash state becomes @src's. */
static int vcd_dev_copy_hash(struct vcd_session *dst, struct vcd_session *src)
{
	struct virtio_cryptodev_ctrl_req *hdr;
	struct vcd_device *vcd = dst->vcd;
	struct vcd_request *req;
	__le64 *src_id;
	int err;

	req = vcd_req_alloc(2, 1, sizeof(*src_id));
	if (!req)
		return -ENOMEM;
	src_id = req->data;
	*src_id = cpu_to_le64(src->dev_id);
	hdr = &req->hdr.ctrl;
	hdr->opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_COPY_HASH);
	hdr->session_id = cpu_to_le64(dst->dev_id);
	err = vcd_req_add_out(req, hdr, sizeof(*hdr)) ?:
	      vcd_req_add_out(req, src_id, sizeof(*src_id)) ?:
	      vcd_req_add_in(req, &req->resp.ctrl, sizeof(req->resp.ctrl)) ?:
	      vcd_req_submit(vcd, &vcd->queues[VIRTIO_CRYPTODEV_CTRLQ], req);
	if (!err)
		err = vcd_status_to_errno(le32_to_cpu(req->resp.ctrl.status));
	vcd_req_put(req);
	return err;
}

/*
 * CIOCCPHASH, with cryptodev-linux's errnos: EDEADLK when both ids are
 * the same, ENOENT when either is not a session of this file, EINVAL
 * when either has no hash.  We also refuse EINVAL for two different
 * hashes (or plain and HMAC), whose states do not fit each other.
 */
int vcd_ioctl_cphash(struct vcd_file *vf, void __user *arg)
{
	struct vcd_session *dst, *src;
	struct cphash_op op;
	int err;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.dst_ses == op.src_ses)
		return -EDEADLK;
	dst = vcd_session_get(vf, op.dst_ses);
	src = vcd_session_get(vf, op.src_ses);
	if (!dst || !src)
		err = -ENOENT;
	else if (!dst->hash || dst->hash != src->hash)
		err = -EINVAL;
	else
		err = vcd_dev_copy_hash(dst, src);
	if (!err) {
		/* dst's hash is now under way (or not) as src's is. */
		assign_bit(VCD_SES_HASH_BUSY, &dst->state,
			   test_bit(VCD_SES_HASH_BUSY, &src->state));
		assign_bit(VCD_SES_HASH_LOST, &dst->state,
			   test_bit(VCD_SES_HASH_LOST, &src->state));
	}
	if (dst)
		vcd_session_put(dst);
	if (src)
		vcd_session_put(src);
	return err;
}

/* An algorithm the driver knows but the device does not offer now. */
void vcd_alg_unavailable(const struct vcd_alg *alg)
{
	pr_notice_ratelimited("%s: %s is not offered by the device (EINVAL)\n",
			      VCD_DRIVER_NAME, alg->name);
}
