/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-cryptodev device: virtqueues, worker threads and QOM glue around
 * the device core (device/core/vcd-core.h).
 *
 * A request's life: the vq handler pops an element (at most
 * VIRTIO_CRYPTODEV_MAX_INFLIGHT per queue) and queues it on its queue's
 * todo list; a worker thread of the queue's group runs vcd_core_handle()
 * on its iovecs, which point straight into guest memory, and moves it to
 * the group's done list; done_bh pushes it on the main loop and
 * notifies.  Reset cancels what has not started, waits for
 * what has, and drops every element it holds before the rings go away.
 */
#include "qemu/osdep.h"

#include "hw/qdev-properties.h"
#include "hw/virtio/virtio.h"
#include "migration/vmstate.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "hw/virtio/trace.h"

#include "compat.h"
#include "virtio-cryptodev.h"

struct VirtIOCryptodevReq {
    VirtQueueElement elem;      /* first: virtqueue_pop() allocates us */
    VirtIOCryptodevQueue *q;
    QSIMPLEQ_ENTRY(VirtIOCryptodevReq) next;
    enum vcd_result result;
    size_t in_written;
};

/* ---- worker threads ---------------------------------------------------- */

/* Take the next request of @g's queues, round robin; g->lock held. */
static VirtIOCryptodevReq *vcd_group_take(VirtIOCryptodevGroup *g)
{
    VirtIOCryptodevReq *req;
    unsigned int i, k;

    if (!g->pending) {
        return NULL;
    }
    for (i = 0; i < g->nqueues; i++) {
        k = (g->next + i) % g->nqueues;
        req = QSIMPLEQ_FIRST(&g->queues[k]->todo);
        if (req) {
            QSIMPLEQ_REMOVE_HEAD(&g->queues[k]->todo, next);
            g->next = (k + 1) % g->nqueues;
            g->pending--;
            return req;
        }
    }
    return NULL;
}

static void *vcd_worker(void *opaque)
{
    VirtIOCryptodevGroup *g = opaque;
    VirtIOCryptodev *vcd = g->vcd;
    VirtIOCryptodevReq *req;
    VirtIOCryptodevQueue *q;

    qemu_mutex_lock(&g->lock);
    while (!g->quit) {
        req = vcd_group_take(g);
        if (!req) {
            g->sleeping++;
            qemu_cond_wait(&g->todo_cond, &g->lock);
            g->sleeping--;
            continue;
        }
        q = req->q;
        g->running++;
        q->running++;
        qemu_mutex_unlock(&g->lock);

        req->result = vcd_core_handle(vcd->core, q->index == 0,
                                      req->elem.out_sg, req->elem.out_num,
                                      req->elem.in_sg, req->elem.in_num,
                                      &req->in_written);

        qemu_mutex_lock(&g->lock);
        QSIMPLEQ_INSERT_TAIL(&g->done, req, next);
        /* vcd_drain() waits for one queue, or for all. */
        q->running--;
        g->running--;
        if (q->running == 0 || g->running == 0) {
            qemu_cond_broadcast(&g->idle_cond);
        }
        qemu_bh_schedule(vcd->done_bh);
    }
    qemu_mutex_unlock(&g->lock);
    return NULL;
}

/*
 * The default worker count: one per host CPU at least, so that the
 * queues of a small device keep every CPU busy; more with many queues,
 * up to four per CPU, so that a long request on one queue holds up
 * fewer others.
 */
static unsigned int vcd_default_workers(unsigned int ndata)
{
    unsigned int cpus = MAX(g_get_num_processors(), 1);

    return MIN(MAX(cpus, MIN(ndata, 4 * cpus)),
               VIRTIO_CRYPTODEV_MAX_WORKERS);
}

/*
 * Groups: group 0 is the control queue's, with a worker of its own, so
 * that session requests never wait behind bulk data.  Then as many as
 * there are data workers, but no more than data queues: data queue i
 * (1-based) goes to group 1 + (i - 1) % (ngroups - 1), and data worker
 * w (0-based) to group 1 + w % (ngroups - 1).  With at least as many
 * workers as data queues every data queue has a lock and workers of its
 * own.
 */
