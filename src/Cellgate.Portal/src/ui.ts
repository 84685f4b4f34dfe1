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
import { liveState, onLiveChange, type LiveChange } from './live';

export class Page extends LitElement {
  protected createRenderRoot() { return this; }

  /**
   * The portal's live updates: runs fn now, again (coalesced, after `delay` ms) whenever the live stream announces a
   * change `wants` accepts (and after a reconnect), every `pollMs` while the stream is down, and every 30 s anyway
   * (changes the stream does not announce: expiry, scheduled attach/detach, other nodes). Nothing while the tab is hidden.
   */
  protected live(wants: (c: LiveChange) => boolean, fn: () => Promise<unknown>, pollMs = 2000, delay = 100) {
    let busy = false, again = false, pending = 0, lastRun = 0;
    const run = async () => {
      pending = 0;
      if (document.hidden) return;
      if (busy) { again = true; return; }
      busy = true; lastRun = Date.now();
      try { await fn(); } catch (e) { this.fail(e); } finally { busy = false; }
      if (again) { again = false; void run(); }
    };
    const soon = () => { if (!pending) pending = window.setTimeout(run, delay); };
    void run();
    this.cleanups.push(onLiveChange(c => { if (c.kind === 'reset' || wants(c)) soon(); }));
    const timer = window.setInterval(() => {
      const every = liveState() === 'live' ? 30000 : pollMs;
      if (Date.now() - lastRun >= every - 50) void run();
    }, Math.min(pollMs, 1000));
    const visible = () => { if (!document.hidden) soon(); };
    document.addEventListener('visibilitychange', visible);
    this.cleanups.push(() => { clearInterval(timer); clearTimeout(pending); document.removeEventListener('visibilitychange', visible); });
  }
  private cleanups: (() => unknown)[] = [];
  disconnectedCallback() { super.disconnectedCallback(); this.cleanups.forEach(c => c()); this.cleanups = []; }

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

/** The query part of the hash route (`#/webhooks?state=failed`). */
export const hashQuery = () => new URLSearchParams(location.hash.split('?')[1] ?? '');

/** The value of a Shoelace input, select or textarea found by its id in the page. */
export function valueOf(root: ParentNode, id: string): string {
  const el = root.querySelector(`#${id}`) as (HTMLElement & { value: string | string[] }) | null;
  const v = el?.value ?? '';
  return Array.isArray(v) ? v.join(',') : String(v).trim();
}
