"""The side-by-side benchmark (issue 7): the same claims, the same
four-layer policy (guangxi-2017), every implementation checked to give
hpr's answers to the fen before it is timed.

  1. C, one claim at a time (explanations off and on)    } bench/settle_bench.c
  2. C, the columnar batch on 1 thread and on every core }
  3. Python Policy.settle_frame
  4. vectorised pandas/numpy (bench/baselines/pandas_guangxi.py)
  5. GoRules ZEN, claim by claim (bench/baselines/zen_guangxi.*; needs node
     and `npm install @gorules/zen-engine`, which scripts/bench does)
  6. policy load and compile; the hpr command's throughput and peak memory

usage: compare.py BUILD_DIR [N_CLAIMS] [--zen-claims N] [--no-zen]
(scripts/bench runs it with the defaults.)"""
import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "baselines"))
import pandas_guangxi  # noqa: E402


def best_of(fn, runs=3):
    """The best wall time of `runs` calls, the last result, and the kernel
    (system) CPU time of that best call: mostly the kernel handing the
    process fresh memory (zeroed pages) for the call's new arrays."""
    best, best_sys, out = float("inf"), 0.0, None
    for _ in range(runs):
        out = None  # the previous result is freed first, as a caller's would be
        r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        out = fn()
        dt, r1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
        if dt < best:
            best, best_sys = dt, r1.ru_stime - r0.ru_stime
    best_of.sys = best_sys
    return best, out


# glibc: keep freed blocks in the process instead of returning them to the kernel
KEEP_FREED = "glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=1073741824"


def interleaved(policy, claims, persons, columns, rounds=5):
    """Best times of the C batch (hpr_settle_columns, all cores, GIL
    released) on exactly the columns settle_frame hands it, its result
    arrays reused, and of settle_frame itself, alternated ``rounds`` times
    so the machine's drift falls on both alike."""
    import hpr.frames as frames
    real, captured = frames._core.py_settle_columns, []
    frames._core.py_settle_columns = lambda *a: captured.append(a) or real(*a)
    try:
        policy.settle_frame(claims, persons, columns=columns)
    finally:
        frames._core.py_settle_columns = real
    t_c = t_py = float("inf")
    interleaved.sys = 0.0  # the kernel's CPU time in settle_frame's best round
    for _ in range(rounds):
        t0 = time.perf_counter()
        real(*captured[0])
        t_c = min(t_c, time.perf_counter() - t0)
        r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        frame = policy.settle_frame(claims, persons, columns=columns)
        dt, r1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
        if dt < t_py:
            t_py, interleaved.sys = dt, r1.ru_stime - r0.ru_stime
        frame = None  # noqa: F841  freed before the next call, as a caller's would be
    return t_c, t_py