static void vcd_start_workers(VirtIOCryptodev *vcd)
{
    unsigned int ndata = vcd->nvqs - 1, nd, i;
    VirtIOCryptodevGroup *g;
    VirtIOCryptodevQueue *q;

    nd = vcd->conf.workers ? vcd->conf.workers : vcd_default_workers(ndata);
    vcd->ngroups = 1 + MIN(nd, ndata);
    vcd->groups = g_new0(VirtIOCryptodevGroup, vcd->ngroups);
    for (i = 0; i < vcd->ngroups; i++) {
        g = &vcd->groups[i];
        g->vcd = vcd;
        g->queues = g_new0(VirtIOCryptodevQueue *, vcd->nvqs);
        qemu_mutex_init(&g->lock);
        qemu_cond_init(&g->todo_cond);
        qemu_cond_init(&g->idle_cond);
        QSIMPLEQ_INIT(&g->done);
    }
    for (i = 0; i < vcd->nvqs; i++) {
        q = &vcd->vqs[i];
        g = &vcd->groups[i ? 1 + (i - 1) % (vcd->ngroups - 1) : 0];
        q->group = g;
        QSIMPLEQ_INIT(&q->todo);
        g->queues[g->nqueues++] = q;
    }
    vcd->nworkers = 1 + nd;
    vcd->workers = g_new0(QemuThread, vcd->nworkers);
    for (i = 0; i < vcd->nworkers; i++) {
        g = &vcd->groups[i ? 1 + (i - 1) % (vcd->ngroups - 1) : 0];
        qemu_thread_create(&vcd->workers[i], "vcd-worker", vcd_worker, g,
                           QEMU_THREAD_JOINABLE);
    }
}

static void vcd_stop_workers(VirtIOCryptodev *vcd)
{
    VirtIOCryptodevGroup *g;
    unsigned int i;

    for (i = 0; i < vcd->ngroups; i++) {
        g = &vcd->groups[i];
        qemu_mutex_lock(&g->lock);
        g->quit = true;
        qemu_cond_broadcast(&g->todo_cond);
        qemu_mutex_unlock(&g->lock);
    }
    for (i = 0; i < vcd->nworkers; i++) {
        qemu_thread_join(&vcd->workers[i]);
    }
    g_free(vcd->workers);
    vcd->workers = NULL;
    vcd->nworkers = 0;
    for (i = 0; i < vcd->ngroups; i++) {
        g = &vcd->groups[i];
        qemu_cond_destroy(&g->idle_cond);
        qemu_cond_destroy(&g->todo_cond);
        qemu_mutex_destroy(&g->lock);
        g_free(g->queues);
    }
    g_free(vcd->groups);
    vcd->groups = NULL;
    vcd->ngroups = 0;
}

/* ---- requests ---------------------------------------------------------- */

/* Give an element back unanswered (reset, unrealize, malformed ring). */
static void vcd_req_drop(VirtIOCryptodevReq *req)
{
    VirtIOCryptodevQueue *q = req->q;

    virtqueue_detach_element(q->vq, &req->elem, 0);
    q->inflight--;
    q->vcd->inflight--;
    g_free(req);
}

/*
 * virtio_error(), with its log line rate-limited (docs/protocol.md
 * section 9): a guest that breaks the device and resets it in a loop
 * gets one line every VCD_LOG_INTERVAL_MS at most; the next line counts
 * the ones left out.  The device is marked broken every time.
 */
#define VCD_LOG_INTERVAL_MS 5000

static void G_GNUC_PRINTF(2, 3) vcd_guest_error(VirtIOCryptodev *vcd,
                                                const char *fmt, ...)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(vcd);
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    g_autofree char *msg = NULL;
    va_list ap;

    if (vcd->logged && now - vcd->log_last_ms < VCD_LOG_INTERVAL_MS) {
        vcd->log_suppressed++;
        /* What virtio_error() does, without the line. */
        if (virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
            vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
            virtio_notify_config(vdev);
        }
        vdev->broken = true;
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (vcd->log_suppressed) {
        virtio_error(vdev, "%s (and %u more not logged since the last "
                     "message)", msg, vcd->log_suppressed);
    } else {
        virtio_error(vdev, "%s", msg);
    }
    vcd->logged = true;
    vcd->log_last_ms = now;
    vcd->log_suppressed = 0;
}

