"""WAL frames and time per statement of one usage-feed chunk and three roll slices (docs/benchmarks.md, usage5), on a
copy of a data-plane bench database (bench/scenarios/dataplane.sh with BENCH_DP_KEEP_DB=<file>). Each statement runs in
its own transaction with SQLite's auto-checkpoint off; the frames are the growth of the -wal file / (page size + 24).
usage_pending is first filled with one row per device for the current hour, in shuffled order (as the feed leaves it).

usage: pending_wal_probe.py DB FIRST_DEVICE_ID DEVICES [LAYOUT]
  LAYOUT  c     usage_pending keyed (DeviceId, SimId, Hour) WITHOUT ROWID, one upsert (since usage5; the default)
          base  the rowid table with a (DeviceId) index: UPDATE … FROM, then INSERT … NOT EXISTS (before usage5)
          wr    base's database rebuilt WITHOUT ROWID with stored Day/Month columns
Env: SYNC=FULL to time the commits with fsync (default OFF). Works on $TMPDIR/pending_wal_probe.db (overwritten)."""
import json, os, random, shutil, sqlite3, sys, time
src, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
variant = sys.argv[4] if len(sys.argv) > 4 else "c"
db = os.path.join(os.environ.get("TMPDIR", "/tmp"), "pending_wal_probe.db")
for ext in ("", "-wal", "-shm"):
    if os.path.exists(db + ext): os.remove(db + ext)
shutil.copy(src, db)
c = sqlite3.connect(db, isolation_level=None)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0"); c.execute("PRAGMA synchronous=" + os.environ.get("SYNC", "OFF"))
page = c.execute("PRAGMA page_size").fetchone()[0]
def wal(): return os.path.getsize(db + "-wal") if os.path.exists(db + "-wal") else 0
def frames_of(fn, label):
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    w0 = wal(); t0 = time.perf_counter()
    c.execute("BEGIN IMMEDIATE"); r = fn(); c.execute("COMMIT")
    dt = time.perf_counter() - t0
    f = (wal() - w0) // (page + 24)
    print(f"{label:40s} frames {f:5d}  {dt*1000:7.2f} ms")
    return f
hour = time.strftime("%Y-%m-%d %H:00:00", time.gmtime()); day = hour[:10] + " 00:00:00"; month = hour[:8] + "01 00:00:00"
org = c.execute("select OrganisationId from devices where Id=?", (first,)).fetchone()[0]
sims = dict(c.execute("select Id, SimId from devices where Id between ? and ?", (first, first + count - 1)))
if variant == "c":
    c.execute("DELETE FROM usage_pending")
    devs = list(range(first, first + count)); random.Random(1).shuffle(devs)
    c.executemany('INSERT INTO usage_pending ("OrganisationId","DeviceId","SimId","Hour","BytesUp","BytesDown","SmsMo","SmsMt") VALUES (?,?,?,?,?,?,0,0)',
                  [(org, d, sims[d], hour, 1000, 2000) for d in devs])
if variant.startswith("wr"):
    c.execute("DROP TABLE usage_pending")
    c.execute('''CREATE TABLE usage_pending ("DeviceId" INTEGER NOT NULL, "SimId" INTEGER NOT NULL, "Hour" TEXT NOT NULL, "OrganisationId" INTEGER NOT NULL,
        "Day" TEXT NOT NULL, "Month" TEXT NOT NULL, "BytesUp" INTEGER NOT NULL, "BytesDown" INTEGER NOT NULL, "SmsMo" INTEGER NOT NULL, "SmsMt" INTEGER NOT NULL,
        CONSTRAINT "PK_usage_pending" PRIMARY KEY ("DeviceId", "SimId", "Hour")) WITHOUT ROWID''')
