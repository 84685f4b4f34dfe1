#!/usr/bin/env python3
"""Where the server's CPU goes, from a dotnet-trace thread-time trace converted to speedscope JSON.

  breakdown.py TRACE.speedscope.json [--managed]    (--managed: managed samples only, as a share of them)

Each sample interval whose leaf is CPU_TIME (managed code running) is charged to JWT validation when any frame of its
stack is the JWT handler's (it wraps nothing else), otherwise to the deepest frame that matches one of the other
categories below (leaf to root, first match), unless the thread is blocked (WAITS below); samples whose leaf is UNMANAGED_CODE_TIME are charged
the same way when their deepest managed frame is SQLite's (native SQLite work, fsync included: thread-time sampling
cannot tell a thread blocked in a system call from one running), and are otherwise waits, not counted.
"""
import collections, json, re, sys

CATEGORIES = [
    ("JWT validation (signature, claims, principal check)", r"Microsoft\.IdentityModel|JwtBearer|ValidatePrincipalAsync|PrincipalStates|Features\.Auth\.TokenIssuer"),
    ("writer: simulator delivery (inbox insert)", r"NetworkSimulator\.Deliver|SimulatorStore"),
    ("writer: dispatcher record (outcomes)", r"SmsQueue\.Record|SmsReceipts"),
    ("writer: dispatcher claim (+ expiry, receipt timeouts)", r"SmsQueue\.(Claim|ExpireDue|TimeoutReceipts)|LeaseRelease"),
    ("writer: submit insert (SMS row, quota, counters)", r"SmsQueue\.Insert|SmsApi\+<>c|SmsApi\.<"),
    ("writer: webhook outbox (delivery reports)", r"WebhookOutbox"),
    ("writer: usage record (DataPlaneStore.RecordSms)", r"DataPlaneStore"),
    ("writer: submit insert (MtRows: queue tails, multi-row INSERT; SMS limits)", r"Features\.Sms\.MtRows|MtSubmission\.InsertMany|Connectivity\.SmsLimits"),
    ("writer: delivery at submit (device states, savepoints)", r"DeliverAtSubmit|PendingAgain"),
    ("writer: group transaction, commit, fsync", r"SmsWriter"),
    ("dispatcher (outside the writer)", r"SmsDispatcher|SmsRouter|DeliveryMetrics|RetryPolicy"),
    ("SMS handler: validation, encoding, route lookup", r"Features\.Sms\.|Cellgate\.Sms!|Microsoft\.Extensions\.Validation|Features\.Devices\."),
    ("JSON (request binding, response writing)", r"System\.Text\.Json|RequestDelegateFactory|HttpResultsHelper|TypedResults|Results\.Json"),
    ("JSON body check middleware", r"JsonBodyChecks"),
    ("telemetry, logging, metrics", r"OpenTelemetry|Microsoft\.Extensions\.Logging|System\.Diagnostics\.(Metrics|Activity|DiagnosticListener)|HostingApplicationDiagnostics"),
    ("other middleware (routing, authorization, rate limiting, errors, headers)", r"Microsoft\.AspNetCore\.(Routing|Authorization|Authentication|RateLimiting|Diagnostics|ResponseCompression|Cors|StaticFiles|HttpsPolicy)|Swashbuckle|Cellgate\.Server!Cellgate\.Server\.(Api|Hosting)"),
    ("Kestrel HTTP/1.1 and sockets", r"Kestrel|System\.Net\.Sockets|System\.IO\.Pipelines|Microsoft\.AspNetCore\.Http!|Microsoft\.AspNetCore\.Hosting"),
    ("GC suspension", r"PollGC|GCHeap|GarbageCollect"),
    ("thread pool, async machinery, other", r"."),
]
SQLITE = re.compile(r"Microsoft\.Data\.Sqlite|SQLitePCL")
# Threads blocked in these frames are sampled as CPU_TIME although they do not run (checked against the per-thread CPU
# time in /proc: the finalizer and the socket engine's epoll thread use next to none). Not counted.
WAITS = re.compile(r"GC\.RunFinalizers|LowLevelLifoSemaphore\.WaitNative|WaitHandle\.WaitOneNoCheck|Monitor\.Wait\(|"
                   r"ManualResetEventSlim\.Wait|SocketAsyncEngine\.EventLoop|WaitForSocketEvents|Thread\.Sleep|TimerQueue\.TimerThread|"
                   r"Heartbeat\.TimerLoop|WorkerThread\.WorkerThreadStart|^\?!\?$")


def main(path, managed_only=False):
    d = json.load(open(path))
    frames = [f["name"] for f in d["shared"]["frames"]]
    compiled = [(name, re.compile(rx)) for name, rx in CATEGORIES]
    charged, sqlite_native, managed, waits = collections.Counter(), collections.Counter(), 0.0, 0.0

    jwt = compiled[0][1]

    def charge(stack, dt, native):
        if any(jwt.search(frames[fi]) for fi in stack):
            (sqlite_native if native else charged)[compiled[0][0]] += dt
            return
        for fi in reversed(stack):
            name = frames[fi]
            if name in ("CPU_TIME", "UNMANAGED_CODE_TIME"):
                continue
            for cat, rx in compiled[1:-1]:
                if rx.search(name):
                    (sqlite_native if native else charged)[cat] += dt
                    return
        (sqlite_native if native else charged)[compiled[-1][0]] += dt

    for p in d["profiles"]:
        stack, last = [], None
        for e in p["events"]:
            t = e["at"]
            if stack and last is not None and t > last:
                leaf = frames[stack[-1]]
                if leaf == "CPU_TIME" and len(stack) > 1 and WAITS.search(frames[stack[-2]]):
                    waits += t - last
                elif leaf == "CPU_TIME":
                    managed += t - last
                    charge(stack, t - last, False)
                elif leaf == "UNMANAGED_CODE_TIME" and len(stack) > 1 and SQLITE.search(frames[stack[-2]]):
                    charge(stack, t - last, True)
            if e["type"] == "O":
                stack.append(e["frame"])
            else:
                stack.pop()
            last = t
    native = sum(sqlite_native.values())
    total = managed + native
    if managed_only:
        print(f"| where | % of managed samples ({managed / 1000:.1f} s) |")
        print("|---|---|")
        for cat, _ in CATEGORIES:
            if charged[cat]:
                print(f"| {cat} | {100 * charged[cat] / managed:.1f} |")
        return
    print(f"| where | managed % | SQLite native % | together % of {total / 1000:.1f} s sampled |")
    print("|---|---|---|---|")
    for cat, _ in CATEGORIES:
        m, n = charged[cat], sqlite_native[cat]
        if m + n == 0:
            continue
        print(f"| {cat} | {100 * m / total:.1f} | {100 * n / total:.1f} | {100 * (m + n) / total:.1f} |")
    print(f"| **total** | {100 * managed / total:.1f} | {100 * native / total:.1f} | 100 |")
    print(f"\n(not counted: {waits / 1000:.1f} s of samples in blocked threads, see WAITS)")


if __name__ == "__main__":
    main(sys.argv[1], "--managed" in sys.argv[2:])
