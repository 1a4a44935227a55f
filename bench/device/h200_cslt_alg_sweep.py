#!/usr/bin/env python3
"""cuSPARSELt algorithm sweep for the shapes of h200_sparse_gemm.py (run it after that script).

OUTCOME ON THE H200 (torch 2.11.0+cu130, cuSPARSELt 0.8.0): every child process, alg_id 0 included,
produced no row within its 25 s limit: the direct torch._cslt_sparse_mm(c, x.T,
transpose_result=True, alg_id=a) call hangs there (the first version of h200_sparse_gemm.py hung on
the same call). Kept as the record of that experiment; see bench/device/README.md.

torch._cslt_sparse_mm_search crashed on the H200 (internal error, then an illegal instruction that
poisons the CUDA context), so the algorithm ids are tried one by one instead, each in its own
process: a crash or an invalid id loses that id only. For every alg_id and shape: F.linear with
SparseSemiStructuredTensorCUSPARSELT.from_dense(w, alg_id=a), CUDA-graph replay, operands rotated
through copies larger than 4x L2 (the 'graph_rot' mode of h200_sparse_gemm.py), checked against
the float32 masked product. Child 'dense' times cuBLAS the same way, as this session's baseline.
Writes $OUT/alg_sweep.json.
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ALGS = ["0", "1", "2", "3", "4"]
CHILD_TIMEOUT_S = 25


def child(which):
    sys.path.insert(0, HERE)
    import math
    import torch
    import torch.nn.functional as F
    from torch.sparse import SparseSemiStructuredTensorCUSPARSELT as C
    import h200_sparse_gemm as h
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.manual_seed(0)
    l2 = torch.cuda.get_device_properties(0).L2_cache_size or 50 * 2**20
    for t in h.TOKENS:
        for (k, n) in h.KN:
            row = {"which": which, "T": t, "K": k, "N": n}
            try:
                per_set = 2 * (t * k + n * k + t * n)
                copies = max(1, min(64, math.ceil(4 * l2 / per_set)))
                xs = [torch.randn(t, k, device="cuda", dtype=torch.float16) for _ in range(copies)]
                ws = [h.prune_24(torch, torch.randn(n, k, device="cuda", dtype=torch.float16))
                      for _ in range(copies)]
                if which == "dense":
                    mats = ws
                    fns = [(lambda x=x, m=m: F.linear(x, m)) for x, m in zip(xs, mats)]
                else:
                    # torch 2.11's from_dense takes no alg_id: call the kernel F.linear reaches directly
                    alg = int(which)
                    cws = [torch._cslt_compress(w) for w in ws]
                    fns = [(lambda x=x, c=c: torch._cslt_sparse_mm(c, x.t(), transpose_result=True, alg_id=alg))
                           for x, c in zip(xs, cws)]
                ref = xs[0].float() @ ws[0].float().t()
                y = fns[0]().float()
                row["max_rel_err"] = (y - ref).abs().max().item() / ref.abs().max().item()
                est = 2.0 * t * k * n / 400e12 * 1e6 + 2.0
                inner = copies
                while inner * est < h.TARGET_BATCH_US and inner < 512:
                    inner += copies
                row.update(h.time_batch(torch, fns, inner, h.REPS, True))
            except Exception as e:
                row["error"] = f"{type(e).__name__}: {e}"[:500]
            print("ROW " + json.dumps(row), flush=True)
            torch.cuda.synchronize()


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    t0 = time.time()
    out = os.path.join(os.environ.get("OUT", "."), "alg_sweep.json")
    rows, runs = [], []
    for which in ALGS:
        t1 = time.time()
        try:
            p = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", which],
                               capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
            rc, so, se = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, so, se = "timeout", (e.stdout or b""), (e.stderr or b"")
            so = so.decode() if isinstance(so, bytes) else so
            se = se.decode() if isinstance(se, bytes) else se
        got = [json.loads(line[4:]) for line in so.splitlines() if line.startswith("ROW ")]
        rows += got
        runs.append({"which": which, "rc": rc, "rows": len(got), "wall_s": time.time() - t1,
                     "stderr_tail": se[-1500:]})
        print(f"[{time.time() - t0:6.1f}s] alg {which}: rc={rc} rows={len(got)}", flush=True)
        for r in got:
            print("   T={T:5d} K={K:5d} N={N:5d} {m} err={e}".format(
                m=f"{r['median_us']:.1f}us" if "median_us" in r else r.get("error"),
                e=f"{r['max_rel_err']:.1e}" if "max_rel_err" in r else "-", **r), flush=True)
        if rc != 0:
            print(se[-800:], flush=True)
        with open(out + ".tmp", "w") as f:
            json.dump({"runs": runs, "rows": rows}, f, indent=1)
        os.replace(out + ".tmp", out)
        if time.time() - t0 > 120:
            break


if __name__ == "__main__":
    main()