static void vcd_req_complete(VirtIOCryptodevReq *req)
{
    VirtIOCryptodevQueue *q = req->q;
    VirtIODevice *vdev = VIRTIO_DEVICE(q->vcd);

    if (req->result != VCD_ANSWERED) {
        trace_virtio_cryptodev_malformed(vdev, q->index);
        vcd_req_drop(req);
        vcd_guest_error(q->vcd, "virtio-cryptodev: queue %u: malformed "
                        "descriptor chain (writable part too small for "
                        "the response, or over the maximum)", q->index);
        return;
    }
    trace_virtio_cryptodev_complete(vdev, q->index, req->in_written);
    virtqueue_push(q->vq, &req->elem, req->in_written);
    q->inflight--;
    q->vcd->inflight--;
    q->notify = true;
    g_free(req);
}

/* Pop what the guest made available, up to the in-flight bound. */
static void vcd_queue_pop(VirtIOCryptodevQueue *q)
{
    VirtIOCryptodev *vcd = q->vcd;
    VirtIOCryptodevGroup *g;
    VirtIOCryptodevReq *req;

    /* Stopped: what is popped now would be in flight in a migration. */
    if (!vcd->vm_running) {
        return;
    }
    while (q->inflight < VIRTIO_CRYPTODEV_MAX_INFLIGHT) {
        req = virtqueue_pop(q->vq, sizeof(*req));
        if (!req) {
            return;
        }
        req->q = q;
        q->inflight++;
        vcd->inflight++;
        vcd->inflight_peak = MAX(vcd->inflight_peak, vcd->inflight);
        trace_virtio_cryptodev_request(vcd, q->index, q->inflight);

        g = q->group;
        qemu_mutex_lock(&g->lock);
        QSIMPLEQ_INSERT_TAIL(&q->todo, req, next);
        g->pending++;
        /* Busy workers look again before they sleep: no wake-up. */
        if (g->sleeping) {
            qemu_cond_signal(&g->todo_cond);
        }
        qemu_mutex_unlock(&g->lock);
    }
}

/* Main loop: push what the workers finished, then pop what was waiting. */
static void vcd_done_bh(void *opaque)
{
    VirtIOCryptodev *vcd = opaque;
    VirtIODevice *vdev = VIRTIO_DEVICE(vcd);
    VirtIOCryptodevReqList done = QSIMPLEQ_HEAD_INITIALIZER(done);
    VirtIOCryptodevGroup *g;
    VirtIOCryptodevReq *req;
    unsigned int i;

    for (i = 0; i < vcd->ngroups; i++) {
        g = &vcd->groups[i];
        qemu_mutex_lock(&g->lock);
        QSIMPLEQ_CONCAT(&done, &g->done);
        qemu_mutex_unlock(&g->lock);
    }

    while ((req = QSIMPLEQ_FIRST(&done))) {
        QSIMPLEQ_REMOVE_HEAD(&done, next);
        vcd_req_complete(req);
    }
    for (i = 0; i < vcd->nvqs; i++) {
        if (vcd->vqs[i].notify) {
            vcd->vqs[i].notify = false;
            virtio_notify(vdev, vcd->vqs[i].vq);
        }
        vcd_queue_pop(&vcd->vqs[i]);
    }
}

/* Drop the requests of queue @index (all if negative) on @list. */
static void vcd_drop_list(VirtIOCryptodev *vcd, VirtIOCryptodevReqList *list,
                          int index)
{
    VirtIOCryptodevReqList keep = QSIMPLEQ_HEAD_INITIALIZER(keep);
    VirtIOCryptodevReq *req;

    while ((req = QSIMPLEQ_FIRST(list))) {
        QSIMPLEQ_REMOVE_HEAD(list, next);
        if (index >= 0 && req->q->index != index) {
            QSIMPLEQ_INSERT_TAIL(&keep, req, next);
        } else {
            trace_virtio_cryptodev_drop(vcd, req->q->index);
            vcd_req_drop(req);
        }
    }
    QSIMPLEQ_CONCAT(list, &keep);
}

/* vcd_drain() for queue @q; its group's lock held. */
static void vcd_drain_queue(VirtIOCryptodevQueue *q)
{
    VirtIOCryptodevGroup *g = q->group;
    VirtIOCryptodevReq *req;

    while ((req = QSIMPLEQ_FIRST(&q->todo))) {
        QSIMPLEQ_REMOVE_HEAD(&q->todo, next);
        g->pending--;
        trace_virtio_cryptodev_drop(q->vcd, q->index);
        vcd_req_drop(req);
    }
    while (q->running) {
        qemu_cond_wait(&g->idle_cond, &g->lock);
    }
    vcd_drop_list(q->vcd, &g->done, q->index);
}

