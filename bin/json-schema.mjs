// json-schema.mjs: a small JSON Schema validator for the subset that schemas/*.schema.json use,
// so `posenc check` needs no dependency and words every problem as file, JSON path and rule.
//
//   validate(schema, value) → [{ path: '$.inputs.L.min', rule: 'schema:type', message: 'is a string; must be a number' }]
//
// Supported keywords: $ref (local, "#/$defs/…"), type (incl. integer and type lists), enum, const,
// pattern, minLength, minimum, maximum, exclusiveMinimum, required, properties,
// patternProperties, additionalProperties (false or a schema), items, minItems, anyOf.
// Leaves out: every other keyword (an unknown keyword in a schema is an error here, so a schema
// never silently checks less than it says), remote $refs, formats, annotations' meaning.

const KNOWN = new Set(['$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'enum', 'const', 'pattern',
  'minLength', 'minimum', 'maximum', 'exclusiveMinimum', 'required', 'properties', 'patternProperties',
  'additionalProperties', 'items', 'minItems', 'anyOf']);

const IDENT = /^[A-Za-z_$][\w$]*$/;
export const child = (path, key) => (typeof key === 'number' ? `${path}[${key}]` : IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
const fits = (v, t) => typeOf(v) === t || (t === 'number' && typeOf(v) === 'integer');
const show = (v) => { const s = JSON.stringify(v); return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s; };

function resolve(root, ref) {
  if (!ref.startsWith('#/')) throw new Error(`$ref ${ref}: only local references (#/…) are supported`);
  let node = root;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`$ref ${ref} points at nothing`);
  }
  return node;
}

export function validate(root, value) {
  const errors = [];
  const check = (schema, v, path, out) => {
    if (schema === true || schema === undefined) return;
    if (schema === false) { out.push({ path, rule: 'schema:false', message: 'is not allowed here' }); return; }
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`schema keyword ${k} is not supported by bin/json-schema.mjs`);
    if (schema.$ref) check(resolve(root, schema.$ref), v, path, out);
    if (schema.type !== undefined) {
      const types = [].concat(schema.type);
      if (!types.some((t) => fits(v, t))) {
        out.push({ path, rule: 'schema:type', message: `is ${typeOf(v) === 'array' ? 'an array' : `a ${typeOf(v)}`} (${show(v)}); must be ${types.join(' or ')}` });
        return;
      }
    }
    if (schema.const !== undefined && JSON.stringify(v) !== JSON.stringify(schema.const)) out.push({ path, rule: 'schema:const', message: `is ${show(v)}; must be ${show(schema.const)}` });
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) out.push({ path, rule: 'schema:enum', message: `is ${show(v)}; must be one of ${schema.enum.map(show).join(', ')}` });
    if (typeof v === 'string') {
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(v)) out.push({ path, rule: 'schema:pattern', message: `${show(v)} does not match ${schema.pattern}` });
      if (schema.minLength !== undefined && [...v].length < schema.minLength) out.push({ path, rule: 'schema:minLength', message: `${show(v)} is shorter than ${schema.minLength} characters` });
    }
    if (typeof v === 'number') {
      if (schema.minimum !== undefined && v < schema.minimum) out.push({ path, rule: 'schema:minimum', message: `${v} is below the minimum ${schema.minimum}` });
      if (schema.maximum !== undefined && v > schema.maximum) out.push({ path, rule: 'schema:maximum', message: `${v} is above the maximum ${schema.maximum}` });
      if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) out.push({ path, rule: 'schema:exclusiveMinimum', message: `${v} must be greater than ${schema.exclusiveMinimum}` });
    }
    if (Array.isArray(v)) {
      if (schema.minItems !== undefined && v.length < schema.minItems) out.push({ path, rule: 'schema:minItems', message: `has ${v.length} items; needs at least ${schema.minItems}` });
      if (schema.items !== undefined) v.forEach((item, i) => check(schema.items, item, child(path, i), out));
    }
    if (typeOf(v) === 'object') {
      for (const k of schema.required ?? []) if (!Object.hasOwn(v, k)) out.push({ path, rule: 'schema:required', message: `lacks the required key "${k}"` });
      for (const [k, item] of Object.entries(v)) {
        let matched = false;
        if (schema.properties && Object.hasOwn(schema.properties, k)) { matched = true; check(schema.properties[k], item, child(path, k), out); }
        for (const [p, s] of Object.entries(schema.patternProperties ?? {})) {
          if (new RegExp(p, 'u').test(k)) { matched = true; check(s, item, child(path, k), out); }
        }
        if (!matched && schema.additionalProperties !== undefined) {
          if (schema.additionalProperties === false) {
            const allowed = Object.keys(schema.properties ?? {}).filter((x) => x !== '$schema');
            out.push({ path: child(path, k), rule: 'schema:additionalProperties', message: `the key "${k}" is not allowed here${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}` });
          } else check(schema.additionalProperties, item, child(path, k), out);
        }
      }
    }
    if (schema.anyOf) {
      const tries = schema.anyOf.map((s) => { const e = []; check(s, v, path, e); return e; });
      if (!tries.some((e) => e.length === 0)) {
        // Report the alternative that came closest (fewest problems).
        const best = tries.reduce((a, b) => (b.length < a.length ? b : a));
        if (best.length === 1) out.push(best[0]);
        else out.push({ path, rule: 'schema:anyOf', message: `${show(v)} matches none of the ${schema.anyOf.length} allowed forms` });
      }
    }
  };
  check(root, value, '$', errors);
  return errors;
}