if variant.startswith("wr"):
    # steady state: one pending row per device for this hour, in random order (as the feed leaves them)
    c.execute("DELETE FROM usage_pending")
    devs = list(range(first, first + count)); random.Random(1).shuffle(devs)
    c.executemany('INSERT INTO usage_pending ("OrganisationId","DeviceId","SimId","Hour","Day","Month","BytesUp","BytesDown","SmsMo","SmsMt") VALUES (?,?,?,?,?,?,?,?,0,0)',
                  [(org, d, sims[d], hour, day, month, 1000, 2000) for d in devs])
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print("pending rows", c.execute("select count(*) from usage_pending").fetchone()[0])
rng = random.Random(7)
chunk = [(first + rng.randrange(count), rng.randrange(100, 20000), rng.randrange(100, 80000)) for _ in range(500)]
now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
ids = json.dumps(sorted({d for d, _, _ in chunk}))
facts = '''SELECT d."Id", d."OrganisationId", d."Name", d."SimId", s."Iccid", s."Imsi", d."IpAddress", d."Status", s."Status",
               p."AllowData", p."ApplyDataQuota", p."Allowed3g", p."Allowed4g", p."AllowedNbIot",
               (SELECT COUNT(*) FROM traffic_limits l WHERE l."ServiceProfileId" = d."ServiceProfileId" AND l."ServiceId" = 1),
               x."Id", x."OrganisationId", x."SimId", x."OperatorId", x."RatTypeId", x."Apn", x."IpAddress", x."Started", x."BytesUp", x."BytesDown"
        FROM devices d JOIN service_profiles p ON p."Id" = d."ServiceProfileId" LEFT JOIN sims s ON s."Id" = d."SimId"
            LEFT JOIN data_sessions x ON x."DeviceId" = d."Id" AND x."Ended" IS NULL
        WHERE d."Id" IN (SELECT value FROM json_each(?))'''
records = json.dumps([[org, d, sims[d], None, None, None, now, u, dn, 0, 0] for d, u, dn in chunk])
recsql = 'INSERT INTO usage_records ("OrganisationId", "DeviceId", "SimId", "SessionId", "OperatorId", "RatTypeId", "Time", "BytesUp", "BytesDown", "SmsMo", "SmsMt") SELECT ' + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(11)) + " FROM json_each(?) WHERE true"
sums = {}
for d, u, dn in chunk:
    s = sums.setdefault(d, [0, 0]); s[0] += u; s[1] += dn
pend = json.dumps([[org, d, sims[d], hour, day, month, u, dn, 0, 0] for d, (u, dn) in sums.items()])
add = '''UPDATE usage_pending SET "BytesUp" = usage_pending."BytesUp" + j.up, "BytesDown" = usage_pending."BytesDown" + j.down,
            "SmsMo" = usage_pending."SmsMo" + j.mo, "SmsMt" = usage_pending."SmsMt" + j.mt
        FROM (SELECT json_extract(value, '$[1]') AS device, json_extract(value, '$[2]') AS sim, json_extract(value, '$[3]') AS hour,
                     json_extract(value, '$[6]') AS up, json_extract(value, '$[7]') AS down, json_extract(value, '$[8]') AS mo, json_extract(value, '$[9]') AS mt
              FROM json_each(?)) AS j
        WHERE usage_pending."DeviceId" = j.device AND usage_pending."SimId" = j.sim AND usage_pending."Hour" = j.hour'''
ins = 'INSERT INTO usage_pending ("OrganisationId", "DeviceId", "SimId", "Hour", "Day", "Month", "BytesUp", "BytesDown", "SmsMo", "SmsMt") SELECT ' + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(10)) + ''' FROM json_each(?) WHERE true
        AND NOT EXISTS (SELECT 1 FROM usage_pending p WHERE p."DeviceId" = json_extract(value, '$[1]') AND p."SimId" = json_extract(value, '$[2]') AND p."Hour" = json_extract(value, '$[3]'))'''
feedreq = '''INSERT INTO usage_feed_requests ("OrganisationId", "Key", "RequestHash", "Records", "RecordsDone", "Blocked", "Now", "Created") VALUES (?, ?, 'h', 5000, 500, 0, ?, ?)'''
print("distinct devices in chunk", len(sums))
frames_of(lambda: c.execute(facts, (ids,)).fetchall(), "facts (read)")
frames_of(lambda: c.execute(feedreq, (org, "k%d" % rng.randrange(10**9), now, now)), "usage_feed_requests insert")
frames_of(lambda: c.execute(recsql, (records,)), "usage_records insert")
if variant == "c":
    pend = json.dumps([[d, sims[d], hour, org, u, dn, 0, 0] for d, (u, dn) in sorted(sums.items())])
    add = 'INSERT INTO usage_pending ("DeviceId", "SimId", "Hour", "OrganisationId", "BytesUp", "BytesDown", "SmsMo", "SmsMt") SELECT ' + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(8)) + \
        ''' FROM json_each(?) WHERE true ON CONFLICT ("DeviceId", "SimId", "Hour") DO UPDATE SET "BytesUp" = usage_pending."BytesUp" + excluded."BytesUp",
        "BytesDown" = usage_pending."BytesDown" + excluded."BytesDown", "SmsMo" = usage_pending."SmsMo" + excluded."SmsMo", "SmsMt" = usage_pending."SmsMt" + excluded."SmsMt"'''
    ins = "SELECT count(*) FROM json_each(?)"
