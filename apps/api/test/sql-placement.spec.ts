import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Issue #12 "SQL only in repositories" (docs/adr/0009): statements are written and run by repositories
 * (`*.repository.ts`), SQL modules (`*.sql.ts`: fragments and statements the repositories compose) and
 * the database layer (`database/`: migrations, roles, backup). Services, controllers and listeners call
 * repositories. This scan fails when SQL shows up anywhere else.
 */
const SRC = path.resolve(__dirname, '../src/app');

/** Where SQL belongs. */
const SQL_HOMES: RegExp[] = [/\.repository\.ts$/, /\.sql\.ts$/, /^database\//];

/** The few other files allowed to run SQL, each with its reason. */
const EXEMPT: Readonly<Record<string, string>> = {
  // Repository helpers: they run the statements repositories hand them, or one they derive from an
  // entity's metadata (positional parameters, like every other statement).
  'auth/update-returning.ts': 'runs UPDATE … RETURNING given by a repository',
  'common/entity-sql.ts': 'runs a SELECT given by a repository and hydrates entities',
  'common/versioned-update.ts': "optimistic-concurrency UPDATE built from the entity's metadata",
  'audit/audit-connection.ts': 'runs the audit batch statements audit-log.repository.ts gives it on a kept connection',
  // Command-line data loaders (npm run seed / the synthetic population), not request paths.
  'seed/demo-seed.ts': 'locks the clinic table while seeding the demo registry',
  'seed/synthetic/bulk-loader.ts': 'COPY of the synthetic population into bare tables',
  // One REPEATABLE READ snapshot held across the export's cursors (transaction control only).
  'fhir/bulk/bulk-export.service.ts': 'starts, reads now() of and ends the export snapshot',
  // The FHIR search parameters → SQL conditions table that fhir.repository.ts composes.
  'fhir/resource-queries.ts': 'FHIR search conditions for fhir.repository.ts',
};

/** A statement run, a query builder, or the text of a SQL statement (comments left out). */
const SQL_PATTERNS: RegExp[] = [
  /\.query\s*\(/,
  /createQueryBuilder\s*\(/,
  /\bSELECT\s[^;`'"]{0,400}?\sFROM\s/,
  /\bINSERT\s+INTO\s/,
  /\bUPDATE\s+(\w+|\$\{[^}]*\})(\s+\w+)?\s+SET\s/,
  /\bDELETE\s+FROM\s/,
  /\bLOCK\s+TABLE\s/,
];

const withoutComments = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

export const containsSql = (text: string): boolean => {
  const code = withoutComments(text);
  return SQL_PATTERNS.some((pattern) => pattern.test(code));
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

const relative = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');
const isHome = (file: string): boolean => SQL_HOMES.some((home) => home.test(file));

describe('SQL only in repositories (issue #12)', () => {
  const files = sources(SRC).map((file) => ({ file: relative(file), text: readFileSync(file, 'utf8') }));

  it('the detector sees statements, query builders and runs, not prose', () => {
    expect(containsSql('const rows = await this.db.query(sql, params);')).toBe(true);
    expect(containsSql("em.getRepository(X).createQueryBuilder('x')")).toBe(true);
    expect(containsSql('const sql = `SELECT count(*) AS n\n FROM episode WHERE clinic_id = $1`;')).toBe(true);
    expect(containsSql("'UPDATE user_session SET revoked_at = $2 WHERE id = $1'")).toBe(true);
    expect(containsSql("'UPDATE user_session s SET x = 1'")).toBe(true);
    expect(containsSql('`UPDATE ${table} SET ${sets} WHERE id = $1`')).toBe(true);
    expect(containsSql('`INSERT INTO audit_pending (entries) VALUES ($1)`')).toBe(true);
    expect(containsSql("'DELETE FROM caseload_coverage WHERE id = $1'")).toBe(true);
    expect(containsSql('/** Runs `SELECT … FROM patient` for the caller. */\nconst a = 1;')).toBe(false);
    expect(containsSql('// select the rows from the list\nconst b = 2;')).toBe(false);
  });

  it('finds SQL in no service, controller, listener or helper outside the listed exemptions', () => {
    const misplaced = files
      .filter(({ file }) => !isHome(file) && !(file in EXEMPT))
      .filter(({ text }) => containsSql(text))
      .map(({ file }) => file);
    expect(misplaced).toEqual([]);
  });

  it('every exemption still exists and still needs its exemption (the list stays short)', () => {
    const byName = new Map(files.map(({ file, text }) => [file, text]));
    for (const file of Object.keys(EXEMPT)) {
      expect({ file, exists: byName.has(file) }).toEqual({ file, exists: true });
      expect({ file, runsSql: containsSql(byName.get(file) ?? '') }).toEqual({ file, runsSql: true });
    }
    expect(Object.keys(EXEMPT).length).toBeLessThanOrEqual(8);
  });

  it('uses one parameter style: positional $n, no TypeORM `:named` parameters in SQL', () => {
    // `:name` after an operator, comma or parenthesis inside SQL text, as in `.where('id = :id', { id })`.
    const named = /(=|<>|<=|>=|<|>|\bIN|\bLIKE|,|\()\s*:\.{0,3}[a-zA-Z_]\w*/;
    const withNamed = files
      .filter(({ file }) => isHome(file) || file in EXEMPT)
      .filter(({ file }) => !file.startsWith('database/migrations/'))
      .filter(({ text }) => {
        const code = withoutComments(text);
        const strings = code.match(/`[^`]*`|'(?:[^'\\\n]|\\.)*'/g) ?? [];
        // TypeORM's query builder takes only named parameters.
        return strings.some((s) => containsSql(s) && named.test(s)) || /createQueryBuilder\s*\(/.test(code);
      })
      .map(({ file }) => file);
    expect(withNamed).toEqual([]);
  });
});
