import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

export interface ExampleOperation {
  name: string;
  query: string;
}

/**
 * Reads every `<root>/resolvers/<plane>/examples.graphql` and splits each into one example per operation, named after
 * the operation (an anonymous one is given the name `<plane>Example<n>`). Planes are sorted by name; within a plane the file's order is
 * kept, because authors order examples from simple to advanced. The comment lines directly above an operation stay
 * with it, and the fragments it spreads (transitively) are appended so each example runs on its own.
 * A missing resolvers/ folder gives []. A file that does not parse throws, naming the file — a broken example should
 * fail startup and the tests, not show up as a broken tab.
 */
export function loadExampleOperations(root: string): ExampleOperation[] {
  const resolversDir = join(root, 'resolvers');
  if (!existsSync(resolversDir)) return [];
  const planes = readdirSync(resolversDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const examples: ExampleOperation[] = [];
  for (const plane of planes) {
    const file = join(resolversDir, plane, 'examples.graphql');
    if (existsSync(file)) examples.push(...splitOperations(readFileSync(file, 'utf8'), plane, file));
  }
  return examples;
}

/** One example per operation of `source`; exported for tests. */
export function splitOperations(source: string, plane: string, file = `${plane}/examples.graphql`): ExampleOperation[] {
  // An empty or comments-only file (a plane with no examples yet) is not a syntax error here.
  if (source.replace(/#.*$/gm, '').trim() === '') return [];
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    throw new Error(`example operations in ${file} do not parse: ${(error as Error).message}`);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const examples: ExampleOperation[] = [];
  let previousEnd = 0;
  let anonymous = 0;
  for (const definition of document.definitions) {
    const start = definition.loc!.start;
    const end = definition.loc!.end;
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      const name = definition.name?.value ?? `${plane}Example${++anonymous}`;
      const leading = leadingComment(source.slice(previousEnd, start));
      const text = definition.name ? source.slice(start, end) : withName(source.slice(start, end), definition.operation, name);
      const used = fragmentsUsedBy(definition, fragments).map((fragment) => slice(source, fragment));
      examples.push({ name, query: [leading + text, ...used].join('\n\n') + '\n' });
    }
    previousEnd = end;
  }
  return examples;
}

/** Names an anonymous operation, so its GraphiQL tab carries the same title as the example. */
function withName(text: string, operation: string, name: string): string {
  return text.startsWith('{') ? `${operation} ${name} ${text}` : text.replace(/^(query|mutation|subscription)\b/, `$1 ${name}`);
}

/** The block of `#` lines that touches the definition (a blank line ends it), so file headers are not repeated. */
function leadingComment(between: string): string {
  const lines = between.replace(/\s+$/, '').split('\n');
  const comment: string[] = [];
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i]!.trim();
    if (!line.startsWith('#')) break;
    comment.unshift(line);
  }
  return comment.length > 0 ? `${comment.join('\n')}\n` : '';
}

function fragmentsUsedBy(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const candidate = node as { kind?: string; name?: { value: string } };
    if (candidate.kind === Kind.FRAGMENT_SPREAD && candidate.name && !found.has(candidate.name.value)) {
      const fragment = fragments.get(candidate.name.value);
      if (fragment) {
        found.set(fragment.name.value, fragment);
        visit(fragment.selectionSet);
      }
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
  };
  visit(operation.selectionSet);
  return [...found.values()];
}

function slice(source: string, definition: DefinitionNode): string {
  return source.slice(definition.loc!.start, definition.loc!.end);
}
