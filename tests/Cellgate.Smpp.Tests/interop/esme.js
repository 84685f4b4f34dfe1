// An ESME built from the npm `smpp` package, for Cellgate.Smpp's interop tests: binds as transceiver to
// 127.0.0.1:<port> (argv[2]) with system_id "npm" / password "secret", submits one message with
// registered_delivery 1 and a user_message_reference, answers every deliver_sm, and unbinds after a receipt arrives.
// Reports each step as one JSON object per line on stdout; exits 0 after a clean unbind.
'use strict';
const smpp = require('smpp');

const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const text = (sm) => (sm && typeof sm === 'object' && 'message' in sm ? String(sm.message) : sm == null ? null : String(sm));
const port = Number(process.argv[2]);

const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
session.on('error', (e) => { say({ event: 'error', message: String(e && e.message) }); process.exit(3); });
session.on('connect', () => {
  session.bind_transceiver({ system_id: 'npm', password: 'secret' }, (bind) => {
    say({ event: 'bind_transceiver_resp', command_status: bind.command_status, system_id: bind.system_id });
    if (bind.command_status !== 0) { process.exit(4); }
    session.submit_sm({
      source_addr: '4917000001', source_addr_ton: 1, source_addr_npi: 1,
      destination_addr: '4917000002', dest_addr_ton: 1, dest_addr_npi: 1,
      registered_delivery: 1, short_message: 'Hello from npm', user_message_reference: 42,
    }, (resp) => say({ event: 'submit_sm_resp', command_status: resp.command_status, message_id: resp.message_id }));
  });
});
session.on('deliver_sm', (pdu) => {
  say({
    event: 'deliver_sm', esm_class: pdu.esm_class, source_addr: pdu.source_addr, short_message: text(pdu.short_message),
    receipted_message_id: pdu.receipted_message_id === undefined ? null : pdu.receipted_message_id,
    message_state: pdu.message_state === undefined ? null : pdu.message_state,
  });
  session.send(pdu.response());
  if (pdu.esm_class & 0x04) {
    session.unbind({}, (resp) => {
      say({ event: 'unbind_resp', command_status: resp.command_status });
      session.close(() => process.exit(0));
    });
  }
});
setTimeout(() => { say({ event: 'timeout' }); process.exit(2); }, 60000).unref();
