#!/usr/bin/env bash
# The baseline PIM mapper against nn_dataflow: the mapper's CPU time and total cost on the
# reference cases and on T-16 networks (bench/pim_mapper_bench), next to nn_dataflow's.
#
# nn_dataflow's CPU seconds are those recorded with the reference cases
# ($DRAMSWEEP_SHARED_DIR/reference/pim/nn_dataflow/<case>/cpu_seconds.txt). To time nn_dataflow
# here as well, check it out (a public Python project: git clone
# https://github.com/stanford-mast/nn_dataflow; commit 198a527 made the references; it needs
# python3-sympy and a `fastcache` module, for which reference/pim/nn_dataflow/tools/shims has a
# stand-in) and give its root in NN_DATAFLOW_DIR: each case's command.txt is then run there under
# /usr/bin/time. Never vendor its code into this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${DRAMSWEEP_SHARED_DIR:-$PWD/../shared}"
ref="$shared/reference/pim/nn_dataflow"
[ -x build/bench/pim_mapper_bench ] || cmake --build build --target pim_mapper_bench
DRAMSWEEP_SHARED_DIR="$shared" build/bench/pim_mapper_bench "$@"

if [ -n "${NN_DATAFLOW_DIR:-}" ]; then
  echo
  echo "nn_dataflow run here ($NN_DATAFLOW_DIR), CPU seconds (user+sys):"
  for dir in "$ref"/*/; do
    case_name=$(basename "$dir")
    cmd=$(head -1 "$dir/command.txt")
    secs=$( (cd "$NN_DATAFLOW_DIR" && PYTHONPATH="$NN_DATAFLOW_DIR:$ref/tools/shims" \
             /usr/bin/time -f "%U %S" bash -c "$cmd" > /dev/null) 2>&1 | tail -1 | awk '{print $1 + $2}')
    printf '%-28s %8s (recorded %s)\n' "$case_name" "$secs" "$(cut -d' ' -f1 "$dir/cpu_seconds.txt")"
  done
else
  echo
  echo "nn_dataflow is not run here (set NN_DATAFLOW_DIR to a checkout to time it): its CPU seconds above are the recorded ones."
fi
