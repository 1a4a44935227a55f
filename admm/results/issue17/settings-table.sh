#!/usr/bin/env bash
# The settings round's table (markdown) from settings/runs.jsonl: held-out score first (what settings are
# chosen on), then the final training loss; dev.tsv is not shown (nothing may be chosen on it).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
echo "| task | lr | epochs | warm-up | dropout | steps | held-out score (n) | held-out metrics | final train loss | train s |"
echo "|---|---|---|---|---|---|---|---|---|---|"
jq -r '
  def setting($k): ((.settings | capture($k + "=(?<v>[^ ]+)") | .v) // "0");
  [ .task, setting("lr"), setting("epochs"), setting("warmup"), setting("dropout"), (.steps|tostring),
    ((.heldout_score*100|round/100|tostring) + " (" + (.heldout_examples|tostring) + ")"),
    (.heldout | to_entries | map(select(.key != "examples")) | map(.key + " " + (.value*100|round/100|tostring)) | join(", ")),
    (.final_train_loss*10000|round/10000|tostring), (.train_seconds|round|tostring) ]
  | "| " + join(" | ") + " |"' "$HERE/settings/runs.jsonl"
