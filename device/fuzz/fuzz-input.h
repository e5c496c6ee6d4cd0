/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fuzzer's input format: a sequence of records, each one request.
 *
 *   u8   how      bit 0: control queue; bits 1-3: readable chunk size
 *                 selector; bits 4-6: writable chunk size selector
 *                 (0: one descriptor, n: 1 << (n - 1) bytes)
 *   le16 out_len  bytes of readable stream that follow
 *   le16 in_len   bytes of writable stream to offer
 *   u8   out[out_len]
 *
 * A session id field whose value is below FUZZ_ID_SLOTS is replaced by
 * the id of that session created earlier in the same input, so that the
 * fuzzer reaches sessions without guessing the device's ids.
 */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#define FUZZ_REC_HDR		5
#define FUZZ_ID_SLOTS		16
#define FUZZ_MAX_SESSIONS	8
#define FUZZ_MAX_DATA_LEN	4096

#endif
