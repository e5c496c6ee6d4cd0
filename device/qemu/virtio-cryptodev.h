/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-cryptodev: the QEMU side of the paravirtualized crypto device.
 *
 * The device logic (request parsing, sessions, engines) is the plain C
 * core in device/core/; this type only moves descriptor chains between the
 * virtqueues and worker threads.  docs/qemu.md describes the model.
 */
#ifndef HW_VIRTIO_CRYPTODEV_H
#define HW_VIRTIO_CRYPTODEV_H

#include "hw/virtio/virtio.h"
#include "qemu/queue.h"
#include "qemu/thread.h"
#include "qom/object.h"

#include "../core/vcd-core.h"

#define TYPE_VIRTIO_CRYPTODEV "virtio-cryptodev-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOCryptodev, VIRTIO_CRYPTODEV)

/* Descriptors per virtqueue. */
#define VIRTIO_CRYPTODEV_QUEUE_SIZE     128
/* Popped but not yet pushed elements per virtqueue. */
#define VIRTIO_CRYPTODEV_MAX_INFLIGHT   32
/* Worker threads per device, at most. */
#define VIRTIO_CRYPTODEV_MAX_WORKERS    8
/* The device's VMState version (its own section; docs/qemu.md). */
#define VIRTIO_CRYPTODEV_VM_VERSION     1

typedef struct VirtIOCryptodevConf {
    char *engine;               /* "openssl" (default) or "devcrypto" */
    char *devcrypto_path;       /* NULL: VCD_DEFAULT_DEVCRYPTO_PATH */
    uint32_t queues;            /* data queues */
    uint32_t max_sessions;
    uint32_t max_data_len;
    uint32_t migrate_hash_max;  /* 0: keep no unfinished hash */
} VirtIOCryptodevConf;

typedef struct VirtIOCryptodevReq VirtIOCryptodevReq;
typedef QSIMPLEQ_HEAD(VirtIOCryptodevReqList, VirtIOCryptodevReq)
    VirtIOCryptodevReqList;

typedef struct VirtIOCryptodevQueue {
    VirtIOCryptodev *vcd;
    VirtQueue *vq;
    unsigned int index;         /* 0: control queue */
    unsigned int inflight;      /* popped, not pushed; BQL */
    bool notify;                /* pushed since the last notify; BQL */
    unsigned int running;       /* in vcd_core_handle(); vcd->lock */
} VirtIOCryptodevQueue;

struct VirtIOCryptodev {
    VirtIODevice parent_obj;

    VirtIOCryptodevConf conf;

    struct vcd_core *core;
    struct virtio_cryptodev_config config;  /* little-endian */
    unsigned int nvqs;                      /* 1 + conf.queues */
    VirtIOCryptodevQueue *vqs;
    unsigned int nworkers;
    QemuThread *workers;
    QEMUBH *done_bh;                        /* completes requests */
    unsigned int inflight;      /* over every queue; BQL */
    unsigned int inflight_peak; /* the most inflight ever was; BQL */

    /*
     * lock protects todo, done, running and quit: the hand-over between
     * the main loop and the workers.  Everything else is touched only
     * with the BQL held (main loop, vCPU MMIO, realize/reset).
     */
    QemuMutex lock;
    QemuCond todo_cond;         /* todo has work, or quit is set */
    QemuCond idle_cond;         /* running, or a queue's, dropped to 0 */
    VirtIOCryptodevReqList todo;    /* popped, not started */
    VirtIOCryptodevReqList done;    /* handled, not pushed */
    unsigned int running;       /* requests inside vcd_core_handle() */
    bool quit;                  /* workers exit */

    /* Migration (BQL). */
    VMChangeStateEntry *vmstate;    /* vcd_vm_state_change() */
    bool vm_running;            /* false: pop nothing (vcd_queue_pop()) */
    uint8_t *mig_blob;          /* the session table, while saved/loaded */
    uint32_t mig_len;
    uint32_t mig_cipher_algs;   /* the config's masks, while saved/loaded */
    uint32_t mig_hash_algs;

    /* Guest-error log rate limit (BQL): see vcd_guest_error(). */
    bool logged;                /* a line was logged since realize */
    int64_t log_last_ms;        /* QEMU_CLOCK_REALTIME of that line */
    unsigned int log_suppressed;    /* errors not logged since */
};

/* Read-only uint64 QOM properties (counters), NULL-terminated. */
extern const char *const virtio_cryptodev_counters[];

#endif /* HW_VIRTIO_CRYPTODEV_H */
