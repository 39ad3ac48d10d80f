#!/usr/bin/env python3
"""Measure the figures the planner otherwise estimates, on one NVIDIA H100 SXM.

Self-contained: needs only PyTorch with CUDA (pynvml optional, for clock sampling).
Writes JSON to $OUT/measured.json (or ./measured.json when OUT is unset) after every
section, so a run cut short still leaves what it measured, and prints a summary last.

Sections
  launch     launch overhead: back-to-back tiny kernels, host cost per call, launch+sync
             round trip, tiny kernels replayed from a CUDA graph
  hbm        device-to-device copy (bytes read + written) and a read-only reduction,
             1 MiB .. 4 GiB
  gemm       dense GEMM, bf16 (torch.matmul) and fp8 e4m3 (torch._scaled_mm, per-tensor
             scales, bf16 output): square sizes and LLM-like skinny shapes
  attention  SDPA causal bf16, head dim 128, forward and forward+backward, flash and cuDNN
             backends; decode attention over a GQA KV cache
Method
  CUDA events around a batch of back-to-back launches; warm-up first; the median of
  several batches. Inputs are random normal data (never zeros). Where one input set
  would fit in L2 (50 MB), the loop rotates among enough distinct input sets to span
  >= 256 MB, so the figures are for data coming from HBM, not from cache.
  GPU clocks, power and temperature are sampled through NVML during each section.
  Clocks, power limit and all other card settings are left as found.
"""

import json
import math
import os
import statistics
import sys
import threading
import time
import traceback

import torch
import torch.nn.functional as F

T0 = time.time()
BUDGET_S = float(os.environ.get("MEASURE_BUDGET_S", "430"))  # skip remaining items past this
OUT_DIR = os.environ.get("OUT", ".")
OUT_PATH = os.path.join(OUT_DIR, "measured.json")

PEAK_TFLOPS = {"bf16": 989.4, "fp8": 1978.9}  # H100 SXM dense peaks
HBM_SPEC_GBPS = 3350.0
ROTATE_BYTES = 256 * 2**20  # span of rotated input sets (5x the 50 MB L2)
DEV = torch.device("cuda")

RESULT = {
    "schema": "xpuplan-measured/1",
    "method": "scripts/gpu/measure_h100.py",
    "peaks": {"bf16TFLOPS": PEAK_TFLOPS["bf16"], "fp8TFLOPS": PEAK_TFLOPS["fp8"], "hbmGBps": HBM_SPEC_GBPS},
    "env": {},
    "clocks": {},
    "launch": {},
    "hbm": {"copy": [], "read": []},
    "gemm": {"bf16": [], "fp8": [], "fp8FastAccum": [], "accuracy": {}},
    "attention": {"prefill": [], "decode": []},
    "errors": [],
    "skipped": [],
}


def elapsed():
    return time.time() - T0


def save():
    RESULT["elapsedS"] = round(elapsed(), 1)
    with open(OUT_PATH, "w") as f:
        json.dump(RESULT, f, indent=1)


def over_budget(what):
    if elapsed() > BUDGET_S:
        RESULT["skipped"].append(what)
        return True
    return False


