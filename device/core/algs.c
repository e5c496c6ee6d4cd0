// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The algorithm table: what the protocol's algorithm numbers mean.
 * Engines map the same numbers to their own names.
 */
#include "vcd-internal.h"

static const struct vcd_cipher_info ciphers[] = {
	[VIRTIO_CRYPTODEV_CIPHER_AES_CBC] = {
		.name = "aes-cbc", .block_len = 16, .min_len = 0,
		.iv_len = 16, .key_lens = { 16, 24, 32 }, .chains = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_AES_CTR] = {
		.name = "aes-ctr", .block_len = 1, .min_len = 0,
		.iv_len = 16, .key_lens = { 16, 24, 32 }, .chains = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_AES_ECB] = {
		.name = "aes-ecb", .block_len = 16, .min_len = 0,
		.iv_len = 0, .key_lens = { 16, 24, 32 },
	},
	[VIRTIO_CRYPTODEV_CIPHER_AES_XTS] = {
		.name = "aes-xts", .block_len = 1, .min_len = 16,
		.max_len = 16u << 20, .iv_len = 16, .key_lens = { 32, 64 }, .chains = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_AES_GCM] = {
		.name = "aes-gcm", .block_len = 1, .min_len = 0,
		.iv_len = VCD_GCM_IV_LEN, .key_lens = { 16, 24, 32 },
		.aead = true,
	},
};

static const struct vcd_hash_info hashes[] = {
	[VIRTIO_CRYPTODEV_HASH_SHA1]	= { "SHA1", 20 },
	[VIRTIO_CRYPTODEV_HASH_SHA224]	= { "SHA224", 28 },
	[VIRTIO_CRYPTODEV_HASH_SHA256]	= { "SHA256", 32 },
	[VIRTIO_CRYPTODEV_HASH_SHA384]	= { "SHA384", 48 },
	[VIRTIO_CRYPTODEV_HASH_SHA512]	= { "SHA512", 64 },
};

const struct vcd_cipher_info *vcd_cipher_info(uint32_t alg)
{
	if (alg == VIRTIO_CRYPTODEV_CIPHER_NONE ||
	    alg > VIRTIO_CRYPTODEV_CIPHER_MAX)
		return NULL;
	return &ciphers[alg];
}

const struct vcd_hash_info *vcd_hash_info(uint32_t alg)
{
	if (alg == VIRTIO_CRYPTODEV_HASH_NONE ||
	    alg > VIRTIO_CRYPTODEV_HASH_MAX)
		return NULL;
	return &hashes[alg];
}

bool vcd_cipher_key_ok(uint32_t alg, uint32_t key_len)
{
	const struct vcd_cipher_info *ci = vcd_cipher_info(alg);
	unsigned int i;

	for (i = 0; ci && i < 3 && ci->key_lens[i]; i++)
		if (ci->key_lens[i] == key_len)
			return true;
	return false;
}
