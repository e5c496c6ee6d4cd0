// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Write the fuzzer's seed corpus: valid request sequences for every
 * algorithm (create, operate, destroy), built with the tests' request
 * builder, in the format of fuzz-input.h.
 *
 *   gen-seeds DIR
 */
#include <stdio.h>
#include <string.h>

#include "../../tests/device/reqbuild.h"
#include "fuzz-input.h"

#define F_DEC	VIRTIO_CRYPTODEV_F_DECRYPT
#define F_ONE	(VIRTIO_CRYPTODEV_F_HASH_RESET | VIRTIO_CRYPTODEV_F_HASH_FINAL)

static const uint8_t key[64] = "0123456789abcdefFEDCBA9876543210"
			       "the second half of a 64-byte key";
static const uint8_t iv[16] = "initial vector!!";
static const uint8_t msg[96] = "a message of ninety-six bytes, in six "
			       "blocks of sixteen, for the seed corpus..";
static const uint8_t tag[16];

static FILE *seed;

static void record(const struct rb *rb, unsigned int how)
{
	uint8_t hdr[FUZZ_REC_HDR] = {
		(uint8_t)(how | rb->ctrl), (uint8_t)rb->out_len,
		(uint8_t)(rb->out_len >> 8), (uint8_t)rb->in_len,
		(uint8_t)(rb->in_len >> 8),
	};

	fwrite(hdr, 1, sizeof(hdr), seed);
	fwrite(rb->out, 1, rb->out_len, seed);
}

/* Create session 0 of the input, run @ops on it, destroy it. */
static void seed_session(const char *dir, const char *name, uint32_t cipher,
			 uint32_t hash, uint32_t flags, uint32_t key_len,
			 uint32_t mac_key_len, const struct rb_op *ops,
			 unsigned int nops)
{
	char path[512];
	struct rb rb;
	unsigned int i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	seed = fopen(path, "wb");
	if (!seed) {
		perror(path);
		return;
	}
	rb_init(&rb);
	rb_create(&rb, cipher, hash, flags, key, key_len, key, mac_key_len);
	record(&rb, 0);
	for (i = 0; i < nops; i++) {
		rb_op(&rb, &ops[i]);
		record(&rb, (i % 4) << 1 | ((i + 1) % 3) << 4);
	}
	rb_destroy(&rb, 0);
	record(&rb, 0);
	rb_free(&rb);
	fclose(seed);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

int main(int argc, char **argv)
{
	const struct rb_op cbc[] = {
		{ .iv = iv, .iv_len = 16, .src = msg, .src_len = 32,
		  .dst_len = 32 },
		{ .flags = VIRTIO_CRYPTODEV_F_WRITE_IV, .src = msg,
		  .src_len = 64, .dst_len = 64 },
		{ .flags = F_DEC, .iv = iv, .iv_len = 16, .src = msg,
		  .src_len = 96, .dst_len = 96 },
	};
	const struct rb_op ecb[] = {
		{ .src = msg, .src_len = 48, .dst_len = 48 },
		{ .flags = F_DEC, .src = msg, .src_len = 16, .dst_len = 16 },
	};
	const struct rb_op stream[] = {
		{ .iv = iv, .iv_len = 16, .src = msg, .src_len = 37,
		  .dst_len = 37 },
		{ .flags = F_DEC, .src = msg, .src_len = 20, .dst_len = 20 },
	};
	const struct rb_op gcm[] = {
		{ .opcode = VIRTIO_CRYPTODEV_OP_AEAD, .iv = iv, .iv_len = 12,
		  .aad = msg, .aad_len = 20, .src = msg, .src_len = 40,
		  .dst_len = 40, .tag_len = 16 },
		{ .opcode = VIRTIO_CRYPTODEV_OP_AEAD, .flags = F_DEC, .iv = iv,
		  .iv_len = 12, .src = msg, .src_len = 8, .dst_len = 8,
		  .tag = tag, .tag_len = 12 },
	};
	const struct rb_op sha256[] = {
		{ .flags = VIRTIO_CRYPTODEV_F_HASH_RESET, .src = msg,
		  .src_len = 50 },
		{ .flags = VIRTIO_CRYPTODEV_F_HASH_FINAL, .src = msg,
		  .src_len = 3, .tag_len = 32 },
		{ .flags = F_ONE, .src = msg, .src_len = 96, .tag_len = 32 },
	};
	const struct rb_op sha512[] = {
		{ .flags = F_ONE, .src = msg, .src_len = 9, .tag_len = 64 },
	};
	const struct rb_op cbc8[] = {
		{ .iv = iv, .iv_len = 8, .src = msg, .src_len = 32,
		  .dst_len = 32 },
		{ .flags = VIRTIO_CRYPTODEV_F_WRITE_IV, .src = msg,
		  .src_len = 16, .dst_len = 16, .iv_out_len = 8 },
		{ .flags = F_DEC, .iv = iv, .iv_len = 8, .src = msg,
		  .src_len = 96, .dst_len = 96 },
	};
	const struct rb_op arc4[] = {
		{ .src = msg, .src_len = 37, .dst_len = 37 },
		{ .flags = F_DEC, .src = msg, .src_len = 20, .dst_len = 20 },
	};
	const struct rb_op md5[] = {
		{ .flags = F_ONE, .src = msg, .src_len = 55, .tag_len = 16 },
	};
	const struct rb_op combined[] = {
		{ .flags = F_ONE, .iv = iv, .iv_len = 16, .src = msg,
		  .src_len = 64, .dst_len = 64, .tag_len = 20 },
		{ .flags = F_DEC | F_ONE, .src = msg, .src_len = 32,
		  .dst_len = 32, .tag_len = 20 },
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	seed_session(argv[1], "aes-cbc", 1, 0, 0, 16, 0, cbc, N(cbc));
	seed_session(argv[1], "aes-ctr", 2, 0, 0, 32, 0, stream, N(stream));
	seed_session(argv[1], "aes-ecb", 3, 0, 0, 24, 0, ecb, N(ecb));
	seed_session(argv[1], "aes-xts", 4, 0, 0, 64, 0, stream, N(stream));
	seed_session(argv[1], "aes-gcm", 5, 0, 0, 16, 0, gcm, N(gcm));
	seed_session(argv[1], "sha256", 0, 3, 0, 0, 0, sha256, N(sha256));
	seed_session(argv[1], "hmac-sha512", 0, 5,
		     VIRTIO_CRYPTODEV_SESSION_HMAC, 0, 64, sha512, N(sha512));
	seed_session(argv[1], "cbc-hmac-sha1", 1, 1,
		     VIRTIO_CRYPTODEV_SESSION_HMAC, 16, 20, combined,
		     N(combined));
	seed_session(argv[1], "null", 6, 0, 0, 0, 0, arc4, N(arc4));
	seed_session(argv[1], "des-cbc", 7, 0, 0, 8, 0, cbc8, N(cbc8));
	seed_session(argv[1], "blowfish-cbc", 9, 0, 0, 20, 0, cbc8,
		     N(cbc8));
	seed_session(argv[1], "arc4", 11, 0, 0, 5, 0, arc4, N(arc4));
	seed_session(argv[1], "hmac-md5", 0, 6,
		     VIRTIO_CRYPTODEV_SESSION_HMAC, 0, 16, md5, N(md5));
	return 0;
}
