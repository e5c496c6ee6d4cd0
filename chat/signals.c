// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SIGINT and SIGTERM end the room's and the client's loop.  Both stay
 * blocked except inside ppoll(), which gets the old mask, so a signal
 * can only arrive while the loop is waiting and never between its
 * check of chat_stopping and the wait.
 */
#include <signal.h>

#include "chat.h"

volatile sig_atomic_t chat_stopping;

static void on_signal(int sig)
{
	(void)sig;
	chat_stopping = 1;
}

void chat_catch_signals(sigset_t *old)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, old);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