if variant.startswith("wr"):
    add = 'INSERT INTO usage_pending ("OrganisationId", "DeviceId", "SimId", "Hour", "Day", "Month", "BytesUp", "BytesDown", "SmsMo", "SmsMt") SELECT ' + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(10)) + \
        ''' FROM json_each(?) WHERE true ON CONFLICT ("DeviceId", "SimId", "Hour") DO UPDATE SET "BytesUp" = usage_pending."BytesUp" + excluded."BytesUp",
        "BytesDown" = usage_pending."BytesDown" + excluded."BytesDown", "SmsMo" = usage_pending."SmsMo" + excluded."SmsMo", "SmsMt" = usage_pending."SmsMt" + excluded."SmsMt"'''
    ins = "SELECT count(*) FROM json_each(?)"
    if variant == "wrsorted":
        pend = json.dumps([[org, d, sims[d], hour, day, month, u, dn, 0, 0] for d, (u, dn) in sorted(sums.items())])
frames_of(lambda: c.execute(add, (pend,)), "usage_pending update")
frames_of(lambda: c.execute(ins, (pend,)), "usage_pending insert new")
def whole():
    c.execute(facts, (ids,)).fetchall(); c.execute(feedreq, (org, "k%d" % rng.randrange(10**9), now, now)); c.execute(recsql, (records,)); c.execute(add, (pend,)); c.execute(ins, (pend,))
frames_of(whole, "whole chunk, one transaction")
frames_of(whole, "whole chunk again")
# roll slice of 250 devices
take = '''DELETE FROM usage_pending WHERE "DeviceId" IN (SELECT DISTINCT "DeviceId" FROM usage_pending WHERE "DeviceId" >= ? ORDER BY "DeviceId" LIMIT ?)
            RETURNING "OrganisationId", "DeviceId", "SimId", "Hour", "BytesUp", "BytesDown", "SmsMo", "SmsMt"'''
rollsql = 'INSERT INTO usage_rollups ("Period", "DeviceId", "SimId", "Start", "OrganisationId", "BytesUp", "BytesDown", "SmsMo", "SmsMt") SELECT ' + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(9)) + ''' FROM json_each(?) WHERE true
        ON CONFLICT ("Period", "DeviceId", "SimId", "Start") DO UPDATE SET "BytesUp" = usage_rollups."BytesUp" + excluded."BytesUp",
            "BytesDown" = usage_rollups."BytesDown" + excluded."BytesDown", "SmsMo" = usage_rollups."SmsMo" + excluded."SmsMo", "SmsMt" = usage_rollups."SmsMt" + excluded."SmsMt"'''
state = {"from": first, "rows": []}
def delete():
    state["rows"] = c.execute(take, (state["from"], 250)).fetchall()
def upsert():
    keys = {}
    for o, d, s, h, u, dn, mo, mt in state["rows"]:
        for p, st in ((1, h), (2, h[:10] + " 00:00:00"), (3, h[:8] + "01 00:00:00")):
            k = keys.setdefault((p, d, s, st), [o, 0, 0, 0, 0]); k[1] += u; k[2] += dn
    c.execute(rollsql, (json.dumps([[p, d, s, st, o, u, dn, 0, 0] for (p, d, s, st), (o, u, dn, _, _) in keys.items()]),))
tot = [0, 0]
for i in range(3):
    tot[0] += frames_of(delete, f"roll slice {i}: delete 250 devices' rows")
    tot[1] += frames_of(upsert, f"roll slice {i}: rollup upserts ({len(state['rows'])*3})")
    state["from"] = max(r[1] for r in state["rows"]) + 1
