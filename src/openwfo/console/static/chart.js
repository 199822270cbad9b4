// An interval chart drawn as SVG (no library): bars for one series, a step line for another, an axis in the
// tenant's zone, a readout that follows the pointer or the arrow keys, and the numbers as a table beneath.
import { ctx, day, h, time } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 960;
const H = 220;
const PAD = { left: 44, right: 8, top: 10, bottom: 26 };

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function niceTop(max) {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= max);
}

const shortDay = (t) => new Intl.DateTimeFormat(undefined, { timeZone: ctx.zone, day: 'numeric', month: 'short' }).format(t);
const fmt = (v, digits) => (v == null ? '–' : Number(v).toFixed(digits));

// times: interval start instants (ms, ascending, one step apart where contiguous); bars / line: values per
// time (null = none). `flag(i)` marks a bar as short (drawn in the warning colour).
export function intervalChart({ id, label, times, stepMs, bars, line, barName, lineName, digits = 1, flag }) {
  const n = times.length;
  const values = [...bars, ...(line || [])].filter((v) => v != null);
  const top = niceTop(Math.max(0, ...values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const from = times[0];
  const to = times[n - 1] + stepMs;
  const x = (t) => PAD.left + ((t - from) / (to - from)) * plotW;
  const y = (v) => PAD.top + plotH - (v / top) * plotH;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'ichart', role: 'img', 'aria-label': label, focusable: 'false' });
  svg.append(s('title', {}, label));
  for (let k = 0; k <= 4; k += 1) {
    const v = (top * k) / 4;
    svg.append(s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.left - 4, y: y(v) + 4, class: 'ylabel' }, Number.isInteger(v) ? v : v.toFixed(1)));
  }
  // X axis: a label every 1, 2, 3, 6 or 12 hours (or each day) so that about 12 fit.
  const hours = (to - from) / 3600000;
  const every = [1, 2, 3, 6, 12, 24, 48, 72, 168].find((e) => hours / e <= 12) || 336;
  const days = hours > 24;
  for (const t of times) {
    const hourMark = Math.round((t - from) / 60000) % (every * 60) === 0;
    if (!hourMark) continue;
    svg.append(s('line', { x1: x(t), x2: x(t), y1: PAD.top + plotH, y2: PAD.top + plotH + 4, class: 'tick' }),
      s('text', { x: x(t), y: H - 8, class: 'xlabel' }, every >= 24 || (days && time(t) === '00:00') ? shortDay(t) : time(t)));
  }
  const good = [];
  const bad = [];
  bars.forEach((v, i) => {
    if (!v) return;
    const x0 = x(times[i]);
    const w = Math.max(0.5, x(times[i] + stepMs) - x0 - (n > 200 ? 0 : 1));
    (flag && flag(i) ? bad : good).push(`M${x0.toFixed(2)} ${y(0).toFixed(2)}V${y(v).toFixed(2)}h${w.toFixed(2)}V${y(0).toFixed(2)}Z`);
  });
  svg.append(s('path', { d: good.join('') || 'M0 0', class: 'bars' }), s('path', { d: bad.join('') || 'M0 0', class: 'bars short' }));
  if (line) {
    let d = '';
    let open = false;
    line.forEach((v, i) => {
      if (v == null) { open = false; return; }
      const x0 = x(times[i]).toFixed(2);
      const x1 = x(times[i] + stepMs).toFixed(2);
      const yy = y(v).toFixed(2);
      d += open ? `L${x0} ${yy}L${x1} ${yy}` : `M${x0} ${yy}L${x1} ${yy}`;
      open = i + 1 < n && times[i + 1] === times[i] + stepMs;
    });
    if (d) svg.append(s('path', { d, class: 'line' }));
  }
  const cursor = s('line', { y1: PAD.top, y2: PAD.top + plotH, class: 'cursor', visibility: 'hidden' });
  svg.append(cursor);

  const readout = h('p', { class: 'readout', id: `${id}-readout`, 'aria-live': 'polite' },
    'Point at the chart, or focus it and use the arrow keys, to read an interval.');
  const describe = (i) => `${day(times[i])} ${time(times[i])}–${time(times[i] + stepMs)}: ${barName} ${fmt(bars[i], digits)}`
    + (line ? `, ${lineName} ${fmt(line[i], digits)}` : '');
  let at = -1;
  const show = (i) => {
    at = Math.max(0, Math.min(n - 1, i));
    const cx = x(times[at] + stepMs / 2);
    cursor.setAttribute('x1', cx); cursor.setAttribute('x2', cx); cursor.setAttribute('visibility', 'visible');
    readout.textContent = describe(at);
  };
  const index = (ms) => {
    let lo = 0; let hi = n - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (times[mid] <= ms) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const wrap = h('div', {
    class: 'ichart-wrap', id, tabindex: 0, role: 'group', 'aria-label': `${label}. Arrow keys read one interval at a time.`,
    'aria-describedby': `${id}-readout`,
    onpointermove: (e) => {
      const box = svg.getBoundingClientRect();
      const px = ((e.clientX - box.left) / box.width) * W;
      if (px < PAD.left || px > W - PAD.right) return;
      show(index(from + ((px - PAD.left) / plotW) * (to - from)));
    },
    onkeydown: (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1, PageDown: 8, PageUp: -8 }[e.key];
      if (e.key === 'Home') show(0);
      else if (e.key === 'End') show(n - 1);
      else if (step) show(at < 0 ? 0 : at + step);
      else return;
      e.preventDefault();
    },
  }, svg);
  const legend = h('p', { class: 'legend' },
    h('span', { class: 'key bars' }), ` ${barName}`, flag ? [' ', h('span', { class: 'key short' }), ' short of the line'] : null,
    line ? [' ', h('span', { class: 'key line' }), ` ${lineName}`] : null, ` · times in ${ctx.zone}`);
  // The numbers, built when first opened (a month at 15 minutes is thousands of rows).
  const body = h('tbody');
  const table = h('details', { class: 'numbers' }, h('summary', {}, 'The numbers'),
    h('table', {}, h('caption', {}, label), h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Interval'),
      h('th', { scope: 'col' }, barName), line ? h('th', { scope: 'col' }, lineName) : null)), body));
  table.addEventListener('toggle', () => {
    if (!table.open || body.firstChild) return;
    body.append(...times.map((t, i) => h('tr', {}, h('th', { scope: 'row' }, `${day(t)} ${time(t)}`),
      h('td', {}, fmt(bars[i], digits)), line ? h('td', {}, fmt(line[i], digits)) : null)));
  });
  return h('figure', { class: 'ichart-figure' }, legend, wrap, readout, table);
}
