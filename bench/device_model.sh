#!/usr/bin/env bash
# The device engine's performance model from measured counts (docs/device-engine.md,
# "Performance model"; figures in bench/RESULTS.md). For each case (a DRAM configuration over a
# generated trace):
#   - evaluated clocks and channel ticks per request, from the device engine's code on one host
#     thread (bench/device_probe.cpp);
#   - the x86 instructions lanes of the emulated kernel execute, counted by callgrind one lane at
#     a time (tests/emu, EMU_CALLGRIND), turned into SASS warp-instructions line by line with the
#     sm_90 cubin's line table (bench/device_model/estimate.py);
#   - the kernels' registers from ptxas, hence the resident warps per SM.
# Needs valgrind (Debian `valgrind`) and nvcc. Takes about a minute per counted lane.
#
#   bench/device_model.sh [REQUESTS]      (default 1000; cases and lanes below)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-model"
out="$build/model"
requests="${1:-1000}"
nvcc="${NVCC:-/usr/local/cuda/bin/nvcc}"
command -v valgrind > /dev/null || { echo "device_model.sh: needs valgrind (apt-get install -y valgrind)" >&2; exit 1; }
[ -x "$nvcc" ] || { echo "device_model.sh: needs nvcc ($nvcc; set NVCC)" >&2; exit 1; }
mkdir -p "$out"

echo "== building the probe on the emulated device (build-model: -O3 -g, callgrind hooks)"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O3 -DNDEBUG -g" \
    -DDRAMSWEEP_CUDA=OFF -DDRAMSWEEP_TESTS=OFF -DDRAMSWEEP_EMULATED_GPU=ON -DDRAMSWEEP_EMU_CALLGRIND=ON > /dev/null
fi
cmake --build "$build" --target device_probe > "$out/build.log" 2>&1 || { tail -n 30 "$out/build.log"; exit 1; }
probe="$build/bench/device_probe"

echo "== the kernels for sm_90 with line tables and ptxas' report"
"$nvcc" -std=c++20 -O3 -DNDEBUG --expt-relaxed-constexpr --extended-lambda -cubin -lineinfo -arch=sm_90 \
  -Xptxas -v -I"$root/include" -I"$root/src" -I"$root/cuda" "$root/cuda/device_runner.cu" \
  -o "$out/kernels.cubin" > "$out/ptxas.txt" 2>&1 || { tail -n 30 "$out/ptxas.txt"; exit 1; }
"$nvcc" -std=c++20 -O3 -DNDEBUG --expt-relaxed-constexpr --extended-lambda -cubin -arch=sm_90 -Xptxas -v \
  -I"$root/include" -I"$root/src" -I"$root/cuda" "$root/cuda/decode_kernel.cu" -o "$out/decode.cubin" \
  >> "$out/ptxas.txt" 2>&1 || { tail -n 30 "$out/ptxas.txt"; exit 1; }
python3 "$root/scripts/check_kernel_resources.py" "$root/cuda/resource_budget.json" "$out/ptxas.txt" || true

