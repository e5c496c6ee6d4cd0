/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qtests of virtio-cryptodev-pci: the real device in our QEMU, driven
 * through its virtqueues by libqos, without a guest.  Built into QEMU's
 * tree as vcd-qtest (device/qemu/qemu-7.2.patch); run by tests/qtest/run-qtest.
 *
 * The known answers are the shared tables of tests/vectors.
 *
 * Every request goes through vcd_submit(): write the chain into guest
 * memory, add the descriptors, kick, wait for the used element, read the
 * device-writable part back.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/module.h"
#include "../../device/qemu/compat.h"     /* QDict */
#include "libqtest.h"
#include "libqos/libqos-pc.h"
#include "libqos/qgraph.h"
#include "libqos/virtio.h"
#include "libqos/virtio-pci.h"
#include "standard-headers/linux/virtio_config.h"
#include "standard-headers/linux/virtio_pci.h"
#include "standard-headers/linux/virtio_ring.h"

#include "../../include/virtio_cryptodev.h"
#include "../vectors/vectors.h"

#define VCD_TIMEOUT_US      (30 * 1000 * 1000)
#define VCD_QOM_PATH        "/machine/peripheral/vcd0"

/* ---- the libqos node --------------------------------------------------- */

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
    fprintf(stderr, "%s not present in virtio-cryptodev-pci\n", interface);
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

/* ---- submitting requests ----------------------------------------------- */

typedef struct Vcd {
    QTestState *qts;
    QVirtioDevice *dev;
    QGuestAllocator *alloc;
    QVirtQueue *ctrlq;
    QVirtQueue *dataq;          /* the one requests go to: dataqs[i] */
    QVirtQueue *dataqs[4];      /* the first data queues */
    unsigned int ndataqs;
} Vcd;

/* One descriptor: what the device reads, or where what it writes goes. */
typedef struct Seg {
    const void *data;           /* device-readable contents */
    void *buf;                  /* device-writable: copied back here */
    uint32_t len;
    bool write;                 /* device-writable */
} Seg;

#define RD(p, n)    { .data = (p), .len = (n), .write = false }
#define WR(p, n)    { .buf = (p), .len = (n), .write = true }

static void vcd_start(Vcd *v)
{
    uint64_t features;
    unsigned int i;

    features = qvirtio_get_features(v->dev);
    g_assert(features & (1ull << VIRTIO_F_VERSION_1));
    features &= ~((1ull << VIRTIO_RING_F_INDIRECT_DESC) |
                  (1ull << VIRTIO_RING_F_EVENT_IDX));
    qvirtio_set_features(v->dev, features);
    v->ctrlq = qvirtqueue_setup(v->dev, v->alloc, VIRTIO_CRYPTODEV_CTRLQ);
    v->ndataqs = MIN(qvirtio_config_readl(v->dev, 0), ARRAY_SIZE(v->dataqs));
    for (i = 0; i < v->ndataqs; i++) {
        v->dataqs[i] = qvirtqueue_setup(v->dev, v->alloc,
                                        VIRTIO_CRYPTODEV_DATAQ(i));
    }
    v->dataq = v->dataqs[0];
    qvirtio_set_driver_ok(v->dev);
}

static void vcd_stop(Vcd *v)
{
    qvirtqueue_cleanup(v->dev->bus, v->ctrlq, v->alloc);
    unsigned int i;

    for (i = 0; i < v->ndataqs; i++) {
        qvirtqueue_cleanup(v->dev->bus, v->dataqs[i], v->alloc);
    }
}

static Vcd vcd_init_pci(QVirtioPCIDevice *pci, QGuestAllocator *alloc)
{
    Vcd v = {
        .qts = pci->pdev->bus->qts,
        .dev = &pci->vdev,
        .alloc = alloc,
    };

    vcd_start(&v);
    return v;
}

static Vcd vcd_init(void *obj, QGuestAllocator *alloc)
{
    QVirtioCryptodevPCI *d = obj;

    return vcd_init_pci(&d->pci_vdev, alloc);
}

/* Device reset, then the driver's bring-up again. */
static void vcd_reinit(Vcd *v)
{
    vcd_stop(v);
    qvirtio_start_device(v->dev);
    vcd_start(v);
}

/*
 * libqos hands out descriptors from the table's start and never takes
 * them back; we submit only when every earlier chain has been used, so
 * the table can start over.
 */
static void vcd_ring_idle(QVirtQueue *vq)
{
    vq->free_head = 0;
    vq->num_free = vq->size;
}

/* Put @segs into guest memory as one chain on @vq. */
static uint32_t vcd_add(Vcd *v, QVirtQueue *vq, const Seg *segs, int n,
                        uint64_t *addr)
{
    uint32_t head = 0, idx;
    int i;

    for (i = 0; i < n; i++) {
        addr[i] = guest_alloc(v->alloc, MAX(segs[i].len, 1));
        if (segs[i].write) {
            qtest_memset(v->qts, addr[i], 0xa5, segs[i].len);
        } else if (segs[i].len) {
            qtest_memwrite(v->qts, addr[i], segs[i].data, segs[i].len);
        }
        idx = qvirtqueue_add(v->qts, vq, addr[i], segs[i].len,
                             segs[i].write, i < n - 1);
        if (i == 0) {
            head = idx;
        }
    }
    return head;
}

/*
 * Make @n chains available at once, with a single notification (the ring
 * is little-endian, like the x86 guest).
 */
static void vcd_publish_nokick(Vcd *v, QVirtQueue *vq, const uint32_t *heads,
                               int n)
{
    uint16_t idx = qtest_readw(v->qts, vq->avail + 2);
    int i;

    for (i = 0; i < n; i++) {
        qtest_writew(v->qts, vq->avail + 4 + 2 * ((idx + i) % vq->size),
                     heads[i]);
    }
    qtest_writew(v->qts, vq->avail + 2, idx + n);
}

static void vcd_publish(Vcd *v, QVirtQueue *vq, const uint32_t *heads, int n)
{
    vcd_publish_nokick(v, vq, heads, n);
    v->dev->bus->virtqueue_kick(v->dev, vq);
}

/* Copy the device-writable descriptors back, free the chain. */
static void vcd_collect(Vcd *v, const Seg *segs, int n, const uint64_t *addr)
{
    int i;

    for (i = 0; i < n; i++) {
        if (segs[i].write && segs[i].buf && segs[i].len) {
            qtest_memread(v->qts, addr[i], segs[i].buf, segs[i].len);
        }
        guest_free(v->alloc, addr[i]);
    }
}

/* The add/kick/wait step: one chain, answered; returns the used length. */
static uint32_t vcd_submit(Vcd *v, QVirtQueue *vq, const Seg *segs, int n)
{
    uint64_t addr[16];
    uint32_t head, len = 0;

    g_assert_cmpint(n, <=, ARRAY_SIZE(addr));
    vcd_ring_idle(vq);
    head = vcd_add(v, vq, segs, n, addr);
    qvirtqueue_kick(v->qts, v->dev, vq, head);
    qvirtio_wait_used_elem(v->qts, v->dev, vq, head, &len, VCD_TIMEOUT_US);
    vcd_collect(v, segs, n, addr);
    return len;
}

/* ---- control and data requests ----------------------------------------- */

typedef struct Bytes {
    const uint8_t *p;
    uint32_t len;
} Bytes;

static uint32_t vcd_ctrl(Vcd *v, const struct virtio_cryptodev_ctrl_req *req,
                         Bytes keys, uint64_t *id)
{
    struct virtio_cryptodev_ctrl_resp resp;
    Seg segs[3] = { RD(req, sizeof(*req)) };
    int n = 1;

    if (keys.len) {
        segs[n++] = (Seg)RD(keys.p, keys.len);
    }
    segs[n++] = (Seg)WR(&resp, sizeof(resp));
    g_assert_cmpuint(vcd_submit(v, v->ctrlq, segs, n), ==, sizeof(resp));
    if (id) {
        *id = le64_to_cpu(resp.session_id);
    }
    return le32_to_cpu(resp.status);
}

/*
 * Copy b to p and return the byte after it.  An empty Bytes may have a
 * NULL pointer, which memcpy must not see even with a zero length.
 */
static uint8_t *bytes_put(uint8_t *p, Bytes b)
{
    if (b.len) {
        memcpy(p, b.p, b.len);
    }
    return p + b.len;
}

