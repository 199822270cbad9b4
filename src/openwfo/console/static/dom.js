// Building DOM nodes: text is always set as text (names, metadata and comments are user data).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

// The person's context: set once signed in (tenant zone for every time shown).
export const ctx = { session: null, tenant: null, zone: 'UTC' };

export function can(...names) {
  const held = (ctx.session && ctx.session.permissions) || [];
  return names.some((n) => held.includes(n));
}

const formats = new Map();
function fmt(zone, opts) {
  const key = zone + JSON.stringify(opts);
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(undefined, { timeZone: zone, ...opts }));
  return formats.get(key);
}
export function time(ms, zone = ctx.zone) {
  return ms == null ? '' : fmt(zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}
export function dateTime(ms, zone = ctx.zone) {
  return ms == null ? '' : fmt(zone, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
export function day(ms, zone = ctx.zone) {
  return ms == null ? '' : fmt(zone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(ms);
}
// YYYY-MM-DD of an instant in a zone.
export function isoDate(ms, zone = ctx.zone) {
  const p = Object.fromEntries(fmt(zone, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}
export function duration(seconds) {
  if (seconds == null) return '';
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600); const mm = Math.floor((s % 3600) / 60); const ss = s % 60;
  return (hh ? `${hh}:${String(mm).padStart(2, '0')}` : `${mm}`) + `:${String(ss).padStart(2, '0')}`;
}

export function message(text, kind = 'empty') { return h('p', { class: kind, role: kind === 'error' ? 'alert' : null }, text); }

// A page's error in words (the API's errorMessage), or the field errors beside their inputs.
export function showFieldErrors(form, error, fieldFor) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const rest = [];
  for (const e of error.errors || []) {
    const input = e.field ? fieldFor(e.field) : null;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const note = h('span', { class: 'field-error', role: 'alert' }, e.reason);
      input.after(note);
    } else rest.push(e);
  }
  const general = form.querySelector('.form-error');
  if (general) {
    general.hidden = false;
    general.textContent = error.message + (rest.length ? ` (${rest.map((e) => `${e.field || e.row}: ${e.reason}`).join('; ')})` : '');
  }
}

// Black or white text, whichever contrasts more with the activity's colour (#RGB or #RRGGBB).
export function ink(color) {
  let hex = String(color).replace('#', '');
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  if (!/^[0-9a-f]{6}$/i.test(hex)) return '#000';
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? '#000' : '#fff';
}
