// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit tests of the device core, in TAP: known answers for every
 * algorithm, IV chaining and multi-part hashes, every class of
 * malformed request, session lifetime, counters, and several threads
 * at once.
 *
 *   core-test [--engine=openssl|devcrypto|all] [--devcrypto-path=P]
 *
 * The default (all) runs the openssl engine, then the devcrypto engine
 * if P (default /dev/crypto) opens, else skips it with the reason.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "fake-devcrypto.h"
#include "test-util.h"

static const uint8_t key16[16] = "0123456789abcdef";
static const uint8_t iv16[16] = "fedcba9876543210";

static struct vcd_core *core_open(uint32_t max_sessions, char *err,
				  size_t errlen)
{
	struct vcd_core_conf conf = {
		.engine = engine_name, .devcrypto_path = devcrypto_path,
		.max_sessions = max_sessions,
	};

	return vcd_core_new(&conf, err, errlen);
}

/* ---- malformed requests ---- */

/* A valid AES-128-CBC request on @id; tests then break one thing. */
static void good_cbc(struct rb *rb, uint64_t id, const uint8_t *src,
		     uint32_t len)
{
	struct rb_op op = { .session_id = id, .iv = iv16, .iv_len = 16,
			    .src = src, .src_len = len, .dst_len = len };

	rb_op(rb, &op);
}

static uint32_t run_status(struct vcd_core *core, struct rb *rb)
{
	if (rb_run(core, rb) != VCD_ANSWERED)
		return UINT32_MAX;
	if (rb->in_written != rb->in_len)
		return UINT32_MAX - 1;
	return rb_status(rb);
}

/* Poke a little-endian u32 into the readable stream. */
static void poke32(struct rb *rb, size_t off, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };

	memcpy(rb->out + off, b, 4);
	rb->out_num = 0;
}

static void malformed_ring(struct vcd_core *core, uint64_t id)
{
	uint8_t buf[64] = { 0 };
	struct rb rb;

	rb_init(&rb);
	good_cbc(&rb, id, buf, 32);
	rb_split(&rb, 0, 0);
	ok(vcd_core_handle(core, false, rb.out_iov, rb.out_num, NULL, 0,
			   &rb.in_written) == VCD_MALFORMED &&
	   rb.in_written == 0, "no writable descriptor: malformed ring");
	rb_set_in_len(&rb, 7);
	ok(rb_run(core, &rb) == VCD_MALFORMED && rb.in[0] == 0xa5,
	   "writable part shorter than the response: malformed ring");
	rb_create(&rb, AES_CBC, 0, 0, key16, 16, NULL, 0);
	rb_set_in_len(&rb, 15);
	ok(rb_run(core, &rb) == VCD_MALFORMED,
	   "control response does not fit: malformed ring");
	rb_free(&rb);
}

static void malformed_framing(struct vcd_core *core, uint64_t id)
{
	uint8_t buf[64] = { 0 };
	struct rb rb;

	rb_init(&rb);
	good_cbc(&rb, id, buf, 32);
	is_status(run_status(core, &rb), S_OK, "the valid request");

	rb.out_len = 0;
	rb.out_num = 0;
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "no readable descriptor");
	good_cbc(&rb, id, buf, 32);
	rb.out_len = 39;
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "short header (39 bytes)");
	good_cbc(&rb, id, buf, 32);
	rb.out_len -= 1;
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "src_len larger than the readable descriptors");
	good_cbc(&rb, id, buf, 32);
	rb_put(&rb, buf, 1);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "readable descriptors longer than announced");
	good_cbc(&rb, id, buf, 32);
	rb_set_in_len(&rb, rb.in_len - 1);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "dst larger than the writable descriptors");
	good_cbc(&rb, id, buf, 32);
	rb_set_in_len(&rb, rb.in_len + 16);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "writable descriptors longer than announced");
	/* dst descriptor marked device-readable: it lands in out. */
	good_cbc(&rb, id, buf, 32);
	rb_put(&rb, buf, 32);
	rb_set_in_len(&rb, sizeof(struct virtio_cryptodev_op_resp));
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "dst descriptor in the wrong direction");
	good_cbc(&rb, id, buf, 32);
	rb_split(&rb, 1, 1);	/* 100+ one-byte descriptors is fine */
	is_status(run_status(core, &rb), S_OK, "one-byte descriptors");
	rb_free(&rb);
}

