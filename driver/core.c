// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: probe, remove, virtqueues and their
 * callbacks, and the device nodes.
 *
 * Probe reads config space, finds the control and data queues, sets
 * DRIVER_OK and registers the char devices last.  Remove runs in reverse.
 * Open files keep the struct vcd_device alive through its kref; remove
 * only marks it dead, so that their later calls fail with -ENODEV.
 */
#include <linux/cpumask.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>
#include <linux/workqueue.h>

#include "vcd.h"

static DEFINE_IDA(vcd_ida);

/* The two nodes of a device are told apart by this name pointer. */
static const char vcd_crypto_name[] = "crypto";

/*
 * Guards vcd_devices (the devices with nodes, in probe order) and
 * vcd_primary (the one of them that serves /dev/crypto).
 */
static DEFINE_MUTEX(vcd_primary_lock);
static LIST_HEAD(vcd_devices);
static struct vcd_device *vcd_primary;

/* The device behind an open of /dev/crypto or /dev/cryptodevN. */
struct vcd_device *vcd_from_misc(struct miscdevice *misc)
{
	if (misc->name == vcd_crypto_name)
		return container_of(misc, struct vcd_device, misc_crypto);
	return container_of(misc, struct vcd_device, misc);
}

/* Used-buffer callback, in interrupt context. */
static void vcd_vq_done(struct virtqueue *vq)
{
	struct vcd_device *vcd = vq->vdev->priv;
	struct vcd_queue *q = &vcd->queues[vq->index];
	struct vcd_request *req;
	unsigned long flags;
	unsigned int len;

	/*
	 * Remove clears ready under the lock and takes the buffers back
	 * itself: check it each time the lock is taken again.
	 */
	spin_lock_irqsave(&q->lock, flags);
	while (q->ready) {
		virtqueue_disable_cb(vq);
		while (q->ready && (req = virtqueue_get_buf(vq, &len))) {
			spin_unlock_irqrestore(&q->lock, flags);
			vcd_req_complete(req, 0, len);
			spin_lock_irqsave(&q->lock, flags);
		}
		if (!q->ready || virtqueue_enable_cb(vq))
			break;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	wake_up(&q->space);
}

static int vcd_read_config(struct vcd_device *vcd)
{
	struct virtio_device *vdev = vcd->vdev;
	struct vcd_limits *lim = &vcd->lim;

	virtio_cread_le(vdev, struct virtio_cryptodev_config, num_data_queues,
			&lim->num_data_queues);
	virtio_cread_le(vdev, struct virtio_cryptodev_config, max_sessions,
			&lim->max_sessions);
	virtio_cread_le(vdev, struct virtio_cryptodev_config, max_data_len,
			&lim->max_data_len);
	virtio_cread_le(vdev, struct virtio_cryptodev_config, max_key_len,
			&lim->max_key_len);
	virtio_cread_le(vdev, struct virtio_cryptodev_config, max_mac_key_len,
			&lim->max_mac_key_len);
	virtio_cread_le(vdev, struct virtio_cryptodev_config, max_aad_len,
			&lim->max_aad_len);
	virtio_cread_le(vdev, struct virtio_cryptodev_config, cipher_algs,
			&lim->cipher_algs);
	virtio_cread_le(vdev, struct virtio_cryptodev_config, hash_algs,
			&lim->hash_algs);

	if (!lim->num_data_queues || !lim->max_sessions ||
	    !lim->max_data_len || (!lim->cipher_algs && !lim->hash_algs)) {
		dev_err(&vdev->dev, "config space advertises nothing usable\n");
		return -EINVAL;
	}
	/* The driver's own bounds: nothing is allocated beyond them. */
	lim->num_data_queues = min(lim->num_data_queues, VCD_MAX_DATA_QUEUES);
	lim->max_data_len = min(lim->max_data_len, VCD_MAX_DATA_LEN);
	lim->max_key_len = min_t(u32, lim->max_key_len,
				 CRYPTO_CIPHER_MAX_KEY_LEN);
	lim->max_mac_key_len = min_t(u32, lim->max_mac_key_len,
				     CRYPTO_HMAC_MAX_KEY_LEN);
	lim->max_aad_len = min(lim->max_aad_len, VCD_MAX_AAD_LEN);
	return 0;
}

/* The queue structures, which live as long as the device structure. */
static int vcd_alloc_queues(struct vcd_device *vcd)
{
	unsigned int i, n = 1 + vcd->lim.num_data_queues;

	vcd->queues = kcalloc(n, sizeof(*vcd->queues), GFP_KERNEL);
	if (!vcd->queues)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct vcd_queue *q = &vcd->queues[i];

		spin_lock_init(&q->lock);
		init_waitqueue_head(&q->space);
		if (i == VIRTIO_CRYPTODEV_CTRLQ)
			strscpy(q->name, "ctrl", sizeof(q->name));
		else
			snprintf(q->name, sizeof(q->name), "data.%u", i - 1);
	}
	return 0;
}

