'use strict';
/**
 * Request-level reliability cases generated from the live OpenAPI document (issue #14). Shared by
 * `npm run reliability` (reliability/scenarios/openapi-malformed.mjs) and the fast subset inside
 * `npm test` (apps/api/test/reliability-fast.spec.ts), so the two cannot drift.
 *
 * Every operation gets ≥ 15 malformed variants (wrong types, missing fields, NUL and control
 * characters, huge strings, deep and wide JSON, bad UUIDs, out-of-range numbers and dates, unknown and
 * prototype keys, broken JSON, wrong media types, tampered tokens) plus fast-check bodies and queries.
 * Ids in paths are a UUID that exists nowhere, so even a variant the API accepted could change nothing.
 *
 * Expectations per case: `expect: '4xx'` (a JSON 4xx, and when `field` is set its message names it)
 * or `expect: 'no5xx'` (anything but a 5xx: e.g. an unknown query parameter a route ignores).
 * The operations carry `x-huddle-roles` (roles granted the route's permission) or `x-huddle-public`,
 * added by `openApiDocument()` in apps/api/src/app/configure-app.ts; the authorization matrix is built from them.
 */
const fc = require('fast-check');

const ROLES = ['care_manager', 'psychiatric_consultant', 'pcp', 'leadership', 'admin'];
/** A well-formed UUID that no row has. */
const NOWHERE = '00000000-0000-4000-8000-00000000dead';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Routes left out of generated requests, and why. */
const SKIPPED = {
  'POST /api/auth/logout': 'ends the session the suite signs in with; it reads no body',
  'GET /api/auth/oidc/login': 'redirects to the identity provider (SSO not configured in the suite)',
  'GET /api/auth/oidc/callback': 'SSO not configured in the suite',
};
/** Tables that refused requests may legitimately write: audit trail, session bookkeeping, sign-in throttling, job queue. */
const VOLATILE_TABLES = new Set([
  'audit_log',
  'audit_patient_list',
  'audit_chain_head',
  'user_session',
  'login_throttle',
  'auth_handoff',
  'migrations',
]);

/** `{id}` path segments → the table whose ids they take (for the cross-clinic probes). */
const ID_TABLES = {
  patients: 'patient',
  episodes: 'episode',
  contacts: 'contact',
  flags: 'manual_flag',
  recommendations: 'recommendation',
  staff: 'staff_user',
  assessments: 'assessment',
  medications: 'medication',
};

function resolve(doc, schema) {
  let s = schema;
  for (let i = 0; s && s.$ref && i < 10; i++) s = doc.components.schemas[s.$ref.split('/').pop()];
  if (s && Array.isArray(s.allOf) && s.allOf.length === 1) return resolve(doc, s.allOf[0]);
  return s || {};
}

/** Every operation of the document: method, path, parameters, body schema and who may call it. */
function operations(doc) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      const params = (op.parameters || []).map((p) => ({ ...p, schema: resolve(doc, p.schema) }));
      const bodyRef = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
      const body = bodyRef ? resolve(doc, bodyRef.schema) : null;
      ops.push({
        key,
        method: method.toUpperCase(),
        path,
        params,
        body,
        public: op['x-huddle-public'] === true,
        roles: op['x-huddle-roles'] || [],
        skipped: SKIPPED[key] || null,
      });
    }
  }
  return ops;
}

const fill = (path, values = {}) =>
  path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(values[name] ?? NOWHERE));
const pathParams = (op) => op.params.filter((p) => p.in === 'path');
const queryParams = (op) => op.params.filter((p) => p.in === 'query');
const isDateName = (name) => /(date|Date|On|At|month|Month|week|Week|Of)$/.test(name);
/**
 * A date-named parameter whose default is not a date is not a date: the CSV import's `birthDate` and
 * `date` name the file's columns (default `birth_date`, `date`), so `2026-13-45` is a valid column name.
 */
const isDateParam = (p) =>
  isDateName(p.name) && !(typeof p.schema.default === 'string' && !/^\d{4}-\d{2}/.test(p.schema.default));
