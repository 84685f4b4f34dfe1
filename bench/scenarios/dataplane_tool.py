#!/usr/bin/env python3
"""Helpers of the data plane benchmark (bench/scenarios/dataplane.sh), over keep-alive HTTP on loopback and the SQLite
file (read only). Reuses sms_tool's client.

  dataplane_tool.py seed N ATTACHED     a /17 IP address space, N SIMs, N enabled endpoints with them; the first ATTACHED
                                        handsets attached (for SMS); prints "FIRST_ID COUNT" (contiguous endpoint ids)
  dataplane_tool.py history FIRST COUNT DAYS PER_DAY
                                        back-dated usage through POST /api/simulator/usage: PER_DAY records per endpoint
                                        and day for the DAYS days before today (10,000 records a request, 2 senders);
                                        prints "RECORDS SECONDS"
  dataplane_tool.py ingest FIRST COUNT SECONDS SENDERS BATCH
                                        usage records of now for random endpoints, BATCH a request, SENDERS concurrent
                                        connections, for SECONDS; prints "RECORDS SECONDS REQUESTS P50_MS P99_MS" (request latency)
  dataplane_tool.py scrape FILE         saves the writer's group-commit duration histogram (GET /metrics) to FILE
  dataplane_tool.py groups FILE1 FILE2  the writer's groups between two scrapes: "GROUPS SHARE_OVER_50MS_PERCENT P99_BUCKET_MS"
  dataplane_tool.py size DB             "BYTES USAGE_RECORDS USAGE_ROLLUPS ORG_ROLLUPS": the database's used pages
                                        (page_count - freelist_count, WAL included) and row counts

Env: CELLGATE_URL, CELLGATE_TOKEN (a JWT).
"""
import datetime, json, os, random, re, sqlite3, sys, threading, time, urllib.request, uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sms_tool import Api, parallel  # noqa: E402


