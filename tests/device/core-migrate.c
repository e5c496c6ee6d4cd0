// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Save and load of the session table (device/core/migrate.c): sessions
 * saved in one core and loaded into another go on where they were, a
 * CBC chain, hashes and HMACs between UPDATE requests, a cipher with an
 * HMAC, the ARC4 keystream, a COPY_HASH; a hash past migrate_hash_max
 * comes back stale; ids survive and are not handed out again; and a
 * corrupt, truncated or unsupported blob is refused with a message,
 * leaving the core without sessions.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "fake-devcrypto.h"
#include "test-util.h"

#define ARC4		VIRTIO_CRYPTODEV_CIPHER_ARC4
#define S_STALE		VIRTIO_CRYPTODEV_S_STALE

static const uint8_t key16[16] = "migrate-key-0123";
static const uint8_t mac_key[20] = "hmac key for moving";
static const uint8_t iv16[16] = "an iv of sixteen";

static struct vcd_core *mig_core(uint32_t hash_max, const char *path)
{
	struct vcd_core_conf conf = {
		.engine = engine_name,
		.devcrypto_path = path ? path : devcrypto_path,
		.migrate_hash_max = hash_max,
	};
	char err[256] = "";
	struct vcd_core *core = vcd_core_new(&conf, err, sizeof(err));

