import { html } from 'lit';
import { Page, empty } from '../ui';
import { api, canWrite, page, send } from '../api';
import { circuitBadge, followUp, lastAnswer, type ApiCallback, type WebhookDelivery } from './integrations';

interface Stats { attached: number; received: number; duplicates_suppressed: number; sms_by_status: Record<string, number> }
interface SmsStats { since: string; until: string; total: number; by_status: Record<string, number>; by_type: Record<string, number> }
const VARIANT: Record<string, string> = { DELIVERED: 'success', BUFFERED: 'warning', FAILED: 'danger', EXPIRED: 'danger', CANCELED: 'neutral' };
const ORDER = ['DELIVERED', 'IN PROGRESS', 'DELIVERY ATTEMPT PENDING', 'BUFFERED', 'FAILED', 'EXPIRED', 'CANCELED'];

/** A small bar chart rendered from the data (no chart library: a few labelled bars are all the dashboard needs). */
function bars(id: string, rows: [string, number, string][]) {
  const max = Math.max(1, ...rows.map(r => r[1]));
  return html`<div class="bars" id=${id}>${rows.map(([label, n, variant]) => html`
    <div class="bar" data-label=${label}><span>${label}</span><span class="track" role="img" aria-label="${label}: ${n}"><span class="fill ${variant}" style="width:${(100 * n) / max}%"></span></span><strong>${n.toLocaleString()}</strong></div>`)}</div>`;
}

/** Devices by status (one paged count per status), SMS of the last hour by status, the simulator's handsets. */
class Dashboard extends Page {
  devices: [string, number, string][] | null = null;
  recent: SmsStats | null = null;
  stats: Stats | null = null;
  webhooks: { failed: WebhookDelivery[]; failedTotal: number; expiredTotal: number; pendingTotal: number; callbacks: ApiCallback[] } | null = null;
  connectedCallback() {
    super.connectedCallback();
    // Coalesced: a busy organisation's stream of changes costs one refresh a second at most.
    this.live(c => c.kind === 'sms' || c.kind === 'device' || c.kind === 'handset', async () => {
      const [enabled, disabled, recent, stats] = await Promise.all([
        page('/api/v1/endpoint?q=status:0&per_page=1'), page('/api/v1/endpoint?q=status:1&per_page=1'),
        api<SmsStats>('/api/v1/sms/stats'), api<Stats>('/api/simulator/stats'),
      ]);
      this.devices = [['Enabled', enabled.total, 'success'], ['Disabled', disabled.total, 'neutral']];
      this.recent = recent; this.stats = stats;
      this.requestUpdate();
    }, 5000, 1000);
    // Webhooks failing: the delivery log's failed / expired / pending counts (X-Total-Count) and the callbacks whose
    // circuit is not closed. Webhooks follow SMS, so SMS changes re-read it (at most every 2 s).
    this.live(c => c.kind === 'sms', () => this.loadWebhooks(), 10000, 2000);
  }
  async loadWebhooks() {
    const [failed, expired, pending, callbacks] = await Promise.all([
      page<WebhookDelivery>('/api/v1/webhook_delivery?state=failed&per_page=3'), page('/api/v1/webhook_delivery?state=expired&per_page=1'),
      page('/api/v1/webhook_delivery?state=pending&per_page=1'), api<ApiCallback[]>('/api/v1/api_callback')]);
    this.webhooks = { failed: failed.items, failedTotal: failed.total, expiredTotal: expired.total, pendingTotal: pending.total, callbacks };
    this.requestUpdate();
  }
  private async replay(w: WebhookDelivery) {
    try { await send('POST', `/api/v1/webhook_delivery/${w.id}/replay`); this.error = ''; } catch (e) { this.fail(e); }
    await this.loadWebhooks().catch(e => this.fail(e));
    followUp(() => this.loadWebhooks());
  }
  private webhookCard() {
    const w = this.webhooks;
    if (!w) return html`<sl-card id="webhooks-failing"><h2>Webhooks failing</h2><sl-spinner></sl-spinner></sl-card>`;
    const tripped = w.callbacks.filter(c => c.circuit_state !== 'closed');
    const failing = w.failedTotal + w.expiredTotal;
    return html`<sl-card id="webhooks-failing"><h2>Webhooks failing</h2>
      ${w.callbacks.length === 0 && failing === 0 ? empty('No API callbacks', html`Add one under <a href="#/integrations">Integrations</a> and choose it on a service profile to receive SMS events.`) : html`
      ${bars('webhook-states', [['Failed', w.failedTotal, 'danger'], ['Expired', w.expiredTotal, 'danger'], ['Pending (retrying)', w.pendingTotal, 'warning']])}
      ${tripped.length ? html`<ul class="plain" id="tripped-callbacks">${tripped.map(c => html`<li>${circuitBadge(c.circuit_state)} <span class="url">${c.url}</span></li>`)}</ul>`
        : html`<p class="muted" id="circuits-closed">All ${w.callbacks.length} callback destination${w.callbacks.length === 1 ? '' : 's'} accept webhooks (circuits closed).</p>`}
      ${w.failed.length ? html`<h3 class="muted small">Newest failed</h3><ul class="plain failed-list" id="failed-webhooks">${w.failed.map(f => html`<li data-webhook-id=${f.id}>
          <div class="grow"><span class="url">#${f.id} ${f.url}</span><br><span class="muted answer">${lastAnswer(f)}</span></div>
          ${canWrite() ? html`<sl-button size="small" class="replay" @click=${() => this.replay(f)}>Replay</sl-button>` : ''}</li>`)}</ul>` : ''}`}
      <p class="muted"><a href="#/webhooks?state=failed" id="webhook-log-link">Delivery log${failing ? ` (${failing.toLocaleString()} failed or expired)` : ''}</a> · <a href="#/integrations">API callbacks</a></p></sl-card>`;
  }
  render() {
    const r = this.recent;
    const sms = r ? Object.entries(r.by_status).sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0])).map(([k, n]) => [k, n, VARIANT[k] ?? ''] as [string, number, string]) : [];
    return html`<h1>Dashboard</h1>${this.errorBox()}
      <div class="grid">
        <sl-card><h2>Devices by status</h2>${this.devices ? bars('devices-by-status', this.devices) : html`<sl-spinner></sl-spinner>`}
          <p class="muted"><a href="#/devices">All devices</a></p></sl-card>
        <sl-card><h2>SMS in the last hour</h2>${!r ? html`<sl-spinner></sl-spinner>` : sms.length ? bars('sms-last-hour', sms) : empty('No SMS in the last hour', html`Open a <a href="#/devices">device</a> and send one from its SMS console.`)}
          ${r ? html`<p class="muted" id="sms-last-hour-total">${r.total.toLocaleString()} in all · ${(r.by_type.MT ?? 0).toLocaleString()} MT, ${(r.by_type.MO ?? 0).toLocaleString()} MO</p>` : ''}</sl-card>
        <sl-card><h2>Network simulator</h2>${!this.stats ? html`<sl-spinner></sl-spinner>` : html`
          <dl class="props"><dt>Handsets attached</dt><dd id="handsets-attached">${this.stats.attached.toLocaleString()}</dd>
            <dt>SMS received by handsets</dt><dd>${this.stats.received.toLocaleString()}</dd>
            <dt>Duplicates suppressed</dt><dd>${this.stats.duplicates_suppressed.toLocaleString()}</dd></dl>`}</sl-card>
        ${this.webhookCard()}
      </div>`;
  }
}
customElements.define('cg-dashboard', Dashboard);
