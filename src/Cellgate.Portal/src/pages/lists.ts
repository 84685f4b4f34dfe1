// The read-mostly screens: SIMs, service profiles, events, users and organisations, each one API list.
import { html, type TemplateResult } from 'lit';
import { Page, empty, statusBadge, valueOf, when } from '../ui';
import { api, canWrite, page, send, type Page as Paged } from '../api';
import { sha1Hex } from '../sha1';

type Status = { id: number; description: string };

/** A server-paged table with a filter box that becomes the API's q=. */
abstract class PagedList<T> extends Page {
  data: Paged<T> | null = null; pageNo = 1; filter = '';
  abstract path: string; abstract title: string; abstract filterField: string; abstract filterLabel: string;
  abstract head: string[]; abstract row(x: T): TemplateResult; abstract emptyText: string;
  perPage = 50; sort = '';
  connectedCallback() { super.connectedCallback(); void this.load(); }
  async load() {
    const q = this.filter ? `&q=${encodeURIComponent(`${this.filterField}:${this.filter}`)}` : '';
    const sort = this.sort ? `&sort=${this.sort}` : '';
    try { this.data = await page<T>(`${this.path}?page=${this.pageNo}&per_page=${this.perPage}${q}${sort}`); this.error = ''; } catch (e) { this.fail(e); }
    this.requestUpdate();
  }
  render() {
    const d = this.data;
    return html`<h1>${this.title}</h1>${this.errorBox()}
      <form class="toolbar" @submit=${(e: Event) => { e.preventDefault(); this.filter = valueOf(this, 'list-filter'); this.pageNo = 1; void this.load(); }}>
        <sl-input id="list-filter" label=${this.filterLabel} clearable></sl-input><sl-button type="submit">Filter</sl-button></form>
      ${!d ? html`<sl-spinner></sl-spinner>` : d.items.length === 0 ? empty(`No ${this.title.toLowerCase()}`, this.emptyText) : html`
        <table class="data"><thead><tr>${this.head.map(h => html`<th class=${h.startsWith('~') ? 'wide' : ''}>${h.replace('~', '')}</th>`)}</tr></thead>
        <tbody>${d.items.map(x => this.row(x))}</tbody></table>
        <div class="pager"><sl-button size="small" ?disabled=${d.page <= 1} @click=${() => { this.pageNo = d.page - 1; void this.load(); }}>Previous</sl-button>
          <span>Page ${d.page} of ${d.pages} · ${d.total.toLocaleString()} in all</span>
          <sl-button size="small" ?disabled=${d.page >= d.pages} @click=${() => { this.pageNo = d.page + 1; void this.load(); }}>Next</sl-button></div>`}`;
  }
}

interface Sim { id: number; iccid: string; imsi: string; msisdn: string; status: Status; endpoint?: { id: number; name: string } | null; activation_date?: string }
class Sims extends PagedList<Sim> {
  path = '/api/v1/sim'; title = 'SIMs'; filterField = 'iccid'; filterLabel = 'ICCID starts with';
  head = ['ID', 'ICCID', '~IMSI', '~MSISDN', 'Status', 'Device'];
  emptyText = 'SIMs come from the operator (POST /api/v1/admin/sim_batch) or a registered batch (PATCH /api/v1/sim_batch/bic/{bic}).';
  row = (s: Sim) => html`<tr><td>${s.id}</td><td>${s.iccid}</td><td class="wide">${s.imsi}</td><td class="wide">${s.msisdn}</td><td>${statusBadge(s.status, [1])}</td>
    <td>${s.endpoint ? html`<a href="#/devices/${s.endpoint.id}">${s.endpoint.name}</a>` : '—'}</td></tr>`;
}
customElements.define('cg-sims', Sims);

