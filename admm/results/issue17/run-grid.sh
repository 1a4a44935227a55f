#!/usr/bin/env bash
# The issue-17 grid, resumable: run it again to continue (runs already in runs.jsonl are skipped).
# Order = priority: dense/ASP/ADMM on RTE and MRPC (5 seeds), then on STS-B and CoLA (3 seeds), then
# SR-STE and ADMM+KD, then layer-wise ADMM + masked fine-tuning; the tables are rewritten after each phase.
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
table() {
  "${NXM[@]}" finetune-compare --tasks rte,mrpc,stsb,cola --methods dense,asp,srste,admm,admm+kd,lwadmm \
    --seeds 1,2,3,4,5 "${COMMON[@]}" --table-only > "$HERE/table.txt"
  "${NXM[@]}" finetune-compare --tasks rte,mrpc,stsb,cola --methods dense,asp,srste,admm,admm+kd,lwadmm \
    --seeds 1,2,3,4,5 "${COMMON[@]}" --table-only --json > "$HERE/table.json"
}
# run-grid.sh --table: only rewrite table.txt/table.json from what the journal holds (no training).
if [[ "${1:-}" == --table ]]; then table; exit 0; fi
"${NXM[@]}" finetune-compare --tasks rte,mrpc --methods dense,asp,admm --seeds 1,2,3,4,5 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks stsb,cola --methods dense,asp,admm --seeds 1,2,3 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks rte,mrpc --methods srste,admm+kd --seeds 1,2,3,4,5 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks stsb,cola --methods srste,admm+kd --seeds 1,2,3 "${COMMON[@]}"; table
LW="$HERE/layerwise-admm.safetensors"   # not committed (85 MB); remade by nxm prune when missing
[[ -f "$LW" ]] || "${NXM[@]}" prune --model minilm-l6 --pattern 2:4 --method admm --out "$LW"
"${NXM[@]}" finetune-compare --tasks rte,mrpc --methods lwadmm --layerwise-init "$LW" --seeds 1,2,3,4,5 "${COMMON[@]}"; table
"${NXM[@]}" finetune-compare --tasks stsb,cola --methods lwadmm --layerwise-init "$LW" --seeds 1,2,3 "${COMMON[@]}"; table
