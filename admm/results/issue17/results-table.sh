#!/usr/bin/env bash
# The README's issue-17 result tables (markdown) from table.json (run-grid.sh --table writes it from the journal):
# per method the task means ± sd and the average, then the paired test against ASP, then every seed's score.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
jq -r '
  def r2: (. * 100 | round / 100) as $x | ($x | tostring) | if test("\\.") then (if test("\\.[0-9]$") then . + "0" else . end) else . + ".00" end;
  def p3: if . == null then "–" elif . < 0.001 then (. * 1e5 | round / 1e5 | tostring) else (. * 1000 | round / 1000 | tostring) end;
  def name: {"dense":"dense","asp":"ASP","srste":"SR-STE","admm":"ADMM (task loss)","admm+kd":"ADMM+KD",
             "lwadmm":"layer-wise ADMM + masked FT","asp+kd":"ASP+KD (control)",
             "lwsparsegpt":"SparseGPT + masked FT (control)","lwwanda":"Wanda + masked FT (control)"}[.] // .;
  .summary as $s
  | ($s.tasks) as $tasks
  | "| method | " + ($tasks | map({"rte":"RTE (10 epochs)","mrpc":"MRPC","stsb":"STS-B","cola":"CoLA"}[.]) | join(" | ")) + " | average | − ASP, paired over (task, seed) |",
    "|---|" + ($tasks | map("---") | join("|")) + "|---|---|",
    ($s.methods[] | . as $m
      | "| " + (.method | name) + " | "
        + ($tasks | map(($m.tasks[.] // null) as $t
            | if $t == null then "–" elif ($t.seeds | length) == 1 then ($t.mean | r2) + " (1 seed)"
              else ($t.mean | r2) + " ± " + ($t.sd | r2) + " (" + ($t.seeds | length | tostring) + ")" end) | join(" | "))
        + " | " + (if .average == null then "–" else (.average | r2) end)
        + " | " + (if .method == "asp" then "(baseline)" elif .paired == null then "" else
            (if .paired.mean_difference >= 0 then "+" else "" end) + (.paired.mean_difference | r2)
            + (if .paired.sd_difference == null then "" else " ± " + (.paired.sd_difference | r2) end)
            + " over " + (.paired.pairs | tostring) + ", " + (.paired.wins | tostring) + "/" + (.paired.losses | tostring)
            + ", sign p " + (.paired.sign_test_p | p3) + ", Wilcoxon p " + (.paired.wilcoxon_p | p3) end) + " |"),
    "",
    "| task | method | seed 1 | seed 2 | seed 3 | seed 4 | seed 5 | mean ± sd |",
    "|---|---|---|---|---|---|---|---|",
    ($tasks[] as $task | $s.methods[] | . as $m | select(.tasks[$task] != null) | .tasks[$task] as $t
      | "| " + {"rte":"RTE","mrpc":"MRPC","stsb":"STS-B","cola":"CoLA"}[$task] + " | " + ($m.method | name) + " | "
        + ([range(1; 6) | tostring | ($t.seeds[.] // null) | if . == null then "" else r2 end] | join(" | "))
        + " | " + ($t.mean | r2) + (if ($t.seeds | length) > 1 then " ± " + ($t.sd | r2) else "" end) + " |")
' "$HERE/table.json"
