import { datagenPlugin } from './datagen/datagen-connector';
import { fileStreamSinkPlugin, fileStreamSourcePlugin } from './file/file-stream';
import { jdbcSinkPlugin } from './jdbc-sink';
import type { ConnectorPlugin } from './plugin';

export const BUILTIN_PLUGINS: ConnectorPlugin[] = [jdbcSinkPlugin, datagenPlugin, fileStreamSourcePlugin, fileStreamSinkPlugin];
