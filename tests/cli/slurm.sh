#!/bin/sh
# A real single-node Slurm (munged, slurmctld, slurmd, started here as
# root and stopped by the ids saved) runs examples/slurm: an array job of
# 4 shards of one dump, then the combine step as a dependent job; the
# combined store must be the single-machine import, commit for commit.

# slurmd 22.05 picks its cgroup plugin by what /sys/fs/cgroup is, even
# with proctrack/linuxproc and task/none, and stops when it is no file
# system at all: so in a chroot without /sys (a fresh Debian's CI) the
# test runs in a mount namespace of its own, where sysfs and the cgroup
# file system are mounted for its daemons and vanish with it.
cgroup_fs() { stat -f -c %T /sys/fs/cgroup 2>/dev/null | grep -Eq '^(tmpfs|cgroup2?(fs)?)$'; }
if [ "$(id -u)" = 0 ] && ! cgroup_fs; then
	if [ -z "${RD_SLURM_NS:-}" ] && command -v unshare >/dev/null; then
		unshare --mount true 2>/dev/null &&
			RD_SLURM_NS=private exec unshare --mount --propagation private sh "$0" "$@"
		# In a chroot / is no mount point and cannot be made private:
		# keep the propagation and give /sys a private mount of its own.
		# That bind mount reaches this namespace too: take it away after.
		sys_mounts() { grep -c ' /sys ' /proc/self/mountinfo; }
		before=$(sys_mounts)
		RD_SLURM_NS=chroot unshare --mount --propagation unchanged sh "$0" "$@"
		rc=$?
		[ "$(sys_mounts)" -le "$before" ] || umount /sys
		exit $rc
	fi
	if [ -n "${RD_SLURM_NS:-}" ]; then
		if [ "$RD_SLURM_NS" = chroot ]; then
			mount --bind /sys /sys && mount --make-private /sys ||
				{ echo "# could not make /sys private in a mount namespace" >&2; exit 1; }
		fi
		[ -d /sys/fs ] || mount -t sysfs sysfs /sys
		# as the host has them (/proc/self/cgroup): cgroup2 alone, or
		# the v1 hierarchies in a tmpfs (slurmd's cgroup/v2 refuses
		# those beside it, and cgroup/v1 wants them all)
		if grep -qv '^0::' /proc/self/cgroup; then
			mount -t tmpfs -o mode=755 tmpfs /sys/fs/cgroup
			grep -v '^0::' /proc/self/cgroup | cut -d: -f2 | while read -r c; do
				d=${c#name=}
				mkdir -p "/sys/fs/cgroup/$d"
				case $c in name=*) o=none,$c ;; *) o=$c ;; esac
				mount -t cgroup -o "$o" cgroup "/sys/fs/cgroup/$d"
			done
		else
			mount -t cgroup2 cgroup2 /sys/fs/cgroup
		fi
	fi
fi
. "$(dirname "$0")/lib.sh"

W=$TOP_SRCDIR/tests/data/wiki
EX=$TOP_SRCDIR/examples/slurm
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP Slurm's daemons are started as root: run make check as root (CI does)"
	exit 0
fi
for p in munged slurmctld slurmd sbatch scontrol mungekey; do
	command -v $p >/dev/null || PATH=$PATH:/usr/sbin
	command -v $p >/dev/null || { echo "# $p missing: apt-get install --no-install-recommends slurm-wlm munge" >&2; exit 1; }
