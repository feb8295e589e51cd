export { createS3Adapter, type S3ClientOptions } from './s3-client';
