/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A random-chain fuzz of virtio-cryptodev-pci's virtqueues, through qtest:
 * the QEMU glue (virtqueue_pop, the workers, the pushes, the resets) and
 * the device core behind it get descriptor chains that no driver writes.
 * Built into vcd-qtest next to virtio-cryptodev-test.c; run on its own by
 * tests/qtest/fuzz.t.
 *
 * Each batch puts 1-8 chains on random queues, kicks, and waits.  A chain
 * is direct or indirect (up to 16 descriptors, or near 1024 and above),
 * with a plausible request or random bytes, split at random points, and
 * its descriptors point into RAM, at other descriptors of the same chain
 * (readable and writable parts aliased), at MMIO (the device's own BAR,
 * the HPET), at unbacked guest-physical space, above 4 GiB, or at the
 * rings.  Sometimes a chain is broken on purpose: zero lengths, readable
 * after writable, loops, bad indirect tables.  Sometimes the device or a
 * queue is reset while requests are in flight.
 *
 * What must hold: QEMU never dies; every chain is either answered (any
 * status; a used length no larger than its writable part; never twice),
 * or the device sets NEEDS_RESET (virtio_error) and the test resets it
 * and goes on.  At the end, the device still answers a valid request.
 *
 * VCD_FUZZ_SEED picks the seed (default FZ_DEFAULT_SEED, printed first),
 * VCD_FUZZ_BATCHES the number of batches, VCD_FUZZ_VERBOSE=1 prints each
 * chain.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "../../device/qemu/compat.h"     /* QDict */
#include "libqtest.h"
#include "libqos/qgraph.h"
#include "libqos/virtio.h"
#include "libqos/virtio-pci.h"
#include "standard-headers/linux/virtio_config.h"
#include "standard-headers/linux/virtio_pci.h"
#include "standard-headers/linux/virtio_ring.h"

#include "../../include/virtio_cryptodev.h"

#define FZ_DEFAULT_SEED     20261130u
#define FZ_DEFAULT_BATCHES  120
#define FZ_MAX_QUEUES       (1 + 3)     /* the device gets queues=3 */
#define FZ_MAX_CHAINS       8
#define FZ_MAX_DIRECT       16
#define FZ_MAX_INDIRECT     2048
#define FZ_TIMEOUT_US       (60 * 1000 * 1000)
/* The device gets max-data-len=65536: what it writes past a descriptor's
 * start stays below this, so FZ_GUARD past the window holds it. */
#define FZ_WINDOW           (1u << 20)
#define FZ_GUARD            (256u << 10)
#define FZ_TABLES           (FZ_MAX_CHAINS * FZ_MAX_INDIRECT * 16)
#define FZ_SCRATCH          4096
/* qtest's pc has 128 MiB of RAM: this is PCI hole with nothing in it. */
#define FZ_UNBACKED         0x20000000ull
#define FZ_HPET             0xfed00000ull
#define FZ_STREAM_MAX       4096        /* readable bytes written at most */

typedef struct Desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} Desc;

typedef struct Chain {
    unsigned int q;
    uint16_t head;
    uint64_t writable;
    unsigned int ndesc;
    bool elsewhere;     /* a descriptor outside RAM */
    bool done;
} Chain;

typedef struct Batch {
    Chain c[FZ_MAX_CHAINS];
    unsigned int n;
    unsigned int ndesc[FZ_MAX_QUEUES];  /* ring descriptors handed out */
    bool unchecked;     /* a chain may write into the rings */
} Batch;

enum { S_CBC, S_GCM, S_HMAC, S_CBC_HMAC, S_COUNT };

typedef struct Fz {
    QTestState *qts;
    QVirtioPCIDevice *pci;
    QVirtioDevice *dev;
    QGuestAllocator *alloc;
    QVirtQueue *vqs[FZ_MAX_QUEUES];
    uint16_t avail[FZ_MAX_QUEUES];      /* our avail idx */
    uint16_t used[FZ_MAX_QUEUES];       /* used entries seen */
    unsigned int nvqs;
    uint64_t window, tables, scratch;
    uint64_t sessions[S_COUNT];
    GRand *rand;
    bool verbose;
    /* what happened */
    unsigned int chains, answered, broken, resets, reset_in_flight,
                 queue_resets, unchecked, long_answered, elsewhere_answered;
} Fz;

/* ---- randomness --------------------------------------------------------- */

