#!/usr/bin/env bash
# Issue 17 ADMM settings round: ρ schedules on MRPC, scored ONLY on a held-out 20% of train.tsv
# (--holdout 0.2, data seed 42), seed 1, at the chosen lr 5e-5 / dropout 0.1 / 3 epochs; dev.tsv is
# evaluated by the command but nothing is chosen on it. Each trial is one finetune-compare run appended
# to settings/runs.jsonl (rerunning skips finished trials).
# Usage: settings-admm.sh TASK "METHOD RHO0 GROWTH RHO_MAX FRACTION" ...
#   e.g. settings-admm.sh mrpc "asp 1000 1 1e5 0.6" "admm 10 1.5 1e4 0.6"
# NXM_JAR=path/to/nxm.jar runs a fixed jar (so editing the sources does not rebuild mid-round).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/nxm-cmd.sh"
TASK=$1; shift
for trial in "$@"; do
  read -r METHOD RHO0 GROWTH RHOMAX FRACTION <<< "$trial"
  echo "== $(date -u +%H:%M:%S) $TASK $METHOD rho0=$RHO0 growth=$GROWTH rho-max=$RHOMAX fraction=$FRACTION" >&2
  "${NXM[@]}" finetune-compare --tasks "$TASK" --methods "$METHOD" --seeds 1 --holdout 0.2 \
    --lr 5e-5 --epochs 3 --dropout 0.1 --rho0 "$RHO0" --rho-growth "$GROWTH" --rho-max "$RHOMAX" \
    --admm-fraction "$FRACTION" --journal "$HERE/settings"
done
