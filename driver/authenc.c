// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * virtio-cryptodev guest driver: CIOCAUTHCRYPT in cryptodev-linux's TLS
 * and SRTP modes (COP_FLAG_AEAD_TLS_TYPE, COP_FLAG_AEAD_SRTP_TYPE).
 *
 * Both are composed here from two OP_CRYPT requests (docs/protocol.md,
 * "Composed modes"): one on a helper device session that has only the
 * session's cipher, one on a helper that has only its MAC, both made on
 * first use by vcd_session_part().  The data goes through a kernel copy:
 * these modes work in place (src == dst), and the MAC is checked before
 * any plaintext reaches user memory.
 *
 *   TLS encrypt:  tag = MAC(auth || src); dst = E(src || tag || pad)
 *   TLS decrypt:  p = D(src); check pad and tag; dst = p
 *   SRTP encrypt: payload = E(payload); tag = MAC(auth_src[0..auth_len))
 *   SRTP decrypt: check MAC(auth_src[0..auth_len)) == tag; D(payload)
 *
 * where SRTP's payload is src == dst, inside the auth_src buffer at most
 * 256 bytes after its start, as cryptodev-linux requires.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <crypto/algapi.h>

#include "vcd.h"

#define VCD_SRTP_MAX_DIFF	256	/* src - auth_src, as cryptodev-linux */

static void __user *vcd_ac_uptr(const void *p)
{
	return u64_to_user_ptr((u64)(uintptr_t)p);
}

/*
 * One OP_CRYPT on a helper session: it reads a then b.  On the cipher
 * part, out gets alen + blen bytes back (and the next IV in iv_out when
 * iv_out); on the MAC part, digest gets the MAC of a || b.  The data
 * travels in the request's own buffer: a caller killed while the device
 * still holds the request frees none of what the device may touch.
 */
static int vcd_ac_op(struct vcd_session *p, bool decrypt, const u8 *iv,
		     u8 *iv_out, const void *a, unsigned int alen,
		     const void *b, unsigned int blen, void *out, u8 *digest)
{
	unsigned int ivlen = p->cipher && iv ? p->cipher->ivsize : 0;
	unsigned int srclen = alen + blen;
	unsigned int outlen = p->cipher ? srclen : 0;
	struct virtio_cryptodev_op_req *hdr;
	struct vcd_request *req;
	u32 flags = 0;
	int err;

	if (p->cipher && decrypt)
		flags |= VIRTIO_CRYPTODEV_F_DECRYPT;
	if (p->cipher && iv_out)
		flags |= VIRTIO_CRYPTODEV_F_WRITE_IV;
	if (p->hash)
		flags |= VIRTIO_CRYPTODEV_F_HASH_RESET |
			 VIRTIO_CRYPTODEV_F_HASH_FINAL;

	/* src then dst in req->data: one descriptor per page, and ends. */
	req = vcd_req_alloc(VCD_FIXED_SG + vcd_bounce_sgs(srclen),
			    VCD_FIXED_SG + vcd_bounce_sgs(outlen),
			    (size_t)srclen + outlen);
	if (!req)
		return -ENOMEM;
	req->wipe = true;	/* plaintext, and MAC input */
	if (alen)
		memcpy(req->data, a, alen);
	if (blen)
		memcpy(req->data + alen, b, blen);
	if (ivlen)
		memcpy(req->iv, iv, ivlen);
	hdr = &req->hdr.op;
	hdr->opcode = cpu_to_le32(VIRTIO_CRYPTODEV_OP_CRYPT);
	hdr->flags = cpu_to_le32(flags);
	hdr->session_id = cpu_to_le64(p->dev_id);
	hdr->src_len = cpu_to_le32(srclen);
	hdr->dst_len = cpu_to_le32(outlen);
	hdr->iv_len = cpu_to_le32(ivlen);
	hdr->tag_len = cpu_to_le32(p->hash ? p->hash->digestsize : 0);

	err = vcd_req_add_out(req, hdr, sizeof(*hdr)) ?:
	      vcd_req_add_out(req, req->iv, ivlen) ?:
	      vcd_req_add_out(req, req->data, srclen) ?:
	      vcd_req_add_in(req, req->data + srclen, outlen);
	if (!err && (flags & VIRTIO_CRYPTODEV_F_WRITE_IV))
		err = vcd_req_add_in(req, req->iv_out, p->cipher->ivsize);
	if (!err && p->hash)
		err = vcd_req_add_in(req, req->digest, p->hash->digestsize);
	err = err ?: vcd_req_add_in(req, &req->resp.op, sizeof(req->resp.op)) ?:
	      vcd_req_submit(p->vcd, vcd_data_queue(p->vcd), req);
	err = err ?: vcd_status_to_errno(le32_to_cpu(req->resp.op.status));
	if (!err && outlen)
		memcpy(out, req->data + srclen, outlen);
	if (!err && (flags & VIRTIO_CRYPTODEV_F_WRITE_IV))
		memcpy(iv_out, req->iv_out, p->cipher->ivsize);
	if (!err && p->hash)
		memcpy(digest, req->digest, p->hash->digestsize);
	memzero_explicit(req->digest, sizeof(req->digest));
	vcd_req_put(req);
	return err;
}

