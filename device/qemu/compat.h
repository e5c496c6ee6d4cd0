/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-cryptodev: what differs between the QEMU versions the glue and
 * its qtests are built into, Debian 12's 7.2 and Debian 13's 10.0
 * (device/qemu/build-qemu --qemu).  One set of sources; each difference
 * is named here once, tested by the feature, not by the version number.
 */
#ifndef HW_VIRTIO_CRYPTODEV_COMPAT_H
#define HW_VIRTIO_CRYPTODEV_COMPAT_H

#include "hw/qdev-properties.h"

/*
 * Property arrays.  7.2: not const, ended by DEFINE_PROP_END_OF_LIST().
 * 10.0: const, no terminator and no such macro; device_class_set_props()
 * takes the array's size, and checks at build time that the array is
 * const and has no terminator.  Declare the array as VcdProperty and
 * write VCD_PROP_END_OF_LIST, without a comma, as its last line.
 */
#ifdef DEFINE_PROP_END_OF_LIST
typedef Property VcdProperty;
#define VCD_PROP_END_OF_LIST    DEFINE_PROP_END_OF_LIST(),
#else
typedef const Property VcdProperty;
#define VCD_PROP_END_OF_LIST
#endif

/*
 * QDict and QList (the qtests' QMP answers): qapi/qmp/ in 7.2, qobject/
 * in 10.0.
 */
#if __has_include("qobject/qdict.h")
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#else
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/qlist.h"
#endif

/* Run states (the VM stop handler): sysemu/ in 7.2, system/ in 10.0. */
#if __has_include("system/runstate.h")
#include "system/runstate.h"
#else
#include "sysemu/runstate.h"
#endif

#endif /* HW_VIRTIO_CRYPTODEV_COMPAT_H */
