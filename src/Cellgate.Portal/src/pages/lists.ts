// The read-mostly screens: SIMs, service profiles, events, users and organisations, each one API list.
import { html, type TemplateResult } from 'lit';
import { Page, empty, statusBadge, valueOf, when } from '../ui';
import { api, canWrite, created, currentSession, page, send, type Page as Paged } from '../api';
import { sha1Hex } from '../sha1';
import type { ApiCallback, ApiSecret } from './integrations';
import type { LiveChange } from '../live';

type Status = { id: number; description: string };

/** A server-paged table with a filter box that becomes the API's q=. */
abstract class PagedList<T> extends Page {
  data: Paged<T> | null = null; pageNo = 1; filter = '';
  abstract path: string; abstract title: string; abstract filterField: string; abstract filterLabel: string;
  abstract head: string[]; abstract row(x: T): TemplateResult; abstract emptyText: string;
  perPage = 50; sort = '';
  /** Live screens re-read on the stream's changes this accepts (first page only: later pages would shift under the reader). */
  protected liveWhen: ((c: LiveChange) => boolean) | null = null;
  connectedCallback() {
    super.connectedCallback();
    const wants = this.liveWhen;
    if (wants) this.live(c => this.pageNo === 1 && wants(c), () => this.load(), 10000, 1000); else void this.load();
  }
  /** The q= criteria (field:value); a screen with more filters than the one box overrides this and {@link filters}. */
  protected criteria(): string[] { return this.filter ? [`${this.filterField}:${this.filter}`] : []; }
  protected filters(): TemplateResult { return html`<sl-input id="list-filter" label=${this.filterLabel} clearable></sl-input>`; }
  protected readFilters() { this.filter = valueOf(this, 'list-filter'); }
  async load() {
    const c = this.criteria();
    const q = c.length ? `&q=${encodeURIComponent(c.join(','))}` : '';
    const sort = this.sort ? `&sort=${this.sort}` : '';
    try { this.data = await page<T>(`${this.path}?page=${this.pageNo}&per_page=${this.perPage}${q}${sort}`); this.error = ''; } catch (e) { this.fail(e); }
    this.requestUpdate();
  }
  render() {
    const d = this.data;
    return html`<h1>${this.title}</h1>${this.errorBox()}
      <form class="toolbar" id="list-filters" @submit=${(e: Event) => { e.preventDefault(); this.readFilters(); this.pageNo = 1; void this.load(); }}>
        ${this.filters()}<sl-button type="submit" id="apply-filters">Filter</sl-button></form>
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
  get head() { return ['ID', 'ICCID', '~IMSI', '~MSISDN', 'Status', 'Device', ...(canWrite() ? ['Actions'] : [])]; }
  emptyText = 'SIMs come from the operator (POST /api/v1/admin/sim_batch) or a registered batch (PATCH /api/v1/sim_batch/bic/{bic}).';
  private async setStatus(s: Sim, id: number) {
    try { await send('PATCH', `/api/v1/sim/${s.id}`, { status: { id } }); this.error = ''; } catch (e) { this.fail(e); }
    await this.load();
  }
  row = (s: Sim) => html`<tr data-sim-id=${s.id}><td>${s.id}</td><td>${s.iccid}</td><td class="wide">${s.imsi}</td><td class="wide">${s.msisdn}</td><td>${statusBadge(s.status, [1])}</td>
    <td>${s.endpoint ? html`<a href="#/devices/${s.endpoint.id}">${s.endpoint.name}</a>` : '—'}</td>
    ${canWrite() ? html`<td>${s.status.id === 1 ? html`<sl-button size="small" class="sim-suspend" @click=${() => this.setStatus(s, 2)}>Suspend</sl-button>`
      : [0, 2, 4].includes(s.status.id) ? html`<sl-button size="small" class="sim-activate" @click=${() => this.setStatus(s, 1)}>Activate</sl-button>` : ''}</td>` : ''}</tr>`;
}
customElements.define('cg-sims', Sims);

interface Ev { id: number; timestamp: string; event_type: { id?: number; description: string }; event_severity?: Status; description: string; endpoint?: { id: number; name: string } | null }
// Event types Cellgate records (EMnify's ids below 1000, Cellgate's from 1000; docs/resources.md).
const EVENT_TYPES: [number, string][] = [[42, 'Endpoint enabled'], [43, 'Endpoint disabled'], [1000, 'Endpoint created'], [1001, 'Endpoint updated'],
  [1002, 'Endpoint deleted'], [8, 'SIM activation'], [9, 'SIM suspension'], [51, 'SIM assigned'], [50, 'SIM released'], [48, 'SIM registration'],
  [20, 'SMS quota threshold reached'], [21, 'SMS quota used up'], [58, 'SMS quota assigned'], [1003, 'Service profile created'], [1004, 'Service profile updated']];
class Events extends PagedList<Ev> {
  path = '/api/v1/event'; title = 'Events'; filterField = 'endpoint'; filterLabel = 'Device name (exact)'; sort = '-id';
  // Events are recorded by the writes the stream announces (a device created, changed or deleted, its quota, SIM or
  // handset): the newest page re-reads on them, at most once a second. Others (SIM and profile writes) show within 30 s.
  protected liveWhen = (c: LiveChange) => c.kind === 'device' || c.kind === 'handset' || c.kind === 'sms';
  head = ['When', 'Type', 'Severity', 'Device', '~Description'];
  emptyText = 'Events appear as devices, SIMs and profiles change. With filters set, clear them to see all.';
  type = ''; severity = ''; from = ''; until = ''; alertsOnly = false;
  protected criteria() {
    const c = super.criteria();
    if (this.type) c.push(`type:${this.type}`);
    if (this.severity) c.push(`severity:${this.severity}`);
    if (this.alertsOnly) c.push('alert:true');
    if (this.from) c.push(`from:${this.from}`);
    if (this.until) c.push(`until:${this.until}`);
    return c;
  }
  protected readFilters() {
    super.readFilters();
    this.type = valueOf(this, 'event-type'); this.severity = valueOf(this, 'event-severity');
    this.from = valueOf(this, 'event-from'); this.until = valueOf(this, 'event-until');
    this.alertsOnly = (this.querySelector('#event-alert') as HTMLInputElement | null)?.checked ?? false;
  }
  protected filters() {
    return html`${super.filters()}
      <sl-select id="event-type" label="Type" clearable placeholder="Any">${EVENT_TYPES.map(([id, name]) => html`<sl-option value=${String(id)}>${name}</sl-option>`)}</sl-select>
      <sl-select id="event-severity" label="Severity" clearable placeholder="Any"><sl-option value="0">Info</sl-option><sl-option value="1">Warn</sl-option><sl-option value="2">Critical</sl-option></sl-select>
      <sl-input id="event-from" label="From" type="date"></sl-input><sl-input id="event-until" label="Until" type="date"></sl-input>
      <sl-switch id="event-alert">Alerts only</sl-switch>`;
  }
  row = (e: Ev) => html`<tr><td>${when(e.timestamp)}</td><td>${e.event_type.description}</td><td>${e.event_severity?.description ?? '—'}</td>
    <td>${e.endpoint ? html`<a href="#/devices/${e.endpoint.id}">${e.endpoint.name}</a>` : '—'}</td><td class="wide">${e.description}</td></tr>`;
}
customElements.define('cg-events', Events);

interface Profile {
  id: number; name: string; description?: string | null; apply_sms_quota?: boolean; apply_data_quota?: boolean; sms_p2p_int?: boolean; sms_p2p_ext?: boolean; used_count?: unknown;
  api_callback?: { id: number } | null; api_secret?: { id: number } | null; esme_interface_type?: { id: number; description: string } | null; service?: { id: number; description: string }[];
}
const SMS_MT = 2, SMS_MO = 3;
/** Service profiles: list, create, and edit the SMS settings (interface, MT/MO services, P2P, quota). */
class Profiles extends Page {
  items: Profile[] | null = null; editing: Profile | null = null; creating = false;
  callbacks: ApiCallback[] = []; secrets: ApiSecret[] = [];
  connectedCallback() { super.connectedCallback(); void this.load(); }
  async load() {
    try {
      [this.callbacks, this.secrets] = await Promise.all([api<ApiCallback[]>('/api/v1/api_callback'), api<ApiSecret[]>('/api/v1/api_secret')]);
      // The list leaves out each profile's services; an organisation has a handful of profiles, so read each one.
      const list = await api<Profile[]>('/api/v1/service_profile');
      this.items = await Promise.all(list.map(p => list.length <= 50 ? api<Profile>(`/api/v1/service_profile/${p.id}`) : p));
    } catch (e) { this.fail(e); }
    this.requestUpdate();
  }
  private checked = (id: string) => (this.querySelector(`#${id}`) as HTMLInputElement | null)?.checked ?? false;
  private async save(e: Event) {
    e.preventDefault();
    const p = this.editing;
    try {
      const body: Record<string, unknown> = {
        name: valueOf(this, 'profile-name'), description: valueOf(this, 'profile-description'),
        sms_p2p_int: this.checked('profile-p2p-int'), sms_p2p_ext: this.checked('profile-p2p-ext'), apply_sms_quota: this.checked('profile-sms-quota'),
        apply_data_quota: this.checked('profile-data-quota'),
      };
      const iface = valueOf(this, 'profile-interface');
      if (iface) body.esme_interface_type = { id: Number(iface) };
      // The organisation's own callback and secret; {"id": null} clears one the profile had.
      for (const [field, id] of [['api_callback', 'profile-callback'], ['api_secret', 'profile-secret']] as const) {
        const chosen = valueOf(this, id);
        if (chosen) body[field] = { id: Number(chosen) };
        else if (p?.[field]) body[field] = { id: null };
      }
      let current = p;
      if (p) await send('PATCH', `/api/v1/service_profile/${p.id}`, body);
      else {
        const res = await created('/api/v1/service_profile', body);
        const id = (res.body as Profile | null)?.id ?? Number(res.location?.split('/').pop());
        current = await api<Profile>(`/api/v1/service_profile/${id}`);
      }
      const has = (sid: number) => !!current?.service?.some(x => x.id === sid);
      for (const [sid, want] of [[SMS_MT, this.checked('profile-sms-mt')], [SMS_MO, this.checked('profile-sms-mo')]] as [number, boolean][])
        if (want !== has(sid)) await send(want ? 'PUT' : 'DELETE', `/api/v1/service_profile/${current!.id}/service/${sid}`);
      this.editing = null; this.creating = false; this.error = '';
    } catch (err) { this.fail(err); }
    await this.load();
  }
  private form() {
    const p = this.editing;
    const on = (sid: number) => p ? !!p.service?.some(x => x.id === sid) : true;
    return html`<sl-dialog label=${p ? `Edit ${p.name}` : 'New service profile'} ?open=${!!p || this.creating}
        @sl-after-hide=${(e: Event) => { if (e.target === e.currentTarget) { this.editing = null; this.creating = false; this.requestUpdate(); } }}>
      ${p || this.creating ? html`<form id="profile-form" @submit=${this.save} style="display:grid;gap:.8rem">
        <sl-input id="profile-name" label="Name" required maxlength="200" .value=${p?.name ?? ''}></sl-input>
        <sl-input id="profile-description" label="Description" .value=${p?.description ?? ''}></sl-input>
        <sl-select id="profile-interface" label="SMS interface" clearable placeholder="Not set" .value=${String(p?.esme_interface_type?.id ?? '')}>
          <sl-option value="1">REST API</sl-option><sl-option value="2">SMPP</sl-option></sl-select>
        <fieldset class="plain"><legend class="muted">SMS</legend>
          <sl-switch id="profile-sms-mt" ?checked=${on(SMS_MT)}>MT (to devices)</sl-switch>
          <sl-switch id="profile-sms-mo" ?checked=${on(SMS_MO)}>MO (from devices)</sl-switch>
          <sl-switch id="profile-p2p-int" ?checked=${p?.sms_p2p_int ?? false}>Device to device</sl-switch>
          <sl-switch id="profile-p2p-ext" ?checked=${p?.sms_p2p_ext ?? false}>To external numbers</sl-switch>
          <sl-switch id="profile-sms-quota" ?checked=${p?.apply_sms_quota ?? false}>Apply SMS quota</sl-switch>
          <sl-switch id="profile-data-quota" ?checked=${p?.apply_data_quota ?? false}>Apply data quota</sl-switch></fieldset>
        <sl-select id="profile-callback" label="API callback (SMS events are sent here)" clearable placeholder="None" .value=${String(p?.api_callback?.id ?? '')}>
          ${this.callbacks.map(c => html`<sl-option value=${String(c.id)}>${c.url}${c.purpose ? ` · ${c.purpose}` : ''}</sl-option>`)}</sl-select>
        <sl-select id="profile-secret" label="API secret (signs them)" clearable placeholder="None: sent unsigned" .value=${String(p?.api_secret?.id ?? '')}>
          ${this.secrets.map(x => html`<sl-option value=${String(x.id)}>#${x.id}${x.purpose ? ` · ${x.purpose}` : ''}</sl-option>`)}</sl-select>
        <p class="muted">${this.callbacks.length || this.secrets.length ? '' : 'No API callbacks or secrets yet: '}<a href="#/integrations">Manage API callbacks and secrets</a>.</p>
        <sl-button type="submit" variant="primary" id="save-profile">${p ? 'Save' : 'Create'}</sl-button></form>` : ''}</sl-dialog>`;
  }
  render() {
    const write = canWrite();
    return html`<h1>Service profiles</h1>${this.errorBox()}
      ${write ? html`<div class="toolbar"><sl-button variant="primary" id="new-profile" @click=${() => { this.creating = true; this.requestUpdate(); }}>New service profile</sl-button></div>` : ''}
      ${!this.items ? html`<sl-spinner></sl-spinner>` : this.items.length === 0 ? empty('No service profiles', write ? 'Create one with "New service profile".' : 'An administrator can create them.') : html`
      <table class="data" id="profiles"><thead><tr><th>ID</th><th>Name</th><th class="wide">Description</th><th>SMS interface</th><th>SMS</th><th class="wide">API callback</th><th class="wide">SMS quota</th>${write ? html`<th><span class="muted">Actions</span></th>` : ''}</tr></thead>
      <tbody>${this.items.map(p => html`<tr data-profile-id=${p.id}><td>${p.id}</td><td>${p.name}</td><td class="wide">${p.description ?? '—'}</td><td>${p.esme_interface_type?.description ?? '—'}</td>
        <td>${[p.service?.some(x => x.id === SMS_MT) ? 'MT' : '', p.service?.some(x => x.id === SMS_MO) ? 'MO' : '', p.sms_p2p_int ? 'P2P' : ''].filter(Boolean).join(', ') || 'none'}</td>
        <td class="wide url">${p.api_callback ? this.callbacks.find(c => c.id === p.api_callback!.id)?.url ?? `#${p.api_callback.id}` : '—'}${p.api_secret ? html` <span class="muted">(signed)</span>` : ''}</td><td class="wide">${p.apply_sms_quota ? 'applied' : 'off'}</td>
        ${write ? html`<td><sl-button size="small" class="edit-profile" @click=${() => { this.editing = p; this.requestUpdate(); }}>Edit</sl-button></td>` : ''}</tr>`)}</tbody></table>`}
      ${this.form()}`;
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
  private async rename(o: Org) {
    const name = valueOf(this, `org-name-${o.id}`);
    if (!name || name === o.name) return;
    try { await send('PATCH', `/api/v1/organisation/${o.id}`, { name }); this.error = ''; } catch (e) { this.fail(e); }
    await this.load();
  }
  private async setStatus(o: Org, id: number) {
    try { await send('PATCH', `/api/v1/organisation/${o.id}`, { status: { id } }); this.error = ''; } catch (e) { this.fail(e); }
    await this.load();
  }
  render() {
    const write = canWrite();
    return html`<h1>Organisations</h1>${this.errorBox()}
      ${canWrite() ? html`<sl-card style="margin-bottom:1rem"><h2>New customer organisation</h2><p class="muted">Only the operator's (master organisation's) administrators may; others get 403.</p>
        <form id="new-org-form" class="row" @submit=${this.create}>
        <sl-input id="org-name" label="Name" required></sl-input><sl-input id="org-admin" label="Admin e-mail" type="email" required></sl-input>
        <sl-input id="org-admin-name" label="Admin name" required></sl-input><sl-input id="org-password" label="Admin password" type="password" required password-toggle></sl-input>
        <sl-button type="submit" variant="primary" id="create-org">Create</sl-button></form></sl-card>` : ''}
      ${!this.items ? html`<sl-spinner></sl-spinner>` : this.items.length === 0 ? empty('No organisations', 'The operator creates customer organisations with POST /api/v1/organisation.') : html`
      <table class="data" id="organisations"><thead><tr><th>ID</th><th>Name</th><th>Type</th><th>Status</th><th class="wide">Created</th>${write ? html`<th><span class="muted">Actions</span></th>` : ''}</tr></thead>
      <tbody>${this.items.map(o => {
        const customer = o.id !== currentSession()?.orgId;
        return html`<tr data-org-id=${o.id}><td>${o.id}</td><td>${write && customer ? html`<form class="row" @submit=${(e: Event) => { e.preventDefault(); void this.rename(o); }}>
            <sl-input size="small" id="org-name-${o.id}" class="sr-label" label="Name of organisation ${o.id}" value=${o.name}></sl-input><sl-button size="small" type="submit">Rename</sl-button></form>` : o.name}</td>
          <td>${o.organisation_type?.description ?? '—'}</td><td>${statusBadge(o.status, [1])}</td><td class="wide">${when(o.created)}</td>
          ${write ? html`<td>${!customer ? html`<span class="muted">your organisation</span>` : o.status?.id === 2
            ? html`<sl-button size="small" class="org-reactivate" @click=${() => this.setStatus(o, 1)}>Reactivate</sl-button>`
            : html`<sl-button size="small" class="org-suspend" @click=${() => this.setStatus(o, 2)}>Suspend</sl-button>`}</td>` : ''}</tr>`;
      })}</tbody></table>`}`;
  }
}
customElements.define('cg-organisations', Organisations);
