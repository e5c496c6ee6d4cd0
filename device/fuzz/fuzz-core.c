// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness over vcd_core_handle(): each input is a sequence of
 * requests (fuzz-input.h), each one split into separately allocated
 * descriptors so that ASan sees any access past one of them.  The core
 * is reset after each input, so inputs do not depend on each other.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/vcd-core.h"
#include "fuzz-input.h"

#define MAX_IOV		256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vcd_core *core;
static uint64_t ids[FUZZ_ID_SLOTS];
static unsigned int nids;

static size_t chunk_size(unsigned int sel, size_t len)
{
	size_t chunk = sel ? (size_t)1 << (sel - 1) : len;

	if (chunk < len / MAX_IOV + 1)
		chunk = len / MAX_IOV + 1;
	return chunk;
}

/* Copy @len bytes of @src (NULL: zeros) into fresh chunks. */
static unsigned int make_iov(struct iovec *iov, const uint8_t *src,
			     size_t len, unsigned int sel)
{
	size_t chunk = chunk_size(sel, len), off, n;
	unsigned int num = 0;

	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		iov[num].iov_base = malloc(n);
		iov[num].iov_len = n;
		if (src)
			memcpy(iov[num].iov_base, src + off, n);
		else
			memset(iov[num].iov_base, 0, n);
		num++;
	}
	return num;
}

static void free_iov(struct iovec *iov, unsigned int num)
{
	while (num--)
		free(iov[num].iov_base);
}

static uint64_t ld_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void st_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Swap small session ids for real ones (fuzz-input.h). */
static void translate_id(uint8_t *out, size_t len, bool ctrl)
{
	size_t off = ctrl ? 24 : 8;
	uint64_t v;

	if (len < off + 8)
		return;
	v = ld_le64(out + off);
	if (v < FUZZ_ID_SLOTS && v < nids)
		st_le64(out + off, ids[v]);
}

/* Read a CREATE's answer back out of the writable chunks. */
static void note_id(const struct iovec *in, unsigned int in_num,
		    size_t in_len)
{
	uint8_t resp[16];
	size_t off = 0, want = in_len - 16, got = 0, n, skip;
	unsigned int i;

	for (i = 0; i < in_num && got < 16; off += in[i].iov_len, i++) {
		if (off + in[i].iov_len <= want)
			continue;
		skip = want > off ? want - off : 0;
		n = in[i].iov_len - skip;
		memcpy(resp + got, (uint8_t *)in[i].iov_base + skip, n);
		got += n;
	}
	if (got == 16 && !resp[0] && !resp[1] && !resp[2] && !resp[3] &&
	    nids < FUZZ_ID_SLOTS)
		ids[nids++] = ld_le64(resp + 8);
}

static void one_request(const uint8_t *rec, const uint8_t *out,
			size_t out_len, size_t in_len)
{
	struct iovec out_iov[MAX_IOV + 1], in_iov[MAX_IOV + 1];
	bool ctrl = rec[0] & 1;
	unsigned int out_num, in_num;
	uint8_t *copy = malloc(out_len + 1);
	size_t written = 0;
	enum vcd_result r;

	memcpy(copy, out, out_len);
	translate_id(copy, out_len, ctrl);
	out_num = make_iov(out_iov, copy, out_len, (rec[0] >> 1) & 7);
	in_num = make_iov(in_iov, NULL, in_len, (rec[0] >> 4) & 7);
	free(copy);

	r = vcd_core_handle(core, ctrl, out_iov, out_num, in_iov, in_num,
			    &written);
	if (r == VCD_MALFORMED ? written != 0 : written != in_len)
		abort();	/* the API's promise broken */
	if (r == VCD_ANSWERED && ctrl && in_len == 16)
		note_id(in_iov, in_num, in_len);
	free_iov(out_iov, out_num);
	free_iov(in_iov, in_num);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vcd_core_conf conf = {
		.max_sessions = FUZZ_MAX_SESSIONS,
		.max_data_len = FUZZ_MAX_DATA_LEN,
	};
	size_t out_len, in_len;

	if (!core) {
		core = vcd_core_new(&conf, NULL, 0);
		if (!core)
			abort();
	}
	nids = 0;
	while (size >= FUZZ_REC_HDR) {
		out_len = data[1] | (size_t)data[2] << 8;
		in_len = data[3] | (size_t)data[4] << 8;
		if (out_len > size - FUZZ_REC_HDR)
			out_len = size - FUZZ_REC_HDR;
		one_request(data, data + FUZZ_REC_HDR, out_len, in_len);
		data += FUZZ_REC_HDR + out_len;
		size -= FUZZ_REC_HDR + out_len;
	}
	vcd_core_reset(core);
	return 0;
}