const deep = (n) => `${'['.repeat(n)}${']'.repeat(n)}`;

/** The malformed variants of one operation (≥ 15 each). */
function malformedCases(op, doc) {
  const cases = [];
  const base = fill(op.path);
  const add = (label, request, expect = '4xx', field = null) =>
    cases.push({ op: op.key, label, expect, field, ...request });
  const requiredQuery = queryParams(op).some((p) => p.required);
  // Path parameters: not a UUID, NUL, huge.
  for (const p of pathParams(op)) {
    const at = (value) => fill(op.path, { [p.name]: value });
    // Writes validate their body first, and a missing required query may be named first; else the 400 names the parameter.
    add(
      `path ${p.name} not a UUID`,
      { url: at('not-a-uuid') },
      '4xx',
      op.method === 'GET' && !requiredQuery ? p.name : null,
    );
    add(`path ${p.name} with NUL`, { url: at(`${NOWHERE}\u0000`) }, '4xx');
    add(`path ${p.name} huge`, { url: at('9'.repeat(5000)) }, '4xx');
  }
  // Query parameters: NUL, wrong type, out of range, dates out of range, huge.
  for (const p of queryParams(op)) {
    const q = (value) => `${base}?${encodeURIComponent(p.name)}=${encodeURIComponent(value)}`;
    add(`query ${p.name} with NUL`, { url: q('a\u0000b') }, '4xx', p.name);
    add(`query ${p.name} with an ANSI escape`, { url: q('\u001b[31mred') }, '4xx', p.name);
    add(`query ${p.name} huge`, { url: q('x'.repeat(20_000)) }, 'no5xx');
    if (p.schema.type === 'integer' || p.schema.type === 'number') {
      for (const v of ['abc', '1e20', '99999999999', '-1', '1.5'])
        add(`query ${p.name}=${v}`, { url: q(v) }, '4xx', p.name);
    }
    if (p.schema.format === 'uuid') add(`query ${p.name} not a UUID`, { url: q('not-a-uuid') }, '4xx', p.name);
    if (isDateParam(p)) {
      for (const v of ['0000-01', '9999-12', '9999-12-31', '2026-13-45'])
        add(`query ${p.name}=${v}`, { url: q(v) }, '4xx', p.name);
    }
  }
  // Generic: every route.
  add('unknown query parameter with NUL', { url: `${base}?zz=%00` }, 'no5xx');
  add('prototype query key', { url: `${base}?__proto__[polluted]=1&constructor[prototype][x]=1` }, 'no5xx');
  add('repeated query keys', { url: `${base}?page=1&page=2&page=1e20` }, 'no5xx');
  add('invalid percent-encoding', { url: `${base}?q=%zz%` }, 'no5xx');
  add('tampered bearer token', { url: base, auth: 'tampered' }, op.public ? 'no5xx' : '4xx');
  add('unsigned (alg none) token', { url: base, auth: 'none' }, op.public ? 'no5xx' : '4xx');
  add('Basic credentials', { url: base, auth: 'basic' }, op.public ? 'no5xx' : '4xx');
  add('huge Authorization header', { url: base, auth: 'huge' }, op.public ? 'no5xx' : '4xx');
  if (op.method === 'GET') {
    add('XML Content-Type on a GET', { url: base, contentType: 'application/xml' }, 'no5xx');
    add('unknown Accept', { url: base, accept: 'application/x-nonsense' }, 'no5xx');
    add('method override header', { url: base, headers: { 'x-http-method-override': 'DELETE' } }, 'no5xx');
    add('unknown parameter, 5,000 characters', { url: `${base}?zz=${'q'.repeat(5000)}` }, 'no5xx');
    add('trailing slash and double slash', { url: `${base}//` }, 'no5xx');
    add('path traversal', { url: `${base}/../../etc/passwd` }, 'no5xx');
    add('very long query string', { url: `${base}?${'a=1&'.repeat(2000)}` }, 'no5xx');
    return cases;
  }
  // Bodies.
  add('broken JSON', { url: base, raw: '{"a":', contentType: 'application/json' }, '4xx');
  add(
    'JSON nested 5,000 deep',
    { url: base, raw: `{"deep":${deep(5000)}}`, contentType: 'application/json' },
    '4xx',
    'deep',
  );
  add(
    'object with 5,000 keys',
    {
      url: base,
      raw: JSON.stringify({ wide: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])) }),
      contentType: 'application/json',
    },
    '4xx',
    'wide',
  );
  add(
    'body of 2 MB',
    { url: base, raw: JSON.stringify({ big: 'x'.repeat(2_000_000) }), contentType: 'application/json' },
    '4xx',
  );
  add('XML media type', { url: base, raw: '<a/>', contentType: 'application/xml' }, '4xx');
  add(
    'JSON array instead of an object',
    { url: base, body: [] },
    op.body && Object.keys(op.body.properties || {}).length ? '4xx' : 'no5xx',
  );
  add(
    'constructor key',
    { url: base, raw: '{"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' },
    '4xx',
    'constructor',
  );
  add(
    '__proto__ key',
    { url: base, raw: '{"__proto__":{"x":1}}', contentType: 'application/json' },
    '4xx',
    '__proto__',
  );
  add('Infinity-sized number', { url: base, raw: '{"n":1e400}', contentType: 'application/json' }, '4xx', 'n');
  const props = Object.entries((op.body && op.body.properties) || {}).map(([name, s]) => [name, resolve(doc, s)]);
  if (props.length > 0) {
    add(
      'empty object',
      { url: base, body: {} },
      (op.body.required || []).length ? '4xx' : 'no5xx',
      (op.body.required || [])[0] || null,
    );
    add('unknown key', { url: base, body: { notAField: 1 } }, '4xx', 'notAField');
  }
  for (const [name, s] of props) {
    const one = (value, label, expect = '4xx', field = name) =>
      add(`${name}: ${label}`, { url: base, body: { [name]: value } }, expect, field);
    const type = s.type || (s.enum ? 'string' : s.properties ? 'object' : undefined);
    if (type === 'string') {
      one('with\u0000NUL', 'NUL');
      one('\u001b[2J\u001b[31mred', 'ANSI escape');
      one('\u200b', 'only a zero-width space');
      one('y'.repeat(200_000), 'huge string', '4xx', null);
      one(12345, 'a number');
      if (s.format === 'uuid') one('not-a-uuid', 'not a UUID');
      if (s.format === 'date' || s.format === 'date-time' || isDateName(name)) {
        one('0000-01-01', 'year 0');
        one('9999-12-31', 'year 9999');
        one('1900-01-01T00:00:00Z', 'year 1900', '4xx', null);
      }
    } else if (type === 'integer' || type === 'number') {
      one('12', 'a numeric string');
      one(1e300, 'out of range', '4xx', null);
      one(-99999999999, 'hugely negative', '4xx', null);
      one(1.5, 'a fraction', type === 'integer' ? '4xx' : 'no5xx', type === 'integer' ? name : null);
    } else if (type === 'boolean') {
      one('yes', 'a string');
    } else if (type === 'array') {
      one({}, 'an object');
      one(
        Array.from({ length: 10_000 }, () => 'z'),
        '10,000 items',
        '4xx',
        name,
      );
    } else if (type === 'object') {
      one('str', 'a string');
    }
  }
  return cases;
}

