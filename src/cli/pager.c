/*
 * pager.c - the output of diff, show, log and blame through a pager when
 * it goes to a terminal, as git does.
 *
 * The pager is $REVDIFF_PAGER, else core.pager from the config, else
 * $PAGER, else less; "" or "cat" means none.  LESS=FRX is set when LESS is
 * unset (quit when the text fits one screen, pass colors, leave the text
 * on the screen), and LV=-c for lv, as git sets them.  A command with no
 * shell metacharacters is run directly, so a pager that does not exist is
 * noticed (a warning, and the output goes to the terminal); any other is
 * run by /bin/sh -c.
 *
 * stdout (and stderr when it is the terminal too) become the pipe to the
 * pager; at exit, and on a fatal signal, they are closed and the pager is
 * waited for, so the shell prompt never comes back under a running pager.
 * When the pager quits before reading everything, the next write raises
 * SIGPIPE: revdiff then waits for it and dies of that signal, quietly,
 * like git and any other program writing into a closed pipe.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t pager_pid = -1;
static int stderr_paged;

static const char *pager_command(void)
{
	const char *p = getenv("REVDIFF_PAGER");

	if (!p)
		p = cli.cfg.pager;
	if (!p)
		p = getenv("PAGER");
	if (!p)
		p = "less";
	return p;
}

static void wait_for_pager(void)
{
	if (pager_pid < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	/* end of input for the pager: it shows the rest and waits for 'q' */
	close(STDOUT_FILENO);
	if (stderr_paged)
		close(STDERR_FILENO);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}

static void wait_for_pager_atexit(void)
{
	wait_for_pager();
}

static void wait_for_pager_signal(int sig)
{
	/* only async-signal-safe calls here: no stdio */
	int saved = errno;

	if (pager_pid > 0) {
		close(STDOUT_FILENO);
		if (stderr_paged)
			close(STDERR_FILENO);
		while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
			;
		pager_pid = -1;
	}
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

/* Words only: no quoting, expansion, redirection or separators. */
static int simple_command(const char *cmd)
{
	return cmd[strcspn(cmd, " \t\n'\"\\$`|&;<>()*?[]#~=%{}!")] == '\0';
}

void cli_pager_start(void)
{
	static const int fatal[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGPIPE };
	const char *cmd;
	int fds[2], status[2], err = 0;
	ssize_t got;

	if (pager_pid > 0 || cli.paginate == 0 || (cli.paginate < 0 && !cli_stdout_is_tty()))
		return;
	cmd = pager_command();
	cmd += strspn(cmd, " \t");
	if (!*cmd || !strcmp(cmd, "cat"))
		return;
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) < 0)
		return;
	if (pipe(status) < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	/* the child reports a failed exec through this pipe; closed on exec */
	fcntl(status[1], F_SETFD, FD_CLOEXEC);
	pager_pid = fork();
	if (pager_pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		close(status[0]);
		if (simple_command(cmd))
			execlp(cmd, cmd, (char *)NULL);
		else
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		err = errno;
		if (write(status[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(fds[0]);
	close(status[1]);
	if (pager_pid < 0) {
		close(fds[1]);
		close(status[0]);
		return;
	}
	while ((got = read(status[0], &err, sizeof(err))) < 0 && errno == EINTR)
		;
	close(status[0]);
	if (got == (ssize_t)sizeof(err)) {
		close(fds[1]);
		waitpid(pager_pid, NULL, 0);
		pager_pid = -1;
		fprintf(stderr, "revdiff: warning: cannot run the pager '%s': %s\n", cmd, strerror(err));
		return;
	}
	dup2(fds[1], STDOUT_FILENO);
	if (isatty(STDERR_FILENO)) {
		dup2(fds[1], STDERR_FILENO);
		stderr_paged = 1;
	}
	close(fds[1]);
	atexit(wait_for_pager_atexit);
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], wait_for_pager_signal);
}
