// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: CIOCASYNCCRYPT, CIOCASYNCFETCH and
 * poll(), as cryptodev-linux serves them when built with ENABLE_ASYNC.
 *
 * A submit takes one of the file's async_max slots (EBUSY when none is
 * left), builds the CIOCCRYPT request as CIOCCRYPT does (its data pinned
 * in place from zerocopy_min bytes, else copied into a bounce buffer),
 * puts it on the data queue of the CPU it runs on, whose interrupt that
 * CPU takes, and returns: every job of a file can be on the rings at
 * once.  The vq callback moves an answered job to the file's done list
 * and wakes poll() with EPOLLIN.  A fetch takes the oldest answered job,
 * copies out what is not in place (a bounce buffer's dst, the IV, the
 * digest), gives the slot back and returns the job's errno, as
 * cryptodev-linux reports at fetch time what its worker found.
 *
 * A job holds its session and its request; while it is on a ring it
 * also holds the file's vcd_async.  When the file is released, answered
 * jobs are freed at once and the ones still on a ring become orphans:
 * their answer hands them to a worker that unpins their pages and drops
 * their session, so nothing outlives the device's answer.
 */
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "vcd.h"

/* cryptodev-linux's MAX_COP_RINGSIZE, and a bound on the parameter. */
#define VCD_ASYNC_MIN	64U
#define VCD_ASYNC_MAX	65536U

static unsigned int async_max = VCD_ASYNC_MIN;
module_param(async_max, uint, 0644);
MODULE_PARM_DESC(async_max,
		 "CIOCASYNCCRYPT jobs an open file may have submitted and not yet fetched (at least 64, at most 65536)");

/* The async state of one open file. */
struct vcd_async {
	struct kref ref;	/* the file's, and one per job on a ring */
	/* Guards done, nr and closed; taken from the vq callback too. */
	spinlock_t lock;
	struct list_head done;	/* answered jobs, oldest first */
	unsigned int nr;	/* slots taken: submitted, not fetched */
	bool closed;		/* the file is gone: answers are orphans */
	wait_queue_head_t wait;	/* poll: a job answered, a slot freed */
};

struct vcd_job {
	struct list_head node;		/* in as->done once answered */
	struct vcd_async *as;
	struct vcd_session *s;		/* holds a reference */
	struct crypt_op cop;		/* as submitted; the fetch returns it */
	struct vcd_crypt_ctx x;		/* x.req NULL: failed before the ring */
	int err;			/* the job's errno, for the fetch */
	struct work_struct orphan_work;
};

static unsigned int vcd_async_limit(void)
{
	return clamp(READ_ONCE(async_max), VCD_ASYNC_MIN, VCD_ASYNC_MAX);
}

static void vcd_async_free(struct kref *ref)
{
	kfree(container_of(ref, struct vcd_async, ref));
}

struct vcd_async *vcd_async_open(void)
{
	struct vcd_async *as = kzalloc(sizeof(*as), GFP_KERNEL);

	if (!as)
		return NULL;
	kref_init(&as->ref);
	spin_lock_init(&as->lock);
	INIT_LIST_HEAD(&as->done);
	init_waitqueue_head(&as->wait);
	return as;
}

/* In process context: unpinning and a session's destroy may sleep. */
static void vcd_job_free(struct vcd_job *job)
{
	if (job->x.req)
		vcd_req_put(job->x.req);
	vcd_session_put(job->s);
	kfree(job);
}

static void vcd_job_orphan_work(struct work_struct *work)
{
	vcd_job_free(container_of(work, struct vcd_job, orphan_work));
}

/*
 * A job has its answer: onto the done list for a fetch, or, if the file
 * is gone, to a worker that frees it.  Any context.
 */
static void vcd_job_finish(struct vcd_async *as, struct vcd_job *job)
{
	unsigned long flags;
	bool orphan;

	spin_lock_irqsave(&as->lock, flags);
	orphan = as->closed;
	if (!orphan)
		list_add_tail(&job->node, &as->done);
	spin_unlock_irqrestore(&as->lock, flags);
	if (orphan) {
		INIT_WORK(&job->orphan_work, vcd_job_orphan_work);
		queue_work(vcd_wq, &job->orphan_work);
	} else {
		wake_up_interruptible_poll(&as->wait, EPOLLIN | EPOLLRDNORM);
	}
}