# case: name, preset, overrides, kernel (banks per lane, lanes per channel), lanes counted (thread
# indices in the block), environment. The 16-bank multi-channel cases run two channels a warp
# (device::lanes_per_channel); their "-warp" twins a warp each (DRAMSWEEP_CUDA_HALF_WARPS=0); the
# "-half" 32-bank cases two channels a warp at two banks a lane (DRAMSWEEP_CUDA_HALF_WARPS=2).
whole=TraceJobInputsELj1ELj32ENS0_9BaseRules
half=TraceJobInputsELj1ELj16ENS0_9BaseRules
half2=TraceJobInputsELj2ELj16ENS0_9BaseRules
all=TraceJobInputsELj1ELj32ENS0_8AllRules
allhalf=TraceJobInputsELj1ELj16ENS0_8AllRules
cases=(
  "1ch-1rank|ddr4-2400|--set org.channels=1 --set org.ranks=1|$whole|0 1 15|"
  "1ch-2rank|ddr4-2400|--set org.channels=1 --set org.ranks=2|$whole|0 1 31|"
  "2ch-1rank|ddr4-2400|--set org.channels=2 --set org.ranks=1|$half|0 1 16 17|"
  "2ch-1rank-warp|ddr4-2400|--set org.channels=2 --set org.ranks=1|$whole|0 1 32|DRAMSWEEP_CUDA_HALF_WARPS=0"
  "4ch-1rank|ddr4-2400|--set org.channels=4 --set org.ranks=1|$half|0 1 16 17|"
  "4ch-1rank-warp|ddr4-2400|--set org.channels=4 --set org.ranks=1|$whole|0 1 32|DRAMSWEEP_CUDA_HALF_WARPS=0"
  "8ch-1rank|ddr4-2400|--set org.channels=8 --set org.ranks=1|$half|0 1 16 17|"
  "8ch-1rank-warp|ddr4-2400|--set org.channels=8 --set org.ranks=1|$whole|0 1 32|DRAMSWEEP_CUDA_HALF_WARPS=0"
  "8ch-2rank|ddr4-2400|--set org.channels=8 --set org.ranks=2|$whole|0 1 32|"
  "2ch-2rank|ddr4-2400|--set org.channels=2 --set org.ranks=2|$whole|0 1 32|"
  "2ch-2rank-half|ddr4-2400|--set org.channels=2 --set org.ranks=2|$half2|0 1 16 17|DRAMSWEEP_CUDA_HALF_WARPS=2"
  "4ch-2rank|ddr4-2400|--set org.channels=4 --set org.ranks=2|$whole|0 1 32|"
  "4ch-2rank-half|ddr4-2400|--set org.channels=4 --set org.ranks=2|$half2|0 1 16 17|DRAMSWEEP_CUDA_HALF_WARPS=2"
  "8ch-2rank-half|ddr4-2400|--set org.channels=8 --set org.ranks=2|$half2|0 1 16 17|DRAMSWEEP_CUDA_HALF_WARPS=2"
  # The other presets of the bundled grid (configs/sweeps/memory_systems_4096.json) at one
  # channel and rank, against 1ch-1rank: hbm2, hbm3 (rule R13) and lpddr5-6400 (R14) run the
  # AllRules kernel.
  "ddr4-3200|ddr4-3200|--set org.channels=1 --set org.ranks=1|$whole|0 1 15|"
  "ddr5-4800|ddr5-4800|--set org.channels=1 --set org.ranks=1|$whole|0 1 31|"
  "lpddr4-3200|lpddr4-3200|--set org.channels=1 --set org.ranks=1|$whole|0 1 7|"
  "gddr6|gddr6|--set org.channels=1 --set org.ranks=1|$whole|0 1 15|"
  "lpddr5-6400|lpddr5-6400|--set org.channels=1 --set org.ranks=1|$all|0 1 15|"
  "hbm2|hbm2|--set org.channels=1 --set org.ranks=1 --set controller.queues=per_channel|$all|0 1 15|"
  "hbm3|hbm3|--set org.channels=1 --set org.ranks=1 --set controller.queues=per_channel|$all|0 1 15|"
  # Rules R13 and R14 on half warps, against a warp a channel, to check the scaling of grid.py.
  "hbm2-2ch|hbm2|--set org.channels=2 --set org.ranks=1 --set controller.queues=per_channel|$allhalf|0 1 16 17|"
  "hbm2-2ch-warp|hbm2|--set org.channels=2 --set org.ranks=1 --set controller.queues=per_channel|$all|0 1 32|DRAMSWEEP_CUDA_HALF_WARPS=0"
)
if [ -n "${DEVICE_MODEL_CASES:-}" ]; then
  read -r -a keep <<< "$DEVICE_MODEL_CASES"
  filtered=()
  for c in "${cases[@]}"; do for k in "${keep[@]}"; do [ "${c%%|*}" = "$k" ] && filtered+=("$c"); done; done
  cases=("${filtered[@]}")
fi

for c in "${cases[@]}"; do
  IFS='|' read -r name preset sets kernel lanes env <<< "$c"
  read -r -a set_args <<< "$sets"
  read -r -a env_args <<< "$env"
  echo "== $name: $preset ${sets}${env:+ ($env)}, $requests rand_read requests"
  env "${env_args[@]}" "$probe" "$preset" "$requests" rand_read "${set_args[@]}" | tee "$out/$name.probe.txt" | head -n 1
  channels=$(sed -n 's/.*channels \([0-9]*\).*/\1/p' "$out/$name.probe.txt" | head -n 1)
  width=32
  [[ "$kernel" == *Lj16E* ]] && width=16
  warps=$(( (${channels:-1} * width + 31) / 32 ))
  symbol=$(nm "$probe" | awk '{print $3}' | grep "advance_pool.*${kernel}" | head -n 1)
  runs=()
  for lane in $lanes; do
    cg="$out/$name.lane$lane.callgrind"
    env "${env_args[@]}" EMU_CALLGRIND_LANE=$lane valgrind --tool=callgrind --collect-atstart=no \
      --callgrind-out-file="$cg" "$probe" "$preset" "$requests" rand_read "${set_args[@]}" > "$out/$name.lane$lane.txt" 2>&1
    counted=$(sed -n 's/.*counted lane: \([0-9]*\) collectives.*/\1/p' "$out/$name.lane$lane.txt")
    where=$((lane / 32))
    [ "$width" = 16 ] && where="$where.$(((lane % 32) / 16))"
    runs+=("$where:$cg:${counted:-0}")
  done
  share=()
  if [ "$width" = 16 ]; then
    channel_ticks=$(sed -n 's/.*channel ticks \([0-9]*\).*/\1/p' "$out/$name.probe.txt" | head -n 1)
    pair_ticks=$(sed -n 's/.*pair ticks \([0-9]*\).*/\1/p' "$out/$name.probe.txt" | head -n 1)
    share=(--tick-share "$(python3 -c "print($pair_ticks / $channel_ticks)")")
  fi
  python3 "$root/bench/device_model/estimate.py" "$out/kernels.cubin" "$kernel" "$probe" "$symbol" \
    "$requests" "$warps" "${runs[@]}" --lines 12 "${share[@]}" | tee "$out/$name.estimate.txt"
done

echo "== the grid (bench/device_model/grid.py: every case above, this run's or an earlier one's)"
python3 "$root/bench/device_model/grid.py" "$out" || true
