import fc from 'fast-check';

/**
 * A compact JSON-Schema-to-fast-check generator for the fuzz test: for each
 * schema of the app's OpenAPI document it makes valid values (type, enum,
 * bounds, lengths, simple patterns, required keys, no extra keys) and nasty
 * ones (boundaries ±1, huge numbers, control characters, odd Unicode, wrong
 * types, extra keys). Real ids cannot be known when values are generated (the
 * world changes as requests run), so a field that names an entity generates a
 * `PoolRef` — "the n-th id of that pool" — that the test resolves at send time.
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

/** "The index-th entry of the pool", resolved against the live world when the request is sent. */
export class PoolRef {
  constructor(
    readonly pool: string,
    readonly index: number,
  ) {}
}

/** Maps a field or parameter name to the pool of real values it should usually take (or none). */
export type PoolOf = (name: string) => string | undefined;

/** Text that has broken servers before: case folding that changes length, NUL, controls, RTL, lone surrogates. */
export const ODD_TEXT = [
  'Élodie',
  'ÉLODIE',
  'Ünal',
  'Øyvind',
  'İlkay',
  'STRASSE ß',
  'ǅemal',
  'Zoë',
  'e\u0301e\u0301',
  '😀🍔🇫🇷',
  '\u202Egnp.exe',
  'مرحبا',
  '中文名字',
  'Ωμέγα',
  '\uFEFFbom',
  'zero\u200Bwidth',
  'a\u0000b',
  '\u0000',
  '\u0007\u001b[31mred',
  'line\r\nbreak',
  '\uD800',
  'x\uDC00y',
  "'; drop table guests; --",
  '%00%ZZ',
  '../../etc/passwd',
  '{{7*7}}${7*7}',
  '<script>alert(1)</script>',
  '   ',
];

const HUGE = 'x'.repeat(10_000);

/** Values of the wrong type or absurd size, good against any schema. */
const ANY_NASTY: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53,
  1e308,
  -1e308,
  'NaN',
  '',
  HUGE,
  '\u0000',
  [],
  [null],
  {},
  { __proto__: null, constructor: { prototype: { polluted: true } } },
];

const int32 = (n: number) => n >= -(2 ** 31) && n <= 2 ** 31 - 1;

function integerArb(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): fc.Arbitrary<number> {
  const any = int32(min) && int32(max) ? fc.integer({ min, max }) : fc.bigInt(BigInt(min), BigInt(max)).map(Number);
  const edges = [min, max, min + 1, max - 1, 0, 1].filter((n) => n >= min && n <= max);
  return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...edges) }, { weight: 3, arbitrary: any });
}

/** Text within [min, max] UTF-16 units, from plain ASCII to odd Unicode (kept valid by length, so it reaches the handler). */
function textArb(min = 0, max = 200): fc.Arbitrary<string> {
  const fit = (s: string) => {
    let out = s.slice(0, max);
    while (out.length < min) out += 'x';
    return out;
  };
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 30), unit: 'grapheme-ascii' }) },
      { weight: 2, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 20), unit: 'grapheme' }) },
      { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 10), unit: 'binary' }) },
      { weight: 3, arbitrary: fc.constantFrom(...ODD_TEXT) },
      // The longest value allowed, in multi-byte characters.
      { weight: 1, arbitrary: fc.constantFrom('é', '😀', 'ß', 'a').map((c) => c.repeat(max)) },
    )
    .map(fit);
}

function patternArb(pattern: string, max: number): fc.Arbitrary<string> {
  return fc.stringMatching(new RegExp(pattern)).filter((s) => s.length <= max);
}

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type[0] : s.type);

/** Valid values of `schema`; `name` is the field's name, to draw real ids for it. */
export function validArb(schema: JsonSchema, poolOf: PoolOf, name = ''): fc.Arbitrary<unknown> {
  const pool = poolOf(name);
  if (pool && (typeOf(schema) === 'string' || schema.anyOf)) {
    return fc.oneof(
      { weight: 9, arbitrary: fc.nat().map((i) => new PoolRef(pool, i)) },
      { weight: 1, arbitrary: plainValid(schema, poolOf, name) },
    );
  }
  return plainValid(schema, poolOf, name);
}