# ---------------------------------------------------------------- clock sampler
class Sampler:
    """Samples SM/memory clock, power, temperature and throttle reasons every 50 ms."""

    def __init__(self):
        self.section = "idle"
        self.samples = {}
        self.ok = False
        try:
            import pynvml

            pynvml.nvmlInit()
            idx = torch.cuda.current_device()
            self.nv = pynvml
            self.h = pynvml.nvmlDeviceGetHandleByIndex(idx)
            self.ok = True
        except Exception as e:  # noqa: BLE001
            RESULT["errors"].append(f"nvml unavailable: {e!r}")
        self.stop = False
        if self.ok:
            self.t = threading.Thread(target=self.loop, daemon=True)
            self.t.start()

    def read(self):
        nv, h = self.nv, self.h
        s = {
            "sm": nv.nvmlDeviceGetClockInfo(h, nv.NVML_CLOCK_SM),
            "mem": nv.nvmlDeviceGetClockInfo(h, nv.NVML_CLOCK_MEM),
            "w": nv.nvmlDeviceGetPowerUsage(h) / 1000.0,
            "c": nv.nvmlDeviceGetTemperature(h, nv.NVML_TEMPERATURE_GPU),
        }
        s["thr"] = -1
        for fn_name in ("nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"):
            try:
                s["thr"] = int(getattr(nv, fn_name)(h))
                break
            except Exception:  # noqa: BLE001
                continue
        return s

    def loop(self):
        while not self.stop:
            try:
                r = self.read()
                r["t"] = time.time()
                self.samples.setdefault(self.section, []).append(r)
            except Exception:  # noqa: BLE001
                pass
            time.sleep(0.05)

    def static(self):
        if not self.ok:
            return {}
        nv, h = self.nv, self.h
        out = {}
        for k, fn in [
            ("maxSmMHz", lambda: nv.nvmlDeviceGetMaxClockInfo(h, nv.NVML_CLOCK_SM)),
            ("maxMemMHz", lambda: nv.nvmlDeviceGetMaxClockInfo(h, nv.NVML_CLOCK_MEM)),
            ("appSmMHz", lambda: nv.nvmlDeviceGetApplicationsClock(h, nv.NVML_CLOCK_SM)),
            ("powerLimitW", lambda: nv.nvmlDeviceGetPowerManagementLimit(h) / 1000.0),
            ("driver", lambda: nv.nvmlSystemGetDriverVersion()),
            ("idle", self.read),
        ]:
            try:
                v = fn()
                out[k] = v.decode() if isinstance(v, bytes) else v
            except Exception as e:  # noqa: BLE001
                out[k] = f"n/a ({type(e).__name__})"
        return out

    def between(self, t0, t1):
        """Median SM clock (MHz) and max power sampled in [t0, t1]; None without samples."""
        ss = [x for x in self.samples.get(self.section, []) if t0 <= x["t"] <= t1]
        if not ss:
            return {}
        return {"smMHz": statistics.median([x["sm"] for x in ss]), "powerW": round(max(x["w"] for x in ss))}

    def summary(self):
        out = {}
        for sec, ss in self.samples.items():
            if not ss:
                continue
            sm = [s["sm"] for s in ss]
            thr = sorted({s["thr"] for s in ss})
            out[sec] = {
                "samples": len(ss),
                "smMHz": {"min": min(sm), "median": statistics.median(sm), "max": max(sm)},
                "memMHz": statistics.median([s["mem"] for s in ss]),
                "powerWMax": round(max(s["w"] for s in ss), 1),
                "tempCMax": max(s["c"] for s in ss),
                "throttleReasonMasks": thr,
            }
        return out