/*
 * Take back every element of queue @index (all queues if negative): the
 * ones not started are cancelled, the running ones waited for (a request
 * is bounded by max-data-len, and the workers never need the BQL), and
 * all are dropped unanswered.  Called with the BQL, before the rings are
 * reset, so that nothing is pushed into a ring the guest has reset.
 * Other queues' requests stay where they are and finish normally; a
 * per-queue reset waits for that queue's running requests only (at
 * most one per worker of its group), never for the work queued on
 * other queues.
 */
static void vcd_drain(VirtIOCryptodev *vcd, int index)
{
    VirtIOCryptodevQueue *q;
    unsigned int i;

    for (i = 0; i < vcd->nvqs; i++) {
        q = &vcd->vqs[i];
        if (index >= 0 && i != (unsigned int)index) {
            continue;
        }
        qemu_mutex_lock(&q->group->lock);
        vcd_drain_queue(q);
        qemu_mutex_unlock(&q->group->lock);
    }
}

/* ---- virtqueue handler ------------------------------------------------- */

static void vcd_handle_vq(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOCryptodev *vcd = VIRTIO_CRYPTODEV(vdev);

    vcd_queue_pop(&vcd->vqs[virtio_get_queue_index(vq)]);
}

/* ---- VirtioDeviceClass hooks ------------------------------------------- */

static uint64_t vcd_get_features(VirtIODevice *vdev, uint64_t features,
                                 Error **errp)
{
    return features;            /* no device-specific features */
}

static int vcd_validate_features(VirtIODevice *vdev)
{
    /* The wire protocol is little-endian only: no legacy devices. */
    return virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1) ? 0 : -EINVAL;
}

static void vcd_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOCryptodev *vcd = VIRTIO_CRYPTODEV(vdev);

    memcpy(config, &vcd->config, sizeof(vcd->config));
}

static unsigned int vcd_inflight(VirtIOCryptodev *vcd)
{
    return vcd->inflight;
}

static void vcd_reset(VirtIODevice *vdev)
{
    VirtIOCryptodev *vcd = VIRTIO_CRYPTODEV(vdev);

    trace_virtio_cryptodev_reset(vcd, vcd_inflight(vcd));
    vcd_drain(vcd, -1);
    vcd_core_reset(vcd->core);
}

/*
 * VIRTIO_F_RING_RESET: sessions belong to the device, not to a queue, so
 * only the queue's requests go.  Queue 0 is not special either.
 */
static void vcd_queue_reset(VirtIODevice *vdev, uint32_t queue_index)
{
    VirtIOCryptodev *vcd = VIRTIO_CRYPTODEV(vdev);

    if (queue_index < vcd->nvqs) {
        vcd_drain(vcd, queue_index);
    }
}

/* ---- migration ---------------------------------------------------------- */

/*
 * How long a VM stop waits for the requests already popped.  A request is
 * bounded by max-data-len, so this is only reached with very large
 * requests on a slow host; the migration then fails in pre_save.
 */
#define VCD_STOP_WAIT_MS 10000

/* Popped requests of group @g not finished yet (g->lock held). */
static bool vcd_group_busy(VirtIOCryptodevGroup *g)
{
    return g->running || g->pending;
}

/*
 * The VM stopped (migration, savevm, stop): let the workers finish every
 * request already popped, and push all of them to the used rings, so
 * that no request is in flight in the device state that is saved.
 * Nothing more is popped until the VM runs again (vcd_queue_pop()).
 */
static void vcd_quiesce(VirtIOCryptodev *vcd)
{
    int64_t deadline = qemu_clock_get_ms(QEMU_CLOCK_REALTIME) +
                       VCD_STOP_WAIT_MS;
    VirtIOCryptodevGroup *g;
    bool busy = false;
    int64_t left;
    unsigned int i;

    for (i = 0; i < vcd->ngroups && !busy; i++) {
        g = &vcd->groups[i];
        qemu_mutex_lock(&g->lock);
        while ((busy = vcd_group_busy(g))) {
            left = deadline - qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
            if (left <= 0) {
                break;
            }
            qemu_cond_timedwait(&g->idle_cond, &g->lock, left);
        }
        qemu_mutex_unlock(&g->lock);
    }
    if (busy) {
        error_report("virtio-cryptodev: requests still running %d s after "
                     "the VM stopped: the device cannot be saved until "
                     "they finish", VCD_STOP_WAIT_MS / 1000);
    }
    vcd_done_bh(vcd);
}

