// The Weir console: reads the REST API every second and draws the job list, a job's plan and
// rates, and its checkpoints. Plain JavaScript, no build step; every text from the API is
// escaped before it reaches the page.
"use strict";

const POLL_MS = 1000;
const view = document.getElementById("view");
const crumbs = document.getElementById("crumbs");
const actions = document.getElementById("actions");
const notice = document.getElementById("notice");
const live = document.getElementById("live");
let timer = null;
let pendingAction = null;
let actionsNeedToken = false;

function esc(v) {
  return String(v === null || v === undefined ? "" : v).replace(/[&<>"']/g,
      c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"})[c]);
}
function num(n) { return n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"); }
function rate(n) { return n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US", {maximumFractionDigits: 0}) + "/s"; }
function pct(r) { return (r * 100).toFixed(0) + "%"; }
function bytes(n) {
  if (n === null || n === undefined) return "–";
  const u = ["B", "KB", "MB", "GB"]; let i = 0; let v = n;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(1)) + " " + u[i];
}
function ms(n) { return n === null || n === undefined ? "–" : num(n) + " ms"; }
function time(t) { return t ? new Date(t).toLocaleTimeString("en-GB") : "–"; }
function duration(msec) {
  const s = Math.floor(msec / 1000);
  return s < 60 ? s + " s" : Math.floor(s / 60) + " min " + (s % 60) + " s";
}
function state(s) { return `<span class="state ${esc(s)}">${esc(s)}</span>`; }
function bp(level, ratio) { return `<span class="bp ${esc(level)}">${esc(level)} ${pct(ratio)}</span>`; }
function watermark(w) { return w === null ? "–" : new Date(w).toISOString().replace("T", " ").replace(".000Z", "Z"); }

async function api(path, options) {
  const res = await fetch("api/" + path, options);
  let body;
  try { body = await res.json(); } catch (e) { body = {error: "the console answered " + res.status + " without JSON"}; }
  if (!res.ok) {
    const err = new Error(body.error || ("HTTP " + res.status));
    err.status = res.status;
    throw err;
  }
  return body;
}

function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(p => p.length > 0);
  if (parts[0] === "jobs" && parts[1]) {
    return {page: parts[2] === "checkpoints" ? "checkpoints" : "job", id: decodeURIComponent(parts[1])};
  }
  return {page: "jobs"};
}

async function refresh() {
  const r = route();
  try {
    if (r.page === "jobs") await showJobs();
    else if (r.page === "job") await showJob(r.id);
    else await showCheckpoints(r.id);
    live.classList.remove("stale");
    live.textContent = "live";
  } catch (e) {
    live.classList.add("stale");
    live.textContent = "console unreachable";
    if (e.status === 404) {
      view.innerHTML = `<div class="panel">${esc(e.message)} <a href="#/">Back to the jobs</a></div>`;
      actions.hidden = true;
    }
  }
}

function schedule() {
  clearTimeout(timer);
  refresh().finally(() => { timer = setTimeout(schedule, POLL_MS); });
}

// ---- job list

async function showJobs() {
  const data = await api("jobs");
  crumbs.innerHTML = "<span>Jobs</span>";
  actions.hidden = true;
  const rows = data.jobs.slice().reverse().map(j => `<tr>
      <td><a href="#/jobs/${encodeURIComponent(j.id)}">${esc(j.name)}</a><div class="muted">${esc(j.id)}</div></td>
      <td>${state(j.state)}</td><td>${esc(j.runner)}</td><td>${time(j.startTime)}</td>
      <td class="num">${duration(j.durationMs)}</td><td class="num">${num(j.restarts)}</td></tr>`).join("");
  view.innerHTML = `<h1>Jobs</h1><div class="sub">${data.jobs.length} job(s)</div>
    <div class="tablewrap"><table id="jobs-table"><thead><tr><th>Job</th><th>State</th><th>Runner</th>
    <th>Started</th><th class="num">Duration</th><th class="num">Restarts</th></tr></thead>
    <tbody>${rows || "<tr><td colspan=6 class=muted>No job yet.</td></tr>"}</tbody></table></div>`;
}

// ---- job page

function header(job, tab) {
  crumbs.innerHTML = `<a href="#/">Jobs</a> / <span>${esc(job.name)}</span>`;
  actions.hidden = false;
  actions.dataset.job = job.id;
  actions.querySelectorAll("button[data-action]").forEach(b => { b.disabled = job.state !== "RUNNING"; });
  const base = "#/jobs/" + encodeURIComponent(job.id);
  return `<h1>${esc(job.name)} ${state(job.state)}</h1>
    <div class="sub">id ${esc(job.id)} · ${esc(job.runner)} runner · started ${time(job.startTime)} ·
      ${duration(job.durationMs)} · ${num(job.restarts)} restart(s)</div>
    ${job.failure ? `<div class="notice error">${esc(job.failure)}</div>` : ""}
    <div class="tabs"><a href="${base}" class="${tab === "job" ? "on" : ""}">Overview</a>
      <a href="${base}/checkpoints" class="${tab === "checkpoints" ? "on" : ""}" id="tab-checkpoints">Checkpoints</a></div>`;
}

async function showJob(id) {
  const [job, subs] = await Promise.all([api("jobs/" + encodeURIComponent(id)),
    api("jobs/" + encodeURIComponent(id) + "/subtasks")]);
  const sources = job.steps.filter(s => s.kind === "SOURCE");
  const inRate = sources.reduce((a, s) => a + s.recordsOutPerSecond, 0);
  const worst = job.chains.reduce((a, c) => Math.max(a, c.backpressureRatio), 0);
  const stepRows = job.steps.map(s => `<tr data-step="${esc(s.name)}"><td>${esc(s.name)}</td><td>${esc(s.kind || "")}</td>
      <td class="num">${esc(s.parallelism)}</td><td class="num">${esc(s.chain)}</td>
      <td class="num records-in">${num(s.recordsIn)}</td><td class="num records-out">${num(s.recordsOut)}</td>
      <td class="num">${rate(s.recordsInPerSecond)}</td><td class="num">${rate(s.recordsOutPerSecond)}</td>
      <td>${watermark(s.watermark)}</td><td>${bp(s.backpressure, s.backpressureRatio)}</td></tr>`).join("");
  const subRows = subs.subtasks.map(s => `<tr><td>${esc(s.task)}[${s.subtask}]</td><td>${esc(s.steps.join(" → "))}</td>
      <td>${esc(s.worker)}</td><td>${state(s.state)}</td><td class="num">${num(s.restarts)}</td>
      <td class="num">${num(s.recordsIn)}</td><td class="num">${num(s.recordsOut)}</td>
      <td>${bp(s.backpressure, s.backpressureRatio)}</td></tr>`).join("");
  view.innerHTML = header(job, "job") + `
    <div class="kpis"><div class="kpi"><small>Source records/s</small><b>${rate(inRate)}</b></div>
      <div class="kpi"><small>Parallelism</small><b>${num(job.parallelism)}</b></div>
      <div class="kpi"><small>Tasks (chains)</small><b>${job.chains.length}</b></div>
      <div class="kpi"><small>Worst backpressure</small><b>${pct(worst)}</b></div></div>
    <h2>Plan</h2><div class="panel graph" id="plan">${planGraph(job)}</div>
    <div class="legend"><span><i style="background:var(--ok)"></i>backpressure OK (≤ 10%)</span>
      <span><i style="background:var(--low)"></i>LOW (≤ 50%)</span><span><i style="background:var(--high)"></i>HIGH</span>
      <span>Boxes are tasks (chained steps); arrows are exchanges.</span></div>
    <h2>Steps</h2><div class="tablewrap"><table id="steps-table"><thead><tr><th>Step</th><th>Kind</th>
      <th class="num">Parallelism</th><th class="num">Chain</th><th class="num">Records in</th><th class="num">Records out</th>
      <th class="num">In/s</th><th class="num">Out/s</th><th>Watermark</th><th>Backpressure</th></tr></thead>
      <tbody>${stepRows}</tbody></table></div>
    <h2>Subtasks</h2><div class="tablewrap"><table id="subtasks-table"><thead><tr><th>Subtask</th><th>Steps</th>
      <th>Worker</th><th>State</th><th class="num">Restarts</th><th class="num">Records in</th>
      <th class="num">Records out</th><th>Backpressure</th></tr></thead><tbody>${subRows}</tbody></table></div>`;
}

const KIND = {SOURCE: "source", OPERATOR: "operator", KEYED_OPERATOR: "keyed", UNION: "union",
  SIDE_OUTPUT: "side output", SINK: "sink"};

/** The plan as SVG: a box per chain, columns by depth from the sources, arrows for exchanges. */
function planGraph(job) {
  if (job.chains.length === 0) return "<span class=muted>The runner reports no plan.</span>";
  const depth = {};
  job.chains.forEach(c => { depth[c.id] = 0; });
  for (let i = 0; i < job.chains.length; i++) {
    job.exchanges.forEach(e => { depth[e.toChain] = Math.max(depth[e.toChain], depth[e.fromChain] + 1); });
  }
  const steps = {};
  job.steps.forEach(s => { steps[s.name] = s; });
  const W = 300, GAP_X = 120, GAP_Y = 26, HEAD = 30, ROW = 40, PAD = 16;
  const columns = {};
  const box = {};
  job.chains.forEach(c => {
    const col = depth[c.id];
    const y = (columns[col] || PAD);
    const h = HEAD + ROW * c.steps.length + 8;
    box[c.id] = {x: PAD + col * (W + GAP_X), y: y, w: W, h: h};
    columns[col] = y + h + GAP_Y;
  });
  const width = Math.max(...Object.values(box).map(b => b.x + b.w)) + PAD;
  const height = Math.max(...Object.values(box).map(b => b.y + b.h)) + PAD;
  const color = {OK: "var(--ok)", LOW: "var(--low)", HIGH: "var(--high)"};
  let svg = `<svg id="plan-svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="job graph">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
    <path d="M0,0 L10,5 L0,10 z" fill="#667085"/></marker></defs>`;
  job.exchanges.forEach(e => {
    const a = box[e.fromChain], b = box[e.toChain];
    const x1 = a.x + a.w, y1 = a.y + a.h / 2, x2 = b.x - 2, y2 = b.y + b.h / 2;
    const mx = (x1 + x2) / 2;
    const label = e.type === "HASH" ? "HASH" + (e.keyBy ? " (" + e.keyBy.split("/").pop() + ")" : "") : e.type;
    svg += `<path class="exchange" d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" fill="none" stroke="#667085"
      stroke-width="1.6" marker-end="url(#arrow)"/><text x="${mx}" y="${(y1 + y2) / 2 - 6}" text-anchor="middle"
      font-size="11" fill="#344054">${esc(label)}</text>`;
  });
  job.chains.forEach(c => {
    const b = box[c.id];
    svg += `<g class="chain" data-chain="${c.id}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"
      fill="var(--chain)" stroke="${color[c.backpressure]}" stroke-width="2"/>
      <text x="${b.x + 10}" y="${b.y + 19}" font-size="12" font-weight="600" fill="#1d2330">Task ${c.id} · parallelism ${c.parallelism}</text>
      <text x="${b.x + b.w - 10}" y="${b.y + 19}" font-size="11" text-anchor="end" fill="${color[c.backpressure]}">bp ${pct(c.backpressureRatio)}</text>`;
    c.steps.forEach((name, i) => {
      const s = steps[name] || {};
      const y = b.y + HEAD + i * ROW;
      svg += `<rect x="${b.x + 8}" y="${y}" width="${b.w - 16}" height="${ROW - 6}" rx="5" fill="#fff" stroke="#c9d3e6"/>
        <text x="${b.x + 16}" y="${y + 15}" font-size="12" font-weight="600" fill="#1d2330">${esc(name.length > 36 ? "…" + name.slice(-35) : name)}</text>
        <text x="${b.x + 16}" y="${y + 29}" font-size="11" fill="#667085">${esc(KIND[s.kind] || "")} · in ${rate(s.recordsInPerSecond)} · out ${rate(s.recordsOutPerSecond)}</text>`;
    });
    svg += "</g>";
  });
  return svg + "</svg>";
}

// ---- checkpoint page

async function showCheckpoints(id) {
  const [job, cps] = await Promise.all([api("jobs/" + encodeURIComponent(id)),
    api("jobs/" + encodeURIComponent(id) + "/checkpoints")]);
  const done = cps.history.filter(h => h.status === "COMPLETED");
  const failed = cps.history.filter(h => h.status === "FAILED");
  const last = done[done.length - 1];
  const HISTORY_ROWS = 15;
  const rows = cps.history.slice(-HISTORY_ROWS).reverse().map(h => `<tr data-checkpoint="${h.id}" class="${h.status}">
      <td class="num">${h.id}</td><td>${state(h.status)}</td><td>${esc(h.trigger)}${h.savepoint && h.trigger !== "SAVEPOINT" ? " · savepoint" : ""}</td>
      <td>${time(h.triggerTimestamp)}</td><td class="num">${ms(h.durationMs)}</td>
      <td class="num">${ms(h.syncMs)}</td><td class="num">${ms(h.asyncMs)}</td><td class="num">${ms(h.alignmentMs)}</td>
      <td class="num">${bytes(h.bytes)}</td><td>${esc(h.kind || "")}</td></tr>`).join("");
  const failRows = failed.slice().reverse().map(h => `<tr><td class="num">${h.id}</td><td>${time(h.triggerTimestamp)}</td>
      <td>${esc(h.trigger)}</td><td>${esc(h.failureReason)}</td><td class="wrap">${esc(h.failureMessage)}</td></tr>`).join("");
  const spRows = cps.savepoints.slice().reverse().map(s => `<tr class="savepoint"><td class="num">${s.checkpointId === null ? "–" : s.checkpointId}</td>
      <td>${time(s.timestamp)}</td><td>${esc(s.path)}</td></tr>`).join("");
  view.innerHTML = header(job, "checkpoints") + `
    <div class="kpis"><div class="kpi"><small>Completed</small><b id="count-completed">${cps.counts.completed}</b></div>
      <div class="kpi"><small>Failed</small><b id="count-failed">${cps.counts.failed}</b></div>
      <div class="kpi"><small>Savepoints</small><b id="count-savepoints">${cps.counts.savepoints}</b></div>
      <div class="kpi"><small>Latest</small><b>${last ? "#" + last.id + " · " + ms(last.durationMs) : "–"}</b></div>
      <div class="kpi"><small>Latest size</small><b>${last ? bytes(last.bytes) + " " + last.kind.toLowerCase() : "–"}</b></div></div>
    <h2>Duration and size</h2><div class="panel">${chart(done, failed)}</div>
    <h2>Savepoints</h2><div class="tablewrap"><table id="savepoints-table"><thead><tr><th class="num">Checkpoint</th><th>Written</th>
      <th>Directory</th></tr></thead><tbody>${spRows || "<tr><td colspan=3 class=muted>None taken from this console yet.</td></tr>"}</tbody></table></div>
    <h2>History <span class="muted">(the latest ${Math.min(HISTORY_ROWS, cps.history.length)} of ${cps.history.length})</span></h2><div class="tablewrap"><table id="history-table"><thead><tr><th class="num">Id</th><th>Status</th><th>Trigger</th>
      <th>Triggered</th><th class="num">Duration</th><th class="num">Sync</th><th class="num">Async</th>
      <th class="num">Alignment</th><th class="num">Size</th><th>Kind</th></tr></thead><tbody>${rows}</tbody></table></div>
    <h2>Failures</h2><div class="tablewrap"><table id="failures-table"><thead><tr><th class="num">Id</th><th>Triggered</th>
      <th>Trigger</th><th>Reason</th><th>Message</th></tr></thead>
      <tbody>${failRows || "<tr><td colspan=5 class=muted>No checkpoint failed.</td></tr>"}</tbody></table></div>`;
}

/** Duration (line) and size (bars) of the last 60 completed checkpoints; failures as red marks. */
function chart(done, failed) {
  const pts = done.slice(-60);
  if (pts.length === 0) return `<svg id="cp-chart" data-points="0" width="10" height="10"></svg><span class="muted">No checkpoint completed yet.</span>`;
  const W = 900, H = 260, L = 60, R = 70, T = 16, B = 36;
  const first = pts[0].id, lastId = Math.max(pts[pts.length - 1].id, ...failed.map(f => f.id));
  const span = Math.max(1, lastId - first);
  const x = id => L + (W - L - R) * (pts.length === 1 ? 0.5 : (id - first) / span);
  const maxD = Math.max(1, ...pts.map(p => p.durationMs));
  const maxB = Math.max(1, ...pts.map(p => p.bytes));
  const yD = d => T + (H - T - B) * (1 - d / maxD);
  const yB = b => T + (H - T - B) * (1 - b / maxB);
  const bw = Math.max(3, Math.min(18, (W - L - R) / (span + 1) * 0.6));
  let s = `<svg id="cp-chart" data-points="${pts.length}" width="100%" viewBox="0 0 ${W} ${H}" role="img" aria-label="checkpoint duration and size">`;
  for (let i = 0; i <= 4; i++) {
    const y = T + (H - T - B) * i / 4;
    s += `<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="#eceff4"/>
      <text x="${L - 6}" y="${y + 4}" font-size="11" text-anchor="end" fill="#2f6fde">${num(Math.round(maxD * (1 - i / 4)))} ms</text>
      <text x="${W - R + 6}" y="${y + 4}" font-size="11" fill="#7a8496">${bytes(Math.round(maxB * (1 - i / 4)))}</text>`;
  }
  pts.forEach(p => {
    s += `<rect class="size-bar" x="${x(p.id) - bw / 2}" y="${yB(p.bytes)}" width="${bw}" height="${H - B - yB(p.bytes)}"
      fill="${p.savepoint ? "#b9a3e3" : "#cfd6e2"}"><title>#${p.id}: ${bytes(p.bytes)} ${p.kind.toLowerCase()}</title></rect>`;
  });
  s += `<polyline fill="none" stroke="#2f6fde" stroke-width="2" points="${pts.map(p => x(p.id) + "," + yD(p.durationMs)).join(" ")}"/>`;
  pts.forEach(p => {
    s += `<circle class="duration-point" cx="${x(p.id)}" cy="${yD(p.durationMs)}" r="3.5" fill="#2f6fde"><title>#${p.id}: ${ms(p.durationMs)}</title></circle>`;
  });
  failed.filter(f => f.id >= first).forEach(f => {
    s += `<text x="${x(f.id)}" y="${H - B - 4}" text-anchor="middle" font-size="14" font-weight="700" fill="#d64545">×<title>#${f.id} failed: ${esc(f.failureReason)}</title></text>`;
  });
  const ticks = Math.min(pts.length, 10);
  for (let i = 0; i < ticks; i++) {
    const p = pts[Math.round(i * (pts.length - 1) / Math.max(1, ticks - 1))];
    s += `<text x="${x(p.id)}" y="${H - B + 16}" font-size="11" text-anchor="middle" fill="#667085">#${p.id}</text>`;
  }
  s += `<text x="${(L + W - R) / 2}" y="${H - 4}" font-size="11" text-anchor="middle" fill="#667085">checkpoint id</text></svg>
    <div class="legend"><span><i style="background:#2f6fde"></i>duration (left axis)</span>
    <span><i style="background:#cfd6e2"></i>size (right axis)</span><span><i style="background:#b9a3e3"></i>savepoint</span>
    <span><b style="color:#d64545">×</b> failed</span></div>`;
  return s;
}

// ---- actions, with a confirmation in the page

const ACTION_TEXT = {
  checkpoints: "Take a checkpoint of this job now?",
  savepoints: "Write a savepoint of this job (it keeps running)?",
  stop: "Stop this job with a final checkpoint?",
  cancel: "Cancel this job at once, without a checkpoint?"
};

const ACTION_NAME = {checkpoints: "checkpoint", savepoints: "savepoint", stop: "stop", cancel: "cancel"};

actions.addEventListener("click", e => {
  const b = e.target.closest("button[data-action]");
  if (!b) return;
  pendingAction = b.dataset.action;
  document.getElementById("confirm-text").textContent = ACTION_TEXT[pendingAction];
  document.getElementById("confirm").hidden = false;
});
document.getElementById("confirm-no").addEventListener("click", () => {
  pendingAction = null;
  document.getElementById("confirm").hidden = true;
});
document.getElementById("confirm-yes").addEventListener("click", async () => {
  const action = pendingAction;
  const job = actions.dataset.job;
  document.getElementById("confirm").hidden = true;
  pendingAction = null;
  if (!action || !job) return;
  show("Working: " + ACTION_NAME[action] + " …", false);
  const headers = {"Content-Type": "application/json"};
  let token = sessionStorage.getItem("weir-token");
  if (actionsNeedToken && !token) {
    token = prompt("This console needs the token it printed at start:");
    if (token) sessionStorage.setItem("weir-token", token);
  }
  if (token) headers["X-Weir-Token"] = token;
  try {
    const r = await api("jobs/" + encodeURIComponent(job) + "/" + action, {method: "POST", headers: headers, body: "{}"});
    show(r.message + " (job " + r.state + ")", false);
  } catch (err) {
    if (err.status === 403) sessionStorage.removeItem("weir-token");
    show("The " + ACTION_NAME[action] + " was refused: " + err.message, true);
  }
  schedule();
});

function show(text, error) {
  notice.hidden = false;
  notice.textContent = text;
  notice.className = "notice" + (error ? " error" : "");
  notice.id = "notice";
}

window.addEventListener("hashchange", () => { notice.hidden = true; schedule(); });
api("config").then(c => { actionsNeedToken = c.actionsNeedToken; }).catch(() => {});
schedule();