# ---------------------------------------------------------------- timing
def bench(fn, nsets=1, target_batch_ms=20.0, batches=7, warm_ms=30.0, max_inner=2000):
    """Median time in ms of one fn(i) call, from event-timed batches of back-to-back calls.
    fn(i) is called with i = 0, 1, 2, ... so it can rotate among nsets input sets."""
    # warm-up, and a first estimate of one call
    torch.cuda.synchronize()
    n, i = 0, 0
    t_start = time.perf_counter()
    while True:
        fn(i % nsets)
        i += 1
        n += 1
        if n >= 3:
            torch.cuda.synchronize()
            if (time.perf_counter() - t_start) * 1e3 >= warm_ms or n >= 200:
                break
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record()
    for _ in range(3):
        fn(i % nsets)
        i += 1
    e.record()
    e.synchronize()
    est = max(s.elapsed_time(e) / 3, 1e-4)
    inner = int(min(max_inner, max(1, round(target_batch_ms / est))))
    # keep every set used equally often inside a batch when sets rotate
    if nsets > 1 and inner > nsets:
        inner = (inner // nsets) * nsets
    times = []
    for _ in range(batches):
        s.record()
        for _ in range(inner):
            fn(i % nsets)
            i += 1
        e.record()
        e.synchronize()
        times.append(s.elapsed_time(e) / inner)
    med = statistics.median(times)
    spread = (max(times) - min(times)) / med if med > 0 else 0.0
    return med, {"inner": inner, "batches": batches, "spread": round(spread, 4), "sets": nsets}


SAMPLER = None


def clocked(fn, *args, **kw):
    """bench() plus the median SM clock sampled while it ran."""
    t0 = time.time()
    t_ms, meta = bench(fn, *args, **kw)
    if SAMPLER is not None and SAMPLER.ok:
        meta.update(SAMPLER.between(t0, time.time()))
    return t_ms, meta


def graph_bench(op, nsets, reps=7):
    """Per-op device time (ms) with host launch cost removed: one CUDA graph holding one
    op per input set, replayed; the median of event-timed replays."""
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for i in range(min(nsets, 3)):
            op(i)
    torch.cuda.current_stream().wait_stream(s)
    torch.cuda.synchronize()
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        for i in range(nsets):
            op(i)
    t_ms, meta = bench(lambda i: g.replay(), batches=reps)
    del g
    return t_ms / nsets, meta


def n_sets(set_bytes, cap=512):
    return int(min(cap, max(1, math.ceil(ROTATE_BYTES / max(set_bytes, 1)))))


def check_cuda():
    torch.cuda.synchronize()


# ---------------------------------------------------------------- environment
def env_section(sampler):
    p = torch.cuda.get_device_properties(0)
    env = {
        "gpuName": torch.cuda.get_device_name(0),
        "capability": f"{p.major}.{p.minor}",
        "multiprocessors": p.multi_processor_count,
        "memoryGiB": round(p.total_memory / 2**30, 1),
        "l2MB": round(getattr(p, "L2_cache_size", 0) / 1e6, 1),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version(),
        "python": sys.version.split()[0],
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
    }
    try:
        import triton

        env["triton"] = triton.__version__
    except Exception:  # noqa: BLE001
        pass
    try:
        env["cublasLt"] = torch._C._cuda_getCompiledVersion()
    except Exception:  # noqa: BLE001
        pass
    env.update(sampler.static())
    RESULT["env"] = env


# ---------------------------------------------------------------- launch overhead
def launch_section():
    x = torch.zeros(1, device=DEV)
    # GPU-side time per tiny kernel when launched back to back (launch-rate bound)
    t_ms, meta = bench(lambda i: x.add_(1.0), target_batch_ms=10.0, max_inner=5000)
    out = {"eagerBackToBackUs": round(t_ms * 1e3, 2), "eagerMeta": meta}
    # host-side cost of one eager call (python + dispatcher + launch)
    for _ in range(200):
        x.add_(1.0)
    torch.cuda.synchronize()
    n = 5000
    t = time.perf_counter()
    for _ in range(n):
        x.add_(1.0)
    host = (time.perf_counter() - t) / n
    torch.cuda.synchronize()
    out["hostCallUs"] = round(host * 1e6, 2)
    # a sequence of 'empty' torch ops: views / no-op-ish ops on a tiny tensor
    y = torch.randn(8, device=DEV)

    def seq():
        a = y * 1.0
        b = a + 0.0
        c = b.relu()
        d = c.neg()
        return d.neg()

    for _ in range(50):
        seq()
    torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(1000):
        seq()
    torch.cuda.synchronize()
    out["emptyOpSequenceUsPerOp"] = round((time.perf_counter() - t) / 5000 * 1e6, 2)
    # launch + synchronize round trip, one tiny kernel
    lat = []
    for _ in range(500):
        t = time.perf_counter()
        x.add_(1.0)
        torch.cuda.synchronize()
        lat.append(time.perf_counter() - t)
    out["launchPlusSyncUs"] = round(statistics.median(lat) * 1e6, 2)
    # CUDA graph of 100 tiny kernels, replayed
    g = torch.cuda.CUDAGraph()
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3):
            x.add_(1.0)
    torch.cuda.current_stream().wait_stream(s)
    with torch.cuda.graph(g):
        for _ in range(100):
            x.add_(1.0)
    t_ms, _ = bench(lambda i: g.replay(), target_batch_ms=10.0, max_inner=500)
    out["graphPerKernelUs"] = round(t_ms * 1e3 / 100, 3)
    check_cuda()
    RESULT["launch"] = out


