// An ESME built from the npm `smpp` package, for Cellgate.Server.Tests' SmppServerTests: binds as transceiver to
// Cellgate's SMPP server at 127.0.0.1:<port> (argv[2]) with <system_id> <password> (argv[3], argv[4]) and, one after the
// other: submit_multi to <msisdn1> <msisdn2> (argv[5], argv[6]), an unknown number and a distribution list; data_sm with
// message_payload to <msisdn1>; submit_sm to <held> (argv[7], a detached device) then replace_sm of its text; a second
// submit_sm to <held> then cancel_sm of it; then unbinds. Reports each response as one JSON object per line on stdout.
'use strict';
const smpp = require('smpp');

const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const [port, systemId, password, first, second, held] =
  [Number(process.argv[2]), process.argv[3], process.argv[4], process.argv[5], process.argv[6], process.argv[7]];
const intl = (number) => ({ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: number });

const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
session.on('error', (e) => { say({ event: 'error', message: String(e && e.message) }); process.exit(3); });
session.on('deliver_sm', (pdu) => session.send(pdu.response()));
session.on('connect', () => {
  session.bind_transceiver({ system_id: systemId, password }, (bind) => {
    say({ event: 'bind_transceiver_resp', command_status: bind.command_status });
    if (bind.command_status !== 0) { session.close(() => process.exit(0)); return; }
    session.submit_multi({
      source_addr: 'npm', source_addr_ton: 5, source_addr_npi: 0,
      dest_address: [intl(first), intl(second), intl('4900000000001'), { dl_name: 'friends' }],
      short_message: 'multi from npm',
    }, (multi) => {
      say({
        event: 'submit_multi_resp', command_status: multi.command_status, message_id: multi.message_id,
        unsuccess: (multi.unsuccess_sme || []).map((u) => ({ address: u.destination_addr, status: u.error_status_code })),
      });
      session.data_sm({
        source_addr: '4917000001', source_addr_ton: 1, source_addr_npi: 1, ...intl(first), message_payload: 'data from npm',
      }, (data) => {
        say({ event: 'data_sm_resp', command_status: data.command_status, message_id: data.message_id });
        session.submit_sm({ source_addr: 'npm', source_addr_ton: 5, ...intl(held), short_message: 'before replace' }, (kept) => {
          session.replace_sm({ message_id: kept.message_id, source_addr: 'npm', source_addr_ton: 5, short_message: 'after replace' }, (replace) => {
            say({ event: 'replace_sm_resp', command_status: replace.command_status, message_id: kept.message_id });
            session.submit_sm({ source_addr: 'npm', source_addr_ton: 5, ...intl(held), short_message: 'to cancel' }, (dropped) => {
              session.cancel_sm({ message_id: dropped.message_id, source_addr: 'npm', source_addr_ton: 5, ...intl(held) }, (cancel) => {
                say({ event: 'cancel_sm_resp', command_status: cancel.command_status, message_id: dropped.message_id });
                session.unbind({}, (resp) => {
                  say({ event: 'unbind_resp', command_status: resp.command_status });
                  session.close(() => process.exit(0));
                });
              });
            });
          });
        });
      });
    });
  });
});
setTimeout(() => { say({ event: 'timeout' }); process.exit(2); }, 120000).unref();
