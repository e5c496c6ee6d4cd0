/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-cryptodev guest driver: private definitions shared by core.c
 * (probe, remove, virtqueues), device.c (the device's refcount and the
 * driver's workqueue), request.c (building and waiting for
 * requests), session.c (per-file session table), sessinfo.c
 * (CIOCGSESSINFO, CIOCCPHASH), op.c (what every data operation shares),
 * crypt.c (CIOCCRYPT), aead.c (CIOCAUTHCRYPT) and ioctl.c (the
 * cryptodev-linux ioctls' front door: copy-in, copy-out, compat,
 * dispatch).
 */
#ifndef VCD_H
#define VCD_H

#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/virtio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <crypto/cryptodev.h>
#include <virtio_cryptodev.h>

#include "compat.h"

#define VCD_DRIVER_NAME		"virtio-cryptodev"

/* Bounds the driver puts on what config space advertises. */
#define VCD_MAX_DATA_QUEUES	64
/*
 * A request's data is described one page per descriptor (pinned user
 * pages, or a vmalloc'd bounce buffer): src and dst of 1 MiB take 2 x 257
 * descriptors, which keeps every chain within VCD_MAX_CHAIN.
 */
#define VCD_MAX_DATA_LEN	SZ_1M
#define VCD_MAX_CHAIN		1024U	/* docs/protocol.md, section 5 */
#define VCD_MAX_AAD_LEN		4096U		/* cryptodev-linux's auth_len cap */
#define VCD_MAX_IV_LEN		16U
#define VCD_MAX_DIGEST_LEN	64U
/*
 * Scatterlist entries kept in a request itself: enough for a small
 * request copied through its bounce buffer (VCD_FIXED_SG and two
 * entries of bounce buffer each way).
 */
#define VCD_INLINE_SG		12

/* Limits read from config space, clamped by the bounds above. */
struct vcd_limits {
	u32 num_data_queues;
	u32 max_sessions;
	u32 max_data_len;
	u32 max_key_len;
	u32 max_mac_key_len;
	u32 max_aad_len;
	u32 cipher_algs;
	u32 hash_algs;
};

/*
 * One virtqueue.  queues[0] is the control queue, queues[1..n] the data
 * queues, so that vq->index names the queue.
 */
struct vcd_queue {
	/*
	 * Guards vq (every add, kick and get_buf) and ready.  Taken from the
	 * vq callback, so always with interrupts off.
	 */
	spinlock_t lock;
	struct virtqueue *vq;
	bool ready;			/* false once remove has begun */
	wait_queue_head_t space;	/* woken when descriptors free up */
	char name[16];
};

struct vcd_device {
	/* Probe holds one reference, every open file one more. */
	struct kref ref;
	struct virtio_device *vdev;
	struct vcd_limits lim;
	int index;			/* N of /dev/cryptodevN */
	bool dead;			/* set by remove; read locklessly */

	struct vcd_queue *queues;	/* 1 + lim.num_data_queues */
	unsigned int nr_queues;

	char devname[24];		/* "cryptodevN" */
	struct miscdevice misc;		/* /dev/cryptodevN */
	struct miscdevice misc_crypto;	/* /dev/crypto, one device at a time */
	bool has_crypto_node;		/* guarded by vcd_primary_lock */
	struct list_head node;		/* in vcd_devices, same lock */

	/*
	 * Bumped by freeze: a device session id from an older generation
	 * died with the reset.  Written only with user space frozen.
	 */
	u32 gen;
	/* Guards files: the open files, whose sessions restore re-creates. */
	struct mutex files_lock;
	struct list_head files;
};

/* What a cryptodev algorithm id means on this device. */
struct vcd_alg {
	u32 cryptodev_id;	/* enum cryptodev_crypto_op_t */
	u32 virtio_cipher;	/* enum virtio_cryptodev_cipher, or NONE */
	u32 virtio_hash;	/* enum virtio_cryptodev_hash, or NONE */
	bool hmac;
	bool aead;
	u8 blocksize;		/* len must be a multiple (cipher) */
	u8 ivsize;
	u8 digestsize;		/* hash: digest bytes; AEAD: full tag */
	u8 min_key, max_key, key_step;
	const char *name;	/* Linux crypto API style, "cbc(aes)" */
};

/* Bits of vcd_session.state: device state that a suspend loses. */
enum {
	VCD_SES_HASH_BUSY,	/* between an UPDATE and the FINAL */
	VCD_SES_HASH_LOST,	/* it was busy when the guest slept */
	VCD_SES_IV_USED,	/* the device holds a chained IV */
	VCD_SES_IV_LOST,	/* it did when the guest slept */
};

