import { html } from 'lit';
import { Page, statusBadge, when } from '../ui';
import { api, currentSession, send } from '../api';
import { sha1Hex } from '../sha1';

interface Me { id: number; username: string; name?: string; created?: string; last_login?: string; status: { id: number; description: string }; roles?: { description: string }[] }
interface Org { id: number; name: string; organisation_type?: { description: string }; status?: { id: number; description: string } }

/** The signed-in user: who they are, their organisation, and a password change (both passwords sent as SHA-1 hex). */
class Account extends Page {
  me: Me | null = null; org: Org | null = null; done = false;
  connectedCallback() {
    super.connectedCallback();
    const s = currentSession();
    Promise.all([s?.userId ? api<Me>(`/api/v1/user/${s.userId}`) : Promise.resolve(null), api<Org>('/api/v1/organisation/my')])
      .then(([me, org]) => { this.me = me; this.org = org; this.requestUpdate(); }, e => this.fail(e));
  }
  private async change(e: Event) {
    e.preventDefault();
    const get = (id: string) => (this.querySelector(`#${id}`) as HTMLInputElement & { value: string }).value;
    if (get('new-password') !== get('new-password-again')) { this.fail(new Error('The new passwords differ.')); return; }
    try {
      await send('PATCH', '/api/v1/user/password', { old_password: await sha1Hex(get('old-password')), new_password: await sha1Hex(get('new-password')) });
      this.done = true; this.error = '';
      (this.querySelector('#password-form') as HTMLFormElement).reset();
    } catch (err) { this.fail(err); }
    this.requestUpdate();
  }
  render() {
    const s = currentSession();
    return html`<h1>My account</h1>${this.errorBox()}
      <div class="grid">
        <sl-card><h2>You</h2><dl class="props"><dt>Username</dt><dd>${s?.username}</dd><dt>Name</dt><dd>${this.me?.name ?? '—'}</dd>
          <dt>Role</dt><dd>${s?.role}</dd><dt>Status</dt><dd>${statusBadge(this.me?.status, [1])}</dd><dt>Since</dt><dd>${when(this.me?.created)}</dd></dl></sl-card>
        <sl-card><h2>Organisation</h2><dl class="props"><dt>Name</dt><dd>${this.org?.name ?? s?.orgName}</dd><dt>ID</dt><dd>${s?.orgId}</dd>
          <dt>Type</dt><dd>${this.org?.organisation_type?.description ?? '—'}</dd><dt>Status</dt><dd>${statusBadge(this.org?.status, [1])}</dd></dl></sl-card>
        <sl-card><h2>Change password</h2>
          ${this.done ? html`<sl-alert variant="success" open>Password changed. Your other sessions end when their tokens expire; refresh tokens were revoked.</sl-alert>` : ''}
          <form id="password-form" @submit=${this.change} style="display:grid;gap:.8rem">
            <sl-input id="old-password" type="password" label="Current password" autocomplete="current-password" required password-toggle></sl-input>
            <sl-input id="new-password" type="password" label="New password" autocomplete="new-password" required password-toggle></sl-input>
            <sl-input id="new-password-again" type="password" label="New password again" autocomplete="new-password" required password-toggle></sl-input>
            <sl-button type="submit" variant="primary" id="change-password">Change password</sl-button></form></sl-card>
      </div>`;
  }
}
customElements.define('cg-account', Account);
