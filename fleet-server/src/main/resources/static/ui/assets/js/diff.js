// A line diff (longest common subsequence), small enough for configuration documents of a few hundred lines.

/** @returns [{op: ' ' | '-' | '+', line}] turning `a` into `b` */
export function lineDiff(a, b) {
  const x = a === '' ? [] : a.split('\n');
  const y = b === '' ? [] : b.split('\n');
  const n = x.length, m = y.length;
  // lcs[i][j]: length of the longest common subsequence of x[i..] and y[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) { out.push({ op: ' ', line: x[i] }); i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: '-', line: x[i++] });
    else out.push({ op: '+', line: y[j++] });
  }
  while (i < n) out.push({ op: '-', line: x[i++] });
  while (j < m) out.push({ op: '+', line: y[j++] });
  return out;
}

/** Whether a diff has any change. */
export function changed(diff) {
  return diff.some(d => d.op !== ' ');
}

/** HTML of a diff: changed lines with `context` unchanged lines around them, the rest folded. */
export function diffHtml(diff, esc, context = 2) {
  const keep = diff.map(() => false);
  diff.forEach((d, k) => {
    if (d.op !== ' ') for (let c = Math.max(0, k - context); c <= Math.min(diff.length - 1, k + context); c++) keep[c] = true;
  });
  let html = '', skipped = 0;
  diff.forEach((d, k) => {
    if (!keep[k]) { skipped++; return; }
    if (skipped) { html += `<div class="fold">… ${skipped} unchanged</div>`; skipped = 0; }
    const cls = d.op === '+' ? 'add' : d.op === '-' ? 'del' : 'same';
    html += `<div class="${cls}">${d.op} ${esc(d.line)}</div>`;
  });
  return html;
}

/** Pretty JSON as the editor and the diffs show it. */
export function pretty(doc) {
  return doc == null ? '' : JSON.stringify(doc, null, 2);
}
