import { html } from 'lit';
import { Page, empty, statusBadge, valueOf, when } from '../ui';
import { api, canWrite, created, page, type Page as Paged } from '../api';

export interface Device {
  id: number; name: string; tags?: string | null; created: string; last_updated: string; status: { id: number; description: string };
  service_profile?: { id: number; name: string }; tariff_profile?: { id: number; name: string };
  sim?: { id: number; iccid: string; imsi: string; msisdn: string; status: { id: number; description: string } };
  imei?: string | null; ip_address?: string | null;
}
interface Named { id: number; name?: string; iccid?: string; msisdn?: string }

const PER_PAGE = 50;

/** Server paging, filtering and sorting (the API's page/q/sort), so 100,000 devices cost one page of 50. */
class Devices extends Page {
  data: Paged<Device> | null = null;
  pageNo = 1; sort = 'id'; search = ''; status = ''; creating = false;
  profiles: Named[] = []; tariffs: Named[] = []; sims: Named[] = [];
  private debounce = 0;

  connectedCallback() {
    super.connectedCallback();
    // Live: a device created or deleted, or one on this page changed (a device list of 100,000 re-reads one page).
    this.live(c => c.kind === 'device' && (c.endpointId === undefined || !!this.data?.items.some(x => x.id === c.endpointId)), () => this.load(), 10000, 300);
  }

  private query() {
    const q: string[] = [];
    const s = this.search.trim();
    if (s) q.push(/^\d{10,}$/.test(s) ? (s.length >= 18 ? `iccid:${s}` : `msisdn:${s}`) : `name:${s}`);
    if (this.status) q.push(`status:${this.status}`);
    return `page=${this.pageNo}&per_page=${PER_PAGE}&sort=${encodeURIComponent(this.sort)}${q.length ? `&q=${encodeURIComponent(q.join(','))}` : ''}`;
  }
  async load() {
    try { this.data = await page<Device>(`/api/v1/endpoint?${this.query()}`); this.error = ''; } catch (e) { this.fail(e); }
    this.requestUpdate();
  }
  private marked = false;
  protected updated() {
    // The moment the first page of devices is on screen, for the browser test's first-paint figure (docs/portal.md).
    if (this.data && !this.marked) { this.marked = true; requestAnimationFrame(() => performance.mark('cg:devices-painted')); }
  }
  private onSearch(e: Event) {
    this.search = (e.target as HTMLInputElement).value; this.pageNo = 1;
    clearTimeout(this.debounce); this.debounce = window.setTimeout(() => this.load(), 250);
  }
  private sortBy(field: string) { this.sort = this.sort === field ? `-${field}` : field; this.pageNo = 1; void this.load(); }
  private go(p: number) { this.pageNo = p; void this.load(); }

  private async openCreate() {
    this.creating = true; this.requestUpdate();
    try {
      [this.profiles, this.tariffs, this.sims] = await Promise.all([
        api<Named[]>('/api/v1/service_profile'), api<Named[]>('/api/v1/tariff_profile'), api<Named[]>('/api/v1/sim?q=endpoint:null&per_page=100')]);
    } catch (e) { this.fail(e); }
    this.requestUpdate();
  }
  private async create(e: Event) {
    e.preventDefault();
    const sim = valueOf(this, 'new-sim');
    const body: Record<string, unknown> = {
      name: valueOf(this, 'new-name'), status: { id: Number(valueOf(this, 'new-status') || 0) },
      service_profile: { id: Number(valueOf(this, 'new-service-profile')) }, tariff_profile: { id: Number(valueOf(this, 'new-tariff-profile')) },
    };
    if (sim) body.sim = { id: Number(sim) };
    try {
      const res = await created('/api/v1/endpoint', body);
      this.creating = false;
      location.hash = `#/devices/${(res.body as Device).id}`;
    } catch (err) { this.fail(err); }
  }

  private header(field: string, label: string, cls = '') {
    const dir = this.sort === field ? 'ascending' : this.sort === `-${field}` ? 'descending' : 'none';
    return html`<th class=${cls} aria-sort=${dir}><button @click=${() => this.sortBy(field)} title="Sort by ${label}">${label}${dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}</button></th>`;
  }

