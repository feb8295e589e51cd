import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLOutputType } from 'graphql';

/** A GraphQL Name: what an object literal's keys must be (JSON keys like "connector.class" are not). */
export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * A selection set for a result type, built from the schema: every leaf field, and objects `levels` deep. Fields that
 * need arguments, and those named in `skip`, are left out. Leaf types select nothing ('').
 */
export function selectionFor(type: GraphQLOutputType, levels: number, skip: ReadonlySet<string> = new Set()): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const parts = Object.values(named.getFields())
    .filter((field: GraphQLField<unknown, unknown>) => !skip.has(field.name) && !field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined))
    .flatMap((field) => (isLeafType(getNamedType(field.type)) ? [field.name] : levels > 0 ? [`${field.name} ${selectionFor(field.type, levels - 1, skip)}`] : []));
  return `{ ${parts.length > 0 ? parts.join(' ') : '__typename'} }`;
}
