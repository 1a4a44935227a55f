#!/usr/bin/env bash
# The issue-17 grid, resumable: run it again to continue (runs already in runs.jsonl are skipped).
# Order = priority (see the phase comments below); the tables are rewritten after each call.
# NXM_JAR=path/to/nxm.jar runs a fixed jar (so editing the sources does not rebuild mid-grid); LR=, DROPOUT= override
# the chosen settings, and RHO0=, RHO_GROWTH=, RHO_MAX=, ADMM_FRACTION= the ADMM schedule (a different setting is a
# different run key for the methods that read it: those runs are redone, the others reused).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/nxm-cmd.sh"
# Settings chosen on RTE's held-out 20% of train.tsv (settings-round.sh, settings/runs.jsonl; README "Settings
# round"), never on dev. The first three runs in runs.jsonl (lr 1e-4, no dropout) are of the earlier default.
# ADMM's ρ schedule: chosen on MRPC's held-out 20% (settings-admm.sh, settings/runs.jsonl; README "ADMM
# settings round"). Run keys digest only the settings a method reads, so these do not touch dense/ASP runs.
ADMM=(--rho0 "${RHO0:-1}" --rho-growth "${RHO_GROWTH:-1.8}" --rho-max "${RHO_MAX:-1e4}" --admm-fraction "${ADMM_FRACTION:-0.6}")
COMMON=(--epochs 3 --lr "${LR:-5e-5}" --dropout "${DROPOUT:-0.1}" "${ADMM[@]}" --journal "$HERE")
# RTE gets 10 epochs (the issue allows more for RTE if dense needs them to converge: held-out 57.83 / 60.24 / 61.04 at
# 3 / 6 / 10 epochs, settings-round.sh, never dev); its 3-epoch runs stay in the journal and in table-3-epochs.txt.
RTE10=(--epochs-for rte=10)
ALL=(--tasks rte,mrpc,stsb,cola --methods dense,asp,srste,admm,admm+kd,lwadmm,lwsparsegpt,lwwanda,asp+kd --seeds 1,2,3,4,5)
# The layer-wise start weights of the lwadmm / lwsparsegpt / lwwanda runs: not committed (42 MB each), remade by nxm
# prune when missing (deterministic: the same sha256 on each remake so far). Their run keys digest the file
# (layerwise-init[-P]=<first 12 hex of its sha256>; layerwise-P.sha256 has the whole sum), so the table needs the files
# too, and a remade file that differed would make new runs rather than reuse these.
PRUNERS=(admm sparsegpt wanda)
LW=(); for p in "${PRUNERS[@]}"; do LW+=(--layerwise-init "$HERE/layerwise-$p.safetensors"); done
layerwise() {
  for p in "${PRUNERS[@]}"; do
    [[ -f "$HERE/layerwise-$p.safetensors" ]] || "${NXM[@]}" prune --model minilm-l6 --pattern 2:4 --method "$p" --out "$HERE/layerwise-$p.safetensors"
  done
}
table() {
  layerwise
  "${NXM[@]}" finetune-compare "${ALL[@]}" "${COMMON[@]}" "${RTE10[@]}" "${LW[@]}" --table-only > "$HERE/table.txt"
  "${NXM[@]}" finetune-compare "${ALL[@]}" "${COMMON[@]}" "${RTE10[@]}" "${LW[@]}" --table-only --json --loss-svg "$HERE/loss-curves.svg" > "$HERE/table.json"
  "${NXM[@]}" finetune-compare "${ALL[@]}" "${COMMON[@]}" "${LW[@]}" --table-only > "$HERE/table-3-epochs.txt"
  # The layer-wise methods against each other: is layer-wise ADMM's gain ADMM's, or any calibration-aware pruner's?
  "${NXM[@]}" finetune-compare "${ALL[@]}" "${COMMON[@]}" "${RTE10[@]}" "${LW[@]}" --table-only --baseline lwadmm \
    > "$HERE/table-vs-lwadmm.txt"
}
# run-grid.sh --table: only rewrite the tables from what the journal holds (no training).
if [[ "${1:-}" == --table ]]; then table; exit 0; fi
# Phases 1-2 (done): dense, ASP, ADMM on RTE (3 epochs) and MRPC, 5 seeds; on STS-B and CoLA, 3 seeds.
# Phase 3: SR-STE and ADMM+KD on MRPC (5 seeds); RTE at 10 epochs for dense, ASP, ADMM; SR-STE and ADMM+KD on
# STS-B and CoLA (3 seeds); SR-STE and ADMM+KD on RTE at 10 epochs.
"${NXM[@]}" finetune-compare --tasks mrpc --methods srste,admm+kd --seeds 1,2,3,4,5 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks rte --methods dense,asp,admm --seeds 1,2,3,4,5 "${COMMON[@]}" "${RTE10[@]}"; table
"${NXM[@]}" finetune-compare --tasks stsb,cola --methods srste,admm+kd --seeds 1,2,3 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks rte --methods srste,admm+kd --seeds 1,2,3,4,5 "${COMMON[@]}" "${RTE10[@]}"; table
# Phase 4: layer-wise ADMM + masked fine-tuning.
layerwise
"${NXM[@]}" finetune-compare --tasks rte,mrpc --methods lwadmm "${LW[@]}" --seeds 1,2,3,4,5 "${COMMON[@]}" "${RTE10[@]}"; table
"${NXM[@]}" finetune-compare --tasks stsb,cola --methods lwadmm "${LW[@]}" --seeds 1,2,3 "${COMMON[@]}"; table
# Phase 5, a control beyond the issue's list: ASP with the same distillation as ADMM+KD (same teachers, alpha and
# temperature), so that a gain of ADMM+KD over ASP can be split into what distillation gives and what ADMM gives.
# STS-B and CoLA first (Dec 6, 08:55 UTC; MRPC seeds 1-2 were done): CoLA is where ADMM+KD's gain over ASP is. Then
# phase 6 on STS-B, CoLA and RTE (below) before MRPC (Dec 6, 09:15 UTC).
"${NXM[@]}" finetune-compare --tasks stsb,cola --methods asp+kd --seeds 1,2,3 "${COMMON[@]}"; table
# Phase 6, controls for where layer-wise ADMM's gain comes from (added Dec 6 09:10 UTC, after its results): the same
# masked fine-tuning from the other layer-wise pruners' starts. SparseGPT chooses mask and values by OBS (per-layer
# output error 0.0005-0.059, ADMM's 0.0002-0.031); Wanda chooses the mask by |w|·‖x‖ and keeps the pretrained values
# (0.0017-0.150, magnitude's 0.003-0.150). Same settings, seeds and budget as every method; nothing tuned.
"${NXM[@]}" finetune-compare --tasks stsb,cola --methods lwsparsegpt,lwwanda "${LW[@]}" --seeds 1,2,3 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks rte --methods lwsparsegpt,lwwanda "${LW[@]}" --seeds 1,2,3,4,5 "${COMMON[@]}" "${RTE10[@]}"; table
# Then the rest of phase 5 (ASP+KD on MRPC seeds 3-5, level tasks for ADMM+KD) and phase 6 on MRPC, RTE's ASP+KD last.
"${NXM[@]}" finetune-compare --tasks mrpc --methods asp+kd --seeds 1,2,3,4,5 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks mrpc --methods lwsparsegpt,lwwanda "${LW[@]}" --seeds 1,2,3,4,5 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks rte --methods asp+kd --seeds 1,2,3,4,5 "${COMMON[@]}" "${RTE10[@]}"; table
