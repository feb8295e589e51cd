import { AppError } from '../../../src/errors/app-error';
import { checkConnectorName } from '../../../src/services/connectors/config-input';
import { traceOf } from '../../../embedded/connect/runtime/task-runner';

describe('connector names', () => {
  it.each(['', ' ', '.', '..', 'a/b', 'x\u0000'])('refuses %j with BAD_USER_INPUT naming the field (it could not be addressed over REST)', (name) => {
    let thrown: unknown;
    try {
      checkConnectorName(name);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'name' } });
  });

  it('accepts ordinary names, dots inside included', () => {
    expect(() => checkConnectorName('demo.clickstream-sink_1')).not.toThrow();
  });
});

describe('embedded Connect traces', () => {
  it('read like a JVM trace: the exception class and message, frames with file base names, never the install path', () => {
    const error = Object.assign(new Error('boom'), { javaClass: 'org.apache.kafka.connect.errors.DataException' });
    const trace = traceOf(error);
    expect(trace.split('\n')[0]).toBe('org.apache.kafka.connect.errors.DataException: boom');
    expect(trace).not.toContain(process.cwd());
    expect(trace).not.toMatch(/node_modules|\/work\//);
    expect(trace).toMatch(/\tat .*\(connector-name\.test\.ts:\d+\)/);
  });
});
