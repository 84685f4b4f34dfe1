#!/usr/bin/env python3
"""Helpers of the webhook benchmark (bench/scenarios/webhooks.sh), over the SQLite file (read only) and /metrics.

  webhook_tool.py max-id DB              the highest webhook_outbox id
  webhook_tool.py window DB FROM_ID      webhooks with id > FROM_ID: count by state, attempts, enqueue→delivery
                                         (outbox Created → the 2xx attempt's recorded time) p50/p99/max in ms
  webhook_tool.py histogram METRICS_URL  cellgate_webhook_delivery_duration buckets: count and share ≤ 0.1 s
  webhook_tool.py metric METRICS_URL NAME the sum of a metric's samples over all label sets (e.g. cellgate_writer_group_size_count)
"""
import json, sqlite3, sys, urllib.request


def connect(db):
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)


def pct(values, p):
    if not values:
        return None
    return round(values[min(len(values) - 1, int(len(values) * p))], 1)


def window(db, first):
    c = connect(db)
    states = dict(c.execute('SELECT "State", count(*) FROM webhook_outbox WHERE "Id" > ? GROUP BY "State"', (first,)).fetchall())
    attempts = c.execute('SELECT count(*) FROM webhook_attempts a JOIN webhook_outbox w ON w."Id" = a."WebhookId" WHERE w."Id" > ?', (first,)).fetchone()[0]
    lat = sorted(r[0] for r in c.execute(
        'SELECT (julianday(a."At") - julianday(w."Created")) * 86400000.0 FROM webhook_outbox w '
        'JOIN webhook_attempts a ON a."WebhookId" = w."Id" AND a."StatusCode" BETWEEN 200 AND 299 WHERE w."Id" > ?', (first,)))
    names = {1: "pending", 2: "in_flight", 3: "delivered", 4: "failed", 5: "expired"}
    print(json.dumps({"count": sum(states.values()), "states": {names.get(k, k): v for k, v in states.items()},
                      "attempts": attempts, "p50_ms": pct(lat, 0.50), "p99_ms": pct(lat, 0.99),
                      "max_ms": round(lat[-1], 1) if lat else None}))


def histogram(url):
    text = urllib.request.urlopen(url, timeout=30).read().decode()
    buckets, count = {}, 0
    for line in text.splitlines():
        if line.startswith("cellgate_webhook_delivery_duration_seconds_bucket"):
            le = line.split('le="')[1].split('"')[0]
            buckets[le] = float(line.rsplit(" ", 1)[1]) if " " in line else 0
        elif line.startswith("cellgate_webhook_delivery_duration_seconds_count"):
            count = float(line.rsplit(" ", 1)[1])
    print(json.dumps({"count": int(count), "buckets": {k: int(v) for k, v in buckets.items()}}))


def metric(url, name):
    text = urllib.request.urlopen(url, timeout=30).read().decode()
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    print(int(total) if total == int(total) else total)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "max-id":
        print(connect(sys.argv[2]).execute('SELECT coalesce(max("Id"), 0) FROM webhook_outbox').fetchone()[0])
    elif cmd == "window":
        window(sys.argv[2], int(sys.argv[3]))
    elif cmd == "histogram":
        histogram(sys.argv[2])
    elif cmd == "metric":
        metric(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
