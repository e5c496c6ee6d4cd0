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
/* Data queue worker threads per device, at most (property "workers"). */
#define VIRTIO_CRYPTODEV_MAX_WORKERS    64
/* The device's VMState version (its own section; docs/qemu.md). */
#define VIRTIO_CRYPTODEV_VM_VERSION     1

typedef struct VirtIOCryptodevConf {
    char *engine;               /* "openssl" (default) or "devcrypto" */
    char *devcrypto_path;       /* NULL: VCD_DEFAULT_DEVCRYPTO_PATH */
    uint32_t queues;            /* data queues */
    uint32_t max_sessions;
    uint32_t max_data_len;
    uint32_t migrate_hash_max;  /* 0: keep no unfinished hash */
    uint32_t workers;           /* data workers; 0: from the queues and
                                 * the host's CPUs */
} VirtIOCryptodevConf;

typedef struct VirtIOCryptodevReq VirtIOCryptodevReq;
typedef QSIMPLEQ_HEAD(VirtIOCryptodevReqList, VirtIOCryptodevReq)
    VirtIOCryptodevReqList;

typedef struct VirtIOCryptodevGroup VirtIOCryptodevGroup;

typedef struct VirtIOCryptodevQueue {
    VirtIOCryptodev *vcd;
    VirtQueue *vq;
    unsigned int index;         /* 0: control queue */
    unsigned int inflight;      /* popped, not pushed; BQL */
    bool notify;                /* pushed since the last notify; BQL */
    VirtIOCryptodevGroup *group;    /* whose workers serve this queue */
    VirtIOCryptodevReqList todo;    /* popped, not started; group->lock */
    unsigned int running;       /* in vcd_core_handle(); group->lock */
} VirtIOCryptodevQueue;

/*
 * Queues and the workers that serve them (docs/qemu.md, Threads): the
 * control queue and a worker of its own are group 0; each data queue
 * and each data worker belongs to one of the other groups.  A group's
 * lock is the only one its workers and the main loop share: queues of
 * other groups never contend on it.
 */
struct VirtIOCryptodevGroup {
    VirtIOCryptodev *vcd;
    VirtIOCryptodevQueue **queues;  /* the group's queues */
    unsigned int nqueues;
    unsigned int next;          /* the queue a worker looks at first */
    QemuMutex lock;             /* protects what follows, and the
                                 * queues' todo lists and running */
    QemuCond todo_cond;         /* a todo list has work, or quit */
    QemuCond idle_cond;         /* running, or a queue's, dropped to 0 */
    VirtIOCryptodevReqList done;    /* handled, not pushed */
    unsigned int pending;       /* on the todo lists */
    unsigned int running;       /* requests inside vcd_core_handle() */
    unsigned int sleeping;      /* workers in qemu_cond_wait() */
    bool quit;                  /* workers exit */
};

struct VirtIOCryptodev {
    VirtIODevice parent_obj;

    VirtIOCryptodevConf conf;

    struct vcd_core *core;
    struct virtio_cryptodev_config config;  /* little-endian */
    unsigned int nvqs;                      /* 1 + conf.queues */
    VirtIOCryptodevQueue *vqs;
    unsigned int nworkers;      /* the control queue's + data workers */
    QemuThread *workers;
    /*
     * The hand-over between the main loop and the workers, one lock per
     * group.  Everything else is touched only with the BQL held (main
     * loop, vCPU MMIO, realize/reset).
     */
    unsigned int ngroups;
    VirtIOCryptodevGroup *groups;
    QEMUBH *done_bh;                        /* completes requests */
    unsigned int inflight;      /* over every queue; BQL */
    unsigned int inflight_peak; /* the most inflight ever was; BQL */

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
