/**
 * Pinot's query error codes (QueryErrorCode) that the embedded broker produces. The numbers are the wire contract;
 * clients map them, so keep them exactly as Pinot sends them.
 */
export const PinotErrorCode = {
  JSON_PARSING: 100,
  SQL_PARSING: 150,
  TABLE_DOES_NOT_EXIST: 190,
  QUERY_EXECUTION: 200,
  EXECUTION_TIMEOUT: 250,
  BROKER_TIMEOUT: 400,
  BROKER_RESOURCE_MISSING: 410,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 450,
  QUERY_VALIDATION: 700,
  UNKNOWN_COLUMN: 710,
} as const;

export class PinotSqlError extends Error {
  constructor(readonly errorCode: number, message: string) {
    super(message);
  }
}
