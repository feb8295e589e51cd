import { AppError } from '../../src/errors/app-error';

/** The AppError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function appFailure(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error('expected a failure');
  expect(outcome.error).toBeInstanceOf(AppError);
  return outcome.error as AppError;
}
