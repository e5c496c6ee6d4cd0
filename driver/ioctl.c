// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: the file operations and the
 * cryptodev-linux ioctls.
 *
 * Each ioctl copies its argument in, validates every length against the
 * limits from config space before allocating anything, runs one request
 * and copies the result out.  Errnos follow cryptodev-linux 1.14.
 */
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vcd.h"

/* Fixed scatterlist entries of a data request, besides the data pages. */
#define VCD_FIXED_SG	16

static void __user *vcd_uptr(const void *p)
{
	return u64_to_user_ptr((u64)(uintptr_t)p);
}

/* The hash part of a CIOCCRYPT, as cryptodev-linux decides it. */
static u32 vcd_hash_flags(const struct crypt_op *cop)
{
	u32 flags = 0;

	if (!(cop->flags & (COP_FLAG_UPDATE | COP_FLAG_FINAL)) ||
	    (cop->flags & COP_FLAG_RESET))
		flags |= VIRTIO_CRYPTODEV_F_HASH_RESET;
	if ((cop->flags & COP_FLAG_FINAL) || !(cop->flags & COP_FLAG_UPDATE) ||
	    !cop->len)
		flags |= VIRTIO_CRYPTODEV_F_HASH_FINAL;
	return flags;
}

static void vcd_op_header(struct vcd_request *req, u32 opcode,
			  const struct vcd_session *s, u32 flags)
{
	struct virtio_cryptodev_op_req *hdr = &req->hdr.op;

	hdr->opcode = cpu_to_le32(opcode);
	hdr->flags = cpu_to_le32(flags);
	hdr->session_id = cpu_to_le64(s->dev_id);
}

/* Queue req on a data queue and turn the device's status into an errno. */
static int vcd_op_run(struct vcd_session *s, struct vcd_request *req)
{
	int err;

	err = vcd_req_add_in(req, &req->resp.op, sizeof(req->resp.op)) ?:
	      vcd_req_submit(s->vcd, vcd_data_queue(s->vcd), req);
	return err ?: vcd_status_to_errno(le32_to_cpu(req->resp.op.status));
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
	if (c && c->ivsize && (cop->flags & COP_FLAG_WRITE_IV) && !cop->iv)
		return -EFAULT;
	if (s->hash && (vcd_hash_flags(cop) & VIRTIO_CRYPTODEV_F_HASH_FINAL) &&
	    !cop->mac)
		return -EFAULT;
	return 0;
}

/*
 * A request's data: src (srclen bytes) to the device, dst (dstlen bytes)
 * back.  Pinned in place in user memory when zc; else src is copied into
 * buf and dst comes back right after it, for the caller to copy out.
 */
static int vcd_add_data(struct vcd_request *req, void __user *src,
			unsigned int srclen, void __user *dst,
			unsigned int dstlen, u8 *buf, bool zc)
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
 * A request with room for such data: a descriptor per page when zc, else
 * a bounce buffer for both; and @extra more bounce bytes either way.
 */
