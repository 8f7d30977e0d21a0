#!/usr/bin/env bash
# Installs what dramsweep needs to build and test, from Debian/Ubuntu packages only.
# Does nothing when everything is already there. CUDA is optional: when nvcc is found
# (/usr/local/cuda/bin/nvcc or on PATH) the CUDA backend is built too.
set -euo pipefail

# libopenmpi-dev, openmpi-bin: `mpirun -n N dramsweep sweep` (docs/scale-out.md) and its tests.
# python3-*: the Python module (pybind11-dev, python3-dev), `import-onnx` (onnx), `plot`
# (matplotlib; its tests open the PNG with pil), the examples (numpy, optuna) and the module's
# optional DataFrames (pandas), all for Debian's /usr/bin/python3. coinor-libcbc-dev: the PIM
# Data-Scheduler's integer programs (CBC, linked as a library).
packages=(build-essential cmake ninja-build pkg-config libcli11-dev nlohmann-json3-dev libgtest-dev
          libbenchmark-dev coinor-libcbc-dev python3 python3-dev pybind11-dev python3-numpy python3-onnx
          python3-matplotlib python3-pil python3-pandas python3-optuna libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
