import request from 'supertest';
import { Controller, Get, Module } from '@nestjs/common';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';
import { AccessService } from '../src/app/auth/access.service';
import { Clock } from '../src/app/auth/clock';

describe('auth core: deny by default, sessions, patient scoping', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createClinic(t);
    b = await createClinic(t);
  });
  afterAll(() => t.close());

  it('lets public routes through without a token, and no others', async () => {
    const server = t.app.getHttpServer();
    await request(server).get('/api/overview').expect(401);
    await request(server).get('/api/auth/providers').expect(200);
    await request(server).get('/api/health/live').set('Authorization', 'Bearer nope').expect(200);
  });

  it('scopes patients to the caseload, the consultant, the PCP and the clinic', async () => {
    const access = t.app.get(AccessService);
    const mine = await createPatient(t.db, a);
    const other = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id });
    const elsewhere = await createPatient(t.db, b);
    const user = (s: ClinicFixture['careManager']) => ({ ...s, sessionId: 'x' });

    await expect(access.requirePatient(user(a.careManager), mine.patientId)).resolves.toBeUndefined();
    await expect(access.requirePatient(user(a.careManager), other.patientId)).rejects.toThrow('not found');
    await expect(access.requirePatient(user(a.careManager), elsewhere.patientId)).rejects.toThrow('not found');
    await expect(access.requirePatient(user(a.consultant), mine.patientId)).resolves.toBeUndefined();
    await expect(access.requirePatient(user(a.pcp), mine.patientId)).resolves.toBeUndefined();
    await expect(access.requirePatient(user(a.leadership), mine.patientId)).rejects.toThrow('not found');
    await expect(access.requirePatient(user(a.admin), mine.patientId)).rejects.toThrow('not found');
    await expect(access.requirePatient(user(b.careManager), mine.patientId)).rejects.toThrow('not found');

    // Covering a colleague's caseload opens it on the days of the coverage: the clinic's days (New
    // York), by the API's clock, not the database server's UTC date.
    await t.db.query(
      `INSERT INTO caseload_coverage (clinic_id, covering_staff_id, covered_staff_id, starts_on, ends_on)
       VALUES ($1, $2, $3, '2026-11-20', '2026-11-29')`,
      [a.clinicId, a.careManager.id, a.otherCareManager.id],
    );
    const clock = jest.spyOn(t.app.get(Clock), 'now');
    const coversAt = async (iso: string): Promise<boolean> => {
      clock.mockImplementation(() => new Date(iso));
      return access.requirePatient(user(a.careManager), other.patientId).then(
        () => true,
        () => false,
      );
    };
    try {
      expect(await coversAt('2026-11-20T04:30:00Z')).toBe(false); // 23:30 on the 19th in New York
      expect(await coversAt('2026-11-20T05:30:00Z')).toBe(true); // 00:30 on the 20th
      expect(await coversAt('2026-11-30T03:00:00Z')).toBe(true); // 22:00 on the 29th (the 30th in UTC)
      expect(await coversAt('2026-11-30T05:30:00Z')).toBe(false); // 00:30 on the 30th
    } finally {
      clock.mockRestore();
    }
  });
});

@Controller('probe')
class ProbeController {
  @Get()
  noPermissionDeclared(): string {
    return 'should never be reachable';
  }
}
@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('a route that declares no permission', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({}, undefined, [ProbeModule])));
  afterAll(() => t.close());

  it('answers 401 without a token or with a forged one', async () => {
    await request(t.app.getHttpServer()).get('/api/probe').expect(401);
    await request(t.app.getHttpServer()).get('/api/probe').set('Authorization', 'Bearer forged.token.here').expect(401);
  });

  it('is refused for every role', async () => {
    const clinic = await createClinic(t);
    for (const staff of [clinic.careManager, clinic.consultant, clinic.pcp, clinic.leadership, clinic.admin]) {
      await request(t.app.getHttpServer()).get('/api/probe').set('Authorization', staff.auth).expect(403);
    }
  });
});
