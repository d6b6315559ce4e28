"""hpr settle streams: 10,000,000 generated claims piped through it, peak
memory (the largest child's maximum resident set) under 100 MB, and every
row accounted for. usage: memory.py HPR GEN POLICY WORKDIR [N_CLAIMS]"""
import os
import resource
import subprocess
import sys

hpr, gen, policy, work = sys.argv[1:5]
n = int(sys.argv[5]) if len(sys.argv) > 5 else 10_000_000
persons = os.path.join(work, "mem-persons.csv")
with open(persons, "wb") as f:
    subprocess.run([gen, "persons", str(n), "10"], stdout=f, check=True)
g = subprocess.Popen([gen, "claims", str(n), "10"], stdout=subprocess.PIPE)
h = subprocess.Popen([hpr, "settle", "--policy", policy, "--persons", persons, "--claims", "-",
                      "-o", os.devnull], stdin=g.stdout, stderr=subprocess.PIPE)
g.stdout.close()
_, err = h.communicate()
g.wait()
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
os.remove(persons)
summary = err.decode().strip().splitlines()[-1] if err.strip() else ""
print(f"{summary}\npeak RSS {peak_kb / 1024:.1f} MB")
if g.returncode != 0 or h.returncode != 0:
    sys.exit(f"the generator or hpr failed (exit {g.returncode}, {h.returncode}): {err.decode()[-2000:]}")
if summary != f"hpr settle: {n} rows read, {n} settled, 0 failed":
    sys.exit(f"not every row settled: {summary}")
if peak_kb >= 100 * 1024:
    sys.exit(f"peak memory {peak_kb / 1024:.1f} MB is not under 100 MB")