static void malformed_fields(struct vcd_core *core, uint64_t id)
{
	uint8_t buf[64] = { 0 };
	struct rb rb;

	rb_init(&rb);
	good_cbc(&rb, id, buf, 32);
	poke32(&rb, 0, 0x99);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_UNSUPP,
		  "unknown data opcode");
	good_cbc(&rb, id, buf, 32);
	poke32(&rb, 0, VIRTIO_CRYPTODEV_OP_CREATE_SESSION);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_UNSUPP,
		  "control opcode on a data queue");
	good_cbc(&rb, id, buf, 32);
	poke32(&rb, 4, 1u << 9);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "unknown flag");
	good_cbc(&rb, id, buf, 32);
	poke32(&rb, 36, 1);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "reserved field set");
	good_cbc(&rb, id, buf, 32);
	poke32(&rb, 16, 0x7fffffff);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADLEN,
		  "src_len over max_data_len");
	good_cbc(&rb, id, buf, 32);
	poke32(&rb, 28, VCD_MAX_AAD_LEN + 1);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADLEN,
		  "aad_len over max_aad_len");
	good_cbc(&rb, id, buf, 15);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADLEN,
		  "CBC length not a multiple of the block size");
	good_cbc(&rb, id + 1, buf, 32);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_INVSESS,
		  "unknown session id");
	good_cbc(&rb, 0, buf, 32);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_INVSESS,
		  "session id 0");
	good_cbc(&rb, id, buf, 32);
	poke32(&rb, 24, 8);	/* iv_len 8, with 8 more src bytes */
	poke32(&rb, 16, 40);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "wrong IV length");
	good_cbc(&rb, id, buf, 32);
	poke32(&rb, 20, 16);	/* dst_len != src_len */
	rb_set_in_len(&rb, 16 + 8);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "dst_len differs from src_len");
	rb_free(&rb);
}

static void malformed_ctrl(struct vcd_core *core)
{
	uint8_t key[VCD_MAX_MAC_KEY_LEN + 1] = { 0 };
	struct rb rb;
	uint32_t st;

	rb_init(&rb);
	rb_create(&rb, AES_CBC, 0, 0, key16, 16, NULL, 0);
	poke32(&rb, 0, VIRTIO_CRYPTODEV_OP_CRYPT);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_UNSUPP,
		  "data opcode on the control queue");
	rb_create(&rb, AES_CBC, 0, 0, key16, 16, NULL, 0);
	rb.out_len = 31;
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "short control header");
	rb_create(&rb, AES_CBC, 0, 0, key16, 16, NULL, 0);
	rb.out_len--;
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "key_len larger than the readable descriptors");
	rb_create(&rb, AES_CBC, 0, 0, key16, 16, NULL, 0);
	rb_set_in_len(&rb, 24);
	is_status(run_status(core, &rb), VIRTIO_CRYPTODEV_S_BADMSG,
		  "control writable part too long");

	rb_new_session(core, 77, 0, 0, key16, 16, NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_UNSUPP, "unknown cipher");
	rb_new_session(core, 0, 9, 0, NULL, 0, NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_UNSUPP, "unknown hash");
	rb_new_session(core, 0, 0, 0, NULL, 0, NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_BADMSG, "neither cipher nor hash");
	rb_new_session(core, AES_CBC, 0, 2, key16, 16, NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_BADMSG, "unknown session flag");
	rb_new_session(core, AES_CBC, 0, 0, key, 17, NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_BADKEY, "AES key of 17 bytes");
	rb_new_session(core, VIRTIO_CRYPTODEV_CIPHER_AES_XTS, 0, 0, key, 16,
		       NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_BADKEY, "XTS key of 16 bytes");
	if (!strcmp(engine_name, "openssl")) {
		rb_new_session(core, VIRTIO_CRYPTODEV_CIPHER_AES_XTS, 0, 0,
			       key, 32, NULL, 0, &st);
		is_status(st, VIRTIO_CRYPTODEV_S_BADKEY,
			  "XTS key with equal halves (OpenSSL refuses it)");
	}
	rb_new_session(core, AES_CBC, 0, 0, key, 65, NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_BADLEN, "key over max_key_len");
	rb_new_session(core, 0, SHA256, VIRTIO_CRYPTODEV_SESSION_HMAC,
		       NULL, 0, key, 513, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_BADLEN, "MAC key over max_mac_key_len");
	rb_new_session(core, 0, SHA256, 0, NULL, 0, key, 16, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_BADKEY, "MAC key without HMAC");
	rb_end_session(core, rb_new_session(core, 0, SHA256,
					    VIRTIO_CRYPTODEV_SESSION_HMAC,
					    NULL, 0, NULL, 0, &st));
	is_status(st, S_OK, "HMAC with an empty key");
	rb_free(&rb);
}

