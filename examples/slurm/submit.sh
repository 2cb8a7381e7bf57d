#!/bin/sh
# usage: submit.sh DUMP OUT [N]: N shards (default 4) as a Slurm array job,
# then the combine step as a job that waits for all of them.
set -eu
DUMP=$1 OUT=$2 N=${3:-4}
HERE=$(dirname "$0")
mkdir -p "$OUT"
jid=$(sbatch --parsable --array=0-$((N - 1)) --output="$OUT/import-%a.log" \
	--export=ALL,DUMP="$DUMP",OUT="$OUT" "$HERE/import-shard.sbatch")
sbatch --parsable --dependency=afterok:"${jid%%;*}" --output="$OUT/combine.log" \
	--export=ALL,OUT="$OUT" "$HERE/combine.sbatch"