# ---------------------------------------------------------------- HBM
def hbm_section():
    sizes = [2**20 * (2**k) for k in range(0, 13)]  # 1 MiB .. 4 GiB
    for nbytes in sizes:
        if over_budget(f"hbm {nbytes}"):
            return
        try:
            numel = nbytes // 4
            # copy: source and destination per set; rotate so the span exceeds L2
            ns = n_sets(2 * nbytes, cap=256)
            srcs = [torch.randn(numel, device=DEV) for _ in range(ns)]
            dsts = [torch.empty(numel, device=DEV) for _ in range(ns)]
            t_ms, meta = bench(lambda i: dsts[i].copy_(srcs[i]), nsets=ns)
            moved = 2 * nbytes
            gbps = moved / (t_ms * 1e-3) / 1e9
            row = {"bytes": nbytes, "bytesMoved": moved, "us": round(t_ms * 1e3, 2),
                   "gbps": round(gbps, 1), "efficiency": round(gbps / HBM_SPEC_GBPS, 4), **meta}
            try:
                tg, _ = graph_bench(lambda i: dsts[i].copy_(srcs[i]), ns)
                gg = moved / (tg * 1e-3) / 1e9
                row.update({"graphUs": round(tg * 1e3, 2), "graphGbps": round(gg, 1),
                            "graphEfficiency": round(gg / HBM_SPEC_GBPS, 4)})
            except Exception as e:  # noqa: BLE001
                row["graphError"] = f"{type(e).__name__}: {str(e)[:200]}"
            RESULT["hbm"]["copy"].append(row)
            del dsts
            # read-only reduction (sum of fp32): bytes read once
            rsets = n_sets(nbytes, cap=256)
            srcs = srcs[:rsets] + [torch.randn(numel, device=DEV) for _ in range(rsets - len(srcs))]
            t_ms, meta = bench(lambda i: srcs[i].sum(), nsets=rsets)
            gbps = nbytes / (t_ms * 1e-3) / 1e9
            row = {"bytes": nbytes, "bytesMoved": nbytes, "us": round(t_ms * 1e3, 2),
                   "gbps": round(gbps, 1), "efficiency": round(gbps / HBM_SPEC_GBPS, 4), **meta}
            try:
                sums = torch.empty(rsets, device=DEV)
                tg, _ = graph_bench(lambda i: torch.sum(srcs[i], dim=0, out=sums[i]), rsets)
                gg = nbytes / (tg * 1e-3) / 1e9
                row.update({"graphUs": round(tg * 1e3, 2), "graphGbps": round(gg, 1),
                            "graphEfficiency": round(gg / HBM_SPEC_GBPS, 4)})
            except Exception as e:  # noqa: BLE001
                row["graphError"] = f"{type(e).__name__}: {str(e)[:200]}"
            RESULT["hbm"]["read"].append(row)
            del srcs
            check_cuda()
        except Exception as e:  # noqa: BLE001
            RESULT["errors"].append(f"hbm {nbytes}: {e!r}")
        torch.cuda.empty_cache()


# ---------------------------------------------------------------- GEMM
FP8 = getattr(torch, "float8_e4m3fn", None)


def make_fp8(shape):
    t = torch.randn(*shape, device=DEV, dtype=torch.bfloat16)
    amax = t.abs().max().float()
    scale = (448.0 / amax).clamp(max=1e4)
    q = (t.float() * scale).to(FP8)
    return q, (1.0 / scale).reshape(()).contiguous()


