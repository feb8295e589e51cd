import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { callsBackend } from '../../resolvers/common/backend-call';
import { checkDocumentShape, checkVariableValues, type DocumentLimits, type LimitViolation } from './document-limits';

export interface OperationLimits extends DocumentLimits {
  maxCost: number;
  /** Added to the cost of every root field and every field marked BACKEND_CALL, per occurrence (each alias). */
  costPerBackendCall: number;
}

/**
 * Lists multiply their children's cost by the page size the caller asked for (`first`, `limit`, `last`), so a deep
 * query over large pages costs what it will really cost.
 */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = args.first ?? args.limit ?? args.last;
  return typeof size === 'number' && size > 0 ? 1 + childComplexity * size : undefined;
};

const baseEstimators = [fieldExtensionsEstimator(), pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** The first base estimate, plus the backend-call cost for fields that call a backend: paginated or not, per alias. */
function backendCallEstimator(schema: GraphQLSchema, costPerBackendCall: number): ComplexityEstimator {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  return (args) => {
    let cost = 1;
    for (const estimator of baseEstimators) {
      const estimate = estimator(args);
      if (typeof estimate === 'number' && !Number.isNaN(estimate)) {
        cost = estimate;
        break;
      }
    }
    return roots.has(args.type as never) || callsBackend(args.field.extensions) ? cost + costPerBackendCall : cost;
  };
}

// Verdicts per parsed document (Apollo and graphql-ws reuse the DocumentNode of a repeated query) and per the
// non-string variables, which may carry page sizes; string variables (cursors, names) never change the cost.
const verdicts = new WeakMap<DocumentNode, Map<string, GraphQLError[]>>();
const MAX_VERDICTS_PER_DOCUMENT = 64;

/**
 * Returns the limit violations of one operation as coded GraphQL errors (empty when it may run): the variables' shape
 * first (before anything coerces them), then the document's shape, then the cost.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): GraphQLError[] {
  const inputs = checkVariableValues(variables, limits);
  if (inputs) return [limitError(inputs)];
  const key = `${operationName ?? ''}|${limits.maxCost}|${limits.costPerBackendCall}|${costVariables(variables)}`;
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
  const shape = checkDocumentShape(document, limits);
  if (shape) return [limitError(shape)];
  if (!pickOperation(document, operationName)) return [];
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [backendCallEstimator(schema, limits.costPerBackendCall)],
    });
  } catch {
    // Unresolvable variables and the like are reported by validation and execution with their own codes.
    return [];
  }
  if (cost > limits.maxCost) {
    return [limitError({ message: `query cost ${cost} exceeds the maximum of ${limits.maxCost}`, details: { limit: 'cost', cost, max: limits.maxCost } })];
  }
  return [];
}

export function limitError({ message, details }: LimitViolation): GraphQLError {
  // `http` sets Apollo's response status; the formatter strips it from the body.
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', retriable: false, details, http: { status: 400 } } });
}

function pickOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((op) => op.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}
