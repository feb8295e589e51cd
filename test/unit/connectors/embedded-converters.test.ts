import { createJsonConverter } from '../../../embedded/connect/converters/json-converter';
import { createStringConverter } from '../../../embedded/connect/converters/string-converter';
import { decimalFromBytes, decimalToBytes } from '../../../embedded/connect/data/decimal';
import { LOGICAL } from '../../../embedded/connect/data/schema';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('JsonConverter with schemas.enable=true', () => {
  const converter = createJsonConverter({});

  test('reads a struct envelope with logical types into Connect data', () => {
    const schema = {
      type: 'struct',
      optional: false,
      fields: [
        { field: 'id', type: 'int64', optional: false },
        { field: 'at', type: 'int64', optional: false, name: LOGICAL.timestamp },
        { field: 'price', type: 'bytes', optional: true, name: LOGICAL.decimal, parameters: { scale: '2' } },
        { field: 'tags', type: 'array', optional: true, items: { type: 'string', optional: false } },
      ],
    };
    const { schema: parsed, value } = converter.toConnectData('t', bytes({ schema, payload: { id: 7, at: 0, price: decimalToBytes('12.34', 2).toString('base64'), tags: ['a'] } }));
    expect(parsed?.fields?.map((f) => f.field)).toEqual(['id', 'at', 'price', 'tags']);
    expect(value).toEqual({ id: 7, at: new Date(0), price: '12.34', tags: ['a'] });
  });

  test('refuses plain JSON with the message pointing at schemas.enable=false', () => {
    expect(() => converter.toConnectData('t', bytes({ id: 1 }))).toThrow(/requires "schema" and "payload" fields .* set schemas.enable=false/);
  });

  test('refuses a payload that does not match its schema', () => {
    const schema = { type: 'struct', fields: [{ field: 'id', type: 'int32', optional: false }] };
    expect(() => converter.toConnectData('t', bytes({ schema, payload: { id: 'x' } }))).toThrow(/Invalid JSON for int32 field "id"/);
    expect(() => converter.toConnectData('t', bytes({ schema, payload: {} }))).toThrow(/Invalid null value for required INT32 field "id"/);
  });

  test('reports malformed bytes as a DataException from the converter', () => {
    expect(() => converter.toConnectData('t', Buffer.from('{oops'))).toThrow(/Converting byte\[\] to Kafka Connect data failed due to serialization error/);
  });

  test('writes Connect data back as the same envelope (round trip)', () => {
    const schema = { type: 'struct' as const, optional: false, fields: [{ field: 'at', type: 'int64' as const, optional: false, name: LOGICAL.timestamp }] };
    const written = converter.fromConnectData('t', schema, { at: new Date(5) })!;
    expect(JSON.parse(written.toString())).toEqual({ schema: { type: 'struct', optional: false, fields: [{ type: 'int64', optional: false, name: LOGICAL.timestamp, field: 'at' }] }, payload: { at: 5 } });
    expect(converter.toConnectData('t', written).value).toEqual({ at: new Date(5) });
  });

  test('passes tombstones through as null', () => {
    expect(converter.toConnectData('t', null)).toEqual({ schema: null, value: null });
    expect(converter.fromConnectData('t', null, null)).toBeNull();
  });
});

describe('JsonConverter with schemas.enable=false and StringConverter', () => {
  test('reads plain JSON without a schema', () => {
    expect(createJsonConverter({ 'schemas.enable': 'false' }).toConnectData('t', bytes({ a: 1 }))).toEqual({ schema: null, value: { a: 1 } });
  });

  test('StringConverter reads and writes UTF-8 text', () => {
    const converter = createStringConverter({});
    expect(converter.toConnectData('t', Buffer.from('héllo')).value).toBe('héllo');
    expect(converter.fromConnectData('t', null, 42)!.toString()).toBe('42');
  });
});

test('Decimal bytes round-trip through two\'s complement, negative values included', () => {
  for (const value of ['0.00', '12.34', '-12.34', '99999999.99', '-0.01']) {
    expect(decimalFromBytes(decimalToBytes(value, 2), 2)).toBe(value === '-0.01' ? '-0.01' : value);
  }
});
