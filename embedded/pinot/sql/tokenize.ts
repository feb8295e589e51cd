/**
 * A small lexer for the Pinot SQL dialect (Calcite, MYSQL_ANSI): enough structure to rewrite function calls and find
 * the top-level clauses, without a full grammar. Whitespace and comments are kept so the output stays readable.
 */
export type TokenKind = 'ws' | 'ident' | 'qident' | 'string' | 'number' | 'op' | 'lparen' | 'rparen' | 'comma' | 'semicolon';

export interface Token {
  kind: TokenKind;
  /** The source text exactly as written. */
  text: string;
  /** Offset in the source, for error messages. */
  at: number;
}

export class SqlLexError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;
const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=', '||', '==']);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const start = i;
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      while (i < sql.length && /\s/.test(sql[i]!)) i++;
      tokens.push({ kind: 'ws', text: sql.slice(start, i), at: start });
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      tokens.push({ kind: 'ws', text: ' ', at: start });
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlLexError('unterminated comment', start);
      i = end + 2;
      tokens.push({ kind: 'ws', text: ' ', at: start });
    } else if (ch === "'") {
      i = skipQuoted(sql, i, "'");
      tokens.push({ kind: 'string', text: sql.slice(start, i), at: start });
    } else if (ch === '"' || ch === '`') {
      i = skipQuoted(sql, i, ch);
      const inner = sql.slice(start + 1, i - 1).split(ch + ch).join(ch);
      // Backticks are accepted by Pinot's parser too; DuckDB only knows double quotes.
      tokens.push({ kind: 'qident', text: `"${inner.split('"').join('""')}"`, at: start });
    } else if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      while (i < sql.length && /[0-9.]/.test(sql[i]!)) i++;
      if (/[eE]/.test(sql[i] ?? '') && /[-+0-9]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < sql.length && DIGIT.test(sql[i]!)) i++;
      }
      tokens.push({ kind: 'number', text: sql.slice(start, i), at: start });
    } else if (IDENT_START.test(ch)) {
      while (i < sql.length && IDENT_PART.test(sql[i]!)) i++;
      tokens.push({ kind: 'ident', text: sql.slice(start, i), at: start });
    } else if (ch === '(') {
      tokens.push({ kind: 'lparen', text: ch, at: i++ });
    } else if (ch === ')') {
      tokens.push({ kind: 'rparen', text: ch, at: i++ });
    } else if (ch === ',') {
      tokens.push({ kind: 'comma', text: ch, at: i++ });
    } else if (ch === ';') {
      tokens.push({ kind: 'semicolon', text: ch, at: i++ });
    } else {
      const two = sql.slice(i, i + 2);
      if (TWO_CHAR_OPS.has(two)) {
        i += 2;
        tokens.push({ kind: 'op', text: two === '==' ? '=' : two, at: start });
      } else if ('=<>+-*/%.:[]{}!~^&|?'.includes(ch)) {
        tokens.push({ kind: 'op', text: ch, at: i++ });
      } else {
        throw new SqlLexError(`unexpected character '${ch}'`, start);
      }
    }
  }
  return tokens;
}

function skipQuoted(sql: string, from: number, quote: string): number {
  let i = from + 1;
  for (;;) {
    if (i >= sql.length) throw new SqlLexError(`unterminated ${quote === "'" ? 'string literal' : 'quoted identifier'}`, from);
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
}

/** A parenthesised group or a single token: the tree the rewriter walks. */
export type SqlNode = Token | SqlGroup;

export interface SqlGroup {
  kind: 'group';
  children: SqlNode[];
  at: number;
}

export function isGroup(node: SqlNode | undefined): node is SqlGroup {
  return node?.kind === 'group';
}

export function toTree(tokens: readonly Token[]): SqlNode[] {
  const root: SqlNode[] = [];
  const stack: SqlNode[][] = [root];
  const openedAt: number[] = [];
  for (const token of tokens) {
    if (token.kind === 'lparen') {
      const group: SqlGroup = { kind: 'group', children: [], at: token.at };
      stack[stack.length - 1]!.push(group);
      stack.push(group.children);
      openedAt.push(token.at);
    } else if (token.kind === 'rparen') {
      if (stack.length === 1) throw new SqlLexError("unbalanced ')'", token.at);
      stack.pop();
      openedAt.pop();
    } else {
      stack[stack.length - 1]!.push(token);
    }
  }
  if (stack.length > 1) throw new SqlLexError("unbalanced '('", openedAt[openedAt.length - 1]!);
  return root;
}

/** Splits a node list at top-level commas (the arguments of a call, the items of a select list). */
export function splitOnCommas(nodes: readonly SqlNode[]): SqlNode[][] {
  const parts: SqlNode[][] = [[]];
  for (const node of nodes) {
    if (node.kind === 'comma') parts.push([]);
    else parts[parts.length - 1]!.push(node);
  }
  return parts;
}

export function significant(nodes: readonly SqlNode[]): SqlNode[] {
  return nodes.filter((node) => node.kind !== 'ws');
}

export function isKeyword(node: SqlNode | undefined, word: string): boolean {
  return node?.kind === 'ident' && node.text.toUpperCase() === word;
}
