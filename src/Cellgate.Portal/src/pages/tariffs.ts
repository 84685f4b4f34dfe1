// Tariff profiles: list, create, rename / describe, delete (refused with 409 while devices use one).
import { html } from 'lit';
import { Page, empty, valueOf } from '../ui';
import { api, canWrite, created, send } from '../api';

interface Tariff { id: number; name: string; description?: string | null; used_count: string; tariff?: { id: number } | null }

class Tariffs extends Page {
  items: Tariff[] | null = null; editing: Tariff | null = null; confirming = 0;
  connectedCallback() { super.connectedCallback(); void this.load(); }
  async load() {
    try { this.items = await api<Tariff[]>('/api/v1/tariff_profile'); } catch (e) { this.fail(e); }
    this.requestUpdate();
  }
  private async act(fn: () => Promise<unknown>) {
    try { await fn(); this.error = ''; } catch (e) { this.fail(e); }
    await this.load();
  }
  private body(prefix: string) {
    const body: Record<string, unknown> = { name: valueOf(this, `${prefix}-name`), description: valueOf(this, `${prefix}-description`) };
    const tariff = valueOf(this, `${prefix}-tariff`);
    if (tariff) body.tariff = { id: Number(tariff) };
    return body;
  }
  private create(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    return this.act(async () => { await created('/api/v1/tariff_profile', this.body('tariff')); form.reset(); });
  }
  private save(e: Event) {
    e.preventDefault();
    const t = this.editing!;
    return this.act(async () => { await send('PATCH', `/api/v1/tariff_profile/${t.id}`, this.body('edit-tariff')); this.editing = null; });
  }
  private deleteItem(t: Tariff) {
    if (this.confirming !== t.id) { this.confirming = t.id; this.requestUpdate(); return; }
    this.confirming = 0;
    return this.act(() => send('DELETE', `/api/v1/tariff_profile/${t.id}`));
  }
  render() {
    const write = canWrite(), t = this.editing;
    return html`<h1>Tariff profiles</h1>${this.errorBox()}
      <p class="muted">Every device names a tariff profile. Cellgate has no rating: the tariff id is kept as given.</p>
      ${write ? html`<sl-card style="margin-bottom:1rem"><h2>New tariff profile</h2><form id="new-tariff-form" class="row" @submit=${this.create}>
        <sl-input id="tariff-name" label="Name" required maxlength="200"></sl-input><sl-input id="tariff-description" label="Description (optional)" maxlength="1000"></sl-input>
        <sl-input id="tariff-tariff" label="Tariff id (optional)" type="number" min="1"></sl-input>
        <sl-button type="submit" variant="primary" id="create-tariff">Create</sl-button></form></sl-card>` : ''}
      ${!this.items ? html`<sl-spinner></sl-spinner>` : this.items.length === 0 ? empty('No tariff profiles', write ? 'Create one above: a device needs one.' : 'An administrator can create them.') : html`
      <table class="data" id="tariffs"><thead><tr><th>ID</th><th>Name</th><th class="wide">Description</th><th class="wide">Tariff</th><th>Devices</th>${write ? html`<th><span class="muted">Actions</span></th>` : ''}</tr></thead>
      <tbody>${this.items.map(x => html`<tr data-tariff-id=${x.id}><td>${x.id}</td><td>${x.name}</td><td class="wide">${x.description || '—'}</td><td class="wide">${x.tariff ? `#${x.tariff.id}` : '—'}</td><td>${x.used_count}</td>
        ${write ? html`<td class="row"><sl-button size="small" class="edit-tariff" @click=${() => { this.editing = x; this.requestUpdate(); }}>Edit</sl-button>
          <sl-button size="small" class="delete-tariff" variant=${this.confirming === x.id ? 'danger' : 'default'} @click=${() => this.deleteItem(x)}>${this.confirming === x.id ? 'Confirm delete' : 'Delete'}</sl-button></td>` : ''}</tr>`)}</tbody></table>`}
      <sl-dialog label=${t ? `Edit ${t.name}` : 'Edit'} ?open=${!!t} @sl-after-hide=${(e: Event) => { if (e.target === e.currentTarget) { this.editing = null; this.requestUpdate(); } }}>
        ${t ? html`<form id="edit-tariff-form" @submit=${this.save} style="display:grid;gap:.8rem">
          <sl-input id="edit-tariff-name" label="Name" required maxlength="200" .value=${t.name}></sl-input>
          <sl-input id="edit-tariff-description" label="Description" maxlength="1000" .value=${t.description ?? ''}></sl-input>
          <sl-input id="edit-tariff-tariff" label="Tariff id (optional)" type="number" min="1" .value=${t.tariff ? String(t.tariff.id) : ''}></sl-input>
          <sl-button type="submit" variant="primary" id="save-tariff">Save</sl-button></form>` : ''}</sl-dialog>`;
  }
}
customElements.define('cg-tariffs', Tariffs);
