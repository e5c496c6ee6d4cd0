// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sessions across a guest suspend (S3): this program opens /dev/crypto,
 * makes sessions and uses them, puts the guest to sleep with
 * `echo mem > /sys/power/state` (the host's suspend.t wakes it with QMP
 * system_wakeup), and then uses the same sessions again.  Every result
 * must still match OpenSSL; a hash that was between UPDATEs when the
 * guest slept, and a CBC chain continued with iv == NULL, give ESTALE
 * until they are started again (docs/driver.md, Suspend and resume).
 *
 * Plain TAP, not the harness: the sessions must live in one process
 * across the suspend.  `vcd-suspend --no-sleep` runs it without sleeping
 * (then the ESTALE checks are skipped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dc.h"

static int tests, failed;

static void ok(int cond, const char *fmt, const char *what)
{
	tests++;
	if (!cond)
		failed++;
	printf("%sok %d - ", cond ? "" : "not ", tests);
	printf(fmt, what);
	printf("\n");
	fflush(stdout);
}

static void skip(const char *what)
{
	tests++;
	printf("ok %d - %s # SKIP no suspend\n", tests, what);
}

#define LEN 64

static uint8_t key[32], mackey[32], iv[16], gcm_iv[12], src[2 * LEN];

/* One cipher(+MAC) operation on the device, compared with OpenSSL. */
static int crypt_matches(int fd, uint32_t ses, const struct dc_alg *a,
			 const uint8_t *data, size_t len)
{
	uint8_t dst[2 * LEN], mac[64], rdst[2 * LEN], rmac[64];
	uint8_t ivc[16];

	memcpy(ivc, iv, sizeof(ivc));
	if (dc_crypt(fd, ses, COP_ENCRYPT, 0, data, a->cipher ? dst : NULL,
		     len, a->ivsize ? ivc : NULL, a->mac ? mac : NULL))
		return 0;
	if (ref_crypt(a, key, mackey, iv, data, len, rdst, rmac, true))
		return 0;
	return (!a->cipher || !memcmp(dst, rdst, len)) &&
	       (!a->mac || !memcmp(mac, rmac, a->digestsize));
}

static int gcm_matches(int fd, uint32_t ses)
{
	uint8_t dst[LEN + 16], rdst[LEN], rtag[16], ivc[12];
	uint32_t len = LEN;

	memcpy(ivc, gcm_iv, sizeof(ivc));
	if (dc_aead(fd, ses, COP_ENCRYPT, "aad", 3, src, dst, &len, 16, ivc))
		return 0;
	if (ref_gcm(key, 16, gcm_iv, (const uint8_t *)"aad", 3, src, LEN,
		    rdst, rtag, 16))
		return 0;
	return len == LEN + 16 && !memcmp(dst, rdst, LEN) &&
	       !memcmp(dst + LEN, rtag, 16);
}

/* sha256 over src[0..2*LEN) in two UPDATEs and a FINAL. */
static int sha_update(int fd, uint32_t ses, int part)
{
	return dc_crypt(fd, ses, COP_ENCRYPT, COP_FLAG_UPDATE,
			src + part * LEN, NULL, LEN, NULL, NULL);
}

static int sha_final_matches(int fd, uint32_t ses, const struct dc_alg *a)
{
	uint8_t mac[64], rmac[64];

	if (dc_crypt(fd, ses, COP_ENCRYPT, COP_FLAG_FINAL, NULL, NULL, 0,
		     NULL, mac))
		return 0;
	if (ref_crypt(a, NULL, NULL, NULL, src, 2 * LEN, NULL, rmac, true))
		return 0;
	return !memcmp(mac, rmac, a->digestsize);
}

/* CBC over two blocks of LEN, the second with iv == NULL (chained). */
static int cbc_chain_matches(int fd, uint32_t ses, const struct dc_alg *a)
{
	uint8_t dst[2 * LEN], rdst[2 * LEN], ivc[16];

	memcpy(ivc, iv, sizeof(ivc));
	if (dc_crypt(fd, ses, COP_ENCRYPT, 0, src, dst, LEN, ivc, NULL) ||
	    dc_crypt(fd, ses, COP_ENCRYPT, 0, src + LEN, dst + LEN, LEN, NULL,
		     NULL))
		return 0;
	if (ref_crypt(a, key, NULL, iv, src, 2 * LEN, rdst, NULL, true))
		return 0;
	return !memcmp(dst, rdst, sizeof(dst));
}

/*
 * A TLS record (CIOCAUTHCRYPT, COP_FLAG_AEAD_TLS_TYPE) on the CBC+HMAC
 * session, compared with OpenSSL: its helper device sessions are made
 * again after a resume too.
 */
static int tls_matches(int fd, uint32_t ses)
{
	uint8_t buf[LEN + 32 + 16], ref[LEN + 32 + 16], ivc[16], aad[13];
	struct crypt_auth_op caop = {
		.ses = ses, .op = COP_ENCRYPT, .flags = COP_FLAG_AEAD_TLS_TYPE,
		.len = LEN, .auth_len = sizeof(aad), .auth_src = aad,
		.src = buf, .dst = buf, .iv = ivc,
	};
	long n;

	memset(aad, 0x17, sizeof(aad));
	memcpy(buf, src, LEN);
	memcpy(ivc, iv, sizeof(ivc));
	n = ref_tls("AES-128-CBC", 16, "SHA256", key, mackey, 32, iv, aad,
		    sizeof(aad), src, LEN, 32, 0, ref);
	if (n < 0 || ioctl(fd, CIOCAUTHCRYPT, &caop))
		return 0;
	return caop.len == n && !memcmp(buf, ref, n);
}

static int go_to_sleep(void)
{
	FILE *f = fopen("/sys/power/mem_sleep", "w");

	/* S3 ("deep"), not suspend-to-idle, which keeps devices running. */
	if (f) {
		fputs("deep\n", f);
		fclose(f);
	}
	fflush(stdout);
	/* This process is frozen like any other while the guest sleeps. */
	return system("echo mem > /sys/power/state");
}

int main(int argc, char **argv)
{
	const struct dc_alg *cbc = dc_alg("AES-128-CBC");
	const struct dc_alg *sha = dc_alg("sha256");
	const struct dc_alg *hmac = dc_alg("hmac(sha256)");
	const struct dc_alg *both = dc_alg("cbc(aes)+hmac(sha256)");
	const struct dc_alg *gcm = dc_alg("gcm(aes)");
	bool sleep = !(argc > 1 && !strcmp(argv[1], "--no-sleep"));
	uint32_t s_cbc, s_sha, s_hmac, s_both, s_gcm, s_new;
	unsigned int seed = 1;
	int fd, r;

	printf("1..22\n");
	fill_random(key, sizeof(key), &seed);
	fill_random(mackey, sizeof(mackey), &seed);
	fill_random(iv, sizeof(iv), &seed);
	fill_random(gcm_iv, sizeof(gcm_iv), &seed);
	fill_random(src, sizeof(src), &seed);

	fd = dc_open();
	if (fd < 0) {
		printf("Bail out! cannot open %s: %s\n", dc_path(),
		       strerror(errno));
		return 1;
	}
	if (dc_session(fd, cbc, key, NULL, &s_cbc) ||
	    dc_session(fd, sha, NULL, NULL, &s_sha) ||
	    dc_session(fd, hmac, NULL, mackey, &s_hmac) ||
	    dc_session(fd, both, key, mackey, &s_both) ||
	    dc_session(fd, gcm, key, NULL, &s_gcm)) {
		printf("Bail out! sessions: %s\n", strerror(errno));
		return 1;
	}

	/* Before: everything works, a hash is left between UPDATEs. */
	ok(cbc_chain_matches(fd, s_cbc, cbc), "%s before", "CBC chain");
	ok(crypt_matches(fd, s_hmac, hmac, src, LEN), "%s before",
	   "HMAC-SHA256");
	ok(crypt_matches(fd, s_both, both, src, LEN), "%s before",
	   "CBC+HMAC");
	ok(gcm_matches(fd, s_gcm), "%s before", "GCM");
	ok(tls_matches(fd, s_both), "%s before", "TLS record");
	ok(sha_update(fd, s_sha, 0) == 0, "%s", "SHA-256 first UPDATE");

	if (sleep) {
		r = go_to_sleep();
		ok(r == 0, "%s", "echo mem > /sys/power/state: slept and woke up");
	} else {
		skip("echo mem > /sys/power/state");
	}

	/*
	 * A driver that did not set its queues up again hangs here: the
	 * alarm (its default action kills) turns that into a failure.
	 */
	alarm(120);

	/* After: the same sessions give the same results. */
	ok(crypt_matches(fd, s_hmac, hmac, src, LEN), "%s after", "HMAC-SHA256");
	ok(crypt_matches(fd, s_both, both, src, LEN), "%s after", "CBC+HMAC");
	ok(gcm_matches(fd, s_gcm), "%s after", "GCM");
	ok(tls_matches(fd, s_both), "%s after", "TLS record");
	if (sleep) {
		r = dc_crypt(fd, s_cbc, COP_ENCRYPT, 0, src, (uint8_t[LEN]){ 0 },
			     LEN, NULL, NULL);
		ok(r == -1 && errno == ESTALE, "%s",
		   "CBC continued with iv == NULL after resume: ESTALE");
	} else {
		skip("CBC continued with iv == NULL after resume: ESTALE");
	}
	ok(crypt_matches(fd, s_cbc, cbc, src, LEN), "%s after, with an IV",
	   "CBC");

	/* The hash between UPDATEs was lost with the device session. */
	if (sleep) {
		r = sha_update(fd, s_sha, 1);
		ok(r == -1 && errno == ESTALE, "%s",
		   "SHA-256 second UPDATE after resume: ESTALE");
		r = dc_crypt(fd, s_sha, COP_ENCRYPT, COP_FLAG_FINAL, NULL,
			     NULL, 0, NULL, (uint8_t[64]){ 0 });
		ok(r == -1 && errno == ESTALE, "%s",
		   "SHA-256 FINAL after resume: ESTALE");
	} else {
		skip("SHA-256 second UPDATE after resume: ESTALE");
		skip("SHA-256 FINAL after resume: ESTALE");
	}
	/* Started again (RESET), it is right again. */
	r = dc_crypt(fd, s_sha, COP_ENCRYPT, COP_FLAG_UPDATE | COP_FLAG_RESET,
		     src, NULL, LEN, NULL, NULL);
	ok(r == 0 && sha_update(fd, s_sha, 1) == 0 &&
	   sha_final_matches(fd, s_sha, sha), "%s",
	   "SHA-256 started again after resume");
	ok(crypt_matches(fd, s_sha, sha, src, 2 * LEN), "%s",
	   "SHA-256 one-shot after resume");

	/*
	 * The chained IV of a used CBC session was lost too; a request
	 * with its own IV starts a new chain (the check before did).
	 */
	ok(cbc_chain_matches(fd, s_cbc, cbc), "%s", "CBC chain after resume");

	/* New sessions work, and the old ones can be freed. */
	ok(dc_session(fd, cbc, key, NULL, &s_new) == 0 &&
	   crypt_matches(fd, s_new, cbc, src, LEN), "%s",
	   "a new session after resume");
	/* A second sleep: the sessions made again are made again. */
	if (sleep) {
		alarm(0);
		r = go_to_sleep();
		alarm(120);
		ok(r == 0, "%s", "a second suspend and resume");
	} else {
		skip("a second suspend and resume");
	}
	ok(crypt_matches(fd, s_both, both, src, LEN) &&
	   tls_matches(fd, s_both) &&
	   crypt_matches(fd, s_new, cbc, src, LEN), "%s",
	   "CBC+HMAC, a TLS record and the new session after the second resume");
	ok(!dc_free(fd, s_cbc) && !dc_free(fd, s_sha) &&
	   !dc_free(fd, s_hmac) && !dc_free(fd, s_both) &&
	   !dc_free(fd, s_gcm) && !dc_free(fd, s_new), "%s",
	   "every session freed");
	close(fd);
	return failed ? 1 : 0;
}
