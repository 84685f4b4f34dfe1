#!/usr/bin/env python3
"""wal_frames.py DB WAL FROM TO SMS [TOP] : the frames of a SQLite -wal file between byte offsets FROM and TO (a copy
taken while the server ran, the log not restarted meanwhile), each page number mapped to its table or index through
DB's dbstat (read once the server stopped: pages freed by then are named by the kind of b-tree page the frame held); prints frames per SMS and per
commit, in total and per b-tree (the TOP largest, default all). Used by wal_pages.sh and drain_pages.sh."""
import collections, sqlite3, struct, sys

db, wal, start, end, sms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
top = int(sys.argv[6]) if len(sys.argv) > 6 else None
data = open(wal, 'rb').read(end)
page = struct.unpack('>I', data[8:12])[0]
salts = struct.unpack('>II', data[16:24])
frame = 24 + page
KINDS = {0x0D: 'table leaf', 0x05: 'table interior', 0x0A: 'index leaf', 0x02: 'index interior'}
owner = {p: name for name, p in sqlite3.connect(f'file:{db}?mode=ro', uri=True).execute('SELECT name, pageno FROM dbstat')}
per, commits, i = collections.Counter(), 0, (start - 32) // frame
while 32 + (i + 1) * frame <= end:
    number, size, s1, s2 = struct.unpack('>IIII', data[32 + i * frame:32 + i * frame + 16])
    if (s1, s2) != salts:
        print(f'(the log restarted at frame {i}: the frames after it are not counted)')
        break
    name = owner.get(number)
    if name is None:
        # Freed by the end (a queue index emptied, pages merged): named by the kind of b-tree page the frame held.
        offset = 32 + i * frame + 24 + (100 if number == 1 else 0)
        name = '(freed by the end: ' + KINDS.get(data[offset], 'other') + ' page)'
    per[name] += 1
    commits += size != 0
    i += 1
total = sum(per.values())
print(f'{total} frames, {commits} commits: {total / sms:.2f} frames per SMS, {sms / max(commits, 1):.1f} SMS and {total / max(commits, 1):.1f} frames per commit')
for name, count in per.most_common(top):
    print(f'  {count / sms:6.3f} per SMS  {count / max(commits, 1):6.2f} per commit  {name}')