static struct vcd_request *vcd_data_req_alloc(const void __user *src,
					      unsigned int srclen,
					      const void __user *dst,
					      unsigned int dstlen,
					      size_t extra, bool zc)
{
	if (zc)
		return vcd_req_alloc(VCD_FIXED_SG +
				     vcd_user_pages(src, srclen) +
				     vcd_user_pages(dst, dstlen), extra);
	return vcd_req_alloc(VCD_FIXED_SG, extra + (size_t)srclen + dstlen);
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

static int vcd_crypt_copy_out(struct vcd_session *s, struct vcd_request *req,
			      const struct crypt_op *cop, u32 flags, bool zc)
{
	if (s->cipher && !zc && copy_to_user(vcd_uptr(cop->dst),
					     req->data + cop->len, cop->len))
		return -EFAULT;
	if ((flags & VIRTIO_CRYPTODEV_F_WRITE_IV) &&
	    copy_to_user(vcd_uptr(cop->iv), req->iv_out, s->cipher->ivsize))
		return -EFAULT;
	if ((flags & VIRTIO_CRYPTODEV_F_HASH_FINAL) &&
	    copy_to_user(vcd_uptr(cop->mac), req->digest,
			 s->hash->digestsize))
		return -EFAULT;
	return 0;
}

static int vcd_crypt(struct vcd_session *s, const struct crypt_op *cop)
{
	const struct vcd_alg *c = s->cipher;
	unsigned int outlen = c ? cop->len : 0;
	struct vcd_request *req;
	u32 flags = 0;
	bool zc;
	int err;

	err = vcd_crypt_check(s, cop);
	if (err)
		return err;
	if (!s->hash && !cop->len)
		return 0;	/* a cipher over nothing changes nothing */

	if (c && cop->op == COP_DECRYPT)
		flags |= VIRTIO_CRYPTODEV_F_DECRYPT;
	if (c && c->ivsize && (cop->flags & COP_FLAG_WRITE_IV))
		flags |= VIRTIO_CRYPTODEV_F_WRITE_IV;
	if (s->hash)
		flags |= vcd_hash_flags(cop);
	err = vcd_session_check_state(s, flags, cop->iv);
	if (err)
		return err;

	zc = vcd_req_zerocopy(cop->len);
	req = vcd_data_req_alloc(vcd_uptr(cop->src), cop->len,
				 vcd_uptr(cop->dst), outlen, 0, zc);
	if (!req)
		return -ENOMEM;
	err = vcd_crypt_build(s, req, cop, flags, zc) ?: vcd_op_run(s, req);
	if (!err)
		vcd_session_note_state(s, flags, cop->iv);
	if (!err)
		err = vcd_crypt_copy_out(s, req, cop, flags, zc);
	vcd_req_put(req);
	return err;
}

/* Validate a CIOCAUTHCRYPT; on success *ctlen is the ciphertext length. */
static int vcd_aead_check(const struct vcd_session *s,
			  struct crypt_auth_op *caop, unsigned int *ctlen)
{
	const struct vcd_limits *lim = &s->vcd->lim;

	if (!s->cipher || !s->cipher->aead)
		return -EINVAL;
	if (caop->op != COP_ENCRYPT && caop->op != COP_DECRYPT)
		return -EINVAL;
	if (caop->flags & (COP_FLAG_AEAD_TLS_TYPE | COP_FLAG_AEAD_SRTP_TYPE))
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

static int vcd_aead(struct vcd_session *s, struct crypt_auth_op *caop)
{
	unsigned int ctlen, outlen;
	struct vcd_request *req;
	bool zc;
	int err;

	err = vcd_aead_check(s, caop, &ctlen);
	if (err)
		return err;
	outlen = caop->op == COP_DECRYPT ? ctlen : ctlen + caop->tag_len;
	zc = vcd_req_zerocopy(ctlen);
	req = vcd_data_req_alloc(vcd_uptr(caop->src), caop->len,
				 vcd_uptr(caop->dst), outlen, caop->auth_len,
				 zc);
	if (!req)
		return -ENOMEM;
	err = vcd_aead_build(s, req, caop, ctlen, outlen, zc) ?:
	      vcd_op_run(s, req);
	if (!err && !zc &&
	    copy_to_user(vcd_uptr(caop->dst),
			 req->data + caop->auth_len + caop->len, outlen))
		err = -EFAULT;
	if (!err)
		caop->len = outlen;
	vcd_req_put(req);
	return err;
}

static int vcd_ioctl_gsession(struct vcd_file *vf, void __user *arg)
{
	struct session_op sop;
	int err;

	if (copy_from_user(&sop, arg, sizeof(sop)))
		return -EFAULT;
	err = vcd_session_create(vf, &sop);
	if (err)
		return err;
	if (copy_to_user(arg, &sop, sizeof(sop))) {
		vcd_session_destroy(vf, sop.ses);
		return -EFAULT;
	}
	return 0;
}

static int vcd_ioctl_fsession(struct vcd_file *vf, void __user *arg)
{
	u32 id;

	if (get_user(id, (u32 __user *)arg))
		return -EFAULT;
	return vcd_session_destroy(vf, id);
}

/* CIOCCRYPT on a kernel copy of its argument, native or compat. */
static int vcd_crypt_ses(struct vcd_file *vf, const struct crypt_op *cop)
{
	struct vcd_session *s = vcd_session_get(vf, cop->ses);
	int err;

	if (!s)
		return -EINVAL;
	err = vcd_crypt(s, cop);
	vcd_session_put(s);
	return err;
}

static int vcd_ioctl_crypt(struct vcd_file *vf, void __user *arg)
{
	struct crypt_op cop;
	int err;

	if (copy_from_user(&cop, arg, sizeof(cop)))
		return -EFAULT;
	err = vcd_crypt_ses(vf, &cop);
	if (!err && copy_to_user(arg, &cop, sizeof(cop)))
		err = -EFAULT;
	return err;
}

static int vcd_ioctl_authcrypt(struct vcd_file *vf, void __user *arg)
{
	struct crypt_auth_op caop;
	struct vcd_session *s;
	int err;

	if (copy_from_user(&caop, arg, sizeof(caop)))
		return -EFAULT;
	s = vcd_session_get(vf, caop.ses);
	if (!s)
		return -EINVAL;
	err = vcd_aead(s, &caop);
	vcd_session_put(s);
	if (!err && copy_to_user(arg, &caop, sizeof(caop)))
		err = -EFAULT;
	return err;
}

/* CRIOGET: a second descriptor for the same open file. */
static int vcd_ioctl_crioget(struct file *file, void __user *arg)
{
	int fd = get_unused_fd_flags(0);

	if (fd < 0)
		return fd;
	if (put_user(fd, (u32 __user *)arg)) {
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, get_file(file));
	return 0;
}

static long vcd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vcd_file *vf = file->private_data;
	void __user *argp = (void __user *)arg;

	if (READ_ONCE(vf->vcd->dead))
		return -ENODEV;
	switch (cmd) {
	case CRIOGET:
		return vcd_ioctl_crioget(file, argp);
	case CIOCGSESSION:
		return vcd_ioctl_gsession(vf, argp);
	case CIOCFSESSION:
		return vcd_ioctl_fsession(vf, argp);
	case CIOCCRYPT:
		return vcd_ioctl_crypt(vf, argp);
	case CIOCAUTHCRYPT:
		return vcd_ioctl_authcrypt(vf, argp);
	case CIOCGSESSINFO:
		return vcd_ioctl_gsessinfo(vf, argp);
	case CIOCCPHASH:
		return vcd_ioctl_cphash(vf, argp);
	case CIOCASYMFEAT:
		return put_user(0, (u32 __user *)argp);
	default:
		/* cryptodev-linux answers EINVAL, not ENOTTY. */
		return -EINVAL;
	}
}

#ifdef CONFIG_COMPAT
/*
 * 32-bit callers, as cryptodev-linux serves them: CIOCGSESSION and
 * CIOCCRYPT carry 4-byte pointers, so their structs (and ioctl numbers)
 * differ and are converted; CRIOGET, CIOCFSESSION, CIOCGSESSINFO,
 * CIOCCPHASH and CIOCASYMFEAT have the same layout and pass through; anything else,
 * CIOCAUTHCRYPT included, is EINVAL.
 */
struct vcd_compat_session_op {
	u32 cipher, mac, keylen;
	compat_uptr_t key;
	u32 mackeylen;
	compat_uptr_t mackey;
	u32 ses;
};

struct vcd_compat_crypt_op {
	u32 ses;
	u16 op, flags;
	u32 len;
	compat_uptr_t src, dst, mac, iv;
};

#define VCD_COMPAT_CIOCGSESSION	_IOWR('c', 102, struct vcd_compat_session_op)
#define VCD_COMPAT_CIOCCRYPT	_IOWR('c', 104, struct vcd_compat_crypt_op)

static_assert(sizeof(struct vcd_compat_session_op) == 28);
static_assert(sizeof(struct vcd_compat_crypt_op) == 28);
static_assert(VCD_COMPAT_CIOCGSESSION == 0xc01c6366);
static_assert(VCD_COMPAT_CIOCCRYPT == 0xc01c6368);

/* A 32-bit user pointer, in the form the native structs hold it. */
static u8 *vcd_compat_uptr(compat_uptr_t p)
{
	return (u8 __force *)compat_ptr(p);
}

static int vcd_compat_gsession(struct vcd_file *vf, void __user *arg)
{
	struct vcd_compat_session_op c;
	struct session_op sop;
	int err;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	sop = (struct session_op){
		.cipher = c.cipher, .mac = c.mac,
		.keylen = c.keylen, .key = vcd_compat_uptr(c.key),
		.mackeylen = c.mackeylen, .mackey = vcd_compat_uptr(c.mackey),
	};
	err = vcd_session_create(vf, &sop);
	if (err)
		return err;
	c.ses = sop.ses;
	if (copy_to_user(arg, &c, sizeof(c))) {
		vcd_session_destroy(vf, sop.ses);
		return -EFAULT;
	}
	return 0;
}

static int vcd_compat_crypt(struct vcd_file *vf, void __user *arg)
{
	struct vcd_compat_crypt_op c;
	struct crypt_op cop;
	int err;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	cop = (struct crypt_op){
		.ses = c.ses, .op = c.op, .flags = c.flags, .len = c.len,
		.src = vcd_compat_uptr(c.src), .dst = vcd_compat_uptr(c.dst),
		.mac = vcd_compat_uptr(c.mac), .iv = vcd_compat_uptr(c.iv),
	};
	err = vcd_crypt_ses(vf, &cop);
	if (!err && copy_to_user(arg, &c, sizeof(c)))
		err = -EFAULT;
	return err;
}

static long vcd_compat_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct vcd_file *vf = file->private_data;
	void __user *argp = compat_ptr(arg);

	if (READ_ONCE(vf->vcd->dead))
		return -ENODEV;
	switch (cmd) {
	case VCD_COMPAT_CIOCGSESSION:
		return vcd_compat_gsession(vf, argp);
	case VCD_COMPAT_CIOCCRYPT:
		return vcd_compat_crypt(vf, argp);
	case CRIOGET:
	case CIOCFSESSION:
	case CIOCGSESSINFO:
	case CIOCCPHASH:
	case CIOCASYMFEAT:
		return vcd_ioctl(file, cmd, (unsigned long)argp);
	default:
		return -EINVAL;
	}
}
#endif /* CONFIG_COMPAT */

static int vcd_open(struct inode *inode, struct file *file)
{
	/* misc_open holds the misc lock: remove cannot free vcd here. */
	struct vcd_device *vcd = vcd_from_misc(file->private_data);
	struct vcd_file *vf;

	if (READ_ONCE(vcd->dead))
		return -ENODEV;

	vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	mutex_init(&vf->lock);
	xa_init(&vf->sessions);
	vcd_get(vcd);
	vf->vcd = vcd;
	vcd_file_add(vf);
	file->private_data = vf;
	return nonseekable_open(inode, file);
}

static int vcd_release_file(struct inode *inode, struct file *file)
{
	struct vcd_file *vf = file->private_data;

	vcd_file_del(vf);
	vcd_sessions_release(vf);
	vcd_put(vf->vcd);
	mutex_destroy(&vf->lock);
	kfree(vf);
	return 0;
}

const struct file_operations vcd_fops = {
	.owner		= THIS_MODULE,
	.open		= vcd_open,
	.release	= vcd_release_file,
	.unlocked_ioctl	= vcd_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= vcd_compat_ioctl,
#endif
};
