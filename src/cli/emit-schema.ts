import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';
import { buildAppSchema, printAppSchema } from '../server/schema';

/** `npm run schema:emit`: writes schema/schema.graphql from the resolvers; a test fails when the file drifts. */
buildAppSchema()
  .then((schema) => {
    const file = join(projectRoot(), 'schema', 'schema.graphql');
    writeFileSync(file, printAppSchema(schema));
    process.stdout.write(`wrote ${file}\n`);
  })
  .catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
