#!/usr/bin/python3
"""Peers for the benchmarks of docs/performance.md (issue 13), timed the way
internal/bench times Go code: many short windows on one thread, reporting
the median of the thread's CPU time per operation (time.thread_time), so
that a busy machine inflates neither side. Run with /usr/bin/python3 (Debian's
numpy and torch); unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for numpy.

usage: peers.py vecmath N | sumchain N | matmul | mlp | fib | chain
"""
import sys, time


def timed_windows(f, clock, total=0.3, window=0.002):
    """Per-call times, sorted, over windows of about `window` seconds of
    `clock`, until `total` seconds and at least seven windows."""
    per = 1
    while True:
        c = clock()
        for _ in range(per):
            f()
        if clock() - c >= window / 2:
            break
        per *= 2
    times, spent = [], 0.0
    while len(times) < 7 or spent < total:
        c = clock()
        for _ in range(per):
            f()
        d = clock() - c
        spent += d
        times.append(d / per)
    times.sort()
    return times


def windows(f, total=0.3, window=0.002):
    """The median thread CPU time per call."""
    times = timed_windows(f, time.thread_time, total, window)
    return times[len(times) // 2]


def vecmath(n):
    import numpy as np
    rng = np.random.default_rng(1)
    x = rng.uniform(-5, 5, n)
    pos = np.abs(x) + 0.1
    y = rng.uniform(-2, 2, n)
    for dt in (np.float64, np.float32):
        a, p, yy = x.astype(dt), pos.astype(dt), y.astype(dt)
        out = np.empty_like(a)
        cases = [("exp", lambda: np.exp(a, out=out)), ("log", lambda: np.log(p, out=out)),
                 ("sin", lambda: np.sin(a, out=out)), ("cos", lambda: np.cos(a, out=out)),
                 ("tan", lambda: np.tan(a, out=out)), ("tanh", lambda: np.tanh(a, out=out)),
                 ("logistic", lambda: np.divide(1, 1 + np.exp(-a), out=out)),
                 ("sqrt", lambda: np.sqrt(p, out=out)), ("pow", lambda: np.power(p, yy, out=out))]
        for name, f in cases:
            print("numpy %s %s %.3f ns/elem" % (dt.__name__, name, windows(f) * 1e9 / n))


def wall_windows(f, total=0.3, window=0.002):
    """The fastest and median wall time per call over short windows."""
    walls = timed_windows(f, time.perf_counter, total, window)
    return walls[0], walls[len(walls) // 2]


def sumchain(n):
    import numpy as np
    x = np.random.default_rng(2).uniform(-3, 3, n)
    f = lambda: np.sum(np.tanh(np.log(np.exp(x) + 1.0)) + np.sin(x))
    t = windows(f, total=1)
    best, wall = wall_windows(f)
    print("numpy sum(tanh(log(exp(x)+1))+sin(x)) n=%d %.3f ms (wall: best %.3f ms, median %.3f ms)" % (n, t * 1e3, best * 1e3, wall * 1e3))


def matmul():
    import torch
    torch.set_num_threads(1)
    for n in (64, 256, 512, 1024):
        a32, b32 = torch.randn(n, n), torch.randn(n, n)
        am, bm = a32.to_mkldnn(), b32.to_mkldnn()
        t = windows(lambda: torch.nn.functional.linear(am, bm))
        print("torch onednn f32 n=%d %.1f GFLOP/s" % (n, 2 * n ** 3 / t / 1e9))
        t = windows(lambda: torch.mm(a32, b32))
        print("torch mm f32 n=%d %.1f GFLOP/s" % (n, 2 * n ** 3 / t / 1e9))
        a64, b64 = a32.double(), b32.double()
        t = windows(lambda: torch.mm(a64, b64))
        print("torch mm f64 n=%d %.1f GFLOP/s" % (n, 2 * n ** 3 / t / 1e9))


def fib():
    def f(n):
        return n if n < 2.0 else f(n - 1.0) + f(n - 2.0)
    print("cpython fib(20.0) %.3f ms" % (windows(lambda: f(20.0), total=1) * 1e3))


def chain():
    # 1000 scalar operations: x = x * 1.0000001 + 0.5 - 0.25 ... (as lang's benchmark)
    def g(x):
        for _ in range(250):
            x = x * 1.0000001
            x = x + 0.5
            x = x - 0.25
            x = x / 1.0000001
        return x
    print("cpython 1000-op chain %.3f us" % (windows(lambda: g(1.5), total=1) * 1e6))



def mlp():
    import torch
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    xs = torch.rand(256, 2, generator=g, dtype=torch.float64)
    ys = torch.rand(256, generator=g, dtype=torch.float64)
    w1 = torch.tensor([[0.5, -0.4, 0.3], [-0.2, 0.6, 0.1]], dtype=torch.float64, requires_grad=True)
    b1 = torch.tensor([0.0, 0.1, -0.1], dtype=torch.float64, requires_grad=True)
    w2 = torch.tensor([0.7, -0.5, 0.2], dtype=torch.float64, requires_grad=True)
    b2 = torch.tensor(0.05, dtype=torch.float64, requires_grad=True)

    def step():
        h = torch.tanh(xs @ w1 + b1)
        loss = torch.mean((h @ w2 + b2 - ys) ** 2)
        return torch.autograd.grad(loss, (w1, b1, w2, b2))
    print("torch mlp grad batch 256 %.1f us" % (windows(step, total=1) * 1e6))


if __name__ == "__main__":
    what = sys.argv[1]
    if what in ("vecmath", "sumchain"):
        globals()[what](int(sys.argv[2]))
    else:
        globals()[what]()
