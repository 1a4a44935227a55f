#!/usr/bin/env bash
# The ADMM settings round's table (markdown) from settings/runs.jsonl (the runs with --holdout and a
# sparse method): held-out score first (what is chosen on), then how far ADMM's final mask is from
# magnitude's (% of weights whose keep/prune decision differs, mean over the 6 layers per Linear kind,
# and over all 36 Linears), the primal residual ‖W − Z‖/‖W‖ at the last Z-step before the hard prune,
# ρ there, and the fraction of all weights whose keep/prune decision changed at the last Z-step (the
# largest at any Z-step). dev.tsv is not shown.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
echo "| task | method | ρ0 | growth | ρ max | ADMM fraction | held-out score (n) | differs from magnitude: all / Q / K / V / attn-out / FFN1 / FFN2 (%) | final primal | final ρ | support change: last (max) | train s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
jq -r '
  def setting($k): ((.settings | capture("(^| )" + $k + "=(?<v>[^ ]+)") | .v) // "-");
  def pct: (. * 100 * 10000 | round / 10000 | tostring);
  def kind($k): [.decision_difference | to_entries[] | select(.key | test($k)) | .value] | (add / length) | pct;
  select(.method != "dense" and (.heldout_score != null))
  | [ .task, .method,
      (if .method == "admm" then setting("rho0") else "-" end),
      (if .method == "admm" then setting("rho-growth") else "-" end),
      (if .method == "admm" then setting("rho-max") else "-" end),
      (if .method == "admm" then setting("admm-fraction") else "-" end),
      ((.heldout_score*100|round/100|tostring) + " (" + (.heldout_examples|tostring) + ")"),
      ([([.decision_difference[]] | add / length | pct), kind("query"), kind("key"), kind("value"),
        kind("attention.output"), kind("intermediate"), kind("[0-9][.]output[.]dense")] | join(" / ")),
      (if (.admm_history|length) > 0 then (.admm_history[-1][1] | tostring | .[0:8]) else "-" end),
      (if (.admm_history|length) > 0 then (.admm_history[-1][0] | round | tostring) else "-" end),
      (if (.admm_history|length) > 0 then (.admm_history[-1][2] | pct) + "% (" + ([.admm_history[][2]] | max | pct) + "%)" else "-" end),
      (.train_seconds|round|tostring) ]
  | "| " + join(" | ") + " |"' "$HERE/settings/runs.jsonl"