/*
 * Each data queue's interrupt on the CPUs that submit to it
 * (vcd_data_queue: CPU c uses data queue c % n), so that an answer
 * wakes its submitter on the CPU it sleeps on, without an IPI.  Hints,
 * as virtio-net sets them, not managed interrupts (find_vqs with a
 * struct irq_affinity, as virtio-blk does): a managed interrupt is shut
 * down when its CPUs go offline, and nothing here would drain its queue
 * first, as blk-mq does.  A hint just moves.  virtio-pci clears them
 * when the vqs are deleted; transports without affinity ignore them.
 */
static void vcd_set_affinity(struct vcd_device *vcd)
{
	unsigned int i, cpu, n = vcd->lim.num_data_queues;
	struct virtqueue *vq;
	cpumask_var_t mask;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return;
	for (i = 0; i < n; i++) {
		vq = vcd->queues[VIRTIO_CRYPTODEV_DATAQ(i)].vq;
		cpumask_clear(mask);
		for_each_possible_cpu(cpu)
			if (cpu % n == i)
				cpumask_set_cpu(cpu, mask);
		if (!cpumask_empty(mask))
			virtqueue_set_affinity(vq, mask);
	}
	free_cpumask_var(mask);
}

/* The virtqueues: at probe, and again at restore. */
static int vcd_init_vqs(struct vcd_device *vcd)
{
	unsigned int i, n = 1 + vcd->lim.num_data_queues;
	vq_callback_t **callbacks;
	struct virtqueue **vqs;
	const char **names;
	int err = -ENOMEM;

	vqs = kcalloc(n, sizeof(*vqs), GFP_KERNEL);
	callbacks = kcalloc(n, sizeof(*callbacks), GFP_KERNEL);
	names = kcalloc(n, sizeof(*names), GFP_KERNEL);
	if (!vqs || !callbacks || !names)
		goto out;

	for (i = 0; i < n; i++) {
		names[i] = vcd->queues[i].name;
		callbacks[i] = vcd_vq_done;
	}
	err = vcd_find_vqs(vcd->vdev, n, vqs, callbacks, names);
	if (err)
		goto out;
	for (i = 0; i < n; i++)
		vcd->queues[i].vq = vqs[i];
	vcd->nr_queues = n;
	vcd_set_affinity(vcd);
out:
	kfree(names);
	kfree(callbacks);
	kfree(vqs);
	return err;
}

static void vcd_set_ready(struct vcd_device *vcd, bool ready)
{
	unsigned int i;

	for (i = 0; i < vcd->nr_queues; i++) {
		struct vcd_queue *q = &vcd->queues[i];

		spin_lock_irq(&q->lock);
		q->ready = ready;
		spin_unlock_irq(&q->lock);
		wake_up_all(&q->space);
	}
}

/*
 * After ready is cleared and the device reset: wait for submitters still
 * notifying (RCU, see vcd_req_queue) and for callbacks still running
 * (virtio-mmio does not synchronize its interrupt on reset), fail
 * whatever the device still held, then drop the vqs.
 */
