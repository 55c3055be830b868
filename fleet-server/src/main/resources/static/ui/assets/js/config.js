// A gateway's configuration tab: the own-document editor checked as the operator types, desired and reported with
// the sync badge, diffs, the origin of each effective value, push with a reason and the report followed live, history.
import { api, call, esc, fmtTime, debounce, canOperate, toast } from './api.js';
import { lineDiff, changed, diffHtml, pretty } from './diff.js';
import { T } from './texts.js';

const FINAL = ['APPLIED', 'ROLLED_BACK', 'REJECTED', 'DRIFT'];

/** The same rule as the fleet table's column (FleetRow.Sync on the server). */
export function syncOf(desired, reported) {
  if (!desired) return 'NONE';
  if (reported && reported.status === 'DRIFT') return 'DRIFT';
  if (!reported || reported.version !== desired.version) return 'PENDING';
  if (reported.status === 'APPLIED') return 'IN_SYNC';
  if (reported.status === 'ROLLED_BACK' || reported.status === 'REJECTED') return 'FAILED';
  return 'PENDING';
}

function errorList(errors, field = 'path') {
  return (errors || []).map(e => `<li data-path="${esc(e[field])}"><code>${esc(e[field] || '(document)')}</code> ${esc(e.message)}</li>`).join('');
}