/* What both modes share: the two helper sessions and the IV. */
struct vcd_ac {
	struct vcd_session *cipher;	/* the cipher part */
	struct vcd_session *mac;	/* the MAC part, NULL without one */
	const u8 *iv;			/* NULL: continue the part's chain */
	u8 ivbuf[VCD_MAX_IV_LEN];
	u8 iv_out[VCD_MAX_IV_LEN];
	bool write_iv;
};

static int vcd_ac_cipher(struct vcd_ac *ac, bool decrypt, void *in,
			 void *out, unsigned int len)
{
	return vcd_ac_op(ac->cipher, decrypt, ac->iv,
			 ac->write_iv ? ac->iv_out : NULL, in, len, NULL, 0,
			 out, NULL);
}

static int vcd_ac_mac(struct vcd_ac *ac, void *a, unsigned int alen,
		      void *b, unsigned int blen, u8 *digest)
{
	return vcd_ac_op(ac->mac, false, NULL, NULL, a, alen, b, blen, NULL,
			 digest);
}

/* 0 or -EBADMSG: the TLS padding of rec (len bytes); *padlen its size. */
static int vcd_tls_pad_check(const u8 *rec, unsigned int len,
			     unsigned int *padlen)
{
	unsigned int pad = rec[len - 1], i;
	u8 bad = 0;

	if (pad + 1 > len)
		return -EBADMSG;
	for (i = 0; i < pad; i++)
		bad |= rec[len - 2 - i] ^ pad;
	if (bad)
		return -EBADMSG;
	*padlen = pad + 1;
	return 0;
}

static int vcd_tls(struct vcd_ac *ac, struct crypt_auth_op *caop,
		   unsigned int bs, unsigned int maxlen)
{
	unsigned int len = caop->len, tag = caop->tag_len, n, padlen;
	bool decrypt = caop->op == COP_DECRYPT;
	u8 digest[VCD_MAX_DIGEST_LEN];
	u8 *aad = NULL, *buf, *out;
	int err, padbad = 0;
	size_t size;

	if (caop->auth_len > PAGE_SIZE)
		return -EINVAL;
	if (!caop->dst || len > maxlen)
		return -EINVAL;	/* bounded first: n cannot wrap */
	n = len;
	if (!decrypt)
		n += tag + (bs > 1 ? bs - (len + tag) % bs : 0);
	if (!n || n > maxlen)
		return -EINVAL;

	size = 2 * (size_t)n;
	buf = kvzalloc(size, GFP_KERNEL);
	if (caop->auth_src && caop->auth_len)
		aad = kmalloc(caop->auth_len, GFP_KERNEL);
	err = -ENOMEM;
	if (!buf || (caop->auth_src && caop->auth_len && !aad))
		goto out_free;
	out = buf + n;
	err = -EFAULT;
	if ((aad && copy_from_user(aad, vcd_ac_uptr(caop->auth_src),
				   caop->auth_len)) ||
	    copy_from_user(buf, vcd_ac_uptr(caop->src), len))
		goto out_free;

	if (!decrypt) {
		/* MAC then encrypt: src || MAC || pad. */
		if (ac->mac) {
			err = vcd_ac_mac(ac, aad, aad ? caop->auth_len : 0,
					 buf, len, digest);
			if (err)
				goto out_free;
			memcpy(buf + len, digest, tag);
		}
		if (bs > 1)
			memset(buf + len + tag, n - len - tag - 1,
			       n - len - tag);
		err = vcd_ac_cipher(ac, false, buf, out, n);
		goto out_copy;
	}

	err = vcd_ac_cipher(ac, true, buf, out, n);
	if (err)
		goto out_free;
	if (bs > 1) {
		padbad = vcd_tls_pad_check(out, n, &padlen);
		if (!padbad)
			n -= padlen;
	}
	if (ac->mac) {
		/* A bad pad still costs a MAC, and fails the same way. */
		err = -EINVAL;
		if (tag > n)
			goto out_free;
		n -= tag;
		err = vcd_ac_mac(ac, aad, aad ? caop->auth_len : 0, out, n,
				 digest);
		if (err)
			goto out_free;
		err = -EBADMSG;
		if (crypto_memneq(digest, out + n, tag) || padbad)
			goto out_free;
	}
	err = 0;

out_copy:
	/* Decrypt: the whole record comes back, MAC and pad included. */
	if (!err && copy_to_user(vcd_ac_uptr(caop->dst), out,
				 decrypt ? len : n))
		err = -EFAULT;
	if (!err)
		caop->len = n;
out_free:
	memzero_explicit(digest, sizeof(digest));
	kfree_sensitive(aad);
	if (buf)
		kvfree_sensitive(buf, size);
	return err;
}

