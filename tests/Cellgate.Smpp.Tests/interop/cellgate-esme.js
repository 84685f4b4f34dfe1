// An ESME built from the npm `smpp` package, for Cellgate.Server.Tests' SmppServerTests: binds as transceiver to
// Cellgate's SMPP server at 127.0.0.1:<port> (argv[2]) with <system_id> <password> (argv[3], argv[4]), submits to the
// device <msisdn> (argv[5]) one short message and one long one in message_payload, both with registered_delivery 1,
// answers every deliver_sm (receipts, MO), queries the first message once its receipt came, and unbinds when an MO
// with the text "bye" arrives. Reports each step as one JSON object per line on stdout; exits 0 after a clean unbind.
'use strict';
const smpp = require('smpp');

const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const text = (sm) => (sm && typeof sm === 'object' && 'message' in sm ? String(sm.message) : sm == null ? null : String(sm));
const [port, systemId, password, msisdn] = [Number(process.argv[2]), process.argv[3], process.argv[4], process.argv[5]];
const long = 'npm long message '.repeat(15);
let first = null;

const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
session.on('error', (e) => { say({ event: 'error', message: String(e && e.message) }); process.exit(3); });
session.on('connect', () => {
  session.bind_transceiver({ system_id: systemId, password }, (bind) => {
    say({ event: 'bind_transceiver_resp', command_status: bind.command_status, system_id: bind.system_id });
    if (bind.command_status !== 0) { session.close(() => process.exit(0)); return; }
    session.submit_sm({
      source_addr: 'npm', source_addr_ton: 5, source_addr_npi: 0,
      destination_addr: msisdn, dest_addr_ton: 1, dest_addr_npi: 1,
      registered_delivery: 1, short_message: 'Hello from npm',
    }, (resp) => {
      first = resp.message_id;
      say({ event: 'submit_sm_resp', command_status: resp.command_status, message_id: resp.message_id });
      session.submit_sm({
        source_addr: '4917000001', source_addr_ton: 1, source_addr_npi: 1,
        destination_addr: msisdn, dest_addr_ton: 1, dest_addr_npi: 1,
        registered_delivery: 1, message_payload: long,
      }, (resp2) => say({ event: 'submit_sm_resp', command_status: resp2.command_status, message_id: resp2.message_id, long: true }));
    });
  });
});
session.on('deliver_sm', (pdu) => {
  const message = text(pdu.short_message) ?? text(pdu.message_payload);
  say({
    event: 'deliver_sm', esm_class: pdu.esm_class, source_addr: pdu.source_addr, destination_addr: pdu.destination_addr, short_message: message,
    receipted_message_id: pdu.receipted_message_id === undefined ? null : pdu.receipted_message_id,
    message_state: pdu.message_state === undefined ? null : pdu.message_state,
  });
  session.send(pdu.response());
  if ((pdu.esm_class & 0x04) && pdu.receipted_message_id === first) {
    session.query_sm({ message_id: first }, (q) => say({ event: 'query_sm_resp', command_status: q.command_status, message_state: q.message_state }));
  }
  if (!(pdu.esm_class & 0x04) && message === 'bye') {
    session.unbind({}, (resp) => {
      say({ event: 'unbind_resp', command_status: resp.command_status });
      session.close(() => process.exit(0));
    });
  }
});
setTimeout(() => { say({ event: 'timeout' }); process.exit(2); }, 120000).unref();
