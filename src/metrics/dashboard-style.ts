/** The dashboard's stylesheet: inline, so the page needs nothing but its own server. */
export const DASHBOARD_STYLE = `
:root { color-scheme: light dark; --bg: #f7f7f8; --panel: #fff; --fg: #1d1d21; --muted: #6b6b76;
  --line: #e2e2e6; --ok: #1f9d55; --bad: #d63b3b; --warn: #c98a0a; --idle: #7a7a86; }
@media (prefers-color-scheme: dark) { :root { --bg: #141417; --panel: #1d1d22; --fg: #e8e8ec;
  --muted: #9a9aa6; --line: #30303a; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
header { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; margin-bottom: 16px; }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 14px; margin: 0 0 8px; color: var(--muted); font-weight: 600; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 14px 16px; margin-bottom: 16px; }
#link { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: var(--line); }
#link.live { background: var(--ok); color: #fff; }
#link.down { background: var(--bad); color: #fff; }
#summary { color: var(--muted); font-size: 13px; }
#summary b { color: var(--fg); font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; }
th, td { padding: 6px 10px 6px 0; border-bottom: 1px solid var(--line); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; color: #fff; background: var(--idle); }
.state.running { background: var(--ok); }
.state.stale, .state.waiting { background: var(--warn); }
.state.failed { background: var(--bad); }
.state.probation { background: var(--warn); font-weight: 400; }
tr.error td, tr.warning td { white-space: normal; border-bottom: 1px solid var(--line); padding-bottom: 10px; }
.warning .message { color: var(--warn); overflow-wrap: anywhere; }
.error .message { color: var(--bad); font-weight: 600; overflow-wrap: anywhere; }
.error .where { font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--muted); }
pre { margin: 6px 0 0; padding: 8px 10px; background: var(--bg); border-radius: 6px;
  overflow-x: auto; font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; }
#timeline { display: flex; align-items: flex-end; gap: 2px; height: 120px;
  border-bottom: 1px solid var(--line); }
.bar { flex: 0 0 8px; min-height: 2px; border-radius: 2px 2px 0 0; background: var(--ok); }
.bar.failed { background: var(--bad); opacity: 0.75; }
.bar:hover { outline: 2px solid var(--fg); }
#scale, .empty { color: var(--muted); font-size: 12px; margin-top: 6px; }
`;