def seed(n, attached):
    api = Api()
    _, org = api.call("GET", "/api/v1/organisation/my")
    _, space = api.call("POST", "/api/v1/ip_address_space", {"ip_address_space": "10.64.0.0/17", "ip_address_version": 4})
    sim_ids = []
    for start in range(0, n, 2000):
        sims = [{"iccid": f"8999902{i:012d}", "imsi": f"00103{i:010d}", "msisdn": f"99903{i:010d}"} for i in range(start + 1, min(n, start + 2000) + 1)]
        _, batch = api.call("POST", "/api/v1/admin/sim_batch", {"customer_org": {"id": org["id"]}, "sims": sims})
        sim_ids += [s["id"] for s in batch["sim"]]
    _, sps = api.call("GET", "/api/v1/service_profile")
    _, tps = api.call("GET", "/api/v1/tariff_profile")
    profiles = {"service_profile": {"id": sps[0]["id"]}, "tariff_profile": {"id": tps[0]["id"]}, "ip_address_space": {"id": space["id"]}}

    def create(api, i):
        r, _ = api.call("POST", "/api/v1/endpoint", {"name": f"dp-{i:05d}", "status": {"id": 0}, "sim": {"id": sim_ids[i]}, **profiles})
        return int(r.getheader("Location").rsplit("/", 1)[1])

    ids = sorted(parallel(create, range(n), workers=4))
    if ids != list(range(ids[0], ids[0] + n)):
        sys.exit("endpoint ids are not contiguous")
    parallel(lambda api, i: api.call("POST", f"/api/simulator/devices/{i}/attach"), range(ids[0], ids[0] + min(attached, n)), workers=4)
    print(ids[0], n)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def history(first, count, days, per_day):
    today = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    rng = random.Random(15)

    def batches():
        batch = []
        for d in range(days, 0, -1):
            day = today - datetime.timedelta(days=d)
            hours = [iso(day + datetime.timedelta(hours=h, minutes=17)) for h in range(0, 24, max(1, 24 // per_day))][:per_day]
            for device in range(first, first + count):
                for h in hours:
                    batch.append({"endpoint_id": device, "bytes_up": rng.randrange(1000, 200000), "bytes_down": rng.randrange(1000, 800000), "time": h})
                    if len(batch) == 10000:
                        yield batch
                        batch = []
        if batch:
            yield batch

    started = time.monotonic()
    total = 0
    lock = threading.Lock()
    local = threading.local()

    def send(batch):
        nonlocal total
        if not hasattr(local, "api"):
            local.api = Api()
        # An Idempotency-Key: the request goes to the writer in bounded chunks (docs/connectivity.md).
        local.api.call("POST", "/api/simulator/usage", {"records": batch}, expect=(200,), headers={"Idempotency-Key": str(uuid.uuid4())})
        with lock:
            total += len(batch)

    with ThreadPoolExecutor(2) as pool:
        # bounded: at most 4 batches in flight or queued
        pending = []
        for b in batches():
            pending.append(pool.submit(send, b))
            if len(pending) >= 4:
                pending.pop(0).result()
        for p in pending:
            p.result()
    print(total, f"{time.monotonic() - started:.1f}")


def ingest(first, count, seconds, senders, size):
    deadline = time.monotonic() + seconds
    totals, latencies = [0] * senders, []
    lock = threading.Lock()

    def run(k):
        api = Api()
        rng = random.Random(k)
        # Bodies made up front, so that the load generator spends its CPU on sending, not on JSON.
        bodies = [json.dumps({"records": [{"endpoint_id": first + rng.randrange(count), "bytes_up": rng.randrange(100, 20000), "bytes_down": rng.randrange(100, 80000)}
                                          for _ in range(size)]}) for _ in range(16)]
        n = 0
        while time.monotonic() < deadline:
            body = bodies[n % len(bodies)]
            n += 1
            t0 = time.monotonic()
            api.conn.request("POST", "/api/simulator/usage", body=body, headers={**api.headers, "Idempotency-Key": str(uuid.uuid4())})
            r = api.conn.getresponse()
            text = r.read()
            if r.status != 200:
                sys.exit(f"POST /api/simulator/usage -> {r.status}: {text[:300]!r}")
            with lock:
                latencies.append(time.monotonic() - t0)
            totals[k] += size

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(k,)) for k in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(sum(totals), f"{elapsed:.1f}", len(latencies), f"{pick(0.5):.0f}", f"{pick(0.99):.0f}")


def scrape(path):
    req = urllib.request.Request(os.environ["CELLGATE_URL"] + "/metrics", headers={"Authorization": "Bearer " + os.environ["CELLGATE_TOKEN"]})
    text = urllib.request.urlopen(req, timeout=30).read().decode()
    buckets = {}
    for m in re.finditer(r'^cellgate_writer_commit_duration(?:_seconds)?_bucket\{[^}]*le="([^"]+)"[^}]*\} (\d+)', text, re.M):
        le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
        buckets[le] = buckets.get(le, 0) + int(m.group(2))
    with open(path, "w") as f:
        json.dump(sorted(buckets.items(), key=lambda kv: kv[0]) if buckets else [], f, default=str)


def groups(path1, path2):
    a, b = (dict((float(k), v) for k, v in json.load(open(p))) for p in (path1, path2))
    les = sorted(b)
    if not les:
        print("n/a n/a n/a")
        return
    cum = [(le, b[le] - a.get(le, 0)) for le in les]
    total = cum[-1][1]
    under50 = max((n for le, n in cum if le <= 0.05), default=0)
    p99 = next((le for le, n in cum if n >= 0.99 * total), float("inf"))
    print(total, f"{100 * (total - under50) / total:.1f}" if total else "0", "inf" if p99 == float("inf") else f"{p99 * 1000:g}")


def size(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    pages, free, page = (c.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count", "page_size"))
    counts = [c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("usage_records", "usage_rollups", "organisation_usage_rollups", "usage_pending")]
    print((pages - free) * page, *counts)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "seed":
        seed(int(args[0]), int(args[1]))
    elif cmd == "history":
        history(*map(int, args))
    elif cmd == "ingest":
        ingest(*map(int, args))
    elif cmd == "scrape":
        scrape(args[0])
    elif cmd == "groups":
        groups(args[0], args[1])
    elif cmd == "size":
        size(args[0])
    else:
        sys.exit(__doc__)
