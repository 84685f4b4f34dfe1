#!/usr/bin/env python3
"""perf_split.py PERF_SCRIPT_OUTPUT : on-CPU samples of `perf record -g -p PID` (read with `perf script`) by where they
ran: user space by library (JIT-compiled .NET code shows as an anonymous or memfd mapping), kernel by what the call
chain was doing (network, file I/O, scheduling, memory). Complements breakdown.py, whose thread-time samples cannot
tell native work from waiting."""
import collections, re, sys

RULES = [
    ("network (tcp, sockets, epoll)", r"tcp_|sock_|inet_|epoll|__sys_sendto|__sys_recvfrom|sys_recvmsg|sys_sendmsg|ip_|skb|net_rx|loopback"),
    ("file I/O (WAL writes, fsync, reads)", r"ext4|jbd2|fsync|vfs_write|vfs_read|filemap|generic_perform_write|__x64_sys_write|__x64_sys_pread|__x64_sys_pwrite|blk_|nvme|iomap"),
    ("futex, scheduling, wake-ups", r"futex|schedule|finish_task_switch|sched_|try_to_wake_up|wake_up"),
    ("memory (page faults, mmap)", r"page_fault|do_anonymous|mmap|munmap|madvise|clear_page"),
]
counts, n = collections.Counter(), 0
for sample in open(sys.argv[1]).read().split("\n\n"):
    lines = sample.strip().split("\n")
    if len(lines) < 2:
        continue
    n += 1
    frames = lines[1:]
    if "[kernel.kallsyms]" not in frames[0]:
        lib = re.search(r"\(([^)]*)\)\s*$", frames[0])
        name = lib.group(1).split("/")[-1] if lib else "?"
        counts["user: " + ("JIT-compiled .NET code" if name in ("?", "[unknown]") or name.startswith("memfd:") else name)] += 1
        continue
    stack = " ".join(frames)
    counts["kernel: " + next((name for name, rx in RULES if re.search(rx, stack)), "other")] += 1
print(f"| where (on-CPU samples, {n}) | % |")
print("|---|---|")
for k, v in counts.most_common():
    print(f"| {k} | {100 * v / n:.1f} |")
