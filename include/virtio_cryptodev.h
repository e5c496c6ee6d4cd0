/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * virtio-cryptodev wire protocol, shared by the QEMU device and the Linux
 * guest driver.  docs/protocol.md is the specification; this header
 * implements exactly that and nothing more.
 *
 * Every multi-byte field is little-endian.  Every struct has a fixed size
 * with explicit padding, checked at the end of the file.
 *
 * A request is one descriptor chain.  Its device-readable part is a byte
 * stream: a fixed header followed by variable data in a fixed order.  Its
 * device-writable part is a byte stream too: variable output followed by
 * a fixed response.  The streams may be split over any number of
 * descriptors; the device checks that each total is exactly what the
 * header announces, so lengths never need to be trusted on their own.
 */
#ifndef VIRTIO_CRYPTODEV_H
#define VIRTIO_CRYPTODEV_H

#include <linux/types.h>

/* Unassigned in virtio 1.4 and Linux (50-59 are free). */
#define VIRTIO_ID_CRYPTODEV		50
#define VIRTIO_CRYPTODEV_PCI_DEVICE_ID	(0x1040 + VIRTIO_ID_CRYPTODEV)

/* No device-specific feature bits yet; VIRTIO_F_VERSION_1 is required. */

/* Virtqueues: 0 is the control queue, 1..num_data_queues the data queues. */
#define VIRTIO_CRYPTODEV_CTRLQ		0
#define VIRTIO_CRYPTODEV_DATAQ(n)	(1 + (n))

/* Cipher algorithms: bit n of config.cipher_algs is algorithm n. */
enum virtio_cryptodev_cipher {
	VIRTIO_CRYPTODEV_CIPHER_NONE	= 0,
	VIRTIO_CRYPTODEV_CIPHER_AES_CBC	= 1,
	VIRTIO_CRYPTODEV_CIPHER_AES_CTR	= 2,
	VIRTIO_CRYPTODEV_CIPHER_AES_ECB	= 3,
	VIRTIO_CRYPTODEV_CIPHER_AES_XTS	= 4,
	VIRTIO_CRYPTODEV_CIPHER_AES_GCM	= 5,	/* AEAD: OP_AEAD only */
	VIRTIO_CRYPTODEV_CIPHER_NULL	= 6,	/* identity, no key */
	VIRTIO_CRYPTODEV_CIPHER_DES_CBC	= 7,
	VIRTIO_CRYPTODEV_CIPHER_3DES_CBC = 8,	/* DES-EDE3 */
	VIRTIO_CRYPTODEV_CIPHER_BF_CBC	= 9,	/* Blowfish */
	VIRTIO_CRYPTODEV_CIPHER_CAST5_CBC = 10,
	VIRTIO_CRYPTODEV_CIPHER_ARC4	= 11,	/* one stream per session */
	VIRTIO_CRYPTODEV_CIPHER_CAMELLIA_CBC = 12,
	VIRTIO_CRYPTODEV_CIPHER_MAX	= VIRTIO_CRYPTODEV_CIPHER_CAMELLIA_CBC,
};

/* Hash algorithms: bit n of config.hash_algs is algorithm n. */
enum virtio_cryptodev_hash {
	VIRTIO_CRYPTODEV_HASH_NONE	= 0,
	VIRTIO_CRYPTODEV_HASH_SHA1	= 1,
	VIRTIO_CRYPTODEV_HASH_SHA224	= 2,
	VIRTIO_CRYPTODEV_HASH_SHA256	= 3,
	VIRTIO_CRYPTODEV_HASH_SHA384	= 4,
	VIRTIO_CRYPTODEV_HASH_SHA512	= 5,
	VIRTIO_CRYPTODEV_HASH_MD5	= 6,
	VIRTIO_CRYPTODEV_HASH_RIPEMD160	= 7,
	VIRTIO_CRYPTODEV_HASH_MAX	= VIRTIO_CRYPTODEV_HASH_RIPEMD160,
};

/* Device configuration layout (read-only for the driver). */
struct virtio_cryptodev_config {
	__le32 num_data_queues;	/* >= 1 */
	__le32 max_sessions;	/* live sessions per device */
	__le32 max_data_len;	/* src bytes per request */
	__le32 max_key_len;	/* cipher key bytes */
	__le32 max_mac_key_len;	/* HMAC key bytes */
	__le32 max_aad_len;	/* AEAD associated data bytes */
	__le32 cipher_algs;	/* bitmask of enum virtio_cryptodev_cipher */
	__le32 hash_algs;	/* bitmask of enum virtio_cryptodev_hash */
};

/* Opcodes.  Control-queue and data-queue opcodes never overlap. */
enum virtio_cryptodev_opcode {
	VIRTIO_CRYPTODEV_OP_CREATE_SESSION	= 0x01,	/* control queue */
	VIRTIO_CRYPTODEV_OP_DESTROY_SESSION	= 0x02,	/* control queue */
	VIRTIO_CRYPTODEV_OP_COPY_HASH		= 0x03,	/* control queue */
	VIRTIO_CRYPTODEV_OP_CRYPT		= 0x10,	/* data queue */
	VIRTIO_CRYPTODEV_OP_AEAD		= 0x11,	/* data queue */
};

/*
 * Status codes, in the response of every request.  The driver maps each
 * to the errno that cryptodev-linux returns in the same situation.
 */
