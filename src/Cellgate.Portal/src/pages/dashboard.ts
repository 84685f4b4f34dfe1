import { html } from 'lit';
import { Page, empty } from '../ui';
import { api, page } from '../api';

interface Stats { attached: number; received: number; duplicates_suppressed: number; sms_by_status: Record<string, number> }
const VARIANT: Record<string, string> = { DELIVERED: 'success', BUFFERED: 'warning', FAILED: 'danger', EXPIRED: 'danger', CANCELED: 'neutral' };

function bars(rows: [string, number, string][]) {
  const max = Math.max(1, ...rows.map(r => r[1]));
  return html`<div class="bars">${rows.map(([label, n, variant]) => html`
    <div class="bar"><span>${label}</span><span class="track" role="img" aria-label="${label}: ${n}"><span class="fill ${variant}" style="width:${(100 * n) / max}%"></span></span><strong>${n.toLocaleString()}</strong></div>`)}</div>`;
}

/** Devices by status (one paged count per status) and SMS by status (the simulator's counters). */
class Dashboard extends Page {
  devices: [string, number, string][] | null = null;
  stats: Stats | null = null;
  connectedCallback() {
    super.connectedCallback();
    this.every(5000, async () => {
      const [enabled, disabled, stats] = await Promise.all([
        page('/api/v1/endpoint?q=status:0&per_page=1'), page('/api/v1/endpoint?q=status:1&per_page=1'),
        api<Stats>('/api/simulator/stats'),
      ]);
      this.devices = [['Enabled', enabled.total, 'success'], ['Disabled', disabled.total, 'neutral']];
      this.stats = stats;
      this.requestUpdate();
    });
  }
  render() {
    const sms = this.stats ? Object.entries(this.stats.sms_by_status).map(([k, n]) => [k, n, VARIANT[k] ?? ''] as [string, number, string]) : [];
    return html`<h1>Dashboard</h1>${this.errorBox()}
      <div class="grid">
        <sl-card><h2>Devices by status</h2>${this.devices ? bars(this.devices) : html`<sl-spinner></sl-spinner>`}
          <p class="muted"><a href="#/devices">All devices</a></p></sl-card>
        <sl-card><h2>SMS by status</h2>${!this.stats ? html`<sl-spinner></sl-spinner>` : sms.length ? bars(sms) : empty('No SMS yet', html`Open a <a href="#/devices">device</a> and send one from its SMS console.`)}
          ${this.stats ? html`<p class="muted">${this.stats.attached.toLocaleString()} handsets attached · ${this.stats.received.toLocaleString()} SMS received by handsets</p>` : ''}</sl-card>
      </div>`;
  }
}
customElements.define('cg-dashboard', Dashboard);
