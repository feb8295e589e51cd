import { AppError } from '../errors/app-error';
import {
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * Structural limits on a request, checked before validation, coercion and any resolver, in time linear in its size:
 * hostile documents (deep nesting, huge lists, thousands of aliases or spreads) are refused cheaply instead of
 * stalling the event loop in the parser, graphql-js's validation (quadratic in same-named fields) or coercion.
 */
export interface DocumentLimits {
  /** Field nesting, introspection fields included (GraphiQL's introspection query is 15 deep). */
  maxDepth: number;
  maxAliases: number;
  maxFragmentSpreads: number;
  /** Field selections once fragments are expanded: what execution would really visit. */
  maxFields: number;
  /** Lexical tokens of the document (graphql-js `parse`'s maxTokens). */
  maxTokens: number;
  /** Nesting of list and object values, inline or in variables. */
  maxInputDepth: number;
  maxInputListLength: number;
}

export interface LimitViolation {
  message: string;
  details: Record<string, unknown> & { limit: string };
}

const violation = (limit: string, message: string, extra: Record<string, unknown> = {}): LimitViolation => ({
  message,
  details: { limit, ...extra },
});

/**
 * Checks a document's source before it is parsed (graphql-js's parser recurses once per nesting level and overflows
 * the stack on a 10,000-deep list), then parses it with a token budget and checks its shape. Syntax errors are left to
 * the caller's own parse, so they read as usual. Verdicts are cached per source text (clients repeat their queries).
 */
export function checkDocumentSource(source: string, limits: DocumentLimits): LimitViolation | undefined {
  // Only ordinary-sized documents are remembered: the cache must not become a way to hold megabytes per entry.
  if (source.length > MAX_CACHED_SOURCE_LENGTH) return computeSourceVerdict(source, limits);
  const key = `${limitsKey(limits)}\n${source}`;
  if (sourceVerdicts.has(key)) return sourceVerdicts.get(key);
  const verdict = computeSourceVerdict(source, limits);
  if (sourceVerdicts.size >= MAX_SOURCE_VERDICTS) sourceVerdicts.delete(sourceVerdicts.keys().next().value as string);
  sourceVerdicts.set(key, verdict);
  return verdict;
}

/**
 * For transports that hand the source to a library which parses it (Apollo over HTTP): throws the violation as a
 * BAD_USER_INPUT AppError. Anything that is not a string query is left to the library to refuse.
 */
export function refuseHostileDocument(query: unknown, limits: DocumentLimits): void {
  if (typeof query !== 'string') return;
  const refusal = checkDocumentSource(query, limits);
  if (refusal) throw new AppError('BAD_USER_INPUT', refusal.message, { details: refusal.details });
}

const sourceVerdicts = new Map<string, LimitViolation | undefined>();
const MAX_SOURCE_VERDICTS = 512;
const MAX_CACHED_SOURCE_LENGTH = 8_192;

function limitsKey(limits: DocumentLimits): string {
  return `${limits.maxDepth}|${limits.maxAliases}|${limits.maxFragmentSpreads}|${limits.maxFields}|${limits.maxTokens}|${limits.maxInputDepth}|${limits.maxInputListLength}`;
}

function computeSourceVerdict(source: string, limits: DocumentLimits): LimitViolation | undefined {
  // Operation braces, a field's arguments and a variable's list type add a few levels beyond fields and values.
  const maxNesting = limits.maxDepth + limits.maxInputDepth + 4;
  const nesting = bracketNesting(source, maxNesting);
  if (nesting > maxNesting) {
    return violation('nesting', `the document nests brackets more than ${maxNesting} deep`, { max: maxNesting });
  }
  let document: DocumentNode;
  try {
    document = parse(source, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (error) {
    if (error instanceof GraphQLError && /contains more tha[nt] \d+ tokens/.test(error.message)) {
      return violation('tokens', `the document has more than ${limits.maxTokens} tokens`, { max: limits.maxTokens });
    }
    return undefined;
  }
  return checkDocumentShape(document, limits);
}

/** Deepest nesting of (), [] and {} outside strings and comments; stops counting once past `stopAbove`. */
function bracketNesting(source: string, stopAbove: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < source.length && source.charCodeAt(i) !== 0x0a && source.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 /* " */) {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        // Escaped \""" inside a block string: keep looking past it.
        let close = end;
        while (close > 0 && source.charCodeAt(close - 1) === 0x5c) close = source.indexOf('"""', close + 3);
        i = close < 0 ? source.length : close + 2;
      } else {
        i++;
        while (i < source.length && source.charCodeAt(i) !== 0x22 && source.charCodeAt(i) !== 0x0a) {
          if (source.charCodeAt(i) === 0x5c) i++;
          i++;
        }
      }
    } else if (c === 0x28 || c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max && (max = depth) > stopAbove) return max;
    } else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}

// Beyond this the walk stops descending (the depth reported is then a lower bound): keeps recursion off the stack limit.
const MAX_WALK_DEPTH = 1_000;

/**
 * Depth (introspection included), aliases, fragment spreads, expanded fields, and the depth and list lengths of inline
 * values. Every walk is bounded: recursion stops one level past a limit, fragments are measured once each.
 */