static uint32_t rnd(Fz *f, uint32_t n)
{
    return n ? g_rand_int(f->rand) % n : 0;
}

static bool chance(Fz *f, unsigned int percent)
{
    return rnd(f, 100) < percent;
}

static uint64_t rnd64(Fz *f)
{
    return (uint64_t)g_rand_int(f->rand) << 32 | g_rand_int(f->rand);
}

/* ---- the device --------------------------------------------------------- */

static void fz_start(Fz *f)
{
    uint64_t features = qvirtio_get_features(f->dev);
    unsigned int i;

    g_assert(features & (1ull << VIRTIO_F_VERSION_1));
    g_assert(features & (1ull << VIRTIO_RING_F_INDIRECT_DESC));
    features &= ~(1ull << VIRTIO_RING_F_EVENT_IDX);
    qvirtio_set_features(f->dev, features);
    f->nvqs = 1 + MIN(qvirtio_config_readl(f->dev, 0), FZ_MAX_QUEUES - 1);
    for (i = 0; i < f->nvqs; i++) {
        f->vqs[i] = qvirtqueue_setup(f->dev, f->alloc, i);
        f->avail[i] = f->used[i] = 0;
    }
    qvirtio_set_driver_ok(f->dev);
}

static void fz_stop(Fz *f)
{
    unsigned int i;

    for (i = 0; i < f->nvqs; i++) {
        qvirtqueue_cleanup(f->dev->bus, f->vqs[i], f->alloc);
        f->vqs[i] = NULL;
    }
}

static bool fz_needs_reset(Fz *f)
{
    return f->dev->bus->get_status(f->dev) & VIRTIO_CONFIG_S_NEEDS_RESET;
}

/* Write @n descriptors at @table, as the little-endian guest does. */
static void fz_write_descs(Fz *f, uint64_t table, const Desc *d,
                           unsigned int n)
{
    g_autofree uint8_t *buf = g_malloc(n * 16);
    unsigned int i;

    for (i = 0; i < n; i++) {
        stq_le_p(buf + 16 * i, d[i].addr);
        stl_le_p(buf + 16 * i + 8, d[i].len);
        stw_le_p(buf + 16 * i + 12, d[i].flags);
        stw_le_p(buf + 16 * i + 14, d[i].next);
    }
    qtest_memwrite(f->qts, table, buf, n * 16);
}

static void fz_publish(Fz *f, unsigned int q, uint16_t head)
{
    QVirtQueue *vq = f->vqs[q];

    qtest_writew(f->qts, vq->avail + 4 + 2 * (f->avail[q] % vq->size), head);
    f->avail[q]++;
    qtest_writew(f->qts, vq->avail + 2, f->avail[q]);
}

static void fz_kick(Fz *f, unsigned int q)
{
    f->dev->bus->virtqueue_kick(f->dev, f->vqs[q]);
}

/*
 * Consume the used entries of every queue until each chain of @b is
 * answered (true), or the device needs a reset (false).  A batch that may
 * have written into the rings is not checked and may stall: false then.
 */
static bool fz_wait(Fz *f, Batch *b)
{
    gint64 deadline = g_get_monotonic_time() +
                      (b->unchecked ? FZ_TIMEOUT_US / 10 : FZ_TIMEOUT_US);
    unsigned int q, i, left;
    uint32_t id, len;
    uint16_t idx;
    Chain *c;

    for (;;) {
        if (fz_needs_reset(f)) {
            return false;
        }
        for (q = 0; q < f->nvqs; q++) {
            QVirtQueue *vq = f->vqs[q];

            idx = qtest_readw(f->qts, vq->used + 2);
            if (!b->unchecked) {
                g_assert_cmpuint((uint16_t)(idx - f->used[q]), <=,
                                 (uint16_t)(f->avail[q] - f->used[q]));
            }
            for (; f->used[q] != idx; f->used[q]++) {
                uint64_t e = vq->used + 4 + 8 * (f->used[q] % vq->size);

                id = qtest_readl(f->qts, e);
                len = qtest_readl(f->qts, e + 4);
                f->answered++;
                for (i = 0, c = NULL; i < b->n; i++) {
                    if (b->c[i].q == q && b->c[i].head == id &&
                        !b->c[i].done) {
                        c = &b->c[i];
                        break;
                    }
                }
                if (b->unchecked) {
                    if (c) {
                        c->done = true;
                    }
                    continue;
                }
                if (!c) {
                    g_test_message("queue %u: used id %u: no such chain "
                                   "in flight", q, id);
                }
                g_assert_nonnull(c);
                g_assert_cmpuint(len, <=, c->writable);
                c->done = true;
                f->long_answered += c->ndesc >= 1000;
                f->elsewhere_answered += c->elsewhere;
            }
        }
        for (i = 0, left = 0; i < b->n; i++) {
            left += !b->c[i].done;
        }
        if (!left) {
            return true;
        }
        if (g_get_monotonic_time() > deadline) {
            if (b->unchecked) {
                return false;
            }
            g_test_message("%u chains not answered, no NEEDS_RESET", left);
            g_assert_not_reached();
        }
        qtest_clock_step(f->qts, 100);
    }
}

