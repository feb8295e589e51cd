import type { Page } from 'puppeteer-core';

/**
 * Drives GraphiQL 4 the way a person does: focus an editor, select all, type; click Run; read the rendered response.
 * Selectors are GraphiQL 4.1's class names.
 */
export const SELECTORS = {
  queryEditor: '.graphiql-query-editor .CodeMirror',
  headersEditor: '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror',
  run: '.graphiql-execute-button',
  response: '.graphiql-response .CodeMirror',
  tabs: '.graphiql-tab-button',
};

const WAIT = { timeout: 10_000 };

/** The few DOM shapes the page functions touch (tsconfig has no DOM lib; these run in the browser, not in Node). */
export interface PageElement {
  innerText: string;
  click(): void;
  CodeMirror: { focus(): void; getValue(): string };
}
declare const document: { querySelector(selector: string): PageElement | null };

/** Replaces an editor's text by typing it; fails when autoclosed brackets or hints made the text differ. */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForSelector(selector, WAIT);
  await page.$eval(selector, (element) => (element as unknown as PageElement).CodeMirror.focus());
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.keyboard.press('Escape'); // closes an autocomplete popup, if one is open
  const typed = await editorValue(page, selector);
  if (typed !== text) throw new Error(`typed ${JSON.stringify(text)} but the editor holds ${JSON.stringify(typed)}`);
}

export async function editorValue(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => (element as unknown as PageElement).CodeMirror.getValue());
}

/** Clicks Run and waits until the rendered response pane shows `expected`; returns the rendered text. */
export async function runAndWaitFor(page: Page, expected: string, timeoutMs = 10_000): Promise<string> {
  await page.click(SELECTORS.run);
  return waitForResponseText(page, expected, timeoutMs);
}

export async function waitForResponseText(page: Page, expected: string, timeoutMs = 10_000): Promise<string> {
  try {
    await page.waitForFunction(
      (selector, text) => document.querySelector(selector)?.innerText.includes(text) ?? false,
      { timeout: timeoutMs },
      `${SELECTORS.response} .CodeMirror-code`,
      expected,
    );
  } catch (error) {
    const shown = await page.$eval(`${SELECTORS.response} .CodeMirror-code`, (element) => (element as unknown as PageElement).innerText).catch(() => '?');
    throw new Error(`the response pane never showed ${JSON.stringify(expected)}; it shows ${JSON.stringify(shown)} (${(error as Error).message})`);
  }
  return page.$eval(`${SELECTORS.response} .CodeMirror-code`, (element) => (element as unknown as PageElement).innerText);
}

export async function tabTitles(page: Page): Promise<string[]> {
  return page.$$eval(SELECTORS.tabs, (buttons) => buttons.map((button) => (button as unknown as PageElement).innerText.trim()));
}

/** Opens the tab titled `name` (GraphiQL titles a tab after its operation) and waits until its text is in the editor. */
export async function openTab(page: Page, name: string): Promise<void> {
  const clicked = await page.$$eval(
    SELECTORS.tabs,
    (buttons, wanted) => {
      const button = buttons.find((candidate) => (candidate as unknown as PageElement).innerText.trim() === wanted);
      (button as unknown as PageElement | undefined)?.click();
      return button !== undefined;
    },
    name,
  );
  if (!clicked) throw new Error(`no tab titled ${name}; tabs: ${(await tabTitles(page)).join(', ')}`);
  await page.waitForFunction(
    (selector, wanted) => document.querySelector(selector)?.CodeMirror.getValue().includes(wanted) ?? false,
    WAIT,
    SELECTORS.queryEditor,
    name,
  );
}
