import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema, printSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

const MAX_COMPILED_PER_DOCUMENT = 8;

/**
 * graphql-jit reports errors with its own class, which has no `extensions` (Apollo's error normalizer needs them).
 * Rebuild each as a graphql-js GraphQLError with the same message, path, locations and cause. An error with neither
 * path nor cause was raised before execution: a request error, answered with HTTP 400 as Apollo does for graphql-js.
 */
function toGraphQLError(error: { message: string; path?: ReadonlyArray<string | number>; locations?: unknown; originalError?: unknown; extensions?: Record<string, unknown> }): GraphQLError {
  const requestError = error.path === undefined && error.originalError === undefined;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError instanceof Error ? error.originalError : undefined,
    extensions: requestError ? { ...error.extensions, code: 'BAD_USER_INPUT', http: { status: 400 } } : error.extensions,
  });
  (converted as { locations?: unknown }).locations = error.locations;
  return converted;
}

/**
 * Executes queries and mutations with graphql-jit: each parsed document (Apollo reuses the DocumentNode of a repeated
 * query) is compiled once into a function that resolves and serializes the selection without graphql-js's per-field
 * interpretation — most of the cost of a large page. Plugged into Apollo through its gateway interface, the documented
 * way to supply an executor; parsing, validation, plugins and error formatting stay Apollo's.
 * Subscriptions do not pass through here (graphql-ws serves them).
 */
export function compiledExecutor(schema: GraphQLSchema): GatewayInterface {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();

  const compile = (document: DocumentNode, operationName: string | null): CompiledQuery | ExecutionResult => {
    const key = operationName ?? '';
    let perDocument = compiled.get(document);
    const hit = perDocument?.get(key);
    if (hit) return hit;
    const result = compileQuery(schema, document, operationName ?? undefined);
    if (!isCompiledQuery(result)) return result;
    if (!perDocument) compiled.set(document, (perDocument = new Map()));
    if (perDocument.size >= MAX_COMPILED_PER_DOCUMENT) perDocument.clear();
    perDocument.set(key, result);
    return result;
  };

  const executor: GatewayExecutor = async ({ document, operation, operationName, request, context }) => {
    // graphql-js coerces variables first: its errors name the offending path ("at where.userId._eq"), and Apollo
    // answers them with 400. The compiled query then coerces the same raw values itself.
    const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coercion.errors) return { errors: coercion.errors };
    const query = compile(document, operationName);
    const result = isCompiledQuery(query) ? await query.query(undefined, context, request.variables ?? {}) : query;
    return result.errors ? { ...result, errors: result.errors.map(toGraphQLError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}
