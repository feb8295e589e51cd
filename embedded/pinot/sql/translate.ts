/**
 * Pinot SQL → DuckDB SQL. Only the outer statement's shape matters to the broker (selection, aggregation, group-by),
 * so the translator works on a token tree: it rewrites Pinot functions, maps table names, applies Pinot's default
 * LIMIT 10, turns `LIMIT offset, count` into `LIMIT count OFFSET offset`, names unaliased expressions the way Pinot
 * does (`sum(shares)`), and appends hidden helper columns that yield the document and group counts for the stats.
 */
import { PinotErrorCode, PinotSqlError } from './pinot-sql-error';
import { canonicalFunctionName, duckTypeForPinotName, isAggregate, rewriteFor } from './pinot-functions';
import { isGroup, isKeyword, significant, splitOnCommas, SqlLexError, toTree, tokenize } from './tokenize';
import type { SqlGroup, SqlNode, Token } from './tokenize';

export const DOCS_COLUMN = '__pg_docs';
export const GROUPS_COLUMN = '__pg_groups';
export const DEFAULT_LIMIT = 10;

export interface TranslateOptions {
  /** Fixed "now" for now() and ago(), so one query sees one instant. */
  nowMs: number;
  /** Pinot's enableNullHandling query option: off means empty aggregates return sentinels. */
  nullHandling: boolean;
  /** The raw name of a known table (accepts the _REALTIME/_OFFLINE suffix), or undefined. */
  resolveTable(name: string): string | undefined;
}

export type QueryShape = 'selection' | 'aggregation' | 'groupBy';

export interface SelectItem {
  /** The schema column the item echoes unchanged (`symbol`, `t.symbol`), for typing and null defaults. */
  column?: string;
  star: boolean;
}

export interface TranslatedQuery {
  sql: string;
  shape: QueryShape;
  tables: string[];
  items: SelectItem[];
  /** Hidden columns appended after the user's columns (stripped from the response). */
  helpers: string[];
}

export interface ParsedStatement {
  options: Record<string, string>;
  tokens: Token[];
}

/** Splits `SET k = v;` prefixes and an `OPTION(k=v, …)` suffix off the single query statement. */
export function parseStatement(sql: string): ParsedStatement {
  const tokens = lexOrThrow(sql);
  const statements: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'lparen') depth++;
    if (token.kind === 'rparen') depth--;
    if (token.kind === 'semicolon' && depth === 0) statements.push([]);
    else statements[statements.length - 1]!.push(token);
  }
  const options: Record<string, string> = {};
  const queries: Token[][] = [];
  for (const statement of statements) {
    const words = statement.filter((token) => token.kind !== 'ws');
    if (words.length === 0) continue;
    if (isKeyword(words[0], 'SET')) {
      const [, key, eq, ...value] = words;
      if (!key || eq?.text !== '=' || value.length === 0) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, 'SET needs the form SET key = value');
      options[unquote(key)] = value.map((token) => unquote(token)).join('');
    } else {
      queries.push(statement);
    }
  }
  if (queries.length !== 1) {
    throw new PinotSqlError(PinotErrorCode.SQL_PARSING, queries.length === 0 ? 'empty query' : 'only one query statement is allowed');
  }
  const query = queries[0]!;
  const words = query.map((token, index) => ({ token, index })).filter(({ token }) => token.kind !== 'ws');
  const optionAt = words.findIndex(({ token }, i) => isKeyword(token, 'OPTION') && words[i + 1]?.token.kind === 'lparen');
  if (optionAt >= 0) {
    const closeAt = words.findIndex(({ token }, i) => i > optionAt && token.kind === 'rparen');
    const inner = words.slice(optionAt + 2, closeAt < 0 ? undefined : closeAt).map(({ token }) => token.text).join('');
    for (const pair of inner.split(',')) {
      const [key, value] = pair.split('=');
      if (key && value) options[key.trim()] = value.trim().replace(/^'|'$/g, '');
    }
    return { options, tokens: query.slice(0, words[optionAt]!.index) };
  }
  return { options, tokens: query };
}

