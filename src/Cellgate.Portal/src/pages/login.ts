import { html } from 'lit';
import { Page, valueOf } from '../ui';
import { ApiError, signIn, signInWithCode } from '../api';

/**
 * Username and password; the password is sent as its SHA-1 hex (as EMnify's portal). When the server asks for a
 * second factor (EMnify's `mfa_token` answer), a second step takes the one-time code.
 */
class Login extends Page {
  busy = false; mfaToken = ''; username = '';
  private async run(step: () => Promise<void>) {
    this.busy = true; this.error = ''; this.requestUpdate();
    try { await step(); } catch (err) {
      this.error = err instanceof ApiError && err.status === 401
        ? (this.mfaToken ? 'Wrong or expired code.' : 'Wrong username or password (or the account is locked or suspended).')
        : (err as Error).message;
    } finally { this.busy = false; this.requestUpdate(); }
  }
  private submit(e: Event) {
    e.preventDefault();
    void this.run(async () => {
      this.username = valueOf(this, 'username');
      const mfa = await signIn(this.username, (this.querySelector('#password') as HTMLInputElement & { value: string }).value);
      if (mfa) { this.mfaToken = mfa.mfaToken; this.requestUpdate(); await this.updateComplete; (this.querySelector('#mfa-code') as HTMLElement | null)?.focus(); }
    });
  }
  private submitCode(e: Event) {
    e.preventDefault();
    void this.run(() => signInWithCode(this.username, this.mfaToken, valueOf(this, 'mfa-code')));
  }
  render() {
    if (this.mfaToken) return html`<div class="login">
      <h1>Two-step verification</h1>
      <form id="mfa-form" @submit=${this.submitCode}>
        ${this.errorBox()}
        <p>Enter the 6-character code from your authenticator app or the e-mail just sent to ${this.username}.</p>
        <sl-input id="mfa-code" name="code" label="Code" autocomplete="one-time-code" inputmode="numeric" maxlength="6" minlength="6" required></sl-input>
        <sl-button type="submit" variant="primary" ?loading=${this.busy}>Verify</sl-button>
        <sl-button variant="text" @click=${() => { this.mfaToken = ''; this.error = ''; this.requestUpdate(); }}>Back</sl-button>
      </form></div>`;
    return html`<div class="login">
      <h1>Sign in to Cellgate</h1>
      <form @submit=${this.submit}>
        ${this.errorBox()}
        <sl-input id="username" name="username" label="Username (e-mail)" autocomplete="username" required autofocus></sl-input>
        <sl-input id="password" name="password" type="password" label="Password" autocomplete="current-password" required password-toggle></sl-input>
        <sl-button type="submit" variant="primary" ?loading=${this.busy}>Sign in</sl-button>
        <p class="muted">On its first start the server prints the admin's username and password. Everything here is done with
          Cellgate's REST API: see the <a href="/api/doc">API reference</a>.</p>
      </form></div>`;
  }
}
customElements.define('cg-login', Login);
