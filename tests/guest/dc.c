// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Helpers for the in-guest /dev/crypto tests: the algorithm table and the
 * ioctl wrappers; see dc.h.  No OpenSSL here (ref.c has the reference),
 * so the 32-bit compat test links this file too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "dc.h"

#define ALG_CIPHER(n, id, kl, bs, iv, evp, ch) { .name = n, .cipher = id, \
	.keylen = kl, .blocksize = bs, .ivsize = iv, .evp_cipher = evp, \
	.chains = ch }
#define ALG_HASH(n, id, ds, evp) { .name = n, .mac = id, .digestsize = ds, \
	.blocksize = 1, .evp_md = evp }
#define ALG_HMAC(n, id, ds, evp) { .name = n, .mac = id, .digestsize = ds, \
	.blocksize = 1, .evp_md = evp, .hmac = true, .mackeylen = 32 }

/* Every algorithm the driver serves, in one place. */
const struct dc_alg dc_algs[] = {
	ALG_CIPHER("cbc(aes)", CRYPTO_AES_CBC, 16, 16, 16, "AES-128-CBC", true),
	ALG_CIPHER("cbc(aes)", CRYPTO_AES_CBC, 32, 16, 16, "AES-256-CBC", true),
	ALG_CIPHER("ctr(aes)", CRYPTO_AES_CTR, 16, 1, 16, "AES-128-CTR", true),
	ALG_CIPHER("ecb(aes)", CRYPTO_AES_ECB, 16, 16, 0, "AES-128-ECB", false),
	ALG_CIPHER("xts(aes)", CRYPTO_AES_XTS, 32, 16, 16, "AES-128-XTS", false),
	{ .name = "gcm(aes)", .cipher = CRYPTO_AES_GCM, .keylen = 16,
	  .blocksize = 1, .ivsize = 12, .digestsize = 16, .aead = true },
	ALG_CIPHER("ecb(cipher_null)", CRYPTO_NULL, 0, 1, 0, "NULL", false),
	ALG_CIPHER("cbc(des)", CRYPTO_DES_CBC, 8, 8, 8, "DES-CBC", true),
	ALG_CIPHER("cbc(des3_ede)", CRYPTO_3DES_CBC, 24, 8, 8, "DES-EDE3-CBC",
		   true),
	ALG_CIPHER("cbc(blowfish)", CRYPTO_BLF_CBC, 16, 8, 8, "BF-CBC", true),
	ALG_CIPHER("cbc(cast5)", CRYPTO_CAST_CBC, 16, 8, 8, "CAST5-CBC", true),
	ALG_CIPHER("ecb(arc4)", CRYPTO_ARC4, 16, 1, 0, "RC4", false),
	ALG_CIPHER("cbc(camellia)", CRYPTO_CAMELLIA_CBC, 16, 16, 16,
		   "CAMELLIA-128-CBC", true),
	ALG_HASH("sha1", CRYPTO_SHA1, 20, "SHA1"),
	ALG_HASH("sha224", CRYPTO_SHA2_224, 28, "SHA224"),
	ALG_HASH("sha256", CRYPTO_SHA2_256, 32, "SHA256"),
	ALG_HASH("sha384", CRYPTO_SHA2_384, 48, "SHA384"),
	ALG_HASH("sha512", CRYPTO_SHA2_512, 64, "SHA512"),
	ALG_HASH("md5", CRYPTO_MD5, 16, "MD5"),
	ALG_HASH("rmd160", CRYPTO_RIPEMD160, 20, "RIPEMD160"),
	ALG_HMAC("hmac(sha1)", CRYPTO_SHA1_HMAC, 20, "SHA1"),
	ALG_HMAC("hmac(sha224)", CRYPTO_SHA2_224_HMAC, 28, "SHA224"),
	ALG_HMAC("hmac(sha256)", CRYPTO_SHA2_256_HMAC, 32, "SHA256"),
	ALG_HMAC("hmac(sha384)", CRYPTO_SHA2_384_HMAC, 48, "SHA384"),
	ALG_HMAC("hmac(sha512)", CRYPTO_SHA2_512_HMAC, 64, "SHA512"),
	ALG_HMAC("hmac(md5)", CRYPTO_MD5_HMAC, 16, "MD5"),
	ALG_HMAC("hmac(rmd160)", CRYPTO_RIPEMD160_HMAC, 20, "RIPEMD160"),
	/* A cipher and a MAC in one session, as TLS-style users do. */
	{ .name = "cbc(aes)+hmac(sha256)", .cipher = CRYPTO_AES_CBC,
	  .mac = CRYPTO_SHA2_256_HMAC, .keylen = 16, .mackeylen = 32,
	  .blocksize = 16, .ivsize = 16, .digestsize = 32,
	  .evp_cipher = "AES-128-CBC", .evp_md = "SHA256", .hmac = true,
	  .chains = true },
	{ .name = NULL },
};