static uint64_t vcd_create(Vcd *v, uint32_t cipher, Bytes key,
                           uint32_t hash, Bytes mac_key)
{
    struct virtio_cryptodev_ctrl_req req = {
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CREATE_SESSION),
        .cipher_alg = cpu_to_le32(cipher),
        .hash_alg = cpu_to_le32(hash),
        .flags = cpu_to_le32(mac_key.len ? VIRTIO_CRYPTODEV_SESSION_HMAC : 0),
        .key_len = cpu_to_le32(key.len),
        .mac_key_len = cpu_to_le32(mac_key.len),
    };
    g_autofree uint8_t *keys = g_malloc0(key.len + mac_key.len + 1);
    uint64_t id = 0;

    bytes_put(bytes_put(keys, key), mac_key);
    g_assert_cmpuint(vcd_ctrl(v, &req,
                              (Bytes){ keys, key.len + mac_key.len }, &id),
                     ==, VIRTIO_CRYPTODEV_S_OK);
    return id;
}

static uint32_t vcd_destroy(Vcd *v, uint64_t id)
{
    struct virtio_cryptodev_ctrl_req req = {
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_DESTROY_SESSION),
        .session_id = cpu_to_le64(id),
    };

    return vcd_ctrl(v, &req, (Bytes){ NULL, 0 }, NULL);
}

/* A data request, laid out as docs/protocol.md says. */
typedef struct Op {
    uint32_t opcode;
    uint32_t flags;
    uint64_t id;
    Bytes iv, aad, src, tag_in;
    uint32_t dst_len;
    uint32_t tag_len;           /* digest or tag: written, or tag_in.len */
    uint8_t *out;               /* dst_len + tag written bytes */
} Op;

static uint32_t vcd_op(Vcd *v, Op *op)
{
    uint32_t out_len = op->dst_len +
        (op->tag_in.len ? 0 : op->tag_len);
    uint32_t in_len = op->iv.len + op->aad.len + op->src.len +
        op->tag_in.len;
    struct virtio_cryptodev_op_req req = {
        .opcode = cpu_to_le32(op->opcode),
        .flags = cpu_to_le32(op->flags),
        .session_id = cpu_to_le64(op->id),
        .src_len = cpu_to_le32(op->src.len),
        .dst_len = cpu_to_le32(op->dst_len),
        .iv_len = cpu_to_le32(op->iv.len),
        .aad_len = cpu_to_le32(op->aad.len),
        .tag_len = cpu_to_le32(op->tag_len),
    };
    struct virtio_cryptodev_op_resp resp;
    g_autofree uint8_t *in = g_malloc0(in_len + 1);
    uint8_t *p = in;
    Seg segs[4];
    int n = 0;

    p = bytes_put(p, op->iv);
    p = bytes_put(p, op->aad);
    p = bytes_put(p, op->src);
    bytes_put(p, op->tag_in);

    segs[n++] = (Seg)RD(&req, sizeof(req));
    if (in_len) {
        segs[n++] = (Seg)RD(in, in_len);
    }
    if (out_len) {
        segs[n++] = (Seg)WR(op->out, out_len);
    }
    segs[n++] = (Seg)WR(&resp, sizeof(resp));
    g_assert_cmpuint(vcd_submit(v, v->dataq, segs, n), ==,
                     out_len + sizeof(resp));
    return le32_to_cpu(resp.status);
}

static void assert_bytes(const uint8_t *got, Bytes want)
{
    g_assert_cmpmem(got, want.len, want.p, want.len);
}

/* ---- counters ---------------------------------------------------------- */

static uint64_t vcd_counter(Vcd *v, const char *name)
{
    QDict *rsp;
    uint64_t value;

    rsp = qtest_qmp(v->qts, "{'execute': 'qom-get', 'arguments':"
                    " {'path': %s, 'property': %s}}", VCD_QOM_PATH, name);
    g_assert(qdict_haskey(rsp, "return"));
    value = qdict_get_int(rsp, "return");
    qobject_unref(rsp);
    return value;
}

/* ---- known answers (tests/vectors) ----------------------------------- */

static const Bytes none;

static const uint32_t cipher_of[] = {
    [KAT_AES_ECB] = VIRTIO_CRYPTODEV_CIPHER_AES_ECB,
    [KAT_AES_CBC] = VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
    [KAT_AES_CTR] = VIRTIO_CRYPTODEV_CIPHER_AES_CTR,
    [KAT_AES_XTS] = VIRTIO_CRYPTODEV_CIPHER_AES_XTS,
};

static const uint32_t hash_of[] = {
    [KAT_SHA1] = VIRTIO_CRYPTODEV_HASH_SHA1,
    [KAT_SHA224] = VIRTIO_CRYPTODEV_HASH_SHA224,
    [KAT_SHA256] = VIRTIO_CRYPTODEV_HASH_SHA256,
    [KAT_SHA384] = VIRTIO_CRYPTODEV_HASH_SHA384,
    [KAT_SHA512] = VIRTIO_CRYPTODEV_HASH_SHA512,
};

#define B(ptr, n)   ((Bytes){ .p = (ptr), .len = (n) })

/*
 * SP 800-38A F.2.1 (CBC-AES128), first two blocks: the request around the
 * bad ones and the in-flight bursts.
 */
static const struct kat_cipher *cbc128(void)
{
    size_t i;

    for (i = 0; i < kat_ciphers_count; i++) {
        if (kat_ciphers[i].alg == KAT_AES_CBC &&
            kat_ciphers[i].key_len == 16 && kat_ciphers[i].len >= 32) {
            return &kat_ciphers[i];
        }
    }
    g_assert_not_reached();
}

#define CBC_KEY     B(cbc128()->key, 16)
#define CBC_IV      B(cbc128()->iv, 16)
#define CBC_PT      B(cbc128()->pt, 32)
#define CBC_CT      B(cbc128()->ct, 32)

/* Every cipher vector: encrypt, decrypt, one session each. */
static void cipher_known_answers(Vcd *v)
{
    const struct kat_cipher *k;
    g_autofree uint8_t *out = NULL;
    size_t i;
    Op op = { .opcode = VIRTIO_CRYPTODEV_OP_CRYPT };

    for (i = 0; i < kat_ciphers_count; i++) {
        k = &kat_ciphers[i];
        g_test_message("%s", k->name);
        out = g_realloc(out, k->len);
        op.id = vcd_create(v, cipher_of[k->alg], B(k->key, k->key_len),
                           VIRTIO_CRYPTODEV_HASH_NONE, none);
        op.iv = B(k->iv, k->iv_len);
        op.dst_len = k->len;
        op.out = out;

        op.flags = 0;
        op.src = B(k->pt, k->len);
        g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
        assert_bytes(out, B(k->ct, k->len));

        op.flags = VIRTIO_CRYPTODEV_F_DECRYPT;
        op.src = B(k->ct, k->len);
        g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
        assert_bytes(out, B(k->pt, k->len));
        g_assert_cmpuint(vcd_destroy(v, op.id), ==, VIRTIO_CRYPTODEV_S_OK);
    }
}

/* Every HMAC vector (RFC 4231, RFC 2202); truncated ones compare a prefix. */
static void hmac_known_answers(Vcd *v)
{
    const struct kat_hmac *k;
    uint8_t out[64];
    size_t i;
    Op op = {
        .opcode = VIRTIO_CRYPTODEV_OP_CRYPT,
        .flags = VIRTIO_CRYPTODEV_F_HASH_RESET | VIRTIO_CRYPTODEV_F_HASH_FINAL,
        .out = out,
    };

    for (i = 0; i < kat_hmacs_count; i++) {
        k = &kat_hmacs[i];
        g_test_message("%s", k->name);
        op.id = vcd_create(v, VIRTIO_CRYPTODEV_CIPHER_NONE, none,
                           hash_of[k->alg], B(k->key, k->key_len));
        op.src = B(k->data, k->data_len);
        op.tag_len = kat_digest_len(k->alg);
        g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
        assert_bytes(out, B(k->mac, k->mac_len));
        g_assert_cmpuint(vcd_destroy(v, op.id), ==, VIRTIO_CRYPTODEV_S_OK);
    }
}

/* The GCM vectors with a 96-bit IV (the protocol's only GCM IV size). */
static void gcm_known_answers(Vcd *v)
{
    const struct kat_aead *k;
    g_autofree uint8_t *out = NULL;
    uint8_t bad[16];
    size_t i;
    Op op = { .opcode = VIRTIO_CRYPTODEV_OP_AEAD };

    for (i = 0; i < kat_aeads_count; i++) {
        k = &kat_aeads[i];
        if (k->iv_len != 12) {
            continue;
        }
        g_test_message("%s", k->name);
        out = g_realloc(out, k->len + k->tag_len);
        op.id = vcd_create(v, VIRTIO_CRYPTODEV_CIPHER_AES_GCM,
                           B(k->key, k->key_len),
                           VIRTIO_CRYPTODEV_HASH_NONE, none);
        op.iv = B(k->iv, k->iv_len);
        op.aad = B(k->aad, k->aad_len);
        op.dst_len = k->len;
        op.tag_len = k->tag_len;
        op.out = out;

        op.flags = 0;
        op.src = B(k->pt, k->len);
        op.tag_in = none;
        g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
        assert_bytes(out, B(k->ct, k->len));
        assert_bytes(out + k->len, B(k->tag, k->tag_len));

        op.flags = VIRTIO_CRYPTODEV_F_DECRYPT;
        op.src = B(k->ct, k->len);
        op.tag_in = B(k->tag, k->tag_len);
        g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
        assert_bytes(out, B(k->pt, k->len));

        g_assert_cmpuint(k->tag_len, ==, sizeof(bad));
        memcpy(bad, k->tag, sizeof(bad));
        bad[0] ^= 1;
        op.tag_in = B(bad, sizeof(bad));
        g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_AUTHFAIL);
        g_assert_cmpuint(vcd_destroy(v, op.id), ==, VIRTIO_CRYPTODEV_S_OK);
    }
}

