"""hpr.dask against single-process settle_frame, side by side in one run
(docs/performance.md "Dask"): a synthetic population written partitioned
by person (python -m hpr.synthetic), then

  single       pandas reads every CSV, Policy.settle_frame (threads=1, then 2)
  dask N       a LocalCluster of N worker processes (one thread each):
               read_csv + hpr.dask.settle_frame, already partitioned by
               person (no shuffle), then the same with the shuffle on
               person_id, which states what the shuffle costs.

Each figure is the best of --repeat runs, claims per second of wall time
including the CSV read (the settle alone is shown for the single process).

usage: PYTHONPATH=build/python /usr/bin/python3 bench/dask_bench.py [--persons N] [--partitions K]
"""
import argparse
import os
import tempfile
import time

import dask.dataframe as dd
import distributed
import pandas as pd

import hpr
import hpr.dask
import hpr.synthetic

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=333_000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--policy", default=os.path.join(ROOT, "policies", "normalised-2021.json"))
    a = ap.parse_args()
    policy = hpr.Policy.load(a.policy)
    with tempfile.TemporaryDirectory() as d:
        n_persons, n_claims = hpr.synthetic.write_partitioned(d, a.persons, a.partitions, seed=1)
        claims_glob, persons_glob = os.path.join(d, "claims", "*.csv"), os.path.join(d, "persons", "*.csv")
        print(f"{n_claims} claims of {n_persons} persons in {a.partitions} partitions, policy {policy.id}, "
              f"{os.cpu_count()} CPUs")
        rows = []

        def read_all():
            files = sorted(os.listdir(os.path.join(d, "claims")))
            c = pd.concat([pd.read_csv(os.path.join(d, "claims", f)) for f in files], ignore_index=True)
            p = pd.concat([pd.read_csv(os.path.join(d, "persons", f)) for f in files], ignore_index=True)
            return c, p

        claims, persons = read_all()
        for threads in (1, 2):
            settle = best(lambda: policy.settle_frame(claims, persons, threads=threads), a.repeat)
            whole = best(lambda: policy.settle_frame(*read_all(), threads=threads), a.repeat)
            rows.append((f"single process, settle_frame threads={threads}", whole, settle))
        for workers in (1, 2):
            with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          dashboard_address=None, silence_logs=50) as cluster, \
                    distributed.Client(cluster):
                for shuffle in (False, True):
                    def run():
                        c = dd.read_csv(claims_glob)
                        p = dd.read_csv(persons_glob)
                        r = hpr.dask.settle_frame(policy, c, p, partitioned_by_person=not shuffle)
                        return r.paid_fen.sum().compute()
                    run()  # warm: every worker loads the policy once
                    rows.append((f"dask, {workers} worker{'s' if workers > 1 else ''}"
                                 f"{', shuffled on person_id' if shuffle else ', partitioned by person'}",
                                 best(run, a.repeat), None))
        print(f"{'':52} {'claims/s':>12} {'(settle only)':>14}")
        for name, whole, settle in rows:
            extra = f"{n_claims / settle:14,.0f}" if settle else ""
            print(f"{name:52} {n_claims / whole:12,.0f} {extra}")


if __name__ == "__main__":
    main()
