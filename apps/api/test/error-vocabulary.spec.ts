import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_STATUS, ErrorCode } from '../src/app/common/errors';
import { createPatient } from './fixtures';
import { api, openRegistry } from './registry-helpers';
import type { TestApp } from './test-app';
import type { ClinicFixture } from './fixtures';

const SRC = path.resolve(__dirname, '../src/app');

/** Every `.ts` file under `dir` (specs left out). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** The files (relative to src/app) whose text matches `pattern`. */
const filesMatching = (pattern: RegExp, files = sources(SRC)): string[] =>
  files.filter((file) => pattern.test(readFileSync(file, 'utf8'))).map((file) => path.relative(SRC, file));

describe('one error vocabulary', () => {
  it('lists every domain error code with its HTTP status', () => {
    expect(ERROR_STATUS).toEqual({
      UNAUTHENTICATED: 401,
      PERMISSION_DENIED: 403,
      FORBIDDEN_ACTION: 403,
      NOT_FOUND: 404,
      NOT_CONFIGURED: 404,
      VALIDATION_FAILED: 400,
      VERSION_CONFLICT: 409,
      DUPLICATE: 409,
      ILLEGAL_TRANSITION: 409,
      OPEN_EPISODE_EXISTS: 409,
      EPISODE_GAP_TOO_SHORT: 409,
      EPISODE_CLOSED: 409,
      STAFF_IN_USE: 409,
      SELF_LOCKOUT: 409,
    });
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('throws no Nest HTTP exceptions and has no per-controller copies of the global filter', () => {
    // Global pipes answer as Nest's ValidationPipe does (a BadRequestException with the field list).
    const pipes = new Set(filesMatching(/implements PipeTransform/));
    expect(filesMatching(/new \w*(Exception)\(/).filter((file) => !pipes.has(file))).toEqual([]);
    // The FHIR API answers errors as OperationOutcome (its own format, not a copy of the global filter).
    expect(filesMatching(/@UseFilters\((?!OperationOutcomeFilter\))/)).toEqual([]);
    expect(filesMatching(/useGlobalFilters\(/)).toEqual(['configure-app.ts']);
  });

  describe('over HTTP: every refusal carries its code, the message and field keep their shape', () => {
    let t: TestApp;
    let a: ClinicFixture;
    let b: ClinicFixture;
    let http: ReturnType<typeof api>;

    beforeAll(async () => {
      ({ t, a, b, http } = await openRegistry());
    });
    afterAll(() => t.close());

    it('401 UNAUTHENTICATED without a token or with a bad one', async () => {
      const anonymous = await http.get('/api/caseload', '').expect(401);
      expect(anonymous.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'UNAUTHENTICATED',
        message: 'Authentication required',
      });
      const bad = await http.get('/api/caseload', 'Bearer not-a-token').expect(401);
      expect(bad.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Access token invalid or expired' });
    });

    it('401 UNAUTHENTICATED for wrong credentials', async () => {
      const res = await http.post('/api/auth/login', '', { email: a.careManager.email, password: 'wrong-password' });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    });

    it("403 PERMISSION_DENIED for a role without the route's permission", async () => {
      const res = await http.get('/api/caseload', a.leadership.auth).expect(403);
      expect(res.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining('leadership'),
      });
    });

    it("404 NOT_FOUND for another clinic's patient (from AccessService and from a service's own scope)", async () => {
      const p = await createPatient(t.db, a);
      const contacts = await http.get(`/api/patients/${p.patientId}/contacts`, b.careManager.auth).expect(404);
      expect(contacts.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        code: 'NOT_FOUND',
        message: `Patient ${p.patientId} not found`,
      });
      const assessment = await http
        .post(`/api/patients/${p.patientId}/assessments`, b.careManager.auth, {
          instrument: 'GAD7',
          administeredOn: '2026-03-10',
          source: 'clinic',
          answers: { gad7_1: 1, gad7_2: 1, gad7_3: 1, gad7_4: 1, gad7_5: 1, gad7_6: 1, gad7_7: 1 },
        })
        .expect(404);
      expect(assessment.body).toMatchObject({ code: 'NOT_FOUND', message: `Patient ${p.patientId} not found` });
    });

    it('404 NOT_CONFIGURED for single sign-on on a server without it', async () => {
      const res = await http.get('/api/auth/oidc/login', '').expect(404);
      expect(res.body).toMatchObject({ code: 'NOT_CONFIGURED', message: 'Single sign-on is not configured' });
    });

    it('400: request validation names the field (message list), a domain validation names it in `field`', async () => {
      const p = await createPatient(t.db, a);
      const dto = await http
        .post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, { type: 'follow_up', minutes: 'ten' })
        .expect(400);
      expect(dto.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(dto.body.message)).toContain('minutes');
      const domain = await http
        .post(`/api/patients/${p.patientId}/assessments`, a.careManager.auth, {
          instrument: 'PHQ9',
          administeredOn: '2099-01-01',
          source: 'clinic',
          answers: {},
        })
        .expect(400);
      expect(domain.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'administeredOn' });
    });
  });
});
