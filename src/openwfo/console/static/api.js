// The one way the console talks to the server: the public REST API, same origin, the session cookie.
// The console's sign-in asks for a CSRF token (X-OpenWFO-Console); the server answers it in the
// X-CSRF-Token header of that sign-in and of GET /api/rest/authorize, and every change sends it back.
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.errorMessage) || `The server answered ${status}`);
    this.status = status;
    this.errors = (body && body.errors) || [];
    this.requestId = body && body.requestId;
  }
}

const listeners = new Set();
export function onSessionEnded(fn) { listeners.add(fn); }

let csrfToken = null;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// raw: answer the Response itself (a CSV export) once it is ok; headers: extra request headers (Prefer);
// form: a FormData sent as multipart (a file upload) instead of a JSON body.
export async function api(path, options = {}) {
  const { method = 'GET', body, form, signal, raw = false, headers = {} } = options;
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers }, signal };
  if (form !== undefined) {
    init.body = form;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (csrfToken && WRITES.has(method)) init.headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, init);
  const token = response.headers.get('X-CSRF-Token');
  if (token) csrfToken = token;
  if (raw && response.ok) return response;
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    // Signed in again in another tab: the cookie names a newer session, whose token the server gives once
    // more to this page (same origin only); the change is sent again with it, once.
    if (response.status === 403 && WRITES.has(method) && !options.retried && /^CSRF token/.test((data && data.errorMessage) || '')) {
      const session = await fetch('/api/rest/authorize', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      const fresh = session.ok && session.headers.get('X-CSRF-Token');
      if (fresh && fresh !== csrfToken) {
        csrfToken = fresh;
        return api(path, { ...options, retried: true });
      }
    }
    const error = new ApiError(response.status, data);
    if (response.status === 401 && path !== '/api/rest/authorize') listeners.forEach((fn) => fn(error));
    throw error;
  }
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x)); else q.append(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
