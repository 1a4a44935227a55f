#!/usr/bin/env python3
"""Dense fp16 vs 2:4 semi-structured sparse GEMMs on a real GPU (written for one NVIDIA H200).

For each shape (T tokens, K in-features, N out-features) it times Y[T,N] = X[T,K] . W[N,K]^T:

  dense            F.linear(x, w)                      (cuBLAS)
  cusparselt       F.linear(x, to_sparse_semi_structured(w))   cuSPARSELt backend
  cutlass          the same with the CUTLASS backend (SparseSemiStructuredTensorCUTLASS), first shape
                   only (torch 2.11 builds those kernels for compute capability 8.x only)
  cslt_search      torch._cslt_sparse_mm(compressed_w, x.T, transpose_result=True) with the alg_id
                   from torch._cslt_sparse_mm_search (phase 2, after every shape has dense and
                   cusparselt; on the H200 the search failed and poisoned the CUDA context)

The weight W is the 2:4-pruned operand (2 largest |w| of every 4 consecutive weights along K, the
reduction dimension, NVIDIA ASP's rule); in PyTorch's semi-structured API it is the weight of
F.linear / the first operand of the underlying sparse mm.

Timing: CUDA events around a batch of `inner` calls (batch >= ~0.3 ms of GPU work), median of
REPS batches, divided by `inner`. Two modes:
  graph  the batch is captured once into a CUDA graph and replayed (GPU time, no Python/dispatch
         overhead: what a kernel costs);
  eager  the batch is launched from Python (includes dispatch overhead where it bounds the time).
And two cache states: 'rot' rotates through enough independent (x, W) copies that their total size
exceeds 4x the L2, so every call reads its operands from HBM (a layer of a real model reads its own
weights once per forward); 'warm' reuses one copy (operands L2-resident when they fit in 50 MB).

Correctness: every sparse output is compared with a float32 reference x.float() @ W_pruned.float().T;
max relative error = max|y - ref| / max|ref|. The dense fp16 result is checked the same way.

Writes $OUT/h200.json (or ./h200.json when OUT is unset) after every variant and prints a
timestamped progress log. Each shape and each variant runs in its own try/except; a time guard
(H200_BENCH_DEADLINE_S, 150 s) skips shapes not yet started, and faulthandler dumps the stacks and
exits at H200_BENCH_KILL_S (200 s) if a call hangs inside CUDA. H200_BENCH_TINY=1 runs two tiny
shapes (a flow check, not a measurement).
"""
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback

T0 = time.time()
DEADLINE_S = float(os.environ.get("H200_BENCH_DEADLINE_S", "150"))
REPS = int(os.environ.get("H200_BENCH_REPS", "20"))
TARGET_BATCH_US = 300.0
TOKENS = [128, 2048, 8192]
KN = [(768, 3072), (3072, 768), (4096, 4096), (4096, 14336)]
if os.environ.get("H200_BENCH_TINY"):  # a flow check on a fake or small device, not a measurement
    TOKENS, KN = [128, 256], [(64, 128)]


def log(*a):
    print(f"[{time.time() - T0:6.1f}s]", *a, flush=True)


OUT_PATH = os.path.join(os.environ.get("OUT", "."), "h200.json")


def save(result):
    """Written after every variant, so a hang or a kill loses only the variant in flight."""
    result["wall_s"] = time.time() - T0
    with open(OUT_PATH + ".tmp", "w") as f:
        json.dump(result, f, indent=1, default=str)
    os.replace(OUT_PATH + ".tmp", OUT_PATH)


def nvidia_smi_query():
    fields = ("name,driver_version,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,"
              "power.draw,power.limit,temperature.gpu,memory.total,pstate")
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=" + fields, "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=20)
        vals = [v.strip() for v in out.stdout.strip().split(",")]
        return dict(zip(fields.split(","), vals)) if out.returncode == 0 else {"error": out.stderr.strip()}
    except Exception as e:  # nvidia-smi absent or hung: record, carry on
        return {"error": repr(e)}


