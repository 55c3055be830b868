// The group push dialog: choose a group, see and edit its layer, preview which gateways would change, push with a
// reason, then follow each gateway's progress.
import { api, call, esc } from './api.js';
import { pretty } from './diff.js';
import { T } from './texts.js';

const RUNNING = ['PENDING', 'PUBLISHED', 'APPLYING'];
let dialog = null;
let polling = null;

export function close() {
  clearInterval(polling);
  polling = null;
  if (dialog) { dialog.remove(); dialog = null; }
}

/** The groups a layer can be written for, from the fleet's facets. */
function groups(f) {
  return ['fleet', ...f.kinds.map(k => 'kind:' + k), ...f.districts.map(d => 'district:' + d), ...f.tags.map(t => 'tag:' + t)];
}

function targetsTable(items, columns) {
  return `<table><thead><tr>${columns.map(c => `<th>${c[0]}</th>`).join('')}</tr></thead><tbody>${items.map(g =>
    `<tr data-gateway="${esc(g.gateway)}">${columns.map(c => `<td>${c[1](g)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function errorsText(g) {
  return esc((g.errors || []).map(e => (e.field ? e.field + ': ' : '') + e.message).join('; ') || g.detail || '');
}

export function open(f) {
  close();
  dialog = document.createElement('dialog');
  dialog.id = 'push-dialog';
  dialog.innerHTML = `<h3>${T.pushTitle}</h3>
    <div class="toolbar"><label>${T.group}<select id="push-group">${groups(f).map(g => `<option value="${esc(g)}">${esc(g)}</option>`).join('')}</select></label>
      <span id="push-layer-info" class="info"></span></div>
    <label class="block">${T.layerDoc}<textarea id="push-layer" class="mono" rows="10" spellcheck="false"></textarea></label>
    <div class="toolbar"><button id="push-preview-button">${T.preview}</button><span id="push-message" class="info"></span></div>
    <div id="push-preview" class="scroll" data-total=""></div>
    <div class="toolbar"><label>${T.pushReason}<input id="push-reason" size="50" maxlength="500"></label>
      <button id="push-confirm" class="primary">${T.confirmPush}</button><button id="push-close">${T.close}</button></div>
    <div id="push-progress" data-done="false"></div>`;
  document.body.appendChild(dialog);
  const $ = s => dialog.querySelector(s);
  let stored = null; // the group's layer as stored: {version, document} or null

  let seq = 0;
  async function loadLayer() {
    const my = ++seq;
    const group = $('#push-group').value;
    const a = await call('/api/v1/config/layers/' + encodeURIComponent(group));
    if (my !== seq) return; // another group was chosen meanwhile
    stored = a.ok ? a.body : null;
    $('#push-layer-info').dataset.group = group;
    $('#push-layer').value = stored ? pretty(stored.document) : '{}';
    $('#push-layer-info').textContent = stored ? 'v' + stored.version + ', ' + stored.members + ' gateways' : T.noLayer;
    $('#push-preview').innerHTML = '';
  }

  function candidate() {
    const doc = JSON.parse($('#push-layer').value);
    return stored && pretty(stored.document) === pretty(doc) ? null : doc;
  }

  async function preview() {
    let document;
    try { document = candidate(); } catch (e) { $('#push-message').textContent = T.notJson + e.message; return; }
    const a = await call('/api/v1/config/pushes/preview', { method: 'POST', body: { group: $('#push-group').value, document: document || undefined } });
    const box = $('#push-preview');
    if (!a.ok) { box.innerHTML = `<p class="error">${esc(a.body ? a.body.detail || a.body.title : a.status)}</p>`; return; }
    box.dataset.total = a.body.gateways.length;
    box.innerHTML = `<p class="info" id="push-preview-counts">${esc(T.previewCounts(a.body.gateways.length, a.body.counts))}</p>`
      + targetsTable(a.body.gateways, [[T.gateway, g => esc(g.gateway)], [T.outcome, g => `<span class="outcome ${g.outcome}">${g.outcome.toLowerCase()}</span>`],
        [T.version, g => g.version ?? T.none], [T.errors, errorsText]]);
  }

  async function follow(id) {
    const p = await api('/api/v1/config/pushes/' + id);
    const total = p.gateways.length;
    const done = p.gateways.filter(g => !RUNNING.includes(g.state)).length;
    const box = $('#push-progress');
    if (!box) return;
    box.innerHTML = `<h3>${T.progress}: ${done} / ${total}</h3><progress max="${total || 1}" value="${total ? done : 1}"></progress>
      <p class="info" id="push-counts">${esc(Object.entries(p.counts).map(([k, v]) => v + ' ' + k.toLowerCase()).join(', '))}</p>`
      + targetsTable(p.gateways, [[T.gateway, g => esc(g.gateway)], [T.outcome, g => esc(g.outcome)], [T.version, g => g.version ?? T.none],
        [T.status, g => esc(g.state)], [T.errors, g => errorsText(g) || esc(((g.reported && g.reported.errors) || []).map(e => e.path + ': ' + e.message).join('; '))]]);
    box.dataset.done = String(done === total);
    if (done === total) { clearInterval(polling); polling = null; }
  }

  async function push() {
    const reason = $('#push-reason').value.trim();
    const msg = $('#push-message');
    if (!reason) { msg.textContent = T.reasonRequired; return; }
    let document;
    try { document = candidate(); } catch (e) { msg.textContent = T.notJson + e.message; return; }
    const group = $('#push-group').value;
    if (document) {
      const l = await call('/api/v1/config/layers/' + encodeURIComponent(group), { method: 'PUT',
        body: { document, reason, expectedVersion: stored ? stored.version : 0 } });
      if (!l.ok) {
        msg.textContent = (l.body && (l.body.errors || []).map(e => e.field + ': ' + e.message).join('; ')) || (l.body && l.body.detail) || l.status;
        return;
      }
      stored = l.body;
      msg.textContent = T.layerSaved(l.body.version);
      $('#push-layer-info').textContent = 'v' + stored.version + ', ' + stored.members + ' gateways';
    }
    const a = await call('/api/v1/config/pushes', { method: 'POST', body: { group, reason } });
    if (!a.ok) { msg.textContent = (a.body && a.body.detail) || a.status; return; }
    $('#push-progress').dataset.push = a.body.id;
    await follow(a.body.id);
    clearInterval(polling);
    polling = setInterval(() => follow(a.body.id).catch(() => {}), 1000);
  }

  $('#push-group').addEventListener('change', loadLayer);
  $('#push-preview-button').addEventListener('click', preview);
  $('#push-confirm').addEventListener('click', push);
  $('#push-close').addEventListener('click', close);
  dialog.addEventListener('cancel', close);
  dialog.showModal();
  loadLayer();
}
