// Shared bits of the pages: a light-DOM Lit base (the page stylesheet applies, tests see plain DOM), time and badge
// helpers, and the Shoelace components the portal uses (imported one by one, so the bundle has only these).
import { LitElement, html, type TemplateResult } from 'lit';
import '@shoelace-style/shoelace/dist/themes/light.css';
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/card/card.js';
import '@shoelace-style/shoelace/dist/components/copy-button/copy-button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/relative-time/relative-time.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import '@shoelace-style/shoelace/dist/components/switch/switch.js';
import '@shoelace-style/shoelace/dist/components/textarea/textarea.js';
import { ApiError } from './api';

export class Page extends LitElement {
  protected createRenderRoot() { return this; }
  private timers: number[] = [];

  /** Runs fn now and every ms while the page is shown and the tab visible: the portal's live updates. */
  protected every(ms: number, fn: () => Promise<unknown>) {
    let busy = false;
    const tick = async () => {
      if (busy || document.hidden) return;
      busy = true;
      try { await fn(); } catch (e) { this.fail(e); } finally { busy = false; }
    };
    void tick();
    this.timers.push(window.setInterval(tick, ms));
  }
  disconnectedCallback() { super.disconnectedCallback(); this.timers.forEach(clearInterval); this.timers = []; }

  error = '';
  protected fail(e: unknown) { this.error = e instanceof Error ? e.message : String(e); this.requestUpdate(); }
  protected errorBox() {
    return this.error ? html`<sl-alert variant="danger" open closable @sl-after-hide=${() => (this.error = '')} role="alert">${this.error}</sl-alert>` : '';
  }
}

/** EMnify's dates (`2021-11-18T08:25:53.000+0000`, `…Z`) as a Date. */
export function parseDate(s: string | null | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return isNaN(d.getTime()) ? null : d;
}

/** A relative time ("3 minutes ago") with the absolute time on hover and for screen readers. */
export function when(s: string | null | undefined): TemplateResult | string {
  const d = parseDate(s);
  if (!d) return '—';
  const abs = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  return html`<time datetime=${d.toISOString()} title=${abs} aria-label=${abs}><sl-relative-time .date=${d} sync></sl-relative-time></time>`;
}

const SMS_VARIANTS: Record<number, string> = { 1: 'primary', 2: 'primary', 3: 'warning', 4: 'success', 5: 'danger', 6: 'danger', 7: 'neutral' };
export const smsBadge = (status: { id: number; description: string }) =>
  html`<sl-badge class="status" data-status=${status.description} variant=${SMS_VARIANTS[status.id] ?? 'neutral'}>${status.description}</sl-badge>`;

export const statusBadge = (status: { id: number; description: string } | undefined, good: number[] = [0]) =>
  status ? html`<sl-badge variant=${good.includes(status.id) ? 'success' : 'neutral'}>${status.description}</sl-badge>` : '—';

export const isForbidden = (e: unknown) => e instanceof ApiError && e.status === 403;

export function empty(title: string, next: string | TemplateResult) {
  return html`<div class="empty"><strong>${title}</strong><p>${next}</p></div>`;
}

/** The value of a Shoelace input, select or textarea found by its id in the page. */
export function valueOf(root: ParentNode, id: string): string {
  const el = root.querySelector(`#${id}`) as (HTMLElement & { value: string | string[] }) | null;
  const v = el?.value ?? '';
  return Array.isArray(v) ? v.join(',') : String(v).trim();
}
