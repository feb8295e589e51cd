import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { AppError } from '../errors/app-error';
import { checkDocumentSource } from './document-limits';
import { checkOperationLimits, limitError, type OperationLimits } from './operation-limits';

/** The request of an operation sent over a streaming transport (graphql-ws `subscribe` payload, SSE request). */
export interface StreamedRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** A parsed, valid operation within the limits, ready to execute or subscribe. */
export interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** graphql-js's rules, without introspection when it is turned off (INTROSPECTION=false). */
export function validationRules(introspection: boolean): readonly ValidationRule[] {
  return introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
}

/**
 * The checks every streamed operation passes before it runs, whatever its transport (graphql-ws, SSE): its text is
 * within the document limits before it is parsed (a 10,000-deep list would overflow the parser), it parses, it
 * validates, its operation can be picked, and it is within the depth and cost limits. Refusals are coded errors.
 */
export function prepareStreamedOperation(
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  request: StreamedRequest,
  limits: OperationLimits,
): PreparedOperation | readonly GraphQLError[] {
  const hostile = checkDocumentSource(request.query, limits);
  if (hostile) return [limitError(hostile)];
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return [error as GraphQLError];
  }
  const validationErrors = validate(schema, document, rules);
  if (validationErrors.length > 0) return validationErrors;
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) return [operationSelectionError(document, request.operationName)];
  const limitErrors = checkOperationLimits(schema, document, request.operationName, request.variables ?? undefined, limits);
  if (limitErrors.length > 0) return limitErrors;
  return { document, operation };
}

/** BAD_USER_INPUT for a document whose operation cannot be picked, in graphql-js's words (the same on every path). */
export function operationSelectionError(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  const message = operationName
    ? `Unknown operation named "${operationName}".`
    : operations === 0
      ? 'Must provide an operation.'
      : 'Must provide operation name if query contains multiple operations.';
  return requestError(new AppError('BAD_USER_INPUT', message, { details: { field: 'operationName' } }));
}

/** A coded error raised before execution: HTTP answers it with 400 (`http` is read by Apollo, stripped by the formatter). */
export function requestError(error: AppError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
}

export function isRefusal(prepared: PreparedOperation | readonly GraphQLError[]): prepared is readonly GraphQLError[] {
  return Array.isArray(prepared);
}

/** What the transport executes or subscribes: the prepared document with the request's operation name and variables. */
export function executionArgs(schema: GraphQLSchema, prepared: PreparedOperation, request: StreamedRequest, contextValue: unknown): ExecutionArgs {
  return {
    schema,
    document: prepared.document,
    operationName: request.operationName,
    variableValues: request.variables,
    contextValue,
  };
}
