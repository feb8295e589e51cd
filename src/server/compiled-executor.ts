import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  getNamedType,
  GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  printSchema,
  typeFromAST,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { jitCannotCoerce } from './jit-variable-types';

const MAX_PLANS_PER_DOCUMENT = 8;

/** The document runs on graphql-js: graphql-jit cannot compile it into something proven equal (see planFor). */
const INTERPRET = Symbol('graphql-js');
type Plan = CompiledQuery | typeof INTERPRET;

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

/** A variable whose type graphql-jit cannot coerce as graphql-js does: the document is interpreted. */
function hasJitUnsafeVariable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).some((definition) => {
    const type = typeFromAST(schema, definition.type);
    return type !== undefined && jitCannotCoerce(schema, getNamedType(type).name);
  });
}

/**
 * Executes queries and mutations with graphql-jit: each parsed document (Apollo reuses the DocumentNode of a repeated
 * query) is compiled once into a function that resolves and serializes the selection without graphql-js's per-field
 * interpretation — most of the cost of a large page. Plugged into Apollo through its gateway interface, the documented
 * way to supply an executor; parsing, validation, plugins and error formatting stay Apollo's.
 *
 * Correctness before speed: whether a document runs compiled or on graphql-js is decided once, when it is first
 * planned. It runs on graphql-js when graphql-jit cannot compile it (e.g. a Long literal, which it cannot embed in the
 * generated code) or when a variable's type is one graphql-jit coerces differently (see jit-variable-types.ts);
 * test/differential proves the result equal to graphql-js.
 * Subscriptions do not pass through here (graphql-ws serves them).
 */
export function compiledExecutor(schema: GraphQLSchema): GatewayInterface {
  const plans = new WeakMap<DocumentNode, Map<string, Plan>>();

  const planFor = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null): Plan => {
    const key = operationName ?? '';
    let perDocument = plans.get(document);
    const hit = perDocument?.get(key);
    if (hit) return hit;
    let plan: Plan = INTERPRET;
    if (!hasJitUnsafeVariable(schema, operation)) {
      try {
        const compiled = compileQuery(schema, document, operationName ?? undefined);
        if (isCompiledQuery(compiled)) plan = compiled;
      } catch {
        // Left to graphql-js, which reports whatever is wrong with the document in its own words.
      }
    }
    if (!perDocument) plans.set(document, (perDocument = new Map()));
    if (perDocument.size >= MAX_PLANS_PER_DOCUMENT) perDocument.clear();
    perDocument.set(key, plan);
    return plan;
  };

  const executor: GatewayExecutor = async ({ document, operation, operationName, request, context }) => {
    const interpret = () =>
      execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName }) as Promise<ExecutionResult>;
    // No operation: none named so, or several and no name. graphql-js words the error; Apollo answers it with 400.
    if (!operation) return interpret();
    const plan = planFor(document, operation, operationName);
    if (plan === INTERPRET) return interpret();
    // graphql-js coerces variables first: its errors name the offending path ("at where.userId._eq"), and Apollo
    // answers them with 400. The compiled query then coerces the same raw values itself.
    const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coercion.errors) return { errors: coercion.errors };
    const result = await plan.query(undefined, context, request.variables ?? {});
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
