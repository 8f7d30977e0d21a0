#!/usr/bin/env bash
# One command on a GPU machine (no network needed): build the cuda backend, check it against the
# reference model, and time `dramsweep sweep --backend cuda` on 4,096 DRAM configurations x
# 1,000,000 rand_read requests (bench/specs/gpu_4096x1M.json). Everything it writes goes under
# ${OUT:-bench/gpu_out}; the figures are also in OUT/summary.txt.
#
#   bench/gpu.sh [--out DIR] [--arch SM] [--budget SECONDS] [--skip-build] [--no-tests] [--no-sanitize]
#   bench/gpu.sh --check-specs DRAMSWEEP   # no GPU needed: the specs load and run (host, 2 configs)
#
# Steps: nvidia-smi (fails with exit 3 when no GPU answers); configure build-gpu with
# -DDRAMSWEEP_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 (Release) and build; ctest -L gpu and -L
# differential; compute-sanitizer memcheck and racecheck on an 8-configuration cuda sweep (when
# /usr/local/cuda/bin/compute-sanitizer exists); a 512-configuration cuda slice of the same grid,
# timed and extrapolated (after a 512 x 100,000 probe, so that a slow kernel is measured rather
# than killed, and the probe again with DRAMSWEEP_CUDA_HALF_WARPS=0 and 2); the full
# 4,096-configuration sweep when the extrapolation fits the time budget (default 520 s for the
# whole script), then --validate 8 against the reference model; a
# 64-configuration host run of the same grid for comparison; then the closed loop: ResNet-18 on a
# 32x32 array over 4,096 DRAM configurations (bench/specs/gpu_resnet18_4096.json, goal: under
# 60 s), --validate 4 against the reference closed loop. Exit 0 when every step that ran passed,
# 1 when one failed, 2 on bad arguments, 3 without a GPU.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${OUT:-$here/gpu_out}"
arch=90
budget=520
skip_build=0; run_tests=1; run_sanitize=1; check_specs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --arch) arch="${2:?--arch needs a value}"; shift 2 ;;
    --budget) budget="${2:?--budget needs seconds}"; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    --no-tests) run_tests=0; shift ;;
    --no-sanitize) run_sanitize=0; shift ;;
    --check-specs) check_specs="${2:?--check-specs needs a dramsweep binary}"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "gpu.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$budget" in ''|*[!0-9]*) echo "gpu.sh: --budget must be a whole number of seconds" >&2; exit 2 ;; esac
specs="$here/specs"
full_spec="$specs/gpu_4096x1M.json"; slice_spec="$specs/gpu_512x1M_slice.json"
host_spec="$specs/gpu_host_64x1M.json"; small_spec="$specs/gpu_sanitize_8x2k.json"
probe_spec="$specs/gpu_512x100k_probe.json"; probe_requests=100000
network_spec="$specs/gpu_resnet18_4096.json"
full_n=4096; slice_n=512; host_n=64; requests=1000000

if [ -n "$check_specs" ]; then
  # No GPU needed: every spec is valid and its first two configurations run on the host backend.
  [ -x "$check_specs" ] || { echo "gpu.sh: $check_specs is not an executable" >&2; exit 2; }
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  status=0
  for s in "$full_spec" "$slice_spec" "$probe_spec" "$host_spec" "$small_spec" "$network_spec"; do
    n=$(basename "$s" .json)
    if "$check_specs" sweep "$s" --backend host --stop-after 2 --out "$tmp/$n.csv" --quiet 2> "$tmp/$n.err" \
        && [ "$(($(wc -l < "$tmp/$n.csv.partial") - 1))" -eq 2 ]; then
      echo "ok   $n: $(grep "^sweep " "$tmp/$n.err" | tail -n 1)"
    else
      echo "FAIL $n:"; cat "$tmp/$n.err"; status=1
    fi
  done
  exit $status
fi

mkdir -p "$out" || { echo "gpu.sh: cannot create $out" >&2; exit 2; }
out="$(cd "$out" && pwd)"
summary="$out/summary.txt"; : > "$summary"
say() { echo "$*" | tee -a "$summary"; }
failed=0
fail() { say "FAILED: $*"; failed=1; }
left() { echo $((budget - SECONDS)); }
# cap N: N seconds, or less so that `reserve` seconds stay for the timed sweeps (0: no time)
reserve=200
cap() { local c=$(( budget - reserve - SECONDS )); [ "$c" -gt "$1" ] && c=$1; [ "$c" -lt 0 ] && c=0; echo $c; }
export PATH="$PATH:/usr/local/cuda/bin"

