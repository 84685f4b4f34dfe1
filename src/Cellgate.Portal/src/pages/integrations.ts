// Integrations: the organisation's API callbacks and API secrets (referenced by service profiles), and the webhook
// delivery log with its replay action. The same routes a script uses: /api/v1/api_callback, /api/v1/api_secret,
// /api/v1/webhook_delivery (docs/webhooks.md).
import { html } from 'lit';
import { Page, empty, hashQuery, valueOf, when } from '../ui';
import { api, canWrite, created, page, send, type Page as Paged } from '../api';

export interface ApiCallback { id: number; url: string; purpose?: string; organisation_id: string; circuit_state: 'closed' | 'open' | 'half_open' }
export interface ApiSecret { id: number; purpose?: string; organisation_id: string }
export interface WebhookDelivery {
  id: number; webhook_id: string; kind: string; destination: { type: string; id: number }; method: string; url: string; state: string; attempts: number;
  created: string; expires_at: string; next_attempt?: string; last_attempt?: string; last_status_code?: number; last_error?: string; final_date?: string; sms_id?: number;
}

const CIRCUIT: Record<string, [string, string]> = { closed: ['success', 'closed'], open: ['danger', 'open: held back'], half_open: ['warning', 'half-open: trying'] };
export const circuitBadge = (state: string) => {
  const [variant, text] = CIRCUIT[state] ?? ['neutral', state];
  return html`<sl-badge class="circuit" data-state=${state} variant=${variant}>${text}</sl-badge>`;
};
const STATE_VARIANT: Record<string, string> = { delivered: 'success', failed: 'danger', expired: 'danger', pending: 'warning', in_flight: 'primary' };
export const webhookBadge = (state: string) => html`<sl-badge class="webhook-state" data-state=${state} variant=${STATE_VARIANT[state] ?? 'neutral'}>${state.replace('_', ' ')}</sl-badge>`;
export const replayable = (w: WebhookDelivery) => w.state === 'failed' || w.state === 'expired';
export const lastAnswer = (w: WebhookDelivery) => w.last_status_code ? `HTTP ${w.last_status_code}${w.last_error ? ` · ${w.last_error}` : ''}` : w.last_error ?? '—';

