import { html } from 'lit';
import { Page, empty, smsBadge, statusBadge, valueOf, when } from '../ui';
import { ApiError, api, canWrite, created, page, send } from '../api';
import { countSms } from '../sms';
import type { Device } from './devices';
import './device-limits';

interface Sms {
  id: number; payload: string; sms_type: { id: number }; status: { id: number; description: string }; submit_date: string;
  delivery_date?: string; final_date?: string | null; source_address?: string; dest_address?: string;
}
interface Handset { endpoint_id: number; attached: boolean; fault: string; echo: boolean; operator_id?: number | null; last_change?: string }
interface DeviceEvent { id: number; timestamp: string; event_type: { description: string }; description: string; event_severity?: { description: string } }
interface InboxItem { sms_id: number; payload: string; source_address?: string; received: string; duplicates: number }
interface Connectivity { status: { description: string }; services: string[] }

const FAULTS = ['none', 'absent_subscriber', 'memory_full', 'unknown_subscriber', 'reject'];
const FINAL = new Set([4, 5, 6, 7]);

/** One device: its SIM, profiles, connectivity, events, the SMS console and the simulator panel; updated live. */
class DevicePage extends Page {
  deviceId = 0;
  device: Device | null = null; notFound = false;
  sms: Sms[] = []; handset: Handset | null = null; events: DeviceEvent[] = []; connectivity: Connectivity | null = null;
  text = ''; sending = false; inbox: InboxItem[] | null = null; confirmDelete = false;
  /** SIMs without a device, read when this device has none (for "Assign a SIM"). */
  freeSims: { id: number; iccid: string; msisdn: string }[] | null = null;

