import { readMessageIndexes as readIndexes, readWireHeader, writeWireHeader } from '../../../../shared/confluent-wire-format';
import { serializationException } from './errors';

export { writeMessageIndexes } from '../../../../shared/confluent-wire-format';

/** The schema id and payload of a framed record; anything not starting with the magic byte is refused as the deserializers do. */
export function readFrame(bytes: Buffer): { schemaId: number; payload: Buffer } {
  const frame = readWireHeader(bytes);
  if (!frame) throw serializationException('Unknown magic byte!');
  return frame;
}

export const writeFrame = writeWireHeader;

/** The Protobuf message indexes (the path of the message type in the .proto) and the message after them, as Confluent's SerializationException when malformed. */
export function readMessageIndexes(payload: Buffer): { indexes: number[]; message: Buffer } {
  try {
    return readIndexes(payload);
  } catch (error) {
    throw serializationException((error as Error).message);
  }
}
