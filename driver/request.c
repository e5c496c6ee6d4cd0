// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: the life of a request.
 *
 * A request is allocated, its data either pinned in place in user memory
 * (zero copy, for requests of at least zerocopy_min bytes) or copied into
 * a bounce buffer, described by two scatterlists (device-readable,
 * device-writable), added to a queue under the queue's spinlock, the
 * device notified outside it, and then its submitter sleeps killably on
 * a completion that the vq callback signals.  The device owns a reference
 * from the add until the buffer comes back, so nothing it may still read
 * or write is freed or unpinned under it.
 */
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
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
	[VIRTIO_CRYPTODEV_S_STALE]	= -ESTALE,
};

int vcd_status_to_errno(u32 status)
{
	if (status >= ARRAY_SIZE(vcd_status_errno))
		return -EIO;
	return vcd_status_errno[status];
}

static unsigned int zerocopy_min = 1024;
module_param(zerocopy_min, uint, 0644);
MODULE_PARM_DESC(zerocopy_min,
		 "data of at least this many bytes is read and written in place in user memory, smaller data is copied (0: always copy)");

/*
 * Fault injection for the in-guest tests (tests/guest/harden.c), 0 in
 * normal use.  Bit 0: every indirect descriptor table fails to allocate,
 * as when virtqueue_add's GFP_ATOMIC allocation fails (it then falls back
 * to direct descriptors, so -ENOSPC unless the whole chain fits in the
 * free ones).  Bit 1: the device's used length comes back one byte short.
 * Bit 2: the rings look full, so submitters wait for room while it is set.
 */
#define VCD_FAULT_INDIRECT	BIT(0)
#define VCD_FAULT_SHORT_USED	BIT(1)
#define VCD_FAULT_RING_FULL	BIT(2)

static unsigned int fault_inject;
module_param(fault_inject, uint, 0644);
MODULE_PARM_DESC(fault_inject,
		 "for tests only: bit 0 fails every indirect descriptor table, bit 1 shortens the used length the device reports by one byte, bit 2 makes the rings look full");

/* Would virtqueue_add fail here with fault_inject bit 0 set? */
static bool vcd_fault_indirect(struct virtqueue *vq, unsigned int total)
{
	return (READ_ONCE(fault_inject) & VCD_FAULT_INDIRECT) &&
	       virtio_has_feature(vq->vdev, VIRTIO_RING_F_INDIRECT_DESC) &&
	       total > 1 && vq->num_free && vq->num_free < total;
}

/* Does a request with len bytes of data pin the user's pages? */
bool vcd_req_zerocopy(size_t len)
{
	unsigned int min = READ_ONCE(zerocopy_min);

	return min && len >= min;
}

/* How many pages, so how many descriptors, len bytes at buf touch. */
unsigned int vcd_user_pages(const void __user *buf, size_t len)
{
	if (!len)
		return 0;
	return DIV_ROUND_UP(offset_in_page(buf) + len, PAGE_SIZE);
}

static void vcd_req_free(struct vcd_request *req)
{
	unsigned int i;

	for (i = 0; i < req->nr_pins; i++) {
		struct vcd_pin *p = &req->pins[i];

		if (p->dirty)
			unpin_user_pages_dirty_lock(p->pages, p->nr, true);
		else
			unpin_user_pages(p->pages, p->nr);
		kvfree(p->pages);
	}
	if (req->wipe)
		kvfree_sensitive(req->data, req->data_len);
	else
		kvfree(req->data);
	if (req->out_sg != req->sg_inline)
		kvfree(req->out_sg);
	kfree(req);
}

static void vcd_req_free_work(struct work_struct *work)
{
	vcd_req_free(container_of(work, struct vcd_request, free_work));
}

/* The last put from process context. */
static void vcd_req_release(struct kref *ref)
{
	vcd_req_free(container_of(ref, struct vcd_request, ref));
}

/*
 * The last put from the vq callback (the submitter was killed): marking
 * pages dirty takes the page lock, which may sleep, so a worker does it.
 */
static void vcd_req_release_atomic(struct kref *ref)
{
	struct vcd_request *req = container_of(ref, struct vcd_request, ref);

	if (!req->nr_pins) {
		vcd_req_free(req);
		return;
	}
	INIT_WORK(&req->free_work, vcd_req_free_work);
	queue_work(vcd_wq, &req->free_work);
}

void vcd_req_put(struct vcd_request *req)
{
	kref_put(&req->ref, vcd_req_release);
}

/*
 * Scatterlist entries for len bytes of a bounce buffer from
 * vcd_req_alloc: one if kmalloc'd, one per page touched if vmalloc'd.
 */
