// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests of the device items of issue 8 (hardening after an outside
 * review), for whichever engine core-test runs:
 *
 *   - a failed request leaves no data in the session's hash;
 *   - devcrypto: requests go with COP_FLAG_NO_ZC, and max-sessions x
 *     max-data-len is capped;
 *   - devcrypto: a GCM tag longer than an earlier one still works;
 *   - XTS above 2^20 blocks is BADLEN;
 *   - on error every byte before the response is zero, and a writable
 *     part over the protocol's maximum is a malformed ring;
 *   - src copies and unauthenticated plaintext are wiped before free();
 *   - a cipher whose fetch fails for one key size is not advertised.
 *
 * Fault injection and the free() watch come from fault.c, linked only
 * into the host binaries; in the guest those tests skip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "fake-devcrypto.h"
#include "fault.h"
#include "test-util.h"

#define AES_XTS		VIRTIO_CRYPTODEV_CIPHER_AES_XTS
#define AES_GCM		VIRTIO_CRYPTODEV_CIPHER_AES_GCM
#define XTS_MAX_LEN	(16u << 20)	/* 2^20 blocks of 16 bytes */
#define MAX_IN_EXTRA	(16 + 64 + 8)	/* iv_out, digest, response */

/* fake-devcrypto.c: page-array entries its sessions keep (weak: guest). */
size_t fake_devcrypto_pages(void) __attribute__((weak));

static const uint8_t key16[16] = "0123456789abcdef";
static const uint8_t iv16[16] = "fedcba9876543210";

static bool on_fake(void)
{
	return !strcmp(engine_name, "devcrypto") && devcrypto_path &&
	       !strcmp(devcrypto_path, FAKE_DEVCRYPTO_PATH);
}

/* Whether an engine failure can be injected: openssl, or the fake. */
static bool can_inject(void)
{
	return fault_linked() && (!strcmp(engine_name, "openssl") || on_fake());
}

static struct vcd_core *open_with(uint32_t max_sessions, uint32_t max_len,
				  char *err, size_t errlen)
{
	struct vcd_core_conf conf = {
		.engine = engine_name, .devcrypto_path = devcrypto_path,
		.max_sessions = max_sessions, .max_data_len = max_len,
	};

	return vcd_core_new(&conf, err, errlen);
}

/* ---- 2: a failed request resets the hash ---- */

static void failed_request_hash(struct vcd_core *core)
{
	uint8_t a[16], b[16], c[16], dst[16], dg[32], want[32];
	uint64_t id;
	uint32_t st;

	if (!can_inject()) {
		skip("no fault injection here", "failed cipher resets the hash");
		return;
	}
	memset(a, 'A', 16);
	memset(b, 'B', 16);
	memset(c, 'C', 16);
	id = rb_new_session(core, AES_CBC, SHA256, 0, key16, 16, NULL, 0,
			    &st);
	is_status(st, S_OK, "AES-CBC + SHA-256 session");
	st = op_run(core, &(struct rb_op){ .flags = F_RESET,
		    .session_id = id, .iv = iv16, .iv_len = 16, .src = a,
		    .src_len = 16, .dst_len = 16 }, 0, dst, NULL, NULL);
	is_status(st, S_OK, "combined: first part");
	fault_cipher_update(1);
	st = op_run(core, &(struct rb_op){ .session_id = id, .iv = iv16,
		    .iv_len = 16, .src = b, .src_len = 16, .dst_len = 16 },
		    0, dst, NULL, NULL);
	fault_cipher_update(0);
	is_status(st, VIRTIO_CRYPTODEV_S_IOERR,
		  "combined: the cipher fails after the hash took src");
	st = op_run(core, &(struct rb_op){ .flags = F_FINAL,
		    .session_id = id, .iv = iv16, .iv_len = 16, .src = c,
		    .src_len = 16, .dst_len = 16, .tag_len = 32 }, 0, dst,
		    NULL, dg);
	EVP_Q_digest(NULL, "SHA256", NULL, c, 16, want, NULL);
	ok(st == S_OK && !memcmp(dg, want, 32),
	   "after a failed request the hash starts afresh: SHA-256(C)");
	rb_end_session(core, id);
}

