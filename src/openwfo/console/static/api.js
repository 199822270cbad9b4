// The one way the console talks to the server: the public REST API, same origin, the session cookie.
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

// raw: answer the Response itself (a CSV export) once it is ok; headers: extra request headers (Prefer).
export async function api(path, { method = 'GET', body, signal, raw = false, headers = {} } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (raw && response.ok) return response;
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
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
