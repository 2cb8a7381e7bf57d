#!/usr/bin/env python3
"""complete_pty.py SHELL COMPLETION LINE: types LINE, a TAB and Enter into
an interactive SHELL (bash or zsh) on a pseudo-terminal, with revdiff's
COMPLETION loaded and `revdiff` a function that prints the words it got
(`revdiff list` still runs the real one, found on PATH).  Prints those
words, one a line.  No sleeps: input is typed at once (the shell reads it
in order, completing before Enter) and the output is awaited until a
marker shows, for up to a minute, so a loaded machine only makes it slow.
"""
import os, pty, select, sys, time

shell, completion, line = sys.argv[1], sys.argv[2], sys.argv[3]
END = "@@END@@"
if shell == "bash":
    argv = ["bash", "--norc", "--noprofile", "-i"]
    setup = ("bind 'set bell-style none' 2>/dev/null; . '%s'\n"
             "revdiff() { if [[ $1 == list || $2 == list || $3 == list ]]; then command revdiff \"$@\";"
             " else printf '<%%s>\\n' \"$@\"; fi; }\n" % completion)
else:
    argv = ["zsh", "-f", "-i"]
    setup = ("fpath=('%s' $fpath); autoload -Uz compinit; compinit -u -D; unsetopt beep\n"
             "revdiff() { if [[ $1 == list || $3 == list ]]; then command revdiff \"$@\";"
             " else printf '<%%s>\\n' \"$@\"; fi }\n" % os.path.dirname(completion))
env = dict(os.environ, PS1="$ ", PROMPT="$ ", TERM=("dumb" if shell == "bash" else "xterm"), LANG="C.UTF-8", LC_ALL="C.UTF-8",
           HISTFILE="/dev/null", INPUTRC="/dev/null")
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(argv[0], argv, env)
out = b""
def wait_for(marker, seconds=60):
    global out
    deadline = time.time() + seconds
    while marker.encode() not in out:
        left = deadline - time.time()
        if left <= 0:
            return False
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            out += chunk
    return True
# Everything is typed at once: setup, the line with its TAB, Enter, and a
# marker the shell prints only once it has run the completed line.
os.write(fd, (setup + "echo RE''ADY\n").encode())
ok = wait_for("READY\r\n")
os.write(fd, (line + "\t\n" + "echo " + END[:2] + "''" + END[2:] + "\n").encode())
ok = ok and wait_for(END + "\r\n")
os.write(fd, b"exit\n")
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
text = out.decode("utf-8", "replace")
body = text.split("READY\r\n")[-1]
for l in body.split("\r\n"):
    if l.startswith("<") and l.endswith(">"):
        print(l[1:-1])
sys.exit(0 if ok else 1)
