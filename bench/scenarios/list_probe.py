#!/usr/bin/env python3
"""Probe of the SMS list benchmark (bench/scenarios/sms_list.sh): for SECONDS, sends GET /healthz one after the other
(every 20 ms, on one keep-alive connection) and reads the server's resident memory every second; prints one line of JSON
with the /healthz latencies (count, p50, p99, max in ms; non-200 answers) and the RSS samples (MiB: first, max, last).

  list_probe.py SECONDS PID

Env: CELLGATE_URL.
"""
import http.client, json, os, sys, time, urllib.parse

URL = urllib.parse.urlparse(os.environ.get("CELLGATE_URL", "http://127.0.0.1:5181"))


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(seconds, pid):
    conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
    lat, bad, rss = [], 0, [rss_mib(pid)]
    end = time.monotonic() + seconds
    next_rss = time.monotonic() + 1
    while time.monotonic() < end:
        t0 = time.perf_counter()
        try:
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                bad += 1
        except (ConnectionError, http.client.HTTPException, TimeoutError):
            bad += 1
            conn.close()
            conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
        lat.append((time.perf_counter() - t0) * 1000)
        if time.monotonic() >= next_rss:
            rss.append(rss_mib(pid))
            next_rss += 1
        time.sleep(0.02)
    rss.append(rss_mib(pid))
    lat.sort()
    pick = lambda q: round(lat[min(len(lat) - 1, int(len(lat) * q))], 1)
    print(json.dumps({"n": len(lat), "p50": pick(0.5), "p99": pick(0.99), "max": round(lat[-1], 1), "bad": bad,
                      "rss_first": round(rss[0]), "rss_max": round(max(rss)), "rss_last": round(rss[-1])}))


if __name__ == "__main__":
    main(float(sys.argv[1]), int(sys.argv[2]))
