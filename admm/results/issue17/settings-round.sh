#!/usr/bin/env bash
# Issue 17 settings round: dense MiniLM on RTE (and MRPC), scored ONLY on a held-out 20% of train.tsv
# (--holdout 0.2, data seed 42); dev.tsv is evaluated by the command but nothing is chosen on it.
# Each trial is one finetune-compare run appended to settings/runs.jsonl (rerunning skips finished trials).
# Usage: settings-round.sh TASK "LR EPOCHS WARMUP [DROPOUT]" ...   e.g. settings-round.sh rte "3e-5 3 0.1" "5e-5 3 0.1"
# NXM_JAR=path/to/nxm.jar runs a fixed jar (so editing the sources does not rebuild mid-round).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/nxm-cmd.sh"
TASK=$1; shift
for trial in "$@"; do
  read -r LR EPOCHS WARMUP DROPOUT <<< "$trial"; DROPOUT=${DROPOUT:-0}
  echo "== $(date -u +%H:%M:%S) $TASK lr=$LR epochs=$EPOCHS warmup=$WARMUP dropout=$DROPOUT" >&2
  "${NXM[@]}" finetune-compare --tasks "$TASK" --methods dense --seeds 1 --holdout 0.2 \
    --lr "$LR" --epochs "$EPOCHS" --warmup "$WARMUP" --dropout "$DROPOUT" --journal "$HERE/settings"
done