/** fast-check bodies (and queries for GETs): random JSON values, random keys, random strings. */
function fuzzCases(op, { runs, seed }) {
  const base = fill(op.path);
  const arb =
    op.method === 'GET'
      ? fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 4 }).map((q) => ({
          url: `${base}?${new URLSearchParams(q).toString()}`,
        }))
      : fc
          .oneof(
            fc.object({ maxDepth: 3, maxKeys: 6 }),
            fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
            fc.jsonValue({ maxDepth: 3 }),
          )
          .map((body) => ({ url: base, raw: JSON.stringify(body) ?? 'null', contentType: 'application/json' }));
  return fc
    .sample(arb, { numRuns: runs, seed })
    .map((request, i) => ({ op: op.key, label: `fast-check #${i}`, expect: 'no5xx', field: null, ...request }));
}

/** The authorization matrix: every operation × anonymous and every role, with its expected answer. */
function matrixCases(op, foreignIds = {}) {
  if (op.skipped) return [];
  const cases = [];
  const url = fill(op.path);
  const body = op.method === 'GET' ? undefined : {};
  cases.push({ op: op.key, label: 'anonymous', url, body, role: null, expectStatus: op.public ? 'any' : 401 });
  if (op.public) return cases;
  for (const role of ROLES) {
    const allowed = op.roles.includes(role);
    cases.push({ op: op.key, label: role, url, body, role, expectStatus: allowed ? 'allowed' : 403 });
    // Another clinic's record: 404, never its data (GETs on one record).
    const segment = (/\/api\/([\w-]+)\/\{id\}$/.exec(op.path) || [])[1];
    if (allowed && op.method === 'GET' && segment && foreignIds[ID_TABLES[segment]]) {
      cases.push({
        op: op.key,
        label: `${role}, another clinic's id`,
        url: fill(op.path, { id: foreignIds[ID_TABLES[segment]] }),
        role,
        expectStatus: 404,
      });
    }
  }
  return cases;
}