static int vcd_srtp(struct vcd_ac *ac, struct crypt_auth_op *caop,
		    unsigned int maxlen)
{
	unsigned int len = caop->len, tag = caop->tag_len, diff;
	bool decrypt = caop->op == COP_DECRYPT;
	u8 digest[VCD_MAX_DIGEST_LEN], want[VCD_MAX_DIGEST_LEN];
	u8 *buf, *out;
	int err;

	if (!caop->dst && !caop->auth_src)
		return -EINVAL;
	if ((decrypt ? len : len + tag) == 0 || !caop->auth_len)
		return -EINVAL;
	if ((uintptr_t)caop->src < (uintptr_t)caop->auth_src ||
	    (uintptr_t)caop->src - (uintptr_t)caop->auth_src >
	    VCD_SRTP_MAX_DIFF)
		return -EINVAL;
	diff = (uintptr_t)caop->src - (uintptr_t)caop->auth_src;
	/* Ours: the payload lies inside the authenticated bytes. */
	if (caop->auth_len > maxlen || len > caop->auth_len - min(diff,
								  caop->auth_len))
		return -EINVAL;
	if (decrypt && ac->mac && tag > len)
		return -EINVAL;

	buf = kvzalloc((size_t)caop->auth_len + len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	out = buf + caop->auth_len;
	err = -EFAULT;
	if (copy_from_user(buf, vcd_ac_uptr(caop->auth_src), caop->auth_len))
		goto out_free;

	if (!decrypt) {
		/* Encrypt, then MAC the whole packet. */
		if (len) {
			err = vcd_ac_cipher(ac, false, buf + diff, out, len);
			if (err)
				goto out_free;
			memcpy(buf + diff, out, len);
		}
		if (ac->mac) {
			err = vcd_ac_mac(ac, buf, caop->auth_len, NULL, 0,
					 digest);
			if (err)
				goto out_free;
			err = -EFAULT;
			if (copy_to_user(vcd_ac_uptr(caop->tag), digest, tag))
				goto out_free;
		}
	} else {
		if (ac->mac) {
			err = -EFAULT;
			if (copy_from_user(want, vcd_ac_uptr(caop->tag), tag))
				goto out_free;
			err = vcd_ac_mac(ac, buf, caop->auth_len, NULL, 0,
					 digest);
			if (err)
				goto out_free;
			err = -EBADMSG;
			if (crypto_memneq(digest, want, tag))
				goto out_free;
		}
		if (len) {
			err = vcd_ac_cipher(ac, true, buf + diff, out, len);
			if (err)
				goto out_free;
		}
	}
	err = 0;
	if (len && copy_to_user(vcd_ac_uptr(caop->dst), out, len))
		err = -EFAULT;
	if (!err)
		caop->len = len;
out_free:
	memzero_explicit(digest, sizeof(digest));
	kvfree_sensitive(buf, (size_t)caop->auth_len + len);
	return err;
}

/* CIOCAUTHCRYPT with COP_FLAG_AEAD_TLS_TYPE or _SRTP_TYPE on session s. */
int vcd_authenc(struct vcd_session *s, struct crypt_auth_op *caop)
{
	const struct vcd_alg *c = s->cipher;
	bool srtp = caop->flags & COP_FLAG_AEAD_SRTP_TYPE;
	struct vcd_ac ac = { };
	int err;

	/* In this order, as cryptodev-linux checks them. */
	if (caop->src != caop->dst)
		return -EINVAL;
	if (!caop->tag_len)
		caop->tag_len = s->hash ? s->hash->digestsize : 0;
	if (caop->op != COP_ENCRYPT && caop->op != COP_DECRYPT)
		return -EINVAL;
	if (!c || c->aead || (srtp && c->blocksize != 1))
		return -EINVAL;
	/* Ours: cryptodev-linux would copy bytes past the digest. */
	if (caop->tag_len > (s->hash ? s->hash->digestsize : 0))
		return -EINVAL;

	if (c->ivsize && caop->iv) {
		if (copy_from_user(ac.ivbuf, vcd_ac_uptr(caop->iv), c->ivsize))
			return -EFAULT;
		ac.iv = ac.ivbuf;
		ac.write_iv = caop->flags & COP_FLAG_WRITE_IV;
	}
	/* One TLS/SRTP request at a time on a session: its IV chain. */
	if (mutex_lock_killable(&s->part_lock))
		return -EINTR;
	ac.cipher = vcd_session_part(s, false);
	if (IS_ERR(ac.cipher)) {
		err = PTR_ERR(ac.cipher);
		goto out_unlock;
	}
	if (s->hash) {
		ac.mac = vcd_session_part(s, true);
		if (IS_ERR(ac.mac)) {
			err = PTR_ERR(ac.mac);
			ac.mac = NULL;
			goto out;
		}
	}

	if (srtp)
		err = vcd_srtp(&ac, caop, s->vcd->lim.max_data_len);
	else
		err = vcd_tls(&ac, caop, c->blocksize,
			      s->vcd->lim.max_data_len);
	if (!err && ac.write_iv &&
	    copy_to_user(vcd_ac_uptr(caop->iv), ac.iv_out, c->ivsize))
		err = -EFAULT;
out:
	if (ac.mac)
		vcd_session_put(ac.mac);
	vcd_session_put(ac.cipher);
out_unlock:
	mutex_unlock(&s->part_lock);
	return err;
}
