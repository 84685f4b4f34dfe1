// The device page's limits: SMS quota (/quota/sms), data quota (/quota/data), the operator blacklist, and the data
// session (connectivity). Re-read when the stream announces a change of the device (quota writes are endpoint writes,
// SMS use the SMS quota).
import { html } from 'lit';
import { Page, empty, parseDate, valueOf, when } from '../ui';
import { ApiError, api, canWrite, created, send } from '../api';

interface Quota {
  status: { id: number; description: string }; volume: number; expiry_date: string; threshold_percentage: number; threshold_volume: number;
  last_volume_added: number; last_status_change_date: string; auto_refill: number; action_on_exhaustion: { id: number; description: string; peak_throughput?: number };
}
interface Operator { id: number; name: string; country: { name: string } }
interface Connectivity {
  status: { description: string };
  location?: { operator: { name: string }; country: { name: string }; rat_type: { description: string }; last_updated: string };
  pdp_context?: { apn: string; ue_ip_address?: string; created: string; volume: { tx: number; rx: number; total: number }; operator: { name: string } };
}
type Kind = 'sms' | 'data';
interface Traffic { volume: number }
interface Usage { current_month: { data: Traffic; sms: Traffic }; last_hour: { data: Traffic; sms: Traffic } }

const orNull = <T>(p: Promise<T>) => p.catch(e => { if (e instanceof ApiError && e.status === 404) return null; throw e; });
/** EMnify's quota dates (`2026-03-31 23:59:59`, UTC) in the ISO form the time helpers read. */
const quotaDate = (s: string) => s.replace(' ', 'T') + 'Z';
const nextMonth = () => { const d = new Date(); d.setUTCMonth(d.getUTCMonth() + 1); return d.toISOString().slice(0, 10); };
const mb = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 3 });
const QUOTA_VARIANT: Record<number, string> = { 1: 'success', 2: 'danger', 3: 'neutral' };

class DeviceLimits extends Page {
  deviceId = 0;
  sms: Quota | null = null; data: Quota | null = null; blacklist: Operator[] = []; operators: Operator[] = []; connectivity: Connectivity | null = null; usage: Usage | null = null;
  loaded = false; editing: Kind | null = null;
  connectedCallback() {
    super.connectedCallback();
    this.live(c => c.endpointId === this.deviceId && (c.kind === 'device' || c.kind === 'sms' || c.kind === 'handset'), () => this.load(), 5000, 500);
  }
  async load() {
    const id = this.deviceId;
    const [sms, data, blacklist, connectivity, usage] = await Promise.all([
      orNull(api<Quota>(`/api/v1/endpoint/${id}/quota/sms`)), orNull(api<Quota>(`/api/v1/endpoint/${id}/quota/data`)),
      orNull(api<Operator[]>(`/api/v1/endpoint/${id}/operator_blacklist`)), orNull(api<Connectivity>(`/api/v1/endpoint/${id}/connectivity`)),
      orNull(api<Usage>(`/api/v1/endpoint/${id}/stats`))]);
    if (canWrite() && this.operators.length === 0) this.operators = await api<Operator[]>('/api/v1/operator');
    Object.assign(this, { sms, data, blacklist: blacklist ?? [], connectivity, usage, loaded: true });
    this.requestUpdate();
  }
  private async act(fn: () => Promise<unknown>) {
    try { await fn(); this.error = ''; } catch (e) { this.fail(e); }
    await this.load().catch(e => this.fail(e));
  }
  private setQuota(e: Event, kind: Kind) {
    e.preventDefault();
    const body: Record<string, unknown> = {
      volume: Number(valueOf(this, `${kind}-quota-volume`)), expiry_date: `${valueOf(this, `${kind}-quota-expiry`)} 23:59:59`,
      threshold_percentage: Number(valueOf(this, `${kind}-quota-threshold`) || 0), status: { id: 1 },
    };
    if (kind === 'data') body.action_on_exhaustion = { id: Number(valueOf(this, 'data-quota-action') || 1) };
    return this.act(async () => { await created(`/api/v1/endpoint/${this.deviceId}/quota/${kind}`, body); this.editing = null; });
  }

