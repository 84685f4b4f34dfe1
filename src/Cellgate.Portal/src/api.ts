// The portal's only way to the server: Cellgate's public REST API, with the same bearer tokens a script uses.
import { sha1Hex } from './sha1';

export interface ApiErrorBody { error_code?: number; error_token?: string; message?: string; errors?: { message?: string }[] }

export class ApiError extends Error {
  constructor(public status: number, public body: ApiErrorBody | null) {
    super(body?.errors?.map(e => e.message).filter(Boolean).join('; ') || body?.message || `HTTP ${status}`);
  }
}

export interface Session { authToken: string; refreshToken?: string; username: string; userId?: number; orgName: string; orgId: number; role: 'Administrator' | 'Observer' }

const KEY = 'cellgate.session';
let session: Session | null = load();
const listeners = new Set<() => void>();

function load(): Session | null {
  try { return JSON.parse(sessionStorage.getItem(KEY) ?? 'null'); } catch { return null; }
}
function save(s: Session | null) {
  session = s;
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s)); else sessionStorage.removeItem(KEY);
  listeners.forEach(l => l());
}
export const currentSession = () => session;
export const onSessionChange = (l: () => void) => { listeners.add(l); return () => listeners.delete(l); };
export const canWrite = () => session?.role === 'Administrator';

function claims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(decodeURIComponent(escape(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '=')))));
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/**
 * Signs in as EMnify's portal does: the password leaves the browser only as its lower-case SHA-1 hex. When the user has
 * multi-factor authentication, EMnify answers `{"mfa_token"}` instead of tokens: returns it for the second step
 * ({@link signInWithCode}). Cellgate has no MFA yet, so today this always signs in at once.
 */
export async function signIn(username: string, password: string): Promise<{ mfaToken: string } | null> {
  const res = await post('/api/v1/authenticate', { username, password: await sha1Hex(password) });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  if (body?.mfa_token && !body.auth_token) return { mfaToken: body.mfa_token };
  await start(username, body);
  return null;
}

/** The second step: the one-time code (6 characters, e-mail or authenticator app) with the first step's mfa_token. */
export async function signInWithCode(username: string, mfaToken: string, code: string): Promise<void> {
  const res = await post('/api/v1/authenticate', { mfa_token: mfaToken, code });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  await start(username, body);
}

async function start(username: string, body: { auth_token: string; refresh_token?: string }) {
  const c = claims(body.auth_token);
  const s: Session = {
    authToken: body.auth_token, refreshToken: body.refresh_token, username,
    userId: Number(c['esc.user']), orgId: Number(c['esc.org']), orgName: String(c['esc.orgName'] ?? ''), role: 'Observer',
  };
  session = s;
  const perm = await api<{ role: { id: number; name: string } }>(`/api/v1/user/${s.userId}/role/permission`);
  s.role = perm.role.id === 1 ? 'Administrator' : 'Observer';
  save(s);
}

export function signOut() { save(null); }

let refreshing: Promise<boolean> | null = null;
/** Trades the refresh token for a new auth token once, however many requests met the expired one. */
async function refresh(): Promise<boolean> {
  if (!session?.refreshToken) return false;
  refreshing ??= (async () => {
    try {
      const res = await post('/api/v1/authenticate', { refresh_token: session!.refreshToken });
      if (!res.ok) return false;
      const body = await res.json();
      save({ ...session!, authToken: body.auth_token });
      return true;
    } finally { setTimeout(() => (refreshing = null), 0); }
  })();
  return refreshing;
}

export interface Page<T> { items: T[]; total: number; pages: number; page: number }

export async function request(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
  const headers = new Headers(init.headers);
  if (session) headers.set('Authorization', `Bearer ${session.authToken}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401 && session && !retried) {
    if (await refresh()) return request(path, init, true);
    save(null); // the session has ended: back to the sign-in screen
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  return res;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await request(path, init);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function page<T>(path: string): Promise<Page<T>> {
  const res = await request(path);
  return {
    items: await res.json(),
    total: Number(res.headers.get('X-Total-Count') ?? 0),
    pages: Number(res.headers.get('X-Total-Pages') ?? 1),
    page: Number(res.headers.get('X-Current-Page') ?? 1),
  };
}

export const send = (method: string, path: string, body?: unknown) =>
  api<unknown>(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });

export async function created(path: string, body: unknown): Promise<{ location: string | null; body: unknown }> {
  const res = await request(path, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  return { location: res.headers.get('Location'), body: text ? JSON.parse(text) : null };
}