static uint64_t fz_counter(Fz *f, const char *name)
{
    QDict *rsp;
    uint64_t value;

    rsp = qtest_qmp(f->qts, "{'execute': 'qom-get', 'arguments':"
                    " {'path': '/machine/peripheral/vcd0', 'property': %s}}",
                    name);
    g_assert(qdict_haskey(rsp, "return"));
    value = qdict_get_int(rsp, "return");
    qobject_unref(rsp);
    return value;
}

/* ---- a valid request, for set-up and the final check ------------------ */

/*
 * One chain at descriptors 0.. of queue @q, from the scratch area:
 * @in readable bytes, then @out_len writable ones; the answer goes to
 * @out.  Returns the used length; the device must not need a reset.
 */
static uint32_t fz_sync(Fz *f, unsigned int q, const void *in, uint32_t in_len,
                        void *out, uint32_t out_len)
{
    Desc d[2] = {
        { f->scratch, in_len, VRING_DESC_F_NEXT, 1 },
        { f->scratch + 2048, out_len, VRING_DESC_F_WRITE, 0 },
    };
    Batch b = { .n = 1, .c[0] = { .q = q, .head = 0, .writable = out_len } };
    uint64_t e;

    g_assert_cmpuint(in_len, <=, 2048);
    g_assert_cmpuint(out_len, <=, 2048);
    qtest_memwrite(f->qts, f->scratch, in, in_len);
    fz_write_descs(f, f->vqs[q]->desc, d, 2);
    fz_publish(f, q, 0);
    fz_kick(f, q);
    g_assert(fz_wait(f, &b));
    qtest_memread(f->qts, f->scratch + 2048, out, out_len);
    e = f->vqs[q]->used + 4 + 8 * ((uint16_t)(f->used[q] - 1) %
                                   f->vqs[q]->size);
    return qtest_readl(f->qts, e + 4);
}

static uint64_t fz_create(Fz *f, uint32_t cipher, uint32_t key_len,
                          uint32_t hash, uint32_t mac_key_len)
{
    struct {
        struct virtio_cryptodev_ctrl_req req;
        uint8_t keys[64 + 64];
    } QEMU_PACKED in = {
        .req = {
            .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CREATE_SESSION),
            .cipher_alg = cpu_to_le32(cipher),
            .hash_alg = cpu_to_le32(hash),
            .flags = cpu_to_le32(mac_key_len ?
                                 VIRTIO_CRYPTODEV_SESSION_HMAC : 0),
            .key_len = cpu_to_le32(key_len),
            .mac_key_len = cpu_to_le32(mac_key_len),
        },
    };
    struct virtio_cryptodev_ctrl_resp resp;

    memset(in.keys, 0x42, sizeof(in.keys));
    g_assert_cmpuint(fz_sync(f, VIRTIO_CRYPTODEV_CTRLQ, &in,
                             sizeof(in.req) + key_len + mac_key_len,
                             &resp, sizeof(resp)), ==, sizeof(resp));
    g_assert_cmpuint(le32_to_cpu(resp.status), ==, VIRTIO_CRYPTODEV_S_OK);
    return le64_to_cpu(resp.session_id);
}

static void fz_sessions(Fz *f)
{
    f->sessions[S_CBC] = fz_create(f, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, 16,
                                   VIRTIO_CRYPTODEV_HASH_NONE, 0);
    f->sessions[S_GCM] = fz_create(f, VIRTIO_CRYPTODEV_CIPHER_AES_GCM, 16,
                                   VIRTIO_CRYPTODEV_HASH_NONE, 0);
    f->sessions[S_HMAC] = fz_create(f, VIRTIO_CRYPTODEV_CIPHER_NONE, 0,
                                    VIRTIO_CRYPTODEV_HASH_SHA256, 32);
    f->sessions[S_CBC_HMAC] = fz_create(f, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                        32, VIRTIO_CRYPTODEV_HASH_SHA1, 20);
}

