// Evaluations: the evaluator's queue (contacts to evaluate, evaluations in progress — automated QA drafts among
// them —, those waiting for approval) and an agent's own scored evaluations with acknowledge / dispute.
// Every list is the Contact API's search (canEvaluate, evalState, searchScope), 25 a page, over the Contact
// API's default window (the last 60 days) unless a start date is given.
import { api, query } from '../api.js';
import { can, ctx, dateTime, h, message } from '../dom.js';

const PAGE = 25;
const EVALUATORS = ['Evaluate Contacts', 'Approve Evaluations', 'Administer QM'];
const VIEWS = {
  todo: { label: 'To evaluate', perms: ['Evaluate Contacts'], q: { canEvaluate: 'true', evalState: 'unscored' },
    empty: 'Nothing to evaluate: every recorded contact you may evaluate in this window has an evaluation. Pick an earlier start date.' },
  progress: { label: 'In progress', perms: EVALUATORS, q: { evalState: 'inProgress' },
    empty: 'No evaluation is in progress. Start one from "To evaluate".' },
  approval: { label: 'Waiting for approval', perms: ['Approve Evaluations', 'Administer QM'], q: { evalState: 'needsApproval' },
    empty: 'Nothing waits for approval.' },
  // Everyone may list their own evaluated contacts (the Contact API's searchScope=myContacts).
  mine: { label: 'My evaluations', perms: null, q: { searchScope: 'myContacts', evalState: ['scored', 'approved'] },
    empty: 'None of your contacts has a scored evaluation in this window. Pick an earlier start date.' },
};
const STATES = { 1: 'scored', 2: 'in progress', 3: 'waiting for approval', 4: 'approved' };
const who = (p) => (p ? `${p.firstName || ''} ${p.lastName || ''}`.trim() : '');

export async function render(root, _rest, params) {
  const offered = Object.keys(VIEWS).filter((k) => !VIEWS[k].perms || can(...VIEWS[k].perms));
  const view = VIEWS[params.get('view')] ? params.get('view') : (offered[0] || 'mine');
  const since = params.get('since') || '';
  root.append(h('h1', {}, 'Evaluations'),
    h('nav', { class: 'tabs', 'aria-label': 'Evaluation lists' }, offered.map((k) => h('a', {
      href: `#/evaluations${query({ view: k, since })}`, 'aria-current': k === view ? 'page' : null, id: `tab-${k}` }, VIEWS[k].label))));
  const form = h('form', { class: 'filters', role: 'search' },
    h('label', {}, 'Contacts since (empty: the last 60 days)', h('input', { type: 'date', name: 'since', value: since })),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/evaluations${query({ view, since: form.elements.since.value })}`;
  });
  const results = h('div', { id: 'evaluation-results' });
  root.append(form, results);
  const offset = Number(params.get('offset') || 0);
  const q = { ...VIEWS[view].q, beginDate: since, limit: PAGE, offset };
  let contacts;
  try {
    contacts = await api(`/api/rest/recording/contact${query(q)}`);
  } catch (e) {
    if (e.status === 401) throw e;
    results.append(message(view === 'mine' && e.status === 403
      ? `${e.message}. Without it the API lists no contacts; open an evaluation from the link your evaluator sends.`
      : e.message, 'error'));
    return;
  }
  if (!contacts.length) { results.append(message(VIEWS[view].empty)); return; }
  if (view === 'mine') await mine(results, contacts);
  else results.append(queue(view, contacts, offset));
  const pager = h('nav', { class: 'pager', 'aria-label': 'Result pages' },
    offset > 0 ? h('a', { href: `#/evaluations${query({ view, since, offset: Math.max(0, offset - PAGE) })}` }, '‹ Previous') : null,
    contacts.length === PAGE ? h('a', { href: `#/evaluations${query({ view, since, offset: offset + PAGE })}` }, 'Next ›') : null);
  results.append(pager);
}

