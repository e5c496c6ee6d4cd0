/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fake /dev/crypto of fake-devcrypto.c answers open() on two paths,
 * each a device node with its own rules (see fake_nodes[] there):
 *
 *   "/dev/crypto"          strict: requests over 8 KiB are EINVAL and a
 *                          hash used after a final without a reset is
 *                          EIO, to catch ucrypto bugs
 *   FAKE_DEVCRYPTO_PATH    lenient: no length cap, and a hash used after
 *                          a final starts afresh (the device core's
 *                          devcrypto engine relies on that)
 *   FAKE_DEVCRYPTO_PATH_NO_AES192  the same, without 24-byte AES keys
 */
#ifndef FAKE_DEVCRYPTO_H
#define FAKE_DEVCRYPTO_H
#define FAKE_DEVCRYPTO_PATH	"/fake-devcrypto-for-tests"
/* As FAKE_DEVCRYPTO_PATH, but ciphers refuse 24-byte keys (no AES-192). */
#define FAKE_DEVCRYPTO_PATH_NO_AES192	"/fake-devcrypto-no-aes192"

#include <stddef.h>

/*
 * Page-array entries that the live fake sessions keep from zero-copy
 * requests (as cryptodev-linux keeps them until the session goes).
 */
size_t fake_devcrypto_pages(void);
#endif
