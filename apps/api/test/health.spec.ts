import request from 'supertest';
import { createTestApp, type TestApp } from './test-app';

describe('health and docs', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers liveness', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/health/live').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('answers readiness with a real database ping', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/health/ready').expect(200);
    expect(res.body.info.database.status).toBe('up');
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(res.body.info.title).toBe('Huddle API');
    expect(Object.keys(res.body.paths)).toContain('/api/health/ready');
  });

  it('sets security headers (helmet)', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
