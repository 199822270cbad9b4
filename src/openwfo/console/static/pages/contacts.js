// Contacts: search with the Contact API's filters and a paged result table.
import { api, query } from '../api.js';
import { clear, ctx, dateTime, duration, h, isoDate, message } from '../dom.js';

const PAGE = 25;
const FIELDS = [
  ['beginDate', 'From (date)', 'date'], ['endDate', 'Before (date)', 'date'],
  ['firstName', 'Agent first name', 'text'], ['lastName', 'Agent last name', 'text'],
  ['ani', 'Calling number', 'text'], ['dnis', 'Called number', 'text'],
  ['team', 'Team id', 'text'], ['group', 'Group id', 'text'],
  ['number', 'Any number (calling, called or extension)', 'text'],
  ['metadata', 'Metadata (key, key=value or key~contains~value)', 'text'],
  ['silenceDuration', 'Silence of at least (seconds)', 'number'],
  ['talkOverDuration', 'Talk-over of at least (seconds)', 'number'],
  ['sentimentAbove', 'Sentiment above (-1 to 1)', 'number'],
  ['sentimentBelow', 'Sentiment below (-1 to 1)', 'number'],
];
const SECONDS = new Set(['silenceDuration', 'talkOverDuration']);
const KINDS = [['', 'any'], ['CALL', 'calls'], ['EMAIL', 'emails'], ['TEXT', 'chats and other texts']];
const FLAGS = [['hasRecording', 'Has a recording'], ['scored', 'Scored'], ['silenceEvents', 'Has silence'],
  ['talkOverEvents', 'Has talk-over']];

export async function render(root, _rest, params) {
  // Categories come from the Categories API; one the caller may not read leaves the filter empty.
  const categories = h('select', { name: 'category' }, h('option', { value: '' }, 'any'));
  api('/api/rest/cas/phraselist').then((list) => {
    for (const c of (Array.isArray(list) ? list : list.categories || [])) {
      categories.append(h('option', { value: String(c.id), selected: params.get('category') === String(c.id) },
        c.category || c.name || `Category ${c.id}`));
    }
  }).catch(() => { /* no analytics permission: the filter offers only "any" */ });
  const form = h('form', { class: 'filters', id: 'contact-search', role: 'search' },
    FIELDS.map(([name, label, type]) => h('label', {}, label,
      h('input', { name, type, value: params.get(name) || (name === 'beginDate' ? isoDate(Date.now() - 30 * 86400000) : '') }))),
    h('label', {}, 'Contact type', h('select', { name: 'contactType' },
      KINDS.map(([v, label]) => h('option', { value: v, selected: (params.get('contactType') || '') === v }, label)))),
    h('label', {}, 'Analytics category', categories),
    h('label', {}, 'Evaluation state', h('select', { name: 'evalState' },
      ['', 'unscored', 'inProgress', 'scored', 'needsApproval', 'approved'].map((v) => h('option', { value: v, selected: params.get('evalState') === v }, v || 'any')))),
    FLAGS.map(([name, label]) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, checked: params.get(name) === 'true' }), label)),
    h('p', { class: 'form-error error', role: 'alert', hidden: true }),
    h('button', { type: 'submit' }, 'Search'));
  const results = h('div', { id: 'contact-results' });
  root.append(h('h1', {}, 'Contacts'), form, results);
  const offset = Number(params.get('offset') || 0);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = {};
    for (const [name] of FIELDS) q[name] = form.elements[name].value.trim();
    q.evalState = form.elements.evalState.value;
    q.contactType = form.elements.contactType.value;
    q.category = form.elements.category.value;
    for (const [name] of FLAGS) q[name] = form.elements[name].checked ? 'true' : '';
    location.hash = `#/contacts${query(q)}`;
  });
  if (![...params.keys()].length) { results.append(message('Set the filters and press Search.')); return; }

  const q = { limit: PAGE, offset };
  for (const [name] of FIELDS) q[name] = params.get(name);
  q.evalState = params.get('evalState');
  q.contactType = params.get('contactType');
  q.category = params.get('category');
  for (const name of SECONDS) if (q[name]) q[name] = Math.round(Number(q[name]) * 1000);
  for (const [name] of FLAGS) {
    if (params.get(name) === 'true') q[name] = name.endsWith('Events') ? 1 : 'true';
  }
  if (q.metadata && q.metadata.includes('=') && !q.metadata.includes('~')) {
    const at = q.metadata.indexOf('=');
    q.metadata = `${q.metadata.slice(0, at)}~equals~${q.metadata.slice(at + 1)}`;
  }
  results.append(h('p', { class: 'loading', role: 'status' }, 'Searching…'));
  let contacts;
  try {
    contacts = await api(`/api/rest/recording/contact${query(q)}`);
  } catch (e) {
    clear(results).append(message(e.message, 'error'));
    return;
  }
  clear(results);
  if (!contacts.length) { results.append(message('No contacts match. Widen the dates or clear a filter.')); return; }
  const table = h('table', { class: 'grid' },
    h('caption', {}, `Contacts ${offset + 1}–${offset + contacts.length} (times in ${ctx.zone})`),
    h('thead', {}, h('tr', {}, ['Start', 'Agent', 'Team', 'Type', 'Calling', 'Called', 'Duration', 'Evaluation']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, contacts.map((c) => h('tr', {},
      h('td', {}, h('a', { href: `#/contact/${c.id}` }, dateTime(c.startTime))),
      h('td', {}, c.agent ? `${c.agent.firstName || ''} ${c.agent.lastName || ''}` : ''),
      h('td', {}, c.team ? c.team.name || '' : ''),
      h('td', {}, c.contactType || ''), h('td', {}, c.ani || ''), h('td', {}, c.dnis || ''),
      h('td', {}, duration((c.callDuration || 0) / 1000)),
      h('td', {}, c.scored ? 'scored' : (c.evaluation ? 'in progress' : '—'))))));
  const pager = h('nav', { class: 'pager', 'aria-label': 'Result pages' },
    offset > 0 ? h('a', { href: page(offset - PAGE) }, '‹ Previous') : null,
    contacts.length === PAGE ? h('a', { href: page(offset + PAGE) }, 'Next ›') : null);
  results.append(table, pager);

  function page(at) {
    const next = new URLSearchParams(params);
    next.set('offset', Math.max(0, at));
    return `#/contacts?${next}`;
  }
}