done
PIDS=
cleanup() {
	echo "# stopping munged, slurmctld, slurmd: $PIDS" >&2
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do
		i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---- munge: its own key, socket and files, run as the munge user ----------------
M=$T/munge
mkdir -p "$M" && chmod 700 "$M"
mungekey --create --keyfile="$M/munge.key" >/dev/null 2>&1 || dd if=/dev/urandom of="$M/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$M/munge.key"
chown -R munge:munge "$M"
chmod 755 "$T"
# in the foreground, through setpriv (which execs): $! is munged itself
setpriv --reuid=munge --regid=munge --init-groups munged --foreground --force \
	--socket="$M/munge.socket" --key-file="$M/munge.key" --pid-file="$M/munged.pid" \
	--log-file="$M/munged.log" --seed-file="$M/seed" 2>"$T/munged.err" &
MPID=$!
PIDS="$PIDS $MPID"
i=0; while [ ! -S "$M/munge.socket" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
ok "munged is up" sh -c "test -S '$M/munge.socket' && kill -0 $MPID"

# ---- slurm: a minimal configuration, no accounting ---------------------------------
S=$T/slurm
mkdir -p "$S/state" "$S/spool"
# Both daemons are reached on the loopback address: a fresh machine's
# name may not resolve (a chroot has no /etc/hosts line for it).
NODE="$(slurmd -C | head -1 | sed 's/ UpTime.*//') NodeAddr=127.0.0.1"
HOST="$(hostname -s)(127.0.0.1)"
cat >"$S/slurm.conf" <<CONF
ClusterName=revdiff-test
SlurmctldHost=$HOST
SlurmctldPort=$(port)
SlurmdPort=$(port)
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$M/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
$NODE State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$S/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$S/ctld.out" 2>&1 &
PIDS="$PIDS $!"
slurmd -D -f "$SLURM_CONF" >"$S/d.out" 2>&1 &
slurmd_pid=$!
PIDS="$PIDS $slurmd_pid"
# a deadline, not a count: each scontrol may itself wait its 10 s, and a
# slurmd that has exited will never make the node idle
deadline=$(($(date +%s) + 90))
until timeout 10 scontrol show node 2>/dev/null | grep -q 'State=IDLE'; do
	kill -0 "$slurmd_pid" 2>/dev/null || break
	[ "$(date +%s)" -lt "$deadline" ] || break
	sleep 0.2
done
ok "slurmctld and slurmd are up, the node idle" sh -c "timeout 10 scontrol show node | grep -q 'State=IDLE'"
if [ "$failed" != 0 ]; then
	# nothing can run without a node: say why and stop, rather than wait on sbatch
	sed 's/^/# /' "$S/slurmctld.log" "$S/slurmd.log" 2>/dev/null | tail -20 >&2
	done_testing
	exit 1
fi

# ---- the array job and the combine step ----------------------------------------
cp "$W/history.xml" "$T/dump.xml"
"$REVDIFF" --store "$T/single" init >/dev/null
"$REVDIFF" --store "$T/single" import mediawiki -q "$T/dump.xml"
OUT=$T/out
mkdir -p "$OUT"
export REVDIFF
ok "the array job of 4 shards runs (sbatch --wait)" sh -c "timeout 600 sbatch --wait --parsable --array=0-3 --output='$OUT/import-%a.log' --export=ALL,DUMP='$T/dump.xml',OUT='$OUT' '$EX/import-shard.sbatch' >'$T/jid'"
JID=$(cut -d';' -f1 "$T/jid")
ok "... every task completed" sh -c "scontrol show job '$JID' | grep -c 'JobState=COMPLETED' | grep -qx 4"
ok "... four stores, each with some pages" sh -c "for k in 0 1 2 3; do test -d '$OUT/shard-'\$k || exit 1; done"
ok "the combine step runs after them (--dependency=afterok)" sh -c "timeout 600 sbatch --wait --parsable --dependency=afterok:$JID --output='$OUT/combine.log' --export=ALL,OUT='$OUT' '$EX/combine.sbatch' >/dev/null"
ok "... and says what it did" has "$OUT/combine.log" "4 stores combined: 4 entries added"
ok "the combined store is the single import, commit for commit" sh -c "git -C '$OUT/all' for-each-ref >'$T/a' && git -C '$T/single' for-each-ref >'$T/b' && test -s '$T/a' && cmp '$T/a' '$T/b'"
ok "... and git fsck accepts it" sh -c "! git -C '$OUT/all' fsck --strict 2>&1 | grep -Eq '^(error|missing|broken|fatal)'"
ok "a failing task fails the array job" sh -c "! timeout 600 sbatch --wait --array=0-1 --output=/dev/null --export=ALL,DUMP='$T/nope.xml',OUT='$T/out2' '$EX/import-shard.sbatch' >/dev/null 2>&1"

done_testing
