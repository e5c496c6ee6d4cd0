/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qtests of virtio-cryptodev-pci (placeholder while the build comes up).
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "qemu/module.h"
#include "libqos/qgraph.h"
#include "libqos/virtio-pci.h"

typedef struct QVirtioCryptodevPCI {
    QVirtioPCIDevice pci_vdev;
} QVirtioCryptodevPCI;

static void *vcd_pci_get_driver(void *object, const char *interface)
{
    QVirtioCryptodevPCI *d = object;

    if (!g_strcmp0(interface, "pci-device")) {
        return d->pci_vdev.pdev;
    }
    if (!g_strcmp0(interface, "virtio")) {
        return &d->pci_vdev.vdev;
    }
    g_assert_not_reached();
}

static void *vcd_pci_create(void *pci_bus, QGuestAllocator *alloc,
                            void *addr)
{
    QVirtioCryptodevPCI *d = g_new0(QVirtioCryptodevPCI, 1);

    virtio_pci_init(&d->pci_vdev, pci_bus, addr);
    d->pci_vdev.obj.get_driver = vcd_pci_get_driver;
    return &d->pci_vdev.obj;
}

static void vcd_nop(void *obj, void *data, QGuestAllocator *alloc)
{
}

static void vcd_register(void)
{
    QPCIAddress addr = { .devfn = QPCI_DEVFN(4, 0) };
    QOSGraphEdgeOptions opts = { .extra_device_opts = "addr=04.0" };

    add_qpci_address(&opts, &addr);
    qos_node_create_driver("virtio-cryptodev-pci", vcd_pci_create);
    qos_node_consumes("virtio-cryptodev-pci", "pci-bus", &opts);
    qos_node_produces("virtio-cryptodev-pci", "pci-device");
    qos_add_test("nop", "virtio-cryptodev-pci", vcd_nop, NULL);
}

libqos_init(vcd_register);