static void session_lifetime(struct vcd_core *core)
{
	uint64_t id, ids[5];
	struct vcd_core_stats before, after;
	char err[128];
	struct vcd_core *small;
	uint32_t st;
	int i;

	id = rb_new_session(core, AES_CBC, 0, 0, key16, 16, NULL, 0, &st);
	is_status(rb_end_session(core, id), S_OK, "destroy");
	is_status(rb_end_session(core, id), VIRTIO_CRYPTODEV_S_INVSESS,
		  "destroy twice");
	ok(hash_req(core, id, F_RESET | F_FINAL, "x", 1, 32, NULL) ==
	   VIRTIO_CRYPTODEV_S_INVSESS, "request on a destroyed session");
	ids[0] = rb_new_session(core, AES_CBC, 0, 0, key16, 16, NULL, 0,
				NULL);
	ok(ids[0] && ids[0] != id, "a destroyed id is not handed out again");
	rb_end_session(core, ids[0]);

	small = core_open(4, err, sizeof(err));
	if (!small) {
		ok(false, "core with max_sessions 4: %s", err);
		return;
	}
	for (i = 0; i < 5; i++)
		ids[i] = rb_new_session(small, AES_CBC, 0, 0, key16, 16,
					NULL, 0, &st);
	is_status(st, VIRTIO_CRYPTODEV_S_NOSPC, "fifth session of four");
	rb_end_session(small, ids[1]);
	ids[4] = rb_new_session(small, AES_CBC, 0, 0, key16, 16, NULL, 0,
				&st);
	is_status(st, S_OK, "a slot freed by destroy is reused");
	vcd_core_get_stats(small, &before);
	vcd_core_reset(small);
	vcd_core_get_stats(small, &after);
	ok(before.sessions_live == 4 && after.sessions_live == 0 &&
	   after.sessions_created == 5, "reset frees every session");
	ok(rb_end_session(small, ids[4]) == VIRTIO_CRYPTODEV_S_INVSESS,
	   "ids die with a reset");
	vcd_core_get_stats(small, &after);
	ok(after.requests == 8 && after.errors == 2,
	   "counters: %llu requests, %llu errors",
	   (unsigned long long)after.requests,
	   (unsigned long long)after.errors);
	vcd_core_free(small);
}

