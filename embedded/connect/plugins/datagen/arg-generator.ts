import { decimalToBytes } from '../../data/decimal';

/**
 * Random data for an Avro schema annotated with `arg.properties`, as Confluent's avro-random-generator (which
 * kafka-connect-datagen runs) reads them: options, iteration (with restart, step, initial), range ([min, max)),
 * length ([min, max) or exact), prefix, suffix, odds and map keys. `regex` and options read from a file are refused —
 * the embedded worker has no Generex and no access to the worker's files. Values come out as Avro generic data:
 * records as objects, bytes and fixed as Buffers, enums as strings, logical types as their underlying numbers.
 * Mistakes in the annotations throw the generator's own messages (as java.lang.RuntimeException).
 */
export type AvroNode = string | AvroNode[] | { [key: string]: unknown };

export class GeneratorException extends Error {
  readonly javaClass = 'java.lang.RuntimeException';
}

const fail = (message: string): never => {
  throw new GeneratorException(message);
};

type Props = Record<string, unknown>;
type Gen = (random: () => number) => unknown;

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const FLOAT_MAX = 3.4028234663852886e38;
/** Longs stay within JavaScript's exact integers (the real generator draws from the full 64 bits). */
const SAFE_LONG = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** The Java class a JSON value arrives as in Avro's object props, for the generator's "was X instead" messages. */
function javaClassOf(value: unknown): string {
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') return !Number.isInteger(value) ? 'java.lang.Double' : value >= INT_MIN && value <= INT_MAX ? 'java.lang.Integer' : 'java.lang.Long';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  return 'java.util.LinkedHashMap';
}

const isObject = (value: unknown): value is Props => typeof value === 'object' && value !== null && !Array.isArray(value);

