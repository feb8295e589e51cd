/** Why a write failed for good, in a form that reads well as a task trace. */
export class JdbcWriteError extends Error {
  readonly javaClass = 'org.apache.kafka.connect.errors.ConnectException';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectException';
  }
}
