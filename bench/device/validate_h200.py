#!/usr/bin/env python3
"""Measured H200 (h200-results.json) against the `h200` preset (simulate_shapes.sh's h200_*.json files).

Prints the Markdown table of simulator/README.md "Against a real H200, with the h200 preset": per shape the
measured cuBLAS and cuSPARSELt times, the simulated dense program with its own mapping (`dense_own_cycles`) and
2:4 program (`cycles`), each at the preset's clock (`clock_ghz`), and sim/meas ratios; `ok` marks a ratio within
±20%. The 2:4 ratio is checked only where measured cuSPARSELt beats cuBLAS (elsewhere the real sparse kernel is
slower than dense, which the model does not try to reproduce).

Usage: python3 bench/device/validate_h200.py bench/device/h200-results.json SIM_DIR
"""
import json
import os
import sys


def main():
    meas = json.load(open(sys.argv[1]))
    sim_dir = sys.argv[2]
    print("| T | K | N | meas. dense µs | h200 dense (own mapping) µs | sim/meas | meas. 2:4 µs | h200 2:4 µs | sim/meas "
          "| meas. speedup | sim. speedup (own/own) | fixed µs |")
    print("|" + "---|" * 12)
    dense_ok = sparse_ok = sparse_checked = 0
    for s in meas["shapes"]:
        t, k, n = s["T"], s["K"], s["N"]
        v = s["variants"]
        d = v["dense"]["graph_rot"]["median_us"]
        sp = v["cusparselt"]["graph_rot"]["median_us"]
        j = json.load(open(os.path.join(sim_dir, f"h200_T{t}_K{k}_N{n}.json")))
        us = lambda c: c / (j["clock_ghz"] * 1e3)
        sd, ss = us(j["dense_own_cycles"]), us(j["cycles"])
        rd, rs = sd / d, ss / sp
        okd = abs(rd - 1) <= 0.2
        dense_ok += okd
        checked = sp < d
        oks = abs(rs - 1) <= 0.2
        if checked:
            sparse_checked += 1
            sparse_ok += oks
        mark = lambda ok: "ok" if ok else "miss"
        print(f"| {t} | {k} | {n} | {d:.1f} | {sd:.1f} | {rd:.2f} {mark(okd)} | {sp:.1f} | {ss:.1f} | {rs:.2f}"
              f"{' ' + mark(oks) if checked else ''} | {d / sp:.2f}× | {sd / ss:.2f}× | {us(j['kernel_fixed_cycles']):.1f} |")
    print(f"\ndense within ±20%: {dense_ok}/12; 2:4 within ±20% where cuSPARSELt beats cuBLAS: {sparse_ok}/{sparse_checked}")


if __name__ == "__main__":
    main()
