#!/usr/bin/env bash
# Simulates the GEMM shapes of h200_sparse_gemm.py (2:4 vs dense twin vs the compiler's dense
# program) on the h100 and h200 presets and the two h200-like what-if configs beside this script.
# Usage: [SEARCH=heuristic|top-k=K] bench/device/simulate_shapes.sh OUTDIR   (from the repository root). Without SEARCH
# each run uses nxm simulate's own default for one GEMM (top-k=8: ~4 min for the 12 h200 shapes on 2 cores, the same
# for each other config); SEARCH=heuristic takes ~1 min for all four configs.
set -euo pipefail
out=${1:?usage: simulate_shapes.sh OUTDIR}
search=()
[[ -n "${SEARCH:-}" ]] && search=(--search "$SEARCH")
mkdir -p "$out"
for hw in h100 h200 bench/device/h200-like.yaml bench/device/h200-like-1980.yaml; do
  tag=$(basename "$hw" .yaml)
  for T in 128 2048 8192; do
    for kn in 768,3072 3072,768 4096,4096 4096,14336; do
      K=${kn%,*}; N=${kn#*,}
      # nxm's --gemm is M,N,K with C[M×N] = W[M×K]·Xᵀ: M = out-features, N = tokens
      ./nxm simulate --hw "$hw" --gemm "$N,$T,$K" --pattern 2:4 "${search[@]}" --json > "$out/${tag}_T${T}_K${K}_N${N}.json"
    done
  done
done
