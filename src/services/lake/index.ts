export * from './lake-service';
export type * from './lake-port';
export type * from './file-health';
