import { html } from 'lit';
import { Page, empty, statusBadge, valueOf, when } from '../ui';
import { api, canWrite, send } from '../api';

interface Token { id: number; description?: string; created: string; expiry_date?: string; status: { id: number; description: string }; creator?: { username: string }; ip?: string }

/** Application tokens: create (the secret shown once), list, revoke. */
class Tokens extends Page {
  tokens: Token[] | null = null; secret = ''; confirming = 0;
  connectedCallback() { super.connectedCallback(); void this.load(); }
  async load() { try { this.tokens = await api<Token[]>('/api/v1/application_token'); } catch (e) { this.fail(e); } this.requestUpdate(); }
  private async create(e: Event) {
    e.preventDefault();
    const body: Record<string, string> = { description: valueOf(this, 'token-description') };
    const expiry = valueOf(this, 'token-expiry'), ip = valueOf(this, 'token-ip');
    if (expiry) body.expiry_date = expiry;
    if (ip) body.ip = ip;
    try {
      const res = await api<{ application_token: string }>('/api/v1/application_token', { method: 'POST', body: JSON.stringify(body) });
      this.secret = res.application_token; this.error = '';
      (this.querySelector('#new-token-form') as HTMLFormElement).reset();
    } catch (err) { this.fail(err); }
    await this.load();
  }
  private async revoke(t: Token) {
    if (this.confirming !== t.id) { this.confirming = t.id; this.requestUpdate(); return; }
    this.confirming = 0;
    try { await send('PATCH', `/api/v1/application_token/${t.id}`, { status: { id: 1 } }); } catch (e) { this.fail(e); }
    await this.load();
  }
  render() {
    const write = canWrite();
    return html`<h1>Application tokens</h1>${this.errorBox()}
      <p class="muted">A script exchanges an application token for an auth token with <code>POST /api/v1/authenticate</code>. A token carries the role of the user who created it.</p>
      ${this.secret ? html`<sl-alert variant="warning" open id="new-token-secret">
        <strong>Copy this token now. It is shown only once</strong>: Cellgate keeps only its hash and cannot show it again.
        <div class="row" style="margin-top:.5rem;align-items:center"><div class="secret" id="secret-value">${this.secret}</div>
          <sl-copy-button value=${this.secret} copy-label="Copy the token" success-label="Copied"></sl-copy-button></div>
        <sl-button size="small" style="margin-top:.5rem" @click=${() => { this.secret = ''; this.requestUpdate(); }}>I have stored it</sl-button></sl-alert>` : ''}
      ${write ? html`<sl-card style="margin:1rem 0"><form id="new-token-form" class="row" @submit=${this.create}>
        <sl-input id="token-description" label="Description" required placeholder="e.g. billing integration"></sl-input>
        <sl-input id="token-expiry" label="Expires (optional)" type="date"></sl-input>
        <sl-input id="token-ip" label="Allowed IP range (optional)" placeholder="10.0.0.0/8"></sl-input>
        <sl-button type="submit" variant="primary" id="create-token">Create token</sl-button></form></sl-card>` : ''}
      ${!this.tokens ? html`<sl-spinner></sl-spinner>` : this.tokens.length === 0 ? empty('No application tokens', write ? 'Create one above for each script or integration.' : 'An administrator can create them.') : html`
      <table class="data" id="tokens"><thead><tr><th>ID</th><th>Description</th><th>Status</th><th class="wide">Created</th><th class="wide">Expires</th><th class="wide">Creator</th><th class="wide">IP range</th>${write ? html`<th><span class="muted">Actions</span></th>` : ''}</tr></thead>
      <tbody>${this.tokens.map(t => html`<tr data-token-id=${t.id}><td>${t.id}</td><td>${t.description ?? '—'}</td><td>${statusBadge(t.status)}</td>
        <td class="wide">${when(t.created)}</td><td class="wide">${t.expiry_date ? when(t.expiry_date) : 'never'}</td><td class="wide">${t.creator?.username ?? '—'}</td><td class="wide">${t.ip ?? 'any'}</td>
        ${write ? html`<td>${t.status.id === 0 ? html`<sl-button size="small" variant=${this.confirming === t.id ? 'danger' : 'default'} class="revoke" @click=${() => this.revoke(t)}>${this.confirming === t.id ? 'Confirm revoke' : 'Revoke'}</sl-button>` : ''}</td>` : ''}</tr>`)}
      </tbody></table>`}`;
  }
}
customElements.define('cg-tokens', Tokens);