/* ---- 3: devcrypto, NO_ZC and the memory cap ---- */

static void devcrypto_memory(struct vcd_core *core)
{
	static uint8_t src[256 << 10], dst[sizeof(src)];
	struct vcd_core *big;
	char err[256] = "";
	uint64_t id;
	uint32_t st;

	if (strcmp(engine_name, "devcrypto"))
		return;
	big = open_with(VCD_MAX_MAX_SESSIONS, VCD_MAX_MAX_DATA_LEN, err,
			sizeof(err));
	ok(!big && strstr(err, "max-sessions"),
	   "65536 sessions x 64 MiB refused: %s", err);
	vcd_core_free(big);
	big = open_with(4096, 1u << 20, err, sizeof(err));
	ok(big != NULL, "4096 sessions x 1 MiB accepted");
	vcd_core_free(big);

	if (!on_fake() || !fake_devcrypto_pages) {
		skip("needs the fake /dev/crypto", "requests use COP_FLAG_NO_ZC");
		return;
	}
	id = rb_new_session(core, AES_CBC, 0, 0, key16, 16, NULL, 0, &st);
	st = op_run(core, &(struct rb_op){ .session_id = id, .iv = iv16,
		    .iv_len = 16, .src = src, .src_len = sizeof(src),
		    .dst_len = sizeof(src) }, 0, dst, NULL, NULL);
	is_status(st, S_OK, "a 256 KiB request");
	ok(fake_devcrypto_pages() == 0,
	   "the host keeps no pages for it (COP_FLAG_NO_ZC): %zu",
	   fake_devcrypto_pages());
	rb_end_session(core, id);
}

/* ---- 4: GCM tag lengths that grow ---- */

static void gcm_ref(const uint8_t *pt, int len, uint8_t *ct, uint8_t *tag,
		    int tag_len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int outl;

	EVP_EncryptInit_ex2(c, EVP_aes_128_gcm(), key16, iv16, NULL);
	EVP_EncryptUpdate(c, ct, &outl, pt, len);
	EVP_EncryptFinal_ex(c, ct + outl, &outl);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, tag_len, tag);
	EVP_CIPHER_CTX_free(c);
}

static void gcm_tag_lengths(struct vcd_core *core)
{
	static const uint32_t lens[] = { 8, 16, 4, 12, 16 };
	uint8_t pt[32], ct[32], tag[16], out[48], want[48];
	uint64_t id;
	uint32_t st;
	size_t i;

	memset(pt, 'p', sizeof(pt));
	id = rb_new_session(core, AES_GCM, 0, 0, key16, 16, NULL, 0, &st);
	if (st == VIRTIO_CRYPTODEV_S_UNSUPP) {
		skip("not offered", "GCM tag lengths");
		return;
	}
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		gcm_ref(pt, 32, want, want + 32, (int)lens[i]);
		st = op_run(core, &(struct rb_op){ .opcode = OP_AEAD,
			    .session_id = id, .iv = iv16, .iv_len = 12,
			    .src = pt, .src_len = 32, .dst_len = 32,
			    .tag_len = lens[i] }, 0, out, NULL, out + 32);
		ok(st == S_OK && !memcmp(out, want, 32 + lens[i]),
		   "GCM encrypt with a %u-byte tag after shorter ones",
		   lens[i]);
		if (st != S_OK)
			printf("# got status %u\n", st);
	}
	gcm_ref(pt, 32, ct, tag, 16);
	st = op_run(core, &(struct rb_op){ .opcode = OP_AEAD, .flags = F_DEC,
		    .session_id = id, .iv = iv16, .iv_len = 12, .src = ct,
		    .src_len = 32, .dst_len = 32, .tag = tag, .tag_len = 16 },
		    0, out, NULL, NULL);
	ok(st == S_OK && !memcmp(out, pt, 32),
	   "GCM decrypt with a 16-byte tag after shorter ones");
	rb_end_session(core, id);
}

