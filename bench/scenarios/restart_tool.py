#!/usr/bin/env python3
"""Driver of the rolling-restart benchmark (bench/scenarios/restart.sh).

  restart_tool.py load FIRST COUNT RATE SECONDS OUT   submits RATE SMS/s for SECONDS, round-robin over endpoints
      FIRST..FIRST+COUNT-1, from 8 threads on keep-alive connections. A refused connection or a 503 is retried after
      50 ms until the server answers 201 (a client's usual behaviour during a restart). Writes one line per accepted SMS
      to OUT: "ID ACCEPTED_UNIX_S FIRST_TRY_UNIX_S", and prints a JSON summary (accepted, retries, longest gap between two 201s).
  restart_tool.py report DB OUT T_SIGTERM T_READY    joins OUT with the SQLite file (read only): lost (201 without a row),
      not delivered, delays submit→delivery for all SMS and for those accepted within 2 s before SIGTERM up to READY,
      and the client's view: first attempt→delivery (includes the time the node was down).

Env: CELLGATE_URL, CELLGATE_TOKEN (a JWT).
"""
import calendar, http.client, json, os, sqlite3, sys, threading, time, urllib.parse

URL = urllib.parse.urlparse(os.environ.get("CELLGATE_URL", "http://127.0.0.1:5181"))


def load(first, count, rate, seconds, out):
    threads, lock = 8, threading.Lock()
    accepted, retries, stamps = [], [0], []
    start = time.monotonic() + 0.2

    def worker(k):
        conn = None
        headers = {"Authorization": "Bearer " + os.environ["CELLGATE_TOKEN"], "Content-Type": "application/json"}
        n = k
        while True:
            due = start + n / rate
            if due > start + seconds:
                return
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            body = json.dumps({"source_address": "+4912345678", "payload": f"restart benchmark SMS {n}"})
            path = f"/api/v1/endpoint/{first + n % count}/sms"
            first_try = time.time()
            while True:
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
                    conn.request("POST", path, body=body, headers=headers)
                    r = conn.getresponse()
                    r.read()
                    if r.status == 201:
                        sms_id = int(r.getheader("Location").rsplit("/", 1)[1])
                        with lock:
                            accepted.append((sms_id, time.time(), first_try))
                            stamps.append(time.monotonic())
                        break
                    if r.status not in (503, 429):
                        sys.exit(f"POST {path} -> {r.status}")
                except (ConnectionError, http.client.HTTPException, OSError):
                    if conn is not None:
                        conn.close()
                    conn = None
                with lock:
                    retries[0] += 1
                time.sleep(0.05)
            n += threads

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    with open(out, "w") as f:
        for sms_id, at, tried in accepted:
            f.write(f"{sms_id} {at:.6f} {tried:.6f}\n")
    stamps.sort()
    gap = max((b - a for a, b in zip(stamps, stamps[1:])), default=0)
    print(json.dumps({"accepted": len(accepted), "retries": retries[0], "longest_gap_s": round(gap, 3)}))


def parse(ts):
    date, _, frac = ts.partition(".")
    return calendar.timegm(time.strptime(date, "%Y-%m-%d %H:%M:%S")) + (float("0." + frac) if frac else 0.0)


def pct(values, p):
    return round(1000 * values[min(len(values) - 1, int(len(values) * p))], 1) if values else None


def report(db, out, t_sigterm, t_ready):
    ids = [(int(a), float(b), float(c)) for a, b, c in (line.split() for line in open(out))]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = {}
    for chunk in range(0, len(ids), 500):
        part = [i for i, _, _ in ids[chunk:chunk + 500]]
        q = f'SELECT "Id", "SubmitDate", "DeliveryDate", "Status" FROM sms WHERE "Id" IN ({",".join("?" * len(part))})'
        for r in con.execute(q, part):
            rows[r[0]] = r
    con.close()
    lost = [i for i, _, _ in ids if i not in rows]
    undelivered = [i for i, _, _ in ids if i in rows and rows[i][3] != 4]
    all_delays, window_delays, client_delays = [], [], []
    for i, accepted_at, first_try in ids:
        r = rows.get(i)
        if not r or r[3] != 4 or not r[2]:
            continue
        d = parse(r[2]) - parse(r[1])
        all_delays.append(d)
        client_delays.append(parse(r[2]) - first_try)
        if t_sigterm - 2 <= accepted_at <= t_ready:
            window_delays.append(d)
    all_delays.sort(); window_delays.sort(); client_delays.sort()
    print(json.dumps({
        "accepted": len(ids), "lost": len(lost), "not_delivered": len(undelivered),
        "p50_ms": pct(all_delays, 0.5), "p99_ms": pct(all_delays, 0.99), "max_ms": pct(all_delays, 1.0),
        "restart_window_sms": len(window_delays), "restart_window_max_ms": pct(window_delays, 1.0),
        "restart_window_p99_ms": pct(window_delays, 0.99),
        "client_p99_ms": pct(client_delays, 0.99), "client_max_ms": pct(client_delays, 1.0),
    }))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "load":
        load(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6])
    elif cmd == "report":
        report(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]))
    else:
        sys.exit(__doc__)
