// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: the life of a request.
 *
 * A request is allocated with its bounce buffer, described by two
 * scatterlists (device-readable, device-writable), added to a queue under
 * the queue's spinlock and kicked, and then its submitter sleeps killably
 * on a completion that the vq callback signals.  The device owns a
 * reference from the add until the buffer comes back, so nothing it may
 * still write is freed under it.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

#include "vcd.h"

/* Device status -> the errno cryptodev-linux returns in that case. */
static const int vcd_status_errno[] = {
	[VIRTIO_CRYPTODEV_S_OK]		= 0,
	[VIRTIO_CRYPTODEV_S_BADMSG]	= -EINVAL,
	[VIRTIO_CRYPTODEV_S_UNSUPP]	= -EINVAL,
	[VIRTIO_CRYPTODEV_S_INVSESS]	= -EINVAL,
	[VIRTIO_CRYPTODEV_S_NOSPC]	= -ENOSPC,
	[VIRTIO_CRYPTODEV_S_BADKEY]	= -EINVAL,
	[VIRTIO_CRYPTODEV_S_BADLEN]	= -EINVAL,
	[VIRTIO_CRYPTODEV_S_AUTHFAIL]	= -EBADMSG,
	[VIRTIO_CRYPTODEV_S_NOMEM]	= -ENOMEM,
	[VIRTIO_CRYPTODEV_S_IOERR]	= -EIO,
};

int vcd_status_to_errno(u32 status)
{
	if (status >= ARRAY_SIZE(vcd_status_errno))
		return -EIO;
	return vcd_status_errno[status];
}

static void vcd_req_release(struct kref *ref)
{
	struct vcd_request *req = container_of(ref, struct vcd_request, ref);

	if (req->wipe)
		kvfree_sensitive(req->data, req->data_len);
	else
		kvfree(req->data);
	kfree(req->out_sg);
	kfree(req->in_sg);
	kfree(req);
}

void vcd_req_put(struct vcd_request *req)
{
	kref_put(&req->ref, vcd_req_release);
}

/*
 * Room for the fixed parts (header, IV, tag, response, ...) plus one
 * entry per page of data, plus the partial pages at each buffer's ends.
 */
struct vcd_request *vcd_req_alloc(unsigned int max_sg, size_t data_len)
{
	struct vcd_request *req;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return NULL;
	kref_init(&req->ref);
	init_completion(&req->done);
	req->max_sg = max_sg + DIV_ROUND_UP(data_len, PAGE_SIZE);
	req->out_sg = kcalloc(req->max_sg, sizeof(*req->out_sg), GFP_KERNEL);
	req->in_sg = kcalloc(req->max_sg, sizeof(*req->in_sg), GFP_KERNEL);
	req->data_len = data_len;
	if (data_len)
		req->data = kvmalloc(data_len, GFP_KERNEL);
	if (!req->out_sg || !req->in_sg || (data_len && !req->data)) {
		vcd_req_put(req);
		return NULL;
	}
	sg_init_table(req->out_sg, req->max_sg);
	sg_init_table(req->in_sg, req->max_sg);
	return req;
}

/* Describe buf in sg[*n...]: one entry, or one per page if vmalloc'd. */
static int vcd_sg_add(struct scatterlist *sg, unsigned int *n,
		      unsigned int max, void *buf, unsigned int len)
{
	while (len) {
		unsigned int off = offset_in_page(buf);
		unsigned int chunk = len;
		struct page *page;

		if (*n >= max)
			return -EINVAL;
		if (is_vmalloc_addr(buf)) {
			chunk = min_t(unsigned int, len, PAGE_SIZE - off);
			page = vmalloc_to_page(buf);
		} else {
			page = virt_to_page(buf);
		}
		sg_set_page(&sg[(*n)++], page, chunk, off);
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int vcd_req_add_out(struct vcd_request *req, void *buf, unsigned int len)
{
	return vcd_sg_add(req->out_sg, &req->nr_out, req->max_sg, buf, len);
}

int vcd_req_add_in(struct vcd_request *req, void *buf, unsigned int len)
{
	return vcd_sg_add(req->in_sg, &req->nr_in, req->max_sg, buf, len);
}

/* Called once per request, by the vq callback or by remove. */
void vcd_req_complete(struct vcd_request *req, int err, unsigned int len)
{
	req->err = err;
	req->len = len;
	complete(&req->done);
	vcd_req_put(req);	/* the device's reference */
}

/* Spread requests over the data queues by CPU. */
struct vcd_queue *vcd_data_queue(struct vcd_device *vcd)
{
	unsigned int n = raw_smp_processor_id() % vcd->lim.num_data_queues;

	return &vcd->queues[VIRTIO_CRYPTODEV_DATAQ(n)];
}

/* Under the lock: after remove has cleared ready, q->vq is gone. */
static bool vcd_queue_has_room(struct vcd_queue *q, unsigned int needed)
{
	bool room;

	spin_lock_irq(&q->lock);
	room = !q->ready || q->vq->num_free >= needed;
	spin_unlock_irq(&q->lock);
	return room;
}

/*
 * With q->lock held: add and kick, or say how many free descriptors to
 * wait for.  With indirect descriptors a request takes one slot.
 */
static int vcd_req_add_locked(struct vcd_queue *q, struct vcd_request *req,
			      unsigned int *needed)
{
	struct scatterlist *sgs[2] = { req->out_sg, req->in_sg };
	int err;

	if (!q->ready)
		return -ENODEV;
	*needed = req->nr_out + req->nr_in;
	if (virtio_has_feature(q->vq->vdev, VIRTIO_RING_F_INDIRECT_DESC))
		*needed = 1;
	else if (*needed > virtqueue_get_vring_size(q->vq))
		return -EINVAL;		/* could never fit */
	err = virtqueue_add_sgs(q->vq, sgs, 1, 1, req, GFP_ATOMIC);
	if (!err)
		virtqueue_kick(q->vq);
	return err;
}

/* Add and kick under the queue lock; sleep while the ring is full. */
static int vcd_req_queue(struct vcd_queue *q, struct vcd_request *req)
{
	unsigned int needed;
	int err;

	for (;;) {
		spin_lock_irq(&q->lock);
		err = vcd_req_add_locked(q, req, &needed);
		spin_unlock_irq(&q->lock);
		if (err != -ENOSPC)
			return err;
		if (wait_event_killable(q->space, vcd_queue_has_room(q, needed)))
			return -EINTR;
	}
}

/*
 * Submit a fully described request and wait for the device.  Returns 0
 * with req->resp filled in, or -errno.  If the caller is killed, the
 * request lives on until the device gives it back.
 */
int vcd_req_submit(struct vcd_device *vcd, struct vcd_queue *q,
		   struct vcd_request *req)
{
	int err;

	if (!req->nr_out || !req->nr_in)
		return -EINVAL;
	sg_mark_end(&req->out_sg[req->nr_out - 1]);
	sg_mark_end(&req->in_sg[req->nr_in - 1]);

	kref_get(&req->ref);	/* the device's, dropped on completion */
	err = vcd_req_queue(q, req);
	if (err) {
		vcd_req_put(req);
		return err;
	}
	if (wait_for_completion_killable(&req->done))
		return -EINTR;
	return req->err;
}
