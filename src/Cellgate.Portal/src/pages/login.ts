import { html } from 'lit';
import { Page, valueOf } from '../ui';
import { ApiError, signIn } from '../api';

/** Username and password; the password is sent as its SHA-1 hex (as EMnify's portal). MFA: see docs/portal.md. */
class Login extends Page {
  busy = false;
  private async submit(e: Event) {
    e.preventDefault();
    this.busy = true; this.error = ''; this.requestUpdate();
    try {
      await signIn(valueOf(this, 'username'), (this.querySelector('#password') as HTMLInputElement & { value: string }).value);
    } catch (err) {
      this.error = err instanceof ApiError && err.status === 401 ? 'Wrong username or password (or the account is locked or suspended).' : (err as Error).message;
    } finally { this.busy = false; this.requestUpdate(); }
  }
  render() {
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