def gemm_one(dtype, m, n, k, kind, fast_accum=False):
    """Times C[m,n] = A[m,k] @ W[n,k]^T (the nn.Linear layout, 'TN')."""
    elt = 2 if dtype == "bf16" else 1
    set_bytes = (m * k + n * k) * elt
    ns = n_sets(set_bytes, cap=128)
    flops = 2.0 * m * n * k
    row = {"m": m, "n": n, "k": k, "kind": kind, "flops": flops}
    if dtype == "bf16":
        As = [torch.randn(m, k, device=DEV, dtype=torch.bfloat16) for _ in range(ns)]
        Ws = [torch.randn(n, k, device=DEV, dtype=torch.bfloat16) for _ in range(ns)]
        C = torch.empty(m, n, device=DEV, dtype=torch.bfloat16)

        def fn(i):
            torch.matmul(As[i], Ws[i].t(), out=C)
    else:
        As, Ws, sa, sw = [], [], [], []
        for _ in range(ns):
            a, s1 = make_fp8((m, k))
            w, s2 = make_fp8((n, k))
            As.append(a)
            Ws.append(w)
            sa.append(s1)
            sw.append(s2)

        def fn(i):
            torch._scaled_mm(As[i], Ws[i].t(), scale_a=sa[i], scale_b=sw[i],
                             out_dtype=torch.bfloat16, use_fast_accum=fast_accum)
    try:
        t_ms, meta = clocked(fn, nsets=ns)
    except Exception as e:  # noqa: BLE001
        msg = str(e).split("\n")[0][:300]
        row.update({"error": f"{type(e).__name__}: {msg}"})
        return row
    tflops = flops / (t_ms * 1e-3) / 1e12
    bytes_moved = (m * k + n * k) * elt + m * n * 2
    row.update({
        "us": round(t_ms * 1e3, 2),
        "tflops": round(tflops, 1),
        "efficiency": round(tflops / PEAK_TFLOPS[dtype], 4),
        "bytes": bytes_moved,
        "gbps": round(bytes_moved / (t_ms * 1e-3) / 1e9, 1),
        "hbmEfficiency": round(bytes_moved / (t_ms * 1e-3) / 1e9 / HBM_SPEC_GBPS, 4),
        **meta,
    })
    return row


