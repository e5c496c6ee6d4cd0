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