export function checkDocumentShape(document: DocumentNode, limits: DocumentLimits): LimitViolation | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const counts = { aliases: 0, spreads: 0, values: undefined as LimitViolation | undefined };
  const measured = new Map<string, { depth: number; fields: number }>();
  const measuring = new Set<string>();

  // Depth and expanded field count of a selection set; counts as written (aliases, spreads, values) are taken only
  // the first time a fragment is measured.
  const measure = (set: SelectionSetNode, level: number): { depth: number; fields: number } => {
    let depth = 0;
    let fields = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) counts.aliases++;
        for (const argument of selection.arguments ?? []) counts.values ??= checkValueNode(argument.value, limits);
        fields++;
        if (selection.selectionSet && level < MAX_WALK_DEPTH) {
          const inner = measure(selection.selectionSet, level + 1);
          depth = Math.max(depth, 1 + inner.depth);
          fields += inner.fields;
        } else {
          depth = Math.max(depth, selection.selectionSet ? 2 : 1);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = measure(selection.selectionSet, level);
        depth = Math.max(depth, inner.depth);
        fields += inner.fields;
      } else {
        counts.spreads++;
        const inner = measureFragment(selection.name.value, level);
        depth = Math.max(depth, inner.depth);
        fields += inner.fields;
      }
      if (fields > limits.maxFields) break;
    }
    return { depth, fields };
  };

  const measureFragment = (name: string, level: number): { depth: number; fields: number } => {
    const known = measured.get(name);
    // A fragment's depth is the same wherever it is spread; the caller adds the level it is spread at.
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown fragments and cycles are validation errors reported elsewhere.
    if (!fragment || measuring.has(name)) return { depth: 0, fields: 0 };
    measuring.add(name);
    const result = measure(fragment.selectionSet, level);
    measuring.delete(name);
    measured.set(name, result);
    return result;
  };

  let depth = 0;
  let fields = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      if (variable.defaultValue) counts.values ??= checkValueNode(variable.defaultValue, limits);
    }
    const result = measure(definition.selectionSet, 1);
    depth = Math.max(depth, result.depth);
    fields = Math.max(fields, result.fields);
  }
  // Fragments never spread by an operation are still validated by graphql-js: count what they hold too.
  for (const name of fragments.keys()) measureFragment(name, 1);

  if (depth > limits.maxDepth) {
    return violation('depth', `query depth ${depth} exceeds the maximum of ${limits.maxDepth}`, { depth, max: limits.maxDepth });
  }
  if (counts.aliases > limits.maxAliases) {
    return violation('aliases', `the document has ${counts.aliases} aliases; at most ${limits.maxAliases} are allowed`, {
      aliases: counts.aliases,
      max: limits.maxAliases,
    });
  }
  if (counts.spreads > limits.maxFragmentSpreads) {
    return violation('fragmentSpreads', `the document has ${counts.spreads} fragment spreads; at most ${limits.maxFragmentSpreads} are allowed`, {
      fragmentSpreads: counts.spreads,
      max: limits.maxFragmentSpreads,
    });
  }
  if (fields > limits.maxFields) {
    return violation('fields', `the operation selects more than ${limits.maxFields} fields (fragments expanded)`, { max: limits.maxFields });
  }
  return counts.values;
}

function checkValueNode(root: ValueNode, limits: DocumentLimits): LimitViolation | undefined {
  const stack: Array<[ValueNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node.kind !== Kind.LIST && node.kind !== Kind.OBJECT) continue;
    if (depth + 1 > limits.maxInputDepth) return inputTooDeep(limits);
    if (node.kind === Kind.LIST) {
      if (node.values.length > limits.maxInputListLength) return listTooLong(limits);
      for (const value of node.values) stack.push([value, depth + 1]);
    } else {
      for (const field of node.fields) stack.push([field.value, depth + 1]);
    }
  }
  return undefined;
}

const inputTooDeep = (limits: DocumentLimits) =>
  violation('inputDepth', `an input value nests lists and objects more than ${limits.maxInputDepth} deep`, { max: limits.maxInputDepth });
const listTooLong = (limits: DocumentLimits) =>
  violation('inputListLength', `an input list has more than ${limits.maxInputListLength} elements`, { max: limits.maxInputListLength });

// A lone UTF-16 surrogate: JSON can carry one, but it is not Unicode text, and no backend can be sent it faithfully.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Variables as they arrived (parsed JSON), before graphql-js coerces them: the same depth and list limits as inline
 * values, and text must be valid Unicode (inline strings already must be: the GraphQL lexer refuses lone surrogates).
 * Iterative, so no value can overflow the stack.
 */
export function checkVariableValues(variables: Readonly<Record<string, unknown>> | null | undefined, limits: DocumentLimits): LimitViolation | undefined {
  if (!variables) return undefined;
  for (const [name, root] of Object.entries(variables)) {
    const stack: Array<[unknown, number]> = [[root, 0]];
    while (stack.length > 0) {
      const [value, depth] = stack.pop()!;
      if (typeof value === 'string') {
        if (LONE_SURROGATE.test(value)) return notUnicode(name);
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      if (depth + 1 > limits.maxInputDepth) return inputTooDeep(limits);
      if (Array.isArray(value)) {
        if (value.length > limits.maxInputListLength) return listTooLong(limits);
        for (const item of value) stack.push([item, depth + 1]);
      } else {
        for (const [key, item] of Object.entries(value)) {
          if (LONE_SURROGATE.test(key)) return notUnicode(name);
          stack.push([item, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

const notUnicode = (variable: string) =>
  violation('unicode', `variable $${variable} holds a string that is not valid Unicode (a lone UTF-16 surrogate)`, { variable });
