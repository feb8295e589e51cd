import * as protobuf from 'protobufjs';

/**
 * A registered .proto file compiled for reading and writing Confluent's Protobuf wire format: its references and the
 * Google well-known types it imports (google/protobuf/timestamp.proto, …) in one root, as the registry resolves them
 * without references, and its message types addressed by Confluent's message indexes (the path of the type among the
 * file's top-level messages, then nested ones, in declaration order). Shared by pipegraph's registry adapter, the
 * embedded registry and embedded Connect's ProtobufConverter.
 */
export interface ProtobufFile {
  root: protobuf.Root;
  /** The file's package ('' when none). */
  packageName: string;
  /** The file's own top-level messages in declaration order; the writer type is the first. */
  topLevel: protobuf.Type[];
  typeAt(indexes: readonly number[]): protobuf.Type;
}

const messagesIn = (ns: protobuf.NamespaceBase): protobuf.Type[] => ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);

export function compileProtobufFile(schema: string, references: readonly string[] = []): ProtobufFile {
  const root = new protobuf.Root();
  for (const ref of references) protobuf.parse(ref, root, { keepCase: true });
  const parsed = protobuf.parse(schema, root, { keepCase: true });
  for (const name of new Set([...(parsed.imports ?? []), ...(parsed.weakImports ?? [])])) {
    const known = protobuf.common.get(name);
    if (known?.nested) root.addJSON(known.nested);
  }
  root.resolveAll();
  // The file's own messages: parsed alone (so imports do not count), then looked up in the root that resolves them.
  const own = protobuf.parse(schema, new protobuf.Root(), { keepCase: true });
  const ownNs = own.package ? (own.root.lookup(own.package) as protobuf.Namespace) : own.root;
  const topLevel = messagesIn(ownNs).map((t) => root.lookupType(t.fullName));
  return {
    root,
    packageName: parsed.package ?? '',
    topLevel,
    typeAt(indexes) {
      let candidates = topLevel;
      let type: protobuf.Type | undefined;
      for (const index of indexes) {
        type = candidates[index];
        if (!type) throw new Error(`Invalid message indexes: ${indexes.join(',')}`);
        candidates = messagesIn(type);
      }
      if (!type) throw new Error('Invalid message indexes: none');
      return type;
    },
  };
}
