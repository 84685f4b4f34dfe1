import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import './style.css';
import { Page } from './ui';
import { currentSession, onSessionChange, signOut } from './api';
import { liveState, onLiveState, startLive, stopLive } from './live';
import './pages/login';
import './pages/dashboard';
import './pages/devices';
import './pages/device';
import './pages/tokens';
import './pages/lists';
import './pages/account';
import './pages/integrations';
import './pages/tariffs';

interface Route { path: RegExp; title: string; nav?: string; href?: string; render: (m: RegExpMatchArray) => unknown }

const ROUTES: Route[] = [
  { path: /^\/?$/, title: 'Dashboard', nav: 'Dashboard', href: '/', render: () => html`<cg-dashboard></cg-dashboard>` },
  { path: /^\/devices$/, title: 'Devices', nav: 'Devices', href: '/devices', render: () => html`<cg-devices></cg-devices>` },
  { path: /^\/devices\/(\d+)$/, title: 'Device', render: m => html`<cg-device .deviceId=${Number(m[1])}></cg-device>` },
  { path: /^\/sims$/, title: 'SIMs', nav: 'SIMs', href: '/sims', render: () => html`<cg-sims></cg-sims>` },
  { path: /^\/profiles$/, title: 'Service profiles', nav: 'Service profiles', href: '/profiles', render: () => html`<cg-profiles></cg-profiles>` },
  { path: /^\/tariff-profiles$/, title: 'Tariff profiles', nav: 'Tariff profiles', href: '/tariff-profiles', render: () => html`<cg-tariffs></cg-tariffs>` },
  { path: /^\/events$/, title: 'Events', nav: 'Events', href: '/events', render: () => html`<cg-events></cg-events>` },
  { path: /^\/webhooks$/, title: 'Webhooks', nav: 'Webhooks', href: '/webhooks', render: () => html`<cg-webhooks></cg-webhooks>` },
  { path: /^\/integrations$/, title: 'Integrations', nav: 'Integrations', href: '/integrations', render: () => html`<cg-integrations></cg-integrations>` },
  { path: /^\/tokens$/, title: 'Application tokens', nav: 'Application tokens', href: '/tokens', render: () => html`<cg-tokens></cg-tokens>` },
  { path: /^\/users$/, title: 'Users', nav: 'Users', href: '/users', render: () => html`<cg-users></cg-users>` },
  { path: /^\/account$/, title: 'My account', render: () => html`<cg-account></cg-account>` },
  { path: /^\/organisations$/, title: 'Organisations', nav: 'Organisations', href: '/organisations', render: () => html`<cg-organisations></cg-organisations>` },
];

const routePath = () => location.hash.replace(/^#/, '').split('?')[0] || '/';

class App extends Page {
  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', () => this.requestUpdate());
    onSessionChange(() => { if (currentSession()) startLive(); else stopLive(); this.requestUpdate(); });
    onLiveState(() => this.requestUpdate());
    if (currentSession()) startLive();
  }

  render() {
    const s = currentSession();
    if (!s) { document.title = 'Sign in · Cellgate'; return html`<cg-login></cg-login>`; }
    const path = routePath();
    const route = ROUTES.find(r => r.path.test(path));
    document.title = `${route?.title ?? 'Not found'} · Cellgate`;
    return html`
      <a class="skip" href="#main" @click=${(e: Event) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="top">
        <a class="brand" href="#/">Cellgate</a>
        <span class="who"><span class="org">${s.orgName}</span> · <a href="#/account" class="account">${s.username}</a> · <span class="role">${s.role}</span></span>
        <span id="live-state" class="live-state" data-state=${liveState()} role="status"
          title=${liveState() === 'live' ? 'Screens update as things change (Server-Sent Events)' : 'Screens are refreshed every few seconds'}>${liveState() === 'live' ? 'Live' : liveState() === 'polling' ? 'Polling' : 'Connecting'}</span>
        <sl-button size="small" id="sign-out" @click=${() => { stopLive(); signOut(); location.hash = '#/'; }}>Sign out</sl-button>
      </header>
      <div class="shell">
        <nav aria-label="Main">
          <ul>${ROUTES.filter(r => r.nav).map(r => {
            const current = route === r || (r.nav === 'Devices' && route?.title === 'Device');
            return html`<li><a href="#${r.href}" aria-current=${current ? 'page' : nothing}>${r.nav}</a></li>`;
          })}
          <li><a href="/api/doc" target="_blank" rel="noopener">API reference</a></li></ul>
        </nav>
        <main id="main" tabindex="-1">${route ? keyed(path, route.render(path.match(route.path)!)) : html`<h1>Not found</h1><p><a href="#/">Back to the dashboard</a></p>`}</main>
      </div>`;
  }
}
customElements.define('cg-app', App);
