// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The core's public entry points: configuration, the per-request
 * framing (where the response goes, which queue takes which opcodes),
 * reset and counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcd-internal.h"

static const struct vcd_engine_ops *const engines[] = {
	&vcd_engine_openssl,
	&vcd_engine_devcrypto,
};

static void set_err(char *err, size_t errlen, const char *msg,
		    const char *arg)
{
	if (errlen)
		snprintf(err, errlen, "%s%s", msg, arg ? arg : "");
}

static const struct vcd_engine_ops *engine_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
		if (!strcmp(engines[i]->name, name))
			return engines[i];
	return NULL;
}

/* Fill in defaults and check ranges; false with a message in @err. */
static bool conf_check(struct vcd_core_conf *c, char *err, size_t errlen)
{
	if (!c->engine)
		c->engine = VCD_DEFAULT_ENGINE;
	if (!c->devcrypto_path)
		c->devcrypto_path = VCD_DEFAULT_DEVCRYPTO_PATH;
	if (!c->num_data_queues)
		c->num_data_queues = VCD_DEFAULT_DATA_QUEUES;
	if (!c->max_sessions)
		c->max_sessions = VCD_DEFAULT_MAX_SESSIONS;
	if (!c->max_data_len)
		c->max_data_len = VCD_DEFAULT_MAX_DATA_LEN;
	if (!c->migrate_hash_max)
		c->migrate_hash_max = VCD_DEFAULT_MIGRATE_HASH_MAX;
	if (c->num_data_queues > VCD_MAX_DATA_QUEUES) {
		set_err(err, errlen, "queues must be 1 to 64", NULL);
		return false;
	}
	if (c->max_sessions > VCD_MAX_MAX_SESSIONS) {
		set_err(err, errlen, "max-sessions must be 1 to 65536", NULL);
		return false;
	}
	if (c->max_data_len < VCD_MIN_MAX_DATA_LEN ||
	    c->max_data_len > VCD_MAX_MAX_DATA_LEN) {
		set_err(err, errlen,
			"max-data-len must be 4096 to 67108864", NULL);
		return false;
	}
	if (c->migrate_hash_max > VCD_MAX_MIGRATE_HASH_MAX &&
	    c->migrate_hash_max != VCD_MIGRATE_HASH_NONE) {
		set_err(err, errlen,
			"migrate-hash-max must be 0 to 67108864", NULL);
		return false;
	}
	if (!strcmp(c->engine, "devcrypto") &&
	    (uint64_t)c->max_sessions * c->max_data_len >
	    VCD_DEVCRYPTO_MAX_SESSION_BYTES) {
		set_err(err, errlen, "devcrypto: max-sessions x max-data-len "
			"must be at most 4 GiB", NULL);
		return false;
	}
	return true;
}

struct vcd_core *vcd_core_new(const struct vcd_core_conf *conf,
			      char *err, size_t errlen)
{
	struct vcd_core_conf c = *conf;
	struct vcd_core *core;

	if (!conf_check(&c, err, errlen))
		return NULL;
	core = calloc(1, sizeof(*core));
	if (!core) {
		set_err(err, errlen, "out of memory", NULL);
		return NULL;
	}
	core->conf = c;
	core->replay_max = c.migrate_hash_max == VCD_MIGRATE_HASH_NONE ?
			   0 : c.migrate_hash_max;
	core->ops = engine_by_name(c.engine);
	if (!core->ops) {
		set_err(err, errlen, "unknown engine (openssl, devcrypto): ",
			c.engine);
		goto err_engine;
	}
	/* The strings belong to the caller; keep no pointer to them. */
	core->conf.engine = core->ops->name;
	core->conf.devcrypto_path = NULL;
	if (!vcd_table_init(&core->table, c.max_sessions)) {
		set_err(err, errlen, "out of memory", NULL);
		goto err_engine;
	}
	core->engine = core->ops->open(&c, err, errlen);
	if (!core->engine)
		goto err_open;
	core->ops->algs(core->engine, &core->cipher_mask, &core->hash_mask);
	return core;

err_open:
	vcd_table_destroy(core);
err_engine:
	free(core);
	return NULL;
}

void vcd_core_free(struct vcd_core *core)
{
	if (!core)
		return;
	vcd_table_destroy(core);
	core->ops->close(core->engine);
	free(core);
}

void vcd_core_get_config(struct vcd_core *core,
			 struct virtio_cryptodev_config *config)
{
	uint8_t *p = (uint8_t *)config;

