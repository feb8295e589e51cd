import { badInput } from '../../errors/app-error';

/** Kafka's own limit: longer names break the partition directory names on disk. */
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/**
 * Kafka's topic-name rules, checked before any call: 1–249 characters from [a-zA-Z0-9._-], not "." or "..".
 * `forCreate` additionally refuses the "__" prefix Kafka reserves for internal topics.
 */
export function validateTopicName(name: string, field = 'name', { forCreate = false } = {}): string {
  if (typeof name !== 'string' || name.length === 0) throw badInput(field, `${field} must not be empty`);
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    throw badInput(field, `${field} is ${name.length} characters long; Kafka allows at most ${MAX_TOPIC_NAME_LENGTH}`);
  }
  if (name === '.' || name === '..') throw badInput(field, `${field} must not be "." or ".."`);
  if (!LEGAL.test(name)) {
    const bad = [...name].find((c) => !LEGAL.test(c));
    throw badInput(field, `${field} contains ${JSON.stringify(bad)}; topic names may only contain letters, digits, ".", "_" and "-"`);
  }
  if (forCreate && name.startsWith('__')) throw badInput(field, `${field} must not start with "__" (reserved for Kafka's internal topics)`);
  return name;
}

/** Kafka's internal topics (__consumer_offsets, __transaction_state…) by the reserved prefix. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/** Group ids are free-form in Kafka; we only refuse empty, oversized and control-character ids. */
export function validateGroupId(groupId: string, field = 'groupId'): string {
  if (typeof groupId !== 'string' || groupId.trim().length === 0) throw badInput(field, `${field} must not be empty`);
  if (groupId.length > 255) throw badInput(field, `${field} is longer than 255 characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(groupId)) throw badInput(field, `${field} contains control characters`);
  return groupId;
}
