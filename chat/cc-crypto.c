// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The chat's crypto, through lib/ucrypto.h: one library handle for the
 * process, opened with the provider that --crypto names.
 */
#include <errno.h>
#include <string.h>

#include "ucrypto.h"
#include "cc-crypto.h"

#define KEY_BYTES	32

static struct ucrypto *uc;

int cc_init(const char *provider)
{
	enum ucrypto_provider p;

	if (ucrypto_provider_parse(provider, &p) < 0)
		return -1;
	uc = ucrypto_open(p);
	return uc ? 0 : -1;
}

void cc_exit(void)
{
	if (uc)
		ucrypto_close(uc);
	uc = NULL;
}

const char *cc_provider(void)
{
	return uc ? ucrypto_provider_name(uc) : "none";
}

int cc_random(void *p, size_t n)
{
	return ucrypto_random(p, n);
}

static int mac_pieces(struct ucrypto_hmac *h, const struct cc_piece *in,
		      int n, unsigned char *out)
{
	int i;

	for (i = 0; i < n; i++)
		if (in[i].n && ucrypto_hmac_update(h, in[i].p, in[i].n) < 0)
			return -1;
	return ucrypto_hmac_final(h, out);
}

int cc_hmac(const unsigned char *key, size_t keylen,
	    const struct cc_piece *in, int n, unsigned char *out)
{
	struct ucrypto_hmac *h;
	int r, e;

	h = ucrypto_hmac_new(uc, UCRYPTO_SHA256, key, keylen);
	if (!h)
		return -1;
	r = mac_pieces(h, in, n, out);
	e = errno;
	ucrypto_hmac_free(h);
	errno = e;
	return r;
}

int cc_dir_set(struct cc_dir *d, const unsigned char *enc_key,
	       const unsigned char *mac_key)
{
	d->cipher = ucrypto_cipher_new(uc, UCRYPTO_AES_CBC, enc_key,
				       KEY_BYTES);
	if (!d->cipher)
		return -1;
	d->mac = ucrypto_hmac_new(uc, UCRYPTO_SHA256, mac_key, KEY_BYTES);
	if (!d->mac) {
		ucrypto_cipher_free(d->cipher);
		d->cipher = NULL;
		return -1;
	}
	return 0;
}

void cc_dir_free(struct cc_dir *d)
{
	if (d->cipher)
		ucrypto_cipher_free(d->cipher);
	if (d->mac)
		ucrypto_hmac_free(d->mac);
	d->cipher = NULL;
	d->mac = NULL;
}

int cc_dir_mac(struct cc_dir *d, const struct cc_piece *in, int n,
	       unsigned char *out)
{
	return mac_pieces(d->mac, in, n, out);
}

int cc_encrypt(struct cc_dir *d, const unsigned char *iv,
	       const unsigned char *in, unsigned char *out, size_t len)
{
	return ucrypto_encrypt(d->cipher, iv, in, out, len);
}

int cc_decrypt(struct cc_dir *d, const unsigned char *iv,
	       const unsigned char *in, unsigned char *out, size_t len)
{
	return ucrypto_decrypt(d->cipher, iv, in, out, len);
}

int cc_equal(const void *a, const void *b, size_t n)
{
	return ucrypto_memcmp(a, b, n) == 0;
}

void cc_wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}
