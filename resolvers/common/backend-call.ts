/**
 * Marks a non-root field whose resolver calls a backend once per parent object (not batched through a loader), so
 * the query cost counts each occurrence (QUERY_COST_PER_BACKEND_CALL). Root fields always count. Use as
 * `@Extensions(BACKEND_CALL)` next to the @FieldResolver.
 */
export const BACKEND_CALL = { backendCall: true } as const;

export function callsBackend(extensions: Readonly<Record<string, unknown>> | null | undefined): boolean {
  return extensions?.backendCall === true;
}
