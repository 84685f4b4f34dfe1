// A scriptable upstream SMSC built from the npm `smpp` package, for Cellgate's southbound transport tests
// (tests/Cellgate.Server.Tests/SmppUpstreamTests.cs). Usage: node upstream-smsc.js [port]  (0 or none: the OS picks).
// Reports one JSON object per line on stdout; the first is {"event":"listening","port":N}. Reads commands as JSON
// lines on stdin:
//   {"cmd":"throttle","count":N}   answer the next N submit_sm with ESME_RTHROTTLED
//   {"cmd":"status","count":N,"status":S}  answer the next N submit_sm with command_status S
//   {"cmd":"hold","count":N}       take the next N submit_sm (ids assigned, receipts queued) without answering, then
//                                  drop the connection: a full window lost in flight
//   {"cmd":"mo","source":"…","dest":"…","text":"…"}  send an MO deliver_sm; reports mo_resp with the status
// Accepts system_id "cellgate" / password "secret" (binds of every kind). Each accepted submit_sm gets id "up-N" and,
// when registered_delivery asks for it, a receipt: stat UNDELIV err:005 when the text starts with "fail", EXPIRED
// when it starts with "expire", else DELIVRD. Receipts go to any bound transceiver/receiver; a receipt answered with
// an error (ESME_RX_T_APPN) or lost with its connection is sent again after 100 ms, at most 100 times.
'use strict';
const smpp = require('smpp');

const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const text = (sm) => (sm && typeof sm === 'object' && 'message' in sm ? String(sm.message) : sm == null ? '' : String(sm));
const udhHex = (sm) => (sm && typeof sm === 'object' && Array.isArray(sm.udh) && sm.udh.length ? Buffer.concat(sm.udh.map((u) => Buffer.from(u))).toString('hex') : '');
let ids = 0;
let throttle = 0;
let fixed = { count: 0, status: 0 };
let hold = 0;
const receivers = new Set();
const receipts = []; // queued receipts: {id, stat, err, attempts}

function sendReceipts() {
  while (receipts.length > 0 && receivers.size > 0) {
    const r = receipts.shift();
    const session = [...receivers][r.attempts % receivers.size];
    r.attempts++;
    const receipt = `id:${r.id} sub:001 dlvrd:${r.stat === 'DELIVRD' ? '001' : '000'} submit date:2603011200 done date:2603011201 stat:${r.stat} err:${r.err} text:${r.text.slice(0, 20)}`;
    let answered = false;
    const retry = () => {
      if (r.attempts >= 100) { say({ event: 'receipt_given_up', id: r.id }); return; }
      setTimeout(() => { receipts.push(r); sendReceipts(); }, 100);
    };
    const state = { DELIVRD: 2, EXPIRED: 3, UNDELIV: 5 }[r.stat];
    const sent = session.deliver_sm({
      source_addr: r.dest, source_addr_ton: 1, source_addr_npi: 1, destination_addr: r.source, esm_class: 0x04,
      short_message: receipt, receipted_message_id: r.id, message_state: state,
    }, (resp) => {
      answered = true;
      say({ event: 'receipt_resp', id: r.id, command_status: resp.command_status, attempt: r.attempts });
      if (resp.command_status !== 0) retry();
    });
    if (!sent) { retry(); continue; }
    session.once('close', () => { if (!answered) { answered = true; retry(); } });
  }
}

const server = smpp.createServer((session) => {
  session.on('error', (e) => say({ event: 'error', message: String(e && e.message) }));
  session.on('close', () => { receivers.delete(session); say({ event: 'closed' }); });
  const bind = (pdu) => {
    const ok = pdu.system_id === 'cellgate' && pdu.password === 'secret';
    say({ event: pdu.command, system_id: pdu.system_id, ok });
    session.send(pdu.response(ok ? { system_id: 'npm-upstream' } : { command_status: smpp.errors.ESME_RBINDFAIL }));
    if (ok && pdu.command !== 'bind_transmitter') { receivers.add(session); sendReceipts(); }
  };
  session.on('bind_transceiver', bind);
  session.on('bind_transmitter', bind);
  session.on('bind_receiver', bind);
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('submit_sm', (pdu) => {
    const body = text(pdu.short_message) || text(pdu.message_payload);
    const report = {
      event: 'submit_sm', destination_addr: pdu.destination_addr, dest_addr_ton: pdu.dest_addr_ton, source_addr: pdu.source_addr,
      source_addr_ton: pdu.source_addr_ton, esm_class: pdu.esm_class, data_coding: pdu.data_coding,
      registered_delivery: pdu.registered_delivery, validity_period: pdu.validity_period == null ? null : String(pdu.validity_period),
      text: body, udh: udhHex(pdu.short_message),
    };
    if (throttle > 0) {
      throttle--;
      say({ ...report, result: 'throttled' });
      session.send(pdu.response({ command_status: smpp.errors.ESME_RTHROTTLED }));
      return;
    }
    if (fixed.count > 0) {
      fixed.count--;
      say({ ...report, result: 'status', command_status: fixed.status });
      session.send(pdu.response({ command_status: fixed.status }));
      return;
    }
    const id = 'up-' + (++ids);
    const stat = body.startsWith('fail') ? 'UNDELIV' : body.startsWith('expire') ? 'EXPIRED' : 'DELIVRD';
    if (pdu.registered_delivery) receipts.push({ id, stat, err: stat === 'UNDELIV' ? '005' : '000', text: body, source: pdu.source_addr, dest: pdu.destination_addr, attempts: 0 });
    if (hold > 0) {
      hold--;
      say({ ...report, id, result: 'held' });
      if (hold === 0) { say({ event: 'dropping' }); session.destroy(); }
      return;
    }
    say({ ...report, id, result: 'accepted' });
    session.send(pdu.response({ message_id: id }));
    sendReceipts();
  });
  session.on('unbind', (pdu) => {
    say({ event: 'unbind' });
    session.send(pdu.response());
    session.close();
  });
});

let buffer = '';
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, nl).trim();
    buffer = buffer.slice(nl + 1);
    if (!line) continue;
    const c = JSON.parse(line);
    if (c.cmd === 'throttle') throttle = c.count;
    else if (c.cmd === 'status') fixed = { count: c.count, status: c.status };
    else if (c.cmd === 'hold') hold = c.count;
    else if (c.cmd === 'mo') {
      const session = [...receivers][0];
      if (!session) { say({ event: 'mo_resp', command_status: -1 }); continue; }
      session.deliver_sm({ source_addr: c.source, source_addr_ton: 1, source_addr_npi: 1, destination_addr: c.dest, short_message: c.text },
        (resp) => say({ event: 'mo_resp', command_status: resp.command_status }));
    }
    say({ event: 'ack', cmd: c.cmd });
  }
});
process.stdin.on('end', () => process.exit(0)); // the test closes stdin when done

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => say({ event: 'listening', port: server.address().port }));
setTimeout(() => { say({ event: 'timeout' }); process.exit(2); }, 120000).unref();