/* The request that must still work after each bad one. */
static void cbc_still_works(Vcd *v, uint64_t id)
{
    uint8_t out[32];
    Op op = {
        .opcode = VIRTIO_CRYPTODEV_OP_CRYPT, .id = id,
        .iv = CBC_IV, .src = CBC_PT, .dst_len = 32, .out = out,
    };

    g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
    assert_bytes(out, CBC_CT);
}

/*
 * @n CBC encryptions of the SP 800-38A blocks, made available at once and
 * not waited for; the chains' guest memory is returned in @addr.
 */
typedef struct Burst {
    struct virtio_cryptodev_op_req req;
    uint8_t in[48];
    uint8_t out[16][32];
    struct virtio_cryptodev_op_resp resp[16];
    Seg segs[16][4];
    uint64_t addr[16][4];
    uint32_t head[16];
    int n;
} Burst;

static void vcd_burst(Vcd *v, Burst *b, uint64_t id, int n)
{
    Bytes iv = CBC_IV, pt = CBC_PT;
    int i;

    g_assert_cmpint(n, <=, ARRAY_SIZE(b->head));
    b->n = n;
    b->req = (struct virtio_cryptodev_op_req){
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CRYPT),
        .session_id = cpu_to_le64(id),
        .src_len = cpu_to_le32(32), .dst_len = cpu_to_le32(32),
        .iv_len = cpu_to_le32(16),
    };
    memcpy(b->in, iv.p, 16);
    memcpy(b->in + 16, pt.p, 32);
    vcd_ring_idle(v->dataq);
    for (i = 0; i < n; i++) {
        Seg s[4] = { RD(&b->req, sizeof(b->req)), RD(b->in, sizeof(b->in)),
                     WR(b->out[i], 32), WR(&b->resp[i], sizeof(b->resp[i])) };

        memcpy(b->segs[i], s, sizeof(s));
        b->head[i] = vcd_add(v, v->dataq, b->segs[i], 4, b->addr[i]);
    }
    vcd_publish(v, v->dataq, b->head, n);
}

/* ---- tests ------------------------------------------------------------- */

static void test_config(void *obj, void *data, QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);

    g_assert_cmpuint(v.dev->device_type, ==, VIRTIO_ID_CRYPTODEV);
    g_assert_cmpuint(qvirtio_config_readl(v.dev, 0), ==, 1);
    g_assert_cmpuint(qvirtio_config_readl(v.dev, 4), ==, 1024);
    g_assert(qvirtio_config_readl(v.dev, 24) &
             (1u << VIRTIO_CRYPTODEV_CIPHER_AES_CBC));
    g_assert(qvirtio_config_readl(v.dev, 28) &
             (1u << VIRTIO_CRYPTODEV_HASH_SHA256));
    vcd_stop(&v);
}

static void test_happy_path(void *obj, void *data, QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);

    /* qos-test keeps QEMU running between tests: counters only grow. */
    uint64_t created = vcd_counter(&v, "sessions-created");
    uint64_t errors = vcd_counter(&v, "errors");
    size_t gcm = 0, i;

    for (i = 0; i < kat_aeads_count; i++) {
        gcm += kat_aeads[i].iv_len == 12;
    }
    cipher_known_answers(&v);
    hmac_known_answers(&v);
    gcm_known_answers(&v);
    g_assert_cmpuint(gcm, >, 0);
    g_assert_cmpuint(vcd_counter(&v, "sessions-live"), ==, 0);
    g_assert_cmpuint(vcd_counter(&v, "sessions-created") - created, ==,
                     kat_ciphers_count + kat_hmacs_count + gcm);
    /* Only the bad tags were errors. */
    g_assert_cmpuint(vcd_counter(&v, "errors") - errors, ==, gcm);
    vcd_stop(&v);
}

/* Several requests on the ring before one kick; any completion order. */
static void test_many_in_flight(void *obj, void *data, QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);
    g_autofree Burst *b = g_new0(Burst, 1);
    bool seen[ARRAY_SIZE(b->head)] = { false };
    uint32_t idx, len;
    gint64 deadline;
    int i, j, left;

    vcd_burst(&v, b, vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                CBC_KEY,
                                VIRTIO_CRYPTODEV_HASH_NONE, none), 16);
    deadline = g_get_monotonic_time() + VCD_TIMEOUT_US;
    for (left = b->n; left; ) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        qtest_clock_step(v.qts, 100);
        while (qvirtqueue_get_buf(v.qts, v.dataq, &idx, &len)) {
            for (j = 0; j < b->n && b->head[j] != idx; j++) {
                ;
            }
            g_assert_cmpint(j, <, b->n);
            g_assert(!seen[j]);
            seen[j] = true;
            g_assert_cmpuint(len, ==, 32 + sizeof(b->resp[j]));
            left--;
        }
    }
    for (i = 0; i < b->n; i++) {
        vcd_collect(&v, b->segs[i], 4, b->addr[i]);
        g_assert_cmpuint(le32_to_cpu(b->resp[i].status), ==,
                         VIRTIO_CRYPTODEV_S_OK);
        assert_bytes(b->out[i], CBC_CT);
    }
    g_assert_cmpuint(vcd_counter(&v, "requests-in-flight"), ==, 0);
    vcd_stop(&v);
}

/*
 * Bad chains that still have room for the response: each gets an error
 * status, and the next valid request is answered.
 */
static void test_malformed(void *obj, void *data, QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);
    Bytes iv = CBC_IV, pt = CBC_PT;
    struct virtio_cryptodev_op_req req = {
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CRYPT),
        .src_len = cpu_to_le32(32), .dst_len = cpu_to_le32(32),
        .iv_len = cpu_to_le32(16),
    };
    struct virtio_cryptodev_op_req huge, over_limit, unknown_op;
    struct virtio_cryptodev_op_req no_session = req;
    struct virtio_cryptodev_op_resp resp;
    uint8_t in[48], out[64], extra[16] = { 0 };
    uint64_t id, errors;
    unsigned int i;

    id = vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, CBC_KEY,
                    VIRTIO_CRYPTODEV_HASH_NONE, none);
    req.session_id = cpu_to_le64(id);
    huge = over_limit = unknown_op = req;
    huge.src_len = huge.dst_len = cpu_to_le32(64);
    over_limit.src_len = over_limit.dst_len = cpu_to_le32(1u << 30);
    unknown_op.opcode = cpu_to_le32(0x7f);
    no_session.session_id = cpu_to_le64(id + 1000);
    memcpy(in, iv.p, 16);
    memcpy(in + 16, pt.p, 32);

    const struct {
        const char *what;
        Seg segs[6];
        int n;
        uint32_t status;        /* 0: any error status */
    } cases[] = {
        { "only the response",
          { WR(&resp, sizeof(resp)) }, 1 },
        { "too few: no data descriptor",
          { RD(&req, sizeof(req)), WR(&resp, sizeof(resp)) }, 2 },
        { "too few: no dst descriptor",
          { RD(&req, sizeof(req)), RD(in, sizeof(in)),
            WR(&resp, sizeof(resp)) }, 3 },
        { "too many: an extra readable descriptor",
          { RD(&req, sizeof(req)), RD(in, sizeof(in)), RD(extra, 16),
            WR(out, 32), WR(&resp, sizeof(resp)) }, 5 },
        { "too many: an extra writable descriptor",
          { RD(&req, sizeof(req)), RD(in, sizeof(in)),
            WR(out, 32), WR(out + 32, 16), WR(&resp, sizeof(resp)) }, 5 },
        { "wrong direction: data device-writable",
          { RD(&req, sizeof(req)), WR(out, sizeof(in)),
            WR(out + 48, 16), WR(&resp, sizeof(resp)) }, 4 },
        { "short header",
          { RD(&req, sizeof(req) - 8), WR(&resp, sizeof(resp)) }, 2 },
        { "lengths larger than the descriptors",
          { RD(&huge, sizeof(huge)), RD(in, sizeof(in)),
            WR(out, 32), WR(&resp, sizeof(resp)) }, 4 },
        { "lengths over the limit",
          { RD(&over_limit, sizeof(req)), RD(in, sizeof(in)),
            WR(out, 32), WR(&resp, sizeof(resp)) }, 4 },
        { "unknown opcode",
          { RD(&unknown_op, sizeof(req)), RD(in, sizeof(in)),
            WR(out, 32), WR(&resp, sizeof(resp)) }, 4 },
        { "unknown session",
          { RD(&no_session, sizeof(req)), RD(in, sizeof(in)),
            WR(out, 32), WR(&resp, sizeof(resp)) }, 4,
          VIRTIO_CRYPTODEV_S_INVSESS },
    };

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        errors = vcd_counter(&v, "errors");
        g_test_message("%s", cases[i].what);
        vcd_submit(&v, v.dataq, cases[i].segs, cases[i].n);
        if (cases[i].status) {
            g_assert_cmpuint(le32_to_cpu(resp.status), ==, cases[i].status);
        } else {
            g_assert_cmpuint(le32_to_cpu(resp.status), !=,
                             VIRTIO_CRYPTODEV_S_OK);
        }
        g_assert_cmpuint(vcd_counter(&v, "errors"), ==, errors + 1);
        cbc_still_works(&v, id);
    }

    /* A destroyed session is gone for good. */
    g_assert_cmpuint(vcd_destroy(&v, id), ==, VIRTIO_CRYPTODEV_S_OK);
    g_assert_cmpuint(vcd_destroy(&v, id), ==, VIRTIO_CRYPTODEV_S_INVSESS);
    vcd_stop(&v);
}