def interleave_only(build, prefix):
    """The child of 3d: every column and the three, interleaved, as JSON."""
    import hpr
    policy = hpr.Policy.load(os.path.join(ROOT, "policies", "guangxi-2017.json"))
    persons, claims = pd.read_csv(prefix + "-persons.csv"), pd.read_csv(prefix + "-claims.csv")
    every = interleaved(policy, claims, persons, None)
    three = interleaved(policy, claims, persons, ["paid_fen", "patient_fen"])
    print(json.dumps({"every": every, "three": three}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("claims", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--zen-claims", type=int, default=20_000)
    ap.add_argument("--no-zen", action="store_true")
    ap.add_argument("--interleave", metavar="PREFIX", help=argparse.SUPPRESS)
    args = ap.parse_args()
    build, n = os.path.abspath(args.build), args.claims
    sys.path.insert(0, os.path.join(build, "python"))
    import hpr
    if args.interleave:
        return interleave_only(build, args.interleave)

    policy_path = os.path.join(ROOT, "policies", "guangxi-2017.json")
    work = tempfile.mkdtemp(prefix="hpr-bench-")
    try:
        prefix = os.path.join(work, "b")
        # 1, 2, 6a: the C figures, on claims it also writes out as CSV
        c_out = subprocess.run([os.path.join(build, "bench", "hpr_settle_bench"), policy_path, str(n), "2019",
                                "--csv", prefix], check=True, capture_output=True, text=True).stdout
        persons = pd.read_csv(prefix + "-persons.csv")
        claims = pd.read_csv(prefix + "-claims.csv")
        expected = pd.read_csv(prefix + "-expected.csv")
        want = expected.paid_fen.to_numpy()

        # 3: Python settle_frame
        policy = hpr.Policy.load(policy_path)
        t_py, frame = best_of(lambda: policy.settle_frame(claims, persons))
        sys_py = best_of.sys
        bad_py = int((frame.paid_fen.to_numpy() != want).sum() + (frame.status != "ok").sum())
        # 3b: the same with the columns the three-column C batch writes
        # (status, paid, patient): like for like with that line
        t_py3, frame = best_of(lambda: policy.settle_frame(claims, persons, columns=["paid_fen", "patient_fen"]))
        sys_py3 = best_of.sys
        bad_py3 = int((frame.paid_fen.to_numpy() != want).sum() + (frame.status != "ok").sum()
                      + (frame.patient_fen.to_numpy() != expected.patient_fen.to_numpy()).sum())
        frame = None
        # 3c: the machine's speed drifts between minutes, so the ratio is
        # also measured interleaved in one process
        t_cb, t_pf = interleaved(policy, claims, persons, ["paid_fen", "patient_fen"])
        sys_pf = interleaved.sys
        # 3d: every column, interleaved, in a child process where glibc keeps
        # the memory freed between calls (GLIBC_TUNABLES): what is left once
        # the kernel no longer faults ~120 MB of fresh pages in on each call
        kept = json.loads(subprocess.run(
            [sys.executable, os.path.abspath(__file__), build, str(n), "--interleave", prefix],
            check=True, capture_output=True, text=True, env=dict(os.environ, GLIBC_TUNABLES=KEEP_FREED)).stdout)

        # 4: pandas
        t_pd, ref = best_of(lambda: pandas_guangxi.settle(claims, persons))
        bad_pd = int((ref.paid_fen.to_numpy() != want).sum())

        # 5: ZEN
        zen = None
        zen_dir = os.path.join(build, "bench-zen")
        if not args.no_zen and shutil.which("node") and os.path.isdir(
                os.path.join(zen_dir, "node_modules", "@gorules", "zen-engine")):
            for f in ("zen_guangxi.js", "zen_guangxi.json"):
                shutil.copy(os.path.join(HERE, "baselines", f), zen_dir)
            zen = json.loads(subprocess.run(
                ["node", os.path.join(zen_dir, "zen_guangxi.js"), prefix + "-persons.csv", prefix + "-claims.csv",
                 prefix + "-expected.csv", str(args.zen_claims)], check=True, capture_output=True,
                text=True).stdout)

        # 6b: the hpr command over the same CSV; its own peak memory is read
        # by a small parent process that runs nothing else
        cmd = [os.path.join(build, "cli", "hpr"), "settle", "--policy", policy_path, "--persons",
               prefix + "-persons.csv", "--claims", prefix + "-claims.csv", "-o", os.devnull, "--quiet"]
        probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
                 "rc = subprocess.run(sys.argv[1:]).returncode; t = time.perf_counter() - t; "
                 "print(rc, t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        rc, t_cli, rss_kb = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, capture_output=True,
                                           text=True).stdout.split()
        cli_rc, t_cli, rss_mb = int(rc), float(t_cli), int(rss_kb) / 1024
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def figure(line_start):  # a line of settle_bench's report
        for line in c_out.splitlines():
            if line.strip().startswith(line_start):
                return line.strip()
        return "?"

    cps = {}
    for line in c_out.splitlines():
        if "hpr_settle_columns" in line:
            cps["1" if "1 thread" in line else "all"] = float(line.split("columns")[1].split()[2 if "1 thread" in line else 2])
    full = figure("every result column")
    cps["full"] = float(full.split("threads")[1].split()[0]) if full != "?" else 0.0
    fresh = figure("the same into fresh memory")
    cps["fresh"] = float(fresh.split("memory")[1].split()[0]) if fresh != "?" else 0.0
    ns_one = float(figure("hpr_settle, explain off").split()[3])
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"policy guangxi-2017 (4 layers), {n} claims of {len(persons)} persons, every answer checked equal to hpr's\n")
    print(f"  {figure('policy load')}")
    print(f"  {figure('hpr_settle, explain off')}")
    print(f"  {figure('hpr_settle, explain on')}")
    for line in c_out.splitlines():
        if "hpr_settle_columns" in line or "every result column" in line or "into fresh memory" in line:
            print(f"  {line.strip()}")
    print(f"  Python settle_frame          {n / t_py / 1e6:8.2f} M claims/s  ({bad_py} differences; "
          f"{t_py * 1e3:.0f} ms, of which the kernel {sys_py * 1e3:.0f} ms CPU on fresh memory)")
    print(f"  the same, columns=[paid, patient] {n / t_py3 / 1e6:5.2f} M claims/s  ({bad_py3} differences; "
          f"{t_py3 * 1e3:.0f} ms, kernel {sys_py3 * 1e3:.0f} ms: what the three-column C batch writes)")
    print(f"  interleaved, 5 rounds: the C batch on settle_frame's own columns {n / t_cb / 1e6:.2f} M claims/s, "
          f"settle_frame(columns=[paid, patient]) {n / t_pf / 1e6:.2f} M claims/s (kernel {sys_pf * 1e3:.0f} ms)")
    print(f"  the same, glibc keeping freed memory: three columns C {n / kept['three'][0] / 1e6:.2f} / Python "
          f"{n / kept['three'][1] / 1e6:.2f} M claims/s; every column C {n / kept['every'][0] / 1e6:.2f} / Python "
          f"{n / kept['every'][1] / 1e6:.2f} M claims/s")
    print(f"  pandas/numpy vectorised      {n / t_pd / 1e6:8.2f} M claims/s  ({bad_pd} differences)")
    if zen:
        print(f"  GoRules ZEN, claim by claim  {zen['per_second'] / 1e3:8.2f} k evaluations/s ({zen['evaluations']} "
              f"claims, {zen['mismatches']} differences)")
    else:
        print("  GoRules ZEN                  not run (no node or no @gorules/zen-engine; scripts/bench installs it)")
    print(f"  hpr settle (CSV in and out)  {n / t_cli / 1e6:8.2f} M claims/s, peak RSS {rss_mb:.1f} MB"
          f" (exit {cli_rc})")
    print()
    c1, call = cps.get("1", 0) * 1e6, cps.get("all", 0) * 1e6
    print("ratios:")
    print(f"  C batch (all cores) / Python settle_frame: {call / (n / t_py):6.1f}x   (target <= 2)")
    print(f"  the same, settle_frame(columns=[paid, patient]): {call / (n / t_py3):4.1f}x   "
          "(like for like: the same three columns)")
    print(f"  the same, interleaved in one process:      {t_pf / t_cb:6.1f}x   "
          "(like for like, the machine's drift cancelled)")
    print(f"  every column, interleaved, memory kept:    {kept['every'][1] / kept['every'][0]:6.1f}x   "
          "(like for like with every column, without the kernel's fresh pages)")
    print(f"  the same, C writing every result column:   {cps['full'] * 1e6 / (n / t_py):6.1f}x   "
          "(like for like: settle_frame returns them all)")
    print(f"  the same, into fresh memory each run:      {cps['fresh'] * 1e6 / (n / t_py):6.1f}x   "
          "(as settle_frame must: its result is new arrays)")
    print(f"  C batch 1 thread / pandas:                 {c1 / (n / t_pd):6.1f}x   (target >= 10)")
    print(f"  C batch all cores / pandas:                {call / (n / t_pd):6.1f}x")
    if zen:
        print(f"  C one claim / ZEN one evaluation:          {1e9 / ns_one / zen['per_second']:6.0f}x   (target >= 100)")
    bad = bad_py + bad_py3 + bad_pd + (zen["mismatches"] if zen else 0) + (cli_rc != 0)
    if bad:
        sys.exit("some implementation disagrees with hpr: the timings above are not comparable")


if __name__ == "__main__":
    main()
