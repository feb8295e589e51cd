export { REDACTED, isSecretKey, redactSecrets, redactUrlCredentials, scrubText, secretValuesOf } from './redact';