/*
 * No room for the response: a malformed ring.  The device reports it
 * (NEEDS_RESET), answers nothing more, and works again after a reset.
 */
static void test_no_room_for_response(void *obj, void *data,
                                      QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);
    struct virtio_cryptodev_ctrl_req req = {
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_DESTROY_SESSION),
    };
    uint8_t small[4];
    Seg segs[] = { RD(&req, sizeof(req)), WR(small, sizeof(small)) };
    uint64_t addr[2];
    uint32_t head;
    gint64 deadline;
    uint64_t id;

    vcd_ring_idle(v.ctrlq);
    head = vcd_add(&v, v.ctrlq, segs, 2, addr);
    qvirtqueue_kick(v.qts, v.dev, v.ctrlq, head);
    deadline = g_get_monotonic_time() + VCD_TIMEOUT_US;
    while (!(v.dev->bus->get_status(v.dev) &
             VIRTIO_CONFIG_S_NEEDS_RESET)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        qtest_clock_step(v.qts, 100);
    }
    g_assert(!qvirtqueue_get_buf(v.qts, v.ctrlq, NULL, NULL));
    vcd_collect(&v, segs, 2, addr);

    vcd_reinit(&v);
    id = vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, CBC_KEY,
                    VIRTIO_CRYPTODEV_HASH_NONE, none);
    cbc_still_works(&v, id);
    vcd_stop(&v);
}

/* Reset destroys every session; the counters show it. */
static void test_reset(void *obj, void *data, QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);
    uint64_t id[3], fresh, created;
    unsigned int i;

    g_assert_cmpuint(vcd_counter(&v, "sessions-live"), ==, 0);
    created = vcd_counter(&v, "sessions-created");

    for (i = 0; i < ARRAY_SIZE(id); i++) {
        id[i] = vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                           CBC_KEY, VIRTIO_CRYPTODEV_HASH_NONE, none);
    }
    g_assert_cmpuint(vcd_counter(&v, "sessions-live"), ==, 3);

    vcd_reinit(&v);
    g_assert_cmpuint(vcd_counter(&v, "sessions-live"), ==, 0);
    g_assert_cmpuint(vcd_counter(&v, "sessions-created"), ==, created + 3);
    for (i = 0; i < ARRAY_SIZE(id); i++) {
        g_assert_cmpuint(vcd_destroy(&v, id[i]), ==,
                         VIRTIO_CRYPTODEV_S_INVSESS);
    }
    fresh = vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, CBC_KEY,
                       VIRTIO_CRYPTODEV_HASH_NONE, none);
    for (i = 0; i < ARRAY_SIZE(id); i++) {
        g_assert_cmpuint(fresh, !=, id[i]);     /* ids are never reused */
    }
    cbc_still_works(&v, fresh);
    g_assert_cmpuint(vcd_counter(&v, "sessions-live"), ==, 1);
    vcd_stop(&v);
}

/*
 * Reset while requests may still be in flight: the device takes all of
 * them back (none is pushed into the new rings) and frees the session.
 */
static void test_reset_in_flight(void *obj, void *data, QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);
    g_autofree Burst *b = g_new0(Burst, 1);
    uint64_t id;
    int i;

    id = vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, CBC_KEY,
                    VIRTIO_CRYPTODEV_HASH_NONE, none);
    vcd_burst(&v, b, id, 16);
    vcd_reinit(&v);
    g_assert_cmpuint(vcd_counter(&v, "requests-in-flight"), ==, 0);
    g_assert_cmpuint(vcd_counter(&v, "sessions-live"), ==, 0);
    g_assert(!qvirtqueue_get_buf(v.qts, v.dataq, NULL, NULL));
    for (i = 0; i < b->n; i++) {
        vcd_collect(&v, b->segs[i], 4, b->addr[i]);
    }
    cbc_still_works(&v, vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                   CBC_KEY,
                                   VIRTIO_CRYPTODEV_HASH_NONE, none));
    vcd_stop(&v);
}

/*
 * VIRTIO_F_RING_RESET: resetting data queue 0 with requests in flight
 * takes them back; the session lives on, and the queue works once set up
 * again.
 */
static void test_queue_reset(void *obj, void *data, QGuestAllocator *alloc)
{
    QVirtioPCIDevice *pci = &((QVirtioCryptodevPCI *)obj)->pci_vdev;
    Vcd v = vcd_init(obj, alloc);
    g_autofree Burst *b = g_new0(Burst, 1);
    uint64_t id;
    int i;

    g_assert(v.dev->features & (1ull << VIRTIO_F_RING_RESET));
    id = vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, CBC_KEY,
                    VIRTIO_CRYPTODEV_HASH_NONE, none);
    vcd_burst(&v, b, id, 16);
    qpci_io_writew(pci->pdev, pci->bar,
                   pci->common_cfg_offset + VIRTIO_PCI_COMMON_Q_SELECT,
                   VIRTIO_CRYPTODEV_DATAQ(0));
    qpci_io_writew(pci->pdev, pci->bar,
                   pci->common_cfg_offset + VIRTIO_PCI_COMMON_Q_RESET, 1);
    g_assert_cmpuint(vcd_counter(&v, "requests-in-flight"), ==, 0);
    g_assert_cmpuint(vcd_counter(&v, "sessions-live"), ==, 1);
    for (i = 0; i < b->n; i++) {
        vcd_collect(&v, b->segs[i], 4, b->addr[i]);
    }

    qvirtqueue_cleanup(v.dev->bus, v.dataqs[0], alloc);
    v.dataqs[0] = qvirtqueue_setup(v.dev, alloc, VIRTIO_CRYPTODEV_DATAQ(0));
    v.dataq = v.dataqs[0];
    cbc_still_works(&v, id);
    vcd_stop(&v);
}

/* queues=2: both data queues answer, with sessions shared by all queues. */
static void test_two_data_queues(void *obj, void *data,
                                 QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);
    uint64_t id;
    unsigned int i;

    g_assert_cmpuint(qvirtio_config_readl(v.dev, 0), ==, 2);
    g_assert_cmpuint(v.ndataqs, ==, 2);
    id = vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, CBC_KEY,
                    VIRTIO_CRYPTODEV_HASH_NONE, none);
    for (i = 0; i < v.ndataqs; i++) {
        v.dataq = v.dataqs[i];
        cbc_still_works(&v, id);
    }
    vcd_stop(&v);
}

#define PCI_SLOT_HP 0x06

/*
 * Hot-unplug a second device that has a live session and requests that
 * may be in flight; the first device keeps working.
 */