/* req->on_done: from the vq callback (interrupts off) or from remove. */
static void vcd_job_answered(struct vcd_request *req)
{
	struct vcd_job *job = req->on_done_data;
	struct vcd_async *as = job->as;

	job->err = req->err ?: vcd_op_status(req);
	if (!job->err)
		vcd_session_note_state(job->s, job->x.flags, job->cop.iv);
	vcd_job_finish(as, job);
	kref_put(&as->ref, vcd_async_free);	/* the job's, on the ring */
}

static void vcd_async_unslot(struct vcd_async *as)
{
	spin_lock_irq(&as->lock);
	as->nr--;
	spin_unlock_irq(&as->lock);
	wake_up_interruptible_poll(&as->wait, EPOLLOUT | EPOLLWRNORM);
}

/*
 * CIOCASYNCCRYPT on session s.  As in cryptodev-linux: COP_FLAG_NO_ZC is
 * EINVAL and no free slot EBUSY, here; what the operation itself finds
 * wrong (its op, its length, a fault on its buffers) is the errno of
 * the fetch that returns it.  -EINTR if killed while the rings are full.
 */
int vcd_async_submit(struct vcd_async *as, struct vcd_session *s,
		     const struct crypt_op *cop)
{
	struct vcd_job *job;
	int err;

	if (cop->flags & COP_FLAG_NO_ZC)
		return -EINVAL;
	spin_lock_irq(&as->lock);
	if (as->nr >= vcd_async_limit()) {
		spin_unlock_irq(&as->lock);
		return -EBUSY;
	}
	as->nr++;
	spin_unlock_irq(&as->lock);

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job) {
		err = -ENOMEM;
		goto unslot;
	}
	kref_get(&s->ref);
	job->s = s;
	job->as = as;
	job->cop = *cop;
	job->err = vcd_crypt_prepare(s, cop, &job->x);
	if (job->err || !job->x.req) {
		vcd_job_finish(as, job);	/* answered without the device */
		return 0;
	}

	job->x.req->on_done = vcd_job_answered;
	job->x.req->on_done_data = job;
	kref_get(&as->ref);	/* dropped by vcd_job_answered */
	err = vcd_op_send(vcd_data_queue(s->vcd), job->x.req);
	if (!err)
		return 0;	/* job may be answered, even fetched, already */
	kref_put(&as->ref, vcd_async_free);	/* not the last: the file's */
	vcd_job_free(job);
unslot:
	vcd_async_unslot(as);
	return err;
}

/*
 * CIOCASYNCFETCH: the oldest answered job, its crypt_op in *cop (with
 * its IV and digest copied out); EBUSY if none is answered yet.  Else
 * the job's errno; *cop is filled in either way, since jobs are answered
 * in any order and the caller needs to know which one failed.
 */
int vcd_async_fetch(struct vcd_async *as, struct crypt_op *cop)
{
	struct vcd_job *job;
	int err;

	spin_lock_irq(&as->lock);
	job = list_first_entry_or_null(&as->done, struct vcd_job, node);
	if (job)
		list_del(&job->node);
	spin_unlock_irq(&as->lock);
	if (!job)
		return -EBUSY;

	*cop = job->cop;
	err = job->err;
	if (!err && job->x.req)
		err = vcd_crypt_copy_out(job->s, &job->x, &job->cop);
	vcd_job_free(job);
	vcd_async_unslot(as);
	return err;
}

/* EPOLLIN: a job waits to be fetched.  EPOLLOUT: a submit has a slot. */
__poll_t vcd_async_poll(struct vcd_async *as, struct file *file,
			struct poll_table_struct *wait)
{
	__poll_t mask = 0;

	poll_wait(file, &as->wait, wait);
	spin_lock_irq(&as->lock);
	if (!list_empty(&as->done))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (as->nr < vcd_async_limit())
		mask |= EPOLLOUT | EPOLLWRNORM;
	spin_unlock_irq(&as->lock);
	return mask;
}

/*
 * The file is gone: free the answered jobs; the ones on a ring free
 * themselves when the device answers (or remove fails them).
 */
void vcd_async_release(struct vcd_async *as)
{
	struct vcd_job *job, *tmp;
	LIST_HEAD(done);

	spin_lock_irq(&as->lock);
	as->closed = true;
	list_splice_init(&as->done, &done);
	spin_unlock_irq(&as->lock);
	list_for_each_entry_safe(job, tmp, &done, node)
		vcd_job_free(job);
	kref_put(&as->ref, vcd_async_free);
}