export function translate(tokens: readonly Token[], options: TranslateOptions): TranslatedQuery {
  let tree: SqlNode[];
  try {
    tree = toTree(tokens);
  } catch (error) {
    if (error instanceof SqlLexError) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `SQL parsing error at ${error.at}: ${error.message}`);
    throw error;
  }
  const top = significantWithIndex(tree);
  const first = top[0]?.node;
  if (!isKeyword(first, 'SELECT') && !isKeyword(first, 'WITH')) {
    throw new PinotSqlError(PinotErrorCode.SQL_PARSING, 'SQL parsing error: only SELECT queries are supported');
  }
  const renderer = new Renderer(options, collectCteNames(top));
  const selectAt = top.findIndex(({ node }) => isKeyword(node, 'SELECT'));
  if (selectAt < 0) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, 'SQL parsing error: missing SELECT');
  const fromAt = top.findIndex(({ node }, i) => i > selectAt && isKeyword(node, 'FROM'));
  const distinct = isKeyword(top[selectAt + 1]?.node, 'DISTINCT');
  const listStart = top[selectAt + (distinct ? 2 : 1)]?.index ?? tree.length;
  const listEnd = fromAt >= 0 ? top[fromAt]!.index : clauseEnd(top, selectAt, tree.length);
  const selectList = tree.slice(listStart, listEnd);
  if (significant(selectList).length === 0) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, 'SQL parsing error: empty select list');

  const hasGroupBy = top.some(({ node }, i) => i > selectAt && isKeyword(node, 'GROUP') && isKeyword(top[i + 1]?.node, 'BY'));
  const aggregates = containsAggregate(selectList);
  const shape: QueryShape = hasGroupBy ? 'groupBy' : aggregates ? 'aggregation' : 'selection';

  const items: SelectItem[] = [];
  const renderedItems = splitOnCommas(selectList).map((item) => {
    const { text, meta } = renderer.renderSelectItem(item);
    items.push(meta);
    return text;
  });
  const helpers: string[] = [];
  if (!distinct && shape === 'groupBy') {
    renderedItems.push(`SUM(COUNT(*)) OVER () AS "${DOCS_COLUMN}"`, `COUNT(*) OVER () AS "${GROUPS_COLUMN}"`);
    helpers.push(DOCS_COLUMN, GROUPS_COLUMN);
  } else if (shape === 'aggregation') {
    renderedItems.push(`COUNT(*) AS "${DOCS_COLUMN}"`);
    helpers.push(DOCS_COLUMN);
  }

  let sql = `${renderer.render(tree.slice(0, listStart)).trim()} ${renderedItems.map((item) => item.trim()).join(', ')}`;
  const limitAt = top.findIndex(({ node }, i) => i > selectAt && isKeyword(node, 'LIMIT'));
  const limitIndex = limitAt >= 0 ? top[limitAt]!.index : tree.length;
  const rest = renderer.render(tree.slice(listEnd, limitIndex)).trim();
  if (rest) sql += ` ${rest}`;
  sql += limitAt >= 0 ? renderLimit(tree.slice(limitIndex + 1)) : ` LIMIT ${DEFAULT_LIMIT}`;
  return { sql, shape, tables: [...renderer.tables], items, helpers };
}

/** `LIMIT n`, `LIMIT n OFFSET m` and Pinot's `LIMIT offset, count`. */
function renderLimit(rest: SqlNode[]): string {
  const words = significant(rest);
  const isInt = (node: SqlNode | undefined) => node?.kind === 'number' && /^\d+$/.test(node.text);
  if (isInt(words[0]) && words.length === 1) return ` LIMIT ${(words[0] as Token).text}`;
  if (isInt(words[0]) && words[1]?.kind === 'comma' && isInt(words[2]) && words.length === 3) {
    return ` LIMIT ${(words[2] as Token).text} OFFSET ${(words[0] as Token).text}`;
  }
  if (isInt(words[0]) && isKeyword(words[1], 'OFFSET') && isInt(words[2]) && words.length === 3) {
    return ` LIMIT ${(words[0] as Token).text} OFFSET ${(words[2] as Token).text}`;
  }
  throw new PinotSqlError(PinotErrorCode.SQL_PARSING, 'SQL parsing error: LIMIT takes non-negative integer literals');
}

class Renderer {
  readonly tables = new Set<string>();

  constructor(private readonly options: TranslateOptions, private readonly cteNames: Set<string>) {}

