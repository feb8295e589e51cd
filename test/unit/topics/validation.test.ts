import { checkKeysAgainstBroker, kafkaVersionAtLeast, needsBrokerVersion, validateConfigEntries } from '../../../src/services/topics/topic-config-keys';
import { validateGroupId, validateTopicName } from '../../../src/services/topics/topic-name';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code: string; details: { field: string } }).details.field + ':' + (error as { code: string }).code;
  }
  return 'ok';
};

describe('topic names', () => {
  it.each(['orders', 'a.b-c_d', 'x'.repeat(249), '_single'])('accepts %s', (name) => expect(validateTopicName(name)).toBe(name));

  it.each([['a/b'], ['a b'], ['.'], ['..'], [''], ['x'.repeat(250)], ['ümlaut']])('rejects "%s" with BAD_USER_INPUT', (name) => {
    expect(fieldOf(() => validateTopicName(name))).toBe('name:BAD_USER_INPUT');
  });

  it('rejects a topic name with a slash with BAD_USER_INPUT naming the character', () => {
    expect(() => validateTopicName('a/b')).toThrow(/contains "\/"/);
  });

  it('reserves the "__" prefix for creation only', () => {
    expect(validateTopicName('__consumer_offsets')).toBe('__consumer_offsets');
    expect(fieldOf(() => validateTopicName('__mine', 'name', { forCreate: true }))).toBe('name:BAD_USER_INPUT');
  });

  it('rejects empty and control-character group ids', () => {
    expect(fieldOf(() => validateGroupId(''))).toBe('groupId:BAD_USER_INPUT');
    expect(fieldOf(() => validateGroupId('a\nb'))).toBe('groupId:BAD_USER_INPUT');
  });
});

describe('topic configs', () => {
  it('accepts known keys with well-typed values and trims them', () => {
    expect(
      validateConfigEntries([
        { name: 'retention.ms', value: ' -1 ' },
        { name: 'cleanup.policy', value: 'compact,delete' },
        { name: 'min.cleanable.dirty.ratio', value: '0.5' },
        { name: 'preallocate', value: 'true' },
        { name: 'message.timestamp.type', value: 'LogAppendTime' },
      ]),
    ).toEqual([
      { name: 'retention.ms', value: '-1' },
      { name: 'cleanup.policy', value: 'compact,delete' },
      { name: 'min.cleanable.dirty.ratio', value: '0.5' },
      { name: 'preallocate', value: 'true' },
      { name: 'message.timestamp.type', value: 'LogAppendTime' },
    ]);
  });

  it.each([
    [{ name: 'retention', value: '1' }, 'configs[0].name'],
    [{ name: 'retention.ms', value: '1.5' }, 'configs[0].value'],
    [{ name: 'retention.ms', value: '-2' }, 'configs[0].value'],
    [{ name: 'segment.bytes', value: '2147483648' }, 'configs[0].value'],
    [{ name: 'min.cleanable.dirty.ratio', value: '2' }, 'configs[0].value'],
    [{ name: 'preallocate', value: 'yes' }, 'configs[0].value'],
    [{ name: 'compression.type', value: 'brotli' }, 'configs[0].value'],
    [{ name: 'retention.ms', value: null }, 'configs[0].value'],
  ])('rejects %j naming %s', (entry, field) => {
    expect(fieldOf(() => validateConfigEntries([entry]))).toBe(`${field}:BAD_USER_INPUT`);
  });

  it('rejects a key given twice and allows null only for updates', () => {
    expect(fieldOf(() => validateConfigEntries([{ name: 'retention.ms', value: '1' }, { name: 'retention.ms', value: '2' }]))).toBe(
      'configs[1].name:BAD_USER_INPUT',
    );
    expect(validateConfigEntries([{ name: 'retention.ms', value: null }], 'configs', { allowNull: true })).toEqual([{ name: 'retention.ms', value: null }]);
  });
});

describe('topic config keys against the broker release', () => {
  const tiered = [{ name: 'retention.ms', value: '1000' }, { name: 'local.retention.ms', value: '500' }];

  it('compares releases numerically', () => {
    expect(kafkaVersionAtLeast('3.10', '3.9')).toBe(true);
    expect(kafkaVersionAtLeast('2.4', '3.0')).toBe(false);
    expect(kafkaVersionAtLeast('3.6', '3.6')).toBe(true);
  });

  it('looks the release up only when a newer-than-2.4 key is set', () => {
    expect(needsBrokerVersion([{ name: 'retention.ms', value: '1' }])).toBe(false);
    expect(needsBrokerVersion([{ name: 'local.retention.ms', value: null }])).toBe(false);
    expect(needsBrokerVersion(tiered)).toBe(true);
  });

  it('refuses a key newer than the broker with BAD_USER_INPUT naming the entry, and lets it through on newer or unknown releases', () => {
    expect(fieldOf(() => checkKeysAgainstBroker(tiered, '2.8'))).toBe('configs[1].name:BAD_USER_INPUT');
    expect(fieldOf(() => checkKeysAgainstBroker([{ name: 'message.timestamp.after.max.ms', value: '1' }], '3.5'))).toBe('configs[0].name:BAD_USER_INPUT');
    expect(fieldOf(() => checkKeysAgainstBroker(tiered, '3.0'))).toBe('ok');
    expect(fieldOf(() => checkKeysAgainstBroker(tiered, null))).toBe('ok');
    expect(fieldOf(() => checkKeysAgainstBroker([{ name: 'local.retention.ms', value: null }], '2.4'))).toBe('ok');
  });
});
