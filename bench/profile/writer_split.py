#!/usr/bin/env python3
"""writer_split.py PERF_SCRIPT_OUTPUT : on-CPU samples of `perf record -g -p PID` (server started with
DOTNET_PerfMapEnabled=1, read with `perf script`) split by what the SMS writer was doing. A sample counts for the writer
when a frame of SmsWriter's group loop is on its stack; within the writer, by the first matching stage (in the order
below) anywhere on the stack, so native SQLite and kernel time (fsync, WAL writes) under a stage count for that stage.
Prints the writer's share of all samples and each stage's share of the writer's samples."""
import collections, re, sys

WRITER = re.compile(r"SmsWriter")
STAGES = [
    ("commit (COMMIT: WAL write, fsync)", r"SqliteTransaction::Commit|NpgsqlTransaction::Commit|\bCommitAsync\b.*Transaction"),
    ("delivery at submit: simulator (inbox, usage)", r"DeliverAtSubmitAsync.*|NetworkSimulator.*DeliverAtSubmit", True),
    ("delivery at submit: record, reports", r"RecordAtSubmitAsync"),
    ("delivery at submit: device states, savepoints", r"DeliverAtSubmitAsync"),
    ("submit: tails, limits, inserts (MtRows, MtSubmission)", r"MtRows|MtSubmission|SmsLimits|SmsQueue::Insert"),
    ("dispatcher: simulator (inbox, usage)", r"NetworkSimulator|SimulatorStore|DataPlaneStore"),
    ("dispatcher: claim (+ expiry, receipt timeouts)", r"SmsQueue::ClaimAsync|SmsQueue::ExpireDueAsync|SmsQueue::TimeoutReceiptsAsync|WithDeviceStatesAsync"),
    ("dispatcher: record, reports", r"SmsQueue::RecordAsync|RecordDelivered|WebhookOutbox"),
    ("savepoints, other writer work", r"."),
]


def stage(stack):
    for entry in STAGES:
        name, rx = entry[0], entry[1]
        if len(entry) > 2:  # inside DeliverAtSubmitAsync and the simulator
            if re.search(r"DeliverAtSubmitAsync", stack) and re.search(r"NetworkSimulator|SimulatorStore|DataPlaneStore", stack):
                return name
            continue
        if re.search(rx, stack):
            return name
    return "other"


counts, total, writer = collections.Counter(), 0, 0
for sample in open(sys.argv[1]).read().split("\n\n"):
    lines = sample.strip().split("\n")
    if len(lines) < 2:
        continue
    total += 1
    stack = "\n".join(lines[1:])
    if not WRITER.search(stack):
        continue
    writer += 1
    counts[stage(stack)] += 1
print(f"writer: {writer} of {total} on-CPU samples ({100 * writer / max(total, 1):.1f} %)")
print("| writer stage | % of the writer's samples |")
print("|---|---|")
for k, v in counts.most_common():
    print(f"| {k} | {100 * v / max(writer, 1):.1f} |")
