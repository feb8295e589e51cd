import type { PackageAssetKey } from './assets';

export interface PageInput {
  urls: Record<PackageAssetKey, string>;
  scriptUrl: string;
  styleUrl: string;
  config: { graphqlPath: string; welcomeQuery: string; examples: Array<{ name: string; query: string }>; examplesVersion: string };
}

/**
 * Everything from this origin. Scripts: only our files (the settings travel as a non-executed JSON block).
 * Styles need 'unsafe-inline': GraphiQL's dialogs inject a <style> element (seen blocked in Chromium without it).
 * Fonts and icons in GraphiQL's stylesheet are data: URLs. connect-src 'self' covers fetch and the same-origin ws(s)
 * socket (CSP Level 3).
 */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const WELCOME_QUERY = `# Welcome to the pipegraph playground.
#
# The other tabs hold example operations, one per capability. Run the current one with Ctrl-Enter (Cmd-Enter).
# When the server asks for an API key, put it in the Headers pane below:
#   { "Authorization": "Bearer <your key>" }
# Subscriptions use the same header: it is sent as the websocket's connection_init payload.

query WhoAmI {
  viewer {
    id
    role
  }
}
`;

export function renderPage({ urls, scriptUrl, styleUrl, config }: PageInput): string {
  // `<` escaped so no example text can close the <script> block.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pipegraph</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${urls.graphiqlCss}">
<link rel="stylesheet" href="${styleUrl}">
</head>
<body>
<div id="graphiql"><div class="loading">Loading the pipegraph playground…</div></div>
<script type="application/json" id="pipegraph-playground-config">${json}</script>
<script src="${urls.react}"></script>
<script src="${urls.reactDom}"></script>
<script src="${urls.graphqlWs}"></script>
<script src="${urls.graphiqlJs}"></script>
<script src="${scriptUrl}"></script>
</body>
</html>
`;
}
