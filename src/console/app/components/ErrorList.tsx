import type { ApiError } from '../api/api-error';

/** Every API error with its public code and whether retrying can help, as the API reported them. */
export function ErrorList({ errors }: { errors: ApiError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="errors" role="alert">
      {errors.map((error, index) => (
        <li key={index} data-code={error.code}>
          <span className="code">{error.code}</span>
          <span className={error.retriable ? 'retriable yes' : 'retriable no'}>{error.retriable ? 'retriable' : 'not retriable'}</span>
          <span className="message">
            {error.path ? `${error.path}: ` : ''}
            {error.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