function plainValid(schema: JsonSchema, poolOf: PoolOf, name: string): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validArb(s, poolOf, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (typeOf(schema)) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArb(schema.minimum, schema.maximum);
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'string': {
      const max = schema.maxLength ?? 200;
      if (schema.format === 'date-time') {
        return fc
          .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString());
      }
      if (schema.pattern) return patternArb(schema.pattern, max);
      return textArb(schema.minLength ?? 0, max);
    }
    case 'array': {
      const item = validArb(schema.items ?? {}, poolOf, name);
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, 4));
      const arbs = [{ weight: 6, arbitrary: fc.array(item, { minLength, maxLength }) }];
      // Sometimes exactly as many as allowed (a 100-line order, 50 options).
      if (schema.maxItems !== undefined && schema.maxItems <= 100) {
        arbs.push({ weight: 1, arbitrary: fc.array(item, { minLength: schema.maxItems, maxLength: schema.maxItems }) });
      }
      return fc.oneof(...arbs);
    }
    case 'object':
      return objectArb(schema, poolOf, (s, n) => validArb(s, poolOf, n));
    default:
      return fc.constant({});
  }
}

function objectArb(
  schema: JsonSchema,
  poolOf: PoolOf,
  field: (s: JsonSchema, name: string) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(props)) model[key] = field(sub, key);
  const record = fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
  const extra = schema.additionalProperties;
  if (typeof extra !== 'object' || Object.keys(props).length > 0) return record;
  // A map (e.g. translations by locale).
  const keys = schema.propertyNames ? validArb(schema.propertyNames, poolOf) : textArb(1, 10);
  return fc.dictionary(keys as fc.Arbitrary<string>, field(extra, ''), { maxKeys: 3 });
}

/** Values that break `schema`, or sit on its very edge. */
export function nastyArb(schema: JsonSchema): fc.Arbitrary<unknown> {
  const specific: unknown[] = [];
  const type = typeOf(schema);
  if (type === 'integer' || type === 'number') {
    const { minimum: min = 0, maximum: max = Number.MAX_SAFE_INTEGER } = schema;
    specific.push(min - 1, max + 1, min, max, -0, 0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 53 + 2, String(min), 'NaN');
  } else if (type === 'string' || schema.enum) {
    const max = schema.maxLength ?? 200;
    specific.push('', 'x'.repeat(max + 1), '😀'.repeat(Math.ceil(max / 2)), 'é'.repeat(max), 42, ...ODD_TEXT);
    if (schema.enum) specific.push(String(schema.enum[0]).toLowerCase(), ` ${String(schema.enum[0])}`);
  } else if (type === 'array') {
    specific.push(
      {},
      'a',
      [HUGE],
      Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => 'x'),
    );
  } else if (type === 'object') {
    specific.push('text', [{}], { extra: 1 });
  }
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...ANY_NASTY) },
    ...(specific.length ? [{ weight: 3, arbitrary: fc.constantFrom(...specific) }] : []),
  );
}

/** Mostly valid, with some fields (at any depth) nasty and sometimes an unknown key. */
export function mixedArb(schema: JsonSchema, poolOf: PoolOf, name = ''): fc.Arbitrary<unknown> {
  if (typeOf(schema) === 'object' && !schema.anyOf) {
    const obj = objectArb(schema, poolOf, (s, n) => mixedArb(s, poolOf, n));
    return fc
      .tuple(
        obj,
        // Now and then an unknown key, or one a careless handler might trust.
        fc.oneof(
          { weight: 6, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'restaurantId') },
        ),
      )
      .map(([o, key]) => (key && o && typeof o === 'object' ? { ...o, [key]: 'x' } : o));
  }
  if (typeOf(schema) === 'array' && schema.items) {
    const item = mixedArb(schema.items, poolOf, name);
    return fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
  }
  return fc.oneof({ weight: 6, arbitrary: validArb(schema, poolOf, name) }, { weight: 1, arbitrary: nastyArb(schema) });
}

/** A request body: valid, mixed or plain nasty. */
export function bodyArb(schema: JsonSchema, poolOf: PoolOf): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: validArb(schema, poolOf) },
    { weight: 4, arbitrary: mixedArb(schema, poolOf) },
    { weight: 1, arbitrary: nastyArb(schema) },
  );
}

/** Replaces every PoolRef in `value` by the live value it names. */
export function resolveRefs(value: unknown, resolve: (ref: PoolRef) => string): unknown {
  if (value instanceof PoolRef) return resolve(value);
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, resolve));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, resolve)]));
  }
  return value;
}

/** Percent-encodes a path or query value; a lone surrogate becomes the bytes of one (invalid UTF-8), as a hostile client would send it. */
export function encodeLoosely(value: string): string {
  return Array.from(value)
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');
}