if ! command -v nvidia-smi > /dev/null || ! nvidia-smi -L > "$out/nvidia-smi-L.txt" 2>&1 \
    || ! grep -q '^GPU ' "$out/nvidia-smi-L.txt"; then
  say "gpu.sh: no GPU: nvidia-smi is missing or lists no device ($(head -n 1 "$out/nvidia-smi-L.txt" 2>/dev/null))."
  say "Run this on a machine with an NVIDIA GPU and the CUDA toolkit; bench/gpu.sh --check-specs BIN checks the specs without one."
  exit 3
fi
say "== $(date -u '+%Y-%m-%d %H:%M:%S UTC') bench/gpu.sh, commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
say "== GPU"
nvidia-smi --query-gpu=name,memory.total --format=csv | tee -a "$summary"
nvidia-smi --query-gpu=driver_version,clocks.max.sm,clocks.max.mem --format=csv >> "$summary" 2>&1
say "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

build="$root/build-gpu"; bin="$build/apps/dramsweep"
if [ "$skip_build" = 0 ]; then
  say "== build (log: $out/build.log)"
  gen=(); command -v ninja > /dev/null && gen=(-G Ninja)
  configure() {
    cmake -S "$root" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DDRAMSWEEP_CUDA=ON \
      -DCMAKE_CUDA_ARCHITECTURES="$arch" -DDRAMSWEEP_BENCH=OFF -DDRAMSWEEP_TESTS="$1" >> "$out/build.log" 2>&1
  }
  : > "$out/build.log"
  tests_flag=OFF; [ "$run_tests" = 1 ] && tests_flag=ON
  if ! configure "$tests_flag" && [ "$tests_flag" = ON ]; then
    # GoogleTest missing on this machine: build without the tests rather than time nothing.
    say "configure with the tests failed (GoogleTest missing?); configuring without them, tests skipped"
    run_tests=0; rm -rf "$build"; configure OFF
  fi
  if [ -f "$build/CMakeCache.txt" ] && cmake --build "$build" -j "$(nproc)" >> "$out/build.log" 2>&1; then
    say "built in ${SECONDS} s: $bin"
  else
    tail -n 30 "$out/build.log"; say "gpu.sh: the build failed (log: $out/build.log)"; exit 1
  fi
fi
[ -x "$bin" ] || { say "gpu.sh: no binary at $bin"; exit 1; }

if [ "$run_tests" = 1 ]; then
  for label in gpu differential; do
    say "== ctest -L $label (log: $out/ctest_$label.log)"
    t=$(cap 150); [ "$t" -ge 20 ] || { say "skipped: $(left) s left of the budget"; continue; }
    if timeout "$t" ctest --test-dir "$build" -L "$label" --output-on-failure -j 4 > "$out/ctest_$label.log" 2>&1; then
      say "$(grep -E 'tests passed|tests failed' "$out/ctest_$label.log" | tail -n 1)"
    else
      tail -n 20 "$out/ctest_$label.log"; fail "ctest -L $label ($(grep -E 'tests passed|tests failed' "$out/ctest_$label.log" | tail -n 1))"
    fi
    grep -i 'skipped' "$out/ctest_$label.log" | head -n 3 | tee -a "$summary"
  done
fi

sanitizer=/usr/local/cuda/bin/compute-sanitizer
if [ "$run_sanitize" = 1 ]; then
  if [ -x "$sanitizer" ]; then
    for tool in memcheck racecheck; do
      say "== compute-sanitizer --tool $tool, 8 configurations x 2,000 requests (log: $out/sanitizer_$tool.log)"
      rm -f "$out/sanitize_$tool.csv" "$out/sanitize_$tool.csv.partial"
      t=$(cap 120); [ "$t" -ge 20 ] || { say "skipped: $(left) s left of the budget"; continue; }
      if timeout "$t" "$sanitizer" --tool "$tool" --error-exitcode 9 "$bin" sweep "$small_spec" --backend cuda \
           --out "$out/sanitize_$tool.csv" --quiet > "$out/sanitizer_$tool.log" 2>&1; then
        say "$(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' "$out/sanitizer_$tool.log" | tail -n 1)"
      else
        tail -n 20 "$out/sanitizer_$tool.log"; fail "compute-sanitizer --tool $tool (exit code or time limit)"
      fi
    done
  else
    say "== compute-sanitizer: not found at $sanitizer, skipped"
  fi