function queue(view, contacts, offset) {
  const me = ctx.session.id;
  return h('table', { class: 'grid', id: `queue-${view}` },
    h('caption', {}, `${VIEWS[view].label}: contacts ${offset + 1}–${offset + contacts.length} (times in ${ctx.zone})`),
    h('thead', {}, h('tr', {}, ['Contact', 'Agent', 'Team', 'Form', 'Evaluator', 'State', ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, contacts.map((c) => {
      const ev = c.evaluation;
      const auto = ev && ev.stateId === 2 && !c.evaluator;
      const evaluator = auto ? h('span', { class: 'badge' }, 'automated QA draft')
        : c.evaluator ? (c.evaluator.id === me ? 'you' : who(c.evaluator)) : '—';
      const href = ev ? `#/evaluate/${c.id}/${ev.id}` : `#/evaluate/${c.id}`;
      const action = view === 'todo' ? 'Evaluate' : view === 'approval' ? 'Review' : (auto ? 'Check and take over' : 'Continue');
      return h('tr', { dataset: { contact: c.id } },
        h('td', {}, h('a', { href: `#/contact/${c.id}` }, dateTime(c.startTime))),
        h('td', {}, who(c.agent)), h('td', {}, c.team ? c.team.name || '' : ''),
        h('td', {}, c.evalForm ? c.evalForm.name || '' : '—'), h('td', {}, evaluator),
        h('td', {}, ev ? `${STATES[ev.stateId] || ''}${ev.score != null ? `, ${ev.score}` : ''}` : 'not evaluated'),
        h('td', {}, h('a', { href, class: 'button-link', 'aria-label': `${action}: contact ${c.id} with ${who(c.agent)}` }, action)));
    })));
}

// The agent's own contacts' scored evaluations (each contact's list), with acknowledge and dispute.
async function mine(results, contacts) {
  const lists = await Promise.all(contacts.map((c) => api(`/api/rest/recording/contact/${c.id}/eval`)
    .then((evs) => evs.filter((e) => ['scored', 'approved'].includes(e.state) && !e.calibration).map((e) => ({ c, e })))
    .catch(() => [])));
  const rows = lists.flat();
  if (!rows.length) { results.append(message('No scored evaluation of your contacts yet.')); return; }
  results.append(h('div', { class: 'cards', id: 'my-evaluations' }, rows.map(({ c, e }) => card(c, e))));
}

function card(c, e) {
  const base = `/api/rest/recording/contact/${c.id}/eval/${e.id}`;
  const note = h('p', { class: 'hint', role: 'status' });
  const ack = h('button', { type: 'button', class: 'acknowledge', disabled: !!e.acknowledged }, e.acknowledged ? 'Acknowledged' : 'Acknowledge');
  ack.addEventListener('click', async () => {
    ack.disabled = true;
    try {
      const r = await api(`${base}/acknowledge`, { method: 'POST' });
      ack.textContent = 'Acknowledged';
      note.textContent = `Acknowledged ${dateTime(r.acknowledged)}.`;
    } catch (x) { ack.disabled = false; note.textContent = x.message; }
  });
  const reason = h('input', { name: 'reason', maxlength: 4000, placeholder: 'Why you dispute it',
    'aria-label': `Why you dispute evaluation ${e.id}` });
  const dispute = h('button', { type: 'button', class: 'quiet dispute', disabled: e.dispute === 'open' }, 'Dispute');
  dispute.addEventListener('click', async () => {
    try {
      await api(`${base}/dispute`, { method: 'POST', body: { reason: reason.value } });
      dispute.disabled = true;
      note.textContent = 'Disputed: your evaluator or an approver will uphold or rescore it.';
    } catch (x) { note.textContent = x.message; }
  });
  return h('article', { class: 'card', dataset: { evaluation: e.id } },
    h('h2', {}, h('a', { href: `#/evaluate/${c.id}/${e.id}` }, `${e.form.name || 'Evaluation'}: ${e.score ?? '—'}${e.band != null ? ` (band ${e.band})` : ''}`)),
    h('p', {}, `Contact of ${dateTime(c.startTime)}, evaluated ${dateTime(e.evaluated)} by ${who(e.evaluator) || '—'}`),
    e.dispute ? h('p', { class: 'hint' }, `Dispute: ${e.dispute}`) : null,
    h('div', { class: 'actions' }, ack, reason, dispute), note);
}