static void vcd_del_vqs(struct vcd_device *vcd)
{
	struct vcd_request *req;
	unsigned int i;

	synchronize_rcu();
	virtio_synchronize_cbs(vcd->vdev);
	for (i = 0; i < vcd->nr_queues; i++)
		while ((req = virtqueue_detach_unused_buf(vcd->queues[i].vq)))
			vcd_req_complete(req, -ENODEV, 0);
	vcd->vdev->config->del_vqs(vcd->vdev);
	vcd->nr_queues = 0;
}

/* With vcd_primary_lock held: make vcd the device behind /dev/crypto. */
static int vcd_take_crypto_node(struct vcd_device *vcd)
{
	int err;

	vcd->misc_crypto.minor = MISC_DYNAMIC_MINOR;
	vcd->misc_crypto.name = vcd_crypto_name;
	vcd->misc_crypto.fops = &vcd_fops;
	vcd->misc_crypto.mode = 0666;
	vcd->misc_crypto.parent = &vcd->vdev->dev;
	err = misc_register(&vcd->misc_crypto);
	if (err) {
		dev_warn(&vcd->vdev->dev,
			 "/dev/crypto is taken (%d), by another driver such as cryptodev-linux: only /dev/%s serves this device\n",
			 err, vcd->devname);
		return err;
	}
	vcd_primary = vcd;
	vcd->has_crypto_node = true;
	return 0;
}

/* /dev/cryptodevN, and /dev/crypto if no other device serves it. */
static int vcd_register_nodes(struct vcd_device *vcd)
{
	int err;

	snprintf(vcd->devname, sizeof(vcd->devname), "cryptodev%d",
		 vcd->index);
	vcd->misc.minor = MISC_DYNAMIC_MINOR;
	vcd->misc.name = vcd->devname;
	vcd->misc.fops = &vcd_fops;
	vcd->misc.mode = 0666;
	vcd->misc.parent = &vcd->vdev->dev;
	err = misc_register(&vcd->misc);
	if (err)
		return err;

	/* /dev/crypto is a bonus: if it is taken, cryptodevN is enough. */
	mutex_lock(&vcd_primary_lock);
	if (!vcd_primary)
		vcd_take_crypto_node(vcd);
	list_add_tail(&vcd->node, &vcd_devices);
	mutex_unlock(&vcd_primary_lock);
	return 0;
}

/*
 * Files already open stay with this device (and get ENODEV); a new open
 * of /dev/crypto reaches the next device, if there is one.
 */
static void vcd_unregister_nodes(struct vcd_device *vcd)
{
	struct vcd_device *next;

	mutex_lock(&vcd_primary_lock);
	list_del(&vcd->node);
	if (vcd->has_crypto_node) {
		misc_deregister(&vcd->misc_crypto);
		vcd->has_crypto_node = false;
		vcd_primary = NULL;
		list_for_each_entry(next, &vcd_devices, node)
			if (!vcd_take_crypto_node(next))
				break;
	}
	mutex_unlock(&vcd_primary_lock);
	misc_deregister(&vcd->misc);
}

static int vcd_probe(struct virtio_device *vdev)
{
	struct vcd_device *vcd;
	int err;

	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1))
		return -ENODEV;
	if (!vdev->config->get) {
		dev_err(&vdev->dev, "config access disabled\n");
		return -EINVAL;
	}

	vcd = kzalloc(sizeof(*vcd), GFP_KERNEL);
	if (!vcd)
		return -ENOMEM;
	kref_init(&vcd->ref);
	vcd->vdev = vdev;
	mutex_init(&vcd->files_lock);
	INIT_LIST_HEAD(&vcd->files);
	vdev->priv = vcd;

	err = ida_alloc(&vcd_ida, GFP_KERNEL);
	if (err < 0)
		goto err_ida;
	vcd->index = err;

	err = vcd_read_config(vcd) ?: vcd_alloc_queues(vcd) ?:
	      vcd_init_vqs(vcd);
	if (err)
		goto err_config;

	vcd_set_ready(vcd, true);
	virtio_device_ready(vdev);

	err = vcd_register_nodes(vcd);
	if (err)
		goto err_nodes;

	dev_info(&vdev->dev,
		 "/dev/%s: %u data queues, %u sessions, %u bytes per request\n",
		 vcd->devname, vcd->lim.num_data_queues,
		 vcd->lim.max_sessions, vcd->lim.max_data_len);
	return 0;

