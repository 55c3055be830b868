// Device profiles: the library's profiles and versions with the gateways running each, a version's YAML, and
// (operators) the upload of a new version, refused problems shown by line and field.
import { api, esc, fmtTime, canAcknowledge, toast, session } from './api.js';

/** POST the YAML text; resolves to {status, body} (the problem body for 4xx). */
async function upload(yaml, note) {
  const headers = { 'X-HanEdge-UI': '1', Accept: 'application/json', 'Content-Type': 'application/yaml' };
  headers[session.csrfHeader] = session.csrfToken;
  const r = await fetch('/api/v1/profiles' + (note ? '?note=' + encodeURIComponent(note) : ''),
    { method: 'POST', headers, credentials: 'same-origin', body: yaml });
  if (r.status === 401) { location.href = '/login'; throw new Error('session ended'); }
  let body = null;
  try { body = await r.json(); } catch (e) { /* no body */ }
  return { status: r.status, body };
}

function versionRows(p) {
  return p.versions.map(v => `<tr data-profile="${esc(p.id)}" data-version="${esc(v.version)}">
      <td>${esc(p.id)}</td><td>${esc(v.version)}${v.version === p.latest ? ' <span class="muted">(newest)</span>' : ''}</td>
      <td class="gateway-count" title="${esc(v.gateways.join(', '))}">${v.gatewayCount}</td>
      <td>${esc(v.uploader)}</td><td>${fmtTime(v.uploadedAt)}</td><td>${esc(v.note || '')}</td>
      <td><code title="${esc(v.sha256)}">${esc(v.sha256.slice(0, 12))}</code></td>
      <td><button class="profile-view" data-profile="${esc(p.id)}" data-version="${esc(v.version)}">YAML</button></td></tr>`).join('');
}

export async function render(root) {
  const operator = canAcknowledge();
  root.innerHTML = `
    <div class="toolbar"><span class="muted">Every version of every device profile the server knows; gateways as
      announced in their latest birth message.</span></div>
    <div class="table-wrap"><table id="profile-table"><thead><tr><th>Profile</th><th>Version</th><th>Gateways</th>
      <th>Uploaded by</th><th>At</th><th>Note</th><th>SHA-256</th><th></th></tr></thead><tbody></tbody></table></div>
    <div id="profile-yaml-box" class="card" hidden><h3 id="profile-yaml-title"></h3><pre id="profile-yaml" style="max-height: 24em; overflow: auto"></pre></div>
    ${operator ? `<div id="profile-upload-box" class="card"><h3>Upload a profile version</h3>
      <p class="muted">The YAML is read with the gateway's own profile parser; a version once stored never changes.</p>
      <textarea id="profile-upload-text" rows="14" cols="100" spellcheck="false" placeholder="profile: lake&#10;version: 1.2.0&#10;..."></textarea>
      <label>Note<input id="profile-upload-note" type="text" maxlength="500"></label>
      <label>or a file<input id="profile-upload-file" type="file" accept=".yaml,.yml"></label>
      <button id="profile-upload" class="primary">Upload</button>
      <div id="profile-upload-result"></div></div>`
      : '<p class="muted">Viewers cannot upload profiles.</p>'}`;
  const tbody = root.querySelector('tbody');
  async function load() {
    const profiles = await api('/api/v1/profiles');
    tbody.innerHTML = profiles.map(versionRows).join('') || '<tr><td colspan="8" class="muted">no profiles</td></tr>';
    tbody.dataset.profiles = profiles.length;
  }
  tbody.addEventListener('click', async e => {
    const b = e.target.closest('.profile-view');
    if (!b) return;
    const r = await fetch(`/api/v1/profiles/${encodeURIComponent(b.dataset.profile)}/versions/${encodeURIComponent(b.dataset.version)}`,
      { headers: { 'X-HanEdge-UI': '1', Accept: 'application/yaml' }, credentials: 'same-origin' });
    root.querySelector('#profile-yaml-title').textContent = `${b.dataset.profile} ${b.dataset.version}`;
    root.querySelector('#profile-yaml').textContent = r.ok ? await r.text() : `could not load: ${r.status}`;
    root.querySelector('#profile-yaml-box').hidden = false;
  });
  if (operator) {
    const text = root.querySelector('#profile-upload-text');
    root.querySelector('#profile-upload-file').addEventListener('change', async e => {
      const f = e.target.files[0];
      if (f) text.value = await f.text();
    });
    const button = root.querySelector('#profile-upload');
    button.addEventListener('click', async () => {
      const out = root.querySelector('#profile-upload-result');
      button.disabled = true;
      try {
        const r = await upload(text.value, root.querySelector('#profile-upload-note').value.trim());
        if (r.status === 201 || r.status === 200) {
          out.className = 'ok';
          out.textContent = `${r.body.profileId} ${r.body.version.version} ${r.status === 201 ? 'stored' : 'was already stored (same text)'}`;
          toast(out.textContent);
          await load();
        } else {
          out.className = 'error';
          const errors = (r.body && r.body.errors) || [];
          out.innerHTML = `<p>${esc((r.body && (r.body.title || r.body.detail)) || r.status)}${r.status === 409 ? ': ' + esc(r.body.detail) : ''}</p>`
            + (errors.length ? `<table id="profile-upload-errors"><thead><tr><th>Field</th><th>Problem</th></tr></thead><tbody>${
              errors.map(x => `<tr><td>${esc(x.field)}</td><td>${esc(x.message)}</td></tr>`).join('')}</tbody></table>` : '');
        }
      } catch (x) {
        out.className = 'error';
        out.textContent = 'Not uploaded: ' + x.message;
      } finally {
        button.disabled = false;
      }
    });
  }
  await load();
  return {};
}
