import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { loadExampleOperations } from '../../../src/server/playground';
import { projectRoot } from '../../../src/project-root';
import { buildAppSchema } from '../../../src/server/schema';

describe('loadExampleOperations', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pipegraph-examples-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (plane: string, text: string) => {
    mkdirSync(join(root, 'resolvers', plane), { recursive: true });
    writeFileSync(join(root, 'resolvers', plane, 'examples.graphql'), text);
  };

  it('returns no examples when there is no resolvers folder', () => {
    expect(loadExampleOperations(root)).toEqual([]);
  });

  it('splits each file into one example per operation, planes sorted, file order kept, comments attached', () => {
    write('topics', '# Topics examples (file header)\n\n# Lists topics.\nquery ListTopics { topics { name } }\n\nmutation CreateTopic { createTopic(name: "a") { name } }\n');
    write('analytics', 'query TopSymbols { topSymbols { symbol } }\n');
    write('common', '# no examples here yet\n');

    const examples = loadExampleOperations(root);

    expect(examples.map((example) => example.name)).toEqual(['TopSymbols', 'ListTopics', 'CreateTopic']);
    expect(examples[1]!.query).toBe('# Lists topics.\nquery ListTopics { topics { name } }\n');
    expect(examples[2]!.query).toBe('mutation CreateTopic { createTopic(name: "a") { name } }\n');
  });

  it('names anonymous operations after their plane (in the text too) and appends the fragments each operation spreads', () => {
    write('sinks', '{ a { ...A } }\nquery Named { b { ...B } }\nfragment A on T { x ...C }\nfragment B on T { y }\nfragment C on T { z }\nsubscription ($n: Int) { c(n: $n) }\n');

    const [anonymous, named, anonymousSubscription] = loadExampleOperations(root);

    expect(anonymous!.name).toBe('sinksExample1');
    expect(anonymous!.query).toBe('query sinksExample1 { a { ...A } }\n\nfragment A on T { x ...C }\n\nfragment C on T { z }\n');
    expect(named!.query).toBe('query Named { b { ...B } }\n\nfragment B on T { y }\n');
    expect(anonymousSubscription!.query).toBe('subscription sinksExample2 ($n: Int) { c(n: $n) }\n');
  });

  it('refuses a file that does not parse, naming it', () => {
    write('live', 'subscription Broken { events { ');
    expect(() => loadExampleOperations(root)).toThrow(/live[/\\]examples\.graphql do not parse/);
  });

  it('every example operation in resolvers/*/examples.graphql validates against the schema', async () => {
    const schema = await buildAppSchema();
    const problems = loadExampleOperations(projectRoot()).flatMap((example) =>
      validate(schema, parse(example.query)).map((error) => `${example.name}: ${error.message}`),
    );
    expect(problems).toEqual([]);
  });
});