/* Device reset and the driver's bring-up again, then new sessions. */
static void fz_reset(Fz *f)
{
    fz_stop(f);
    qvirtio_start_device(f->dev);       /* reset, ACKNOWLEDGE, DRIVER */
    fz_start(f);
    fz_sessions(f);
    f->resets++;
}

/* VIRTIO_F_RING_RESET of queue @q, then the queue is set up again. */
static void fz_queue_reset(Fz *f, unsigned int q)
{
    QVirtioPCIDevice *pci = f->pci;

    qpci_io_writew(pci->pdev, pci->bar,
                   pci->common_cfg_offset + VIRTIO_PCI_COMMON_Q_SELECT, q);
    qpci_io_writew(pci->pdev, pci->bar,
                   pci->common_cfg_offset + VIRTIO_PCI_COMMON_Q_RESET, 1);
    qvirtqueue_cleanup(f->dev->bus, f->vqs[q], f->alloc);
    f->vqs[q] = qvirtqueue_setup(f->dev, f->alloc, q);
    f->avail[q] = f->used[q] = 0;
    f->queue_resets++;
}

/* ---- random chains ------------------------------------------------------ */

/* The readable stream and the writable size of one request. */
typedef struct Req {
    uint8_t head[64];
    uint32_t head_len;
    uint64_t rlen, wlen;
    const char *what;
} Req;

static uint32_t fz_pick_len(Fz *f, uint32_t limit)
{
    switch (rnd(f, 8)) {
    case 0:
        return 0;
    case 1:
    case 2:
        return 16 * rnd(f, 5);
    case 3:
        return rnd(f, 64);
    case 4:
        return 16 * rnd(f, 257);
    case 5:
        return rnd(f, limit + 64);
    default:
        return 16 + 16 * rnd(f, 8);
    }
}