/* ---- 5: XTS data-unit limit ---- */

static void xts_limit(void)
{
	uint8_t key[32];
	struct vcd_core *core;
	uint8_t *buf;
	char err[256] = "";
	uint64_t id;
	uint32_t st;
	int i;

	core = open_with(16, 32u << 20, err, sizeof(err));
	if (!core) {
		ok(false, "core with max_data_len 32 MiB: %s", err);
		return;
	}
	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	id = rb_new_session(core, AES_XTS, 0, 0, key, 32, NULL, 0, &st);
	if (st == VIRTIO_CRYPTODEV_S_UNSUPP) {
		skip("not offered", "XTS data-unit limit");
		vcd_core_free(core);
		return;
	}
	buf = calloc(1, XTS_MAX_LEN + 16);
	st = op_run(core, &(struct rb_op){ .session_id = id, .iv = iv16,
		    .iv_len = 16, .src = buf, .src_len = XTS_MAX_LEN + 16,
		    .dst_len = XTS_MAX_LEN + 16 }, 0, NULL, NULL, NULL);
	is_status(st, VIRTIO_CRYPTODEV_S_BADLEN, "XTS over 2^20 blocks");
	/* Through a guest's driver the device's 1 MiB limit applies. */
	if (!strcmp(engine_name, "openssl") || on_fake()) {
		st = op_run(core, &(struct rb_op){ .session_id = id,
			    .iv = iv16, .iv_len = 16, .src = buf,
			    .src_len = XTS_MAX_LEN, .dst_len = XTS_MAX_LEN },
			    0, NULL, NULL, NULL);
		is_status(st, S_OK, "XTS of exactly 2^20 blocks");
	}
	free(buf);
	rb_end_session(core, id);
	vcd_core_free(core);
}

/* ---- 6: what the used length covers ---- */

static bool zero_before_resp(const struct rb *rb)
{
	size_t i;

	for (i = 0; i < rb_resp_off(rb); i++)
		if (rb->in[i])
			return false;
	return true;
}

static void used_length(struct vcd_core *core)
{
	uint8_t src[64] = { 0 }, ct[32], tag[16];
	struct rb rb;
	uint64_t id;
	uint32_t max_in = VCD_DEFAULT_MAX_DATA_LEN + MAX_IN_EXTRA;

	rb_init(&rb);
	id = rb_new_session(core, AES_CBC, 0, 0, key16, 16, NULL, 0, NULL);
	rb_op(&rb, &(struct rb_op){ .session_id = id + 1, .iv = iv16,
	      .iv_len = 16, .src = src, .src_len = 32, .dst_len = 32 });
	ok(rb_run(core, &rb) == VCD_ANSWERED && rb.in_written == rb.in_len &&
	   rb_status(&rb) == VIRTIO_CRYPTODEV_S_INVSESS && zero_before_resp(&rb),
	   "INVSESS: used length the whole writable part, dst zeroed");
	rb_op(&rb, &(struct rb_op){ .session_id = id, .iv = iv16,
	      .iv_len = 16, .src = src, .src_len = 32, .dst_len = 32 });
	rb_set_in_len(&rb, rb.in_len + 100);
	rb_split(&rb, 0, 7);
	ok(rb_run(core, &rb) == VCD_ANSWERED && rb.in_written == rb.in_len &&
	   rb_status(&rb) == VIRTIO_CRYPTODEV_S_BADMSG && zero_before_resp(&rb),
	   "BADMSG: a too long writable part is zeroed up to the response");

	rb_create(&rb, AES_CBC, 0, 0, key16, 16, NULL, 0);
	rb_set_in_len(&rb, 48);
	ok(rb_run(core, &rb) == VCD_ANSWERED && rb.in_written == 48 &&
	   rb_status(&rb) == VIRTIO_CRYPTODEV_S_BADMSG && zero_before_resp(&rb),
	   "control BADMSG: zeroed up to the response");

	/* A failed tag: no plaintext, zeros. */
	rb_end_session(core, id);
	id = rb_new_session(core, AES_GCM, 0, 0, key16, 16, NULL, 0, NULL);
	if (id) {
		gcm_ref(src, 32, ct, tag, 16);
		tag[0] ^= 1;
		rb_op(&rb, &(struct rb_op){ .opcode = OP_AEAD, .flags = F_DEC,
		      .session_id = id, .iv = iv16, .iv_len = 12, .src = ct,
		      .src_len = 32, .dst_len = 32, .tag = tag,
		      .tag_len = 16 });
		ok(rb_run(core, &rb) == VCD_ANSWERED &&
		   rb_status(&rb) == VIRTIO_CRYPTODEV_S_AUTHFAIL &&
		   zero_before_resp(&rb), "AUTHFAIL: dst zeroed");
		rb_end_session(core, id);
	}

	/* Over the protocol's maximum: malformed, nothing written. */
	rb_op(&rb, &(struct rb_op){ .session_id = id, .iv = iv16,
	      .iv_len = 16, .src = src, .src_len = 32, .dst_len = 32 });
	rb_set_in_len(&rb, max_in);
	ok(rb_run(core, &rb) == VCD_ANSWERED && rb.in_written == max_in,
	   "writable part of max_data_len + 88 bytes is answered");
	rb_set_in_len(&rb, max_in + 1);
	ok(rb_run(core, &rb) == VCD_MALFORMED && rb.in_written == 0 &&
	   rb.in[0] == 0xa5 && rb.in[max_in] == 0xa5,
	   "writable part of max_data_len + 89 bytes is a malformed ring");
	rb_create(&rb, AES_CBC, 0, 0, key16, 16, NULL, 0);
	rb_set_in_len(&rb, max_in + 1);
	ok(rb_run(core, &rb) == VCD_MALFORMED && rb.in_written == 0,
	   "same on the control queue");
	rb_free(&rb);
}