enum virtio_cryptodev_status {
	VIRTIO_CRYPTODEV_S_OK		= 0,
	VIRTIO_CRYPTODEV_S_BADMSG	= 1,	/* malformed request: EINVAL */
	VIRTIO_CRYPTODEV_S_UNSUPP	= 2,	/* unknown opcode/alg: EINVAL */
	VIRTIO_CRYPTODEV_S_INVSESS	= 3,	/* no such session: EINVAL */
	VIRTIO_CRYPTODEV_S_NOSPC	= 4,	/* session table full: ENOSPC */
	VIRTIO_CRYPTODEV_S_BADKEY	= 5,	/* bad key length: EINVAL */
	VIRTIO_CRYPTODEV_S_BADLEN	= 6,	/* length not a block multiple
						 * or over a limit: EINVAL */
	VIRTIO_CRYPTODEV_S_AUTHFAIL	= 7,	/* AEAD tag mismatch: EBADMSG */
	VIRTIO_CRYPTODEV_S_NOMEM	= 8,	/* host out of memory: ENOMEM */
	VIRTIO_CRYPTODEV_S_IOERR	= 9,	/* engine failure: EIO */
	VIRTIO_CRYPTODEV_S_STALE	= 10,	/* hash state not migrated:
						 * ESTALE */
};

/* Session flags (create_session.flags). */
#define VIRTIO_CRYPTODEV_SESSION_HMAC	(1u << 0)	/* keyed hash_alg */

/*
 * Control queue.  Device-readable: struct virtio_cryptodev_ctrl_req, then
 * for CREATE_SESSION key_len bytes of cipher key and mac_key_len bytes of
 * HMAC key, for COPY_HASH the source session id (__le64).
 * Device-writable: struct virtio_cryptodev_ctrl_resp.
 *
 * COPY_HASH copies the hash state of the source session into session_id
 * (the destination), as cryptodev-linux's CIOCCPHASH.
 */
struct virtio_cryptodev_ctrl_req {
	__le32 opcode;
	__le32 cipher_alg;	/* CREATE: enum virtio_cryptodev_cipher */
	__le32 hash_alg;	/* CREATE: enum virtio_cryptodev_hash */
	__le32 flags;		/* CREATE: VIRTIO_CRYPTODEV_SESSION_* */
	__le32 key_len;		/* CREATE */
	__le32 mac_key_len;	/* CREATE */
	__le64 session_id;	/* DESTROY; COPY_HASH: the destination */
};

struct virtio_cryptodev_ctrl_resp {
	__le32 status;		/* enum virtio_cryptodev_status */
	__le32 reserved;
	__le64 session_id;	/* CREATE: the device-chosen id */
};

/* Data request flags (op_req.flags). */
#define VIRTIO_CRYPTODEV_F_DECRYPT	(1u << 0)	/* else encrypt */
#define VIRTIO_CRYPTODEV_F_HASH_RESET	(1u << 1)	/* restart hash first */
#define VIRTIO_CRYPTODEV_F_HASH_FINAL	(1u << 2)	/* finish, write digest */
#define VIRTIO_CRYPTODEV_F_WRITE_IV	(1u << 3)	/* return the next IV */

/*
 * Data queue.
 *
 * Device-readable, in this order:
 *   struct virtio_cryptodev_op_req
 *   iv       iv_len bytes (0: continue from the session's chained IV)
 *   aad      aad_len bytes (OP_AEAD only)
 *   src      src_len bytes
 *   tag      tag_len bytes (OP_AEAD decrypt only)
 *
 * Device-writable, in this order:
 *   dst      dst_len bytes (== src_len with a cipher, 0 for a hash only)
 *   iv_out   the cipher's IV length if F_WRITE_IV (chaining ciphers:
 *            the CBC ones, AES-CTR, AES-XTS),
 *            else nothing
 *   digest   tag_len bytes: the digest with F_HASH_FINAL, or the AEAD
 *            tag on encrypt; 0 otherwise
 *   struct virtio_cryptodev_op_resp
 *
 * OP_CRYPT on a session with both a cipher and a hash hashes the plaintext:
 * before encrypting, after decrypting (cryptodev-linux semantics).
 */
struct virtio_cryptodev_op_req {
	__le32 opcode;
	__le32 flags;		/* VIRTIO_CRYPTODEV_F_* */
	__le64 session_id;
	__le32 src_len;
	__le32 dst_len;
	__le32 iv_len;
	__le32 aad_len;
	__le32 tag_len;		/* digest or AEAD tag bytes */
	__le32 reserved;
};

struct virtio_cryptodev_op_resp {
	__le32 status;		/* enum virtio_cryptodev_status */
	__le32 reserved;
};

#define VIRTIO_CRYPTODEV_LAYOUT_CHECK(expr) _Static_assert(expr, #expr)
VIRTIO_CRYPTODEV_LAYOUT_CHECK(sizeof(struct virtio_cryptodev_config) == 32);
VIRTIO_CRYPTODEV_LAYOUT_CHECK(sizeof(struct virtio_cryptodev_ctrl_req) == 32);
VIRTIO_CRYPTODEV_LAYOUT_CHECK(sizeof(struct virtio_cryptodev_ctrl_resp) == 16);
VIRTIO_CRYPTODEV_LAYOUT_CHECK(sizeof(struct virtio_cryptodev_op_req) == 40);
VIRTIO_CRYPTODEV_LAYOUT_CHECK(sizeof(struct virtio_cryptodev_op_resp) == 8);
#undef VIRTIO_CRYPTODEV_LAYOUT_CHECK

#endif /* VIRTIO_CRYPTODEV_H */
