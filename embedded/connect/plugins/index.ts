import { datagenPlugin } from './datagen/datagen-connector';
import { fileStreamSinkPlugin, fileStreamSourcePlugin } from './file/file-stream';
import { jdbcSinkPlugin } from './jdbc-sink';
import type { ConnectorPlugin } from './plugin';
import { s3SinkPlugin } from './s3-sink';

export const BUILTIN_PLUGINS: ConnectorPlugin[] = [jdbcSinkPlugin, datagenPlugin, fileStreamSourcePlugin, fileStreamSinkPlugin, s3SinkPlugin];
