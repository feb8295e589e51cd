import type { AvroNode } from './arg-generator';

export interface Quickstart {
  /** value field used as the record key when schema.keyfield is empty */
  keyField: string;
  /** an Avro schema with arg.properties, run through the same generator as schema.string */
  schema: AvroNode;
}

/** A field whose type carries arg.properties, as the quickstart schema files write them. */
const generated = (name: string, type: string, props: Record<string, unknown>) => ({ name, type: { type, 'arg.properties': props } });
const oneOf = (name: string, options: unknown[], type = 'string') => generated(name, type, { options });
/** kafka-connect-datagen draws these from the regex `<prefix>_[1-9]`; options give the same nine values. */
const numbered = (prefix: string) => Array.from({ length: 9 }, (_, i) => `${prefix}_${i + 1}`);

/**
 * Three of kafka-connect-datagen's quickstarts with the real record's name, fields, types, value ranges and key field,
 * so a connector written against the embedded worker sees on a real worker the same records (the option values are
 * our own). Other quickstarts are refused; any custom shape goes through schema.string.
 */
export const QUICKSTARTS: Record<string, Quickstart> = {
  clickstream: {
    keyField: 'ip',
    schema: {
      namespace: 'clickstream',
      name: 'events',
      type: 'record',
      fields: [
        oneOf('ip', ['111.152.45.45', '111.203.236.146', '122.168.57.222', '122.249.79.233', '222.90.225.227', '222.245.174.248', '233.173.215.103', '233.145.28.144']),
        generated('userid', 'int', { range: { min: -1, max: 40 } }),
        oneOf('remote_user', ['-']),
        generated('time', 'string', { iteration: { start: 1, step: 10 } }),
        generated('_time', 'long', { iteration: { start: 1, step: 10 } }),
        oneOf('request', ['GET /index.html HTTP/1.1', 'GET /site/login.html HTTP/1.1', 'GET /site/user_status.html HTTP/1.1', 'GET /images/logo-small.png HTTP/1.1']),
        oneOf('status', ['200', '302', '404', '405', '406', '407']),
        oneOf('bytes', ['278', '1289', '2048', '4096', '14096']),
        oneOf('referrer', ['-']),
        oneOf('agent', ['Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)']),
      ],
    },
  },
  users: {
    keyField: 'userid',
    schema: {
      namespace: 'ksql',
      name: 'users',
      type: 'record',
      fields: [
        generated('registertime', 'long', { range: { min: 1487715775521, max: 1519273364600 } }),
        oneOf('userid', numbered('User')),
        oneOf('regionid', numbered('Region')),
        oneOf('gender', ['MALE', 'FEMALE', 'OTHER']),
      ],
    },
  },
  stock_trades: {
    keyField: 'symbol',
    schema: {
      namespace: 'ksql',
      name: 'StockTrade',
      type: 'record',
      fields: [
        oneOf('side', ['BUY', 'SELL']),
        generated('quantity', 'int', { range: { min: 1, max: 5000 } }),
        oneOf('symbol', ['ZBZX', 'ZJZZT', 'ZTEST', 'ZVV', 'ZVZZT', 'ZWZZT', 'ZXZZT']),
        generated('price', 'int', { range: { min: 5, max: 1000 } }),
        oneOf('account', ['ABC123', 'LMN456', 'XYZ789']),
        oneOf('userid', numbered('User')),
      ],
    },
  },
};