static void test_hotplug(void *obj, void *data, QGuestAllocator *alloc)
{
    QVirtioCryptodevPCI *d = obj;
    QPCIBus *bus = d->pci_vdev.pdev->bus;
    QPCIAddress addr = { .devfn = QPCI_DEVFN(PCI_SLOT_HP, 0) };
    Vcd v = vcd_init(obj, alloc), hp;
    QVirtioPCIDevice *pci;
    g_autofree Burst *b = g_new0(Burst, 1);
    uint64_t id;

    if (bus->not_hotpluggable) {
        g_test_skip("pci bus does not support hotplug");
        return;
    }
    qtest_qmp_device_add(v.qts, "virtio-cryptodev-pci", "vcd1",
                         "{'addr': %s, 'queues': 2}",
                         stringify(PCI_SLOT_HP));
    pci = virtio_pci_new(bus, &addr);
    g_assert_nonnull(pci);
    qvirtio_pci_start_hw(&pci->obj);
    hp = vcd_init_pci(pci, alloc);
    g_assert_cmpuint(qvirtio_config_readl(hp.dev, 0), ==, 2);
    id = vcd_create(&hp, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, CBC_KEY,
                    VIRTIO_CRYPTODEV_HASH_NONE, none);
    vcd_burst(&hp, b, id, 8);

    qpci_unplug_acpi_device_test(v.qts, "vcd1", PCI_SLOT_HP);
    g_free(pci->pdev);
    g_free(pci);

    cbc_still_works(&v, vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                   CBC_KEY,
                                   VIRTIO_CRYPTODEV_HASH_NONE, none));
    vcd_stop(&v);
}

/*
 * A per-queue reset waits for that queue's requests only.  Every data
 * queue of 64 is filled with 32 requests of 8 MiB (the guest buffers are
 * shared), then one queue is reset: the reset and a QMP command after it
 * must be answered within VCD_QRESET_BOUND_S, far less than the queued
 * work (2048 x 8 MiB of AES) would take.  The bound is generous: it is
 * about behaviour (not waiting for other queues), not speed.
 */
#define VCD_BIG_QUEUES      64
#define VCD_BIG_LEN         (8u << 20)
#define VCD_QRESET_BOUND_S  5

/* Fill @vq's whole descriptor table with 4-descriptor chains, kick. */
static int vcd_fill_queue(Vcd *v, QVirtQueue *vq, uint64_t req,
                          uint64_t src, uint64_t dst, uint64_t resp)
{
    int n = vq->size / 4, i;
    g_autofree struct vring_desc *d = g_new0(struct vring_desc, vq->size);
    g_autofree uint16_t *ring = g_new0(uint16_t, n);
    const struct { uint64_t addr; uint32_t len; uint16_t flags; } seg[4] = {
        { req, sizeof(struct virtio_cryptodev_op_req), 0 },
        { src, 16 + VCD_BIG_LEN, 0 },
        { dst, VCD_BIG_LEN, VRING_DESC_F_WRITE },
        { resp, sizeof(struct virtio_cryptodev_op_resp), VRING_DESC_F_WRITE },
    };
    uint16_t idx;
    int j;

    for (i = 0; i < n; i++) {
        for (j = 0; j < 4; j++) {
            struct vring_desc *e = &d[4 * i + j];

            e->addr = cpu_to_le64(seg[j].addr);
            e->len = cpu_to_le32(seg[j].len);
            e->flags = cpu_to_le16(seg[j].flags |
                                   (j < 3 ? VRING_DESC_F_NEXT : 0));
            e->next = cpu_to_le16(j < 3 ? 4 * i + j + 1 : 0);
        }
        ring[i] = cpu_to_le16(4 * i);
    }
    qtest_memwrite(v->qts, vq->desc, d, sizeof(*d) * vq->size);
    idx = qtest_readw(v->qts, vq->avail + 2);
    g_assert_cmpuint(idx, ==, 0);
    qtest_memwrite(v->qts, vq->avail + 4, ring, sizeof(*ring) * n);
    qtest_writew(v->qts, vq->avail + 2, n);
    v->dev->bus->virtqueue_kick(v->dev, vq);
    return n;
}

/* Reset data queue @n, then QMP: both within VCD_QRESET_BOUND_S. */
static void vcd_time_queue_reset(Vcd *v, QVirtioPCIDevice *pci, unsigned n)
{
    gint64 t0, t1;
    QDict *rsp;

    t0 = g_get_monotonic_time();
    qpci_io_writew(pci->pdev, pci->bar,
                   pci->common_cfg_offset + VIRTIO_PCI_COMMON_Q_SELECT,
                   VIRTIO_CRYPTODEV_DATAQ(n));
    qpci_io_writew(pci->pdev, pci->bar,
                   pci->common_cfg_offset + VIRTIO_PCI_COMMON_Q_RESET, 1);
    rsp = qtest_qmp(v->qts, "{'execute': 'query-status'}");
    t1 = g_get_monotonic_time();
    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
    printf("# reset of data queue %u and QMP answered in %.3f s "
           "(bound %d s)\n", n, (t1 - t0) / 1e6, VCD_QRESET_BOUND_S);
    g_assert_cmpint(t1 - t0, <, VCD_QRESET_BOUND_S * G_USEC_PER_SEC);
}

static void test_queue_reset_alone(void *obj, void *data,
                                   QGuestAllocator *alloc)
{
    QVirtioPCIDevice *pci = &((QVirtioCryptodevPCI *)obj)->pci_vdev;
    Vcd v = vcd_init(obj, alloc);
    QVirtQueue *vqs[VCD_BIG_QUEUES];
    struct virtio_cryptodev_op_req req = {
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CRYPT),
        .src_len = cpu_to_le32(VCD_BIG_LEN),
        .dst_len = cpu_to_le32(VCD_BIG_LEN),
        .iv_len = cpu_to_le32(16),
    };
    uint64_t a_req, a_src, a_dst, a_resp, inflight, filled = 0;
    unsigned int i;

    g_assert_cmpuint(qvirtio_config_readl(v.dev, 0), ==, VCD_BIG_QUEUES);
    g_assert(v.dev->features & (1ull << VIRTIO_F_RING_RESET));
    req.session_id = cpu_to_le64(vcd_create(&v,
                                            VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                            CBC_KEY,
                                            VIRTIO_CRYPTODEV_HASH_NONE,
                                            none));
    a_req = guest_alloc(alloc, sizeof(req));
    qtest_memwrite(v.qts, a_req, &req, sizeof(req));
    a_src = guest_alloc(alloc, 16 + VCD_BIG_LEN);
    qtest_memset(v.qts, a_src, 0x11, 16 + VCD_BIG_LEN);
    a_dst = guest_alloc(alloc, VCD_BIG_LEN);
    a_resp = guest_alloc(alloc, sizeof(struct virtio_cryptodev_op_resp));

    /* vcd_start() set up the first ones; the rest here. */
    for (i = 0; i < VCD_BIG_QUEUES; i++) {
        vqs[i] = i < v.ndataqs ? v.dataqs[i] :
                 qvirtqueue_setup(v.dev, alloc, VIRTIO_CRYPTODEV_DATAQ(i));
    }
    for (i = 0; i < VCD_BIG_QUEUES; i++) {
        filled += vcd_fill_queue(&v, vqs[i], a_req, a_src, a_dst, a_resp);
    }
    inflight = vcd_counter(&v, "requests-in-flight");
    g_test_message("%" PRIu64 " requests of %u bytes made available, "
                   "%" PRIu64 " in flight", filled, VCD_BIG_LEN, inflight);
    /* Most of them are still queued: their work takes many seconds. */
    g_assert_cmpuint(inflight, >, filled / 2);
    g_assert_cmpuint(vcd_counter(&v, "requests-in-flight-peak"), >=,
                     inflight);

    /*
     * The last queue's requests wait behind the other queues of its
     * worker group; the first queue's are running (each group takes its
     * queues round robin): reset both.
     */
    vcd_time_queue_reset(&v, pci, VCD_BIG_QUEUES - 1);
    vcd_time_queue_reset(&v, pci, 0);
    g_test_message("%" PRIu64 " in flight after the two resets",
                   vcd_counter(&v, "requests-in-flight"));

    /* A device reset takes the rest back without running it. */
    for (i = v.ndataqs; i < VCD_BIG_QUEUES; i++) {
        qvirtqueue_cleanup(v.dev->bus, vqs[i], alloc);
    }
    vcd_reinit(&v);
    g_assert_cmpuint(vcd_counter(&v, "requests-in-flight"), ==, 0);
    /* The peak is the most there ever was, across resets. */
    g_assert_cmpuint(vcd_counter(&v, "requests-in-flight-peak"), >=,
                     inflight);
    guest_free(alloc, a_req);
    guest_free(alloc, a_src);
    guest_free(alloc, a_dst);
    guest_free(alloc, a_resp);
    vcd_stop(&v);
}

/*
 * Session requests do not wait behind the data queues' backlog (the
 * control queue has a worker of its own): with one data worker busy on
 * a queue full of 8 MiB requests (a second or more of work), a session
 * is created while most of them are still in flight.  With the old
 * single FIFO work list, 1 of 32 was left.
 */