unsigned int vcd_bounce_sgs(size_t len)
{
	return len ? DIV_ROUND_UP(len, PAGE_SIZE) + 1 : 0;
}

/*
 * A request with room for max_out device-readable and max_in
 * device-writable scatterlist entries, and a zeroed bounce buffer of
 * data_len bytes.  The entries of a small request live in the request
 * itself; a large one's, in one array for both directions, which only
 * the CPU reads (virtqueue_add copies them into descriptors), so it may
 * be vmalloc'd rather than need a high-order allocation.
 */
struct vcd_request *vcd_req_alloc(unsigned int max_out, unsigned int max_in,
				  size_t data_len)
{
	unsigned int total = max_out + max_in;
	struct vcd_request *req;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return NULL;
	kref_init(&req->ref);
	init_completion(&req->done);
	req->max_out = max_out;
	req->max_in = max_in;
	req->out_sg = req->sg_inline;
	if (total > ARRAY_SIZE(req->sg_inline))
		req->out_sg = kvmalloc_array(total, sizeof(*req->out_sg),
					     GFP_KERNEL);
	req->data_len = data_len;
	/* Zeroed: what the device leaves unwritten is never stale memory. */
	if (data_len)
		req->data = kvzalloc(data_len, GFP_KERNEL);
	if (!req->out_sg || (data_len && !req->data)) {
		vcd_req_put(req);
		return NULL;
	}
	req->in_sg = req->out_sg + max_out;
	if (max_out)
		sg_init_table(req->out_sg, max_out);
	if (max_in)
		sg_init_table(req->in_sg, max_in);
	/* Not OK until the device says so. */
	req->resp.ctrl.status = cpu_to_le32(VIRTIO_CRYPTODEV_S_IOERR);
	req->resp.op.status = cpu_to_le32(VIRTIO_CRYPTODEV_S_IOERR);
	return req;
}

/*
 * Append len bytes at off in page to sg[0..*n): they extend the last
 * entry when they follow it in physical memory, so that physically
 * contiguous pages take one descriptor.
 */
static int vcd_sg_append(struct scatterlist *sg, unsigned int *n,
			 unsigned int max, struct page *page,
			 unsigned int len, unsigned int off)
{
	struct scatterlist *last = *n ? &sg[*n - 1] : NULL;

	if (last && sg_phys(last) + last->length ==
		    page_to_phys(page) + off) {
		last->length += len;
		return 0;
	}
	if (*n >= max)
		return -EINVAL;
	sg_set_page(&sg[(*n)++], page, len, off);
	return 0;
}

