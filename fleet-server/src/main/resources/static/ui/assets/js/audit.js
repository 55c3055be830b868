// The audit log (operators and admins): who did what to which gateway, filtered and paged on the server.
import { api, qs, esc, fmtTime } from './api.js';
import { T } from './texts.js';

const ACTIONS = ['CONFIG_CHANGED', 'CONFIG_PUBLISHED', 'CONFIG_REPORTED', 'CONFIG_LAYER_CHANGED', 'CONFIG_PUSHED',
  'ALARM_ACKNOWLEDGED', 'COMMAND_SENT', 'COMMAND_ANSWERED'];
const SIZE = 50;
let state = { actor: '', action: '', gateway: '', from: '', to: '', page: 0 };

/** A datetime-local value (read as the browser's time zone) as an ISO instant; '' stays ''. */
function instant(local) {
  return local ? new Date(local).toISOString() : '';
}

export async function render(root) {
  root.innerHTML = `<h2>${T.audit}</h2>
    <div class="toolbar" id="audit-filters">
      <label>${T.actor}<input id="a-actor" value="${esc(state.actor)}" placeholder="operator, token:…, gateway:…, server"></label>
      <label>${T.action}<select id="a-action"><option value="">${T.any}</option>${ACTIONS.map(a => `<option value="${a}"${a === state.action ? ' selected' : ''}>${a}</option>`).join('')}</select></label>
      <label>${T.target}<input id="a-gateway" value="${esc(state.gateway)}" placeholder="gateway id"></label>
      <label>${T.from}<input id="a-from" type="datetime-local" value="${esc(state.from)}"></label>
      <label>${T.to}<input id="a-to" type="datetime-local" value="${esc(state.to)}"></label>
    </div>
    <p id="audit-error" class="error"></p>
    <div class="table-wrap"><table id="audit-table"><thead><tr><th>${T.time}</th><th>${T.actor}</th><th>${T.action}</th>
      <th>${T.target}</th><th>${T.outcome}</th><th>${T.details}</th></tr></thead><tbody></tbody></table></div>
    <div class="pager"><button id="a-prev">${T.prev}</button><span id="audit-info"></span><button id="a-next">${T.next}</button></div>`;
  const $ = s => root.querySelector(s);
  let seq = 0;
  async function load() {
    const my = ++seq;
    let p;
    try {
      p = await api('/api/v1/audit' + qs({ actor: state.actor, action: state.action, gateway: state.gateway,
        from: instant(state.from), to: instant(state.to), page: state.page, size: SIZE }));
      $('#audit-error').textContent = '';
    } catch (e) { $('#audit-error').textContent = e.message; return; }
    if (my !== seq) return;
    $('#audit-table tbody').innerHTML = p.items.map(e => `<tr data-action="${esc(e.action)}"><td>${fmtTime(e.at)}</td><td>${esc(e.actor)}</td>
      <td>${esc(e.action)}</td><td>${e.gateway ? `<a href="#/gateway/${encodeURIComponent(e.gateway)}">${esc(e.gateway)}</a>` : T.none}</td>
      <td>${esc(e.outcome)}</td><td class="detail"><code>${esc(JSON.stringify(e.details || {}))}</code></td></tr>`).join('')
      || `<tr><td class="muted" colspan="6">${T.noEntries}</td></tr>`;
    const info = $('#audit-info');
    info.textContent = p.total === 0 ? T.noEntries : T.of(p.page * SIZE + 1, p.page * SIZE + p.items.length, p.total);
    info.dataset.total = p.total;
    $('#a-prev').disabled = state.page === 0;
    $('#a-next').disabled = (state.page + 1) * SIZE >= p.total;
  }
  const set = (k, v) => { state[k] = v; state.page = 0; load(); };
  for (const k of ['actor', 'gateway']) $('#a-' + k).addEventListener('change', e => set(k, e.target.value.trim()));
  for (const k of ['action', 'from', 'to']) $('#a-' + k).addEventListener('change', e => set(k, e.target.value));
  $('#a-prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); load(); });
  $('#a-next').addEventListener('click', () => { state.page++; load(); });
  await load();
  return {};
}
