// SMPP traffic for the dashboard preview: binds as a transceiver with the bootstrap SMPP account and submits an SMS to
// a demo device's MSISDN every 100 ms for SECONDS. Uses the npm `smpp` package of the interop tests.
// node smpp_load.js PORT SYSTEM_ID PASSWORD MSISDN SECONDS
const smpp = require('smpp');
const [port, systemId, password, msisdn, seconds] = process.argv.slice(2);
const session = smpp.connect({ url: `smpp://127.0.0.1:${port}`, auto_enquire_link_period: 10000 });
session.bind_transceiver({ system_id: systemId, password }, (pdu) => {
  if (pdu.command_status !== 0) { console.error('bind failed', pdu.command_status); process.exit(1); }
  const timer = setInterval(() => session.submit_sm({ destination_addr: msisdn, short_message: 'dashboard via SMPP', registered_delivery: 1 }), 100);
  setTimeout(() => { clearInterval(timer); session.unbind(() => session.close()); }, Number(seconds) * 1000);
});
session.on('deliver_sm', (pdu) => session.send(pdu.response()));
session.on('error', (e) => { console.error(e.message); process.exit(1); });
