/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fault injection and a free() watch for the core's unit tests
 * (fault.c).  Only core-test and core-test-fakedev link fault.c, with
 * $(VCD_FAULT_WRAP); the guest's static core-test does not, so the
 * functions are weak here: a test checks fault_linked() and skips
 * without them.
 */
#ifndef TESTS_DEVICE_FAULT_H
#define TESTS_DEVICE_FAULT_H

#include <stdbool.h>
#include <stddef.h>

#define FAULT_WEAK __attribute__((weak))

/* Whether fault.c is linked in (the weak functions exist). */
#define fault_linked() (fault_cipher_update != NULL)

/* The next @n calls of EVP_CipherUpdate() fail. */
void fault_cipher_update(unsigned int n) FAULT_WEAK;
/* EVP_CIPHER_fetch() of @name (NULL: none) returns NULL. */
void fault_cipher_fetch(const char *name) FAULT_WEAK;
/*
 * Watch free(): while armed, a block freed with a run of at least 32
 * bytes equal to @byte counts as leaked.  fault_free_disarm() returns
 * how many such blocks were freed since fault_free_arm().
 */
void fault_free_arm(unsigned char byte) FAULT_WEAK;
unsigned int fault_free_disarm(void) FAULT_WEAK;

#endif
