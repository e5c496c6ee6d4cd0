// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What main.c, room.c and client.c share, below all three: the nick rule
 * and the diagnostics.  Every diagnostic is one line that starts with
 * "crypto-chat: ", printed through term.c so that on a TTY it goes above
 * the prompt.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "chat.h"

/* Texts for the chat's own failures; anything else is strerror(). */
static const struct {
	int error;
	const char *text;
} error_texts[] = {
	{ E_AUTH,	"authentication failed (wrong key?)" },
	{ E_RECORD,	"bad record: authentication failed" },
	{ E_TOOLONG,	"bad record: too long" },
	{ E_PROTO,	"bad record: protocol error" },
	{ E_TRUNC,	"bad record: truncated (connection closed mid-record)" },
	{ E_PLAIN,	"peer does not use encryption (-k)" },
	{ E_KEYED,	"peer uses encryption (-k) but no key was given" },
	{ E_SLOW,	"too slow: over 4 MiB of output pending, disconnected" },
	{ E_STALL,	"too slow: took nothing for 3 s with over 1 MiB "
			"pending, disconnected" },
	{ E_GONE,	"connection lost" },
	{ E_OLD,	"connection lost after the version message: "
			"an older server (protocol 1)?" },
};

const char *chat_error_text(int error)
{
	size_t i;

	for (i = 0; i < sizeof(error_texts) / sizeof(error_texts[0]); i++)
		if (error_texts[i].error == error)
			return error_texts[i].text;
	return strerror(error);
}

/* "crypto-chat: WHO: WHAT", above the prompt on a TTY. */
void chat_report(const char *who, int error)
{
	char line[256];

	snprintf(line, sizeof(line), "%s: %s: %s\n", "crypto-chat", who,
		 chat_error_text(error));
	term_show_err(line);
}

void chat_note(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "%s: ", "crypto-chat");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\n");
	term_show_err(line);
}

int nick_valid(const char *p, size_t n)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";
	size_t i;

	if (n < 1 || n > NICK_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!p[i] || !strchr(ok, p[i]))
			return 0;
	return 1;
}

/* -- commands: the client's, and the server's own input ---------------- */

void command_help(const struct command *tab)
{
	const struct command *c;
	char usage[32];

	term_show("-- commands:\n");
	for (c = tab; c->name; c++) {
		snprintf(usage, sizeof(usage), "/%s%s%s", c->name,
			 *c->args ? " " : "", c->args);
		term_show("--   %-12s %s\n", usage, c->help);
	}
	term_show("--   %-12s %s\n", "//text", "send /text as a message");
}

/* "/name" or "/name ARG": run it, or say that there is no such command. */
static void command(const struct command *tab, void *ctx, const char *line,
		    size_t n)
{
	const char *sp = memchr(line, ' ', n);
	size_t len = (sp ? (size_t)(sp - line) : n) - 1, i;
	const char *arg = sp ? sp + 1 : line + n;
	const struct command *c;
	char name[24];

	for (c = tab; c->name; c++)
		if (strlen(c->name) == len && memcmp(c->name, line + 1, len) == 0)
			return c->fn(ctx, arg, line + n - arg);
	for (i = 0; i < len && i < sizeof(name) - 4; i++)
		name[i] = line[1 + i] > 0x20 && line[1 + i] < 0x7f ?
			  line[1 + i] : '?';
	strcpy(name + i, i < len ? "..." : "");
	chat_note("unknown command /%s; /help lists them", name);
}

/*
 * A line of input: run it if it is a command and return 1; else return 0
 * with *line, *n the text to send ("//text" sends "/text").
 */
int command_run(const struct command *tab, void *ctx, const char **line,
		size_t *n)
{
	const char *p = *line;

	if (*n >= 2 && p[0] == '/' && p[1] == '/') {
		*line = p + 1;
		*n -= 1;
		return 0;
	}
	if (*n == 0 || p[0] != '/')
		return 0;
	command(tab, ctx, p, *n);
	return 1;
}

/* /nick's argument, without trailing blanks: 1 if it is a valid nick. */
int command_nick(const char *arg, size_t *n)
{
	while (*n && arg[*n - 1] == ' ')
		(*n)--;
	if (*n == 0)
		chat_note("usage: /nick NEW");
	else if (!nick_valid(arg, *n))
		chat_note("bad nick '%.*s': " NICK_RULE,
			  (int)(*n > 40 ? 40 : *n), arg);
	else
		return 1;
	return 0;
}