/* A session of one open file, mapped to a device session. */
struct vcd_session {
	struct kref ref;	/* the file's table, and each ioctl using it */
	struct vcd_device *vcd;
	u32 id;			/* the cryptodev id user space sees */
	u64 dev_id;		/* the device's session id */
	u32 gen;		/* vcd->gen when dev_id was made */
	const struct vcd_alg *cipher;	/* NULL for hash-only */
	const struct vcd_alg *hash;	/* NULL for cipher-only */
	/* Cipher key then MAC key, kept to re-create it after a resume. */
	u8 *keys;
	unsigned int keylen, mackeylen;
	unsigned long state;	/* VCD_SES_* bits */
	struct work_struct destroy_work;	/* a DESTROY to retry */
	struct rcu_head rcu;	/* freed after a grace period */
	/* In a batch of destroys when its file is closed (session.c). */
	struct list_head dead_node;
	struct vcd_request *destroy_req;
	/*
	 * Helper device sessions for the modes composed in the driver
	 * (authenc.c): [0] the cipher alone, [1] the MAC alone.  Made on
	 * first use; guarded by part_lock, which authenc.c holds for a
	 * whole TLS/SRTP request.
	 */
	struct mutex part_lock;
	struct vcd_session *part[2];
};

/* One open struct file of /dev/crypto or /dev/cryptodevN. */
struct vcd_file {
	struct vcd_device *vcd;	/* holds a reference */
	/*
	 * Guards nr_sessions, and changes to sessions (create, destroy);
	 * lookups read sessions under RCU (vcd_session_get).
	 */
	struct mutex lock;
	struct xarray sessions;	/* u32 id -> struct vcd_session */
	unsigned int nr_sessions;	/* including creates in progress */
	struct list_head node;	/* in vcd->files */
	struct vcd_async *async;	/* CIOCASYNCCRYPT's jobs */
};

/*
 * A request in flight.  The submitter and the device each own a
 * reference: the device's is dropped when the vq callback (or remove)
 * takes the buffer back, so a killed submitter never frees buffers that
 * the device may still write.
 */
struct vcd_request {
	struct kref ref;
	struct completion done;
	int err;			/* 0 or -errno, valid after done */
	unsigned int len;		/* bytes the device wrote */
	unsigned int in_len;		/* bytes it may write (in_sg) */
	bool queued;			/* added to a ring: the device has it */

	struct scatterlist *out_sg;	/* device-readable */
	struct scatterlist *in_sg;	/* device-writable, after out_sg */
	unsigned int nr_out, nr_in, max_out, max_in;

	void *data;			/* kvmalloc'd bounce buffer(s) */
	size_t data_len;
	bool wipe;			/* data holds keys: zero it on free */
	/*
	 * User buffers pinned for zero copy (src and dst), unpinned when the
	 * request is freed: a killed submitter's pages stay pinned while the
	 * device may still use them.
	 */
	struct vcd_pin {
		struct page **pages;
		unsigned int nr;
		bool dirty;		/* the device writes them */
	} pins[2];
	unsigned int nr_pins;
	struct work_struct free_work;	/* unpinning sleeps: not in IRQ */
	/*
	 * Called once the device's answer is in (err and len set), from
	 * the vq callback (interrupts off) or from remove; async.c's.
	 */
	void (*on_done)(struct vcd_request *req);
	void *on_done_data;
	union {
		struct virtio_cryptodev_ctrl_req ctrl;
		struct virtio_cryptodev_op_req op;
	} hdr;
	union {
		struct virtio_cryptodev_ctrl_resp ctrl;
		struct virtio_cryptodev_op_resp op;
	} resp;
	u8 iv[VCD_MAX_IV_LEN];
	u8 iv_out[VCD_MAX_IV_LEN];
	u8 digest[VCD_MAX_DIGEST_LEN];
	/* out_sg and in_sg of a request that needs no more entries. */
	struct scatterlist sg_inline[VCD_INLINE_SG];
};

/* device.c */
extern struct workqueue_struct *vcd_wq;	/* created by core.c */
void vcd_get(struct vcd_device *vcd);
void vcd_put(struct vcd_device *vcd);

/* core.c */
struct vcd_device *vcd_from_misc(struct miscdevice *misc);

/* request.c */
struct vcd_request *vcd_req_alloc(unsigned int max_out, unsigned int max_in,
				  size_t data_len);
