// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: what every other file may use of the
 * device's life, below all of them.
 *
 * struct vcd_device lives as long as its last reference: probe holds one
 * and every open file, orphaned request and retried DESTROY another, so
 * remove only drops probe's.  Work that outlives the caller who started
 * it (the cleanup of a killed submitter's request, an orphaned create, a
 * retried DESTROY) runs on vcd_wq, which core.c creates at module load
 * and destroys at unload.
 */
#include <linux/slab.h>

#include "vcd.h"

struct workqueue_struct *vcd_wq;

static void vcd_release(struct kref *ref)
{
	struct vcd_device *vcd = container_of(ref, struct vcd_device, ref);

	kfree(vcd->queues);
	kfree(vcd);
}

void vcd_get(struct vcd_device *vcd)
{
	kref_get(&vcd->ref);
}

void vcd_put(struct vcd_device *vcd)
{
	kref_put(&vcd->ref, vcd_release);
}
