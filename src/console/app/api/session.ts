/** The API key lives in sessionStorage: it survives reloads of this tab and is gone when the tab closes. */
const KEY = 'pipegraph.console.apiKey';

export function storedApiKey(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function storeApiKey(apiKey: string): void {
  try {
    if (apiKey) sessionStorage.setItem(KEY, apiKey);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the key still works for this page load.
  }
}