  render(nodes: readonly SqlNode[]): string {
    let out = '';
    let previous: SqlNode | undefined;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.kind === 'ws') {
        out += node.text;
        continue;
      }
      if (isGroup(node)) {
        out += `(${this.render(node.children)})`;
      } else if ((node.kind === 'ident' || node.kind === 'qident') && (isKeyword(previous, 'FROM') || isKeyword(previous, 'JOIN'))) {
        out += this.renderTable(node);
      } else if (isKeyword(node, 'LIKE')) {
        // Pinot's LIKE treats backslash as the escape character; DuckDB needs it said explicitly.
        const patternAt = nextSignificant(nodes, i + 1);
        let end = patternAt ?? i;
        if (patternAt !== undefined && nodes[patternAt]!.kind === 'ident') {
          const callAt = nextSignificant(nodes, patternAt + 1);
          if (callAt !== undefined && isGroup(nodes[callAt])) end = callAt;
        }
        out += node.text + this.render(nodes.slice(i + 1, end + 1));
        if (!isKeyword(nodes[nextSignificant(nodes, end + 1) ?? -1], 'ESCAPE')) out += " ESCAPE '\\'";
        i = end;
      } else if (node.kind === 'ident') {
        const next = nextSignificant(nodes, i + 1);
        const call = next && isGroup(nodes[next]) ? (nodes[next] as SqlGroup) : undefined;
        if (call && !isKeyword(previous, 'AS') && (previous?.kind !== 'op' || previous.text !== '.')) {
          out += this.renderCall(node.text, call);
          i = next!;
        } else {
          out += node.text;
        }
      } else {
        out += node.text;
      }
      previous = node;
    }
    return out;
  }

  renderSelectItem(item: SqlNode[]): { text: string; meta: SelectItem } {
    const words = significant(item);
    const text = this.render(item);
    const star = words.some((node) => node.kind === 'op' && node.text === '*') && words.length <= 3 && !words.some(isGroup);
    if (star) return { text, meta: { star: true } };
    if (hasAlias(words)) return { text, meta: { star: false } };
    const column = bareColumn(words);
    if (column !== undefined) return { text, meta: { star: false, column } };
    return { text: `${text.trim()} AS "${pinotName(words).replace(/"/g, '""')}"`, meta: { star: false } };
  }

  private renderTable(node: Token): string {
    const name = node.kind === 'qident' ? node.text.slice(1, -1).replace(/""/g, '"') : node.text;
    if (this.cteNames.has(name.toLowerCase())) return node.text;
    const resolved = this.options.resolveTable(name);
    if (resolved === undefined) throw new PinotSqlError(PinotErrorCode.TABLE_DOES_NOT_EXIST, `TableDoesNotExistError: Table ${name} does not exist`);
    this.tables.add(resolved);
    return `"${resolved}"`;
  }

  private renderCall(name: string, group: SqlGroup): string {
    const canonical = canonicalFunctionName(name);
    if (canonical === 'cast') return `CAST(${this.renderCast(group.children)})`;
    const rewrite = rewriteFor(canonical);
    if (!rewrite) return `${name}(${this.render(group.children)})`;
    const raw = significant(group.children).length === 0 ? [] : splitOnCommas(group.children);
    const args = raw.map((arg) => this.render(arg).trim());
    return rewrite({ args, raw, nowMs: this.options.nowMs, nullHandling: this.options.nullHandling, name: name.toUpperCase() });
  }

  /** CAST(x AS LONG) → CAST(x AS BIGINT): Pinot's type names are not DuckDB's. */
  private renderCast(children: SqlNode[]): string {
    const words = significant(children);
    const asAt = words.map((node, i) => (isKeyword(node, 'AS') ? i : -1)).filter((i) => i >= 0).pop();
    const typeNode = asAt === undefined ? undefined : words[asAt + 1];
    if (asAt === undefined || typeNode?.kind !== 'ident' || words.length !== asAt + 2) {
      throw new PinotSqlError(PinotErrorCode.SQL_PARSING, 'SQL parsing error: CAST needs the form CAST(expr AS TYPE)');
    }
    const duck = duckTypeForPinotName(typeNode.text);
    if (!duck) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `SQL parsing error: unknown type ${typeNode.text} in CAST`);
    const asIndex = children.indexOf(words[asAt]!);
    return `${this.render(children.slice(0, asIndex))}AS ${duck}`;
  }
}