static void test_ctrl_not_behind_data(void *obj, void *data,
                                      QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);
    struct virtio_cryptodev_op_req req = {
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CRYPT),
        .src_len = cpu_to_le32(VCD_BIG_LEN),
        .dst_len = cpu_to_le32(VCD_BIG_LEN),
        .iv_len = cpu_to_le32(16),
    };
    uint64_t a_req, a_src, a_dst, a_resp, filled, left;

    req.session_id = cpu_to_le64(vcd_create(&v,
                                            VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                            CBC_KEY,
                                            VIRTIO_CRYPTODEV_HASH_NONE,
                                            none));
    a_req = guest_alloc(alloc, sizeof(req));
    qtest_memwrite(v.qts, a_req, &req, sizeof(req));
    a_src = guest_alloc(alloc, 16 + VCD_BIG_LEN);
    qtest_memset(v.qts, a_src, 0x11, 16 + VCD_BIG_LEN);
    a_dst = guest_alloc(alloc, VCD_BIG_LEN);
    a_resp = guest_alloc(alloc, sizeof(struct virtio_cryptodev_op_resp));
    filled = vcd_fill_queue(&v, v.dataqs[0], a_req, a_src, a_dst, a_resp);

    g_assert_cmpuint(vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                CBC_KEY, VIRTIO_CRYPTODEV_HASH_NONE, none),
                     !=, 0);
    left = vcd_counter(&v, "requests-in-flight");
    g_test_message("%" PRIu64 " requests of %u bytes queued, %" PRIu64
                   " still in flight after the session was created",
                   filled, VCD_BIG_LEN, left);
    g_assert_cmpuint(left, >, filled / 2);

    vcd_reinit(&v);
    g_assert_cmpuint(vcd_counter(&v, "requests-in-flight"), ==, 0);
    guest_free(alloc, a_req);
    guest_free(alloc, a_src);
    guest_free(alloc, a_dst);
    guest_free(alloc, a_resp);
    vcd_stop(&v);
}

/*
 * A guest in a loop of malformed ring and reset must not flood the host's
 * log (protocol.md section 9): QEMU's stderr goes to a file (libqtest
 * starts QEMU through sh -c), and VCD_LOG_LOOPS rounds may log a few
 * lines, not one each.
 */
#define VCD_LOG_LOOPS       20
#define VCD_LOG_MAX_LINES   3

static void vcd_malformed_ring(Vcd *v)
{
    struct virtio_cryptodev_ctrl_req req = {
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_DESTROY_SESSION),
    };
    uint8_t small[4];
    Seg segs[] = { RD(&req, sizeof(req)), WR(small, sizeof(small)) };
    uint64_t addr[2];
    uint32_t head;
    gint64 deadline;

    vcd_ring_idle(v->ctrlq);
    head = vcd_add(v, v->ctrlq, segs, 2, addr);
    qvirtqueue_kick(v->qts, v->dev, v->ctrlq, head);
    deadline = g_get_monotonic_time() + VCD_TIMEOUT_US;
    while (!(v->dev->bus->get_status(v->dev) &
             VIRTIO_CONFIG_S_NEEDS_RESET)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        qtest_clock_step(v->qts, 100);
    }
    vcd_collect(v, segs, 2, addr);
}

static void test_log_rate_limit(void)
{
    g_autofree char *log = NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    QPCIAddress addr = { .devfn = QPCI_DEVFN(4, 0) };
    QVirtioPCIDevice *pci;
    QOSState *qs;
    Vcd v;
    int fd, i, n = 0;

    fd = g_file_open_tmp("vcd-qtest-log-XXXXXX", &log, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    qs = qtest_pc_boot("-device virtio-cryptodev-pci,addr=04.0 2>%s", log);
    pci = virtio_pci_new(qs->pcibus, &addr);
    g_assert_nonnull(pci);
    qvirtio_pci_start_hw(&pci->obj);
    v = vcd_init_pci(pci, &qs->alloc);
    for (i = 0; i < VCD_LOG_LOOPS; i++) {
        vcd_malformed_ring(&v);
        vcd_reinit(&v);
    }
    cbc_still_works(&v, vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                   CBC_KEY, VIRTIO_CRYPTODEV_HASH_NONE,
                                   none));
    vcd_stop(&v);
    qvirtio_pci_device_disable(pci);
    g_free(pci->pdev);
    g_free(pci);
    qtest_shutdown(qs);

    g_assert(g_file_get_contents(log, &text, NULL, NULL));
    unlink(log);
    lines = g_strsplit(text, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (strstr(lines[i], "virtio-cryptodev")) {
            printf("# log: %s\n", lines[i]);
            n++;
        }
    }
    printf("# %d malformed rings and resets: %d log lines (at most %d)\n",
           VCD_LOG_LOOPS, n, VCD_LOG_MAX_LINES);
    g_assert_cmpint(n, >=, 1);
    g_assert_cmpint(n, <=, VCD_LOG_MAX_LINES);
}

/* ---- migration ------------------------------------------------------- */

/*
 * Two QEMUs with the same device: the source runs the test's requests,
 * migrates (to 127.0.0.1, or to a file), and the test then goes on
 * against the destination with the same libqos structures: the guest RAM
 * (rings, buffers) came along, so only the QTestState changes.
 */
#define VCD_MIG_DEVICE      "-device virtio-cryptodev-pci,addr=04.0,id=vcd0"

typedef struct Mig {
    QOSState *qs;               /* the source's allocator and PCI bus */
    QVirtioPCIDevice *pci;
    Vcd v;
} Mig;

static void mig_start(Mig *m, const char *device_opts)
{
    QPCIAddress addr = { .devfn = QPCI_DEVFN(4, 0) };

    m->qs = qtest_pc_boot(VCD_MIG_DEVICE "%s", device_opts);
    m->pci = virtio_pci_new(m->qs->pcibus, &addr);
    g_assert_nonnull(m->pci);
    qvirtio_pci_start_hw(&m->pci->obj);
    m->v = vcd_init_pci(m->pci, &m->qs->alloc);
}

static void mig_end(Mig *m)
{
    vcd_stop(&m->v);
    g_free(m->pci->pdev);
    g_free(m->pci);
    qtest_shutdown(m->qs);
}

/* A QMP command that must succeed. */
static void G_GNUC_PRINTF(2, 3) mig_qmp(QTestState *qts, const char *fmt, ...)
{
    va_list ap;
    QDict *rsp;

    va_start(ap, fmt);
    rsp = qtest_vqmp(qts, fmt, ap);
    va_end(ap);
    if (!qdict_haskey(rsp, "return")) {
        g_test_message("QMP error: %s",
                       qdict_get_str(qdict_get_qdict(rsp, "error"), "desc"));
    }
    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
}

static char *mig_status(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'query-migrate'}");
    QDict *ret = qdict_get_qdict(rsp, "return");
    char *status = g_strdup(ret && qdict_haskey(ret, "status") ?
                            qdict_get_str(ret, "status") : "none");

    qobject_unref(rsp);
    return status;
}

/* Wait for the migration status @goal; "failed" fails unless wanted. */
static void mig_wait(QTestState *qts, const char *goal)
{
    gint64 deadline = g_get_monotonic_time() + VCD_TIMEOUT_US;
    g_autofree char *status = NULL;

    for (;;) {
        g_free(status);
        status = mig_status(qts);
        if (!strcmp(status, goal)) {
            return;
        }
        g_assert_cmpstr(status, !=, "failed");
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10 * 1000);
    }
}

static bool mig_running(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'query-status'}");
    bool running = qdict_get_bool(qdict_get_qdict(rsp, "return"), "running");

    qobject_unref(rsp);
    return running;
}

static void mig_wait_running(QTestState *qts)
{
    gint64 deadline = g_get_monotonic_time() + VCD_TIMEOUT_US;

    while (!mig_running(qts)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10 * 1000);
    }
}

/* The destination's listening address ("-incoming tcp:127.0.0.1:0"). */
static char *mig_listen_uri(QTestState *to)
{
    QDict *rsp = qtest_qmp(to, "{'execute': 'query-migrate'}");
    QList *addrs = qdict_get_qlist(qdict_get_qdict(rsp, "return"),
                                   "socket-address");
    QDict *a = qobject_to(QDict, qlist_peek(addrs));
    char *uri = g_strdup_printf("tcp:%s:%s", qdict_get_str(a, "host"),
                                qdict_get_str(a, "port"));

    qobject_unref(rsp);
    return uri;
}

/* The source is done: everything points at the destination now. */
static void mig_switch(Mig *m, QTestState *to)
{
    qtest_quit(m->qs->qts);
    m->qs->qts = to;
    m->qs->pcibus->qts = to;
    m->v.qts = to;
}