/* A request that is plausible for queue @q, or random bytes. */
static void fz_request(Fz *f, unsigned int q, unsigned int ndesc, Req *r)
{
    memset(r, 0, sizeof(*r));
    if (chance(f, 10)) {
        unsigned int i;

        r->what = "random";
        r->head_len = rnd(f, sizeof(r->head) + 1);
        for (i = 0; i < r->head_len; i++) {
            r->head[i] = rnd(f, 256);
        }
        r->rlen = r->head_len + (chance(f, 50) ? rnd(f, 200) : 0);
        r->wlen = rnd(f, 300);
    } else if (q == VIRTIO_CRYPTODEV_CTRLQ) {
        struct virtio_cryptodev_ctrl_req req = { 0 };
        uint32_t key = chance(f, 70) ? 16 * (1 + rnd(f, 4)) : rnd(f, 100);
        uint32_t mac = chance(f, 50) ? 0 : rnd(f, 129);

        r->what = "control";
        req.opcode = cpu_to_le32(chance(f, 60) ?
                                 VIRTIO_CRYPTODEV_OP_CREATE_SESSION :
                                 chance(f, 90) ?
                                 VIRTIO_CRYPTODEV_OP_DESTROY_SESSION :
                                 rnd(f, 0x20));
        req.cipher_alg = cpu_to_le32(rnd(f, VIRTIO_CRYPTODEV_CIPHER_MAX + 2));
        req.hash_alg = cpu_to_le32(rnd(f, VIRTIO_CRYPTODEV_HASH_MAX + 2));
        req.flags = cpu_to_le32(mac ? VIRTIO_CRYPTODEV_SESSION_HMAC :
                                rnd(f, 4));
        req.key_len = cpu_to_le32(key);
        req.mac_key_len = cpu_to_le32(mac);
        /* Destroying ours would only turn the next requests into
         * INVSESS: mostly unknown ids. */
        req.session_id = cpu_to_le64(chance(f, 20) ?
                                     f->sessions[rnd(f, S_COUNT)] :
                                     rnd64(f));
        memcpy(r->head, &req, sizeof(req));
        r->head_len = sizeof(req);
        r->rlen = sizeof(req) + key + mac;
        r->wlen = sizeof(struct virtio_cryptodev_ctrl_resp);
    } else {
        struct virtio_cryptodev_op_req req = { 0 };
        unsigned int s = rnd(f, S_COUNT);
        uint32_t flags = rnd(f, 16);
        uint32_t src, dst, iv, aad = 0, tag = 0, tag_in = 0, iv_out = 0;
        bool aead = s == S_GCM ? chance(f, 90) : chance(f, 5);

        r->what = aead ? "aead" : "crypt";
        src = fz_pick_len(f, 65536);
        /* Enough bytes for one per descriptor, in a long chain. */
        if (src + src + 64 < ndesc) {
            src = ROUND_UP(ndesc / 2 + 16, 16);
        }
        dst = s == S_HMAC ? 0 : src;
        iv = s == S_GCM ? 12 : s == S_HMAC ? 0 : 16;
        if (chance(f, 10)) {
            iv = rnd(f, 20);
        }
        if (aead) {
            aad = chance(f, 50) ? rnd(f, 64) : 0;
            tag = chance(f, 80) ? 16 : rnd(f, 20);
            if (flags & VIRTIO_CRYPTODEV_F_DECRYPT) {
                tag_in = tag;
            }
        } else if (s == S_HMAC || s == S_CBC_HMAC) {
            tag = chance(f, 80) ? (s == S_HMAC ? 32 : 20) : rnd(f, 70);
            if (chance(f, 70)) {
                flags |= VIRTIO_CRYPTODEV_F_HASH_FINAL;
            }
        }
        if (flags & VIRTIO_CRYPTODEV_F_WRITE_IV) {
            iv_out = 16;
        }
        if (chance(f, 5)) {
            flags = g_rand_int(f->rand);
        }
        req.opcode = cpu_to_le32(aead ? VIRTIO_CRYPTODEV_OP_AEAD :
                                 chance(f, 97) ? VIRTIO_CRYPTODEV_OP_CRYPT :
                                 rnd(f, 0x20));
        req.flags = cpu_to_le32(flags);
        req.session_id = cpu_to_le64(chance(f, 92) ? f->sessions[s] :
                                     rnd64(f));
        req.src_len = cpu_to_le32(src);
        req.dst_len = cpu_to_le32(dst);
        req.iv_len = cpu_to_le32(iv);
        req.aad_len = cpu_to_le32(aad);
        req.tag_len = cpu_to_le32(tag);
        memcpy(r->head, &req, sizeof(req));
        r->head_len = sizeof(req);
        r->rlen = sizeof(req) + iv + aad + src + tag_in;
        r->wlen = dst + iv_out +
            (tag_in ? 0 : (aead || (flags & VIRTIO_CRYPTODEV_F_HASH_FINAL)) ?
             tag : 0) + sizeof(struct virtio_cryptodev_op_resp);
    }
    /* Off by a little, now and then. */
    if (chance(f, 8)) {
        r->rlen += rnd(f, 33) - 16;
    }
    if (chance(f, 8)) {
        r->wlen += rnd(f, 33) - 16;
    }
    r->rlen = MAX(MIN(r->rlen, 1u << 24), 1);
    r->wlen = MAX(MIN(r->wlen, 1u << 24), 1);
}

/* Split @total bytes into @n parts of at least one byte each. */
static void fz_split(Fz *f, uint64_t total, Desc *d, unsigned int n)
{
    uint64_t left = total - n;
    unsigned int i;

    g_assert_cmpuint(total, >=, n);
    for (i = 0; i < n; i++) {
        uint64_t add = i == n - 1 ? left : chance(f, 40) ? rnd(f, left + 1) :
                       rnd(f, left / (n - i) + 1);

        d[i].len = 1 + add;
        left -= add;
    }
}

/* A guest-physical address that is not in the window's RAM. */
static uint64_t fz_elsewhere(Fz *f, uint32_t *len, bool *ring)
{
    QVirtQueue *vq;
    uint64_t a;

    switch (rnd(f, 5)) {
    case 0:
        if (!f->pci->bar.is_io) {
            return f->pci->bar.addr + rnd(f, 0x4000);
        }
        /* fall through */
    case 1:
        return FZ_HPET + rnd(f, 0x400);
    case 2:
        return FZ_UNBACKED + rnd(f, 1u << 20);
    case 3:
        /* Descriptor table or avail ring, never the used ring. */
        vq = f->vqs[rnd(f, f->nvqs)];
        a = vq->desc + rnd(f, vq->used - vq->desc);
        *len = MIN(*len, vq->used - a);
        *ring = true;
        return a;
    default:
        return (1ull << 32) + (rnd64(f) >> rnd(f, 32));
    }
}

