import type { Reader } from '../reader';
import type { Writer } from '../writer';

export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

/** DescribeConfigs config_source values (v1+). */
export const ConfigSource = { DYNAMIC_TOPIC_CONFIG: 1, DYNAMIC_BROKER_CONFIG: 2, DYNAMIC_DEFAULT_BROKER_CONFIG: 3, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;

export interface DescribeConfigsRequest {
  resources: Array<{ resourceType: number; resourceName: string; configurationKeys: string[] | null }>;
  includeSynonyms: boolean;
}

/** DescribeConfigs v0-2. */
export function decodeDescribeConfigsRequest(reader: Reader, version: number): DescribeConfigsRequest {
  const resources = reader.array((r) => ({ resourceType: r.int8(), resourceName: r.string(), configurationKeys: r.nullableArray((kr) => kr.string()) }));
  const includeSynonyms = version >= 1 ? reader.bool() : false;
  return { resources, includeSynonyms };
}

export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
  isSensitive: boolean;
  /** Where the value comes from, most specific first (DescribeConfigs v1+ with include_synonyms). */
  synonyms: Array<{ name: string; value: string | null; source: number }>;
}

export interface DescribedResource {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribedConfig[];
}

export function encodeDescribeConfigsResponse(writer: Writer, version: number, resources: DescribedResource[], includeSynonyms: boolean): void {
  writer.int32(0);
  writer.array(resources, (w, resource) => {
    w.int16(resource.errorCode).nullableString(resource.errorMessage).int8(resource.resourceType).string(resource.resourceName);
    w.array(resource.configs, (cw, config) => {
      cw.string(config.name).nullableString(config.value).bool(config.readOnly);
      if (version === 0) cw.bool(config.source === ConfigSource.DEFAULT_CONFIG);
      else cw.int8(config.source);
      cw.bool(config.isSensitive);
      if (version >= 1) {
        cw.array(includeSynonyms ? config.synonyms : [], (sw, synonym) => sw.string(synonym.name).nullableString(synonym.value).int8(synonym.source));
      }
    });
  });
}

export interface AlterConfigsRequest {
  resources: Array<{ resourceType: number; resourceName: string; configs: Array<{ name: string; value: string | null }> }>;
  validateOnly: boolean;
}

/** AlterConfigs v0-1. */
export function decodeAlterConfigsRequest(reader: Reader): AlterConfigsRequest {
  const resources = reader.array((r) => ({
    resourceType: r.int8(),
    resourceName: r.string(),
    configs: r.array((cr) => ({ name: cr.string(), value: cr.nullableString() })),
  }));
  return { resources, validateOnly: reader.bool() };
}

export function encodeAlterConfigsResponse(
  writer: Writer,
  resources: Array<{ errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }>,
): void {
  writer.int32(0);
  writer.array(resources, (w, resource) => w.int16(resource.errorCode).nullableString(resource.errorMessage).int8(resource.resourceType).string(resource.resourceName));
}