def main():
    import faulthandler
    # A call stuck inside CUDA cannot be interrupted from Python: dump every thread's stack and exit
    # before the caller's own time limit, keeping the JSON saved so far.
    faulthandler.dump_traceback_later(float(os.environ.get("H200_BENCH_KILL_S", "200")), exit=True)
    result = {"script": "bench/device/h200_sparse_gemm.py", "started_unix": T0, "python": sys.version,
              "platform": platform.platform(), "nvidia_smi_before": nvidia_smi_query(), "shapes": [],
              "errors": []}
    try:
        run(result)
    except Exception:
        result["errors"].append({"where": "global", "error": traceback.format_exc()})
        log(traceback.format_exc())
    finally:
        result["nvidia_smi_after"] = nvidia_smi_query()
        save(result)
        log(f"wrote {OUT_PATH}")


def run(result):
    import torch
    import torch.nn.functional as F

    dev = torch.device("cuda")
    torch.backends.cuda.matmul.allow_tf32 = False  # the float32 reference must be a true float32 product
    props = torch.cuda.get_device_properties(dev)
    env = {
        "torch": torch.__version__, "cuda": torch.version.cuda, "gpu": props.name,
        "capability": f"{props.major}.{props.minor}", "sms": props.multi_processor_count,
        "memory_bytes": props.total_memory,
        "l2_bytes": getattr(props, "L2_cache_size", None),
        "cusparselt": None, "semi_structured_classes": [],
        "allow_fp16_reduced_precision_reduction":
            torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction,
    }
    try:
        env["cusparselt"] = torch.backends.cusparselt.version() if torch.backends.cusparselt.is_available() else "unavailable"
    except Exception as e:
        env["cusparselt"] = f"error: {e!r}"
    import torch.sparse as tsp
    for name in ("SparseSemiStructuredTensor", "SparseSemiStructuredTensorCUSPARSELT",
                 "SparseSemiStructuredTensorCUTLASS"):
        if hasattr(tsp, name):
            env["semi_structured_classes"].append(name)
    result["env"] = env
    log("env:", json.dumps(env))
    l2 = env["l2_bytes"] or 50 * 2**20

    torch.manual_seed(0)

    # Ceilings measured here: a device-to-device copy and a large dense fp16 product.
    result["ceilings"] = ceilings(torch) if not os.environ.get("H200_BENCH_SKIP_CEILINGS") else {}
    log("ceilings:", json.dumps(result["ceilings"]))

    recs = {}
    # Phase 1: what the comparison needs (cuBLAS dense, cuSPARSELt through the public API) on every
    # shape; CUTLASS once (PyTorch's CUTLASS 2:4 kernels are built for compute capability 8.x).
    # Phase 2: cuSPARSELt with its algorithm search, while time remains.
    phases = [("p1", ["dense", "cusparselt"]), ("p2", ["cslt_search"])]
    for phase, which in phases:
        for t in TOKENS:
            for (k, n) in KN:
                if time.time() - T0 > DEADLINE_S:
                    result["errors"].append({"where": f"{phase} T={t} K={k} N={n}", "error": "skipped: time guard"})
                    continue
                rec = recs.get((t, k, n))
                if rec is None:
                    rec = {"T": t, "K": k, "N": n, "flops": 2.0 * t * k * n, "variants": {}, "errors": []}
                    recs[(t, k, n)] = rec
                    result["shapes"].append(rec)
                names = list(which) + (["cutlass"] if phase == "p1" and len(recs) == 1 else [])
                log(f"{phase} T={t} K={k} N={n}: {names}")
                try:
                    shape_run(torch, F, tsp, rec, t, k, n, l2, names, lambda: save(result))
                except Exception:
                    rec["errors"].append(traceback.format_exc())
                    log(traceback.format_exc())
                summary(rec)
                save(result)
                torch.cuda.empty_cache()


