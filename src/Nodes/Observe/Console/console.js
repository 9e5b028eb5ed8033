// The Actors web console: draws each `overview` event of /api/events (the same JSON as /api/overview).
(() => {
  "use strict";
  const HISTORY = 60;             // rate samples kept per topic for its sparkline
  const rates = new Map();        // topic -> [messages/s, ...]
  const $ = id => document.getElementById(id);
  const fmt = n => Number(n).toLocaleString("en-US");
  const fmt1 = n => Number(n).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const hostPort = a => (a || "").replace(/^[a-z.]+:\/\/[^@]*@/, "");

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  function sparkline(values) {
    const w = 160, h = 28, ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "spark");
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const base = document.createElementNS(ns, "line");
    base.setAttribute("x1", 0); base.setAttribute("x2", w);
    base.setAttribute("y1", h - 1); base.setAttribute("y2", h - 1);
    base.setAttribute("class", "base");
    svg.append(base);
    if (values.length < 2) return svg;
    const max = Math.max(1, ...values);
    // Points spread over the width from 20 on; fewer start at the right, as a chart scrolling left.
    const step = w / (Math.max(values.length, 20) - 1);
    const x0 = w - (values.length - 1) * step;
    const pts = values.map((v, i) => `${(x0 + i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`);
    const area = document.createElementNS(ns, "polygon");
    area.setAttribute("points", `${x0.toFixed(1)},${h} ${pts.join(" ")} ${w},${h}`);
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", pts.join(" "));
    svg.append(area, line);
    return svg;
  }

  function memberCard(m) {
    const removed = m.status === "Removed";
    const state = removed ? "removed" : !m.reachable ? "unreachable" : m.status === "Up" ? "up" : "pending";
    const status = removed ? el("span", { class: "badge gone", text: "removed" })
      : el("span", { class: "badge " + (m.status === "Up" ? "ok" : "warn"), text: m.status });
    const reach = removed ? null : m.reachable ? el("span", { class: "badge ok", text: "reachable" })
      : el("span", { class: "badge bad", text: "unreachable" });
    const roles = (m.roles || []).map(r => el("span", { class: "chip", text: r }));
    const marks = [m.leader ? el("span", { class: "chip", text: "leader" }) : null, m.self ? el("span", { class: "chip", text: "this node" }) : null];
    return el("div", { class: "card " + state, "data-member": hostPort(m.address), "data-status": m.status, "data-reachable": String(m.reachable) },
      el("div", { class: "addr", text: hostPort(m.address) }),
      el("div", { class: "line" }, status, reach),
      el("div", { class: "line" }, ...roles, ...marks));
  }

  function topicRow(t) {
    const history = rates.get(t.name) || [];
    history.push(t.messagesPerSecond);
    while (history.length > HISTORY) history.shift();
    rates.set(t.name, history);
    const start = t.partitions.reduce((s, p) => s + p.startOffset, 0);
    const end = t.partitions.reduce((s, p) => s + p.endOffset, 0);
    const nodes = [...new Set(t.partitions.map(p => hostPort(p.node)).filter(n => n))].sort();
    const detail = t.partitions.map(p => `p${p.partition}: ${fmt(p.startOffset)}–${fmt(p.endOffset)} on ${hostPort(p.node) || "?"}`).join("\n");
    return el("tr", { "data-topic": t.name, "data-end": String(end), title: detail },
      el("td", { class: "name", text: t.name }),
      el("td", { class: "num", text: fmt(t.partitions.length) }),
      el("td", { class: "nodes", text: nodes.join(", ") || "–" }),
      el("td", { class: "num", text: fmt(start) }),
      el("td", { class: "num end", text: fmt(end) }),
      el("td", { class: "num", text: fmt1(t.messagesPerSecond) }),
      el("td", {}, sparkline(history)));
  }

  function groupRow(g) {
    const committed = g.partitions.reduce((s, p) => s + p.committed, 0);
    const end = g.partitions.reduce((s, p) => s + p.endOffset, 0);
    const maxLag = Math.max(1, ...g.partitions.map(p => p.lag));
    const bars = el("div", { class: "lagbar" }, ...g.partitions.map(p => {
      const i = el("i");
      i.style.height = `${Math.max(2, Math.round(p.lag / maxLag * 100))}%`;
      return el("div", { class: "p" + (p.lag === 0 ? " zero" : ""), title: `partition ${p.partition}: lag ${fmt(p.lag)} (committed ${fmt(p.committed)} of ${fmt(p.endOffset)})` }, i);
    }));
    const total = el("i");
    total.style.width = `${end === 0 ? 0 : Math.min(100, g.lag / end * 100)}%`;
    return el("tr", { "data-group": g.group, "data-group-topic": g.topic, "data-lag": String(g.lag) },
      el("td", { class: "name", text: g.group + (g.kind === "kafka" ? " (kafka)" : "") }),
      el("td", { text: g.topic }),
      el("td", { class: "num", text: fmt(committed) }),
      el("td", { class: "num", text: fmt(end) }),
      el("td", { class: "num " + (g.lag === 0 ? "lag0" : "lagn") }, el("span", { class: "total" }, total), fmt(g.lag)),
      el("td", {}, bars));
  }

  function pipelineRow(p) {
    const running = /running/i.test(p.state);
    return el("tr", { "data-pipeline": p.name },
      el("td", { class: "name", text: p.name }),
      el("td", {}, el("span", { class: "badge " + (running ? "ok" : "warn"), text: p.state })),
      el("td", { class: "nodes", text: hostPort(p.node) || "–" }),
      el("td", { class: "num", text: fmt(p.elementsIn) }),
      el("td", { class: "num", text: fmt(p.elementsOut) }),
      el("td", { class: "num", text: fmt1(p.elementsPerSecond || 0) }),
      el("td", { class: "num", text: fmt(p.restarts) }));
  }

  function fill(id, rows) {
    const body = document.querySelector(`#${id} tbody`);
    body.replaceChildren(...rows);
    $(`${id}-empty`).hidden = rows.length > 0;
    $(id).hidden = rows.length === 0;
    $(`${id}-count`).textContent = rows.length ? String(rows.length) : "";
  }

  function render(o) {
    $("node").textContent = "node " + hostPort(o.node);
    $("time").textContent = new Date(o.time).toLocaleTimeString();
    const members = o.members || [];
    $("members").replaceChildren(...members.map(memberCard));
    const live = members.filter(m => m.status !== "Removed").length;
    $("members-count").textContent = members.length ? `${live} in the cluster` : "";
    const seen = new Set((o.topics || []).map(t => t.name));
    for (const name of [...rates.keys()]) if (!seen.has(name)) rates.delete(name);
    fill("topics", (o.topics || []).map(topicRow));
    fill("groups", (o.groups || []).map(groupRow));
    fill("pipelines", (o.pipelines || []).map(pipelineRow));
    $("errors").replaceChildren(...(o.errors || []).map(e => el("li", { text: "⚠ " + e })));
  }

  function live(state, text) {
    const badge = $("live");
    badge.className = "badge " + state;
    badge.textContent = text;
  }

  function connect() {
    const events = new EventSource("api/events");
    events.addEventListener("overview", e => {
      live("ok", "live");
      render(JSON.parse(e.data));
    });
    events.onerror = () => live("warn", "reconnecting");
  }

  fetch("api/overview").then(r => r.ok ? r.json() : null).then(o => o && render(o)).catch(() => {});
  connect();
})();