function containsAggregate(nodes: readonly SqlNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (isGroup(node)) {
      if (isKeyword(significant(node.children)[0], 'SELECT')) continue; // a scalar subquery aggregates on its own
      if (containsAggregate(node.children)) return true;
    } else if (node.kind === 'ident') {
      const next = nextSignificant(nodes, i + 1);
      if (next !== undefined && isGroup(nodes[next]) && isAggregate(canonicalFunctionName(node.text))) return true;
    }
  }
  return false;
}

const NOT_AN_ALIAS = new Set(['END', 'NULL', 'TRUE', 'FALSE', 'DISTINCT']);
const NOT_BEFORE_ALIAS = new Set(['IS', 'NOT', 'AND', 'OR', 'CASE', 'WHEN', 'THEN', 'ELSE', 'DISTINCT', 'IN', 'LIKE', 'BETWEEN']);

function hasAlias(words: SqlNode[]): boolean {
  if (words.length >= 3 && isKeyword(words[words.length - 2], 'AS')) return true;
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  if (!last || !before) return false;
  if (last.kind === 'qident') return before.kind !== 'op';
  if (last.kind !== 'ident' || NOT_AN_ALIAS.has(last.text.toUpperCase())) return false;
  if (before.kind === 'op' || before.kind === 'comma') return false;
  return !(before.kind === 'ident' && NOT_BEFORE_ALIAS.has(before.text.toUpperCase()));
}

function bareColumn(words: SqlNode[]): string | undefined {
  const last = words[words.length - 1];
  const qualified = words.length === 3 && words[1]?.kind === 'op' && words[1].text === '.';
  if (words.length !== 1 && !qualified) return undefined;
  if (last?.kind === 'ident') return last.text;
  if (last?.kind === 'qident') return last.text.slice(1, -1).replace(/""/g, '"');
  return undefined;
}

/** Pinot's column name for an unaliased expression: `sum(shares)`, `count(*)`, `datetrunc('DAY',ts)`. */
function pinotName(words: readonly SqlNode[]): string {
  let out = '';
  let previousWord = false;
  for (let i = 0; i < words.length; i++) {
    const node = words[i]!;
    if (isGroup(node)) {
      out += `(${pinotName(significant(node.children))})`;
      previousWord = true;
      continue;
    }
    const word = node.kind === 'ident' || node.kind === 'qident' || node.kind === 'number' || node.kind === 'string';
    if (word && previousWord) out += ' ';
    if (node.kind === 'ident') out += isGroup(words[i + 1]) ? canonicalFunctionName(node.text) : node.text;
    else if (node.kind === 'qident') out += node.text.slice(1, -1).replace(/""/g, '"');
    else out += node.text;
    previousWord = word;
  }
  return out;
}

function collectCteNames(top: Array<{ node: SqlNode }>): Set<string> {
  const names = new Set<string>();
  if (!isKeyword(top[0]?.node, 'WITH')) return names;
  for (let i = 1; i + 2 < top.length; i++) {
    const { node } = top[i]!;
    if ((node.kind === 'ident' || node.kind === 'qident') && isKeyword(top[i + 1]!.node, 'AS') && isGroup(top[i + 2]!.node)) {
      names.add((node.kind === 'qident' ? node.text.slice(1, -1) : node.text).toLowerCase());
    }
    if (isKeyword(node, 'SELECT')) break;
  }
  return names;
}

function clauseEnd(top: Array<{ node: SqlNode; index: number }>, after: number, fallback: number): number {
  const next = top.find(({ node }, i) => i > after && ['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT'].some((word) => isKeyword(node, word)));
  return next?.index ?? fallback;
}

function significantWithIndex(nodes: readonly SqlNode[]): Array<{ node: SqlNode; index: number }> {
  return nodes.map((node, index) => ({ node, index })).filter(({ node }) => node.kind !== 'ws');
}

function nextSignificant(nodes: readonly SqlNode[], from: number): number | undefined {
  for (let i = from; i < nodes.length; i++) if (nodes[i]!.kind !== 'ws') return i;
  return undefined;
}

function unquote(token: Token): string {
  if (token.kind === 'string') return token.text.slice(1, -1).replace(/''/g, "'");
  if (token.kind === 'qident') return token.text.slice(1, -1).replace(/""/g, '"');
  return token.text;
}

function lexOrThrow(sql: string): Token[] {
  try {
    return tokenize(sql);
  } catch (error) {
    if (error instanceof SqlLexError) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `SQL parsing error at ${error.at}: ${error.message}`);
    throw error;
  }
}
