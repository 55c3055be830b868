// Commands on the gateway page: one button per value of each writable output, a confirmation naming gateway, device,
// channel and value with a reason, the gateway's answer, and the recent command log.
import { api, call, esc, fmtTime, canOperate } from './api.js';
import { T } from './texts.js';

export async function render(card, id, outputs) {
  const operator = canOperate();
  const base = '/api/v1/gateways/' + encodeURIComponent(id) + '/commands';
  const buttons = outputs.map(o => `<div class="command-row"><span title="${esc(o.description || '')}">${esc(o.device)} / ${esc(o.channel)}</span>
    ${[true, false].map(v => `<button class="command" data-device="${esc(o.device)}" data-channel="${esc(o.channel)}" data-value="${v}">${v}</button>`).join(' ')}</div>`).join('');
  card.innerHTML = `<h3>${T.commands}</h3>
    ${outputs.length === 0 ? `<p class="muted">${T.noOutputs}</p>` : operator ? buttons : `<p class="muted">${T.viewerNoCommands}</p>`}
    <p id="command-result" class="command-result"></p>
    <h3>${T.commandLog}</h3><table id="command-log"><thead><tr><th>${T.time}</th><th>${T.device}</th><th>${T.channel}</th>
      <th>${T.value}</th><th>${T.status}</th><th>${T.operator}</th><th>${T.reason}</th></tr></thead><tbody></tbody></table>
    <dialog id="command-confirm"><form method="dialog">
      <h3>${T.confirmTitle}</h3><dl class="kv" id="command-what"></dl>
      <label>${T.reason}<input id="command-reason" size="40" maxlength="500"></label>
      <div class="toolbar"><button id="command-confirm-ok" class="primary" value="ok">${T.send}</button>
        <button id="command-cancel" value="cancel">${T.cancel}</button></div></form></dialog>`;
  const $ = s => card.querySelector(s);

  async function loadLog() {
    const p = await api(base + '?size=10');
    $('#command-log tbody').innerHTML = p.items.map(c => `<tr data-command="${esc(c.id)}"><td>${fmtTime(c.sentAt)}</td><td>${esc(c.device)}</td>
      <td>${esc(c.channel)}</td><td>${esc(String(c.value))}</td><td>${esc(c.status)}${c.answerReason ? ': ' + esc(c.answerReason) : ''}</td>
      <td>${esc(c.operator)}</td><td>${esc(c.reason || '')}</td></tr>`).join('') || `<tr><td class="muted" colspan="7">${T.none}</td></tr>`;
  }

  const dialog = $('#command-confirm');
  let pending = null;
  card.addEventListener('click', e => {
    const b = e.target.closest('button.command');
    if (!b) return;
    pending = { device: b.dataset.device, channel: b.dataset.channel, value: b.dataset.value === 'true' };
    $('#command-what').innerHTML = `<dt>${T.gateway}</dt><dd>${esc(id)}</dd><dt>${T.device}</dt><dd>${esc(pending.device)}</dd>
      <dt>${T.channel}</dt><dd>${esc(pending.channel)}</dd><dt>${T.value}</dt><dd>${pending.value}</dd>`;
    $('#command-reason').value = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'ok' || !pending) return;
    const body = { ...pending, reason: $('#command-reason').value.trim() || undefined };
    pending = null;
    const result = $('#command-result');
    result.textContent = T.sending;
    result.dataset.status = '';
    const a = await call(base, { method: 'POST', body });
    const c = a.body || {};
    const status = c.status || (a.status + ' ' + (c.title || ''));
    result.textContent = `${body.device} / ${body.channel} = ${body.value}: ${status}`
      + (c.answerReason ? ' — ' + c.answerReason : '') + (c.detail ? ' — ' + c.detail : '')
      + (c.errors ? ' — ' + c.errors.map(x => x.field + ': ' + x.message).join('; ') : '');
    result.dataset.status = c.status || String(a.status);
    result.className = 'command-result ' + (c.status === 'DONE' ? 'ok' : 'error');
    await loadLog();
  });
  await loadLog();
}