	vcd_st_le32(p + 0, core->conf.num_data_queues);
	vcd_st_le32(p + 4, core->conf.max_sessions);
	vcd_st_le32(p + 8, core->conf.max_data_len);
	vcd_st_le32(p + 12, VCD_MAX_KEY_LEN);
	vcd_st_le32(p + 16, VCD_MAX_MAC_KEY_LEN);
	vcd_st_le32(p + 20, VCD_MAX_AAD_LEN);
	vcd_st_le32(p + 24, core->cipher_mask);
	vcd_st_le32(p + 28, core->hash_mask);
}

const char *vcd_core_engine_name(struct vcd_core *core)
{
	return core->ops->name;
}

/*
 * The used length is the whole writable part (the response is at its
 * end), and VIRTIO wants every byte it covers written: on an error
 * status, zeros before the response.
 */
static void answer(const struct iovec *in, unsigned int in_num,
		   size_t in_size, const uint8_t *resp, size_t resp_len,
		   uint32_t status)
{
	if (status != VIRTIO_CRYPTODEV_S_OK)
		vcd_iov_zero(in, in_num, in_size - resp_len);
	vcd_iov_write(in, in_num, in_size - resp_len, resp, resp_len);
}

static bool in_size_ok(struct vcd_core *core, size_t in_size,
		       size_t resp_len)
{
	return in_size >= resp_len &&
	       in_size <= (size_t)core->conf.max_data_len + VCD_MAX_IN_EXTRA;
}

static enum vcd_result handle_ctrl(struct vcd_core *core,
				   const struct iovec *out,
				   unsigned int out_num,
				   const struct iovec *in, unsigned int in_num,
				   size_t *in_written, uint32_t *status)
{
	size_t in_size = vcd_iov_size(in, in_num);
	size_t out_size = vcd_iov_size(out, out_num);
	uint8_t resp[sizeof(struct virtio_cryptodev_ctrl_resp)] = { 0 };
	uint64_t id = 0;

	if (!in_size_ok(core, in_size, sizeof(resp)))
		return VCD_MALFORMED;
	*status = vcd_ctrl_request(core, out, out_num, out_size, in_size, &id);
	vcd_st_le32(resp, *status);
	vcd_st_le64(resp + 8, id);
	answer(in, in_num, in_size, resp, sizeof(resp), *status);
	*in_written = in_size;
	return VCD_ANSWERED;
}

static enum vcd_result handle_data(struct vcd_core *core,
				   const struct iovec *out,
				   unsigned int out_num,
				   const struct iovec *in, unsigned int in_num,
				   size_t *in_written, uint32_t *status)
{
	size_t in_size = vcd_iov_size(in, in_num);
	size_t out_size = vcd_iov_size(out, out_num);
	uint8_t resp[sizeof(struct virtio_cryptodev_op_resp)] = { 0 };
	uint32_t src_len = 0;

	if (!in_size_ok(core, in_size, sizeof(resp)))
		return VCD_MALFORMED;
	*status = vcd_data_request(core, out, out_num, in, in_num,
				   out_size, in_size, &src_len);
	if (*status == VIRTIO_CRYPTODEV_S_OK)
		atomic_fetch_add(&core->bytes, src_len);
	vcd_st_le32(resp, *status);
	answer(in, in_num, in_size, resp, sizeof(resp), *status);
	*in_written = in_size;
	return VCD_ANSWERED;
}

enum vcd_result vcd_core_handle(struct vcd_core *core, bool ctrl_queue,
				const struct iovec *out, unsigned int out_num,
				const struct iovec *in, unsigned int in_num,
				size_t *in_written)
{
	uint32_t status = VIRTIO_CRYPTODEV_S_OK;
	enum vcd_result r;

	*in_written = 0;
	atomic_fetch_add(&core->requests, 1);
	if (ctrl_queue)
		r = handle_ctrl(core, out, out_num, in, in_num, in_written,
				&status);
	else
		r = handle_data(core, out, out_num, in, in_num, in_written,
				&status);
	if (r != VCD_ANSWERED || status != VIRTIO_CRYPTODEV_S_OK)
		atomic_fetch_add(&core->errors, 1);
	return r;
}

void vcd_core_reset(struct vcd_core *core)
{
	vcd_session_remove_all(core);
}

void vcd_core_get_stats(struct vcd_core *core, struct vcd_core_stats *stats)
{
	stats->sessions_live = vcd_session_count(core);
	stats->sessions_created = atomic_load(&core->sessions_created);
	stats->requests = atomic_load(&core->requests);
	stats->bytes = atomic_load(&core->bytes);
	stats->errors = atomic_load(&core->errors);
}