/*
 * Lay one request out as @n descriptors into @d: lengths, addresses,
 * flags; write what is readable into RAM.  @ring is set when a
 * descriptor points at the rings, @elsewhere when one is not in RAM;
 * @writable is the writable bytes.
 */
static void fz_layout(Fz *f, const Req *r, Desc *d, unsigned int n,
                      bool *ring, bool *elsewhere, uint64_t *writable)
{
    unsigned int nr, nw, i, j, hostile = chance(f, 25) ? 15 : 0;
    uint64_t base[2];
    bool contiguous = chance(f, 60), in_place = chance(f, 25);
    g_autofree uint8_t *stream = NULL;
    uint64_t slen, off;

    /* Readable, then writable descriptors; one byte each at least. */
    nr = MIN(MAX(1, n * r->rlen / (r->rlen + r->wlen)), r->rlen);
    nr = MIN(nr, n - 1);
    nw = n - nr;
    if (nw > r->wlen) {
        nw = r->wlen;
        nr = n - nw;
    }
    g_assert_cmpuint(nr, >=, 1);
    g_assert_cmpuint(nr, <=, r->rlen);
    fz_split(f, r->rlen, d, nr);
    fz_split(f, r->wlen, d + nr, nw);

    /* Where: one run each, or anywhere; the writable run maybe on top of
     * the readable one (in place). */
    for (j = 0; j < 2; j++) {
        uint64_t len = j ? r->wlen : r->rlen;

        base[j] = f->window + rnd(f, FZ_WINDOW - MIN(len, FZ_WINDOW) + 1);
    }
    if (in_place) {
        base[1] = base[0] + rnd(f, 64);
    }
    for (i = 0, off = 0; i < n; i++) {
        bool w = i >= nr;
        uint32_t pct = rnd(f, 100);

        if (i == nr) {
            off = 0;
        }
        if (pct < hostile) {
            /* A hostile chain: anywhere but RAM, now and then. */
            d[i].addr = fz_elsewhere(f, &d[i].len, ring);
            *elsewhere = true;
        } else if (contiguous && pct < 85) {
            d[i].addr = base[w] + off;
        } else if (pct < 80 || !i) {
            d[i].addr = f->window + rnd(f, FZ_WINDOW - MIN(d[i].len,
                                                           FZ_WINDOW) + 1);
        } else {
            /* On top of an earlier descriptor of this chain, in RAM. */
            j = rnd(f, i);
            d[i].addr = d[j].addr + rnd(f, d[j].len);
            if (d[j].addr < f->window ||
                d[j].addr >= f->window + FZ_WINDOW) {
                d[i].addr = f->window + rnd(f, FZ_WINDOW);
            }
        }
        off += d[i].len;
        d[i].flags = (w ? VRING_DESC_F_WRITE : 0) |
                     (i < n - 1 ? VRING_DESC_F_NEXT : 0);
        d[i].next = i + 1;
    }

    /* Broken on purpose, now and then. */
    if (chance(f, 4)) {
        d[rnd(f, n)].len = 0;
    }
    if (chance(f, 4)) {
        d[rnd(f, n)].flags ^= VRING_DESC_F_WRITE;
    }
    if (chance(f, 3)) {
        d[n - 1].flags |= VRING_DESC_F_NEXT;      /* a loop, or out */
        d[n - 1].next = chance(f, 70) ? rnd(f, n) : n + rnd(f, 1000);
    }
    if (chance(f, 2)) {
        /* Not on a direct chain's head: its data would be a table. */
        d[1 + rnd(f, n - 1)].flags |= VRING_DESC_F_INDIRECT;
    }

    /* The readable stream, into the RAM it lands on (the start only). */
    slen = MIN(r->rlen, FZ_STREAM_MAX);
    stream = g_malloc(slen);
    memcpy(stream, r->head, MIN(r->head_len, slen));
    for (i = r->head_len; i < slen; i++) {
        stream[i] = rnd(f, 256);
    }
    for (i = 0, off = 0; i < nr && off < slen && i < 64; i++) {
        uint64_t k = MIN(d[i].len, slen - off);

        if (d[i].addr >= f->window &&
            d[i].addr + k <= f->window + FZ_WINDOW && k) {
            qtest_memwrite(f->qts, d[i].addr, stream + off, k);
        }
        off += d[i].len;
    }
    *writable = 0;
    for (i = 0; i < n; i++) {
        if (d[i].flags & VRING_DESC_F_WRITE) {
            *writable += d[i].len;
        }
    }
}

