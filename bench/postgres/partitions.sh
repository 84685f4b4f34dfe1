#!/usr/bin/env bash
# What partitioning the sms table costs point lookups and device lists (docs/scaling.md, "What partitioning costs").
# Copies up to 700,000 rows of sms (fill it first: run.sh with KEEP=1, or a bulk insert) into one table, 14 monthly
# partitions by SubmitDate and 14 partitions by Id range, then times each query with pgbench (1 client, 8 s). Same
# environment as run.sh.
set -euo pipefail
export PGDATABASE=${PGDATABASE:-cellgate_bench}
work=$(mktemp -d); trap 'rm -rf "$work"; PGOPTIONS="-c client_min_messages=warning" psql -X -q -c "DROP TABLE IF EXISTS sms_part, sms_flat, sms_idpart"' EXIT
n=$(psql -XAt -c 'SELECT least(700000, max("Id")) FROM sms')
[ "${n:-0}" -ge 14000 ] || { echo "fill sms first (at least 14,000 rows)" >&2; exit 2; }
sed "s/NROWS/$n/g" > "$work/setup.sql" <<'SQL'
DROP TABLE IF EXISTS sms_part, sms_flat, sms_idpart;
CREATE TABLE sms_part (LIKE sms INCLUDING DEFAULTS, PRIMARY KEY ("Id", "SubmitDate")) PARTITION BY RANGE ("SubmitDate");
DO $$
DECLARE m date := date_trunc('month', now() - interval '12 months');
BEGIN
  FOR i IN 0..13 LOOP
    EXECUTE format('CREATE TABLE sms_p%s PARTITION OF sms_part FOR VALUES FROM (%L) TO (%L)', to_char(m + i * interval '1 month', 'YYYY_MM'),
                   m + i * interval '1 month', m + (i + 1) * interval '1 month');
  END LOOP;
END $$;
CREATE INDEX ON sms_part ("DeviceId", "Id");
CREATE INDEX ON sms_part ("RetryDate", "Id") WHERE "Status" IN (1, 2, 3) AND "Type" = 1;
CREATE INDEX ON sms_part ("DeviceId", "Id") WHERE "Status" IN (1, 2, 3) AND "Type" = 1;
CREATE INDEX ON sms_part ("ExpiryDate") WHERE "Status" IN (1, 2, 3) AND "Type" = 1;
CREATE INDEX ON sms_part ("MessageId");
-- the rows spread evenly over the 14 months
INSERT INTO sms_part
SELECT "Id", "OrganisationId", "DeviceId", "Type", "Status", "SimId", "Iccid", "Msisdn", "Imsi", "SourceAddress", "SourceAddressType",
       "DestAddress", "Payload", "Dcs", "Pid", "Udh", "MessageId", "PartNumber", "PartCount", "RegisteredDelivery", "EsmeInterfaceType",
       "P2pExt", date_trunc('month', now() - interval '12 months') + ("Id" * (interval '420 days' / NROWS)), "ExpiryDate", "RetryDate",
       "DeliveryDate", "FinalDate", "LastDeliveryAttempt", "RetryCount", "GsmMapError", "FaultCount", "Alerted", "LeaseOwner",
       "LeaseUntil", "Transport", "UpstreamId", "ReceiptDue", "SmppForward"
FROM sms WHERE "Id" <= NROWS;
CREATE TABLE sms_flat AS SELECT * FROM sms_part;
ALTER TABLE sms_flat ADD PRIMARY KEY ("Id");
CREATE INDEX ON sms_flat ("DeviceId", "Id");
CREATE TABLE sms_idpart (LIKE sms INCLUDING DEFAULTS, PRIMARY KEY ("Id")) PARTITION BY RANGE ("Id");
DO $$ BEGIN FOR i IN 0..13 LOOP
  EXECUTE format('CREATE TABLE sms_idp%s PARTITION OF sms_idpart FOR VALUES FROM (%s) TO (%s)', i, i * (NROWS / 14) + 1, CASE WHEN i = 13 THEN NROWS + 1 ELSE (i + 1) * (NROWS / 14) + 1 END);
END LOOP; END $$;
CREATE INDEX ON sms_idpart ("DeviceId", "Id");
INSERT INTO sms_idpart SELECT * FROM sms_part;
VACUUM ANALYZE sms_part; VACUUM ANALYZE sms_flat; VACUUM ANALYZE sms_idpart;
SQL
PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -f "$work/setup.sql"
echo "rows: $(psql -XAt -c 'select count(*) from sms_part')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in sms_flat sms_part sms_idpart; do
  printf '\\set id random(1, %s)\nSELECT "Status", "Payload" FROM %s WHERE "Id" = :id;\n' "$n" "$t" > "$work/byid.sql"
  printf '\\set d random(1, 1000)\nSELECT "Id", "Status" FROM %s WHERE "DeviceId" = :d ORDER BY "Id" DESC LIMIT 50;\n' "$t" > "$work/list.sql"
  echo "$t by id:      $(pgbench -n -M prepared -c 1 -j 1 -T 8 -f "$work/byid.sql" 2>&1 | grep -E 'latency average')"
  echo "$t device list: $(pgbench -n -M prepared -c 1 -j 1 -T 8 -f "$work/list.sql" 2>&1 | grep -E 'latency average')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