static void vcd_vm_state_change(void *opaque, bool running, RunState state)
{
    VirtIOCryptodev *vcd = opaque;

    vcd->vm_running = running;
    if (running) {
        /*
         * Pop what the guest made available while the VM was stopped,
         * or, on a migration's destination, before the source stopped:
         * the guest kicked the source, and will not kick again.
         */
        qemu_bh_schedule(vcd->done_bh);
    } else {
        vcd_quiesce(vcd);
    }
}

static int vcd_pre_save(void *opaque)
{
    VirtIOCryptodev *vcd = opaque;
    size_t len = 0;

    if (vcd->inflight) {
        error_report("virtio-cryptodev: %u requests in flight, the device "
                     "cannot be saved", vcd->inflight);
        return -EBUSY;
    }
    vcd->mig_cipher_algs = le32_to_cpu(vcd->config.cipher_algs);
    vcd->mig_hash_algs = le32_to_cpu(vcd->config.hash_algs);
    vcd->mig_blob = vcd_core_save(vcd->core, &len);
    if (!vcd->mig_blob || len > UINT32_MAX) {
        error_report("virtio-cryptodev: the session table cannot be saved: "
                     "%s", vcd->mig_blob ? "too large" : "out of memory");
        vcd_core_blob_free(vcd->mig_blob, len);
        vcd->mig_blob = NULL;
        return -ENOMEM;
    }
    vcd->mig_len = len;
    return 0;
}

/*
 * The blob holds keys: wiped as soon as it has been written or read.
 * vcd_core_save() malloc'ed it on the source, VMState g_malloc'ed it on
 * the destination.
 */
static void vcd_mig_blob_free(VirtIOCryptodev *vcd, bool loaded)
{
    if (loaded) {
        explicit_bzero(vcd->mig_blob, vcd->mig_len);
        g_free(vcd->mig_blob);
    } else {
        vcd_core_blob_free(vcd->mig_blob, vcd->mig_len);
    }
    vcd->mig_blob = NULL;
    vcd->mig_len = 0;
}

static int vcd_post_save(void *opaque)
{
    vcd_mig_blob_free(opaque, false);
    return 0;
}

static int vcd_post_load(void *opaque, int version_id)
{
    VirtIOCryptodev *vcd = opaque;
    char err[256] = "";
    bool ok;

    /* The guest keeps the config space it read on the source. */
    ok = vcd_core_set_algs(vcd->core, vcd->mig_cipher_algs,
                           vcd->mig_hash_algs, err, sizeof(err));
    if (ok) {
        vcd_core_get_config(vcd->core, &vcd->config);
    }
    /* No subsection (no session ever): no blob. */
    if (ok && vcd->mig_blob) {
        ok = vcd_core_load(vcd->core, vcd->mig_blob, vcd->mig_len, err,
                           sizeof(err));
    }
    if (vcd->mig_blob) {
        vcd_mig_blob_free(vcd, true);
    }
    if (!ok) {
        error_report("virtio-cryptodev: cannot restore the sessions "
                     "(engine %s): %s", vcd_core_engine_name(vcd->core),
                     err);
        return -EINVAL;
    }
    return 0;
}

/* The sessions subsection: only a core that ever had a session. */
static bool vcd_sessions_needed(void *opaque)
{
    VirtIOCryptodev *vcd = opaque;

    return vcd->mig_len > VCD_MIGRATE_EMPTY_LEN;
}

/* Bound the allocation before VMSTATE_VBUFFER_ALLOC_UINT32 makes it. */
static bool vcd_sessions_len_ok(void *opaque, int version_id)
{
    VirtIOCryptodev *vcd = opaque;

    if (vcd->mig_len > vcd_core_save_max(vcd->core)) {
        error_report("virtio-cryptodev: a session table of %u bytes is "
                     "more than max-sessions=%u can hold", vcd->mig_len,
                     vcd->conf.max_sessions);
        return false;
    }
    return true;
}

