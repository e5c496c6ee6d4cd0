/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-cryptodev guest driver: what differs between the kernels it is
 * built for (Debian 12's 6.1 and 6.12).  Each difference is one helper
 * here, so that no function body elsewhere needs an #if.
 */
#ifndef VCD_COMPAT_H
#define VCD_COMPAT_H

#include <linux/slab.h>
#include <linux/version.h>
#include <linux/virtio_config.h>

/*
 * Since 6.11, virtio_find_vqs() takes one struct virtqueue_info per queue
 * instead of parallel arrays of callbacks and names.
 */
#if KERNEL_VERSION(6, 11, 0) <= LINUX_VERSION_CODE
static inline int vcd_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			       struct virtqueue *vqs[],
			       vq_callback_t *callbacks[],
			       const char * const names[])
{
	struct virtqueue_info *info;
	unsigned int i;
	int err;

	info = kcalloc(nvqs, sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	for (i = 0; i < nvqs; i++) {
		info[i].name = names[i];
		info[i].callback = callbacks[i];
	}
	err = virtio_find_vqs(vdev, nvqs, vqs, info, NULL);
	kfree(info);
	return err;
}
#else
static inline int vcd_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			       struct virtqueue *vqs[],
			       vq_callback_t *callbacks[],
			       const char * const names[])
{
	return virtio_find_vqs(vdev, nvqs, vqs, callbacks, names, NULL);
}
#endif

#endif /* VCD_COMPAT_H */
