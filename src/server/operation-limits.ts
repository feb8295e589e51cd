import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
}

/**
 * Lists multiply their children's cost by the page size the caller asked for (`first`, `limit`, `last`), so a deep
 * query over large pages costs what it will really cost.
 */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = args.first ?? args.limit ?? args.last;
  return typeof size === 'number' && size > 0 ? 1 + childComplexity * size : undefined;
};

// Verdicts per parsed document (Apollo and graphql-ws reuse the DocumentNode of a repeated query) and per the
// non-string variables, which may carry page sizes; string variables (cursors, names) never change the cost.
const verdicts = new WeakMap<DocumentNode, Map<string, GraphQLError[]>>();
const MAX_VERDICTS_PER_DOCUMENT = 64;

/** Returns the limit violations of one operation as coded GraphQL errors (empty when it may run). */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): GraphQLError[] {
  const key = `${operationName ?? ''}|${limits.maxDepth}|${limits.maxCost}|${costVariables(variables)}`;
  let perDocument = verdicts.get(document);
  const cached = perDocument?.get(key);
  if (cached) return cached;
  const verdict = computeOperationLimits(schema, document, operationName, variables, limits);
  if (!perDocument) verdicts.set(document, (perDocument = new Map()));
  if (perDocument.size >= MAX_VERDICTS_PER_DOCUMENT) perDocument.clear();
  perDocument.set(key, verdict);
  return verdict;
}

function costVariables(variables: Record<string, unknown> | undefined): string {
  if (!variables) return '';
  let key = '';
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value !== 'string') key += `${name}=${JSON.stringify(value)};`;
  }
  return key;
}

function computeOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): GraphQLError[] {
  const operation = pickOperation(document, operationName);
  if (!operation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const depth = selectionDepth(operation.selectionSet, fragments, new Set());
  if (depth > limits.maxDepth) {
    return [limitError(`query depth ${depth} exceeds the maximum of ${limits.maxDepth}`, { limit: 'depth', depth, max: limits.maxDepth })];
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [fieldExtensionsEstimator(), pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    // Unresolvable variables and the like are reported by validation and execution with their own codes.
    return [];
  }
  if (cost > limits.maxCost) {
    return [limitError(`query cost ${cost} exceeds the maximum of ${limits.maxCost}`, { limit: 'cost', cost, max: limits.maxCost })];
  }
  return [];
}

function limitError(message: string, details: Record<string, unknown>): GraphQLError {
  // `http` sets Apollo's response status; the formatter strips it from the body.
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', retriable: false, details, http: { status: 400 } } });
}

function pickOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((op) => op.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function selectionDepth(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, visiting: Set<string>): number {
  let max = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection fields are bounded by the schema itself; GraphiQL's introspection query is deep by design.
      if (selection.name.value.startsWith('__')) continue;
      max = Math.max(max, 1 + (selection.selectionSet ? selectionDepth(selection.selectionSet, fragments, visiting) : 0));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, selectionDepth(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A fragment cycle is a validation error reported elsewhere; don't recurse forever here.
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      max = Math.max(max, selectionDepth(fragment.selectionSet, fragments, visiting));
      visiting.delete(name);
    }
  }
  return max;
}