/* ---- realize / unrealize ----------------------------------------------- */

static bool vcd_check_conf(VirtIOCryptodevConf *conf, Error **errp)
{
    bool devcrypto;

    if (!conf->engine) {
        conf->engine = g_strdup(VCD_DEFAULT_ENGINE);
    }
    devcrypto = !strcmp(conf->engine, "devcrypto");
    if (!devcrypto && strcmp(conf->engine, "openssl")) {
        error_setg(errp, "engine '%s' unknown: use openssl or devcrypto",
                   conf->engine);
        return false;
    }
    if (conf->devcrypto_path && !devcrypto) {
        error_setg(errp, "devcrypto-path needs engine=devcrypto");
        return false;
    }
    if (conf->devcrypto_path && !conf->devcrypto_path[0]) {
        error_setg(errp, "devcrypto-path must not be empty");
        return false;
    }
    if (conf->queues < 1 || conf->queues > VCD_MAX_DATA_QUEUES) {
        error_setg(errp, "queues must be 1..%u", VCD_MAX_DATA_QUEUES);
        return false;
    }
    if (conf->max_sessions < 1 || conf->max_sessions > VCD_MAX_MAX_SESSIONS) {
        error_setg(errp, "max-sessions must be 1..%u", VCD_MAX_MAX_SESSIONS);
        return false;
    }
    if (conf->workers > VIRTIO_CRYPTODEV_MAX_WORKERS) {
        error_setg(errp, "workers must be 0 (automatic) or 1..%u",
                   VIRTIO_CRYPTODEV_MAX_WORKERS);
        return false;
    }
    if (conf->max_data_len < VCD_MIN_MAX_DATA_LEN ||
        conf->max_data_len > VCD_MAX_MAX_DATA_LEN) {
        error_setg(errp, "max-data-len must be %u..%u",
                   VCD_MIN_MAX_DATA_LEN, VCD_MAX_MAX_DATA_LEN);
        return false;
    }
    if (conf->migrate_hash_max > VCD_MAX_MIGRATE_HASH_MAX) {
        error_setg(errp, "migrate-hash-max must be 0..%u",
                   VCD_MAX_MIGRATE_HASH_MAX);
        return false;
    }
    return true;
}

static void vcd_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOCryptodev *vcd = VIRTIO_CRYPTODEV(dev);
    struct vcd_core_conf cc = { 0 };
    char err[256] = "";
    unsigned int i;

    if (!vcd_check_conf(&vcd->conf, errp)) {
        return;
    }

    cc.engine = vcd->conf.engine;
    cc.devcrypto_path = vcd->conf.devcrypto_path;
    cc.num_data_queues = vcd->conf.queues;
    cc.max_sessions = vcd->conf.max_sessions;
    cc.max_data_len = vcd->conf.max_data_len;
    cc.migrate_hash_max = vcd->conf.migrate_hash_max ?
                          vcd->conf.migrate_hash_max : VCD_MIGRATE_HASH_NONE;
    vcd->core = vcd_core_new(&cc, err, sizeof(err));
    if (!vcd->core) {
        error_setg(errp, "virtio-cryptodev: %s", err);
        return;
    }
    vcd_core_get_config(vcd->core, &vcd->config);

    virtio_init(vdev, VIRTIO_ID_CRYPTODEV, sizeof(vcd->config));
    vcd->nvqs = 1 + vcd->conf.queues;
    vcd->vqs = g_new0(VirtIOCryptodevQueue, vcd->nvqs);
    for (i = 0; i < vcd->nvqs; i++) {
        vcd->vqs[i].vcd = vcd;
        vcd->vqs[i].index = i;
        vcd->vqs[i].vq = virtio_add_queue(vdev, VIRTIO_CRYPTODEV_QUEUE_SIZE,
                                          vcd_handle_vq);
    }

    vcd->done_bh = qemu_bh_new_guarded(vcd_done_bh, vcd,
                                       &dev->mem_reentrancy_guard);
    vcd_start_workers(vcd);
    vcd->vm_running = runstate_is_running();
    vcd->vmstate = qemu_add_vm_change_state_handler(vcd_vm_state_change, vcd);
}

