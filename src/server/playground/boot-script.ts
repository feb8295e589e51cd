/**
 * The page's own script and stylesheet, served as files so the Content-Security-Policy can forbid inline scripts.
 * The script reads its settings from the JSON block #pipegraph-playground-config (data, not code) and mounts GraphiQL
 * with a fetcher that:
 * - sends queries and mutations as HTTP POST to the same origin's GraphQL path, with the Headers pane's headers;
 * - sends subscriptions over graphql-ws (graphql-transport-ws) to the same origin's ws(s) URL, with the Headers pane's
 *   Authorization as the connection_init payload `{ authorization }`; the websocket client is re-created when that
 *   header changes;
 * - decides "subscription or not" and the operation name from the text being run, not from GraphiQL's debounced
 *   document state, which lags ~1 s behind typing (a stale state would send a fresh subscription over HTTP).
 * Plain ES2017 in a string: it runs in the browser as is, with no bundler in between.
 */
export const PLAYGROUND_SCRIPT = String.raw`(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('pipegraph-playground-config').textContent);
  var httpUrl = new URL(config.graphqlPath, window.location.href).href;
  var wsUrl = httpUrl.replace(/^http/, 'ws');
  var graphql = window.GraphiQL.GraphQL;
  var socket = null; // { authorization, client }

  function authorizationOf(headers) {
    for (var key in headers || {}) {
      if (key.toLowerCase() === 'authorization' && headers[key] != null) return String(headers[key]);
    }
    return undefined;
  }

  function websocketFor(authorization) {
    if (socket && socket.authorization === authorization) return socket.client;
    if (socket) socket.client.dispose();
    var client = window.graphqlWs.createClient({
      url: wsUrl,
      connectionParams: authorization ? { authorization: authorization } : {},
      retryAttempts: 3,
      // A refused key (4403) or a connection limit (4429) will not change by retrying.
      shouldRetry: function (event) { return !(event && (event.code === 4403 || event.code === 4429)); },
    });
    socket = { authorization: authorization, client: client };
    return client;
  }

  /** The operation to run: the named one if it exists in the text, else the only one. */
  function resolveOperation(params) {
    var document;
    try { document = graphql.parse(params.query); } catch (error) { return { params: params, subscription: false }; }
    var operations = document.definitions.filter(function (d) { return d.kind === 'OperationDefinition'; });
    var chosen = operations.filter(function (op) { return op.name && op.name.value === params.operationName; })[0];
    if (!chosen && operations.length === 1) chosen = operations[0];
    if (!chosen) return { params: params, subscription: false };
    var resolved = Object.assign({}, params, { operationName: chosen.name ? chosen.name.value : undefined });
    return { params: resolved, subscription: chosen.operation === 'subscription' };
  }

  function closeMessage(event) {
    var text = 'websocket closed (' + event.code + (event.reason ? ': ' + event.reason : '') + ')';
    if (event.code === 4403) text += ' - check the Authorization header in the Headers pane';
    return text;
  }

  function subscribe(params, headers) {
    var client = websocketFor(authorizationOf(headers));
    return {
      subscribe: function (observer) {
        var done = false;
        function fail(errors) {
          if (done) return;
          done = true;
          observer.next({ errors: errors });
          observer.complete();
        }
        var dispose = client.subscribe(params, {
          next: function (value) { if (!done) observer.next(value); },
          error: function (error) {
            if (Array.isArray(error)) return fail(error);
            if (error && typeof error.code === 'number') return fail([{ message: closeMessage(error) }]);
            fail([{ message: String((error && error.message) || error) }]);
          },
          complete: function () { if (!done) { done = true; observer.complete(); } },
        });
        return { unsubscribe: function () { done = true; dispose(); } };
      },
    };
  }

  function post(params, headers) {
    return fetch(httpUrl, {
      method: 'POST',
      headers: Object.assign({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }, headers || {}),
      body: JSON.stringify(params),
    }).then(function (response) {
      return response.text().then(function (text) {
        try { return JSON.parse(text); } catch (error) {
          return { errors: [{ message: 'HTTP ' + response.status + ': ' + text.slice(0, 500) }] };
        }
      });
    });
  }

  function fetcher(params, options) {
    var headers = (options && options.headers) || {};
    var operation = resolveOperation(params);
    return operation.subscription ? subscribe(operation.params, headers) : post(operation.params, headers);
  }

  var tabs = [{ query: config.welcomeQuery }].concat(config.examples.map(function (example) { return { query: example.query }; }));
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: tabs,
    defaultEditorToolsVisibility: 'headers',
    // Stored tabs are keyed by the example set, so new examples show up after an upgrade.
    storage: GraphiQL.createLocalStorage({ namespace: 'pipegraph:' + config.examplesVersion }),
  }));
})();
`;

export const PLAYGROUND_STYLES = `html, body, #graphiql { height: 100%; margin: 0; }
#graphiql > .loading { font: 14px system-ui, sans-serif; padding: 1rem; }
`;
