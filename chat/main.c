// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crypto-chat: an encrypted terminal chat room over TCP.
 *
 *	crypto-chat -l [-k KEYFILE] [-n NICK] [ADDR] PORT	serve a room
 *	crypto-chat [-k KEYFILE] [-n NICK] HOST PORT		join a room
 *	crypto-chat --genkey KEYFILE				make a key
 *
 * This file parses the command line, loads the key, starts a room or a
 * client, and is the only one that exits.  The helpers that it, room.c
 * and client.c share (the nick rule, the diagnostics) are in common.c.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cc-crypto.h"
#include "chat.h"

struct opts {
	int listen;
	const char *keyfile;
	const char *genkey;
	const char *nick;
	const char *provider;
	const char *host;	/* or the address to listen on, or NULL */
	const char *port;
};

static void __attribute__((noreturn)) usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f,
		"usage: crypto-chat -l [-k KEYFILE] [-n NICK] [ADDR] PORT\n"
		"       crypto-chat [-k KEYFILE] [-n NICK] HOST PORT\n"
		"       crypto-chat --genkey KEYFILE\n"
		"options: --crypto=auto|devcrypto|openssl, --timestamps\n");
	if (status == 0)
		fprintf(f,
			"commands (input lines, of a client or of the server):\n"
			"  /help        list the commands\n"
			"  /who         list the members of the room\n"
			"  /nick NEW    change your nick\n"
			"  /me TEXT     send an action, shown as * nick TEXT\n"
			"  /quit        leave the room (so does end of input);\n"
			"               the server stops reading its input\n"
			"  //text       send /text as a message\n"
			"see crypto-chat(1)\n");
	exit(status);
}

static void parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "genkey", required_argument, NULL, 'g' },
		{ "crypto", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "timestamps", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rest;

	while ((ch = getopt_long(argc, argv, "lk:n:h", longopts, NULL)) != -1) {
		if (ch == 'l')
			o->listen = 1;
		else if (ch == 'k')
			o->keyfile = optarg;
		else if (ch == 'n')
			o->nick = optarg;
		else if (ch == 'g')
			o->genkey = optarg;
		else if (ch == 'c')
			o->provider = optarg;
		else if (ch == 't')
			term_timestamps(1);
		else
			usage(ch == 'h' ? 0 : 1);
	}
	rest = argc - optind;
	if (o->genkey) {
		if (rest != 0 || o->listen || o->keyfile)
			usage(1);
		return;
	}
	if (rest < 1 || rest > 2 || (!o->listen && rest != 2))
		usage(1);
	o->host = rest == 2 ? argv[optind] : NULL;
	o->port = argv[argc - 1];
	if (o->nick && !nick_valid(o->nick, strlen(o->nick)))
		errx(1, "bad nick '%s': " NICK_RULE, o->nick);
}

static const char *default_nick(const struct opts *o)
{
	const char *user = getenv("USER");

	if (o->nick)
		return o->nick;
	if (o->listen)
		return "server";
	if (user && nick_valid(user, strlen(user)))
		return user;
	return "guest";
}

static void crypto_start(const struct opts *o)
{
	const char *name = o->provider ? o->provider : "auto";

	if (cc_init(name) == 0) {
		atexit(cc_exit);
		return;
	}
	if (errno == EINVAL)
		errx(1, "--crypto=%s: use auto, devcrypto or openssl", name);
	err(1, "--crypto=%s: cannot open the provider", name);
}

static void genkey(const char *path)
{
	unsigned char key[KEY_LEN];
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		errx(1, "%s: file exists; not overwriting a key", path);
	if (fd < 0)
		err(1, "%s", path);
	if (cc_random(key, sizeof(key)) < 0)
		err(1, "random bytes");
	if (fchmod(fd, 0600) < 0 ||
	    write(fd, key, sizeof(key)) != (ssize_t)sizeof(key) ||
	    fsync(fd) < 0 || close(fd) < 0) {
		unlink(path);
		err(1, "%s", path);
	}
	cc_wipe(key, sizeof(key));
}

static void load_key(const char *path, unsigned char *key)
{
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		err(1, "key file %s", path);
	if (fstat(fd, &st) < 0)
		err(1, "key file %s", path);
	if (!S_ISREG(st.st_mode) || st.st_size != KEY_LEN)
		errx(1, "key file %s: must be a file of exactly %d bytes "
		     "(make one with --genkey)", path, KEY_LEN);
	n = read(fd, key, KEY_LEN);
	if (n < 0)
		err(1, "key file %s", path);
	if (n != KEY_LEN)
		errx(1, "key file %s: short read", path);
	close(fd);
}

static void __attribute__((noreturn)) net_fail(const char *what,
					       const struct opts *o)
{
	const char *host = o->host ? o->host : "*";

	if (errno == 0)
		errx(1, "cannot resolve %s port %s: %s", host, o->port,
		     gai_strerror(net_gai_error));
	err(1, "%s %s port %s", what, host, o->port);
}

static int serve(const struct opts *o, const unsigned char *psk)
{
	char where[80] = "?";
	int fd;

	fd = net_listen(o->host, o->port, where, sizeof(where));
	if (fd < 0)
		net_fail("cannot listen on", o);
	fprintf(stderr, "listening on %s\n", where);
	if (room_run(fd, psk, default_nick(o)) < 0)
		err(1, "poll");
	return 0;
}

static int join(const struct opts *o, const unsigned char *psk)
{
	char where[80];
	int fd;

	fd = net_connect(o->host, o->port);
	if (fd < 0)
		net_fail("cannot connect to", o);
	snprintf(where, sizeof(where), "%s port %s", o->host, o->port);
	if (client_run(fd, psk, default_nick(o)) < 0) {
		chat_report(where, errno);
		exit(1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char key[KEY_LEN];
	struct opts o = { 0 };
	const unsigned char *psk = NULL;

	parse(argc, argv, &o);
	signal(SIGPIPE, SIG_IGN);
	crypto_start(&o);
	if (o.genkey) {
		genkey(o.genkey);
		return 0;
	}
	if (o.keyfile) {
		load_key(o.keyfile, key);
		psk = key;
	}
	return o.listen ? serve(&o, psk) : join(&o, psk);
}