/* ---- 8: request data wiped before free() ---- */

#define SECRET 0x5c

static unsigned int leaks_of(struct vcd_core *core, struct rb *rb,
			     uint32_t *st)
{
	unsigned int n;

	rb_split(rb, 0, 0);
	fault_free_arm(SECRET);
	*st = rb_run(core, rb) == VCD_ANSWERED ? rb_status(rb) : UINT32_MAX;
	n = fault_free_disarm();
	return n;
}

static void wiped(struct vcd_core *core)
{
	static uint8_t secret[4096], ct[4096];
	uint8_t tag[16];
	struct rb rb;
	uint64_t id;
	uint32_t st;
	unsigned int n;

	if (!fault_linked()) {
		skip("no free() watch here", "request data wiped before free");
		return;
	}
	memset(secret, SECRET, sizeof(secret));
	rb_init(&rb);
	id = rb_new_session(core, 0, SHA256, 0, NULL, 0, NULL, 0, NULL);
	rb_op(&rb, &(struct rb_op){ .flags = F_RESET | F_FINAL,
	      .session_id = id, .src = secret, .src_len = sizeof(secret),
	      .tag_len = 32 });
	n = leaks_of(core, &rb, &st);
	ok(st == S_OK && n == 0, "src copy wiped before free (%u blocks)", n);
	rb_end_session(core, id);

	id = rb_new_session(core, AES_GCM, 0, 0, key16, 16, NULL, 0, &st);
	if (!id) {
		skip("not offered", "plaintext wiped after a tag failure");
		rb_free(&rb);
		return;
	}
	gcm_ref(secret, sizeof(secret), ct, tag, 16);
	tag[0] ^= 1;
	rb_op(&rb, &(struct rb_op){ .opcode = OP_AEAD, .flags = F_DEC,
	      .session_id = id, .iv = iv16, .iv_len = 12, .src = ct,
	      .src_len = sizeof(ct), .dst_len = sizeof(ct), .tag = tag,
	      .tag_len = 16 });
	n = leaks_of(core, &rb, &st);
	ok(st == VIRTIO_CRYPTODEV_S_AUTHFAIL && n == 0,
	   "plaintext after a tag failure wiped before free (%u blocks)", n);
	rb_end_session(core, id);
	rb_free(&rb);
}