  render() {
    const d = this.data;
    return html`<h1>Devices</h1>${this.errorBox()}
      <div class="toolbar">
        <sl-input class="grow" id="device-search" label="Search" placeholder="Name prefix, ICCID or MSISDN" clearable .value=${this.search} @sl-input=${this.onSearch} @sl-clear=${this.onSearch}></sl-input>
        <sl-select id="status-filter" label="Status" .value=${this.status} @sl-change=${(e: Event) => { this.status = (e.target as HTMLSelectElement).value; this.pageNo = 1; void this.load(); }} clearable placeholder="Any">
          <sl-option value="0">Enabled</sl-option><sl-option value="1">Disabled</sl-option></sl-select>
        ${canWrite() ? html`<sl-button variant="primary" id="new-device" @click=${this.openCreate}>New device</sl-button>` : ''}
      </div>
      ${!d ? html`<sl-spinner></sl-spinner>` : d.items.length === 0 ? (this.search || this.status
        ? empty('No device matches', 'Name search matches the beginning of the name, and is case-sensitive. Clear the filters to see all.')
        : empty('No devices yet', canWrite() ? 'Create one with "New device", or with POST /api/v1/endpoint.' : 'An administrator of your organisation can create them.')) : html`
      <table class="data" id="devices">
        <caption class="muted" style="caption-side:bottom;text-align:left;padding-top:.4rem">${d.total.toLocaleString()} devices</caption>
        <thead><tr>${this.header('id', 'ID')}${this.header('name', 'Name')}${this.header('status', 'Status')}<th class="wide">ICCID</th><th class="wide">MSISDN</th><th class="wide">IP address</th>${this.header('last_updated', 'Last updated', 'wide')}</tr></thead>
        <tbody>${d.items.map(x => html`<tr>
          <td>${x.id}</td><td><a href="#/devices/${x.id}">${x.name}</a></td><td>${statusBadge(x.status)}</td>
          <td class="wide">${x.sim?.iccid ?? '—'}</td><td class="wide">${x.sim?.msisdn ?? '—'}</td><td class="wide">${x.ip_address ?? '—'}</td><td class="wide">${when(x.last_updated)}</td></tr>`)}
        </tbody></table>
      <div class="pager" role="navigation" aria-label="Pages">
        <sl-button size="small" ?disabled=${d.page <= 1} @click=${() => this.go(1)}>First</sl-button>
        <sl-button size="small" ?disabled=${d.page <= 1} @click=${() => this.go(d.page - 1)}>Previous</sl-button>
        <span aria-live="polite">Page ${d.page.toLocaleString()} of ${d.pages.toLocaleString()}</span>
        <sl-button size="small" ?disabled=${d.page >= d.pages} @click=${() => this.go(d.page + 1)}>Next</sl-button>
        <sl-button size="small" ?disabled=${d.page >= d.pages} @click=${() => this.go(d.pages)}>Last</sl-button>
      </div>`}
      <sl-dialog label="New device" ?open=${this.creating} @sl-after-hide=${(e: Event) => { if (e.target === e.currentTarget) { this.creating = false; this.requestUpdate(); } }}>
        <form id="new-device-form" @submit=${this.create} style="display:grid;gap:.8rem">
          <sl-input id="new-name" label="Name" required maxlength="200"></sl-input>
          <sl-select id="new-status" label="Status" value="0"><sl-option value="0">Enabled</sl-option><sl-option value="1">Disabled</sl-option></sl-select>
          <sl-select id="new-service-profile" label="Service profile" required .value=${String(this.profiles[0]?.id ?? '')}>${this.profiles.map(p => html`<sl-option value=${String(p.id)}>${p.name}</sl-option>`)}</sl-select>
          <sl-select id="new-tariff-profile" label="Tariff profile" required .value=${String(this.tariffs[0]?.id ?? '')}>${this.tariffs.map(p => html`<sl-option value=${String(p.id)}>${p.name}</sl-option>`)}</sl-select>
          <sl-select id="new-sim" label="SIM (optional)" clearable placeholder="No SIM">${this.sims.map(s => html`<sl-option value=${String(s.id)}>${s.iccid} · ${s.msisdn}</sl-option>`)}</sl-select>
          <sl-button type="submit" variant="primary" id="create-device">Create device</sl-button>
        </form>
      </sl-dialog>`;
  }
}
customElements.define('cg-devices', Devices);