static void vcd_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOCryptodev *vcd = VIRTIO_CRYPTODEV(dev);
    unsigned int i;

    qemu_del_vm_change_state_handler(vcd->vmstate);
    vcd_drain(vcd, -1);
    vcd_stop_workers(vcd);
    qemu_bh_delete(vcd->done_bh);
    vcd->done_bh = NULL;

    for (i = 0; i < vcd->nvqs; i++) {
        virtio_delete_queue(vcd->vqs[i].vq);
    }
    g_free(vcd->vqs);
    vcd->vqs = NULL;
    virtio_cleanup(vdev);

    vcd_core_free(vcd->core);
    vcd->core = NULL;
}

/* ---- counters ---------------------------------------------------------- */

static void vcd_get_stat(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    VirtIOCryptodev *vcd = VIRTIO_CRYPTODEV(obj);
    struct vcd_core_stats stats = { 0 };
    uint64_t value;

    if (vcd->core) {
        vcd_core_get_stats(vcd->core, &stats);
    }
    memcpy(&value, (char *)&stats + (uintptr_t)opaque, sizeof(value));
    visit_type_uint64(v, name, &value, errp);
}

static void vcd_get_inflight(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    uint64_t value = vcd_inflight(VIRTIO_CRYPTODEV(obj));

    visit_type_uint64(v, name, &value, errp);
}

/*
 * The most requests the device ever held at once: more than one shows
 * that requests really overlap on the host, which a guest's
 * asynchronous submission is for (tests/guest/async.t).
 */
static void vcd_get_inflight_peak(Object *obj, Visitor *v, const char *name,
                                  void *opaque, Error **errp)
{
    uint64_t value = VIRTIO_CRYPTODEV(obj)->inflight_peak;

    visit_type_uint64(v, name, &value, errp);
}

static const struct {
    const char *name;
    size_t offset;
    const char *description;
} vcd_stats[] = {
    { "sessions-live", offsetof(struct vcd_core_stats, sessions_live),
      "Sessions that exist now" },
    { "sessions-created", offsetof(struct vcd_core_stats, sessions_created),
      "Sessions created since realize" },
    { "requests", offsetof(struct vcd_core_stats, requests),
      "Requests handled, any status" },
    { "bytes", offsetof(struct vcd_core_stats, bytes),
      "Source bytes of successful requests" },
    { "errors", offsetof(struct vcd_core_stats, errors),
      "Requests answered with an error status, and malformed chains" },
};

/* For virtio-cryptodev-pci, which aliases them. */
const char *const virtio_cryptodev_counters[] = {
    "sessions-live", "sessions-created", "requests", "bytes", "errors",
    "requests-in-flight", "requests-in-flight-peak", NULL
};

/* ---- types ------------------------------------------------------------- */

/*
 * Migration (docs/qemu.md, docs/protocol.md section 13): the virtqueues
 * through VMSTATE_VIRTIO_DEVICE; then the device's own section, which
 * checks that the destination has the same queues and limits, and whose
 * subsection carries the core's session table as one versioned blob
 * (vcd_core_save()).  Requests are never in flight in it: the VM stop
 * handler finished them all.
 */
static const VMStateDescription vmstate_vcd_sessions = {
    .name = "virtio-cryptodev-device/sessions",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = vcd_sessions_needed,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(mig_len, VirtIOCryptodev),
        VMSTATE_VALIDATE("session table length", vcd_sessions_len_ok),
        VMSTATE_VBUFFER_ALLOC_UINT32(mig_blob, VirtIOCryptodev, 0, NULL,
                                     mig_len),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_vcd_device = {
    .name = "virtio-cryptodev-device",
    .version_id = VIRTIO_CRYPTODEV_VM_VERSION,
    .minimum_version_id = VIRTIO_CRYPTODEV_VM_VERSION,
    .pre_save = vcd_pre_save,
    .post_save = vcd_post_save,
    .post_load = vcd_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32_EQUAL(conf.queues, VirtIOCryptodev,
                             "virtio-cryptodev: queues differs from the "
                             "source's"),
        VMSTATE_UINT32_EQUAL(conf.max_sessions, VirtIOCryptodev,
                             "virtio-cryptodev: max-sessions differs from "
                             "the source's"),
        VMSTATE_UINT32_EQUAL(conf.max_data_len, VirtIOCryptodev,
                             "virtio-cryptodev: max-data-len differs from "
                             "the source's"),
        VMSTATE_UINT32(mig_cipher_algs, VirtIOCryptodev),
        VMSTATE_UINT32(mig_hash_algs, VirtIOCryptodev),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * []) {
        &vmstate_vcd_sessions,
        NULL
    },
};