fi

# sweep SPEC BACKEND CSV: runs one sweep, sets secs; the summary line goes to the log
sweep() {
  local spec="$1" backend="$2" csv="$3" start end
  rm -f "$csv" "$csv.partial"
  local t=$(left); [ "$t" -lt 30 ] && t=30
  start=$(date +%s.%N)
  timeout "$t" "$bin" sweep "$spec" --backend "$backend" --out "$csv" --quiet 2> "$csv.log"
  local rc=$?
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b - a}')
  return $rc
}
rate() { awk -v n="$1" -v r="$2" -v s="$3" 'BEGIN{printf "%.4g", n * r / s}'; }

# A probe of 512 configurations x 100,000 requests first, so that a slow kernel is measured
# (and extrapolated) instead of being killed by the time limit.
say "== cuda probe, $slice_n configurations of the grid x $probe_requests rand_read requests"
run_slice=0
if sweep "$probe_spec" cuda "$out/cuda_512x100k.csv"; then
  est=$(awk -v s="$secs" 'BEGIN{printf "%.1f", s * 10}')
  say "probe: $slice_n x $probe_requests in $secs s wall = $(rate $slice_n $probe_requests "$secs") configuration-requests/s ($(grep "^sweep " "$out/cuda_512x100k.csv.log" | tail -n 1))"
  say "extrapolated: 512 x 1M about $est s; 4,096 x 1M at most $(awk -v e="$est" 'BEGIN{printf "%.1f", e * 8}') s (x8; less when 4,096 configurations are resident at once)"
  if awk -v e="$est" -v l="$(left)" 'BEGIN{exit !(e + 60 < l)}'; then run_slice=1
  else say "1M-request slice skipped: about $est s does not fit the $(left) s left of the budget"; fi
else
  tail -n 5 "$out/cuda_512x100k.csv.log"; fail "the cuda probe"
fi
# The same probe a warp a channel (DRAMSWEEP_CUDA_HALF_WARPS=0) and with 32-bank channels on half
# warps too (=2), to measure what two channels a warp bring (bench/RESULTS.md: the model's best
# and worst case for them); the rows must be equal.
if [ "$run_slice" = 1 ] && awk -v s="$secs" -v l="$(left)" 'BEGIN{exit !(s < 30 && 4 * s + 120 < l)}'; then
  half_secs=$secs
  say "== the probe again, a warp a channel (DRAMSWEEP_CUDA_HALF_WARPS=0)"
  if DRAMSWEEP_CUDA_HALF_WARPS=0 sweep "$probe_spec" cuda "$out/cuda_512x100k_whole_warps.csv"; then
    same=$(cmp -s <(sort "$out/cuda_512x100k.csv") <(sort "$out/cuda_512x100k_whole_warps.csv") && echo "the same rows" || echo "DIFFERENT rows")
    say "a warp a channel: $secs s wall against $half_secs s with half warps; $same"
    [ "$same" = "the same rows" ] || fail "half warps and whole warps disagree"
  fi
  say "== the probe again, 32-bank channels on half warps too (DRAMSWEEP_CUDA_HALF_WARPS=2)"
  if DRAMSWEEP_CUDA_HALF_WARPS=2 sweep "$probe_spec" cuda "$out/cuda_512x100k_half_warps_2.csv"; then
    same=$(cmp -s <(sort "$out/cuda_512x100k.csv") <(sort "$out/cuda_512x100k_half_warps_2.csv") && echo "the same rows" || echo "DIFFERENT rows")
    say "32-bank channels on half warps too: $secs s wall against $half_secs s; $same"
    [ "$same" = "the same rows" ] || fail "DRAMSWEEP_CUDA_HALF_WARPS=2 disagrees"
  fi
  secs=$half_secs