/** API callbacks (URL, purpose, the destination's circuit) and API secrets (the value entered once, never shown). */
class Integrations extends Page {
  callbacks: ApiCallback[] | null = null; secrets: ApiSecret[] | null = null; confirming = '';
  connectedCallback() { super.connectedCallback(); this.live(() => false, () => this.load(), 10000); }
  async load() {
    [this.callbacks, this.secrets] = await Promise.all([api<ApiCallback[]>('/api/v1/api_callback'), api<ApiSecret[]>('/api/v1/api_secret')]);
    this.requestUpdate();
  }
  private async act(fn: () => Promise<unknown>) {
    try { await fn(); this.error = ''; } catch (e) { this.fail(e); }
    await this.load().catch(e => this.fail(e));
  }
  private createCallback(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body: Record<string, string> = { url: valueOf(this, 'callback-url') };
    const purpose = valueOf(this, 'callback-purpose');
    if (purpose) body.purpose = purpose;
    return this.act(async () => { await created('/api/v1/api_callback', body); form.reset(); });
  }
  private createSecret(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    // Read straight from the field (not trimmed: a secret is taken as typed) and cleared at once, success or not.
    const input = this.querySelector('#secret-value-input') as HTMLElement & { value: string };
    const body: Record<string, string> = { secret: input.value };
    const purpose = valueOf(this, 'secret-purpose');
    if (purpose) body.purpose = purpose;
    input.value = '';
    return this.act(async () => { await created('/api/v1/api_secret', body); form.reset(); });
  }
  /** Delete with a second click to confirm (key: "callback-3", "secret-1"). */
  private deleteItem(key: string, path: string) {
    if (this.confirming !== key) { this.confirming = key; this.requestUpdate(); return; }
    this.confirming = '';
    void this.act(() => send('DELETE', path));
  }
  private deleteButton(key: string, path: string, what: string) {
    const confirm = this.confirming === key;
    return html`<sl-button size="small" class="delete" variant=${confirm ? 'danger' : 'default'} title=${`Delete ${what}`}
      @click=${() => this.deleteItem(key, path)}>${confirm ? 'Confirm delete' : 'Delete'}</sl-button>`;
  }
  render() {
    const write = canWrite();
    return html`<h1>Integrations</h1>${this.errorBox()}
      <p class="muted">A service profile sends its devices' SMS events (delivery reports, MO SMS) to its <strong>API callback</strong>, signed with its
        <strong>API secret</strong>. Choose them for a profile on <a href="#/profiles">Service profiles</a>; follow what was sent in the <a href="#/webhooks">webhook log</a>.</p>
      <div class="grid">
      <sl-card id="api-callbacks"><h2>API callbacks</h2>
        ${write ? html`<form id="new-callback-form" class="row" @submit=${this.createCallback}>
          <sl-input id="callback-url" label="URL (http or https)" type="url" required maxlength="2000" placeholder="https://example.com/cellgate" class="grow"></sl-input>
          <sl-input id="callback-purpose" label="Purpose (optional)" maxlength="200"></sl-input>
          <sl-button type="submit" variant="primary" id="create-callback">Add callback</sl-button></form>` : ''}
        ${!this.callbacks ? html`<sl-spinner></sl-spinner>` : this.callbacks.length === 0 ? empty('No API callbacks', write ? 'Add the URL of your server above, then choose it on a service profile.' : 'An administrator can add them.') : html`
        <table class="data" id="callbacks"><thead><tr><th>ID</th><th>URL</th><th class="wide">Purpose</th><th>Circuit</th>${write ? html`<th><span class="muted">Actions</span></th>` : ''}</tr></thead>
        <tbody>${this.callbacks.map(c => html`<tr data-callback-id=${c.id}><td>${c.id}</td><td class="url">${c.url}</td><td class="wide">${c.purpose ?? '—'}</td><td>${circuitBadge(c.circuit_state)}</td>
          ${write ? html`<td>${this.deleteButton(`callback-${c.id}`, `/api/v1/api_callback/${c.id}`, `callback ${c.url}`)}</td>` : ''}</tr>`)}</tbody></table>`}
        <p class="muted">Circuit: after repeated failures Cellgate holds a destination's webhooks back for a while (open), then tries one (half-open).</p>
      </sl-card>
      <sl-card id="api-secrets"><h2>API secrets</h2>
        ${write ? html`<form id="new-secret-form" class="row" @submit=${this.createSecret} autocomplete="off">
          <sl-input id="secret-value-input" label="Secret (8 to 512 characters)" type="password" required minlength="8" maxlength="512" password-toggle autocomplete="new-password" class="grow"></sl-input>
          <sl-input id="secret-purpose" label="Purpose (optional)" maxlength="200"></sl-input>
          <sl-button type="submit" variant="primary" id="create-secret">Add secret</sl-button></form>
          <p class="muted">Entered once: Cellgate stores it encrypted and never shows it again. Keep a copy where your receiver checks the signatures.</p>` : ''}
        ${!this.secrets ? html`<sl-spinner></sl-spinner>` : this.secrets.length === 0 ? empty('No API secrets', write ? 'Add one above (32 or more random characters), then choose it on a service profile.' : 'An administrator can add them.') : html`
        <table class="data" id="secrets"><thead><tr><th>ID</th><th>Purpose</th><th>Value</th>${write ? html`<th><span class="muted">Actions</span></th>` : ''}</tr></thead>
        <tbody>${this.secrets.map(s => html`<tr data-secret-id=${s.id}><td>${s.id}</td><td>${s.purpose ?? '—'}</td><td class="muted">hidden</td>
          ${write ? html`<td>${this.deleteButton(`secret-${s.id}`, `/api/v1/api_secret/${s.id}`, `secret ${s.id}`)}</td>` : ''}</tr>`)}</tbody></table>`}
      </sl-card></div>`;
  }
}
customElements.define('cg-integrations', Integrations);

/**
 * A replayed webhook's outcome comes from the dispatcher, which the live stream does not announce: re-read a few
 * times over the next seconds (bounded) so the new attempt shows without waiting for the 30 s re-read.
 */
export function followUp(fn: () => Promise<unknown>) {
  for (const ms of [1000, 3000, 6000, 10000]) setTimeout(() => { if (!document.hidden) void fn().catch(() => {}); }, ms);
}

interface DemoWebhook { id: number; received: string; method: string; webhook_id?: string; signed: boolean; body: string }

const STATES = ['failed', 'expired', 'pending', 'in_flight', 'delivered'];

