// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: the file operations and the
 * cryptodev-linux ioctls' front door.
 *
 * Each ioctl copies its argument in (converting a 32-bit caller's),
 * finds its session, hands a kernel copy to the file that builds the
 * operation (crypt.c, aead.c; they validate every length against the
 * limits from config space before allocating anything) and copies the
 * result out.  Errnos follow cryptodev-linux 1.14.
 */
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vcd.h"

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

/* CIOCASYNCCRYPT on a kernel copy of its argument, native or compat. */
static int vcd_async_crypt_ses(struct vcd_file *vf, const struct crypt_op *cop)
{
	struct vcd_session *s = vcd_session_get(vf, cop->ses);
	int err;

	if (!s)
		return -EINVAL;
	err = vcd_async_submit(vf->async, s, cop);
	vcd_session_put(s);
	return err;
}

/* Nothing is copied back: the fetch returns the crypt_op. */
static int vcd_ioctl_asynccrypt(struct vcd_file *vf, void __user *arg)
{
	struct crypt_op cop;

	if (copy_from_user(&cop, arg, sizeof(cop)))
		return -EFAULT;
	return vcd_async_crypt_ses(vf, &cop);
}

/*
 * The fetched job's crypt_op is copied back even when the job failed:
 * jobs are answered in any order, and the caller learns which one it
 * was (cryptodev-linux, whose jobs finish in order, copies nothing).
 */
static int vcd_ioctl_asyncfetch(struct vcd_file *vf, void __user *arg)
{
	struct crypt_op cop;
	int err;

	err = vcd_async_fetch(vf->async, &cop);
	if (err == -EBUSY)
		return err;
	if (copy_to_user(arg, &cop, sizeof(cop)))
		return -EFAULT;
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

	/* Answered jobs can still be fetched, even from a removed device. */
	if (cmd == CIOCASYNCFETCH)
		return vcd_ioctl_asyncfetch(vf, argp);
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
	case CIOCASYNCCRYPT:
		return vcd_ioctl_asynccrypt(vf, argp);
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
 * 32-bit callers, as cryptodev-linux serves them: CIOCGSESSION,
 * CIOCCRYPT, CIOCASYNCCRYPT and CIOCASYNCFETCH carry 4-byte pointers, so
 * their structs (and ioctl numbers) differ and are converted; CRIOGET,
 * CIOCFSESSION, CIOCGSESSINFO, CIOCCPHASH and CIOCASYMFEAT have the same
 * layout and pass through; anything else, CIOCAUTHCRYPT included, is
 * EINVAL.
 *
 * cryptodev-linux numbers the async pair 107 and 108, which is not what
 * a 32-bit program gets from the header (110 and 111, with a 28-byte
 * struct): both are taken.
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
#define VCD_COMPAT_CIOCASYNCCRYPT _IOW('c', 107, struct vcd_compat_crypt_op)
#define VCD_COMPAT_CIOCASYNCFETCH _IOR('c', 108, struct vcd_compat_crypt_op)
#define VCD_COMPAT_CIOCASYNCCRYPT_H _IOW('c', 110, struct vcd_compat_crypt_op)
#define VCD_COMPAT_CIOCASYNCFETCH_H _IOR('c', 111, struct vcd_compat_crypt_op)

static_assert(sizeof(struct vcd_compat_session_op) == 28);
static_assert(sizeof(struct vcd_compat_crypt_op) == 28);
static_assert(VCD_COMPAT_CIOCGSESSION == 0xc01c6366);
static_assert(VCD_COMPAT_CIOCCRYPT == 0xc01c6368);
static_assert(VCD_COMPAT_CIOCASYNCCRYPT == 0x401c636b);
static_assert(VCD_COMPAT_CIOCASYNCFETCH == 0x801c636c);
static_assert(VCD_COMPAT_CIOCASYNCCRYPT_H == 0x401c636e);
static_assert(VCD_COMPAT_CIOCASYNCFETCH_H == 0x801c636f);

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

static void vcd_compat_to_cop(const struct vcd_compat_crypt_op *c,
			      struct crypt_op *cop)
{
	*cop = (struct crypt_op){
		.ses = c->ses, .op = c->op, .flags = c->flags, .len = c->len,
		.src = vcd_compat_uptr(c->src), .dst = vcd_compat_uptr(c->dst),
		.mac = vcd_compat_uptr(c->mac), .iv = vcd_compat_uptr(c->iv),
	};
}

static int vcd_compat_crypt(struct vcd_file *vf, void __user *arg)
{
	struct vcd_compat_crypt_op c;
	struct crypt_op cop;
	int err;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	vcd_compat_to_cop(&c, &cop);
	err = vcd_crypt_ses(vf, &cop);
	if (!err && copy_to_user(arg, &c, sizeof(c)))
		err = -EFAULT;
	return err;
}

static int vcd_compat_asynccrypt(struct vcd_file *vf, void __user *arg)
{
	struct vcd_compat_crypt_op c;
	struct crypt_op cop;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	vcd_compat_to_cop(&c, &cop);
	return vcd_async_crypt_ses(vf, &cop);
}

/* The pointers came from a 32-bit caller: they go back as they came. */
static int vcd_compat_asyncfetch(struct vcd_file *vf, void __user *arg)
{
	struct vcd_compat_crypt_op c;
	struct crypt_op cop;
	int err;

	err = vcd_async_fetch(vf->async, &cop);
	if (err == -EBUSY)
		return err;
	c = (struct vcd_compat_crypt_op){
		.ses = cop.ses, .op = cop.op, .flags = cop.flags,
		.len = cop.len,
		.src = ptr_to_compat(vcd_uptr(cop.src)),
		.dst = ptr_to_compat(vcd_uptr(cop.dst)),
		.mac = ptr_to_compat(vcd_uptr(cop.mac)),
		.iv = ptr_to_compat(vcd_uptr(cop.iv)),
	};
	if (copy_to_user(arg, &c, sizeof(c)))
		return -EFAULT;
	return err;
}

static long vcd_compat_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct vcd_file *vf = file->private_data;
	void __user *argp = compat_ptr(arg);

	if (cmd == VCD_COMPAT_CIOCASYNCFETCH ||
	    cmd == VCD_COMPAT_CIOCASYNCFETCH_H)
		return vcd_compat_asyncfetch(vf, argp);
	if (READ_ONCE(vf->vcd->dead))
		return -ENODEV;
	switch (cmd) {
	case VCD_COMPAT_CIOCASYNCCRYPT:
	case VCD_COMPAT_CIOCASYNCCRYPT_H:
		return vcd_compat_asynccrypt(vf, argp);
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
	vf->async = vcd_async_open();
	if (!vf->async) {
		kfree(vf);
		return -ENOMEM;
	}
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
	vcd_async_release(vf->async);
	vcd_sessions_release(vf);
	vcd_put(vf->vcd);
	mutex_destroy(&vf->lock);
	kfree(vf);
	return 0;
}

static __poll_t vcd_poll(struct file *file, struct poll_table_struct *wait)
{
	struct vcd_file *vf = file->private_data;

	return vcd_async_poll(vf->async, file, wait);
}

const struct file_operations vcd_fops = {
	.owner		= THIS_MODULE,
	.open		= vcd_open,
	.release	= vcd_release_file,
	.unlocked_ioctl	= vcd_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= vcd_compat_ioctl,
#endif
	.poll		= vcd_poll,
};