static const VMStateDescription vmstate_virtio_cryptodev = {
    .name = "virtio-cryptodev",
    .version_id = VIRTIO_CRYPTODEV_VM_VERSION,
    .minimum_version_id = VIRTIO_CRYPTODEV_VM_VERSION,
    .fields = (VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_END_OF_LIST()
    },
};

static VcdProperty vcd_properties[] = {
    DEFINE_PROP_STRING("engine", VirtIOCryptodev, conf.engine),
    DEFINE_PROP_STRING("devcrypto-path", VirtIOCryptodev, conf.devcrypto_path),
    DEFINE_PROP_UINT32("queues", VirtIOCryptodev, conf.queues,
                       VCD_DEFAULT_DATA_QUEUES),
    DEFINE_PROP_UINT32("max-sessions", VirtIOCryptodev, conf.max_sessions,
                       VCD_DEFAULT_MAX_SESSIONS),
    DEFINE_PROP_UINT32("max-data-len", VirtIOCryptodev, conf.max_data_len,
                       VCD_DEFAULT_MAX_DATA_LEN),
    DEFINE_PROP_UINT32("migrate-hash-max", VirtIOCryptodev,
                       conf.migrate_hash_max, VCD_DEFAULT_MIGRATE_HASH_MAX),
    DEFINE_PROP_UINT32("workers", VirtIOCryptodev, conf.workers, 0),
    VCD_PROP_END_OF_LIST
};

static void vcd_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);
    unsigned int i;

    device_class_set_props(dc, vcd_properties);
    dc->vmsd = &vmstate_virtio_cryptodev;
    vdc->vmsd = &vmstate_vcd_device;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    vdc->realize = vcd_realize;
    vdc->unrealize = vcd_unrealize;
    vdc->get_features = vcd_get_features;
    vdc->validate_features = vcd_validate_features;
    vdc->get_config = vcd_get_config;
    vdc->reset = vcd_reset;
    vdc->queue_reset = vcd_queue_reset;

    object_class_property_set_description(klass, "engine",
            "Crypto engine: openssl (default) or devcrypto");
    object_class_property_set_description(klass, "devcrypto-path",
            "Host cryptodev node for engine=devcrypto (default /dev/crypto)");
    object_class_property_set_description(klass, "queues",
            "Data queues, 1-64");
    object_class_property_set_description(klass, "max-sessions",
            "Live sessions at most, 1-65536");
    object_class_property_set_description(klass, "max-data-len",
            "Source bytes per request at most, 4096-67108864");
    object_class_property_set_description(klass, "migrate-hash-max",
            "Bytes of an unfinished hash kept per session for migration, "
            "0-67108864 (0: none, such hashes migrate stale)");
    object_class_property_set_description(klass, "workers",
            "Data queue worker threads, 1-64 (the control queue has one "
            "more); 0 (default): from the data queues and the host's CPUs");

    for (i = 0; i < ARRAY_SIZE(vcd_stats); i++) {
        object_class_property_add(klass, vcd_stats[i].name, "uint64",
                                  vcd_get_stat, NULL, NULL,
                                  (void *)(uintptr_t)vcd_stats[i].offset);
        object_class_property_set_description(klass, vcd_stats[i].name,
                                              vcd_stats[i].description);
    }
    object_class_property_add(klass, "requests-in-flight", "uint64",
                              vcd_get_inflight, NULL, NULL, NULL);
    object_class_property_set_description(klass, "requests-in-flight",
            "Requests taken from the rings and not yet returned");
    object_class_property_add(klass, "requests-in-flight-peak", "uint64",
                              vcd_get_inflight_peak, NULL, NULL, NULL);
    object_class_property_set_description(klass, "requests-in-flight-peak",
            "The most requests ever in flight at once");
}

static const TypeInfo vcd_info = {
    .name = TYPE_VIRTIO_CRYPTODEV,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOCryptodev),
    .class_init = vcd_class_init,
};

static void vcd_register_types(void)
{
    type_register_static(&vcd_info);
}

type_init(vcd_register_types)