interface Ev { id: number; timestamp: string; event_type: { description: string }; event_severity?: Status; description: string; endpoint?: { id: number; name: string } | null }
class Events extends PagedList<Ev> {
  path = '/api/v1/event'; title = 'Events'; filterField = 'endpoint'; filterLabel = 'Device name (exact)'; sort = '-id';
  head = ['When', 'Type', 'Severity', 'Device', '~Description'];
  emptyText = 'Events appear as devices, SIMs and profiles change.';
  row = (e: Ev) => html`<tr><td>${when(e.timestamp)}</td><td>${e.event_type.description}</td><td>${e.event_severity?.description ?? '—'}</td>
    <td>${e.endpoint ? html`<a href="#/devices/${e.endpoint.id}">${e.endpoint.name}</a>` : '—'}</td><td class="wide">${e.description}</td></tr>`;
}
customElements.define('cg-events', Events);

interface Profile { id: number; name: string; description?: string; allowed_3g?: boolean; allowed_4g?: boolean; api_callback?: { url?: string } | null; sms_interface?: { description?: string } | null; apply_sms_quota?: boolean }
class Profiles extends Page {
  items: Profile[] | null = null;
  connectedCallback() { super.connectedCallback(); api<Profile[]>('/api/v1/service_profile').then(p => { this.items = p; this.requestUpdate(); }, e => this.fail(e)); }
  render() {
    return html`<h1>Service profiles</h1>${this.errorBox()}${!this.items ? html`<sl-spinner></sl-spinner>` : this.items.length === 0 ? empty('No service profiles', 'Create one with POST /api/v1/service_profile.') : html`
      <table class="data"><thead><tr><th>ID</th><th>Name</th><th class="wide">Description</th><th>SMS interface</th><th class="wide">API callback</th><th class="wide">SMS quota</th></tr></thead>
      <tbody>${this.items.map(p => html`<tr><td>${p.id}</td><td>${p.name}</td><td class="wide">${p.description ?? '—'}</td><td>${p.sms_interface?.description ?? '—'}</td>
        <td class="wide">${p.api_callback?.url ?? '—'}</td><td class="wide">${p.apply_sms_quota ? 'applied' : 'off'}</td></tr>`)}</tbody></table>`}`;
  }
}
customElements.define('cg-profiles', Profiles);

interface User { id: number; username: string; name?: string; status: Status; roles?: { id: number; description: string }[]; created?: string; last_login?: string }
class Users extends Page {
  items: User[] | null = null;
  connectedCallback() { super.connectedCallback(); void this.load(); }
  async load() { try { this.items = (await page<User>('/api/v1/user?per_page=100')).items; } catch (e) { this.fail(e); } this.requestUpdate(); }
  private async invite(e: Event) {
    e.preventDefault();
    const password = (this.querySelector('#user-password') as HTMLInputElement & { value: string }).value;
    try {
      await send('POST', '/api/v1/user', { username: valueOf(this, 'user-username'), name: valueOf(this, 'user-name'), password: await sha1Hex(password), roles: [{ id: Number(valueOf(this, 'user-role')) }] });
      (this.querySelector('#new-user-form') as HTMLFormElement).reset(); this.error = '';
    } catch (err) { this.fail(err); }
    await this.load();
  }
  private async setRole(u: User, role: string) { try { await send('PUT', `/api/v1/user/${u.id}/role/${role}`); } catch (e) { this.fail(e); } await this.load(); }
  private async setStatus(u: User, id: number) { try { await send('PATCH', `/api/v1/user/${u.id}`, { status: { id } }); } catch (e) { this.fail(e); } await this.load(); }
  render() {
    const write = canWrite();
    return html`<h1>Users</h1>${this.errorBox()}
      ${write ? html`<sl-card style="margin-bottom:1rem"><h2>Add a user</h2><form id="new-user-form" class="row" @submit=${this.invite}>
        <sl-input id="user-username" label="E-mail" type="email" required></sl-input><sl-input id="user-name" label="Name" required></sl-input>
        <sl-input id="user-password" label="Initial password" type="password" required password-toggle></sl-input>
        <sl-select id="user-role" label="Role" value="2"><sl-option value="1">Administrator</sl-option><sl-option value="2">Observer</sl-option></sl-select>
        <sl-button type="submit" variant="primary" id="create-user">Add user</sl-button></form></sl-card>` : ''}
      ${!this.items ? html`<sl-spinner></sl-spinner>` : this.items.length === 0 ? empty('No users', 'Add one above.') : html`
      <table class="data"><thead><tr><th>ID</th><th>Username</th><th class="wide">Name</th><th>Role</th><th>Status</th>${write ? html`<th><span class="muted">Actions</span></th>` : ''}</tr></thead>
      <tbody>${this.items.map(u => html`<tr><td>${u.id}</td><td>${u.username}</td><td class="wide">${u.name ?? '—'}</td><td>${write ? html`<sl-select size="small" label="Role of ${u.username}" class="user-role" .value=${String(u.roles?.[0]?.id ?? '')} @sl-change=${(e: Event) => this.setRole(u, (e.target as HTMLSelectElement).value)}>
          <sl-option value="1">Administrator</sl-option><sl-option value="2">Observer</sl-option></sl-select>` : u.roles?.map(r => r.description).join(', ') ?? '—'}</td><td>${statusBadge(u.status, [1])}</td>
        ${write ? html`<td>${u.status.id === 2 ? html`<sl-button size="small" @click=${() => this.setStatus(u, 1)}>Reactivate</sl-button>` : html`<sl-button size="small" @click=${() => this.setStatus(u, 2)}>Suspend</sl-button>`}</td>` : ''}</tr>`)}</tbody></table>`}`;
  }
}
customElements.define('cg-users', Users);