fi
[ "$run_slice" = 1 ] && say "== cuda sweep, $slice_n-configuration slice of the grid x $requests rand_read requests"
if [ "$run_slice" = 1 ] && sweep "$slice_spec" cuda "$out/cuda_512x1M.csv"; then
  slice_secs=$secs
  est=$(awk -v s="$slice_secs" -v a="$slice_n" -v b="$full_n" 'BEGIN{printf "%.1f", s * b / a}')
  say "slice: $slice_n x $requests in $slice_secs s wall = $(rate $slice_n $requests "$slice_secs") configuration-requests/s ($(grep "^sweep " "$out/cuda_512x1M.csv.log" | tail -n 1))"
  say "extrapolated to $full_n configurations (x$((full_n / slice_n))): $est s"
  if awk -v e="$est" -v l="$(left)" 'BEGIN{exit !(e + 60 < l)}'; then
    say "== cuda sweep, $full_n configurations x $requests rand_read requests (bench/specs/gpu_4096x1M.json)"
    if sweep "$full_spec" cuda "$out/cuda_4096x1M.csv"; then
      say "FULL: $full_n x $requests in $secs s wall end to end = $(rate $full_n $requests "$secs") configuration-requests/s ($(grep "^sweep " "$out/cuda_4096x1M.csv.log" | tail -n 1))"
      awk -v s="$secs" 'BEGIN{exit !(s < 10)}' && say "goal (under 10 s): met" || say "goal (under 10 s): NOT met"
      say "== --validate 8 against the reference model (rows read back from the finished file)"
      t=$(left); [ "$t" -lt 60 ] && t=60
      if timeout "$t" "$bin" sweep "$full_spec" --backend cuda --out "$out/cuda_4096x1M.csv" --resume --validate 8 --quiet \
           > "$out/validate.log" 2>&1; then
        say "validate 8: equal ($(tail -n 1 "$out/validate.log"))"
      else
        tail -n 20 "$out/validate.log"; fail "--validate 8 found differences or did not finish (log: $out/validate.log)"
      fi
    else
      tail -n 5 "$out/cuda_4096x1M.csv.log"; fail "the full cuda sweep"
    fi
  else
    say "full sweep skipped: the extrapolation ($est s) does not fit the $(left) s left of the budget"
  fi
elif [ "$run_slice" = 1 ]; then
  tail -n 5 "$out/cuda_512x1M.csv.log"; fail "the cuda slice"
fi

say "== host comparison: $host_n configurations of the grid x $requests requests, --backend host, $(nproc) threads"
if [ "$(left)" -gt 60 ] && sweep "$host_spec" host "$out/host_64x1M.csv"; then
  say "host: $host_n x $requests in $secs s wall = $(rate $host_n $requests "$secs") configuration-requests/s ($(grep "^sweep " "$out/host_64x1M.csv.log" | tail -n 1))"
else
  say "host comparison skipped or failed ($(left) s left)"
fi
say "== cuda closed loop: ResNet-18 on a 32x32 OS array x 4,096 DRAM configurations (bench/specs/gpu_resnet18_4096.json)"
if [ "$(left)" -gt 70 ] && sweep "$network_spec" cuda "$out/cuda_resnet18_4096.csv"; then
  say "NETWORK: 4096 configurations x ResNet-18 in $secs s wall end to end ($(grep "^sweep " "$out/cuda_resnet18_4096.csv.log" | tail -n 1))"
  awk -v s="$secs" 'BEGIN{exit !(s < 60)}' && say "goal (under 60 s): met" || say "goal (under 60 s): NOT met"
  t=$(left); [ "$t" -lt 60 ] && t=60
  if timeout "$t" "$bin" sweep "$network_spec" --backend cuda --out "$out/cuda_resnet18_4096.csv" --resume --validate 4 \
       --quiet > "$out/validate_network.log" 2>&1; then
    say "validate 4 (closed loop): equal ($(tail -n 1 "$out/validate_network.log"))"
  else
    tail -n 20 "$out/validate_network.log"; fail "--validate 4 of the closed-loop sweep (log: $out/validate_network.log)"
  fi
else
  say "closed-loop sweep skipped or failed ($(left) s left)"; tail -n 5 "$out/cuda_resnet18_4096.csv.log" 2>/dev/null
fi
say "== done in $SECONDS s; $([ $failed = 0 ] && echo 'every step that ran passed' || echo 'some steps FAILED')"
exit $failed
