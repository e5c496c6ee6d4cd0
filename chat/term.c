// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The terminal side.  On a TTY, GNU readline's callback interface reads
 * the user's line one character at a time from the poll loop, and what
 * arrives meanwhile is printed above the prompt: the prompt and the
 * half-typed line are saved, cleared, and drawn again below.  Otherwise
 * stdin is read in chunks and cut into lines; a line longer than MSG_MAX
 * becomes several messages of MSG_MAX bytes.  Commands (/quit too) are
 * the caller's: every line goes to it.  With --timestamps, each line on
 * standard output starts with the time, HH:MM, on a TTY only: pipe mode
 * stays plain.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "chat.h"

static struct {
	term_line_fn fn;
	void *ctx;
	int tty;		/* readline is installed */
	int done;		/* EOF */
	int stamps;		/* --timestamps */
	struct buf in;		/* pipe mode: bytes not yet cut into lines */
} term;

/* Hand a line over, in pieces of at most MSG_MAX bytes. */
static void deliver(const char *p, size_t n)
{
	size_t k;

	do {
		k = n > MSG_MAX ? MSG_MAX : n;
		term.fn(term.ctx, p, k);
		p += k;
		n -= k;
	} while (n > 0);
}

static void on_readline(char *line)
{
	if (!line) {
		term.done = 1;
		rl_callback_handler_remove();
		term.tty = 0;
	} else if (*line) {
		add_history(line);
		deliver(line, strlen(line));
	}
	free(line);
}

int term_open(const char *prompt, term_line_fn fn, void *ctx)
{
	term.fn = fn;
	term.ctx = ctx;
	term.done = 0;
	if (!isatty(0) || !isatty(1)) {
		term.tty = 0;
		return 0;
	}
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_callback_handler_install(prompt ? prompt : "> ", on_readline);
	term.tty = 1;
	return 0;
}

static void cut_lines(int eof)
{
	struct buf *b = &term.in;
	char *p, *nl;

	while (b->len) {
		p = (char *)b->data + b->off;
		nl = memchr(p, '\n', b->len);
		if (nl) {
			if (nl > p)
				deliver(p, nl - p);
			buf_consume(b, nl - p + 1);
		} else if (b->len >= MSG_MAX || eof) {
			deliver(p, b->len < MSG_MAX ? b->len : MSG_MAX);
			buf_consume(b, b->len < MSG_MAX ? b->len : MSG_MAX);
		} else {
			break;
		}
	}
}

/* Stdin is readable: 1 to go on, 0 at EOF, -1 with errno. */
int term_read(void)
{
	ssize_t n;

	if (term.tty) {
		rl_callback_read_char();
		return !term.done;
	}
	n = buf_fill(&term.in, 0, 2 * MSG_MAX);
	if (n < 0)
		return errno == EAGAIN ? 1 : -1;
	cut_lines(n == 0);
	if (n == 0)
		term.done = 1;
	return !term.done;
}

void term_timestamps(int on)
{
	term.stamps = on;
}

/* "HH:MM ", local time. */
static void stamp(FILE *f)
{
	char s[16];
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) && strftime(s, sizeof(s), "%H:%M ", &tm))
		fputs(s, f);
}

/* Print s (a whole line) on stream f, above the prompt on a TTY. */
static void show(FILE *f, const char *s, size_t n)
{
	char *saved = NULL;
	int point = 0;

	if (term.tty) {
		point = rl_point;
		saved = rl_copy_text(0, rl_end);
		rl_save_prompt();
		rl_replace_line("", 0);
		rl_redisplay();
	}
	if (term.tty && term.stamps && f == stdout)
		stamp(f);
	fwrite(s, 1, n, f);
	fflush(f);
	if (term.tty) {
		rl_restore_prompt();
		rl_replace_line(saved, 0);
		rl_point = point;
		rl_redisplay();
		free(saved);
	}
}

/* A line of any length (a /who list is long): vasprintf's if need be. */
void term_show(const char *fmt, ...)
{
	char small[256], *line = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small)) {
		va_start(ap, fmt);
		if (vasprintf(&line, fmt, ap) < 0)
			line = NULL;
		va_end(ap);
	}
	if (n > 0 && line)
		show(stdout, line, n);
	if (line != small)
		free(line);
}

void term_show_err(const char *s)
{
	show(stderr, s, strlen(s));
}

/*
 * "<nick> text\n", or "* nick text\n" for an action, with control
 * characters but tab shown as '?'.
 */
void term_show_msg(const char *nick, const unsigned char *p, size_t n,
		   int action)
{
	static char line[MSG_MAX + NICK_MAX + 8];
	size_t len, i;

	if (n > MSG_MAX)
		n = MSG_MAX;
	len = snprintf(line, sizeof(line), action ? "* %s " : "<%s> ", nick);
	for (i = 0; i < n; i++)
		line[len++] = (p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f ?
			      '?' : p[i];
	line[len++] = '\n';
	show(stdout, line, len);
}

void term_close(void)
{
	if (term.tty) {
		rl_callback_handler_remove();
		fputc('\n', stdout);	/* leave the prompt's line */
	}
	term.tty = 0;
	buf_free(&term.in);
}