err_nodes:
	vcd_set_ready(vcd, false);
	virtio_reset_device(vdev);
	vcd_del_vqs(vcd);
err_config:
	ida_free(&vcd_ida, vcd->index);
err_ida:
	vdev->priv = NULL;
	vcd_put(vcd);	/* never kfree: an open of a node may hold it */
	return err;
}

static void vcd_remove(struct virtio_device *vdev)
{
	struct vcd_device *vcd = vdev->priv;

	/* New opens stop first, then new requests, then the device. */
	vcd_unregister_nodes(vcd);
	ida_free(&vcd_ida, vcd->index);	/* the name is free for a rebind */
	WRITE_ONCE(vcd->dead, true);
	vcd_set_ready(vcd, false);
	virtio_reset_device(vdev);
	vcd_del_vqs(vcd);
	vdev->priv = NULL;
	vcd_put(vcd);
}

#ifdef CONFIG_PM_SLEEP
/*
 * Suspend (S3, hibernation): user space is frozen, so no ioctl is in
 * progress.  Stop the queues, reset the device (its sessions die; a
 * request still on a ring fails with ENODEV) and drop the vqs.  The
 * device structure, the queues' locks and every open file stay.
 */
static int vcd_freeze(struct virtio_device *vdev)
{
	struct vcd_device *vcd = vdev->priv;

	WRITE_ONCE(vcd->gen, vcd->gen + 1);
	vcd_set_ready(vcd, false);
	virtio_reset_device(vdev);
	vcd_del_vqs(vcd);
	return 0;
}

/* The device was reset: set the queues up again, then the sessions. */
static int vcd_restore(struct virtio_device *vdev)
{
	struct vcd_device *vcd = vdev->priv;
	int err;

	err = vcd_init_vqs(vcd);
	if (err) {
		dev_err(&vdev->dev, "no virtqueues after resume: %d\n", err);
		return err;
	}
	vcd_set_ready(vcd, true);
	virtio_device_ready(vdev);
	vcd_sessions_restore(vcd);
	return 0;
}
#endif

static const struct virtio_device_id vcd_id_table[] = {
	{ VIRTIO_ID_CRYPTODEV, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, vcd_id_table);

static struct virtio_driver vcd_driver = {
	.driver.name	= KBUILD_MODNAME,
	.driver.owner	= THIS_MODULE,
	.id_table	= vcd_id_table,
	.probe		= vcd_probe,
	.remove		= vcd_remove,
#ifdef CONFIG_PM_SLEEP
	.freeze		= vcd_freeze,
	.restore	= vcd_restore,
#endif
};

static int __init vcd_init(void)
{
	int err;

	/* Unbound: orphan work sleeps until the device answers. */
	vcd_wq = alloc_workqueue(KBUILD_MODNAME, WQ_UNBOUND, 0);
	if (!vcd_wq)
		return -ENOMEM;
	err = register_virtio_driver(&vcd_driver);
	if (err)
		destroy_workqueue(vcd_wq);
	return err;
}

/* Remove has completed every request: the pending cleanups can finish. */
static void __exit vcd_exit(void)
{
	unregister_virtio_driver(&vcd_driver);
	destroy_workqueue(vcd_wq);
}

module_init(vcd_init);
module_exit(vcd_exit);

MODULE_DESCRIPTION("virtio-cryptodev: a cryptodev-linux /dev/crypto served by the host");
MODULE_LICENSE("GPL");
