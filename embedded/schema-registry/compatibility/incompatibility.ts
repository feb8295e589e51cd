/** One reason two schemas are incompatible, in the shape the registry prints in its 409 message. */
export interface Incompatibility {
  errorType: string;
  description: string;
  additionalInfo?: string;
}

export function formatIncompatibility(i: Incompatibility): string {
  const info = i.additionalInfo === undefined ? '' : `, additionalInfo:'${i.additionalInfo}'`;
  return `{errorType:'${i.errorType}', description:'${i.description}'${info}}`;
}