export async function render(root, id) {
  const base = '/api/v1/gateways/' + encodeURIComponent(id) + '/config';
  const operator = canOperate();
  root.insertAdjacentHTML('beforeend', `
    <div class="grid">
      <div class="card"><h3>${T.desired} <span id="config-sync" class="sync"></span></h3><dl class="kv" id="config-desired"></dl></div>
      <div class="card"><h3>${T.reported}</h3><dl class="kv" id="config-reported"></dl></div>
    </div>
    <div class="config-edit">
      <div class="card"><h3>${T.editor}</h3><p class="info" id="config-note"></p>
        <textarea id="config-editor" class="mono" spellcheck="false" rows="26" ${operator ? '' : 'readonly'}></textarea>
        ${operator ? `<div class="toolbar push-bar"><label>${T.pushReason}<input id="config-reason" size="50" maxlength="500"></label>
          <button id="config-push" class="primary">${T.push}</button><span id="config-push-status" class="info"></span></div>`
          : `<p class="muted" id="config-readonly">${T.viewerReadOnly}</p>`}
      </div>
      <div class="card"><h3>${T.errors} <span id="config-check" class="info"></span></h3>
        <ul id="config-problems" class="problems" data-state="idle" data-count="0"></ul>
        <h3>${T.diffEditor}</h3><div id="config-diff-editor" class="diff"></div>
        <h3>${T.diffDesiredInForce}</h3><div id="config-diff-inforce" class="diff"></div>
      </div>
    </div>
    <div class="grid" style="margin-top:1rem">
      <div class="card"><h3>${T.origins}</h3><div class="scroll"><table id="config-origins"><thead><tr><th>${T.path}</th><th>${T.layer}</th></tr></thead><tbody></tbody></table></div></div>
      <div class="card"><h3>${T.history}</h3><div class="scroll"><table id="config-history"><thead><tr><th>${T.version}</th><th>${T.time}</th><th>${T.author}</th><th>${T.reason}</th><th>${T.layers}</th></tr></thead><tbody></tbody></table></div>
        <div id="config-version-view"></div></div>
    </div>
    <div class="card" style="margin-top:1rem"><h3>${T.reports}</h3><table id="config-reports"><thead><tr><th>${T.version}</th><th>${T.status}</th><th>${T.errors}</th><th>${T.lastGood}</th><th>${T.time}</th></tr></thead><tbody></tbody></table></div>`);
  const $ = s => root.querySelector(s);
  const editor = $('#config-editor');
  let cfg = null, eff = null, previousOwn = '';
  let polling = null;

  async function loadState() {
    [cfg, eff] = await Promise.all([api(base), api(base + '/effective')]);
    const d = cfg.desired, r = cfg.reported;
    const sync = syncOf(d, r);
    const badge = $('#config-sync');
    badge.textContent = T.sync[sync];
    badge.dataset.sync = sync;
    badge.className = 'sync ' + sync;
    $('#config-desired').innerHTML = d ? `<dt>${T.version}</dt><dd id="config-desired-version">${d.version}</dd>
      <dt>${T.author}</dt><dd>${esc(d.author)}</dd><dt>${T.time}</dt><dd>${fmtTime(d.time)}</dd>
      <dt>${T.reason}</dt><dd>${esc(d.reason)}</dd><dt>${T.layers}</dt><dd>${esc((d.layers || []).join(', ') || T.none)}</dd>`
      : `<dt>${T.version}</dt><dd id="config-desired-version">${T.none}</dd>`;
    $('#config-reported').innerHTML = r ? `<dt>${T.status}</dt><dd id="config-reported-status" class="status-${r.status}">${esc(r.status)}</dd>
      <dt>${T.version}</dt><dd>${r.version}</dd><dt>${T.lastGood}</dt><dd>${r.lastGood}</dd><dt>${T.time}</dt><dd>${fmtTime(r.time)}</dd>
      <dt>${T.errors}</dt><dd><ul class="problems" id="config-reported-errors">${errorList(r.errors) || T.none}</ul></dd>`
      : `<dt>${T.status}</dt><dd id="config-reported-status">${T.noReport}</dd>`;
    previousOwn = eff.own ? pretty(eff.own) : '';
    $('#config-note').textContent = eff.own ? '' : T.noVersion;
    showOrigins(eff.origins);
    await Promise.all([inForceDiff(), loadHistory()]);
  }

  async function inForceDiff() {
    const d = cfg.desired, r = cfg.reported, box = $('#config-diff-inforce');
    if (!d) { box.innerHTML = `<p class="muted">${T.none}</p>`; return; }
    const inForce = !r ? 0 : r.status === 'APPLIED' || r.status === 'DRIFT' ? r.version : r.lastGood;
    if (inForce === d.version) { box.innerHTML = `<p class="info" data-latest="true">${T.runsLatest}</p>`; return; }
    if (!inForce) { box.innerHTML = `<p class="muted">${T.noInForce}</p>`; return; }
    const old = await call(base + '/versions/' + inForce);
    box.innerHTML = old.ok ? diffHtml(lineDiff(pretty(old.body.site), pretty(d.site)), esc) : `<p class="muted">${T.noInForce}</p>`;
  }

  function showOrigins(origins) {
    $('#config-origins tbody').innerHTML = Object.entries(origins || {}).sort(([a], [b]) => a.localeCompare(b))
      .map(([p, l]) => `<tr><td><code>${esc(p)}</code></td><td class="origin">${esc(l)}</td></tr>`).join('')
      || `<tr><td class="muted" colspan="2">${T.none}</td></tr>`;
  }

  async function loadHistory() {
    const [v, rep] = await Promise.all([api('/api/v1/config/versions?gateway=' + encodeURIComponent(id) + '&size=50'),
      api(base + '/reports?size=20')]);
    $('#config-history tbody').innerHTML = v.items.map((x, k) => `<tr class="clickable" data-version="${x.version}" data-previous="${v.items[k + 1] ? v.items[k + 1].version : ''}">
      <td>${x.version}</td><td>${fmtTime(x.time)}</td><td>${esc(x.author)}</td><td>${esc(x.reason)}</td><td>${esc((x.layers || []).join(', '))}</td></tr>`).join('')
      || `<tr><td class="muted" colspan="5">${T.none}</td></tr>`;
    $('#config-reports tbody').innerHTML = rep.items.map(x => `<tr><td>${x.version}</td><td>${esc(x.status)}</td>
      <td><ul class="problems">${errorList(x.errors)}</ul></td><td>${x.lastGood}</td><td>${fmtTime(x.time)}</td></tr>`).join('')
      || `<tr><td class="muted" colspan="5">${T.noReport}</td></tr>`;
  }

  $('#config-history').addEventListener('click', async e => {
    const tr = e.target.closest('tr[data-version]');
    if (!tr) return;
    const v = tr.dataset.version, p = tr.dataset.previous;
    const [cur, prev] = await Promise.all([api(base + '/versions/' + v), p ? api(base + '/versions/' + p) : null]);
    $('#config-version-view').innerHTML = `<h3>${esc(T.versionDiff(v, p))}</h3>
      <div class="diff" id="config-version-diff">${diffHtml(lineDiff(prev ? pretty(prev.site) : '', pretty(cur.site)), esc, 1000) || T.noDiff}</div>`;
  });

  // ---- checking as the operator types ----
  let seq = 0;
  function editorDiff(text) {
    let normal = text;
    try { normal = pretty(JSON.parse(text)); } catch (e) { /* compared as typed */ }
    const diff = lineDiff(previousOwn, normal);
    $('#config-diff-editor').innerHTML = changed(diff) ? diffHtml(diff, esc) : `<p class="muted">${T.noDiff}</p>`;
  }
  function problems(list, state) {
    const ul = $('#config-problems');
    ul.innerHTML = list;
    ul.dataset.state = state;
    ul.dataset.count = ul.querySelectorAll('li').length;
  }
  async function check() {
    const my = ++seq;
    const text = editor.value;
    editorDiff(text);
    let site;
    try { site = JSON.parse(text); } catch (err) {
      problems(`<li data-path=""><code>(JSON)</code> ${esc(T.notJson + err.message)}</li>`, 'invalid');
      $('#config-check').textContent = T.problems(1);
      return null;
    }
    if (!operator) return site; // the check is an operator's call; viewers only read
    $('#config-check').textContent = T.checking;
    const a = await call(base + '/check', { method: 'POST', body: { site } });
    if (my !== seq) return null;
    if (a.ok) {
      problems('', 'valid');
      $('#config-check').textContent = T.valid + ' — ' + (a.body.differs ? T.differsFromLatest : T.unchangedFromLatest);
      showOrigins(a.body.origins);
    } else {
      const errs = (a.body && a.body.errors) || [{ field: '', message: (a.body && (a.body.detail || a.body.title)) || String(a.status) }];
      problems(errorList(errs, 'field'), 'invalid');
      $('#config-check').textContent = T.problems(errs.length);
    }
    return site;
  }
  editor.addEventListener('input', debounce(check, 400));

  // ---- push and follow the report ----
  async function follow(version) {
    clearInterval(polling);
    polling = setInterval(async () => {
      const c = await api(base).catch(() => null);
      if (!c || !c.reported || c.reported.version !== version) return;
      $('#config-push-status').textContent = T.follow(c.reported.status);
      if (FINAL.includes(c.reported.status)) {
        clearInterval(polling);
        polling = null;
        await loadState();
        editor.dataset.followed = version; // the last reload after a push (tests wait for this)
        check();
      }
    }, 1000);
  }
  if (operator) {
    $('#config-push').addEventListener('click', async () => {
      const reason = $('#config-reason').value.trim();
      const status = $('#config-push-status');
      if (!reason) { status.textContent = T.reasonRequired; $('#config-reason').focus(); return; }
      const site = await check();
      if (!site || $('#config-problems').dataset.state !== 'valid') return;
      status.textContent = T.pushing;
      $('#config-push').disabled = true;
      const a = await call(base, { method: 'PUT', body: { site, reason, expectedVersion: cfg.desired ? cfg.desired.version : 0 } });
      $('#config-push').disabled = false;
      if (!a.ok) {
        status.textContent = (a.body && (a.body.detail || a.body.title)) || String(a.status);
        if (a.body && a.body.errors) problems(errorList(a.body.errors, 'field'), 'invalid');
        return;
      }
      status.textContent = T.pushed(a.body.version);
      toast(T.pushed(a.body.version));
      $('#config-reason').value = '';
      await loadState();
      editor.value = pretty(eff.own);
      check();
      follow(a.body.version);
    });
  }

  await loadState();
  editor.value = eff.own ? pretty(eff.own) : pretty({ gateway: { id } });
  editor.dataset.loaded = 'true'; // the tab's data is in (tests wait for this)
  check();
  return { dispose() { clearInterval(polling); } };
}
