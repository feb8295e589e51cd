import { getNamedType, isInputObjectType, isNonNullType, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';

const cache = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

/**
 * Names of the input object types that can contain themselves (AnalyticsFilterInput's and/or/not), directly or
 * through other inputs. Computed once per schema.
 */
export function recursiveInputTypes(schema: GraphQLSchema): ReadonlySet<string> {
  let names = cache.get(schema);
  if (names) return names;
  const inputs = Object.values(schema.getTypeMap()).filter(isInputObjectType);
  const children = (type: GraphQLInputObjectType) =>
    Object.values(type.getFields())
      .map((field) => getNamedType(field.type))
      .filter(isInputObjectType);
  const recursive = new Set<string>();
  for (const start of inputs) {
    // Iterative search from each input: does any path lead back to it?
    const seen = new Set<string>();
    const stack = children(start);
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next.name === start.name) {
        recursive.add(start.name);
        break;
      }
      if (seen.has(next.name)) continue;
      seen.add(next.name);
      stack.push(...children(next));
    }
  }
  names = recursive;
  cache.set(schema, names);
  return names;
}

/**
 * True when graphql-jit's variable coercer would not match graphql-js for a variable of this input type: the type
 * reaches a recursive input (its coercer unrolls without end) or a non-null input field with a default (it demands the
 * field instead of applying the default; found by test/differential).
 */
export function jitCannotCoerce(schema: GraphQLSchema, typeName: string): boolean {
  const recursive = recursiveInputTypes(schema);
  const seen = new Set<string>();
  const stack = [typeName];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (recursive.has(name)) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    const type = schema.getType(name);
    if (!isInputObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue !== undefined) return true;
      const inner = getNamedType(field.type);
      if (isInputObjectType(inner)) stack.push(inner.name);
    }
  }
  return false;
}
