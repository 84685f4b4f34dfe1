#!/usr/bin/env python3
"""Traffic for the dashboard preview (tools/dashboard/render.sh): the README's first steps, repeated for SECONDS.

  load.py SECONDS   REST MT to the demo devices, MO from them (webhooks to the demo receiver), a detach/attach cycle
                    (buffered SMS, queue depth), a few failed logins; SMPP traffic comes from smpp_load.js.
Env: CELLGATE_URL, CELLGATE_APP_TOKEN.
"""
import hashlib, http.client, json, os, sys, time, urllib.parse

URL = urllib.parse.urlparse(os.environ["CELLGATE_URL"])


def call(method, path, body=None, token=None, expect=(200, 201, 204)):
    conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    text = r.read()
    conn.close()
    if expect and r.status not in expect:
        sys.exit(f"{method} {path} -> {r.status}: {text[:300]!r}")
    return json.loads(text) if text else None


def main(seconds):
    token = call("POST", "/api/v1/authenticate", {"application_token": os.environ["CELLGATE_APP_TOKEN"]})["auth_token"]
    devices = [d for d in call("GET", "/api/v1/endpoint", token=token) if d["status"]["id"] == 0]
    for d in devices:
        call("POST", f"/api/simulator/devices/{d['id']}/attach", token=token, expect=None)
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        n += 1
        phase = int(time.monotonic() / 20) % 3  # 20 s normal, 20 s with the first device detached, 20 s normal
        first = devices[0]["id"]
        call("POST", f"/api/simulator/devices/{first}/{'detach' if phase == 1 else 'attach'}", token=token, expect=None)
        for d in devices:
            for _ in range(5):
                call("POST", f"/api/v1/endpoint/{d['id']}/sms", {"source_address": "+4912345678", "payload": f"dashboard {n}"}, token=token)
            call("POST", f"/api/simulator/devices/{d['id']}/mo", {"dest_address": "+4912345678", "payload": f"reading {n}"}, token=token, expect=None)
        if n % 10 == 0:
            wrong = hashlib.sha1(b"wrong").hexdigest()
            call("POST", "/api/v1/authenticate", {"username": "nobody@example.com", "password": wrong}, expect=None)
        time.sleep(0.2)
    print(f"{n} rounds")


if __name__ == "__main__":
    main(float(sys.argv[1]))