unsigned int vcd_bounce_sgs(size_t len);
void vcd_req_put(struct vcd_request *req);
int vcd_req_add_out(struct vcd_request *req, void *buf, unsigned int len);
int vcd_req_add_in(struct vcd_request *req, void *buf, unsigned int len);
bool vcd_req_zerocopy(size_t len);
unsigned int vcd_user_pages(const void __user *buf, size_t len);
int vcd_req_pin_user(struct vcd_request *req, const void __user *buf,
		     unsigned int len, bool dev_writes);
int vcd_req_send(struct vcd_queue *q, struct vcd_request *req);
int vcd_req_send_nokick(struct vcd_queue *q, struct vcd_request *req);
void vcd_queue_kick(struct vcd_queue *q);
int vcd_req_submit(struct vcd_device *vcd, struct vcd_queue *q,
		   struct vcd_request *req);
void vcd_req_complete(struct vcd_request *req, int err, unsigned int len);
int vcd_status_to_errno(u32 status);
struct vcd_queue *vcd_data_queue(struct vcd_device *vcd);

/* session.c */
const struct vcd_alg *vcd_alg_find(u32 cryptodev_id);
int vcd_session_create(struct vcd_file *vf, struct session_op *sop);
int vcd_session_destroy(struct vcd_file *vf, u32 id);
struct vcd_session *vcd_session_get(struct vcd_file *vf, u32 id);
void vcd_session_put(struct vcd_session *s);
void vcd_sessions_release(struct vcd_file *vf);
void vcd_file_add(struct vcd_file *vf);
void vcd_file_del(struct vcd_file *vf);
void vcd_sessions_restore(struct vcd_device *vcd);
int vcd_session_check_state(struct vcd_session *s, u32 flags, bool iv);
void vcd_session_note_state(struct vcd_session *s, u32 flags, bool iv);
struct vcd_session *vcd_session_part(struct vcd_session *s, bool mac);

/* authenc.c */
int vcd_authenc(struct vcd_session *s, struct crypt_auth_op *caop);

/* sessinfo.c */
int vcd_ioctl_gsessinfo(struct vcd_file *vf, void __user *arg);
int vcd_ioctl_cphash(struct vcd_file *vf, void __user *arg);
void vcd_alg_unavailable(const struct vcd_alg *alg);

/*
 * Fixed scatterlist entries of a data request in each direction, besides
 * its data (header, IV, AAD; IV out, digest, response).
 */
#define VCD_FIXED_SG	4

/* A user pointer, as the cryptodev structs hold it. */
static inline void __user *vcd_uptr(const void *p)
{
	return u64_to_user_ptr((u64)(uintptr_t)p);
}

/* op.c */
void vcd_op_header(struct vcd_request *req, u32 opcode,
		   const struct vcd_session *s, u32 flags);
int vcd_op_run(struct vcd_session *s, struct vcd_request *req);
int vcd_op_send(struct vcd_queue *q, struct vcd_request *req);
int vcd_op_status(struct vcd_request *req);
int vcd_add_data(struct vcd_request *req, void __user *src,
		 unsigned int srclen, void __user *dst, unsigned int dstlen,
		 u8 *buf, bool zc);
struct vcd_request *vcd_data_req_alloc(const void __user *src,
				       unsigned int srclen,
				       const void __user *dst,
				       unsigned int dstlen, size_t extra,
				       bool zc);

/* crypt.c: a CIOCCRYPT's request, and what its copy-out needs. */
struct vcd_crypt_ctx {
	struct vcd_request *req;
	u32 flags;		/* VIRTIO_CRYPTODEV_F_* */
	bool zc;		/* data pinned in place */
};

int vcd_crypt_prepare(struct vcd_session *s, const struct crypt_op *cop,
		      struct vcd_crypt_ctx *x);
int vcd_crypt_copy_out(struct vcd_session *s, const struct vcd_crypt_ctx *x,
		       const struct crypt_op *cop);
int vcd_crypt(struct vcd_session *s, const struct crypt_op *cop);

/* async.c */
struct vcd_async;
struct vcd_async *vcd_async_open(void);
void vcd_async_release(struct vcd_async *as);
int vcd_async_submit(struct vcd_async *as, struct vcd_session *s,
		     const struct crypt_op *cop);
int vcd_async_fetch(struct vcd_async *as, struct crypt_op *cop);
__poll_t vcd_async_poll(struct vcd_async *as, struct file *file,
			struct poll_table_struct *wait);

/* aead.c */
int vcd_aead(struct vcd_session *s, struct crypt_auth_op *caop);

/* ioctl.c */
extern const struct file_operations vcd_fops;

#endif /* VCD_H */
