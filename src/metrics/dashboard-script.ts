/**
 * The dashboard's script, run in the browser. It draws from the state embedded in the page,
 * then listens to /events: every event refreshes the rows from /status (the host's own view,
 * so the page never re-derives states such as stale or waiting), and reloads and failures
 * add to the timeline. Text from plugins only ever goes into the page as text nodes.
 */
export const DASHBOARD_SCRIPT = `"use strict";
(() => {
  const TIMELINE_SIZE = 100;
  const initial = JSON.parse(document.getElementById("initial").textContent);
  let status = initial.status;
  const timeline = initial.history.slice(-TIMELINE_SIZE);

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  };
  const ms = (value) => (value === null || value === undefined ? "-" : value.toFixed(1) + " ms");
  const clock = (iso) => new Date(iso).toLocaleTimeString();
  const stateWord = (plugin) => (plugin.stale && plugin.state === "running" ? "stale" : plugin.state);
  const where = (error) =>
    error.file ? error.file + (error.line ? ":" + error.line + ":" + (error.column || 1) : "") : null;

  const COLUMNS = [
    ["name", "plugin"], ["version", "version"], ["state", "state"],
    ["generation", "generation", "num"], ["isolation", "isolation"], ["swap", "swap"],
    ["reloads", "reloads", "num"], ["lastReloadMs", "last reload", "num"],
  ];
  const cell = (plugin, key) => {
    if (key === "state") {
      const word = stateWord(plugin);
      return el("span", { class: "state " + word }, word);
    }
    if (key === "lastReloadMs") return ms(plugin.lastReloadMs);
    const value = plugin[key];
    return value === null || value === undefined ? "-" : String(value);
  };
  const errorRow = (plugin) => {
    const error = plugin.lastError;
    return el("tr", { class: "error", "data-error-for": plugin.name },
      el("td", { colspan: String(COLUMNS.length) },
        el("div", { class: "message" }, error.phase + ": " + error.message),
        where(error) && el("div", { class: "where" }, where(error)),
        error.frame && el("pre", { class: "frame" }, error.frame)));
  };

  function renderPlugins() {
    const head = el("tr", {}, ...COLUMNS.map(([, label, kind]) => el("th", kind ? { class: kind } : {}, label)));
    const rows = [];
    for (const plugin of status.plugins) {
      rows.push(el("tr", { "data-plugin": plugin.name, "data-state": stateWord(plugin) },
        ...COLUMNS.map(([key, , kind]) =>
          el("td", Object.assign({ "data-field": key }, kind ? { class: kind } : {}), cell(plugin, key)))));
      const word = stateWord(plugin);
      if (plugin.lastError && word !== "running") rows.push(errorRow(plugin));
    }
    document.getElementById("plugins").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
    document.getElementById("no-plugins").hidden = status.plugins.length > 0;
  }

  function renderSummary() {
    const m = status.metrics;
    const parts = [
      ["watcher", status.watcher || "none"], ["reloads", m.reloadCount], ["errors", m.errorCount],
      ["rollbacks", m.rollbackCount], ["p50", ms(m.reloadTimeP50)], ["p95", ms(m.reloadTimeP95)],
      ["queued", m.queueLength], ["syncs", m.syncCount],
    ];
    document.getElementById("summary").replaceChildren(
      ...parts.flatMap(([label, value], i) => [i ? " \\u00b7 " : "", label + " ", el("b", {}, String(value))]));
  }

  function barTitle(event) {
    if (event.type === "plugin:reloaded") {
      const files = event.files.length ? event.files.join(", ") : "(" + event.cause + ")";
      return event.plugin + " v" + event.version + " generation " + event.generation + ", " +
        ms(event.durationMs) + " at " + clock(event.time) + "\\n" + files;
    }
    return event.plugin + " failed in " + event.phase + " at " + clock(event.time) + "\\n" +
      event.message + (where(event) ? "\\n" + where(event) : "");
  }

  function renderTimeline() {
    const durations = timeline.filter((e) => e.type === "plugin:reloaded").map((e) => e.durationMs);
    const max = Math.max(1, ...durations);
    document.getElementById("timeline").replaceChildren(...timeline.map((event) => {
      const ok = event.type === "plugin:reloaded";
      const bar = el("div", { class: ok ? "bar ok" : "bar failed", title: barTitle(event),
        "aria-label": barTitle(event), "data-plugin": event.plugin });
      // A failure reports no duration: it stands full height, in red.
      bar.style.height = (ok ? Math.max(2, (100 * event.durationMs) / max) : 100) + "%";
      return bar;
    }));
    document.getElementById("scale").textContent = timeline.length
      ? timeline.length + " of the last " + TIMELINE_SIZE + " reloads; tallest " + ms(durations.length ? max : null)
      : "no reloads yet: save a plugin file";
  }

  const render = () => { renderSummary(); renderPlugins(); renderTimeline(); };

  // One /status request at a time; events that arrive meanwhile ask for one more.
  let refreshing = false;
  let again = false;
  async function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      do {
        again = false;
        const response = await fetch("/status", { cache: "no-store" });
        status = await response.json();
        renderSummary();
        renderPlugins();
      } while (again);
    } catch {
      setLink("down", "host not answering");
    } finally {
      refreshing = false;
    }
  }

  const link = document.getElementById("link");
  const setLink = (kind, text) => { link.className = kind; link.textContent = text; };

  const source = new EventSource("/events?after=" + initial.seq);
  source.onopen = () => { setLink("live", "live"); void refresh(); };
  source.onerror = () => setLink("down", "reconnecting\\u2026");
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "plugin:reloaded" || event.type === "plugin:failed") {
      timeline.push(event);
      if (timeline.length > TIMELINE_SIZE) timeline.shift();
      renderTimeline();
    }
    if (event.type === "host:stopped") setLink("down", "host stopped");
    else void refresh();
  };
  render();
})();
`;
