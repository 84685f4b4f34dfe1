// An SMSC built from the npm `smpp` package (an implementation we did not write), for Cellgate.Smpp's interop
// tests. It listens on a loopback port chosen by the OS and reports everything it sees as one JSON object per line
// on stdout; the first line is {"event":"listening","port":N}.
// Accepts system_id "cellgate" / password "secret"; answers submit_sm with message ids "npm-1", "npm-2", …; after a
// submit_sm with registered_delivery it sends a delivery receipt (esm_class 0x04, receipted_message_id and
// message_state TLVs, the standard receipt text), then an MO deliver_sm "MO from npm".
'use strict';
const smpp = require('smpp');

const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const text = (sm) => (sm && typeof sm === 'object' && 'message' in sm ? String(sm.message) : sm == null ? null : String(sm));
let ids = 0;

const server = smpp.createServer((session) => {
  session.on('error', (e) => say({ event: 'error', message: String(e && e.message) }));
  const bind = (pdu) => {
    const ok = pdu.system_id === 'cellgate' && pdu.password === 'secret';
    say({ event: pdu.command, system_id: pdu.system_id, interface_version: pdu.interface_version, ok });
    session.send(pdu.response(ok ? { system_id: 'npm-smsc' } : { command_status: smpp.errors.ESME_RBINDFAIL }));
  };
  session.on('bind_transceiver', bind);
  session.on('bind_transmitter', bind);
  session.on('enquire_link', (pdu) => { say({ event: 'enquire_link' }); session.send(pdu.response()); });
  session.on('submit_sm', (pdu) => {
    const id = 'npm-' + (++ids);
    say({
      event: 'submit_sm', sequence_number: pdu.sequence_number, source_addr: pdu.source_addr, source_addr_ton: pdu.source_addr_ton,
      destination_addr: pdu.destination_addr, dest_addr_npi: pdu.dest_addr_npi, registered_delivery: pdu.registered_delivery,
      data_coding: pdu.data_coding, short_message: text(pdu.short_message),
      message_payload: pdu.message_payload === undefined ? null : text(pdu.message_payload),
      user_message_reference: pdu.user_message_reference === undefined ? null : pdu.user_message_reference,
    });
    session.send(pdu.response({ message_id: id }));
    if (pdu.registered_delivery) {
      const receipt = `id:${id} sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:DELIVRD err:000 text:${(text(pdu.short_message) || '').slice(0, 20)}`;
      session.deliver_sm({
        source_addr: pdu.destination_addr, destination_addr: pdu.source_addr, esm_class: 0x04,
        short_message: receipt, receipted_message_id: id, message_state: 2,
      }, (resp) => say({ event: 'deliver_sm_resp', kind: 'receipt', command_status: resp.command_status }));
      session.deliver_sm({
        source_addr: pdu.destination_addr, source_addr_ton: 1, source_addr_npi: 1, destination_addr: pdu.source_addr,
        short_message: 'MO from npm',
      }, (resp) => say({ event: 'deliver_sm_resp', kind: 'mo', command_status: resp.command_status }));
    }
  });
  // The rest of the ESME's operations: report the decoded fields, answer with fixed responses the test checks.
  const iso = (t) => (t instanceof Date ? t.toISOString() : t == null ? null : String(t));
  session.on('data_sm', (pdu) => {
    say({ event: 'data_sm', destination_addr: pdu.destination_addr, registered_delivery: pdu.registered_delivery, message_payload: text(pdu.message_payload) });
    session.send(pdu.response({ message_id: 'npm-data-1' }));
  });
  session.on('query_sm', (pdu) => {
    say({ event: 'query_sm', message_id: pdu.message_id, source_addr: pdu.source_addr });
    session.send(pdu.response({ message_id: pdu.message_id, final_date: '260102030405000+', message_state: 2, error_code: 0 }));
  });
  session.on('cancel_sm', (pdu) => {
    say({ event: 'cancel_sm', message_id: pdu.message_id, source_addr: pdu.source_addr, destination_addr: pdu.destination_addr });
    session.send(pdu.response({ command_status: smpp.errors.ESME_RCANCELFAIL }));
  });
  session.on('replace_sm', (pdu) => {
    say({ event: 'replace_sm', message_id: pdu.message_id, schedule_delivery_time: iso(pdu.schedule_delivery_time), short_message: text(pdu.short_message) });
    session.send(pdu.response());
  });
  session.on('submit_multi', (pdu) => {
    say({ event: 'submit_multi', dest_address: pdu.dest_address, short_message: text(pdu.short_message) });
    session.send(pdu.response({
      message_id: 'npm-multi-1',
      unsuccess_sme: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '4917000099', error_status_code: smpp.errors.ESME_RINVDSTADR }],
    }));
  });
  session.on('unbind', (pdu) => {
    say({ event: 'unbind' });
    session.send(pdu.response());
    session.close();
  });
});

server.listen(0, '127.0.0.1', () => say({ event: 'listening', port: server.address().port }));
setTimeout(() => { say({ event: 'timeout' }); process.exit(2); }, 60000).unref();
process.stdin.on('end', () => process.exit(0)); // the test closes stdin when done
process.stdin.resume();
