#!/usr/bin/env python3
"""counters.py COUNTERS.csv SMS : GC pause and allocation per SMS from a dotnet-counters CSV (System.Runtime, 1 s
intervals) taken while SMS SMS were accepted. Prints GC pause as a share of the process CPU time, bytes allocated per
SMS and gen0/1/2 collections."""
import csv, collections, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
sms = float(sys.argv[2])
s = collections.Counter()
for r in rows:
    try:
        s[r[2]] += float(r[-1])
    except ValueError:
        pass
cpu = s["dotnet.process.cpu.time (s / 1 sec)[cpu.mode=system]"] + s["dotnet.process.cpu.time (s / 1 sec)[cpu.mode=user]"]
pause = s["dotnet.gc.pause.time (s / 1 sec)"]
alloc = s["dotnet.gc.heap.total_allocated (By / 1 sec)"]
gens = [int(s[f"dotnet.gc.collections ({{collection}} / 1 sec)[gc.heap.generation=gen{g}]"]) for g in range(3)]
print(f"process CPU {cpu:.2f} s, GC pause {pause * 1000:.0f} ms ({100 * pause / cpu:.1f} % of CPU), "
      f"{alloc / sms / 1024:.1f} KiB allocated per SMS, collections gen0/1/2 {gens[0]}/{gens[1]}/{gens[2]}")