/** Does `response` meet `c`? Returns a problem description, or null. */
function judge(c, response) {
  if (response.status >= 500) return `${response.status}`;
  if (response.status === 0) return c.expect === 'no5xx' ? null : `no answer (${response.body})`;
  if ('expectStatus' in c) {
    if (c.expectStatus === 'any') return null; // public routes: anything but a 5xx
    if (c.expectStatus === 'allowed')
      return [401, 403].includes(response.status) ? `${response.status} for a granted role` : null;
    return response.status === c.expectStatus ? null : `${response.status}, expected ${c.expectStatus}`;
  }
  if (c.expect === 'no5xx') return null;
  if (response.status < 400) return `${response.status}, expected a 4xx`;
  if (!/json/.test(response.contentType || '')) return `${response.status} without a JSON body`;
  // The field must be named in what the answer says (message, field, OperationOutcome diagnostics…), not
  // merely be one of its keys: `"code":"UNAUTHENTICATED"` once passed for a field named `code`.
  if (c.field && !saidIn(response.body).includes(c.field)) return `message does not name ${c.field}`;
  return null;
}

/** Every string and number in an answer's body (its values, never its keys), joined. */
function saidIn(body) {
  if (body === null || body === undefined) return '';
  if (typeof body !== 'object') return String(body);
  return Object.values(body).map(saidIn).join(' ');
}

/** Authorization header for a case. */
function authHeader(kind, token) {
  switch (kind) {
    case 'tampered':
      return `Bearer ${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    case 'none': {
      const [, payload] = token.split('.');
      return `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    }
    case 'basic':
      return `Basic ${Buffer.from('admin:admin').toString('base64')}`;
    case 'huge':
      return `Bearer ${'a'.repeat(12_000)}`;
    default:
      return `Bearer ${token}`;
  }
}

/** Checksums of every table's rows (but {@link VOLATILE_TABLES}), through `query(sql) → rows`. */
async function tableChecksums(query) {
  const tables = await query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const sums = {};
  for (const { name } of tables) {
    if (VOLATILE_TABLES.has(name)) continue;
    const rows = await query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS sum FROM "${name}" t`,
    );
    sums[name] = `${rows[0].n}:${rows[0].sum}`;
  }
  return sums;
}

/** Tables whose checksum differs. */
const changedTables = (before, after) => Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);

module.exports = {
  ROLES,
  NOWHERE,
  SKIPPED,
  VOLATILE_TABLES,
  operations,
  malformedCases,
  fuzzCases,
  matrixCases,
  judge,
  authHeader,
  tableChecksums,
  changedTables,
};
