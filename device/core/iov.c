// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The two halves of a descriptor chain as byte streams: a request's
 * fields may be split over any number of iovecs, at any offset.
 */
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
