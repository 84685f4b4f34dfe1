// Live updates: one Server-Sent Events stream per tab (GET /api/v1/live, read with fetch so that the bearer token
// goes in the Authorization header; EventSource cannot send it). Events name what changed (ids only); pages re-read
// through the ordinary API. When the stream cannot be opened the pages poll instead (state 'polling').
import { ApiError, currentSession, request } from './api';

export interface LiveChange { kind: string; endpointId?: number }
export type LiveState = 'connecting' | 'live' | 'polling';

const changes = new EventTarget();
const states = new EventTarget();
let state: LiveState = 'connecting';
let controller: AbortController | null = null;
let running = false;

export const liveState = () => state;

function setState(s: LiveState) {
  if (s === state) return;
  state = s;
  states.dispatchEvent(new Event('state'));
}

export function onLiveState(fn: () => void) { states.addEventListener('state', fn); return () => states.removeEventListener('state', fn); }

export function onLiveChange(fn: (c: LiveChange) => void) {
  const h = (e: Event) => fn((e as CustomEvent<LiveChange>).detail);
  changes.addEventListener('change', h);
  return () => changes.removeEventListener('change', h);
}

function emit(c: LiveChange) { changes.dispatchEvent(new CustomEvent('change', { detail: c })); }

function handle(block: string) {
  let kind = 'message', data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) kind = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (kind === 'ready') { setState('live'); emit({ kind: 'reset' }); return; } // catch up on what happened while away
  if (kind === 'end') return; // the token expires or the server stops: the loop opens a new stream
  let endpointId: number | undefined;
  try { endpointId = JSON.parse(data || '{}').endpoint_id; } catch { /* ids only; a bad line is skipped */ }
  emit({ kind, endpointId });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Keeps the stream open while someone is signed in; reconnects with backoff (1 s doubling to 30 s). */
export function startLive() {
  if (running) return;
  running = true;
  void (async () => {
    let backoff = 1000;
    while (running && currentSession()) {
      controller = new AbortController();
      try {
        const res = await request('/api/v1/live', { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            handle(buffer.slice(0, i));
            buffer = buffer.slice(i + 2);
          }
          backoff = 1000;
        }
      } catch (e) {
        if (!running) break;
        if (e instanceof ApiError && e.status === 401) break; // signed out
      }
      if (!running) break;
      setState('polling');
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 30000);
    }
    running = false;
  })();
}

export function stopLive() {
  running = false;
  controller?.abort();
  controller = null;
  setState('connecting');
}
