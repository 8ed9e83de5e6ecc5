import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Two validators: query strings, params and headers are text on the wire and get their
 * numbers/booleans coerced; JSON bodies are validated strictly (1001 is not "1001").
 * Both also refuse text no database can store: NUL (PostgreSQL's text refuses it) and unpaired
 * UTF-16 surrogates (JSON's "\ud800", which has no UTF-8 form).
 */
export function installValidators(app: FastifyInstance): void {
  const common: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };
  const strict = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  for (const ajv of [strict, coercing]) ajv.addKeyword({ keyword: 'example' });
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) => {
    const check = (httpPart === 'body' ? strict : coercing).compile(schema as object);
    const validate = (data: unknown): boolean => {
      if (!check(data)) {
        validate.errors = check.errors;
        return false;
      }
      const at = unstorableText(data, '');
      validate.errors = at === undefined ? null : [unstorableError(at)];
      return at === undefined;
    };
    validate.errors = null as ErrorObject[] | null | undefined;
    return validate;
  });
}

// NUL, a high surrogate not followed by a low one, a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The JSON pointer of the first string (or key) in `value` that cannot be stored, if any. */
export function unstorableText(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? at : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableText(value[i], `${at}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return at;
      const found = unstorableText(item, `${at}/${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function unstorableError(instancePath: string): ErrorObject {
  return {
    keyword: 'text',
    instancePath,
    schemaPath: '#',
    params: {},
    message: 'must not contain NUL characters or unpaired surrogates',
  };
}
