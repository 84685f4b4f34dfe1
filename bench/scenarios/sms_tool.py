#!/usr/bin/env python3
"""Helpers of the SMS benchmark (bench/scenarios/sms.sh), over keep-alive HTTP on loopback and the SQLite file (read only).

  sms_tool.py seed N             IP address space, N SIMs (one imported batch), N enabled endpoints with those SIMs,
                                 each handset attached in the simulator; prints "FIRST_ID COUNT" (contiguous endpoint ids)
  sms_tool.py attach|detach FIRST COUNT
  sms_tool.py stats              /api/simulator/stats as one line of JSON
  sms_tool.py wait-drained TIMEOUT_S   waits until no MT SMS is pending (1, 2) or in progress; prints the stats
  sms_tool.py wait-drained-db DB TIMEOUT_S  the same, read from the SQLite file (costs the server no CPU); prints the pending count
  sms_tool.py window DB FROM_ID  for MT SMS with id > FROM_ID: count, first submit, last delivery, submit-to-delivery p50/p99
  sms_tool.py drain DB FROM_ID   for MT SMS with id > FROM_ID: how fast they were delivered, from their delivery times only
                                 (count, first/last delivery, rate over all, rate between the 5th and 95th percentile)

Env: CELLGATE_URL, CELLGATE_TOKEN (a JWT).
"""
import http.client, json, os, sqlite3, sys, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor

URL = urllib.parse.urlparse(os.environ.get("CELLGATE_URL", "http://127.0.0.1:5181"))


class Api:
    def __init__(self):
        self.conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=120)
        self.headers = {"Authorization": "Bearer " + os.environ["CELLGATE_TOKEN"], "Content-Type": "application/json"}

    def call(self, method, path, body=None, expect=(200, 201, 204), headers=None):
        data = None if body is None else json.dumps(body)
        headers = {**self.headers, **(headers or {})}
        for attempt in range(3):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                text = r.read()
                break
            except (ConnectionError, http.client.HTTPException):
                if attempt == 2:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=120)
        if r.status not in expect:
            sys.exit(f"{method} {path} -> {r.status}: {text[:500]!r}")
        return r, (json.loads(text) if text else None)


def parallel(fn, items, workers=4):
    local = {}

    def run(item):
        import threading
        api = local.setdefault(threading.get_ident(), Api())
        return fn(api, item)

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(run, items))


def seed(n):
    api = Api()
    _, org = api.call("GET", "/api/v1/organisation/my")
    # The demo space is a /24; the endpoints need room for n addresses.
    api.call("POST", "/api/v1/ip_address_space", {"ip_address_space": "10.200.0.0/20", "ip_address_version": 4})
    sims = [{"iccid": f"8999901{i:012d}", "imsi": f"00102{i:010d}", "msisdn": f"99902{i:010d}"} for i in range(1, n + 1)]
    _, batch = api.call("POST", "/api/v1/admin/sim_batch", {"customer_org": {"id": org["id"]}, "sims": sims})
    sim_ids = [s["id"] for s in batch["sim"]]
    # POST /api/v1/endpoint requires status, service_profile and tariff_profile: the organisation's first profiles.
    _, sps = api.call("GET", "/api/v1/service_profile")
    _, tps = api.call("GET", "/api/v1/tariff_profile")
    profiles = {"service_profile": {"id": sps[0]["id"]}, "tariff_profile": {"id": tps[0]["id"]}}

    def create(api, i):
        r, _ = api.call("POST", "/api/v1/endpoint", {"name": f"bench-{i:05d}", "status": {"id": 0}, "sim": {"id": sim_ids[i]}, **profiles})
        return int(r.getheader("Location").rsplit("/", 1)[1])

    ids = sorted(parallel(create, range(n), workers=2))
    if ids != list(range(ids[0], ids[0] + n)):
        sys.exit("endpoint ids are not contiguous")
    set_attached(ids[0], n, True)
    print(ids[0], n)


def set_attached(first, count, attached):
    action = "attach" if attached else "detach"
    parallel(lambda api, i: api.call("POST", f"/api/simulator/devices/{i}/{action}"), range(first, first + count), workers=4)


