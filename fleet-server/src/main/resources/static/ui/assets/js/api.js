// Calls the fleet API with the page's session (cookie) and, for writes, the session's CSRF token.
const UI = { 'X-HanEdge-UI': '1' };
export let session = null;

export async function loadSession() {
  const r = await fetch('/ui/session', { headers: { ...UI, Accept: 'application/json' }, credentials: 'same-origin' });
  if (!r.ok || !(r.headers.get('Content-Type') || '').includes('json')) { location.href = '/login'; throw new Error('not logged in'); }
  session = await r.json();
  return session;
}

export function canAcknowledge() {
  return session && (session.role === 'OPERATOR' || session.role === 'ADMIN');
}

/** Operators and admins may change things; viewers only look. */
export function canOperate() {
  return canAcknowledge();
}

/** Like api(), but answers {status, body} for every HTTP status instead of throwing (a 422's errors are wanted). */
export async function call(path, { method = 'GET', body } = {}) {
  const headers = { ...UI, Accept: 'application/json' };
  if (method !== 'GET') {
    headers[session.csrfHeader] = session.csrfToken;
    headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) { location.href = '/login'; throw new Error('session ended'); }
  let parsed = null;
  try { parsed = await r.json(); } catch (e) { /* no body */ }
  return { status: r.status, ok: r.ok, body: parsed };
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { ...UI, Accept: 'application/json' };
  if (method !== 'GET') {
    headers[session.csrfHeader] = session.csrfToken;
    headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) { location.href = '/login'; throw new Error('session ended'); }
  if (!r.ok) {
    let detail = r.status + ' ' + r.statusText;
    try { const p = await r.json(); detail = p.detail || p.title || detail; } catch (e) { /* not a problem body */ }
    throw new Error(detail);
  }
  return r.status === 204 ? null : r.json();
}

export function qs(params) {
  const u = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => { if (v !== undefined && v !== null && v !== '') u.set(k, v); });
  const s = u.toString();
  return s ? '?' + s : '';
}

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
}

export function fmtNum(v, digits = 2) {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v !== 'number') return String(v);
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

export function toast(text) {
  const t = document.createElement('div');
  t.textContent = text;
  document.getElementById('toast').appendChild(t);
  setTimeout(() => t.remove(), 5000);
}

/** Runs fn at most once per `ms`, the last call wins. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}