/* Every chain of @b used exactly once, each a CBC known answer. */
static void mig_burst_done(Vcd *v, Burst *b)
{
    bool seen[ARRAY_SIZE(b->head)] = { false };
    gint64 deadline = g_get_monotonic_time() + VCD_TIMEOUT_US;
    uint32_t idx, len;
    int i, j, left;

    for (left = b->n; ; ) {
        while (qvirtqueue_get_buf(v->qts, v->dataq, &idx, &len)) {
            for (j = 0; j < b->n && b->head[j] != idx; j++) {
                ;
            }
            g_assert_cmpint(j, <, b->n);
            g_assert(!seen[j]);
            seen[j] = true;
            left--;
        }
        if (!left) {
            break;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        qtest_clock_step(v->qts, 100);
    }
    for (i = 0; i < b->n; i++) {
        vcd_collect(v, b->segs[i], 4, b->addr[i]);
        g_assert_cmpuint(le32_to_cpu(b->resp[i].status), ==,
                         VIRTIO_CRYPTODEV_S_OK);
        assert_bytes(b->out[i], CBC_CT);
    }
    /* Nothing ran twice: no used element beyond these. */
    g_assert_cmpuint(qtest_readw(v->qts, v->dataq->used + 2), ==,
                     v->dataq->last_used_idx);
}

/* The RFC 4231 HMAC-SHA-256 case with the most data, full length. */
static const struct kat_hmac *mig_hmac(void)
{
    const struct kat_hmac *best = NULL;
    size_t i;

    for (i = 0; i < kat_hmacs_count; i++) {
        const struct kat_hmac *k = &kat_hmacs[i];

        if (k->alg == KAT_SHA256 && k->mac_len == 32 &&
            (!best || k->data_len > best->data_len)) {
            best = k;
        }
    }
    g_assert_nonnull(best);
    return best;
}

static const struct kat_aead *mig_gcm(void)
{
    size_t i;

    for (i = 0; i < kat_aeads_count; i++) {
        if (kat_aeads[i].iv_len == 12 && kat_aeads[i].len &&
            kat_aeads[i].aad_len) {
            return &kat_aeads[i];
        }
    }
    g_assert_not_reached();
}

/* Live sessions, each part-way, on either side of the migration. */
typedef struct MigSessions {
    uint64_t cbc, hmac, gcm;
} MigSessions;

/* Before: CBC blocks 1-2, HMAC over the first half of its data, a GCM. */
static void mig_sessions_begin(Vcd *v, MigSessions *s)
{
    const struct kat_cipher *c = cbc128();
    const struct kat_hmac *h = mig_hmac();
    uint8_t out[32];
    Op op = {
        .opcode = VIRTIO_CRYPTODEV_OP_CRYPT, .iv = B(c->iv, 16),
        .src = B(c->pt, 32), .dst_len = 32, .out = out,
    };

    g_assert_cmpuint(c->len, ==, 64);
    s->cbc = op.id = vcd_create(v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                B(c->key, 16), VIRTIO_CRYPTODEV_HASH_NONE,
                                none);
    g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
    assert_bytes(out, B(c->ct, 32));

    s->hmac = vcd_create(v, VIRTIO_CRYPTODEV_CIPHER_NONE, none,
                         VIRTIO_CRYPTODEV_HASH_SHA256,
                         B(h->key, h->key_len));
    op = (Op){
        .opcode = VIRTIO_CRYPTODEV_OP_CRYPT, .id = s->hmac,
        .flags = VIRTIO_CRYPTODEV_F_HASH_RESET,
        .src = B(h->data, h->data_len / 2),
    };
    g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);

    s->gcm = vcd_create(v, VIRTIO_CRYPTODEV_CIPHER_AES_GCM,
                        B(mig_gcm()->key, mig_gcm()->key_len),
                        VIRTIO_CRYPTODEV_HASH_NONE, none);
}

static void mig_gcm_op(Vcd *v, uint64_t id)
{
    const struct kat_aead *k = mig_gcm();
    g_autofree uint8_t *out = g_malloc(k->len + k->tag_len);
    Op op = {
        .opcode = VIRTIO_CRYPTODEV_OP_AEAD, .id = id,
        .iv = B(k->iv, 12), .aad = B(k->aad, k->aad_len),
        .src = B(k->pt, k->len), .dst_len = k->len,
        .tag_len = k->tag_len, .out = out,
    };

    g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
    assert_bytes(out, B(k->ct, k->len));
    assert_bytes(out + k->len, B(k->tag, k->tag_len));
}

/* After: CBC blocks 3-4 on the chained IV, the HMAC's rest, the GCM. */
static void mig_sessions_end(Vcd *v, const MigSessions *s)
{
    const struct kat_cipher *c = cbc128();
    const struct kat_hmac *h = mig_hmac();
    uint8_t out[32];
    Op op = {
        .opcode = VIRTIO_CRYPTODEV_OP_CRYPT, .id = s->cbc,
        .src = B(c->pt + 32, 32), .dst_len = 32, .out = out,
    };

    g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
    assert_bytes(out, B(c->ct + 32, 32));

    op = (Op){
        .opcode = VIRTIO_CRYPTODEV_OP_CRYPT, .id = s->hmac,
        .flags = VIRTIO_CRYPTODEV_F_HASH_FINAL,
        .src = B(h->data + h->data_len / 2,
                 h->data_len - h->data_len / 2),
        .tag_len = 32, .out = out,
    };
    g_assert_cmpuint(vcd_op(v, &op), ==, VIRTIO_CRYPTODEV_S_OK);
    assert_bytes(out, B(h->mac, 32));

    mig_gcm_op(v, s->gcm);
    g_assert_cmpuint(vcd_destroy(v, s->cbc), ==, VIRTIO_CRYPTODEV_S_OK);
    g_assert_cmpuint(vcd_destroy(v, s->hmac), ==, VIRTIO_CRYPTODEV_S_OK);
    g_assert_cmpuint(vcd_destroy(v, s->gcm), ==, VIRTIO_CRYPTODEV_S_OK);
}

/*
 * Live migration over TCP with sessions part-way and a burst of requests
 * made available (and kicked) just before: every request completes once,
 * and the sessions go on with the right answers on the destination.
 */
static void test_migrate_tcp(void)
{
    g_autofree Burst *b = g_new0(Burst, 1);
    g_autofree char *uri = NULL;
    MigSessions s;
    QTestState *to;
    Mig m;

    mig_start(&m, "");
    mig_sessions_begin(&m.v, &s);
    mig_gcm_op(&m.v, s.gcm);
    to = qtest_init(VCD_MIG_DEVICE " -incoming tcp:127.0.0.1:0");
    uri = mig_listen_uri(to);
    vcd_burst(&m.v, b, vcd_create(&m.v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                  CBC_KEY, VIRTIO_CRYPTODEV_HASH_NONE,
                                  none), 16);
    mig_qmp(m.qs->qts, "{'execute': 'migrate', 'arguments': {'uri': %s}}",
            uri);
    mig_wait(m.qs->qts, "completed");
    mig_wait_running(to);
    mig_switch(&m, to);

    mig_burst_done(&m.v, b);
    g_assert_cmpuint(vcd_counter(&m.v, "requests-in-flight"), ==, 0);
    g_assert_cmpuint(vcd_counter(&m.v, "sessions-live"), ==, 4);
    mig_sessions_end(&m.v, &s);
    mig_end(&m);
}

/*
 * Migration to a file and back (QEMU 7.2 has no file: URI: exec:cat).
 * A burst is kicked and the VM stopped at once: when `stop` returns,
 * every request of it is in the used ring (the stop handler waited for
 * them).  Then a request is made available without a kick: the stopped
 * device does not pop it, and the destination, once continued, answers
 * it without a new kick.
 */
