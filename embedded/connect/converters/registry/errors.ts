/**
 * The Java exceptions Confluent's serdes and converters throw, by class name, so task traces and dead-letter headers
 * read as a real worker's do. `retriable` marks the ones Connect treats as RetriableException.
 */
export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
    options?: { cause?: unknown; retriable?: boolean },
  ) {
    super(message, options);
    this.name = javaClass.slice(javaClass.lastIndexOf('.') + 1);
    if (options?.retriable) this.retriable = true;
  }
  retriable = false;
}

export const serializationException = (message: string, cause?: unknown) =>
  new JavaException('org.apache.kafka.common.errors.SerializationException', message, { cause });

export const configException = (message: string) => new JavaException('org.apache.kafka.common.config.ConfigException', message);

/** A registry answer other than 2xx (Confluent's RestClientException). */
export class RestClientException extends JavaException {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super('io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException', `${message}; error code: ${errorCode}`);
  }
}

/** The registry could not be reached at all (connection refused, reset, timed out). */
export class RegistryConnectionError extends JavaException {
  constructor(message: string, cause?: unknown) {
    super('java.net.ConnectException', message, { cause });
  }
}