/* Describe buf in sg[*n...]: one entry, or one per page if vmalloc'd. */
static int vcd_sg_add(struct scatterlist *sg, unsigned int *n,
		      unsigned int max, void *buf, unsigned int len)
{
	int err;

	while (len) {
		unsigned int off = offset_in_page(buf);
		unsigned int chunk = len;
		struct page *page;

		if (is_vmalloc_addr(buf)) {
			chunk = min_t(unsigned int, len, PAGE_SIZE - off);
			page = vmalloc_to_page(buf);
		} else {
			page = virt_to_page(buf);
		}
		err = vcd_sg_append(sg, n, max, page, chunk, off);
		if (err)
			return err;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int vcd_req_add_out(struct vcd_request *req, void *buf, unsigned int len)
{
	return vcd_sg_add(req->out_sg, &req->nr_out, req->max_out, buf, len);
}

int vcd_req_add_in(struct vcd_request *req, void *buf, unsigned int len)
{
	return vcd_sg_add(req->in_sg, &req->nr_in, req->max_in, buf, len);
}

/*
 * Pin len bytes of user memory at buf and describe them in place, one
 * descriptor per run of physically contiguous pages: in the
 * device-readable list, or in the writable one if dev_writes (then the
 * pages are pinned for writing, which breaks copy-on-write first, and
 * marked dirty when unpinned).  -EFAULT if any
 * of it is not mapped with the access needed.
 */
int vcd_req_pin_user(struct vcd_request *req, const void __user *buf,
		     unsigned int len, bool dev_writes)
{
	unsigned int nr = vcd_user_pages(buf, len), off = offset_in_page(buf);
	struct scatterlist *sg = dev_writes ? req->in_sg : req->out_sg;
	unsigned int *n = dev_writes ? &req->nr_in : &req->nr_out;
	unsigned int max = dev_writes ? req->max_in : req->max_out;
	unsigned int i, chunk;
	struct vcd_pin *p;
	int got;

	if (!len)
		return 0;
	if (req->nr_pins >= ARRAY_SIZE(req->pins) || *n + nr > max)
		return -EINVAL;
	p = &req->pins[req->nr_pins];
	p->pages = kvmalloc_array(nr, sizeof(*p->pages), GFP_KERNEL);
	if (!p->pages)
		return -ENOMEM;
	got = pin_user_pages_fast((unsigned long)buf & PAGE_MASK, nr,
				  dev_writes ? FOLL_WRITE : 0, p->pages);
	if (got != nr) {
		if (got > 0)
			unpin_user_pages(p->pages, got);
		kvfree(p->pages);
		p->pages = NULL;
		return got == -ENOMEM ? -ENOMEM : -EFAULT;
	}
	p->nr = nr;
	p->dirty = dev_writes;
	req->nr_pins++;
	for (i = 0; i < nr; i++) {
		chunk = min_t(unsigned int, len, PAGE_SIZE - off);
		/* Cannot fail: *n + nr <= max was checked above. */
		vcd_sg_append(sg, n, max, p->pages[i], chunk, off);
		len -= chunk;
		off = 0;
	}
	return 0;
}

/*
 * Called once per request, by the vq callback or by remove.  The device
 * writes the response last, at the end of the writable part, and reports
 * the whole part as written (docs/protocol.md, section 5): any other used
 * length means the response cannot be trusted.
 */
void vcd_req_complete(struct vcd_request *req, int err, unsigned int len)
{
	if ((READ_ONCE(fault_inject) & VCD_FAULT_SHORT_USED) && len)
		len--;
	if (!err && len != req->in_len) {
		pr_warn_ratelimited(KBUILD_MODNAME
				    ": used length %u, expected %u\n",
				    len, req->in_len);
		err = -EIO;
	}
	req->err = err;
	req->len = len;
	complete(&req->done);
	if (req->on_done)
		req->on_done(req);
	kref_put(&req->ref, vcd_req_release_atomic);	/* the device's */
}

/*
 * The data queue of the CPU this runs on, whose interrupt goes to that
 * CPU (core.c, vcd_set_affinity): the threads of a process on different
 * CPUs use different rings and locks, and an answer wakes its waiter
 * where it sleeps.
 */
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
	room = !q->ready || (q->vq->num_free >= needed &&
			     !(READ_ONCE(fault_inject) & VCD_FAULT_RING_FULL));
	spin_unlock_irq(&q->lock);
	return room;
}

/*
 * With q->lock held: add req to the ring and, unless notify is NULL, say
 * whether to notify the device; or, on -ENOSPC, say how many free descriptors to wait for (0:
 * it is memory that is missing, not ring space).
 *
 * With indirect descriptors a request takes one slot, if virtqueue_add
 * can allocate its table (GFP_ATOMIC, under the lock).  If it cannot, it
 * falls back to one descriptor per entry and fails unless that many are
 * free: the room to wait for is then the whole chain, and a chain longer
 * than the ring can only wait for memory.
 */
static int vcd_req_add_locked(struct vcd_queue *q, struct vcd_request *req,
			      unsigned int *needed, bool *notify)
{
	struct scatterlist *sgs[2] = { req->out_sg, req->in_sg };
	unsigned int total = req->nr_out + req->nr_in;
	unsigned int ring, avail;
	bool indirect;
	int err;

	if (!q->ready)
		return -ENODEV;
	if (READ_ONCE(fault_inject) & VCD_FAULT_RING_FULL) {
		*needed = 1;
		return -ENOSPC;
	}
	if (total > VCD_MAX_CHAIN)
		return -EINVAL;		/* longer than a device must take */
	ring = virtqueue_get_vring_size(q->vq);
	indirect = total > 1 &&
		   virtio_has_feature(q->vq->vdev, VIRTIO_RING_F_INDIRECT_DESC);
	if (!indirect && total > ring)
		return -EINVAL;		/* could never fit */
	avail = q->vq->num_free;
	if (vcd_fault_indirect(q->vq, total))
		err = -ENOSPC;
	else
		err = virtqueue_add_sgs(q->vq, sgs, 1, 1, req, GFP_ATOMIC);
	if (!err) {
		req->queued = true;
		if (notify)
			*notify = virtqueue_kick_prepare(q->vq);
	} else if (err == -ENOSPC) {
		if (indirect && !avail)
			*needed = 1;		/* the ring is full */
		else if (total <= ring)
			*needed = total;	/* as direct descriptors */
		else
			*needed = 0;		/* only a table will do */
	}
	return err;
}

/* Indirect tables that could not be allocated: tries before -ENOMEM. */
#define VCD_NOMEM_TRIES		8

/*
 * No indirect table, and a chain too long for the ring without one: let
 * reclaim run with a sleeping allocation of the table's size, sleep a
 * little longer each time, and give up after VCD_NOMEM_TRIES.
 */
static int vcd_wait_for_memory(struct vcd_request *req, unsigned int tries)
{
	void *table;

	if (tries > VCD_NOMEM_TRIES)
		return -ENOMEM;
	table = kmalloc_array(req->nr_out + req->nr_in,
			      sizeof(struct vring_desc),
			      GFP_KERNEL | __GFP_NOWARN);
	if (!table)
		return -ENOMEM;
	kfree(table);
	if (schedule_timeout_killable(msecs_to_jiffies(1U << tries)))
		return -EINTR;
	return fatal_signal_pending(current) ? -EINTR : 0;
}

/*
 * Notify the device of what was added to q since the last notification,
 * if it asked to be (event index): one notification for a batch of
 * requests.  The RCU read section keeps q->vq alive until the
 * notification is out: remove clears ready under the lock, then waits
 * for an RCU grace period before it deletes the vqs.
 */
void vcd_queue_kick(struct vcd_queue *q)
{
	bool notify = false;

	rcu_read_lock();
	spin_lock_irq(&q->lock);
	if (q->ready)
		notify = virtqueue_kick_prepare(q->vq);
	spin_unlock_irq(&q->lock);
	if (notify)
		virtqueue_notify(q->vq);
	rcu_read_unlock();
}

/*
 * Add under the queue lock and, if kick, notify the device outside it
 * (RCU as in vcd_queue_kick); sleep while the ring is full or the memory
 * short, after a notification for what is already on the ring.
 */
static int vcd_req_queue(struct vcd_queue *q, struct vcd_request *req,
			 bool kick)
{
	unsigned int needed = 0, tries = 0;
	bool notify = false;
	int err;

	for (;;) {
		rcu_read_lock();
		spin_lock_irq(&q->lock);
		err = vcd_req_add_locked(q, req, &needed,
					 kick ? &notify : NULL);
		spin_unlock_irq(&q->lock);
		if (!err && notify)
			virtqueue_notify(q->vq);
		rcu_read_unlock();
		if (err != -ENOSPC)
			return err;
		if (!kick)
			vcd_queue_kick(q);	/* the batch so far */
		if (!needed)
			err = vcd_wait_for_memory(req, ++tries);
		else
			err = wait_event_killable(q->space,
						  vcd_queue_has_room(q, needed)) ?
			      -EINTR : 0;
		if (err)
			return err;
	}
}

static int vcd_req_send_kick(struct vcd_queue *q, struct vcd_request *req,
			     bool kick)
{
	unsigned int i;
	int err;

	if (!req->nr_out || !req->nr_in)
		return -EINVAL;
	sg_mark_end(&req->out_sg[req->nr_out - 1]);
	sg_mark_end(&req->in_sg[req->nr_in - 1]);
	for (i = 0; i < req->nr_in; i++)
		req->in_len += req->in_sg[i].length;

	kref_get(&req->ref);	/* the device's, dropped on completion */
	err = vcd_req_queue(q, req, kick);
	if (err)
		vcd_req_put(req);
	return err;
}

/*
 * Put a fully described request on q and notify the device, without
 * waiting for its answer (but for ring space, killably).  0 once the
 * device has it: its answer then signals req->done and calls
 * req->on_done, if set, from the vq callback or from remove.  Else
 * -errno, and the request never reached the device.
 */
int vcd_req_send(struct vcd_queue *q, struct vcd_request *req)
{
	return vcd_req_send_kick(q, req, true);
}

/*
 * As vcd_req_send, but the device may not look at the request before
 * the caller's vcd_queue_kick(q), which sends a batch with one
 * notification.
 */
int vcd_req_send_nokick(struct vcd_queue *q, struct vcd_request *req)
{
	return vcd_req_send_kick(q, req, false);
}

/*
 * Submit a fully described request and wait for the device.  Returns 0
 * with req->resp filled in, or -errno.  If the caller is killed, -EINTR:
 * if req->queued, the request lives on until the device gives it back;
 * if not, it never reached the device.
 */
int vcd_req_submit(struct vcd_device *vcd, struct vcd_queue *q,
		   struct vcd_request *req)
{
	int err;

	err = vcd_req_send(q, req);
	if (err)
		return err;
	if (wait_for_completion_killable(&req->done))
		return -EINTR;
	return req->err;
}
