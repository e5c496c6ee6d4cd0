// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The two halves of a descriptor chain as byte streams: a request's
 * fields may be split over any number of iovecs, at any offset.
 */
#include <stdlib.h>
#include <string.h>

#include "vcd-internal.h"

size_t vcd_iov_size(const struct iovec *iov, unsigned int num)
{
	size_t total = 0;
	unsigned int i;

	for (i = 0; i < num; i++) {
		if (iov[i].iov_len > SIZE_MAX - total)
			return SIZE_MAX;
		total += iov[i].iov_len;
	}
	return total;
}

/* Walk to stream offset @off; returns the iovec index, *skip within it. */
static unsigned int iov_seek(const struct iovec *iov, unsigned int num,
			     size_t off, size_t *skip)
{
	unsigned int i;

	for (i = 0; i < num && off >= iov[i].iov_len; i++)
		off -= iov[i].iov_len;
	*skip = off;
	return i;
}

bool vcd_iov_read(const struct iovec *iov, unsigned int num, size_t off,
		  void *buf, size_t len)
{
	uint8_t *dst = buf;
	size_t skip, n;
	unsigned int i;

	for (i = iov_seek(iov, num, off, &skip); len && i < num; i++) {
		n = iov[i].iov_len - skip;
		if (n > len)
			n = len;
		memcpy(dst, (const uint8_t *)iov[i].iov_base + skip, n);
		dst += n;
		len -= n;
		skip = 0;
	}
	return len == 0;
}

void vcd_iov_zero(const struct iovec *iov, unsigned int num, size_t len)
{
	size_t n;
	unsigned int i;

	for (i = 0; len && i < num; i++) {
		n = iov[i].iov_len < len ? iov[i].iov_len : len;
		memset(iov[i].iov_base, 0, n);
		len -= n;
	}
}

bool vcd_iov_write(const struct iovec *iov, unsigned int num, size_t off,
		   const void *buf, size_t len)
{
	const uint8_t *src = buf;
	size_t skip, n;
	unsigned int i;

	for (i = iov_seek(iov, num, off, &skip); len && i < num; i++) {
		n = iov[i].iov_len - skip;
		if (n > len)
			n = len;
		memcpy((uint8_t *)iov[i].iov_base + skip, src, n);
		src += n;
		len -= n;
		skip = 0;
	}
	return len == 0;
}

void vcd_iov_iter_init(struct vcd_iov_iter *it, const struct iovec *iov,
		       unsigned int num, size_t off)
{
	it->iov = iov;
	it->num = num;
	it->i = iov_seek(iov, num, off, &it->skip);
	it->run_last = 0;
	it->run_end = NULL;
}

size_t vcd_iov_iter_copy(struct vcd_iov_iter *it, void *buf, size_t len,
			 bool to_iov)
{
	uint8_t *b = buf, *p;
	size_t done = 0, n;

	while (done < len) {
		n = vcd_iov_iter_span(it, &p);
		if (!n)
			break;
		if (n > len - done)
			n = len - done;
		if (to_iov)
			memcpy(p, b + done, n);
		else
			memcpy(b + done, p, n);
		vcd_iov_iter_advance(it, n);
		done += n;
	}
	return done;
}

/* A stretch of memory that a request reads (src), writes, or both. */
struct span {
	uintptr_t start, end;
	bool writes;
};

static uintptr_t umin(uintptr_t a, uintptr_t b)
{
	return a < b ? a : b;
}

static uintptr_t umax(uintptr_t a, uintptr_t b)
{
	return a > b ? a : b;
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort by start: insertion sort for the usual few (mostly in order). */
static void spans_sort(struct span *v, size_t n)
{
	struct span t;
	size_t i, j;

	if (n > 64) {
		qsort(v, n, sizeof(*v), span_cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && v[j - 1].start > t.start; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

#define ALIAS_STACK	64	/* spans checked without an allocation */

/* The lowest and highest address of @len bytes of @iov from @off. */
static void iov_box(const struct iovec *iov, unsigned int num, size_t off,
		    size_t len, uintptr_t *lo, uintptr_t *hi)
{
	uintptr_t p;
	size_t skip, n;
	unsigned int i;

	*lo = UINTPTR_MAX;
	*hi = 0;
	for (i = iov_seek(iov, num, off, &skip); len && i < num; i++) {
		n = iov[i].iov_len - skip;
		if (n > len)
			n = len;
		p = (uintptr_t)iov[i].iov_base + skip;
		*lo = umin(p, *lo);
		*hi = umax(p + n, *hi);
		len -= n;
		skip = 0;
	}
}

int vcd_iov_alias(const struct iovec *src, unsigned int src_num,
		  size_t src_off, const struct iovec *dst,
		  unsigned int dst_num, size_t dst_off, size_t len)
{
	struct span stack[ALIAS_STACK], *v = stack;
	uintptr_t smin, smax, dmin, dmax, end_all = 0, end_w = 0;
	struct vcd_iov_iter si, di;
	size_t max = 2 * ((size_t)src_num + dst_num), n = 0, i, sn, dn;
	uint8_t *sp, *dp;
	size_t left;
	int ret = 0;

	/* The bounding boxes first: apart is the usual case. */
	iov_box(src, src_num, src_off, len, &smin, &smax);
	iov_box(dst, dst_num, dst_off, len, &dmin, &dmax);
	if (smax <= dmin || dmax <= smin)
		return 0;
	if (max > ALIAS_STACK) {
		v = malloc(max * sizeof(*v));
		if (!v)
			return -1;
	}
	/* The pieces where a src span and a dst span meet. */
	vcd_iov_iter_init(&si, src, src_num, src_off);
	vcd_iov_iter_init(&di, dst, dst_num, dst_off);
	for (left = len; left && n + 2 <= max; left -= sn) {
		sn = vcd_iov_iter_span(&si, &sp);
		dn = vcd_iov_iter_span(&di, &dp);
		if (dn < sn)
			sn = dn;
		if (sn > left)
			sn = left;
		if (!sn)
			break;	/* short: the core checked, never */
		if (sp == dp) {		/* in place: one span */
			v[n++] = (struct span){ (uintptr_t)sp,
						(uintptr_t)sp + sn, true };
		} else {
			v[n++] = (struct span){ (uintptr_t)sp,
						(uintptr_t)sp + sn, false };
			v[n++] = (struct span){ (uintptr_t)dp,
						(uintptr_t)dp + sn, true };
		}
		vcd_iov_iter_advance(&si, sn);
		vcd_iov_iter_advance(&di, sn);
	}
	/* Only reads may overlap each other. */
	spans_sort(v, n);
	for (i = 0; i < n && !ret; i++) {
		if (v[i].start < (v[i].writes ? end_all : end_w))
			ret = 1;
		end_all = umax(v[i].end, end_all);
		if (v[i].writes)
			end_w = umax(v[i].end, end_w);
	}
	if (left)
		ret = 1;	/* not all seen: take the safe path */
	if (v != stack)
		free(v);
	return ret;
}
