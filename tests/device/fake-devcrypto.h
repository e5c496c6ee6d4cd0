/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The path that fake-devcrypto.c serves as a host /dev/crypto. */
#ifndef FAKE_DEVCRYPTO_H
#define FAKE_DEVCRYPTO_H
#define FAKE_DEVCRYPTO_PATH	"/fake-devcrypto-for-tests"
#endif