interface Org { id: number; name: string; organisation_type?: { description: string }; status?: Status; created?: string }
class Organisations extends Page {
  items: Org[] | null = null;
  connectedCallback() { super.connectedCallback(); void this.load(); }
  async load() { try { this.items = (await page<Org>('/api/v1/organisation?per_page=100')).items; } catch (e) { this.fail(e); } this.requestUpdate(); }
  private async create(e: Event) {
    e.preventDefault();
    const password = (this.querySelector('#org-password') as HTMLInputElement & { value: string }).value;
    try {
      await send('POST', '/api/v1/organisation', { name: valueOf(this, 'org-name'), admin: { username: valueOf(this, 'org-admin'), name: valueOf(this, 'org-admin-name'), password: await sha1Hex(password) } });
      (this.querySelector('#new-org-form') as HTMLFormElement).reset(); this.error = '';
    } catch (err) { this.fail(err); }
    await this.load();
  }
  render() {
    return html`<h1>Organisations</h1>${this.errorBox()}
      ${canWrite() ? html`<sl-card style="margin-bottom:1rem"><h2>New customer organisation</h2><p class="muted">Only the operator's (master organisation's) administrators may; others get 403.</p>
        <form id="new-org-form" class="row" @submit=${this.create}>
        <sl-input id="org-name" label="Name" required></sl-input><sl-input id="org-admin" label="Admin e-mail" type="email" required></sl-input>
        <sl-input id="org-admin-name" label="Admin name" required></sl-input><sl-input id="org-password" label="Admin password" type="password" required password-toggle></sl-input>
        <sl-button type="submit" variant="primary" id="create-org">Create</sl-button></form></sl-card>` : ''}
      ${!this.items ? html`<sl-spinner></sl-spinner>` : this.items.length === 0 ? empty('No organisations', 'The operator creates customer organisations with POST /api/v1/organisation.') : html`
      <table class="data"><thead><tr><th>ID</th><th>Name</th><th>Type</th><th>Status</th><th class="wide">Created</th></tr></thead>
      <tbody>${this.items.map(o => html`<tr><td>${o.id}</td><td>${o.name}</td><td>${o.organisation_type?.description ?? '—'}</td><td>${statusBadge(o.status, [1])}</td><td class="wide">${when(o.created)}</td></tr>`)}</tbody></table>`}`;
  }
}
customElements.define('cg-organisations', Organisations);