def stats():
    return Api().call("GET", "/api/simulator/stats")[1]


def wait_drained(timeout):
    deadline = time.monotonic() + timeout
    while True:
        s = stats()
        by = s["sms_by_status"]
        pending = sum(by.get(k, 0) for k in ("DELIVERY ATTEMPT PENDING", "IN PROGRESS"))
        if pending == 0 or time.monotonic() > deadline:
            return s
        time.sleep(0.25)


def wait_drained_db(db, timeout):
    deadline = time.monotonic() + timeout
    while True:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        # The queue's partial filter first (SQLite reads it on ix_sms_pending_by_device): only pending rows are read, not every SMS.
        pending = con.execute('SELECT COUNT(*) FROM sms WHERE "FinalDate" IS NULL AND "Type" = 1 AND "Status" IN (1, 2)').fetchone()[0]
        con.close()
        if pending == 0 or time.monotonic() > deadline:
            return pending
        time.sleep(0.25)


def parse(ts):
    # Microsoft.Data.Sqlite stores DateTime as "yyyy-MM-dd HH:mm:ss.FFFFFFF"
    date, _, frac = ts.partition(".")
    return time.mktime(time.strptime(date, "%Y-%m-%d %H:%M:%S")) + (float("0." + frac) if frac else 0.0)


def window(db, from_id):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute('SELECT "SubmitDate", "DeliveryDate", "Status" FROM sms WHERE "Type" = 1 AND "Id" > ?', (from_id,)).fetchall()
    max_id = con.execute('SELECT COALESCE(MAX("Id"), 0) FROM sms').fetchone()[0]
    con.close()
    submits = [parse(r[0]) for r in rows]
    delivered = [(parse(r[0]), parse(r[1])) for r in rows if r[2] == 4 and r[1]]
    lat = sorted(d - s for s, d in delivered)
    out = {"count": len(rows), "delivered": len(delivered), "max_id": max_id}
    if rows and delivered:
        first, last = min(submits), max(d for _, d in delivered)
        out.update(seconds=round(last - first, 3), per_second=round(len(delivered) / (last - first)) if last > first else None,
                   submit_seconds=round(max(submits) - first, 3),
                   p50_ms=round(1000 * lat[len(lat) // 2], 1), p99_ms=round(1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))], 1),
                   max_ms=round(1000 * lat[-1], 1))
    return out


def drain(db, from_id):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute('SELECT "DeliveryDate" FROM sms WHERE "Type" = 1 AND "Id" > ? AND "Status" = 4', (from_id,)).fetchall()
    count = con.execute('SELECT COUNT(*) FROM sms WHERE "Type" = 1 AND "Id" > ?', (from_id,)).fetchone()[0]
    con.close()
    times = sorted(parse(r[0]) for r in rows if r[0])
    out = {"count": count, "delivered": len(times)}
    if len(times) >= 20:
        lo, hi = len(times) * 5 // 100, len(times) * 95 // 100
        out.update(seconds=round(times[-1] - times[0], 3),
                   per_second=round(len(times) / (times[-1] - times[0])) if times[-1] > times[0] else None,
                   middle_per_second=round((hi - lo) / (times[hi] - times[lo])) if times[hi] > times[lo] else None)
    return out


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "seed":
        seed(int(sys.argv[2]))
    elif cmd in ("attach", "detach"):
        set_attached(int(sys.argv[2]), int(sys.argv[3]), cmd == "attach")
    elif cmd == "stats":
        print(json.dumps(stats()))
    elif cmd == "wait-drained":
        print(json.dumps(wait_drained(float(sys.argv[2]))))
    elif cmd == "wait-drained-db":
        print(wait_drained_db(sys.argv[2], float(sys.argv[3])))
    elif cmd == "drain":
        print(json.dumps(drain(sys.argv[2], int(sys.argv[3]))))
    elif cmd == "window":
        print(json.dumps(window(sys.argv[2], int(sys.argv[3]))))
    else:
        sys.exit(__doc__)
