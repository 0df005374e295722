import { expect, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from './session';

/** A demo user's API session: the `Authorization` header value and their staff id. */
export interface ApiUser {
  readonly auth: string;
  readonly id: string;
}

/** Signs a demo user in through the API (for a journey that makes its own records first). */
export async function apiUser(request: APIRequestContext, email: string): Promise<ApiUser> {
  const res = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.ok(), `sign-in of ${email}: ${res.status()} ${await res.text()}`).toBe(true);
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  return { auth: `Bearer ${body.accessToken}`, id: body.user.id };
}

/** One API call that must succeed; its JSON answer. */
export async function apiCall<T>(
  request: APIRequestContext,
  auth: string,
  method: 'get' | 'post' | 'patch' | 'put',
  url: string,
  data?: object,
): Promise<T> {
  const res = await request[method](url, { data, headers: { Authorization: auth } });
  expect(res.ok(), `${method.toUpperCase()} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** What registering a patient sends (POST /api/patients). */
export interface NewPatient {
  readonly mrn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate: string;
  readonly careManagerId?: string;
  readonly pcpId?: string;
  readonly referredOn?: string;
}

/**
 * Registers a patient as the care manager `cm` and takes the first episode to active (enrolled with
 * consent on `activeOn`, then active), after setting the care team when one is given.
 */
export async function registerActivePatient(
  request: APIRequestContext,
  cm: string,
  patient: NewPatient,
  activeOn: string,
  careTeam?: { careManagerId?: string; consultantId?: string; billingPcpId?: string },
): Promise<{ id: string; episodeId: string }> {
  const created = await apiCall<{ id: string; episodes: Array<{ id: string; version: number }> }>(
    request,
    cm,
    'post',
    '/api/patients',
    patient,
  );
  let episode = created.episodes[0] ?? { id: '', version: 0 };
  if (careTeam) {
    episode = await apiCall(request, cm, 'patch', `/api/episodes/${episode.id}/care-team`, {
      version: episode.version,
      ...careTeam,
    });
  }
  episode = await apiCall(request, cm, 'patch', `/api/episodes/${episode.id}/status`, {
    version: episode.version,
    status: 'enrolled',
    on: activeOn,
    consentOn: activeOn,
  });
  await apiCall(request, cm, 'patch', `/api/episodes/${episode.id}/status`, {
    version: episode.version,
    status: 'active',
    on: activeOn,
  });
  return { id: created.id, episodeId: episode.id };
}