/** The webhook delivery log, newest first, filtered by state; Replay sends a failed or expired webhook again. */
class Webhooks extends Page {
  data: Paged<WebhookDelivery> | null = null; state = hashQuery().get('state') ?? ''; pageNo = 1;
  /** What the built-in demo receiver got (the operator's organisation only; null when the server refuses it). */
  demo: DemoWebhook[] | null = null;
  connectedCallback() {
    super.connectedCallback();
    // Webhooks follow SMS (delivery reports, MO): re-read on the stream's SMS changes, at most every 2 s.
    this.live(c => c.kind === 'sms', () => this.load(), 5000, 2000);
  }
  async load() {
    const q = this.state ? `&state=${this.state}` : '';
    [this.data, this.demo] = await Promise.all([page<WebhookDelivery>(`/api/v1/webhook_delivery?page=${this.pageNo}&per_page=50${q}`),
      api<DemoWebhook[]>('/api/v1/demo/webhook_receiver').catch(() => null)]);
    this.requestUpdate();
  }
  private async replay(w: WebhookDelivery) {
    try { await send('POST', `/api/v1/webhook_delivery/${w.id}/replay`); this.error = ''; } catch (e) { this.fail(e); }
    await this.load().catch(e => this.fail(e));
    followUp(() => this.load());
  }
  private setState(state: string) {
    this.state = state; this.pageNo = 1;
    history.replaceState(null, '', state ? `#/webhooks?state=${state}` : '#/webhooks');
    void this.load().catch(e => this.fail(e));
  }
  render() {
    const d = this.data, write = canWrite();
    return html`<h1>Webhooks</h1>${this.errorBox()}
      <p class="muted">Every webhook sent to your <a href="#/integrations">API callbacks</a>, newest first. A failed or expired one can be sent again with the same <code>webhook-id</code>.</p>
      <div class="toolbar"><sl-select id="webhook-state" label="State" clearable placeholder="Any" .value=${this.state}
          @sl-change=${(e: Event) => this.setState((e.target as HTMLSelectElement).value)}>${STATES.map(s => html`<sl-option value=${s}>${s.replace('_', ' ')}</sl-option>`)}</sl-select></div>
      ${!d ? html`<sl-spinner></sl-spinner>` : d.items.length === 0 ? empty(this.state ? `No ${this.state.replace('_', ' ')} webhooks` : 'No webhooks yet',
          this.state ? html`Nothing in this state. <a href="#/webhooks" @click=${() => this.setState('')}>Show all</a>.` : html`Choose an API callback on a <a href="#/profiles">service profile</a>: its devices' SMS events are sent there.`) : html`
      <table class="data" id="webhooks"><thead><tr><th>ID</th><th class="wide">Created</th><th>Kind</th><th>URL</th><th>State</th><th>Attempts</th><th class="wide">Last answer</th>${write ? html`<th><span class="muted">Actions</span></th>` : ''}</tr></thead>
      <tbody>${d.items.map(w => html`<tr data-webhook-id=${w.id}><td>${w.id}</td><td class="wide">${when(w.created)}</td><td>${w.kind}</td><td class="url">${w.method} ${w.url}</td>
        <td>${webhookBadge(w.state)}</td><td class="attempts">${w.attempts}</td><td class="wide">${lastAnswer(w)}${w.last_attempt ? html` · ${when(w.last_attempt)}` : ''}</td>
        ${write ? html`<td>${replayable(w) ? html`<sl-button size="small" class="replay" @click=${() => this.replay(w)}>Replay</sl-button>` : ''}</td>` : ''}</tr>`)}</tbody></table>
      <div class="pager" aria-live="polite"><sl-button size="small" ?disabled=${d.page <= 1} @click=${() => { this.pageNo = d.page - 1; void this.load(); }}>Previous</sl-button>
        <span>Page ${d.page} of ${d.pages} · ${d.total.toLocaleString()} in all</span>
        <sl-button size="small" ?disabled=${d.page >= d.pages} @click=${() => { this.pageNo = d.page + 1; void this.load(); }}>Next</sl-button></div>`}
      ${this.demo ? html`<sl-card id="demo-receiver" style="margin-top:1rem"><h2>The demo receiver</h2>
        <p class="muted">The demo service profile's callback is this server's own receiver (<code>/api/v1/demo/webhook_receiver</code>), which keeps the newest 50 it got.</p>
        ${this.demo.length === 0 ? empty('The demo receiver got nothing yet', html`Send an SMS to a demo device, or make it send an MO, from its <a href="#/devices/1">page</a>.`) : html`
        <table class="data"><thead><tr><th>Received</th><th>Method</th><th class="wide">webhook-id</th><th>Signed</th><th>Body</th></tr></thead>
        <tbody>${this.demo.slice(0, 10).map(x => html`<tr><td>${when(x.received)}</td><td>${x.method}</td><td class="wide">${x.webhook_id ?? '—'}</td><td>${x.signed ? 'yes' : 'no'}</td><td class="url">${x.body.length > 160 ? x.body.slice(0, 160) + '…' : x.body}</td></tr>`)}</tbody></table>`}</sl-card>` : ''}`;
  }
}
customElements.define('cg-webhooks', Webhooks);