  private quotaCard(kind: Kind) {
    const q = kind === 'sms' ? this.sms : this.data, write = canWrite();
    const unit = kind === 'sms' ? 'SMS' : 'MB', title = kind === 'sms' ? 'SMS quota' : 'Data quota', lower = kind === 'sms' ? 'SMS quota' : 'data quota';
    const fmt = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 3 });
    return html`<sl-card id="${kind}-quota"><h2>${title}</h2>
      ${!this.loaded ? html`<sl-spinner></sl-spinner>` : q ? html`<dl class="props">
        <dt>Status</dt><dd><sl-badge class="quota-status" variant=${QUOTA_VARIANT[q.status.id] ?? 'neutral'}>${q.status.description}</sl-badge></dd>
        <dt>Left</dt><dd class="quota-volume">${fmt(q.volume)} ${unit} <span class="muted">of ${fmt(q.last_volume_added)}</span></dd>
        <dt>Expires</dt><dd>${when(quotaDate(q.expiry_date))}</dd>
        <dt>Threshold</dt><dd>${q.threshold_percentage} % (${fmt(q.threshold_volume)} ${unit})</dd>
        ${kind === 'data' ? html`<dt>When used up</dt><dd>${q.action_on_exhaustion.description}${q.action_on_exhaustion.peak_throughput ? ` to ${q.action_on_exhaustion.peak_throughput.toLocaleString()} B/s` : ''}</dd>` : ''}</dl>`
        : empty(`No ${lower}`, write ? `Set one below; it is enforced when the service profile has "Apply ${lower}".` : 'An administrator can set one.')}
      ${write ? this.editing === kind ? html`<form class="row quota-form" style="margin-top:.75rem" @submit=${(e: Event) => this.setQuota(e, kind)}>
          <sl-input id="${kind}-quota-volume" label="Volume (${unit})" type="number" min="0" step=${kind === 'sms' ? '1' : 'any'} required .value=${q ? String(q.last_volume_added) : ''} size="small"></sl-input>
          <sl-input id="${kind}-quota-expiry" label="Expires at the end of" type="date" required .value=${q ? (parseDate(quotaDate(q.expiry_date))?.toISOString().slice(0, 10) ?? nextMonth()) : nextMonth()} size="small"></sl-input>
          <sl-input id="${kind}-quota-threshold" label="Threshold (%)" type="number" min="0" max="100" .value=${String(q?.threshold_percentage ?? 80)} size="small"></sl-input>
          ${kind === 'data' ? html`<sl-select id="data-quota-action" label="When used up" size="small" .value=${String(q?.action_on_exhaustion.id ?? 1)}>
            <sl-option value="1">Block</sl-option><sl-option value="2">Throttle</sl-option></sl-select>` : ''}
          <sl-button type="submit" size="small" variant="primary" id="save-${kind}-quota">Save</sl-button>
          <sl-button size="small" @click=${() => { this.editing = null; this.requestUpdate(); }}>Cancel</sl-button></form>`
        : html`<div class="row" style="margin-top:.75rem"><sl-button size="small" id="edit-${kind}-quota" @click=${() => { this.editing = kind; this.requestUpdate(); }}>${q ? 'Refill or change' : `Set ${lower}`}</sl-button>
          ${q ? html`<sl-button size="small" id="delete-${kind}-quota" @click=${() => this.act(() => send('DELETE', `/api/v1/endpoint/${this.deviceId}/quota/${kind}`))}>Remove</sl-button>` : ''}</div>` : ''}
    </sl-card>`;
  }

  private blacklistCard() {
    const write = canWrite();
    const free = this.operators.filter(o => !this.blacklist.some(b => b.id === o.id));
    return html`<sl-card id="operator-blacklist"><h2>Operator blacklist</h2>
      ${this.blacklist.length === 0 ? empty('No operator blacklisted', 'The device may attach through any operator.') : html`
        <ul class="plain">${this.blacklist.map(o => html`<li data-operator-id=${o.id}>${o.name} <span class="muted">${o.country?.name ?? ''}</span>
          ${write ? html`<sl-button size="small" class="unblacklist" @click=${() => this.act(() => send('DELETE', `/api/v1/endpoint/${this.deviceId}/operator_blacklist/${o.id}`))}>Allow</sl-button>` : ''}</li>`)}</ul>`}
      ${write && free.length ? html`<form class="row" style="margin-top:.75rem" @submit=${(e: Event) => { e.preventDefault(); const id = valueOf(this, 'blacklist-operator'); if (id) void this.act(() => send('PUT', `/api/v1/endpoint/${this.deviceId}/operator_blacklist/${id}`)); }}>
          <sl-select id="blacklist-operator" label="Operator" size="small" placeholder="Choose" required>${free.map(o => html`<sl-option value=${String(o.id)}>${o.name} (${o.country?.name ?? ''})</sl-option>`)}</sl-select>
          <sl-button type="submit" size="small" id="add-blacklist">Blacklist</sl-button></form>` : ''}
      <p class="muted">The simulated handset cannot attach through a blacklisted operator.</p></sl-card>`;
  }

  private sessionCard() {
    const c = this.connectivity, s = c?.pdp_context;
    return html`<sl-card id="data-session"><h2>Network and data session</h2>
      ${!c ? html`<sl-spinner></sl-spinner>` : html`<dl class="props">
        <dt>Status</dt><dd>${c.status.description}</dd>
        ${c.location ? html`<dt>Operator</dt><dd id="serving-operator">${c.location.operator.name} <span class="muted">${c.location.country.name} · ${c.location.rat_type.description}</span></dd>
          <dt>Registered</dt><dd>${when(c.location.last_updated)}</dd>` : ''}
        ${s ? html`<dt>APN</dt><dd>${s.apn}</dd><dt>Device IP</dt><dd>${s.ue_ip_address ?? '—'}</dd><dt>Session since</dt><dd>${when(s.created)}</dd>
          <dt>Volume</dt><dd id="session-volume">${s.volume.total.toLocaleString(undefined, { maximumFractionDigits: 3 })} MB <span class="muted">(up ${s.volume.tx.toLocaleString(undefined, { maximumFractionDigits: 3 })}, down ${s.volume.rx.toLocaleString(undefined, { maximumFractionDigits: 3 })})</span></dd>` : ''}</dl>
        ${!c.location && !s ? empty('Not registered', 'Attach the handset in the simulator panel.') : ''}
        ${this.usage ? html`<p class="muted" id="usage">This month: ${mb(this.usage.current_month.data.volume)} MB of data, ${this.usage.current_month.sms.volume.toLocaleString()} SMS · last hour: ${mb(this.usage.last_hour.data.volume)} MB</p>` : ''}
        ${canWrite() ? html`<div class="row">${s ? html`
          <form class="row" @submit=${(e: Event) => { e.preventDefault(); void this.act(() => send('POST', `/api/simulator/devices/${this.deviceId}/consume`, { megabytes: Number(valueOf(this, 'consume-mb')) })); }}>
            <sl-input id="consume-mb" label="The device uses (MB)" type="number" min="0.001" step="any" value="5" size="small" required></sl-input>
            <sl-button type="submit" size="small" id="consume">Use data</sl-button></form>
          <sl-button size="small" id="end-session" @click=${() => this.act(() => send('PATCH', `/api/v1/endpoint/${this.deviceId}/connectivity`, { pdp_context: null }))}>End the data session</sl-button>`
          : c.location ? html`<sl-button size="small" id="open-session" @click=${() => this.act(() => send('POST', `/api/simulator/devices/${this.deviceId}/session`, {}))}>Open a data session (simulator)</sl-button>` : ''}</div>` : ''}`}
    </sl-card>`;
  }

  render() {
    return html`${this.errorBox()}<div class="grid">${this.quotaCard('sms')}${this.quotaCard('data')}${this.blacklistCard()}${this.sessionCard()}</div>`;
  }
}
customElements.define('cg-device-limits', DeviceLimits);
