// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fault injection for the core's unit tests: linked with
 * -Wl,--wrap=EVP_CipherUpdate,--wrap=EVP_CIPHER_fetch,--wrap=free
 * ($(VCD_FAULT_WRAP) in device/core/core.mk), so that the calls made by
 * the core's objects (and the fake /dev/crypto's) come here first.
 * libcrypto's own calls are not wrapped.  See fault.h.
 */
#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "fault.h"

int __real_EVP_CipherUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out,
			    int *outl, const unsigned char *in, int inl);
int __wrap_EVP_CipherUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out,
			    int *outl, const unsigned char *in, int inl);
EVP_CIPHER *__real_EVP_CIPHER_fetch(OSSL_LIB_CTX *lib, const char *name,
				    const char *props);
EVP_CIPHER *__wrap_EVP_CIPHER_fetch(OSSL_LIB_CTX *lib, const char *name,
				    const char *props);
void __real_free(void *p);
void __wrap_free(void *p);

static atomic_uint update_failures;
static const char *fetch_failure;
static atomic_int free_byte = -1;	/* -1: not armed */
static atomic_uint free_leaks;

void fault_cipher_update(unsigned int n)
{
	atomic_store(&update_failures, n);
}

int __wrap_EVP_CipherUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out,
			    int *outl, const unsigned char *in, int inl)
{
	unsigned int n = atomic_load(&update_failures);

	while (n && !atomic_compare_exchange_weak(&update_failures, &n,
						  n - 1))
		;
	if (n)
		return 0;
	return __real_EVP_CipherUpdate(ctx, out, outl, in, inl);
}

void fault_cipher_fetch(const char *name)
{
	fetch_failure = name;
}

EVP_CIPHER *__wrap_EVP_CIPHER_fetch(OSSL_LIB_CTX *lib, const char *name,
				    const char *props)
{
	if (fetch_failure && name && !strcmp(name, fetch_failure))
		return NULL;
	return __real_EVP_CIPHER_fetch(lib, name, props);
}

void fault_free_arm(unsigned char byte)
{
	atomic_store(&free_leaks, 0);
	atomic_store(&free_byte, byte);
}

unsigned int fault_free_disarm(void)
{
	atomic_store(&free_byte, -1);
	return atomic_load(&free_leaks);
}

static bool has_run(const unsigned char *p, size_t n, unsigned char b)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		run = p[i] == b ? run + 1 : 0;
		if (run >= 32)
			return true;
	}
	return false;
}

void __wrap_free(void *p)
{
	int b = atomic_load(&free_byte);

	if (p && b >= 0 && has_run(p, malloc_usable_size(p), (unsigned char)b))
		atomic_fetch_add(&free_leaks, 1);
	__real_free(p);
}