static uint32_t le32(const uint8_t *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static void config_and_conf(struct vcd_core *core)
{
	struct virtio_cryptodev_config cfg;
	struct vcd_core_conf bad = { .engine = "nope" };
	char err[128] = "";
	const uint8_t *b = (const uint8_t *)&cfg;

	vcd_core_get_config(core, &cfg);
	ok(b[0] == 1 && b[4] == 0 && b[5] == 4 && b[12] == 64 &&
	   b[17] == 2 && b[21] == 16, "config space, little-endian");
	/* Every algorithm of the protocol, legacy provider included. */
	if (!strcmp(engine_name, "openssl"))
		ok(le32(b + 24) == 0x1ffe && le32(b + 28) == 0xfe,
		   "openssl offers every alg (ciphers %#x, hashes %#x)",
		   le32(b + 24), le32(b + 28));
	ok(!vcd_core_new(&bad, err, sizeof(err)) && strstr(err, "nope"),
	   "unknown engine refused: %s", err);
	bad = (struct vcd_core_conf){ .max_data_len = 100 };
	ok(!vcd_core_new(&bad, err, sizeof(err)) && err[0],
	   "max_data_len out of range refused: %s", err);
}

/* ---- threads ---- */

#define NTHREADS	4
#define NITER		300

struct thr {
	struct vcd_core *core;
	uint64_t shared;	/* a SHA-256 session all threads use */
	unsigned int seed;
	bool failed;
};

static void *thread_main(void *arg)
{
	struct thr *t = arg;
	uint8_t src[256], out[256], want[256], dg[32], want_dg[32];
	uint64_t own;
	int i, outl, j;

	own = rb_new_session(t->core, AES_CBC, 0, 0, key16, 16, NULL, 0,
			     NULL);
	EVP_Q_digest(NULL, "SHA256", NULL, "shared", 6, want_dg, NULL);
	for (i = 0; i < NITER && !t->failed; i++) {
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		uint32_t len = 16 * (1 + rand_r(&t->seed) % 16);

		for (j = 0; j < (int)len; j++)
			src[j] = (uint8_t)rand_r(&t->seed);
		EVP_EncryptInit_ex2(c, EVP_aes_128_cbc(), key16, iv16, NULL);
		EVP_CIPHER_CTX_set_padding(c, 0);
		EVP_EncryptUpdate(c, want, &outl, src, (int)len);
		EVP_CIPHER_CTX_free(c);
		if (op_run(t->core, &(struct rb_op){ .session_id = own,
			   .iv = iv16, .iv_len = 16, .src = src,
			   .src_len = len, .dst_len = len }, 13, out, NULL,
			   NULL) != S_OK || memcmp(out, want, len))
			t->failed = true;
		if (hash_req(t->core, t->shared, F_RESET | F_FINAL, "shared",
			     6, 32, dg) != S_OK || memcmp(dg, want_dg, 32))
			t->failed = true;
		/* churn: sessions come and go while others work */
		rb_end_session(t->core, rb_new_session(t->core, 0, SHA256, 0,
						       NULL, 0, NULL, 0,
						       NULL));
	}
	if (rb_end_session(t->core, own) != S_OK)
		t->failed = true;
	return NULL;
}

static void threads(struct vcd_core *core)
{
	struct thr t[NTHREADS];
	pthread_t tid[NTHREADS];
	bool failed = false;
	int i;
	uint64_t shared;

	shared = rb_new_session(core, 0, SHA256, 0, NULL, 0, NULL, 0, NULL);
	for (i = 0; i < NTHREADS; i++) {
		t[i] = (struct thr){ .core = core, .shared = shared,
				     .seed = (unsigned int)i + 1 };
		pthread_create(&tid[i], NULL, thread_main, &t[i]);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(tid[i], NULL);
		failed |= t[i].failed;
	}
	ok(!failed, "%d threads on own and shared sessions", NTHREADS);
	rb_end_session(core, shared);
}

/* ---- main ---- */

static void run_engine(const char *name)
{
	struct vcd_core_stats st;
	struct vcd_core *core;
	char err[256] = "";
	uint64_t id;

	engine_name = name;
	core = core_open(0, err, sizeof(err));
	if (!core) {
		/* In a guest (VCD_REQUIRE=1) the engine must be there. */
		if (getenv("VCD_REQUIRE"))
			ok(false, "%s engine: %s", name, err);
		else
			printf("ok %u - %s engine # SKIP %s\n", ++ntests,
			       name, err);
		return;
	}
	known_answers(core);
	id = rb_new_session(core, AES_CBC, 0, 0, key16, 16, NULL, 0, NULL);
	malformed_ring(core, id);
	malformed_framing(core, id);
	malformed_fields(core, id);
	rb_end_session(core, id);
	malformed_ctrl(core);
	session_lifetime(core);
	config_and_conf(core);
	threads(core);
	hardening(core);
	migration();
	scatter_gather(core);
	vcd_core_get_stats(core, &st);
	ok(st.sessions_live == 0, "no session left behind (%llu)",
	   (unsigned long long)st.sessions_live);
	vcd_core_free(core);
}

int main(int argc, char **argv)
{
#ifdef FAKE_DEVCRYPTO
	/* core-test-fakedev: the devcrypto engine on fake-devcrypto.c */
	const char *engine = "devcrypto";
	int i;

	devcrypto_path = FAKE_DEVCRYPTO_PATH;
#else
	const char *engine = "all";
	int i;
#endif

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--engine=", 9)) {
			engine = argv[i] + 9;
		} else if (!strncmp(argv[i], "--devcrypto-path=", 17)) {
			devcrypto_path = argv[i] + 17;
		} else {
			fprintf(stderr, "usage: %s [--engine=openssl|"
				"devcrypto|all] [--devcrypto-path=P]\n",
				argv[0]);
			return 2;
		}
	}
	if (!strcmp(engine, "all") || !strcmp(engine, "openssl"))
		run_engine("openssl");
	if (!strcmp(engine, "all") || !strcmp(engine, "devcrypto"))
		run_engine("devcrypto");
	printf("1..%u\n", ntests);
	return nfailed ? 1 : 0;
}