/* By OpenSSL name for ciphers ("AES-256-CBC"), else by cra_name. */
const struct dc_alg *dc_alg(const char *name)
{
	const struct dc_alg *a;

	for (a = dc_algs; a->name; a++)
		if ((a->evp_cipher && !a->mac &&
		     !strcmp(a->evp_cipher, name)) || !strcmp(a->name, name))
			return a;
	return NULL;
}

const char *dc_path(void)
{
	const char *p = getenv("DEVCRYPTO");

	return p && *p ? p : "/dev/crypto";
}

bool dc_required(void)
{
	const char *r = getenv("VCD_REQUIRE");

	return r && *r && strcmp(r, "0");
}

int dc_open(void)
{
	return open(dc_path(), O_RDWR | O_CLOEXEC);
}

int dc_session(int fd, const struct dc_alg *a, const uint8_t *key,
	       const uint8_t *mackey, uint32_t *ses)
{
	struct session_op sop = {
		.cipher = a->cipher, .mac = a->mac,
		.keylen = a->cipher ? a->keylen : 0, .key = (uint8_t *)key,
		.mackeylen = a->hmac ? a->mackeylen : 0,
		.mackey = (uint8_t *)mackey,
	};

	if (ioctl(fd, CIOCGSESSION, &sop))
		return -1;
	*ses = sop.ses;
	return 0;
}

int dc_free(int fd, uint32_t ses)
{
	return ioctl(fd, CIOCFSESSION, &ses);
}

int dc_crypt(int fd, uint32_t ses, int op, uint16_t flags, const void *src,
	     void *dst, uint32_t len, void *iv, void *mac)
{
	struct crypt_op cop = {
		.ses = ses, .op = op, .flags = flags, .len = len,
		.src = (uint8_t *)src, .dst = dst, .iv = iv, .mac = mac,
	};

	return ioctl(fd, CIOCCRYPT, &cop);
}

int dc_aead(int fd, uint32_t ses, int op, const void *aad, uint32_t aadlen,
	    const void *src, void *dst, uint32_t *len, uint32_t taglen,
	    void *iv)
{
	struct crypt_auth_op caop = {
		.ses = ses, .op = op, .len = *len, .auth_len = aadlen,
		.auth_src = (uint8_t *)aad, .src = (uint8_t *)src, .dst = dst,
		.tag_len = taglen, .iv = iv, .iv_len = 12,
	};
	int r = ioctl(fd, CIOCAUTHCRYPT, &caop);

	if (!r)
		*len = caop.len;
	return r;
}

size_t hex2bin(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned int b;

	while (hex && hex[0] && hex[1] && n < max &&
	       sscanf(hex, "%2x", &b) == 1) {
		out[n++] = b;
		hex += 2;
	}
	return n;
}

void fill_random(void *buf, size_t len, unsigned int *seed)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = rand_r(seed) >> 7;
}

#define DC_MODNAME "virtio_cryptodev"
#define DC_PARAMS "/sys/module/" DC_MODNAME "/parameters/"

long dc_param_read(const char *name)
{
	char path[128];
	FILE *f;
	long v = -1;

	snprintf(path, sizeof(path), DC_PARAMS "%s", name);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

int dc_param_write(const char *name, long v)
{
	char path[128];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), DC_PARAMS "%s", name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = fprintf(f, "%ld\n", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int dc_module_load(void)
{
	const char *ko = getenv("VCD_KO");
	char path[256];
	struct utsname u;
	int fd, r;

	if (!ko || !*ko) {
		uname(&u);
		snprintf(path, sizeof(path),
			 "/lib/modules/%s/extra/" DC_MODNAME ".ko", u.release);
		ko = path;
	}
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	return r;
}

int dc_module_unload(void)
{
	return syscall(SYS_delete_module, DC_MODNAME, O_NONBLOCK);
}
