#!/usr/bin/env bash
# Simulates the GEMM shapes of h200_sparse_gemm.py (2:4 vs dense twin vs the compiler's dense
# program) on the h100 and h200 presets and the two h200-like what-if configs beside this script.
# Usage: [SEARCH=top-k=8] bench/device/simulate_shapes.sh OUTDIR   (from the repository root; ~1 min on 2 cores with
# the default heuristic search, ~4 min for the h200 shapes with top-k=8)
set -euo pipefail
out=${1:?usage: simulate_shapes.sh OUTDIR}
search=${SEARCH:-heuristic}
mkdir -p "$out"
for hw in h100 h200 bench/device/h200-like.yaml bench/device/h200-like-1980.yaml; do
  tag=$(basename "$hw" .yaml)
  for T in 128 2048 8192; do
    for kn in 768,3072 3072,768 4096,4096 4096,14336; do
      K=${kn%,*}; N=${kn#*,}
      # nxm's --gemm is M,N,K with C[M×N] = W[M×K]·Xᵀ: M = out-features, N = tokens
      ./nxm simulate --hw "$hw" --gemm "$N,$T,$K" --pattern 2:4 --search "$search" --json > "$out/${tag}_T${T}_K${K}_N${N}.json"
    done
  done
done
