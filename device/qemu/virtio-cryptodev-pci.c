/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-cryptodev-pci: the PCI transport of virtio-cryptodev.  Modern
 * only (virtio 1.x), so the PCI device id is 0x1040 + VIRTIO_ID_CRYPTODEV.
 */
#include "qemu/osdep.h"

#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-pci.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qom/object.h"

#include "compat.h"
#include "virtio-cryptodev.h"

typedef struct VirtIOCryptodevPCI VirtIOCryptodevPCI;

#define TYPE_VIRTIO_CRYPTODEV_PCI "virtio-cryptodev-pci-base"
DECLARE_INSTANCE_CHECKER(VirtIOCryptodevPCI, VIRTIO_CRYPTODEV_PCI,
                         TYPE_VIRTIO_CRYPTODEV_PCI)

struct VirtIOCryptodevPCI {
    VirtIOPCIProxy parent_obj;
    VirtIOCryptodev vdev;
};

static VcdProperty vcd_pci_properties[] = {
    DEFINE_PROP_BIT("ioeventfd", VirtIOPCIProxy, flags,
                    VIRTIO_PCI_FLAG_USE_IOEVENTFD_BIT, true),
    DEFINE_PROP_UINT32("vectors", VirtIOPCIProxy, nvectors,
                       DEV_NVECTORS_UNSPECIFIED),
    VCD_PROP_END_OF_LIST
};

static void vcd_pci_realize(VirtIOPCIProxy *vpci_dev, Error **errp)
{
    VirtIOCryptodevPCI *dev = VIRTIO_CRYPTODEV_PCI(vpci_dev);
    DeviceState *vdev = DEVICE(&dev->vdev);
    uint32_t queues = dev->vdev.conf.queues;

    if (vpci_dev->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        /* config + control queue + data queues; realize checks queues */
        vpci_dev->nvectors = 2 + MIN(queues, VCD_MAX_DATA_QUEUES);
    }
    virtio_pci_force_virtio_1(vpci_dev);
    qdev_realize(vdev, BUS(&vpci_dev->bus), errp);
}

static void vcd_pci_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(klass);
    PCIDeviceClass *pcidev_k = PCI_DEVICE_CLASS(klass);

    k->realize = vcd_pci_realize;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    pcidev_k->vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    pcidev_k->device_id = VIRTIO_CRYPTODEV_PCI_DEVICE_ID;
    pcidev_k->revision = 1;     /* modern */
    pcidev_k->class_id = PCI_CLASS_OTHERS;
    device_class_set_props(dc, vcd_pci_properties);
}

static void vcd_pci_instance_init(Object *obj)
{
    VirtIOCryptodevPCI *dev = VIRTIO_CRYPTODEV_PCI(obj);
    const char *const *name;

    virtio_instance_init_common(obj, &dev->vdev, sizeof(dev->vdev),
                                TYPE_VIRTIO_CRYPTODEV);
    /*
     * qom-get on the -device id, not only on its virtio-backend child.
     * QEMU 10.0's virtio_instance_init_common() already aliases every
     * class property of the child, counters included; 7.2's only its qdev
     * properties.
     */
    for (name = virtio_cryptodev_counters; *name; name++) {
        if (!object_property_find(obj, *name)) {
            object_property_add_alias(obj, *name, OBJECT(&dev->vdev), *name);
        }
    }
}

static const VirtioPCIDeviceTypeInfo vcd_pci_info = {
    .base_name     = TYPE_VIRTIO_CRYPTODEV_PCI,
    .generic_name  = "virtio-cryptodev-pci",
    .instance_size = sizeof(VirtIOCryptodevPCI),
    .instance_init = vcd_pci_instance_init,
    .class_init    = vcd_pci_class_init,
};

static void vcd_pci_register(void)
{
    virtio_pci_types_register(&vcd_pci_info);
}

type_init(vcd_pci_register)