static unsigned int fz_indirect_count(Fz *f)
{
    static const unsigned int near[] = {
        1000, 1023, 1024, 1024, 1024, 1025, 1026, 1100, 2048,
    };

    if (chance(f, 45)) {
        return near[rnd(f, ARRAY_SIZE(near))];
    }
    return 2 + rnd(f, FZ_MAX_DIRECT - 1);
}

/* One random chain on a random queue, published (not kicked). */
static void fz_chain(Fz *f, Batch *b)
{
    unsigned int q = chance(f, 15) ? VIRTIO_CRYPTODEV_CTRLQ :
                     1 + rnd(f, f->nvqs - 1);
    QVirtQueue *vq = f->vqs[q];
    bool indirect = chance(f, 40), ring = false, elsewhere = false;
    unsigned int n, i, room = vq->size - b->ndesc[q];
    g_autofree Desc *d = NULL;
    uint64_t writable;
    Chain *c;
    Req r;

    if (room < (indirect ? 1 : 2)) {
        return;
    }
    n = indirect ? fz_indirect_count(f) : 2 + rnd(f, FZ_MAX_DIRECT - 1);
    if (!indirect) {
        n = MIN(n, room);
    }
    fz_request(f, q, n, &r);
    n = MIN(n, r.rlen + r.wlen);
    d = g_new0(Desc, n);
    fz_layout(f, &r, d, n, &ring, &elsewhere, &writable);

    c = &b->c[b->n++];
    c->q = q;
    c->head = b->ndesc[q];
    c->writable = writable;
    c->ndesc = n;
    b->unchecked |= ring;
    f->chains++;

    if (indirect) {
        uint64_t table = f->tables + (b->n - 1) * FZ_MAX_INDIRECT * 16;
        Desc top = {
            .addr = table, .len = n * 16, .flags = VRING_DESC_F_INDIRECT,
        };

        if (chance(f, 3)) {
            top.len += 1 + rnd(f, 15);
        } else if (chance(f, 2)) {
            top.len = 0;
        } else if (chance(f, 3)) {
            top.flags |= VRING_DESC_F_NEXT;
            top.next = rnd(f, vq->size);
        } else if (chance(f, 3)) {
            top.addr = fz_elsewhere(f, &top.len, &ring);
            b->unchecked |= ring;
            elsewhere = true;
        }
        if (top.addr == table) {
            fz_write_descs(f, table, d, n);
        }
        fz_write_descs(f, vq->desc + 16 * c->head, &top, 1);
        b->ndesc[q]++;
    } else {
        /* At c->head.., in order or shuffled. */
        g_autofree uint16_t *slot = g_new(uint16_t, n);

        for (i = 0; i < n; i++) {
            slot[i] = c->head + i;
        }
        if (chance(f, 30)) {
            for (i = n - 1; i > 1; i--) {
                unsigned int j = 1 + rnd(f, i);
                uint16_t t = slot[i];

                slot[i] = slot[j];
                slot[j] = t;
            }
        }
        for (i = 0; i < n; i++) {
            uint16_t next = d[i].next;

            d[i].next = next < n ? slot[next] : c->head + next;
            fz_write_descs(f, vq->desc + 16 * slot[i], &d[i], 1);
        }
        b->ndesc[q] += n;
    }
    if (f->verbose) {
        g_test_message("  queue %u head %u: %s, %s, %u descriptors, "
                       "%" PRIu64 " readable, %" PRIu64 " writable%s",
                       q, c->head, r.what, indirect ? "indirect" : "direct",
                       n, r.rlen, writable, ring ? ", into the rings" : "");
    }
    c->elsewhere = elsewhere;
    fz_publish(f, q, c->head);
}

static void fz_batch(Fz *f, unsigned int nr)
{
    Batch b = { 0 };
    bool kicked[FZ_MAX_QUEUES] = { false };
    unsigned int n = 1 + rnd(f, FZ_MAX_CHAINS), i, q;

    if (f->verbose) {
        g_test_message("batch %u", nr);
    }
    for (i = 0; i < n; i++) {
        fz_chain(f, &b);
    }
    for (i = 0; i < b.n; i++) {
        q = b.c[i].q;
        if (!kicked[q]) {
            kicked[q] = true;
            fz_kick(f, q);
        }
    }

    if (chance(f, 4)) {
        /* Device reset with requests in flight. */
        f->reset_in_flight++;
        fz_reset(f);
        return;
    }
    if (chance(f, 4) && f->nvqs > 1) {
        /* Data queue reset with requests in flight: its chains go. */
        q = 1 + rnd(f, f->nvqs - 1);
        fz_queue_reset(f, q);
        for (i = 0; i < b.n; i++) {
            b.c[i].done |= b.c[i].q == q;
        }
    }
    if (!fz_wait(f, &b)) {
        f->broken++;
        fz_reset(f);
    } else if (b.unchecked) {
        /* The rings may hold anything now: start over. */
        f->unchecked++;
        fz_reset(f);
    }
}

