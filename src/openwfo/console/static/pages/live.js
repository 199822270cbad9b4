// Real-time wallboard: the live stream (SSE) of a team: each agent's state, scheduled activity, adherence
// colour and time in state, updated as events arrive (EventSource reconnects with Last-Event-ID by itself).
import { clear, ctx, duration, h, isoDate, message, time } from '../dom.js';
import { api } from '../api.js';

const STATES = { IN_ADHERENCE: 'in', OUT_OF_ADHERENCE: 'out', UNSCHEDULED: 'none' };

export async function render(root, _rest, params) {
  const drill = await api('/api/rest/org/common/common/permission/ViewOrg').catch(() => []);
  const teams = drill.flatMap((g) => (g.teams || []).map((t) => ({ id: t.groupId, name: `${g.name} › ${t.name}` })));
  const teamSelect = h('select', { id: 'team' }, teams.map((t) => h('option', { value: t.id }, t.name)));
  if (params.get('team')) teamSelect.value = params.get('team');
  const status = h('p', { class: 'hint', id: 'live-status', role: 'status' }, 'Connecting…');
  const board = h('div', { class: 'wallboard', id: 'wallboard', 'aria-live': 'off' });
  const chart = h('section', { class: 'intervals', 'aria-labelledby': 'intervals-h' });
  root.append(h('h1', {}, 'Real-time'),
    h('div', { class: 'toolbar' }, h('label', {}, 'Team ', teamSelect), status), board, chart);
  if (!teams.length) { board.append(message('No teams are in your scope.')); status.textContent = ''; return null; }

  let source = null;
  let skew = 0; // server clock minus ours, from each snapshot
  const agents = new Map();
  const tiles = new Map();

  function tile(a) {
    const adherence = STATES[a.adherence] || 'none';
    const act = a.scheduledActivity;
    const node = h('article', { class: `tile adh-${adherence}`, dataset: { agent: a.agentId } },
      h('h2', {}, `${a.firstName || ''} ${a.lastName || ''}`.trim() || `Agent ${a.agentId}`),
      h('p', { class: 'state' }, a.agentState.replaceAll('_', ' ').toLowerCase(), a.reasonCode ? ` (${a.reasonCode})` : ''),
      h('p', { class: 'in-state', dataset: { since: a.stateStartTime ?? '' } }, ''),
      h('p', { class: 'activity' }, act ? `${act.activityType.replaceAll('_', ' ')} ${time(act.startTime)}–${time(act.endTime)}` : 'Not scheduled now'),
      h('p', { class: 'adherence' }, a.adherence.replaceAll('_', ' ').toLowerCase()));
    return node;
  }
  function put(a) {
    const node = tile(a);
    const old = tiles.get(a.agentId);
    if (old) old.replaceWith(node); else board.append(node);
    tiles.set(a.agentId, node);
    tick();
  }
  function tick() {
    const now = Date.now() + skew;
    board.querySelectorAll('.in-state').forEach((p) => {
      p.textContent = p.dataset.since ? `in state ${duration((now - Number(p.dataset.since)) / 1000)}` : '';
    });
  }
  function merge(data) {
    if (!data || !data.agentId || !data.agent) return;
    const a = { ...(agents.get(data.agentId) || { agentId: data.agentId }), ...data.agent };
    agents.set(data.agentId, a);
    put(a);
  }
  function connect() {
    if (source) source.close();
    agents.clear(); tiles.clear(); clear(board);
    history.replaceState(null, '', `#/live?team=${teamSelect.value}`);
    source = new EventSource(`/api/rest/scheduling/realTime/stream?teamId=${encodeURIComponent(teamSelect.value)}`);
    source.addEventListener('snapshot', (e) => {
      const snap = JSON.parse(e.data);
      skew = snap.time - Date.now();
      agents.clear(); tiles.clear(); clear(board);
      for (const a of snap.agents) { agents.set(a.agentId, a); put(a); }
      if (!snap.agents.length) board.append(message('No agents in this team are watched by the live view.'));
      status.textContent = `Live, times in ${ctx.zone}. Updated ${time(snap.time)}.`;
    });
    for (const kind of ['state', 'activity', 'agent']) {
      source.addEventListener(kind, (e) => {
        merge(JSON.parse(e.data));
        status.textContent = `Live, times in ${ctx.zone}. Updated ${time(Date.now() + skew)}.`;
      });
    }
    source.addEventListener('alert', (e) => {
      const d = JSON.parse(e.data);
      tiles.get(d.agentId)?.classList.add('alerting');
    });
    source.addEventListener('alertEnded', (e) => {
      const d = JSON.parse(e.data);
      tiles.get(d.agentId)?.classList.remove('alerting');
    });
    source.onerror = () => {
      status.textContent = source.readyState === EventSource.CLOSED
        ? 'The live stream closed (your session may have ended). Reload the page.' : 'Reconnecting…';
    };
  }
  // The team's adherence per half hour today (the Adherence API), refreshed every minute.
  async function intervals() {
    const date = isoDate(Date.now() + skew);
    let data;
    try {
      data = await api(`/api/rest/scheduling/adherence/interval?teamId=${encodeURIComponent(teamSelect.value)}&date=${date}&interval=30`);
    } catch (e) {
      clear(chart).append(h('h2', { id: 'intervals-h' }, 'Adherence per interval today'), message(e.message, 'error'));
      return;
    }
    const scheduled = data.intervals.filter((i) => i.scheduledSeconds > 0);
    const bars = h('div', { class: 'ibars', role: 'list', tabindex: 0, 'aria-label': 'Adherence per half hour' });
    for (const i of scheduled) {
      const pct = i.scheduleAdherence == null ? null : Math.round(i.scheduleAdherence);
      const label = `${time(i.startTime)}: ${pct == null ? 'not yet measured' : `${pct}% in adherence`}, ${Math.round(i.scheduledSeconds / 60)} scheduled minutes`;
      const bar = h('div', { class: 'ibar', role: 'listitem', title: label, 'aria-label': label },
        h('span', { class: `fill ${pct == null ? 'none' : pct >= 80 ? 'good' : 'bad'}` }), h('span', { class: 'ilabel' }, time(i.startTime)));
      bar.firstChild.style.height = `${pct ?? 0}%`;
      bars.append(bar);
    }
    clear(chart).append(h('h2', { id: 'intervals-h' }, `Adherence per interval today (${date}, ${ctx.zone})`),
      scheduled.length ? bars : message('No one in this team is scheduled today.'));
  }
  teamSelect.addEventListener('change', () => { connect(); intervals(); });
  connect();
  intervals();
  const timer = setInterval(tick, 1000);
  const refresh = setInterval(intervals, 60000);
  return () => { clearInterval(timer); clearInterval(refresh); if (source) source.close(); };
}
