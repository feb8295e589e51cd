/** An error the REST layer answers as `{error_code, message}` with this HTTP status (Connect's ConnectRestException). */
export class ConnectRestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectRestError';
  }
}

export const notFound = (message: string) => new ConnectRestError(404, message);
export const badRequest = (message: string) => new ConnectRestError(400, message);
export const conflict = (message: string) => new ConnectRestError(409, message);
