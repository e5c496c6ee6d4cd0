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
		.cbc = true,
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
		.one_shot = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_AES_GCM] = {
		.name = "aes-gcm", .block_len = 1, .min_len = 0,
		.iv_len = VCD_GCM_IV_LEN, .key_lens = { 16, 24, 32 },
		.aead = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_NULL] = {
		.name = "null", .block_len = 1,
	},
	[VIRTIO_CRYPTODEV_CIPHER_DES_CBC] = {
		.name = "des-cbc", .block_len = 8, .iv_len = 8,
		.key_lens = { 8 }, .chains = true, .cbc = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_3DES_CBC] = {
		.name = "3des-cbc", .block_len = 8, .iv_len = 8,
		.key_lens = { 24 }, .chains = true, .cbc = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_BF_CBC] = {
		.name = "blowfish-cbc", .block_len = 8, .iv_len = 8,
		.key_min = 4, .key_max = 56, .chains = true, .cbc = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_CAST5_CBC] = {
		.name = "cast5-cbc", .block_len = 8, .iv_len = 8,
		.key_min = 5, .key_max = 16, .chains = true, .cbc = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_ARC4] = {
		.name = "arc4", .block_len = 1,
		.key_min = 1, .key_max = 64, .stream = true,
	},
	[VIRTIO_CRYPTODEV_CIPHER_CAMELLIA_CBC] = {
		.name = "camellia-cbc", .block_len = 16, .iv_len = 16,
		.key_lens = { 16, 24, 32 }, .chains = true, .cbc = true,
	},
};

static const struct vcd_hash_info hashes[] = {
	[VIRTIO_CRYPTODEV_HASH_SHA1]	= { "SHA1", 20 },
	[VIRTIO_CRYPTODEV_HASH_SHA224]	= { "SHA224", 28 },
	[VIRTIO_CRYPTODEV_HASH_SHA256]	= { "SHA256", 32 },
	[VIRTIO_CRYPTODEV_HASH_SHA384]	= { "SHA384", 48 },
	[VIRTIO_CRYPTODEV_HASH_SHA512]	= { "SHA512", 64 },
	[VIRTIO_CRYPTODEV_HASH_MD5]	= { "MD5", 16 },
	[VIRTIO_CRYPTODEV_HASH_RIPEMD160] = { "RIPEMD160", 20 },
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

	if (!ci)
		return false;
	if (ci->key_max)
		return key_len >= ci->key_min && key_len <= ci->key_max;
	if (!ci->key_lens[0])
		return key_len == 0;
	for (i = 0; i < 3 && ci->key_lens[i]; i++)
		if (ci->key_lens[i] == key_len)
			return true;
	return false;
}

unsigned int vcd_cipher_probe_keys(uint32_t alg, uint32_t keys[3])
{
	const struct vcd_cipher_info *ci = vcd_cipher_info(alg);
	unsigned int n;

	if (!ci)
		return 0;
	if (ci->key_max) {
		keys[0] = ci->key_min;
		keys[1] = ci->key_max;
		return 2;
	}
	keys[0] = 0;		/* no key (NULL) */
	for (n = 0; n < 3 && ci->key_lens[n]; n++)
		keys[n] = ci->key_lens[n];
	return n ? n : 1;
}