def prune_24(torch, w):
    """Keep the 2 largest |w| of every 4 consecutive weights along the last (K) dimension."""
    n, k = w.shape
    g = w.reshape(n, k // 4, 4)
    idx = g.abs().topk(2, dim=-1).indices
    mask = torch.zeros_like(g, dtype=torch.bool).scatter_(-1, idx, True)
    return (g * mask).reshape(n, k)


def time_batch(torch, fns, inner, reps, graph):
    """Median/p10/p90 microseconds per call of `inner` calls cycling through fns."""
    calls = [fns[i % len(fns)] for i in range(inner)]
    if graph:
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for c in calls[: min(3, len(calls))]:
                c()
        torch.cuda.current_stream().wait_stream(s)
        torch.cuda.synchronize()
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g):
            for c in calls:
                c()
        body = g.replay
        body()
    else:
        def body():
            for c in calls:
                c()
        body()
    torch.cuda.synchronize()
    times = sorted(ms * 1000.0 / inner for ms in _event_times_ms(torch, body, reps))
    return {"median_us": statistics.median(times), "p10_us": times[len(times) // 10],
            "p90_us": times[(9 * len(times)) // 10], "min_us": times[0], "inner": inner, "reps": reps}


def measure(torch, fns_rot, fn_warm, flops):
    """Graph and eager timings, rotating copies and one warm copy."""
    out = {}
    # rough single-call GPU time to size the batch
    for _ in range(3):
        fn_warm()
    torch.cuda.synchronize()
    a = torch.cuda.Event(enable_timing=True)
    b = torch.cuda.Event(enable_timing=True)
    a.record()
    for _ in range(5):
        fn_warm()
    b.record()
    b.synchronize()
    # An eager estimate of a small GEMM is Python/dispatch time; a FLOP-based guess (400 TFLOP/s plus
    # 2 us) keeps the graph batches of small GEMMs long enough for the event timer.
    one = max(min(a.elapsed_time(b) * 1000.0 / 5, flops / 400e12 * 1e6 + 2.0), 1.0)
    out["single_call_estimate_us"] = one
    inner_rot = max(len(fns_rot), 1)
    while inner_rot * one < TARGET_BATCH_US and inner_rot < 512:
        inner_rot += len(fns_rot)
    inner_warm = min(512, max(1, math.ceil(TARGET_BATCH_US / one)))
    graph_ok = True
    for key, fns, inner, graph in (("eager_rot", fns_rot, inner_rot, False),
                                   ("graph_rot", fns_rot, inner_rot, True),
                                   ("graph_warm", [fn_warm], inner_warm, True)):
        if graph and not graph_ok:
            out[key] = {"error": "skipped after a failed graph capture"}
            continue
        log(f"    {key} inner={inner}")
        try:
            out[key] = time_batch(torch, fns, inner, REPS, graph)
            log(f"    {key}: {out[key]['median_us']:.2f} us")
        except Exception as e:
            out[key] = {"error": f"{type(e).__name__}: {e}"}
            log(f"    {key} failed: {type(e).__name__}: {e}")
            if graph:
                graph_ok = False
                try:
                    torch.cuda.synchronize()
                except Exception as e2:
                    out[key]["sync_error"] = repr(e2)
    return out


def shape_run(torch, F, tsp, rec, t, k, n, l2, names, checkpoint):
    dt = torch.float16
    per_set = 2 * (t * k + n * k + t * n)
    copies = max(1, min(64, math.ceil(4 * l2 / per_set)))
    rec["rot_copies"] = copies
    xs = [torch.randn(t, k, device="cuda", dtype=dt) for _ in range(copies)]
    ws = [prune_24(torch, torch.randn(n, k, device="cuda", dtype=dt)) for _ in range(copies)]
    ref = (xs[0].float() @ ws[0].float().t())
    ref_max = ref.abs().max().item()

    def check(y):
        y = y.float()
        if tuple(y.shape) != (t, n) and tuple(y.shape) == (n, t):  # a backend that returns the untransposed product
            y = y.t()
        if tuple(y.shape) != (t, n):
            raise ValueError(f"output shape {tuple(y.shape)}, expected {(t, n)}")
        return (y - ref).abs().max().item() / ref_max

    def variant(name, build):
        """build() -> (list of per-copy callables). The first callable's output is checked."""
        if name not in names:
            return
        log(f"  {name}: build")
        t1 = time.time()
        try:
            fns = build()
            err = check(fns[0]())
            v = {"max_rel_err": err}
            v.update(measure(torch, fns, fns[0], 2.0 * t * k * n))
            v["wall_s"] = time.time() - t1
            rec["variants"][name] = v
            log(f"  {name}: done in {v['wall_s']:.1f} s, err {err:.2e}")
        except Exception as e:
            rec["variants"][name] = {"error": f"{type(e).__name__}: {e}",
                                     "trace": traceback.format_exc(limit=4)}
            log(f"  {name} failed: {type(e).__name__}: {e}")
        checkpoint()

    variant("dense", lambda: [(lambda x=x, w=w: F.linear(x, w)) for x, w in zip(xs, ws)])

    # PyTorch's public API with each backend. Both classes exist since torch 2.3; older versions
    # select the backend by the class flag _FORCE_CUTLASS.
    def semi(cls_name, force_cutlass):
        def build():
            cls = getattr(tsp, cls_name, None)
            out = []
            for x, w in zip(xs, ws):
                if cls is not None:
                    sw = cls.from_dense(w)
                else:
                    tsp.SparseSemiStructuredTensor._FORCE_CUTLASS = force_cutlass
                    sw = tsp.to_sparse_semi_structured(w)
                out.append(lambda x=x, sw=sw: F.linear(x, sw))
            return out
        return build

    variant("cusparselt", semi("SparseSemiStructuredTensorCUSPARSELT", False))
    variant("cutlass", semi("SparseSemiStructuredTensorCUTLASS", True))

    # cuSPARSELt called directly (no tensor-subclass dispatch), default and searched algorithm.
    def raw(search):
        def build():
            cws = [torch._cslt_compress(w) for w in ws]
            alg = 0
            if search:
                alg = torch._cslt_sparse_mm_search(cws[0], xs[0].t(), transpose_result=True)
                alg = int(alg[0] if isinstance(alg, (tuple, list)) else alg)
                rec["cslt_alg_id"] = alg
            return [(lambda x=x, c=c: torch._cslt_sparse_mm(c, x.t(), transpose_result=True, alg_id=alg))
                    for x, c in zip(xs, cws)]
        return build

    variant("cslt_search", raw(True))
    del xs, ws


def summary(rec):
    v = rec["variants"]

    def g(name, key="graph_rot"):
        m = v.get(name, {}).get(key, {})
        return m.get("median_us") if isinstance(m, dict) else None

    d = g("dense")
    parts = [f"T={rec['T']:5d} K={rec['K']:5d} N={rec['N']:5d} copies={rec.get('rot_copies')}"]
    for name in ("dense", "cusparselt", "cutlass", "cslt_search"):
        if name not in v:
            continue
        x = g(name)
        if x is None:
            parts.append(f"{name}=ERR")
            continue
        tf = rec["flops"] / (x * 1e-6) / 1e12
        sp = f" x{d / x:.2f}" if d else ""
        err = v[name].get("max_rel_err")
        es = f"{err:.1e}" if isinstance(err, float) else "?"
        parts.append(f"{name}={x:.1f}us({tf:.0f}TF{sp},err={es})")
    log("  ".join(parts))
    # eager / warm figures of the two main variants
    log("    eager_rot dense={} cslt={}  graph_warm dense={} cslt={}".format(
        g("dense", "eager_rot"), g("cusparselt", "eager_rot"), g("dense", "graph_warm"),
        g("cusparselt", "graph_warm")))


def _event_times_ms(torch, fn, reps):
    """Milliseconds of each of reps calls of fn(), each timed alone between two CUDA events."""
    ts = []
    for _ in range(reps):
        e0 = torch.cuda.Event(enable_timing=True)
        e1 = torch.cuda.Event(enable_timing=True)
        e0.record()
        fn()
        e1.record()
        e1.synchronize()
        ts.append(e0.elapsed_time(e1))
    return ts


def _median_event_seconds(torch, fn, warm=3, reps=10):
    """Median time of fn() in seconds after warm-up calls."""
    for _ in range(warm):
        fn()
    torch.cuda.synchronize()
    return statistics.median(_event_times_ms(torch, fn, reps)) / 1000.0


def ceilings(torch):
    out = {}
    try:
        a = torch.empty(2 * 2**30 // 2, dtype=torch.float16, device="cuda")
        b = torch.empty_like(a)
        t = _median_event_seconds(torch, lambda: b.copy_(a))
        out["copy_read_plus_write_TBps"] = 2 * a.numel() * 2 / t / 1e12
        del a, b
    except Exception as e:
        out["copy_error"] = repr(e)
    try:
        n = 8192
        x = torch.randn(n, n, dtype=torch.float16, device="cuda")
        y = torch.randn(n, n, dtype=torch.float16, device="cuda")
        t = _median_event_seconds(torch, lambda: x @ y)
        out["dense_fp16_8192cube_TFLOPs"] = 2 * n ** 3 / t / 1e12
        del x, y
    except Exception as e:
        out["mm_error"] = repr(e)
    torch.cuda.empty_cache()
    return out


if __name__ == "__main__":
    main()