function integral(property: string, field: string, props: Props, int = false): bigint | undefined {
  const value = props[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(`'${field}' field of ${property} property must be an integral number, was ${javaClassOf(value)} instead`);
  if (int && ((value as number) < INT_MIN || (value as number) > INT_MAX)) fail(`'${field}' field of ${property} property must be a valid int for int schemas`);
  return BigInt(value as number);
}

function decimal(property: string, field: string, props: Props, float = false): number | undefined {
  const value = props[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') fail(`'${field}' field of ${property} property must be a number, was ${javaClassOf(value)} instead`);
  if (float && Math.abs(value as number) > FLOAT_MAX) fail(`'${field}' field of ${property} property must be a valid float for float schemas`);
  return value as number;
}

function exclusive(props: Props, included: string, ...excluded: string[]): void {
  for (const other of excluded) if (other in props) fail(`Cannot specify ${other} prop when ${included} prop is given`);
}

/** [min, max) of a length annotation; 8..15 when absent. */
function lengthBounds(length: unknown): { min: number; max: number } {
  if (length === undefined || length === null) return { min: 8, max: 16 };
  if (typeof length === 'number' && Number.isInteger(length)) {
    if (length < 0) fail('when given as integral number, length property cannot be negative');
    return { min: length, max: length + 1 };
  }
  if (!isObject(length)) return fail(`length property must either be an integral number or an object, was ${javaClassOf(length)} instead`);
  const min = integral('length', 'min', length, true);
  const max = integral('length', 'max', length, true);
  if (min === undefined && max === undefined) fail("length property must contain at least one of 'min' or 'max' fields when given as object");
  const bounds = { min: Number(min ?? 0n), max: Number(max ?? BigInt(INT_MAX)) };
  if (bounds.min < 0) fail('min field of length property cannot be negative');
  if (bounds.max <= bounds.min) fail('max field must be strictly greater than min field for length property');
  return bounds;
}

const below = (random: () => number, n: number) => Math.floor(random() * n);
const inLength = (random: () => number, bounds: { min: number; max: number }) => bounds.min + below(random, bounds.max - bounds.min);

/** Java's Random.nextString equivalent in the generator: code points 0..127. */
function randomString(random: () => number, length: number): string {
  return String.fromCharCode(...Array.from({ length }, () => below(random, 128)));
}

function affixed(value: string, props: Props): string {
  for (const key of ['prefix', 'suffix']) if (props[key] !== undefined && typeof props[key] !== 'string') fail(`${key} property must be a string`);
  return `${(props.prefix as string | undefined) ?? ''}${value}${(props.suffix as string | undefined) ?? ''}`;
}

/**
 * The generator's defaults and checks for an iteration's restart and step, the same for integral and decimal ones:
 * no restart means the type's highest value for a positive step and `negativeRestart` for a negative one; no step means
 * 1 or -1 towards restart.
 */
function iterationBounds<N extends number | bigint>(start: N, restart: N | undefined, step: N | undefined, one: N, high: N, negativeRestart: N): { restart: N; step: N } {
  const zero = (typeof one === 'bigint' ? 0n : 0) as N;
  if (step === zero) fail('step field of iteration property cannot be zero');
  if (restart === start) fail('start and restart fields of iteration property cannot be equal');
  if (restart === undefined) return { restart: step === undefined || step > zero ? high : negativeRestart, step: step ?? one };
  if (step === undefined) return { restart, step: restart > start ? one : (-one as N) };
  if (restart > start && step < zero) fail('step field of iteration property must be positive when restart field is greater than start field');
  if (restart < start && step > zero) fail('step field of iteration property must be negative when restart field is less than start field');
  return { restart, step };
}

/** Integral iteration: start, then += step, wrapping from restart back to start; resumes at the `generation`-th value. */
function integralIterator(props: Props, type: 'int' | 'long', generation: number): () => bigint {
  const int = type === 'int';
  const [start, restartField, stepField, initial] = ['start', 'restart', 'step', 'initial'].map((field) => integral('iteration', field, props, int));
  if (start === undefined) return fail('iteration property must contain start field');
  // -1 × the type's minimum, as the generator computes it in a long (which overflows for long).
  const { restart, step } = int ? iterationBounds(start, restartField, stepField, 1n, BigInt(INT_MAX), -BigInt(INT_MIN)) : iterationBounds(start, restartField, stepField, 1n, LONG_MAX, LONG_MIN);
  const abs = (n: bigint) => (n < 0n ? -n : n);
  const modulus = abs(restart - start);
  const sign = step > 0n ? 1n : -1n;
  let current = (initial ?? start) - start;
  if (generation > 0) current = (abs(BigInt(generation) * step + current) % modulus) * sign;
  return () => {
    const result = current + start;
    current = (abs(current + step) % modulus) * sign;
    return BigInt.asIntN(int ? 32 : 64, result);
  };
}

function decimalIterator(props: Props, type: 'float' | 'double', generation: number): () => number {
  const float = type === 'float';
  const [start, restartField, stepField, initial] = ['start', 'restart', 'step', 'initial'].map((field) => decimal('iteration', field, props, float));
  if (start === undefined) return fail('iteration property must contain start field');
  const high = float ? FLOAT_MAX : Number.MAX_VALUE;
  // -1 × the lowest value is the highest again.
  const { restart, step } = iterationBounds(start, restartField, stepField, 1, high, high);
  const modulus = restart - start;
  let current = (initial ?? start) - start;
  if (generation > 0) current = (generation * step + current) % modulus;
  return () => {
    const result = current + start;
    current = (current + step) % modulus;
    return float ? Math.fround(result) : result;
  };
}

/** Deterministic JSON of a schema node: the generator caches iterators per (equal) schema, so equal schemas share one. */
function canonical(node: unknown): string {
  if (Array.isArray(node)) return `[${node.map(canonical).join(',')}]`;
  if (isObject(node)) return `{${Object.keys(node).sort().map((k) => `${JSON.stringify(k)}:${canonical(node[k])}`).join(',')}}`;
  return JSON.stringify(node);
}

/**
 * Compiles `schema` into a function producing one random datum per call. `generation` is the number of records the task
 * produced before (its stored current.iteration), so iterations resume where they stopped, as the real task does.
 */
export function compileGenerator(schema: AvroNode, generation = 0): Gen {
  const named = new Map<string, Props>();
  const generators = new Map<Props, Gen>();
  const iterators = new Map<string, () => unknown>();
  const fullName = (node: Props, namespace?: string) => {
    const name = String(node.name);
    const ns = (node.namespace as string | undefined) ?? namespace;
    return name.includes('.') || !ns ? name : `${ns}.${name}`;
  };

  const compile = (node: AvroNode, namespace?: string): Gen => {
    if (Array.isArray(node)) {
      const branches = node.map((n) => compile(n, namespace));
      return (random) => branches[below(random, branches.length)]!(random);
    }
    if (typeof node === 'string') {
      if (PRIMITIVE_TYPES.has(node)) return compile({ type: node }, namespace);
      const ref = named.get(node.includes('.') || !namespace ? node : `${namespace}.${node}`) ?? named.get(node);
      if (!ref) return fail(`Undefined name: "${node}"`);
      // Resolved when generating: a record may refer to itself.
      return (random) => generators.get(ref)!(random);
    }
    if (typeof node.type === 'object' && node.type !== null) return compile(node.type as AvroNode, namespace);
    const type = String(node.type);
    if (!PRIMITIVE_TYPES.has(type) && !COMPLEX_TYPES.has(type)) return compile(type, namespace);
    if (type === 'record' || type === 'enum' || type === 'fixed') named.set(fullName(node, namespace), node);
    const props = node['arg.properties'] === undefined ? {} : node['arg.properties'];
    if (!isObject(props)) return fail(`arg.properties property must be given as object, was ${javaClassOf(props)} instead`);
    let gen: Gen;
    if ('options' in props) gen = options(node, type, props);
    else if ('iteration' in props) gen = iteration(node, type, props);
    else gen = plain(node, type, props, namespace);
    generators.set(node, gen);
    return gen;
  };

  const options = (node: Props, type: string, props: Props): Gen => {
    exclusive(props, 'options', 'length', 'regex', 'iteration', 'range');
    const list = props.options;
    if (isObject(list)) return fail('options read from a file are not supported by the embedded datagen; give the options as an array');
    if (!Array.isArray(list)) return fail(`options prop must be an array or an object, was ${javaClassOf(list)} instead`);
    if (list.length === 0) fail('options property cannot be empty');
    const values = list.map((option) => {
      const wrapped = type === 'bytes' && typeof option === 'string' ? Buffer.from(option) : type === 'float' && typeof option === 'number' ? Math.fround(option) : option;
      if (!fitsType(node, type, wrapped)) fail(`Invalid option for ${type} schema: type ${javaClassOf(option)}, value '${typeof option === 'object' ? JSON.stringify(option) : String(option)}'`);
      return wrapped;
    });
    return (random) => values[below(random, values.length)];
  };

  const iteration = (node: Props, type: string, props: Props): Gen => {
    exclusive(props, 'iteration', 'length', 'regex', 'options', 'range');
    const spec = props.iteration;
    if (!isObject(spec)) return fail(`iteration prop must be an object, was ${javaClassOf(spec)} instead`);
    const key = canonical(node);
    let next = iterators.get(key);
    if (!next) {
      next = iteratorFor(type, spec, props);
      iterators.set(key, next);
    }
    return next;
  };

  const iteratorFor = (type: string, spec: Props, props: Props): (() => unknown) => {
    switch (type) {
      case 'boolean': {
        if (spec.start === undefined) fail('iteration property must contain start field');
        if (typeof spec.start !== 'boolean') fail(`start field of iteration property for a boolean schema must be a boolean, was ${javaClassOf(spec.start)} instead`);
        for (const key of ['restart', 'step']) if (key in spec) fail(`iteration property cannot contain ${key} field for a boolean schema`);
        // After an odd number of records the alternation has flipped once.
        let current = (generation % 2 === 1) !== spec.start;
        return () => ((current = !current), !current);
      }
      case 'int':
      case 'long': {
        const next = integralIterator(spec, type, generation);
        return () => Number(next());
      }
      case 'float':
      case 'double':
        return decimalIterator(spec, type, generation);
      case 'string': {
        const next = integralIterator(spec, 'int', generation);
        return () => affixed(String(next()), props);
      }
      default:
        return fail(`iteration property can only be specified on numeric, boolean or string schemas, not ${type.toUpperCase()} schema`);
    }
  };

  const plain = (node: Props, type: string, props: Props, namespace?: string): Gen => {
    switch (type) {
      case 'null':
        return () => null;
      case 'boolean': {
        const odds = decimal('arg.properties', 'odds', props);
        if (odds !== undefined && (odds < 0 || odds > 1)) fail('odds property must be in the range [0.0, 1.0]');
        return (random) => random() < (odds ?? 0.5);
      }
      case 'int':
        return numeric(props, type, (min, max) => (random) => min + Math.floor(random() * (max - min)), INT_MIN, INT_MAX);
      case 'long':
        return numeric(props, type, (min, max) => (random) => min + Math.floor(random() * (max - min)), SAFE_LONG.min, SAFE_LONG.max);
      case 'float':
      case 'double': {
        const max = type === 'float' ? FLOAT_MAX : Number.MAX_VALUE;
        const round = type === 'float' ? Math.fround : (n: number) => n;
        if (props.range !== undefined && !isObject(props.range) && type === 'double') fail('range property must be an object');
        if (!isObject(props.range)) return (random) => round(random());
        const lo = decimal('range', 'min', props.range, type === 'float') ?? -max;
        const hi = decimal('range', 'max', props.range, type === 'float') ?? max;
        if (lo >= hi) fail("'min' field must be strictly less than 'max' field in range property");
        return (random) => round(lo + random() * (hi - lo));
      }
      case 'bytes':
      case 'fixed': {
        if (node.logicalType === 'decimal') return decimalBytes(Number(node.precision), Number(node.scale ?? 0));
        const length = type === 'fixed' ? { min: Number(node.size), max: Number(node.size) + 1 } : lengthBounds(props.length);
        return (random) => Buffer.from(Array.from({ length: inLength(random, length) }, () => below(random, 256)));
      }
      case 'string': {
        if (props.regex !== undefined) fail('regex arg.properties are not supported by the embedded datagen; use options');
        const length = lengthBounds(props.length);
        return (random) => affixed(randomString(random, inLength(random, length)), props);
      }
      case 'enum': {
        const symbols = node.symbols as string[];
        return (random) => symbols[below(random, symbols.length)];
      }
      case 'array': {
        const length = lengthBounds(props.length);
        const items = compile(node.items as AvroNode, namespace);
        return (random) => Array.from({ length: inLength(random, length) }, () => items(random));
      }
      case 'map': {
        const length = lengthBounds(props.length);
        const values = compile(node.values as AvroNode, namespace);
        if (props.keys !== undefined && !isObject(props.keys)) fail('keys prop must be an object');
        const key = isObject(props.keys) ? compile({ type: 'string', 'arg.properties': props.keys }) : (random: () => number) => randomString(random, 1);
        return (random) => Object.fromEntries(Array.from({ length: inLength(random, length) }, () => [key(random), values(random)]));
      }
      case 'record': {
        const ns = fullName(node, namespace).split('.').slice(0, -1).join('.') || undefined;
        const fields = ((node.fields as Array<{ name: string; type: AvroNode }>) ?? []).map((f) => [f.name, compile(f.type, ns)] as const);
        return (random) => Object.fromEntries(fields.map(([name, gen]) => [name, gen(random)]));
      }
      default:
        return fail(`Unrecognized schema type: ${type.toUpperCase()}`);
    }
  };

  return compile(schema);
}

const PRIMITIVE_TYPES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const COMPLEX_TYPES = new Set(['record', 'enum', 'fixed', 'array', 'map']);

/** int and long: a range is [min, max) with the type's bounds for a missing end. */
function numeric(props: Props, type: 'int' | 'long', draw: (min: number, max: number) => Gen, low: number, high: number): Gen {
  const range = props.range;
  if (!isObject(range)) return draw(low, high);
  const min = Number(integral('range', 'min', range, type === 'int') ?? BigInt(low));
  const max = Number(integral('range', 'max', range, type === 'int') ?? BigInt(high));
  if (min >= max) fail("'min' field must be strictly less than 'max' field in range property");
  return draw(min, max);
}

/** A random unscaled value of `precision` digits and a random sign, as the decimal logical type's bytes. */
function decimalBytes(precision: number, scale: number): Gen {
  return (random) => {
    const digits = Array.from({ length: precision }, () => below(random, 10)).join('').replace(/^0+(?=\d)/, '');
    const unscaled = scale > 0 ? `${digits.slice(0, -scale) || '0'}.${digits.slice(-scale).padStart(scale, '0')}` : digits;
    return decimalToBytes(random() < 0.5 ? `-${unscaled}` : unscaled, scale);
  };
}

/** Avro's GenericData.validate for an option, for the types options are used with. */
function fitsType(node: Props, type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
    case 'double':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'bytes':
      return Buffer.isBuffer(value);
    case 'enum':
      return typeof value === 'string' && (node.symbols as string[]).includes(value);
    case 'array':
      return Array.isArray(value);
    default:
      return isObject(value);
  }
}