	if (!core)
		printf("# %s\n", err);
	return core;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* Save @from, load into a fresh core; NULL (and a failed test) on error. */
static struct vcd_core *move(struct vcd_core *from, uint32_t hash_max,
			     const char *what)
{
	struct vcd_core *to = mig_core(hash_max, NULL);
	char err[256] = "";
	size_t len = 0;
	void *blob = vcd_core_save(from, &len);
	bool loaded = blob && to &&
		      vcd_core_load(to, blob, len, err, sizeof(err));

	ok(loaded, "%s: saved (%zu bytes) and loaded", what, len);
	if (!loaded)
		printf("# %s\n", err);
	vcd_core_blob_free(blob, len);
	if (!loaded) {
		vcd_core_free(to);
		return NULL;
	}
	return to;
}

static uint32_t cbc_op(struct vcd_core *core, uint64_t id, const uint8_t *iv,
		       const uint8_t *src, uint32_t len, uint8_t *dst)
{
	struct rb_op op = { .session_id = id, .iv = iv, .iv_len = iv ? 16 : 0,
			    .src = src, .src_len = len, .dst_len = len };

	return op_run(core, &op, 7, dst, NULL, NULL);
}

/* A CBC stream chained across requests: half before, half after. */
static void cbc_chain(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b;
	uint8_t pt[64], ct[64], want[64];
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	uint64_t id;
	int outl;

	fill(pt, sizeof(pt), 1);
	EVP_EncryptInit_ex2(c, EVP_aes_128_cbc(), key16, iv16, NULL);
	EVP_CIPHER_CTX_set_padding(c, 0);
	EVP_EncryptUpdate(c, want, &outl, pt, sizeof(pt));
	EVP_CIPHER_CTX_free(c);

	id = rb_new_session(a, AES_CBC, 0, 0, key16, 16, NULL, 0, NULL);
	is_status(cbc_op(a, id, iv16, pt, 32, ct), S_OK, "migrate: CBC part 1");
	b = move(a, 0, "migrate: CBC chain");
	vcd_core_free(a);
	if (!b)
		return;
	is_status(cbc_op(b, id, NULL, pt + 32, 32, ct + 32), S_OK,
		  "migrate: CBC part 2 on the chained IV, same id");
	ok(!memcmp(ct, want, 64), "migrate: the CBC stream equals OpenSSL's");
	is_status(rb_end_session(b, id), S_OK, "migrate: the id destroys");
	vcd_core_free(b);
}

static void digest_of(const uint8_t *msg, size_t len, bool hmac, uint8_t *d)
{
	unsigned int dl;

	if (hmac)
		HMAC(EVP_sha256(), mac_key, sizeof(mac_key), msg, len, d, &dl);
	else
		EVP_Digest(msg, len, d, &dl, EVP_sha256(), NULL);
}

/* SHA-256 or HMAC-SHA-256 over three UPDATEs, moved twice between. */
static void hash_midway(bool hmac)
{
	const char *name = hmac ? "HMAC-SHA-256" : "SHA-256";
	struct vcd_core *a = mig_core(0, NULL), *b, *c;
	uint8_t msg[300], dg[32], want[32];
	uint64_t id;

	fill(msg, sizeof(msg), 3);
	digest_of(msg, sizeof(msg), hmac, want);
	id = rb_new_session(a, 0, SHA256, hmac ? 1 : 0, NULL, 0,
			    hmac ? mac_key : NULL, hmac ? sizeof(mac_key) : 0,
			    NULL);
	is_status(hash_req(a, id, F_RESET, msg, 100, 32, NULL), S_OK,
		  "migrate: hash UPDATE 1");
	b = move(a, 0, "migrate: hash after one UPDATE");
	vcd_core_free(a);
	if (!b)
		return;
	is_status(hash_req(b, id, 0, msg + 100, 150, 32, NULL), S_OK,
		  "migrate: hash UPDATE 2, after the move");
	c = move(b, 0, "migrate: hash after two UPDATEs");
	vcd_core_free(b);
	if (!c)
		return;
	is_status(hash_req(c, id, F_FINAL, msg + 250, 50, 32, dg), S_OK,
		  "migrate: hash FINAL, after the second move");
	ok(!memcmp(dg, want, 32), "migrate: %s across two moves equals "
	   "OpenSSL's", name);
	/* A finished hash leaves nothing behind: the next one starts. */
	is_status(hash_req(c, id, F_FINAL, msg, 100, 32, dg), S_OK,
		  "migrate: the next hash");
	digest_of(msg, 100, hmac, want);
	ok(!memcmp(dg, want, 32), "migrate: the next %s starts afresh", name);
	vcd_core_free(c);
}

/* AES-CBC with HMAC-SHA-256: the chain and the HMAC both go on. */
static void cipher_and_hmac(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b;
	uint8_t pt[64], ct[64], want[64], dg[32], want_dg[32];
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	struct rb_op op = { .iv = iv16, .iv_len = 16, .src = pt,
			    .src_len = 32, .dst_len = 32,
			    .flags = F_RESET };
	int outl;

	fill(pt, sizeof(pt), 5);
	EVP_EncryptInit_ex2(c, EVP_aes_128_cbc(), key16, iv16, NULL);
	EVP_CIPHER_CTX_set_padding(c, 0);
	EVP_EncryptUpdate(c, want, &outl, pt, sizeof(pt));
	EVP_CIPHER_CTX_free(c);
	digest_of(pt, sizeof(pt), true, want_dg);

	op.session_id = rb_new_session(a, AES_CBC, SHA256, 1, key16, 16,
				       mac_key, sizeof(mac_key), NULL);
	is_status(op_run(a, &op, 5, ct, NULL, NULL), S_OK,
		  "migrate: CBC+HMAC part 1");
	b = move(a, 0, "migrate: CBC+HMAC");
	vcd_core_free(a);
	if (!b)
		return;
	op = (struct rb_op){ .session_id = op.session_id, .src = pt + 32,
			     .src_len = 32, .dst_len = 32, .flags = F_FINAL,
			     .tag_len = 32 };
	is_status(op_run(b, &op, 5, ct + 32, NULL, dg), S_OK,
		  "migrate: CBC+HMAC part 2 and FINAL");
	ok(!memcmp(ct, want, 64) && !memcmp(dg, want_dg, 32),
	   "migrate: CBC+HMAC ciphertext and HMAC equal OpenSSL's");
	vcd_core_free(b);
}

/*
 * One CRYPT request in place: src and dst are the same @len bytes of
 * @buf, as when a guest encrypts a buffer over itself.
 */
static uint32_t inplace_op(struct vcd_core *core, const struct rb_op *op,
			   uint8_t *buf, uint8_t *digest)
{
	struct iovec out[2], in[2];
	size_t hdr, tail, written;
	struct rb rb;
	uint32_t st = UINT32_MAX;

	rb_init(&rb);
	rb_op(&rb, op);
	hdr = rb.out_len - op->src_len;
	tail = rb.in_len - op->dst_len;
	out[0] = (struct iovec){ rb.out, hdr };
	out[1] = (struct iovec){ buf, op->src_len };
	in[0] = (struct iovec){ buf, op->dst_len };
	in[1] = (struct iovec){ rb.in + op->dst_len, tail };
	if (vcd_core_handle(core, false, out, 2, in, 2, &written) ==
	    VCD_ANSWERED)
		st = rb_status(&rb);
	if (digest && st == S_OK)
		memcpy(digest, rb.in + op->dst_len, op->tag_len);
	rb_free(&rb);
	return st;
}

/*
 * CBC+HMAC encrypting in place: the HMAC covers the plaintext, which
 * the request overwrote with ciphertext, and must still go on right.
 */
static void cipher_and_hmac_in_place(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b;
	uint8_t pt[64], buf[64], dg[32], want_dg[32];
	struct rb_op op = { .iv = iv16, .iv_len = 16, .src = buf,
			    .src_len = 32, .dst_len = 32,
			    .flags = F_RESET };

	fill(pt, sizeof(pt), 9);
	memcpy(buf, pt, sizeof(buf));
	digest_of(pt, sizeof(pt), true, want_dg);

	op.session_id = rb_new_session(a, AES_CBC, SHA256, 1, key16, 16,
				       mac_key, sizeof(mac_key), NULL);
	is_status(inplace_op(a, &op, buf, NULL), S_OK,
		  "migrate: CBC+HMAC in place, part 1");
	b = move(a, 0, "migrate: CBC+HMAC in place");
	vcd_core_free(a);
	if (!b)
		return;
	op = (struct rb_op){ .session_id = op.session_id, .src = buf + 32,
			     .src_len = 32, .dst_len = 32, .flags = F_FINAL,
			     .tag_len = 32 };
	is_status(inplace_op(b, &op, buf + 32, dg), S_OK,
		  "migrate: CBC+HMAC in place, part 2 and FINAL");
	ok(!memcmp(dg, want_dg, 32),
	   "migrate: an HMAC over plaintext encrypted in place goes on");
	vcd_core_free(b);
}

/* ARC4: the keystream goes on from where it was. */
static void arc4_position(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b;
	uint8_t pt[100] = { 0 }, ct[100], want[100];
	struct virtio_cryptodev_config cfg;
	EVP_CIPHER_CTX *c;
	EVP_CIPHER *rc4;
	struct rb_op op = { .src = pt, .src_len = 30, .dst_len = 30 };
	int outl;

	vcd_core_get_config(a, &cfg);
	rc4 = EVP_CIPHER_fetch(NULL, "RC4", NULL);
	if (!(le32toh(cfg.cipher_algs) & 1u << ARC4) || !rc4) {
		skip("no ARC4 here", "migrate: ARC4 keystream position");
		EVP_CIPHER_free(rc4);
		vcd_core_free(a);
		return;
	}
	fill(pt, sizeof(pt), 9);
	c = EVP_CIPHER_CTX_new();
	EVP_EncryptInit_ex2(c, rc4, key16, NULL, NULL);
	EVP_EncryptUpdate(c, want, &outl, pt, sizeof(pt));
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(rc4);

	op.session_id = rb_new_session(a, ARC4, 0, 0, key16, 16, NULL, 0,
				       NULL);
	is_status(op_run(a, &op, 4, ct, NULL, NULL), S_OK,
		  "migrate: ARC4 part 1");
	b = move(a, 0, "migrate: ARC4");
	vcd_core_free(a);
	if (!b)
		return;
	op.src = pt + 30;
	op.src_len = op.dst_len = 70;
	is_status(op_run(b, &op, 4, ct + 30, NULL, NULL), S_OK,
		  "migrate: ARC4 part 2");
	ok(!memcmp(ct, want, sizeof(want)),
	   "migrate: the ARC4 keystream goes on where it was");
	vcd_core_free(b);
}

/* A hash past the bound is stale after the move; a reset revives it. */
static void stale_bound(void)
{
	struct vcd_core *a = mig_core(64, NULL), *b;
	uint8_t msg[200], dg[32], want[32];
	uint64_t id, small;

	fill(msg, sizeof(msg), 11);
	id = rb_new_session(a, 0, SHA256, 0, NULL, 0, NULL, 0, NULL);
	small = rb_new_session(a, 0, SHA256, 0, NULL, 0, NULL, 0, NULL);
	is_status(hash_req(a, id, F_RESET, msg, 40, 32, NULL), S_OK,
		  "migrate: 40 bytes, under a bound of 64");
	is_status(hash_req(a, id, 0, msg + 40, 40, 32, NULL), S_OK,
		  "migrate: 80 bytes, over it (the source goes on)");
	is_status(hash_req(a, small, F_RESET, msg, 64, 32, NULL), S_OK,
		  "migrate: exactly 64 bytes on another session");
	b = move(a, 64, "migrate: a hash over the bound");
	vcd_core_free(a);
	if (!b)
		return;
	is_status(hash_req(b, id, F_FINAL, msg + 80, 10, 32, dg), S_STALE,
		  "migrate: its FINAL without a reset is refused");
	is_status(hash_req(b, id, 0, msg + 80, 10, 32, NULL), S_STALE,
		  "migrate: and so is an UPDATE");
	is_status(hash_req(b, small, F_FINAL, msg + 64, 10, 32, dg), S_OK,
		  "migrate: the one at the bound finishes");
	digest_of(msg, 74, false, want);
	ok(!memcmp(dg, want, 32), "migrate: with the right digest");
	is_status(hash_req(b, id, F_RESET | F_FINAL, msg, 5, 32, dg), S_OK,
		  "migrate: a reset starts the stale session again");
	digest_of(msg, 5, false, want);
	ok(!memcmp(dg, want, 32), "migrate: with the right digest too");
	is_status(hash_req(b, id, F_FINAL, msg, 7, 32, dg), S_OK,
		  "migrate: and it is not stale any more");
	vcd_core_free(b);
}

/* COPY_HASH copies the kept bytes too. */
static void copied_hash(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b;
	uint8_t msg[90], dg[32], want[32];
	uint64_t x, y;

	fill(msg, sizeof(msg), 13);
	x = rb_new_session(a, 0, SHA256, 0, NULL, 0, NULL, 0, NULL);
	y = rb_new_session(a, 0, SHA256, 0, NULL, 0, NULL, 0, NULL);
	hash_req(a, x, F_RESET, msg, 60, 32, NULL);
	is_status(copy_hash_req(a, y, x), S_OK, "migrate: COPY_HASH midway");
	b = move(a, 0, "migrate: a copied hash");
	vcd_core_free(a);
	if (!b)
		return;
	is_status(hash_req(b, y, F_FINAL, msg + 60, 30, 32, dg), S_OK,
		  "migrate: the copy finishes");
	digest_of(msg, 90, false, want);
	ok(!memcmp(dg, want, 32), "migrate: the copy carried its bytes");
	vcd_core_free(b);
}

/* Ids survive, and neither they nor destroyed ones come back. */
static void ids(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b;
	uint64_t gone, kept, fresh;

	gone = rb_new_session(a, AES_CBC, 0, 0, key16, 16, NULL, 0, NULL);
	kept = rb_new_session(a, AES_CBC, 0, 0, key16, 16, NULL, 0, NULL);
	rb_end_session(a, gone);
	b = move(a, 0, "migrate: ids");
	vcd_core_free(a);
	if (!b)
		return;
	fresh = rb_new_session(b, AES_CBC, 0, 0, key16, 16, NULL, 0, NULL);
	ok(fresh && fresh != gone && fresh != kept,
	   "migrate: a new id differs from the live and the destroyed ones");
	is_status(rb_end_session(b, gone), VIRTIO_CRYPTODEV_S_INVSESS,
		  "migrate: the destroyed id stays invalid");
	is_status(rb_end_session(b, kept), S_OK, "migrate: the kept id lives");
	rb_end_session(b, fresh);
	vcd_core_free(b);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* A load that fails leaves the core empty, with a message. */
static bool refused(struct vcd_core *to, const void *blob, size_t len,
		    const char *want_msg, const char *what)
{
	struct vcd_core_stats st;
	char err[256] = "";
	bool loaded = vcd_core_load(to, blob, len, err, sizeof(err));

	vcd_core_get_stats(to, &st);
	if (!loaded && st.sessions_live == 0 && strstr(err, want_msg))
		return true;
	printf("# %s: loaded %d, %llu sessions, message \"%s\"\n", what,
	       loaded, (unsigned long long)st.sessions_live, err);
	return false;
}

static void hostile_blobs(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b = mig_core(0, NULL);
	uint8_t *bad, msg[20] = { 0 };
	char err[256] = "";
	size_t len = 0, n;
	uint8_t *blob;
	bool all = true;
	uint64_t id;

	rb_new_session(a, AES_CBC, SHA256, 1, key16, 16, mac_key,
		       sizeof(mac_key), NULL);
	id = rb_new_session(a, 0, SHA256, 0, NULL, 0, NULL, 0, NULL);
	hash_req(a, id, F_RESET, msg, sizeof(msg), 32, NULL);
	blob = vcd_core_save(a, &len);
	bad = malloc(len + 1);

	for (n = 0; n < len && all; n++)
		all = refused(b, blob, n, "", "truncated");
	ok(all, "migrate: every truncation of a %zu-byte blob is refused",
	   len);

	memcpy(bad, blob, len);
	bad[len] = 0;
	ok(refused(b, bad, len + 1, "stray", "one byte more"),
	   "migrate: a byte too many is refused");
	bad[4] = 2;
	ok(refused(b, bad, len, "format 2", "version 2"),
	   "migrate: an unknown format version is refused, and named");
	memcpy(bad, blob, len);
	bad[0] = 'X';
	ok(refused(b, bad, len, "not a virtio-cryptodev", "magic"),
	   "migrate: a blob of something else is refused");
	/* The first session's cipher_alg, after its id (slot table: 2). */
	memcpy(bad, blob, len);
	put_le32(bad + 20 + 2 * 8 + 8, 99);
	ok(refused(b, bad, len, "unknown algorithm", "cipher 99"),
	   "migrate: an unknown algorithm is refused");
	memcpy(bad, blob, len);
	put_le32(bad + 20 + 2 * 8 + 8 + 12, 33);	/* key_len */
	ok(refused(b, bad, len, "", "key length 33"),
	   "migrate: a bad key length is refused");
	memcpy(bad, blob, len);
	put_le32(bad + 8, 1000000);	/* nslots */
	ok(refused(b, bad, len, "max-sessions", "nslots"),
	   "migrate: more slots than max-sessions is refused");

	ok(vcd_core_load(b, blob, len, NULL, 0),
	   "migrate: the intact blob loads after all that");
	ok(!vcd_core_load(b, blob, len, err, sizeof(err)) &&
	   strstr(err, "has sessions"),
	   "migrate: a core with sessions takes no blob (%s)", err);
	vcd_core_blob_free(blob, len);
	free(bad);
	vcd_core_free(a);
	vcd_core_free(b);
}

/*
 * Random corruption: a few bytes of a valid blob changed, many times
 * over.  Each load either takes the blob or refuses it and keeps no
 * session; under the sanitizers (make check SANITIZE=1) any read out of
 * bounds would end the test.
 */
#define MUTATIONS	3000

static void mutated_blobs(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b = mig_core(0, NULL);
	unsigned int seed = 20261130, i, j, n, taken = 0;
	struct vcd_core_stats st;
	uint8_t msg[40] = { 1 }, *bad;
	size_t len = 0;
	uint8_t *blob;
	bool clean = true;

	rb_new_session(a, AES_CBC, SHA256, 1, key16, 16, mac_key,
		       sizeof(mac_key), NULL);
	hash_req(a, rb_new_session(a, 0, SHA256, 0, NULL, 0, NULL, 0, NULL),
		 F_RESET, msg, sizeof(msg), 32, NULL);
	blob = vcd_core_save(a, &len);
	bad = malloc(len);
	for (i = 0; i < MUTATIONS && clean; i++) {
		memcpy(bad, blob, len);
		n = 1 + (unsigned int)rand_r(&seed) % 3;
		for (j = 0; j < n; j++)
			bad[rand_r(&seed) % len] = (uint8_t)rand_r(&seed);
		if (vcd_core_load(b, bad, len, NULL, 0)) {
			taken++;
			vcd_core_reset(b);
			continue;
		}
		vcd_core_get_stats(b, &st);
		clean = st.sessions_live == 0;
	}
	ok(clean, "migrate: %u corrupted blobs: each taken or refused "
	   "cleanly (%u taken)", i, taken);
	vcd_core_blob_free(blob, len);
	free(bad);
	vcd_core_free(a);
	vcd_core_free(b);
}

/* An ARC4 position past the bound is refused, not skipped for hours. */
static void arc4_bound(void)
{
	struct vcd_core *a = mig_core(0, NULL), *b = mig_core(0, NULL);
	struct virtio_cryptodev_config cfg;
	uint8_t pt[16] = { 0 }, *bad;
	struct rb_op op = { .src = pt, .src_len = 16, .dst_len = 16 };
	size_t len = 0;
	uint8_t *blob;

	vcd_core_get_config(a, &cfg);
	if (!(le32toh(cfg.cipher_algs) & 1u << ARC4)) {
		skip("no ARC4 here", "migrate: an ARC4 position past the bound");
		vcd_core_free(a);
		vcd_core_free(b);
		return;
	}
	op.session_id = rb_new_session(a, ARC4, 0, 0, key16, 16, NULL, 0,
				       NULL);
	op_run(a, &op, 16, NULL, NULL, NULL);
	blob = vcd_core_save(a, &len);
	bad = malloc(len);
	memcpy(bad, blob, len);
	/* The position: 8 bytes before the replay length, the last field. */
	memset(bad + len - 4 - 8, 0xff, 8);
	ok(refused(b, bad, len, "keystream", "ARC4 at 2^64"),
	   "migrate: an ARC4 position past the bound is refused");
	vcd_core_blob_free(blob, len);
	free(bad);
	vcd_core_free(a);
	vcd_core_free(b);
}

/* devcrypto: a host without the session's algorithm refuses, named. */
static void host_lacks_algorithm(void)
{
	struct vcd_core *a, *b;
	size_t len = 0;
	void *blob;

	if (strcmp(engine_name, "devcrypto") || !devcrypto_path ||
	    strcmp(devcrypto_path, FAKE_DEVCRYPTO_PATH)) {
		skip("needs the fake /dev/crypto",
		     "migrate: to a host without AES-CBC");
		return;
	}
	a = mig_core(0, NULL);
	b = mig_core(0, FAKE_DEVCRYPTO_PATH_NO_AES192);
	rb_new_session(a, AES_CBC, 0, 0, key16, 16, NULL, 0, NULL);
	blob = vcd_core_save(a, &len);
	ok(b && refused(b, blob, len, "cipher aes-cbc is not offered by the "
			"devcrypto engine", "no AES-CBC"),
	   "migrate: to a host without AES-CBC, refused naming both");
	vcd_core_blob_free(blob, len);
	vcd_core_free(a);
	vcd_core_free(b);
}

/* The destination offers what the source offered, no more, no less. */
static void source_algorithms(void)
{
	struct vcd_core *a = mig_core(0, NULL);
	struct virtio_cryptodev_config cfg;
	uint32_t cbc = 1u << AES_CBC, sha = 1u << SHA256, st;
	char err[256] = "";

	ok(vcd_core_set_algs(a, cbc, sha, err, sizeof(err)),
	   "migrate: a source's algorithms that the engine has are taken");
	vcd_core_get_config(a, &cfg);
	ok(le32toh(cfg.cipher_algs) == cbc && le32toh(cfg.hash_algs) == sha,
	   "migrate: and advertised, no more");
	rb_new_session(a, VIRTIO_CRYPTODEV_CIPHER_AES_ECB, 0, 0, key16, 16,
		       NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_UNSUPP,
		  "migrate: an algorithm the source lacked is refused");
	ok(!vcd_core_set_algs(a, cbc | 1u << 30, sha, err, sizeof(err)) &&
	   strstr(err, "cipher unknown is not offered"),
	   "migrate: an algorithm the engine lacks is named (%s)", err);
	vcd_core_free(a);
}

void migration(void)
{
	source_algorithms();
	cbc_chain();
	hash_midway(false);
	hash_midway(true);
	cipher_and_hmac();
	cipher_and_hmac_in_place();
	arc4_position();
	stale_bound();
	copied_hash();
	ids();
	hostile_blobs();
	mutated_blobs();
	arc4_bound();
	host_lacks_algorithm();
}