def safe_gemm(dtype, m, n, k, kind, fast_accum=False):
    try:
        return gemm_one(dtype, m, n, k, kind, fast_accum)
    except Exception as e:  # noqa: BLE001
        return {"m": m, "n": n, "k": k, "kind": kind, "flops": 2.0 * m * n * k,
                "error": f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"}
    finally:
        torch.cuda.empty_cache()


def gemm_accuracy():
    out = {}
    m = n = k = 1024
    a = torch.randn(m, k, device=DEV, dtype=torch.bfloat16)
    w = torch.randn(n, k, device=DEV, dtype=torch.bfloat16)
    ref = a.double() @ w.double().t()
    c = (a @ w.t()).double()
    out["bf16RelErr"] = float((c - ref).norm() / ref.norm())
    try:
        qa, sa = make_fp8((m, k))
        qw, sw = make_fp8((n, k))
        ref8 = (qa.double() * sa.double()) @ (qw.double() * sw.double()).t()
        c8 = torch._scaled_mm(qa, qw.t(), scale_a=sa, scale_b=sw, out_dtype=torch.bfloat16).double()
        out["fp8RelErrVsDequantizedInputs"] = float((c8 - ref8).norm() / ref8.norm())
        c8f = torch._scaled_mm(qa, qw.t(), scale_a=sa, scale_b=sw, out_dtype=torch.bfloat16,
                               use_fast_accum=True).double()
        out["fp8FastAccumRelErr"] = float((c8f - ref8).norm() / ref8.norm())
    except Exception as e:  # noqa: BLE001
        out["fp8Error"] = f"{type(e).__name__}: {str(e)[:300]}"
    RESULT["gemm"]["accuracy"] = out


SQUARE = [256, 512, 1024, 2048, 3072, 4096, 6144, 8192, 12288, 16384]
TOKENS = [1, 8, 32, 128, 512, 2048, 8192, 32768]
PROJ = [(4096, 4096), (4096, 14336), (14336, 4096), (8192, 8192), (8192, 28672),
        (16384, 16384), (7168, 2048), (2048, 7168), (12288, 6144)]  # (K, N)


def gemm_burst():
    """8192^3 right after an idle pause, few reps: the figure before the power cap bites."""
    out = []
    for dtype in ("bf16", "fp8"):
        time.sleep(4.0)
        m = n = k = 8192
        if dtype == "bf16":
            a = torch.randn(m, k, device=DEV, dtype=torch.bfloat16)
            w = torch.randn(n, k, device=DEV, dtype=torch.bfloat16)
            fn = lambda i: torch.matmul(a, w.t())  # noqa: E731
        else:
            a, sa = make_fp8((m, k))
            w, sw = make_fp8((n, k))
            fn = lambda i: torch._scaled_mm(a, w.t(), scale_a=sa, scale_b=sw, out_dtype=torch.bfloat16)  # noqa: E731
        torch.cuda.synchronize()
        t_ms, meta = clocked(fn, target_batch_ms=5.0, batches=5, warm_ms=5.0)
        tf = 2.0 * m * n * k / (t_ms * 1e-3) / 1e12
        out.append({"dtype": dtype, "m": m, "n": n, "k": k, "flops": 2.0 * m * n * k, "us": round(t_ms * 1e3, 1),
                    "tflops": round(tf, 1), "efficiency": round(tf / PEAK_TFLOPS[dtype], 4), **meta})
        del a, w
    RESULT["gemm"]["burst"] = out


def gemm_section():
    gemm_accuracy()
    try:
        gemm_burst()
    except Exception as e:  # noqa: BLE001
        RESULT["errors"].append(f"gemm burst: {e!r}")
    for dtype in ("bf16", "fp8"):
        for s in SQUARE:
            if over_budget(f"gemm {dtype} square {s}"):
                return
            RESULT["gemm"][dtype].append(safe_gemm(dtype, s, s, s, "square"))
            if dtype == "fp8":
                RESULT["gemm"]["fp8FastAccum"].append(safe_gemm(dtype, s, s, s, "square", fast_accum=True))
            torch.cuda.empty_cache()
        save()
    for dtype in ("bf16", "fp8"):
        for (k, n) in PROJ:
            for m in TOKENS:
                if over_budget(f"gemm {dtype} m{m} k{k} n{n}"):
                    return
                row = safe_gemm(dtype, m, n, k, "projection")
                if dtype == "fp8" and "error" in row and m % 16:
                    # cuBLASLt fp8 wants dims divisible by 16: time the padded product too
                    mp = 16 * math.ceil(m / 16)
                    padded = safe_gemm(dtype, mp, n, k, "projection")
                    if "error" not in padded:
                        row["paddedTo"] = mp
                        row["paddedUs"] = padded["us"]
                        eff_t = row["flops"] / (padded["us"] * 1e-6) / 1e12
                        row["paddedUsefulTflops"] = round(eff_t, 2)
                RESULT["gemm"][dtype].append(row)
                torch.cuda.empty_cache()
            save()


# ---------------------------------------------------------------- attention
def sdpa_backends():
    from torch.nn.attention import SDPBackend

    out = [("flash", SDPBackend.FLASH_ATTENTION)]
    if hasattr(SDPBackend, "CUDNN_ATTENTION"):
        out.append(("cudnn", SDPBackend.CUDNN_ATTENTION))
    return out


def attention_section():
    from torch.nn.attention import sdpa_kernel

    d = 128
    configs = [(b, h, s) for s in (2048, 4096, 8192) for h in (32, 64) for b in (1, 2, 4)]
    for name, be in sdpa_backends():
        for (b, h, s) in configs:
            if over_budget(f"attention {name} b{b} h{h} s{s}"):
                return
            fwd_flops = 4.0 * b * h * s * s * d / 2
            row = {"backend": name, "batch": b, "heads": h, "seq": s, "headDim": d, "causal": True,
                   "fwdFlops": fwd_flops, "fwdBwdFlops": 3.5 * fwd_flops}
            try:
                q, k, v = (torch.randn(b, h, s, d, device=DEV, dtype=torch.bfloat16, requires_grad=True)
                           for _ in range(3))
                go = torch.randn(b, h, s, d, device=DEV, dtype=torch.bfloat16)
                with sdpa_kernel(be):
                    def fwd(i):
                        with torch.no_grad():
                            F.scaled_dot_product_attention(q, k, v, is_causal=True)

                    t_ms, meta = clocked(fwd, target_batch_ms=15.0, batches=5)
                    tf = fwd_flops / (t_ms * 1e-3) / 1e12
                    row.update({"fwdUs": round(t_ms * 1e3, 1), "fwdTflops": round(tf, 1),
                                "fwdEfficiency": round(tf / PEAK_TFLOPS["bf16"], 4), "fwdSpread": meta["spread"],
                                "fwdSmMHz": meta.get("smMHz")})

                    def fwdbwd(i):
                        o = F.scaled_dot_product_attention(q, k, v, is_causal=True)
                        torch.autograd.grad(o, (q, k, v), go)

                    t_ms, meta = clocked(fwdbwd, target_batch_ms=15.0, batches=5)
                    tf = 3.5 * fwd_flops / (t_ms * 1e-3) / 1e12
                    row.update({"fwdBwdUs": round(t_ms * 1e3, 1), "fwdBwdTflops": round(tf, 1),
                                "fwdBwdEfficiency": round(tf / PEAK_TFLOPS["bf16"], 4),
                                "fwdBwdSpread": meta["spread"], "fwdBwdSmMHz": meta.get("smMHz")})
                del q, k, v, go
            except Exception as e:  # noqa: BLE001
                row["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"
            RESULT["attention"]["prefill"].append(row)
            torch.cuda.empty_cache()
        save()


def decode_section():
    from torch.nn.attention import SDPBackend, sdpa_kernel

    b, ctx, kvh, d = 64, 4096, 8, 128
    for qh in (32, 64):
        kv_bytes = 2 * b * kvh * ctx * d * 2
        ns = n_sets(kv_bytes, cap=8)
        qs = [torch.randn(b, qh, 1, d, device=DEV, dtype=torch.bfloat16) for _ in range(ns)]
        ks = [torch.randn(b, kvh, ctx, d, device=DEV, dtype=torch.bfloat16) for _ in range(ns)]
        vs = [torch.randn(b, kvh, ctx, d, device=DEV, dtype=torch.bfloat16) for _ in range(ns)]
        flops = 4.0 * b * qh * ctx * d
        variants = [("sdpa-gqa-default", None), ("sdpa-gqa-flash", SDPBackend.FLASH_ATTENTION),
                    ("sdpa-gqa-efficient", SDPBackend.EFFICIENT_ATTENTION),
                    ("sdpa-gqa-cudnn", getattr(SDPBackend, "CUDNN_ATTENTION", None)),
                    ("sdpa-gqa-math", SDPBackend.MATH), ("grouped-matmul", "bmm")]
        g = qh // kvh
        for name, be in variants:
            if over_budget(f"decode {name} qh{qh}"):
                return
            row = {"variant": name, "batch": b, "queryHeads": qh, "kvHeads": kvh, "context": ctx, "headDim": d,
                   "kvBytes": kv_bytes, "flops": flops}
            try:
                if be == "bmm":
                    def fn(i):
                        q = qs[i].view(b, kvh, g, d)
                        sc = torch.matmul(q, ks[i].transpose(-1, -2)) * (d ** -0.5)
                        torch.matmul(torch.softmax(sc.float(), -1).to(torch.bfloat16), vs[i])
                    t_ms, meta = bench(fn, nsets=ns)
                elif be is None:
                    def fn(i):
                        F.scaled_dot_product_attention(qs[i], ks[i], vs[i], enable_gqa=True)
                    t_ms, meta = bench(fn, nsets=ns)
                else:
                    with sdpa_kernel(be):
                        def fn(i):
                            F.scaled_dot_product_attention(qs[i], ks[i], vs[i], enable_gqa=True)
                        t_ms, meta = bench(fn, nsets=ns)
                gbps = kv_bytes / (t_ms * 1e-3) / 1e9
                row.update({"us": round(t_ms * 1e3, 1), "gbps": round(gbps, 1),
                            "hbmEfficiency": round(gbps / HBM_SPEC_GBPS, 4), "spread": meta["spread"]})
            except Exception as e:  # noqa: BLE001
                row["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"
            RESULT["attention"]["decode"].append(row)
            torch.cuda.empty_cache()
        del qs, ks, vs
        save()


# ---------------------------------------------------------------- summary
def summary():
    P = print
    e = RESULT["env"]
    P(f"\n== {e.get('gpuName')} torch {e.get('torch')} cuda {e.get('cuda')} driver {e.get('driver')} "
      f"SMs {e.get('multiprocessors')} L2 {e.get('l2MB')}MB power limit {e.get('powerLimitW')}W")
    for sec, c in RESULT["clocks"].items():
        P(f"clocks {sec:10s} sm {c['smMHz']} mem {c['memMHz']} maxW {c['powerWMax']} maxC {c['tempCMax']} "
          f"thr {c['throttleReasonMasks']}")
    P("launch", json.dumps({k: v for k, v in RESULT["launch"].items() if not k.endswith("Meta")}))
    P("hbm  bytes        copyGB/s eff  graph eff   readGB/s eff  graph eff")
    for c, r in zip(RESULT["hbm"]["copy"], RESULT["hbm"]["read"]):
        P(f"     {c['bytes']:>11d} {c['gbps']:8.0f} {c['efficiency']:.2f} {c.get('graphGbps', 0):6.0f} "
          f"{c.get('graphEfficiency', 0):.2f} {r['gbps']:8.0f} {r['efficiency']:.2f} {r.get('graphGbps', 0):6.0f} "
          f"{r.get('graphEfficiency', 0):.2f} {c.get('graphError', '')[:60]} {r.get('graphError', '')[:60]}")
    for dt in ("bf16", "fp8", "fp8FastAccum"):
        P(f"gemm {dt}: m n k -> TFLOP/s eff")
        for r in RESULT["gemm"][dt]:
            if "error" in r:
                P(f"  {r['m']:>6} {r['n']:>6} {r['k']:>6} ERROR {r['error'][:90]} padded {r.get('paddedUs')}")
            else:
                P(f"  {r['m']:>6} {r['n']:>6} {r['k']:>6} {r['tflops']:7.1f} {r['efficiency']:.3f} "
                  f"{r['gbps']:7.0f}GB/s sp{r['spread']:.2f} {r.get('smMHz')}MHz")
    P("gemm accuracy", RESULT["gemm"]["accuracy"])
    P("gemm burst", RESULT["gemm"].get("burst"))
    P("attention prefill backend b h s -> fwd TF eff | fwdbwd TF eff")
    for r in RESULT["attention"]["prefill"]:
        if "error" in r:
            P(f"  {r['backend']} {r['batch']} {r['heads']} {r['seq']} ERROR {r['error'][:100]}")
        else:
            P(f"  {r['backend']:5s} {r['batch']} {r['heads']:>2} {r['seq']:>5} {r['fwdTflops']:6.1f} "
              f"{r['fwdEfficiency']:.3f} | {r['fwdBwdTflops']:6.1f} {r['fwdBwdEfficiency']:.3f}")
    P("decode attention")
    for r in RESULT["attention"]["decode"]:
        P(f"  {r['variant']:20s} qh{r['queryHeads']} {r.get('us')}us {r.get('gbps')}GB/s {r.get('error', '')[:100]}")
    P("errors", RESULT["errors"])
    P("skipped", RESULT["skipped"])
    P(f"elapsed {elapsed():.1f}s")


def main():
    torch.manual_seed(0)
    torch.backends.cuda.matmul.allow_tf32 = False
    global SAMPLER
    sampler = Sampler()
    SAMPLER = sampler
    env_section(sampler)
    save()
    sections = [("launch", launch_section), ("hbm", hbm_section), ("gemm", gemm_section),
                ("attention", attention_section), ("decode", decode_section)]
    only = os.environ.get("MEASURE_ONLY")
    for name, fn in sections:
        if only and name not in only.split(","):
            continue
        if over_budget(name):
            continue
        sampler.section = name
        t = time.time()
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            RESULT["errors"].append(f"{name}: {e!r}\n{traceback.format_exc()[-800:]}")
        RESULT.setdefault("sectionSeconds", {})[name] = round(time.time() - t, 1)
        sampler.section = "idle"
        RESULT["clocks"] = sampler.summary()
        save()
        print(f"[{elapsed():6.1f}s] {name} done", flush=True)
    sampler.stop = True
    RESULT["clocks"] = sampler.summary()
    save()
    summary()


if __name__ == "__main__":
    main()