/* ---- the test ------------------------------------------------------------ */

static void test_fuzz(void *obj, void *data, QGuestAllocator *alloc)
{
    Fz f = {
        .pci = obj,     /* QVirtioCryptodevPCI: the QVirtioPCIDevice first */
        .alloc = alloc,
    };
    const char *env;
    uint32_t seed = FZ_DEFAULT_SEED;
    unsigned int batches = FZ_DEFAULT_BATCHES, i;
    uint8_t out[16 + 8] = { 0 };
    struct {
        struct virtio_cryptodev_op_req req;
        uint8_t iv_src[16 + 16];
    } QEMU_PACKED in = { 0 };

    f.qts = f.pci->pdev->bus->qts;
    f.dev = &f.pci->vdev;
    env = g_getenv("VCD_FUZZ_SEED");
    if (env && *env) {
        seed = strtoul(env, NULL, 0);
    }
    env = g_getenv("VCD_FUZZ_BATCHES");
    if (env && *env) {
        batches = strtoul(env, NULL, 0);
    }
    f.verbose = g_strcmp0(g_getenv("VCD_FUZZ_VERBOSE"), "1") == 0;
    g_test_message("seed %u (VCD_FUZZ_SEED=%u repeats this run), "
                   "%u batches", seed, seed, batches);
    f.rand = g_rand_new_with_seed(seed);

    /* Before the rings, so that they never follow the window. */
    f.window = guest_alloc(alloc, FZ_WINDOW + FZ_GUARD);
    f.tables = guest_alloc(alloc, FZ_TABLES);
    f.scratch = guest_alloc(alloc, FZ_SCRATCH);
    qtest_memset(f.qts, f.window, 0x5a, FZ_WINDOW + FZ_GUARD);
    fz_start(&f);
    fz_sessions(&f);

    for (i = 0; i < batches; i++) {
        fz_batch(&f, i);
    }

    /* Still working: one CBC encryption, answered OK. */
    fz_reset(&f);
    in.req.opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CRYPT);
    in.req.session_id = cpu_to_le64(f.sessions[S_CBC]);
    in.req.src_len = in.req.dst_len = cpu_to_le32(16);
    in.req.iv_len = cpu_to_le32(16);
    g_assert_cmpuint(fz_sync(&f, VIRTIO_CRYPTODEV_DATAQ(0), &in, sizeof(in),
                             out, sizeof(out)), ==, sizeof(out));
    g_assert_cmpuint(ldl_le_p(out + 16), ==, VIRTIO_CRYPTODEV_S_OK);

    g_test_message("seed %u: %u chains, %u answered, %u times NEEDS_RESET, "
                   "%u resets in flight, %u queue resets, %u batches into "
                   "the rings, %u resets in all", seed, f.chains, f.answered,
                   f.broken, f.reset_in_flight, f.queue_resets, f.unchecked,
                   f.resets);
    g_test_message("answered: %u chains of 1000 descriptors or more, %u "
                   "with a descriptor outside RAM; device counters: %" PRIu64
                   " requests, %" PRIu64 " errors", f.long_answered,
                   f.elsewhere_answered, fz_counter(&f, "requests"),
                   fz_counter(&f, "errors"));
    fz_stop(&f);
    guest_free(alloc, f.scratch);
    guest_free(alloc, f.tables);
    guest_free(alloc, f.window);
    g_rand_free(f.rand);
}

/* Its own QEMU: options that no other test of the node uses. */
static QOSGraphTestOptions fz_opts = {
    .edge.extra_device_opts = "queues=3,max-data-len=65536",
};

static void fz_register(void)
{
    /* The node virtio-cryptodev-pci comes from virtio-cryptodev-test.c. */
    qos_add_test("fuzz", "virtio-cryptodev-pci", test_fuzz, &fz_opts);
}

libqos_init(fz_register);
