export { createPinotClient, type PinotClient, type PinotClientOptions } from './pinot-client';
export type * from './pinot-types';
