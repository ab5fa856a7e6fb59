import type { TimelineEvent } from "./dashboard-facts.ts";
import { DASHBOARD_SCRIPT } from "./dashboard-script.ts";
import { DASHBOARD_STYLE } from "./dashboard-style.ts";
import { scriptJson } from "./script-json.ts";
import type { StatusBody } from "./status-body.ts";

/** What the page draws at once, before its event stream opens. */
export interface DashboardData {
  readonly status: StatusBody;
  /** The last reloads and failures, oldest first. */
  readonly history: readonly TimelineEvent[];
  /** The id of the last event the server published: the stream resumes after it. */
  readonly seq: number;
}

/**
 * GET /: one self-contained page (no external asset, works offline). The host's state rides
 * along as JSON in a non-executable <script> element and is drawn by the inline script
 * (dashboard-client.ts, bundled into dashboard-script.ts); the nonce matches the Content-Security-Policy that `dashboardHeaders` sends, so nothing else runs.
 */
export function dashboardPage(data: DashboardData, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hotplug dashboard</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${DASHBOARD_STYLE}</style>
</head>
<body>
<header>
<h1>hotplug</h1>
<span id="link">connecting…</span>
<span id="summary"></span>
</header>
<section>
<h2>Plugins</h2>
<table id="plugins"></table>
<p class="empty" id="no-plugins" hidden>No plugins in the folder yet.</p>
</section>
<section>
<h2>Reloads</h2>
<div id="timeline" role="img" aria-label="Durations of recent reloads"></div>
<div id="scale"></div>
</section>
<script type="application/json" id="initial">${scriptJson(data)}</script>
<script nonce="${nonce}">${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}

/** The page's headers: only its own inline style and script, and requests to its own origin. */
export function dashboardHeaders(nonce: string): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
}
