#!/usr/bin/env python3
"""Markdown tables: measured H200 (h200-results.json) against nxm's simulation (simulate_shapes.sh).

Usage: python3 bench/device/compare.py bench/device/h200-results.json SIM_DIR
"""
import json
import os
import sys

CONFIGS = [("h100", 1.83e9), ("h200-like", 1.83e9), ("h200-like-1980", 1.98e9)]


def main():
    meas = json.load(open(sys.argv[1]))
    sim_dir = sys.argv[2]
    print("| T | K | N | meas. dense µs | meas. 2:4 µs | meas. speedup "
          "| h100 compiled dense µs | h100 dense twin µs | h100 2:4 µs | h100 speedup (twin / compiled) "
          "| h200-like 2:4 µs | speedup | h200-like-1980 2:4 µs | speedup |")
    print("|" + "---|" * 14)
    for s in meas["shapes"]:
        t, k, n = s["T"], s["K"], s["N"]
        v = s["variants"]
        d = v["dense"]["graph_rot"]["median_us"]
        sp = v["cusparselt"]["graph_rot"]["median_us"]
        row = [t, k, n, f"{d:.1f}", f"{sp:.1f}", f"{d / sp:.2f}×"]
        for i, (tag, clock) in enumerate(CONFIGS):
            j = json.load(open(os.path.join(sim_dir, f"{tag}_T{t}_K{k}_N{n}.json")))
            us = lambda c: c / clock * 1e6
            if i == 0:
                row += [f"{us(j['compiled_dense_cycles']):.1f}", f"{us(j['dense_cycles']):.1f}",
                        f"{us(j['cycles']):.1f}",
                        f"{j['speedup']:.2f}× / {j['speedup_vs_compiled_dense']:.2f}×"]
            else:
                row += [f"{us(j['cycles']):.1f}",
                        f"{j['speedup']:.2f}× / {j['speedup_vs_compiled_dense']:.2f}×"]
        print("| " + " | ".join(str(x) for x in row) + " |")


if __name__ == "__main__":
    main()
