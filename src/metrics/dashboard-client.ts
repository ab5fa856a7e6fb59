/**
 * The dashboard's script, run in the browser (bundled into the page by
 * scripts/gen-dashboard.ts). It draws from the state embedded in the page, then listens to
 * /events: every event refreshes the rows from /status (the host's own view, so the page never
 * re-derives states such as stale or waiting), and reloads and failures add to the timeline.
 * Text from plugins only ever goes into the page as text nodes.
 */
import type { PluginStatus, StatusError } from "../plugin/plugin-status.ts";
import type { WireEvent } from "../wire-event.ts";
import { HISTORY_SIZE, isTimelineEvent, stateWord, type TimelineEvent } from "./dashboard-facts.ts";
import type { DashboardData } from "./dashboard-page.ts";
import type { StatusBody } from "./status-body.ts";

type Child = Node | string | null;

function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new TypeError(`Cannot draw the dashboard: the page has no #${id}`);
  return node;
}

function el(tag: string, attrs: Record<string, string>, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? "-" : `${value.toFixed(1)} ms`;
const clock = (iso: string) => new Date(iso).toLocaleTimeString();
const where = (error: Pick<StatusError, "file" | "line" | "column">) =>
  error.file ? error.file + (error.line ? `:${error.line}:${error.column || 1}` : "") : null;

type Column = readonly [key: keyof PluginStatus, label: string, kind?: "num"];
/** How many of a plugin's last warnings are drawn under its row. */
const WARNINGS_SHOWN = 3;
const COLUMNS: readonly Column[] = [
  ["name", "plugin"],
  ["version", "version"],
  ["state", "state"],
  ["generation", "generation", "num"],
  ["isolation", "isolation"],
  ["swap", "swap"],
  ["reloads", "reloads", "num"],
  ["lastReloadMs", "last reload", "num"],
  ["listener", "serves"],
];
const kindClass = (kind: Column[2]): Record<string, string> => (kind ? { class: kind } : {});

function cell(plugin: PluginStatus, key: Column[0]): Child {
  if (key === "state") {
    const word = stateWord(plugin);
    const badge = el("span", { class: `state ${word}` }, word);
    const { probation } = plugin;
    if (!probation) return badge;
    const left = `probation ${(probation.leftMs / 1000).toFixed(1)} s (back to ${probation.lastGood})`;
    return el("span", {}, badge, " ", el("span", { class: "state probation" }, left));
  }
  if (key === "lastReloadMs") return ms(plugin.lastReloadMs);
  if (key === "listener") {
    const { listener } = plugin;
    if (!listener) return "-";
    const held = listener.held ? `, ${listener.held} held` : "";
    return `${listener.address} \u00b7 ${listener.requests} req${held}, ${listener.unavailable} 503`;
  }
  const value = plugin[key];
  return value === null || value === undefined ? "-" : String(value);
}

function errorRow(plugin: PluginStatus, error: StatusError): HTMLElement {
  const place = where(error);
  return el(
    "tr",
    { class: "error", "data-error-for": plugin.name },
    el(
      "td",
      { colspan: String(COLUMNS.length) },
      el("div", { class: "message" }, `${error.phase}: ${error.message}`),
      place === null ? null : el("div", { class: "where" }, place),
      error.frame ? el("pre", { class: "frame" }, error.frame) : null,
    ),
  );
}

function warningRow(plugin: PluginStatus, warning: PluginStatus["warnings"][number]): HTMLElement {
  const place = where(warning);
  return el(
    "tr",
    { class: "warning", "data-warning-for": plugin.name },
    el(
      "td",
      { colspan: String(COLUMNS.length) },
      el("div", { class: "message" }, `${warning.kind}: ${warning.message}`),
      place === null ? null : el("div", { class: "where" }, place),
    ),
  );
}

function barTitle(event: TimelineEvent): string {
  if (event.type === "plugin:reloaded") {
    const files = event.files.length ? event.files.join(", ") : `(${event.cause})`;
    return `${event.plugin} v${event.version} generation ${event.generation}, ${ms(event.durationMs)} at ${clock(event.time)}\n${files}`;
  }
  const place = where(event);
  return `${event.plugin} failed in ${event.phase} at ${clock(event.time)}\n${event.message}${place === null ? "" : `\n${place}`}`;
}

/** The page, drawn from `status` and `timeline`, kept live by the event stream. */
class Dashboard {
  #status: StatusBody;
  readonly #timeline: TimelineEvent[];
  readonly #link = byId("link");
  // One /status request at a time; events that arrive meanwhile ask for one more.
  #refreshing = false;
  #again = false;

  constructor(initial: DashboardData) {
    this.#status = initial.status;
    this.#timeline = initial.history.slice(-HISTORY_SIZE);
  }

  render(): void {
    this.#renderSummary();
    this.#renderPlugins();
    this.#renderTimeline();
  }

  listen(after: number): void {
    const source = new EventSource(`/events?after=${after}`);
    source.onopen = () => {
      this.#setLink("live", "live");
      void this.#refresh();
    };
    source.onerror = () => this.#setLink("down", "reconnecting\u2026");
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as WireEvent;
      if (isTimelineEvent(event)) {
        this.#timeline.push(event);
        if (this.#timeline.length > HISTORY_SIZE) this.#timeline.shift();
        this.#renderTimeline();
      }
      if (event.type === "host:stopped") this.#setLink("down", "host stopped");
      else void this.#refresh();
    };
  }

  #setLink(kind: "live" | "down", text: string): void {
    this.#link.className = kind;
    this.#link.textContent = text;
  }

  #renderPlugins(): void {
    const head = el(
      "tr",
      {},
      ...COLUMNS.map(([, label, kind]) => el("th", kindClass(kind), label)),
    );
    const rows: HTMLElement[] = [];
    for (const plugin of this.#status.plugins) {
      const word = stateWord(plugin);
      rows.push(
        el(
          "tr",
          { "data-plugin": plugin.name, "data-state": word },
          ...COLUMNS.map(([key, , kind]) =>
            el("td", { "data-field": key, ...kindClass(kind) }, cell(plugin, key)),
          ),
        ),
      );
      if (plugin.lastError && word !== "running") rows.push(errorRow(plugin, plugin.lastError));
      for (const warning of plugin.warnings.slice(-WARNINGS_SHOWN)) {
        rows.push(warningRow(plugin, warning));
      }
    }
    byId("plugins").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
    byId("no-plugins").hidden = this.#status.plugins.length > 0;
  }

  #renderSummary(): void {
    const { watcher, metrics: m } = this.#status;
    const parts: [string, string | number][] = [
      ["watcher", watcher || "none"],
      ["reloads", m.reloadCount],
      ["errors", m.errorCount],
      ["rollbacks", m.rollbackCount],
      ["probation rollbacks", m.probationRollbackCount],
      ["p50", ms(m.reloadTimeP50)],
      ["p95", ms(m.reloadTimeP95)],
      ["queued", m.queueLength],
      ["syncs", m.syncCount],
    ];
    byId("summary").replaceChildren(
      ...parts.flatMap(([label, value], i) => [
        i ? " \u00b7 " : "",
        `${label} `,
        el("b", {}, String(value)),
      ]),
    );
  }

  #renderTimeline(): void {
    const timeline = this.#timeline;
    const durations = timeline.flatMap((e) => (e.type === "plugin:reloaded" ? [e.durationMs] : []));
    const max = Math.max(1, ...durations);
    byId("timeline").replaceChildren(
      ...timeline.map((event) => {
        const title = barTitle(event);
        const bar = el("div", {
          class: event.type === "plugin:reloaded" ? "bar ok" : "bar failed",
          title,
          "aria-label": title,
          "data-plugin": event.plugin,
        });
        // A failure reports no duration: it stands full height, in red.
        const height =
          event.type === "plugin:reloaded" ? Math.max(2, (100 * event.durationMs) / max) : 100;
        bar.style.height = `${height}%`;
        return bar;
      }),
    );
    byId("scale").textContent = timeline.length
      ? `${timeline.length} of the last ${HISTORY_SIZE} reloads; tallest ${ms(durations.length ? max : null)}`
      : "no reloads yet: save a plugin file";
  }

  async #refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return;
    }
    this.#refreshing = true;
    try {
      do {
        this.#again = false;
        const response = await fetch("/status", { cache: "no-store" });
        this.#status = (await response.json()) as StatusBody;
        this.#renderSummary();
        this.#renderPlugins();
      } while (this.#again);
    } catch {
      this.#setLink("down", "host not answering");
    } finally {
      this.#refreshing = false;
    }
  }
}

const initial = JSON.parse(byId("initial").textContent ?? "") as DashboardData;
const dashboard = new Dashboard(initial);
dashboard.listen(initial.seq);
dashboard.render();