static void test_migrate_file(void)
{
    g_autofree Burst *b = g_new0(Burst, 1);
    g_autofree char *file = NULL;
    g_autofree char *cmd = NULL;
    uint8_t out[32];
    struct virtio_cryptodev_op_req req = {
        .opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CRYPT),
        .src_len = cpu_to_le32(32), .dst_len = cpu_to_le32(32),
        .iv_len = cpu_to_le32(16),
    };
    struct virtio_cryptodev_op_resp resp;
    uint8_t in[48];
    Seg segs[4] = { RD(&req, sizeof(req)), RD(in, sizeof(in)),
                    WR(out, sizeof(out)), WR(&resp, sizeof(resp)) };
    uint64_t addr[4];
    uint32_t head, len;
    uint16_t used;
    MigSessions s;
    QTestState *to;
    Mig m;
    int fd;

    fd = g_file_open_tmp("vcd-qtest-migrate-XXXXXX", &file, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    mig_start(&m, "");
    mig_sessions_begin(&m.v, &s);
    req.session_id = cpu_to_le64(s.cbc);
    memcpy(in, CBC_IV.p, 16);
    memcpy(in + 16, CBC_PT.p, 32);

    vcd_burst(&m.v, b, s.cbc, 16);
    used = qtest_readw(m.v.qts, m.v.dataq->used + 2);
    mig_qmp(m.qs->qts, "{'execute': 'stop'}");
    g_test_message("%u of 16 requests used before the stop",
                   (uint16_t)(used - m.v.dataq->last_used_idx));
    g_assert_cmpuint(qtest_readw(m.v.qts, m.v.dataq->used + 2), ==,
                     (uint16_t)(m.v.dataq->last_used_idx + 16));
    mig_burst_done(&m.v, b);

    vcd_ring_idle(m.v.dataq);
    head = vcd_add(&m.v, m.v.dataq, segs, 4, addr);
    vcd_publish_nokick(&m.v, m.v.dataq, &head, 1);
    used = qtest_readw(m.v.qts, m.v.dataq->used + 2);
    cmd = g_strdup_printf("exec:cat >%s", file);
    mig_qmp(m.qs->qts, "{'execute': 'migrate', 'arguments': {'uri': %s}}",
            cmd);
    mig_wait(m.qs->qts, "completed");
    /* A stopped device pops nothing. */
    g_assert_cmpuint(qtest_readw(m.v.qts, m.v.dataq->used + 2), ==, used);

    to = qtest_initf(VCD_MIG_DEVICE " -incoming 'exec:cat %s'", file);
    mig_wait(to, "completed");
    g_assert(!mig_running(to));     /* the source was stopped */
    mig_switch(&m, to);
    unlink(file);
    g_assert_cmpuint(qtest_readw(m.v.qts, m.v.dataq->used + 2), ==, used);
    mig_qmp(m.v.qts, "{'execute': 'cont'}");
    qvirtio_wait_used_elem(m.v.qts, m.v.dev, m.v.dataq, head, &len,
                           VCD_TIMEOUT_US);
    vcd_collect(&m.v, segs, 4, addr);
    g_assert_cmpuint(le32_to_cpu(resp.status), ==, VIRTIO_CRYPTODEV_S_OK);
    assert_bytes(out, CBC_CT);
    g_assert_cmpuint(qtest_readw(m.v.qts, m.v.dataq->used + 2), ==,
                     (uint16_t)(used + 1));

    /* That request was blocks 1-2 again: the chain is where it was. */
    mig_sessions_end(&m.v, &s);
    mig_end(&m);
}

/*
 * A destination that cannot take the sessions (here: a hash part-way
 * longer than its migrate-hash-max) fails the load with a message, and
 * the source, told so over the return path, goes on running with its
 * sessions as they were.
 */
#define MIG_RETURN_PATH "{'execute': 'migrate-set-capabilities', " \
    "'arguments': {'capabilities': " \
    "[{'capability': 'return-path', 'state': true}]}}"

static void test_migrate_refused(void)
{
    g_autofree char *uri = NULL;
    g_autofree char *log = NULL;
    g_autofree char *text = NULL;
    MigSessions s;
    QTestState *to;
    gint64 deadline;
    Mig m;
    int fd;

    fd = g_file_open_tmp("vcd-qtest-migrate-log-XXXXXX", &log, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    mig_start(&m, "");
    mig_sessions_begin(&m.v, &s);
    to = qtest_initf(VCD_MIG_DEVICE ",migrate-hash-max=8 "
                     "-incoming tcp:127.0.0.1:0 2>%s", log);
    qtest_set_expected_status(to, EXIT_FAILURE);
    uri = mig_listen_uri(to);
    mig_qmp(m.qs->qts, MIG_RETURN_PATH);
    mig_qmp(to, MIG_RETURN_PATH);
    mig_qmp(m.qs->qts, "{'execute': 'migrate', 'arguments': {'uri': %s}}",
            uri);
    mig_wait(m.qs->qts, "failed");
    deadline = g_get_monotonic_time() + VCD_TIMEOUT_US;
    while (qtest_probe_child(to)) {     /* the destination exits */
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10 * 1000);
    }
    qtest_quit(to);
    g_assert(g_file_get_contents(log, &text, NULL, NULL));
    unlink(log);
    printf("# destination: %s", text);
    g_assert(strstr(text, "more than migrate-hash-max=8 here"));

    mig_wait_running(m.qs->qts);
    mig_sessions_end(&m.v, &s);
    mig_end(&m);
}

/* workers out of range fails device_add, with a message. */
static void test_worker_props(void *obj, void *data, QGuestAllocator *alloc)
{
    Vcd v = vcd_init(obj, alloc);
    QDict *rsp, *err;

    rsp = qtest_qmp(v.qts, "{'execute': 'device_add', 'arguments': "
                    "{'driver': 'virtio-cryptodev-pci', 'id': 'bad0', "
                    "'workers': 65}}");
    err = qdict_get_qdict(rsp, "error");
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(qdict_get_str(err, "desc"), "workers must be"));
    qobject_unref(rsp);
    /* This device (the options of the test) still answers. */
    cbc_still_works(&v, vcd_create(&v, VIRTIO_CRYPTODEV_CIPHER_AES_CBC,
                                   CBC_KEY,
                                   VIRTIO_CRYPTODEV_HASH_NONE, none));
    vcd_stop(&v);
}

/* ---- registration ------------------------------------------------------ */

static QOSGraphTestOptions two_queues = {
    .edge.extra_device_opts = "queues=2",
};

static QOSGraphTestOptions big_queues = {
    .edge.extra_device_opts = "queues=64,max-data-len=8388608",
};

/* One data worker for both data queues (one group, one lock). */
static QOSGraphTestOptions one_worker = {
    .edge.extra_device_opts = "queues=2,workers=1",
};

/* Five workers on one data queue. */
static QOSGraphTestOptions five_workers = {
    .edge.extra_device_opts = "workers=5",
};

/* One data worker, and 8 MiB requests. */
static QOSGraphTestOptions one_worker_big = {
    .edge.extra_device_opts = "workers=1,max-data-len=8388608",
};

/* 64 data queues in 4 groups of 16, each served by one worker. */
static QOSGraphTestOptions big_queues_4_workers = {
    .edge.extra_device_opts = "queues=64,max-data-len=8388608,workers=4",
};

static void vcd_register(void)
{
    QPCIAddress addr = { .devfn = QPCI_DEVFN(4, 0) };
    QOSGraphEdgeOptions opts = { .extra_device_opts = "addr=04.0,id=vcd0" };

    add_qpci_address(&opts, &addr);
    qos_node_create_driver("virtio-cryptodev-pci", vcd_pci_create);
    qos_node_consumes("virtio-cryptodev-pci", "pci-bus", &opts);
    qos_node_produces("virtio-cryptodev-pci", "pci-device");

    qos_add_test("config", "virtio-cryptodev-pci", test_config, NULL);
    qos_add_test("happy-path", "virtio-cryptodev-pci", test_happy_path,
                 NULL);
    qos_add_test("many-in-flight", "virtio-cryptodev-pci",
                 test_many_in_flight, NULL);
    qos_add_test("malformed", "virtio-cryptodev-pci", test_malformed, NULL);
    qos_add_test("no-room-for-response", "virtio-cryptodev-pci",
                 test_no_room_for_response, NULL);
    qos_add_test("reset", "virtio-cryptodev-pci", test_reset, NULL);
    qos_add_test("reset-in-flight", "virtio-cryptodev-pci",
                 test_reset_in_flight, NULL);
    qos_add_test("queue-reset", "virtio-cryptodev-pci", test_queue_reset,
                 NULL);
    qos_add_test("hotplug", "virtio-cryptodev-pci", test_hotplug, NULL);
    qos_add_test("two-data-queues", "virtio-cryptodev-pci",
                 test_two_data_queues, &two_queues);
    qos_add_test("queue-reset-alone", "virtio-cryptodev-pci",
                 test_queue_reset_alone, &big_queues);
    qos_add_test("two-data-queues-one-worker", "virtio-cryptodev-pci",
                 test_two_data_queues, &one_worker);
    qos_add_test("queue-reset-one-worker", "virtio-cryptodev-pci",
                 test_queue_reset, &one_worker);
    qos_add_test("many-in-flight-five-workers", "virtio-cryptodev-pci",
                 test_many_in_flight, &five_workers);
    qos_add_test("reset-in-flight-five-workers", "virtio-cryptodev-pci",
                 test_reset_in_flight, &five_workers);
    qos_add_test("queue-reset-alone-4-workers", "virtio-cryptodev-pci",
                 test_queue_reset_alone, &big_queues_4_workers);
    qos_add_test("worker-props", "virtio-cryptodev-pci", test_worker_props,
                 NULL);
    qos_add_test("ctrl-not-behind-data", "virtio-cryptodev-pci",
                 test_ctrl_not_behind_data, &one_worker_big);
    qtest_add_func("/virtio-cryptodev/log-rate-limit", test_log_rate_limit);
    qtest_add_func("/virtio-cryptodev/migrate/tcp", test_migrate_tcp);
    qtest_add_func("/virtio-cryptodev/migrate/file", test_migrate_file);
    qtest_add_func("/virtio-cryptodev/migrate/refused", test_migrate_refused);
}

libqos_init(vcd_register);