  connectedCallback() {
    super.connectedCallback();
    this.live(c => c.endpointId === this.deviceId, () => this.refresh(), 2000);
  }
  async refresh() {
    const id = this.deviceId;
    try {
      const [device, sms, connectivity, events, handset] = await Promise.all([
        api<Device>(`/api/v1/endpoint/${id}`), page<Sms>(`/api/v1/endpoint/${id}/sms?page=1&per_page=50`),
        api<Connectivity>(`/api/v1/endpoint/${id}/connectivity`), page<DeviceEvent>(`/api/v1/endpoint/${id}/event?per_page=10&sort=-id`).catch(() => ({ items: [] as DeviceEvent[] })),
        api<Handset>(`/api/simulator/devices/${id}`).catch(() => null)]);
      Object.assign(this, { device, sms: sms.items, connectivity, events: events.items, handset, notFound: false });
      if (!device.sim && canWrite() && this.freeSims === null) this.freeSims = await api<{ id: number; iccid: string; msisdn: string }[]>('/api/v1/sim?q=endpoint:null&per_page=100');
      if (device.sim) this.freeSims = null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) this.notFound = true; else throw e;
    }
    this.requestUpdate();
  }
  private async act(fn: () => Promise<unknown>) {
    try { await fn(); this.error = ''; } catch (e) { this.fail(e); }
    await this.refresh().catch(e => this.fail(e));
  }
  private async sendSms(e: SubmitEvent) {
    e.preventDefault();
    if (!this.text) return;
    this.sending = true; this.requestUpdate();
    const source = valueOf(this, 'sms-source');
    await this.act(async () => {
      await created(`/api/v1/endpoint/${this.deviceId}/sms`, source ? { payload: this.text, source_address: source } : { payload: this.text });
      this.text = '';
    });
    this.sending = false; this.requestUpdate();
  }

  private async rename(e: Event) {
    e.preventDefault();
    const name = valueOf(this, 'device-name');
    if (name) await this.act(() => send('PATCH', `/api/v1/endpoint/${this.deviceId}`, { name }));
  }
  private async deleteDevice() {
    if (!this.confirmDelete) { this.confirmDelete = true; this.requestUpdate(); return; }
    try { await send('DELETE', `/api/v1/endpoint/${this.deviceId}`); location.hash = '#/devices'; } catch (e) { this.confirmDelete = false; this.fail(e); }
  }
  private async loadInbox() {
    try { this.inbox = await api<InboxItem[]>(`/api/simulator/devices/${this.deviceId}/inbox`); } catch (e) { this.fail(e); }
    this.requestUpdate();
  }

  private smsConsole() {
    const c = countSms(this.text);
    const sorted = [...this.sms].reverse(); // the API lists newest first; a conversation reads oldest first
    return html`<sl-card id="sms-console"><h2>SMS console</h2>
      <div class="conversation" aria-live="polite" aria-label="Conversation">
        ${sorted.length === 0 ? empty('No SMS yet', canWrite() ? 'Send one below: it is delivered at once while the handset is attached, buffered while it is not.' : 'None was sent to or from this device.') : sorted.map(s => {
          const mt = s.sms_type.id === 1;
          return html`<div class="msg ${mt ? 'mt' : 'mo'}" data-sms-id=${s.id}>
            <div class="text">${s.payload}</div>
            <div class="meta"><span>${mt ? (s.source_address ? `MT from ${s.source_address}` : 'MT') : `MO to ${s.dest_address ?? '—'}`}</span>${smsBadge(s.status)}${when(s.submit_date)}
              ${mt && !FINAL.has(s.status.id) && canWrite() ? html`<sl-button size="small" class="cancel" @click=${() => this.act(() => send('DELETE', `/api/v1/endpoint/${this.deviceId}/sms/${s.id}`))}>Cancel</sl-button>` : ''}</div></div>`;
        })}
      </div>
      ${canWrite() ? html`<form @submit=${this.sendSms} style="margin-top:.75rem">
        <sl-textarea id="sms-text" label="Message" rows="2" resize="auto" .value=${this.text} @sl-input=${(e: Event) => { this.text = (e.target as HTMLTextAreaElement).value; this.requestUpdate(); }}></sl-textarea>
        <div class="counter" id="sms-counter" aria-live="polite">${c.encoding} · ${c.units} ${c.encoding === 'GSM-7' ? 'septets' : 'characters'} · ${c.parts} part${c.parts > 1 ? 's' : ''} · ${c.remaining} left in this part</div>
        <div class="row"><sl-input id="sms-source" label="Sender (optional)" placeholder="e.g. Cellgate or 4915…" size="small"></sl-input>
          <sl-button type="submit" variant="primary" id="send-sms" ?loading=${this.sending} ?disabled=${!this.text}>Send SMS</sl-button></div>
      </form>` : ''}
    </sl-card>`;
  }

  private simulator() {
    const h = this.handset;
    if (!h) return html`<sl-card><h2>Simulator</h2>${empty('No simulated handset', 'The device needs an activated SIM to be played by the network simulator.')}</sl-card>`;
    const write = canWrite();
    return html`<sl-card id="simulator"><h2>Simulator</h2>
      <p>Handset: <strong id="handset-state">${h.attached ? 'attached' : 'detached'}</strong>${h.fault !== 'none' ? html` · fault <strong>${h.fault}</strong>` : ''}</p>
      ${write ? html`
      <div class="row">
        ${h.attached ? html`<sl-button id="detach" @click=${() => this.act(() => send('POST', `/api/simulator/devices/${this.deviceId}/detach`))}>Detach</sl-button>`
                     : html`<sl-button id="attach" variant="success" @click=${() => this.act(() => send('POST', `/api/simulator/devices/${this.deviceId}/attach`))}>Attach</sl-button>`}
        <sl-select id="fault" label="Fault for the next deliveries" size="small" .value=${h.fault} @sl-change=${(e: Event) => this.act(() => send('PATCH', `/api/simulator/devices/${this.deviceId}`, { fault: (e.target as HTMLSelectElement).value }))}>
          ${FAULTS.map(f => html`<sl-option value=${f}>${f}</sl-option>`)}</sl-select>
      </div>
      <form class="row" style="margin-top:.75rem" @submit=${(e: Event) => { e.preventDefault(); void this.act(() => created(`/api/simulator/devices/${this.deviceId}/mo`, { dest_address: valueOf(this, 'mo-dest'), payload: valueOf(this, 'mo-text') })); }}>
        <sl-input id="mo-dest" label="MO to" value="12345" size="small" required></sl-input>
        <sl-input id="mo-text" label="MO text" size="small" required></sl-input>
        <sl-button type="submit" size="small" id="send-mo">Device sends</sl-button>
      </form>` : html`<p class="muted">Observers can watch the handset but not change it.</p>`}
      <p><sl-button size="small" id="show-inbox" @click=${this.loadInbox}>${this.inbox ? 'Refresh' : 'Show'} what the handset received</sl-button></p>
      ${this.inbox ? (this.inbox.length === 0 ? empty('The handset received nothing yet', 'Attach it and send an SMS.') : html`
        <table class="data" id="inbox"><thead><tr><th>Received</th><th>From</th><th>Text</th></tr></thead>
        <tbody>${this.inbox.slice(-20).reverse().map(i => html`<tr><td>${when(i.received)}</td><td>${i.source_address ?? '—'}</td><td>${i.payload}</td></tr>`)}</tbody></table>`) : ''}
    </sl-card>`;
  }

  render() {
    if (this.notFound) return html`<h1>Device not found</h1>${empty('There is no device ' + this.deviceId + ' in your organisation', html`<a href="#/devices">Back to the devices</a>`)}`;
    const d = this.device;
    if (!d) return html`${this.errorBox()}<sl-spinner></sl-spinner>`;
    const write = canWrite();
    return html`<h1>${d.name} <span class="muted">#${d.id}</span> ${statusBadge(d.status)}</h1>${this.errorBox()}
      ${write ? html`<div class="row" style="margin-bottom:1rem">
        <form class="row" @submit=${this.rename}><sl-input id="device-name" size="small" label="Name" .value=${d.name} maxlength="200"></sl-input>
          <sl-button size="small" type="submit" id="rename">Rename</sl-button></form>
        <sl-button size="small" id="toggle-status" @click=${() => this.act(() => send('PATCH', `/api/v1/endpoint/${d.id}`, { status: { id: d.status.id === 0 ? 1 : 0 } }))}>${d.status.id === 0 ? 'Disable' : 'Enable'}</sl-button>
        ${d.sim ? html`<sl-button size="small" id="release-sim" @click=${() => this.act(() => send('PATCH', `/api/v1/endpoint/${d.id}`, { sim: { id: null } }))}>Release the SIM</sl-button>`
                : html`<sl-button size="small" id="delete-device" variant=${this.confirmDelete ? 'danger' : 'default'} @click=${this.deleteDevice}>${this.confirmDelete ? 'Confirm delete' : 'Delete device'}</sl-button>`}</div>` : ''}
      <div class="grid">
        <sl-card><h2>Device</h2><dl class="props">
          <dt>Service profile</dt><dd>${d.service_profile?.name ?? '—'}</dd><dt>Tariff profile</dt><dd>${d.tariff_profile?.name ?? '—'}</dd>
          <dt>IP address</dt><dd>${d.ip_address ?? '—'}</dd><dt>IMEI</dt><dd>${d.imei ?? '—'}</dd><dt>Tags</dt><dd>${d.tags ?? '—'}</dd>
          <dt>Created</dt><dd>${when(d.created)}</dd><dt>Updated</dt><dd>${when(d.last_updated)}</dd></dl></sl-card>
        <sl-card><h2>SIM and connectivity</h2>${d.sim ? html`<dl class="props">
          <dt>ICCID</dt><dd>${d.sim.iccid}</dd><dt>IMSI</dt><dd>${d.sim.imsi}</dd><dt>MSISDN</dt><dd>${d.sim.msisdn}</dd>
          <dt>SIM status</dt><dd>${statusBadge(d.sim.status, [1])}</dd>
          <dt>Connectivity</dt><dd id="connectivity">${this.connectivity ? html`<sl-badge variant=${this.connectivity.status.description === 'ATTACHED' ? 'success' : 'neutral'}>${this.connectivity.status.description}</sl-badge> ${this.connectivity.services.join(', ')}` : '—'}</dd></dl>`
          : write ? html`${empty('No SIM', this.freeSims?.length ? 'Assign a free SIM below: it is activated and the device gets an IP address.' : 'There is no free SIM: release one from another device, or import SIMs (POST /api/v1/admin/sim_batch).')}
            ${this.freeSims?.length ? html`<form class="row" style="margin-top:.75rem" @submit=${(e: Event) => { e.preventDefault(); const sim = valueOf(this, 'assign-sim'); if (sim) void this.act(() => send('PATCH', `/api/v1/endpoint/${d.id}`, { sim: { id: Number(sim) } })); }}>
              <sl-select id="assign-sim" label="Free SIM" size="small" required placeholder="Choose">${this.freeSims.map(x => html`<sl-option value=${String(x.id)}>${x.iccid} · ${x.msisdn}</sl-option>`)}</sl-select>
              <sl-button type="submit" size="small" id="assign-sim-button">Assign the SIM</sl-button></form>` : ''}`
          : empty('No SIM', 'An administrator can assign one.')}</sl-card>
      </div>
      <div class="grid">${this.smsConsole()}${this.simulator()}</div>
      <cg-device-limits .deviceId=${d.id}></cg-device-limits>
      <sl-card><h2>Events</h2>${this.events.length === 0 ? empty('No events', 'Status changes, SIM assignments and SMS quota events appear here.') : html`
        <table class="data"><thead><tr><th>When</th><th>Type</th><th class="wide">Description</th></tr></thead>
        <tbody>${this.events.map(ev => html`<tr><td>${when(ev.timestamp)}</td><td>${ev.event_type.description}</td><td class="wide">${ev.description}</td></tr>`)}</tbody></table>`}
        <p class="muted"><a href="#/events">All events</a></p></sl-card>`;
  }
}
customElements.define('cg-device', DevicePage);