/* ---- 9: the mask and the key sizes ---- */

/* devcrypto: a host without AES-192 (the fake's third node). */
static void mask_per_key_size_devcrypto(void)
{
	struct vcd_core_conf conf = {
		.engine = "devcrypto",
		.devcrypto_path = FAKE_DEVCRYPTO_PATH_NO_AES192,
	};
	struct virtio_cryptodev_config cfg;
	struct vcd_core *core;
	char err[256] = "";
	uint8_t mask;

	core = vcd_core_new(&conf, err, sizeof(err));
	if (!core) {
		ok(false, "core on a host without AES-192: %s", err);
		return;
	}
	vcd_core_get_config(core, &cfg);
	mask = ((const uint8_t *)&cfg)[24];
	ok(!(mask & 1u << AES_CBC) && !(mask & 1u << AES_GCM) &&
	   (mask & 1u << AES_XTS),
	   "host without AES-192: CBC, GCM not offered, XTS is (mask 0x%x)",
	   mask);
	vcd_core_free(core);
}

static void mask_per_key_size(void)
{
	struct virtio_cryptodev_config cfg;
	struct vcd_core *core;
	char err[256] = "";
	uint8_t key[32] = { 0 };
	uint32_t st;

	if (on_fake()) {
		mask_per_key_size_devcrypto();
		return;
	}
	if (!fault_linked() || strcmp(engine_name, "openssl")) {
		skip("needs fault injection and openssl",
		     "a cipher missing one key size is not offered");
		return;
	}
	fault_cipher_fetch("AES-256-CBC");
	core = open_with(0, 0, err, sizeof(err));
	fault_cipher_fetch(NULL);
	if (!core) {
		ok(false, "core without AES-256-CBC: %s", err);
		return;
	}
	vcd_core_get_config(core, &cfg);
	ok(!(((const uint8_t *)&cfg)[24] & 1u << AES_CBC),
	   "no AES-256-CBC: the CBC bit is clear in the mask");
	rb_new_session(core, AES_CBC, 0, 0, key, 32, NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_UNSUPP, "CBC session refused");
	vcd_core_free(core);
}

/*
 * An algorithm that OpenSSL cannot give (here DES-CBC, as on a host
 * without the legacy provider) is left out of the mask and refused as
 * unsupported; the rest is offered as before.
 */
static void mask_without_legacy(void)
{
	struct virtio_cryptodev_config cfg;
	const uint8_t key[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct vcd_core *core;
	char err[128] = "";
	uint32_t st, mask;
	const uint8_t *b = (const uint8_t *)&cfg;

	if (!fault_linked() || strcmp(engine_name, "openssl")) {
		skip("needs fault injection and openssl",
		     "a missing legacy algorithm is not offered");
		return;
	}
	fault_cipher_fetch("DES-CBC");
	core = open_with(0, 0, err, sizeof(err));
	fault_cipher_fetch(NULL);
	if (!core) {
		ok(false, "core without DES-CBC: %s", err);
		return;
	}
	vcd_core_get_config(core, &cfg);
	mask = b[24] | b[25] << 8 | b[26] << 16 | (uint32_t)b[27] << 24;
	ok(!(mask & 1u << VIRTIO_CRYPTODEV_CIPHER_DES_CBC) &&
	   (mask & 1u << VIRTIO_CRYPTODEV_CIPHER_3DES_CBC) &&
	   (mask & 1u << AES_CBC),
	   "no DES-CBC: its bit alone is clear (mask %#x)", mask);
	rb_new_session(core, VIRTIO_CRYPTODEV_CIPHER_DES_CBC, 0, 0, key, 8,
		       NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_UNSUPP, "DES-CBC session refused");
	vcd_core_free(core);
}

void hardening(struct vcd_core *core)
{
	failed_request_hash(core);
	devcrypto_memory(core);
	gcm_tag_lengths(core);
	xts_limit();
	used_length(core);
	wiped(core);
	mask_per_key_size();
	mask_without_legacy();
}
