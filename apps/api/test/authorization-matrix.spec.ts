import { randomBytes } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { StaffRole } from '@huddle/shared-types';
import { PERMISSION_KEY } from '../src/app/auth/auth.decorators';
import { roleHasPermission, type Permission } from '../src/app/auth/permissions';
import { SessionService } from '../src/app/auth/session.service';
import { IS_PUBLIC_KEY } from '../src/app/common/public.decorator';
import { createClinic, createPatient, createStaff, type ClinicFixture, type StaffFixture } from './fixtures';
import { sharedFixtures } from './support/shared-fixtures';
import { createTestApp, type TestApp } from './test-app';

/**
 * Authorization matrix (issue #5): every route of the running app × every role × {own caseload
 * patient, another caseload of the same clinic, another clinic}. The expected status is derived from
 * the route's declared permission and ROLE_PERMISSIONS (403 when the role lacks it) and, for routes on
 * one patient's data, from patient scoping (404 outside the caller's scope, so existence is not
 * revealed). A route with no rule below fails the test: new routes must be added here.
 */

/** What a route's id parameter names. Patient-level targets are scoped; `staff` is clinic-scoped. */
type Target =
  | 'patient'
  | 'episode'
  | 'contact'
  | 'flag'
  | 'recommendation'
  | 'medication'
  | 'staff'
  | 'assessment'
  // FHIR (issue #15): a diagnosis (`<episode>-F32.1`), a relapse-prevention plan (= its episode), the
  // clinic as a Group (per clinic, like staff), a bulk export of the caller (queued).
  | 'condition'
  | 'careplan'
  | 'clinic'
  | 'export'
  // A screening visit (issue #17), scoped through its patient.
  | 'screening'
  // Integrated care (issue #17 part 2)
  | 'social_need'
  | 'problem'
  | 'huddle_item'
  | 'care_task';

interface RouteRule {
  target?: Target;
  /** A valid body: authorization must be decided on a request that would otherwise succeed. */
  body?: (r: Resources) => object;
  query?: Record<string, string> | ((r: Resources) => Record<string, string>);
  /** Public route: answer expected without a token (and no per-role check). */
  anonymous?: number;
  /** Documentation routes served outside Nest's router: listed, not requested. */
  notRequested?: true;
  /** A fixed, unscoped `:id` (e.g. a Questionnaire of the instrument catalogue). */
  fixedId?: string;
  headers?: Record<string, string>;
}

interface Resources {
  clinic: ClinicFixture;
  patientId: string;
  episodeId: string;
  contactId: string;
  flagId: string;
  recommendationId: string;
  medicationId: string;
  staffId: string;
  assessmentId: string;
  exportId: string;
  screeningId: string;
  socialNeedId: string;
  problemId: string;
  huddleItemId: string;
  careTaskId: string;
}

const today = new Date().toISOString().slice(0, 10);
const monday = (() => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
})();
const month = today.slice(0, 7);
const unique = (): string => randomBytes(4).toString('hex');
const phq9 = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, 1]));

const RULES: Record<string, RouteRule> = {
  // Public
  'GET /api/health/live': { anonymous: 200 },
  'GET /api/health/ready': { anonymous: 200 },
  'GET /api/auth/providers': { anonymous: 200 },
  'POST /api/auth/login': { anonymous: 401, body: () => ({ email: 'nobody@x.test', password: 'wrong' }) },
  'POST /api/auth/refresh': { anonymous: 401, body: () => ({ refreshToken: 'x'.repeat(43) }) },
  'GET /api/auth/oidc/login': { anonymous: 404 }, // SSO not configured in this app
  'GET /api/auth/oidc/callback': { anonymous: 404 },
  'POST /api/auth/oidc/exchange': { anonymous: 404, body: () => ({ code: 'x'.repeat(43) }) },
  'GET /api/docs': { notRequested: true },
  'GET /api/docs/': { notRequested: true },
  'GET /api/docs-json': { notRequested: true },
  'GET /api/docs-yaml': { notRequested: true },
  'GET /api/docs/LICENSE': { notRequested: true },
  'GET /api/docs/index.html': { notRequested: true },
  'GET /api/docs/swagger-ui-init.js': { notRequested: true },
  'GET /api/docs/docs/swagger-ui-init.js': { notRequested: true },
  'GET /api/docs/*': { notRequested: true }, // Swagger UI's static assets
  'GET /api/docs/docs/*': { notRequested: true },

  // Registry overview: signed-in staff, own clinic only (issue #14 item 7)
  'GET /api/overview': {},

  // Test-only event-loop window of the reliability suite (issue #14; RUNTIME_METRICS_ENABLED)
  'POST /api/health/runtime/event-loop': {},

  // CMS159 as a MeasureReport (issue #15): summary over the caller's patients
  'GET /fhir/R4/Measure/CMS159/$evaluate-measure': { query: { periodStart: '2026-01-01', periodEnd: '2026-12-31' } },

  // Own session, audit
  'GET /api/auth/me': {},
  'POST /api/auth/logout': {},
  'GET /api/audit': {},

  // Clinic and staff
  'GET /api/clinics/current': {},
  'PATCH /api/clinics/current': { body: () => ({ version: 1 }) },
  'GET /api/staff': {},
  'GET /api/staff/care-team-options': {},
  'POST /api/staff': { body: () => ({ email: `new.${unique()}@matrix.test`, displayName: 'New Staff', role: 'pcp' }) },
  'PATCH /api/staff/:id': { target: 'staff', body: () => ({ version: 1, displayName: 'Renamed' }) },

  // Patients and their records
  'POST /api/patients': {
    body: () => ({ mrn: `M${unique()}`, givenName: 'Ann', familyName: 'Lee', birthDate: '1980-01-02' }),
  },
  'GET /api/patients': {},
  'GET /api/patients/:id': { target: 'patient' },
  'PATCH /api/patients/:id': { target: 'patient', body: () => ({ version: 1, payer: 'Medicaid' }) },
  'POST /api/patients/:id/episodes': { target: 'patient', body: () => ({}) },
  'GET /api/episodes/:id': { target: 'episode' },
  'PATCH /api/episodes/:id/status': {
    target: 'episode',
    body: () => ({ version: 1, status: 'relapse_prevention', on: today }),
  },
  'PATCH /api/episodes/:id/care-team': { target: 'episode', body: () => ({ version: 1 }) },
  'PUT /api/episodes/:id/diagnoses': { target: 'episode', body: () => ({ version: 1, diagnoses: ['F32.1'] }) },
  'GET /api/patients/:id/assessments': { target: 'patient' },
  'POST /api/patients/:id/assessments': {
    target: 'patient',
    body: () => ({ instrument: 'PHQ9', administeredOn: today, source: 'clinic', answers: phq9 }),
  },
  'GET /api/patients/:id/contacts': { target: 'patient' },
  'POST /api/patients/:id/contacts': {
    target: 'patient',
    body: () => ({ type: 'follow_up', modality: 'phone', startedAt: new Date().toISOString(), minutes: 10 }),
  },
  'PATCH /api/contacts/:id': { target: 'contact', body: () => ({ version: 1, minutes: 15 }) },
  'GET /api/patients/:id/flags': { target: 'patient' },
  'POST /api/patients/:id/flags': { target: 'patient', body: () => ({ code: 'SAFETY_CONCERN', note: 'matrix' }) },
  'POST /api/flags/:id/resolve': { target: 'flag', body: () => ({ version: 1 }) },
  'GET /api/patients/:id/billing': { target: 'patient', query: { month } },
  // Flag lifecycle and corrections (issue #11, h1)
  'POST /api/patients/:id/safety-follow-ups': {
    target: 'patient',
    body: () => ({
      method: 'cssrs_screener',
      riskLevel: 'low',
      safetyPlan: 'reviewed',
      lethalMeansCounselling: true,
      crisisLineGiven: true,
      disposition: 'continue_outpatient',
      consultantNotified: false,
      nextContactOn: today,
    }),
  },
  'GET /api/patients/:id/safety-follow-ups': { target: 'patient' },
  'GET /api/patients/:id/flag-history': { target: 'patient' },
  'GET /api/patients/:id/revisions': { target: 'patient' },
  'PUT /api/assessments/:id': { target: 'assessment', body: () => ({ answers: phq9, reason: 'Mistyped item' }) },
  'POST /api/assessments/:id/entered-in-error': { target: 'assessment', body: () => ({ reason: 'Wrong patient' }) },
  'PUT /api/contacts/:id': { target: 'contact', body: () => ({ version: 1, minutes: 15, reason: 'Mistyped minutes' }) },
  'POST /api/contacts/:id/entered-in-error': { target: 'contact', body: () => ({ reason: 'Logged twice' }) },
  'GET /api/billing/monthly': { query: { month } },
  'GET /api/billing/worklist': { query: { month } },
  'GET /api/billing/worklist.csv': { query: { month } },

  // Caseload, review, outcomes
  'GET /api/caseload': {},
  'GET /api/caseloads/holders': {},
  // A care manager moves one fresh episode of their own caseload; an admin is refused episodeIds (400 with a code).
  'POST /api/caseloads/transfer': {
    body: (r) => ({
      fromCareManagerId: r.clinic.careManager.id,
      toCareManagerId: r.clinic.otherCareManager.id,
      episodeIds: [r.episodeId],
    }),
  },
  'GET /api/review/agenda': {},
  'GET /api/review/patients/:id/summary': { target: 'patient' },
  'POST /api/review/episodes/:episodeId/reviews': {
    target: 'episode',
    body: () => ({ weekOf: monday, recommendations: [] }),
  },
  'GET /api/patients/:id/recommendations': { target: 'patient' },
  'GET /api/patients/:id/reviews': { target: 'patient' },
  'PATCH /api/recommendations/:id/status': {
    target: 'recommendation',
    // new → implemented is refused (409) after authorization; accepting is the PCP's alone (403 by role).
    body: () => ({ status: 'implemented', version: 1 }),
  },
  'GET /api/recommendations/inbox': {},

  // Shared care record (issue #11)
  'GET /api/patients/:id/timeline': { target: 'patient', query: { kinds: 'score,contact', limit: '10' } },
  'GET /api/patients/:id/medications': { target: 'patient' },
  'GET /api/patients/:id/medication-events': { target: 'patient' },
  'POST /api/patients/:id/medications': {
    target: 'patient',
    body: () => ({ name: 'sertraline', dose: '50 mg daily', startedOn: '2026-01-05' }),
  },
  'POST /api/medications/:id/changes': {
    target: 'medication',
    body: () => ({ dose: '100 mg daily', effectiveOn: '2026-01-20', version: 1 }),
  },
  'POST /api/medications/:id/stop': { target: 'medication', body: () => ({ stoppedOn: '2026-01-20', version: 1 }) },
  'GET /api/episodes/:id/relapse-prevention-plan': { target: 'episode' },
  'PUT /api/episodes/:id/relapse-prevention-plan': {
    target: 'episode',
    body: () => ({
      warningSigns: 'Sleeping badly',
      copingStrategies: 'Walks',
      supports: 'Sister',
      maintenanceTreatment: 'Sertraline 100 mg',
      maintenanceDuration: '12 months',
      monitoringPlan: 'Monthly PHQ-9',
      ifSymptomsReturn: 'Call the care manager',
    }),
  },
  'GET /api/outcomes/trends': {},
  'GET /api/outcomes/program': {},
  'GET /api/outcomes/quality': {},
  'GET /api/outcomes/billing': {},
  'GET /api/outcomes/cms159': { query: { year: '2026' } },

  // FHIR R4 (issue #15), outside the /api prefix
  'GET /fhir/R4/metadata': { anonymous: 200 },
  'GET /fhir/R4/Patient': {},
  'GET /fhir/R4/Patient/:id': { target: 'patient' },
  'GET /fhir/R4/EpisodeOfCare': {},
  'GET /fhir/R4/EpisodeOfCare/:id': { target: 'episode' },
  'GET /fhir/R4/Condition': {},
  'GET /fhir/R4/Condition/:id': { target: 'condition' },
  'GET /fhir/R4/QuestionnaireResponse': {},
  'GET /fhir/R4/QuestionnaireResponse/:id': { target: 'assessment' },
  'GET /fhir/R4/Observation': {},
  'GET /fhir/R4/Observation/:id': { target: 'assessment' },
  'GET /fhir/R4/CarePlan': {},
  'GET /fhir/R4/CarePlan/:id': { target: 'careplan' },
  'GET /fhir/R4/Questionnaire': {},
  'GET /fhir/R4/Questionnaire/:id': { fixedId: 'phq9' },
  'GET /fhir/R4/Group/:id/$export': { target: 'clinic', headers: { Prefer: 'respond-async' } },
  'GET /fhir/R4/bulk-status/:jobId': { target: 'export' },
  'DELETE /fhir/R4/bulk-status/:jobId': { target: 'export' },
  // Needs a finished export's file on disk: fhir-bulk-export.spec.ts checks 401, other users' 404 and the owner's 200.
  'GET /fhir/R4/bulk-files/:jobId/:file': { notRequested: true },
  'GET /fhir/R4/:type': { anonymous: 404 },
  'GET /fhir/R4/:type/:id': { anonymous: 404 },
  // Import (issue #15)
  'POST /fhir/R4': { body: () => ({ resourceType: 'Bundle', type: 'batch', entry: [] }) },
  'POST /api/imports/csv': { query: { dryRun: 'true' }, body: () => ({}) },
  'GET /api/imports/:id': { notRequested: true }, // the caller's own job ids (csv-import.spec.ts)
  'GET /api/imports': {}, // the caller's own jobs (import-jobs.spec.ts)
  'GET /api/caseload/export': {},
  'GET /api/outcomes/export': {},
  'GET /api/billing/worklist.xlsx': { query: { month } },
  // Patient self-report (issue #16). The public form answers one 404 to a token it does not know.
  'POST /api/self-report/open': { anonymous: 404, body: () => ({ token: 'x'.repeat(43) }) },
  'POST /api/self-report/submit': {
    anonymous: 404,
    body: () => ({ token: 'x'.repeat(43), responses: [{ instrument: 'PHQ9', answers: phq9 }] }),
  },
  // No SMTP server in this app: a permitted, in-scope request is refused 400 with a code (channel).
  'POST /api/patients/:id/self-report-links': {
    target: 'patient',
    body: () => ({ instruments: ['PHQ9'], channel: 'email', email: 'patient@matrix.test' }),
  },
  'GET /api/patients/:id/self-report-contact': { target: 'patient' },
  // Everything the patient page shows, in one request (issue #13).
  'GET /api/patients/:id/page': { target: 'patient' },
  'PUT /api/patients/:id/self-report-contact': {
    target: 'patient',
    body: () => ({ email: 'patient@matrix.test', phone: null }),
  },
  'POST /api/patients/:id/kiosk-codes': { target: 'patient', body: () => ({ instruments: ['PHQ9'] }) },
  // An unknown code is a 400 naming `code`.
  'POST /api/kiosk/redeem': { body: () => ({ code: 'ABCDEFGH' }) },
  'GET /api/self-report/status': {},
  // Caseload badges (issue #16): the episode's id in the query; another caseload's or clinic's is a 404.
  'GET /api/self-report/states': { target: 'episode', query: (r) => ({ episodeIds: r.episodeId }) },
  'GET /api/self-report/settings': {},
  // The first save (version 0) stores the settings; later ones at version 0 are 409s.
  'PUT /api/self-report/settings': {
    body: () => ({
      activeIntervalDays: 14,
      relapsePreventionIntervalDays: 30,
      leadDays: 3,
      reminderAfterDays: 2,
      linkExpiryHours: 72,
      kioskCodeMinutes: 30,
      safetyContactEmail: null,
      version: 0,
    }),
  },
  // Universal screening, referrals, utilization, the health-system view (issue #17 part 1). A follow-up plan
  // for the negative screen of the fixture is a 400 with a code (after authorization).
  'POST /api/patients/:id/screenings': {
    target: 'patient',
    body: () => ({ visitOn: '2026-01-05', phq2: { phq2_1: 0, phq2_2: 1 } }),
  },
  'GET /api/patients/:id/screenings': { target: 'patient' },
  'POST /api/screenings/:id/follow-up-plan': {
    target: 'screening',
    body: () => ({ version: 1, kinds: ['referral'], on: '2026-01-05' }),
  },
  'POST /api/screenings/:id/referral': {
    target: 'screening',
    body: () => ({ referredOn: '2026-01-05', warmHandoff: false }),
  },
  'GET /api/screening/settings': {},
  'PUT /api/screening/settings': { body: () => ({ auditCCutoff: 4, auditCFemaleCutoff: 3, pcPtsd5CutPoint: 3 }) },
  'GET /api/screening/summary': {},
  'GET /api/screening/handoff-clinicians': {},
  'POST /api/patients/:id/utilization': {
    target: 'patient',
    body: () => ({ kind: 'ed_visit', startsOn: '2026-01-05' }),
  },
  'GET /api/patients/:id/utilization': { target: 'patient' },
  'GET /api/utilization/by-cohort': {},
  'GET /api/organisation/summary': {},
  // Integrated care (issue #17 part 2): social needs, problem list, preferences, summary, cohorts, huddles
  'GET /api/patients/:id/social-needs': { target: 'patient' },
  'POST /api/patients/:id/social-needs/screenings': {
    target: 'patient',
    body: () => ({ screenedOn: '2026-01-05', answers: { hrsn_food_worry: 'often_true' } }),
  },
  'POST /api/social-needs/:id/progress': {
    target: 'social_need',
    body: () => ({ status: 'referred', on: '2026-01-05', resourceName: 'Food bank', version: 1 }),
  },
  'GET /api/patients/:id/problems': { target: 'patient' },
  'POST /api/patients/:id/problems': { target: 'patient', body: () => ({ code: 'E11.9', text: 'Type 2 diabetes' }) },
  'POST /api/problems/:id/resolve': { target: 'problem', body: () => ({ resolvedOn: '2026-01-05', version: 1 }) },
  'POST /api/patients/:id/labs': { target: 'patient', body: () => ({ kind: 'hba1c', on: '2026-01-05', hba1c: 7.1 }) },
  'GET /api/patients/:id/care-preferences': { target: 'patient' },
  'PUT /api/patients/:id/care-preferences': {
    target: 'patient',
    body: () => ({ contactMethod: 'phone', contactTimes: null, whatHelps: null, whatToAvoid: null, version: 0 }),
  },
  'GET /api/patients/:id/summary': { target: 'patient' },
  'GET /api/outcomes/by-cohort': {},
  'GET /api/huddle/items': {},
  'POST /api/huddle/items': { body: (r) => ({ patientId: r.patientId, question: 'Step up treatment?' }) },
  'POST /api/huddle/items/:id/discuss': { target: 'huddle_item', body: () => ({ note: 'Discussed', tasks: [] }) },
  'GET /api/tasks/mine': {},
  'POST /api/tasks/:id/status': { target: 'care_task', body: () => ({ done: true, version: 1 }) },
};

const ROLES: StaffRole[] = [
  'care_manager',
  'psychiatric_consultant',
  'pcp',
  'leadership',
  'admin',
  'kiosk',
  'org_leadership',
];
/** Roles that see no patient-level data at all (aggregates only; the kiosk redeems codes only). */
const NO_PATIENT_ACCESS: StaffRole[] = ['leadership', 'admin', 'kiosk', 'org_leadership'];
type Scenario = 'own' | 'other_caseload' | 'other_clinic';
const SCENARIOS: Scenario[] = ['own', 'other_caseload', 'other_clinic'];

interface DiscoveredRoute {
  key: string;
  method: string;
  path: string;
  isPublic: boolean;
  permission: Permission | undefined;
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

const joinPath = (...parts: string[]): string =>
  `/${parts
    .join('/')
    .split('/')
    .filter((p) => p.length > 0)
    .join('/')}`;

/** Controller routes with their declared permission, read from Nest's metadata. */
function discoverControllerRoutes(t: TestApp): Map<string, DiscoveredRoute> {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  const routes = new Map<string, DiscoveredRoute>();
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!controller) continue;
    const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as () => unknown;
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (methodPaths === undefined) continue;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'OTHER';
      for (const prefix of base) {
        for (const sub of [methodPaths].flat()) {
          // The FHIR API is excluded from the global prefix (configure-app.ts).
          const path = String(prefix).startsWith('fhir/') ? joinPath(prefix, sub) : joinPath('api', prefix, sub);
          const key = `${method} ${path}`;
          routes.set(key, {
            key,
            method,
            path,
            isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, controller]) === true,
            permission: reflector.getAllAndOverride<Permission>(PERMISSION_KEY, [handler, controller]),
          });
        }
      }
    }
  }
  return routes;
}

describe('authorization matrix: every route × role × patient scope', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let otherCaseload: { consultant: StaffFixture; pcp: StaffFixture };
  let kiosk: StaffFixture;
  let orgLeader: StaffFixture;
  let controllerRoutes: Map<string, DiscoveredRoute>;
  let allRoutes: string[];

  beforeAll(async () => {
    // The reliability suite's event-loop route is on here, so its permission is checked like any other.
    t = await createTestApp(
      {
        RUNTIME_METRICS_ENABLED: 'true',
        MEASURE_VALUE_SETS_DIR: path.join(sharedFixtures('cms159-2025'), 'valuesets'),
      },
      undefined,
      [DiscoveryModule],
    );
    a = await createClinic(t);
    b = await createClinic(t);
    otherCaseload = {
      consultant: await createStaff(t, a.clinicId, 'psychiatric_consultant'),
      pcp: await createStaff(t, a.clinicId, 'pcp'),
    };
    kiosk = await createStaff(t, a.clinicId, 'kiosk');
    // Clinic a belongs to an organisation, so its organisation leadership reaches the health-system view.
    const [organisation] = await t.db.query(`INSERT INTO organisation (name) VALUES ($1) RETURNING id`, [
      `Matrix health ${unique()}`,
    ]);
    await t.db.query(`UPDATE clinic SET organisation_id = $1 WHERE id = $2`, [organisation.id, a.clinicId]);
    orgLeader = await createStaff(t, a.clinicId, 'org_leadership');
    controllerRoutes = discoverControllerRoutes(t);
    allRoutes = t.routes;
  });
  afterAll(() => t.close());

  const userOf = (role: StaffRole): StaffFixture => {
    switch (role) {
      case 'care_manager':
        return a.careManager;
      case 'psychiatric_consultant':
        return a.consultant;
      case 'pcp':
        return a.pcp;
      case 'leadership':
        return a.leadership;
      case 'admin':
        return a.admin;
      case 'kiosk':
        return kiosk;
      case 'org_leadership':
        return orgLeader;
    }
  };

  /** A fresh session, so routes that end it (logout) do not affect the next request. */
  const tokenFor = async (user: StaffFixture): Promise<string> => {
    const tokens = await t.app.get(SessionService).open(user);
    return `Bearer ${tokens.accessToken}`;
  };

  /** Fresh records for one request: in the caller's scope (`own`), or out of it. */
  async function resources(scenario: Scenario, actor: StaffFixture): Promise<Resources> {
    const clinic = scenario === 'other_clinic' ? b : a;
    const careTeam =
      scenario === 'own'
        ? { careManagerId: a.careManager.id, consultantId: a.consultant.id, pcpId: a.pcp.id }
        : scenario === 'other_caseload'
          ? {
              careManagerId: a.otherCareManager.id,
              consultantId: otherCaseload.consultant.id,
              pcpId: otherCaseload.pcp.id,
            }
          : { careManagerId: b.careManager.id, consultantId: b.consultant.id, pcpId: b.pcp.id };
    const { patientId, episodeId } = await createPatient(t.db, clinic, careTeam);
    const author = scenario === 'own' && actor.role === 'care_manager' ? actor.id : careTeam.careManagerId;
    const [contact] = await t.db.query(
      `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes)
       VALUES ($1, $2, $3, $4, 'follow_up', 'phone', now() - interval '1 day', 20) RETURNING id`,
      [clinic.clinicId, patientId, episodeId, author],
    );
    const [flag] = await t.db.query(
      `INSERT INTO manual_flag (clinic_id, patient_id, episode_id, code, raised_by)
       VALUES ($1, $2, $3, 'DISCUSS_WITH_CONSULTANT', $4) RETURNING id`,
      [clinic.clinicId, patientId, episodeId, careTeam.careManagerId],
    );
    const [review] = await t.db.query(
      `INSERT INTO consultant_review (clinic_id, patient_id, episode_id, consultant_id, reviewed_at, week_of)
       VALUES ($1, $2, $3, $4, now() - interval '14 days', (current_date - 14)) RETURNING id`,
      [clinic.clinicId, patientId, episodeId, careTeam.consultantId],
    );
    const [recommendation] = await t.db.query(
      `INSERT INTO recommendation (clinic_id, review_id, episode_id, type, detail)
       VALUES ($1, $2, $3, 'psychotherapy', 'Start behavioural activation') RETURNING id`,
      [clinic.clinicId, review.id, episodeId],
    );
    const [medication] = await t.db.query(
      `INSERT INTO medication (clinic_id, patient_id, episode_id, name, dose, started_on)
       VALUES ($1, $2, $3, 'sertraline', '50 mg daily', '2026-01-01') RETURNING id`,
      [clinic.clinicId, patientId, episodeId],
    );
    const [assessment] = await t.db.query(
      `INSERT INTO assessment (clinic_id, patient_id, episode_id, instrument, administered_on, source, answers, total,
         severity, positive_screen, complete, safety_risk)
       VALUES ($1, $2, $3, 'PHQ9', current_date - 1, 'clinic', $4, 9, 'mild', NULL, true, true) RETURNING id`,
      [clinic.clinicId, patientId, episodeId, JSON.stringify(phq9)],
    );
    await t.db.query(
      `INSERT INTO relapse_prevention_plan (episode_id, clinic_id, patient_id, warning_signs, coping_strategies, supports,
         maintenance_treatment, maintenance_duration, monitoring_plan, if_symptoms_return, updated_by, created_at, updated_at)
       VALUES ($1, $2, $3, 'w', 'c', 's', 'm', 'd', 'p', 'r', $4, now(), now())`,
      [episodeId, clinic.clinicId, patientId, careTeam.careManagerId],
    );
    const exportOwner = scenario === 'own' ? actor : scenario === 'other_caseload' ? a.otherCareManager : b.careManager;
    const [fhirExport] = await t.db.query(
      `INSERT INTO fhir_export_job (clinic_id, requested_by, requester_role, types, request_url)
       VALUES ($1, $2, $3, '{Patient}', 'http://matrix.test/fhir/R4/Group/x/$export') RETURNING id`,
      [exportOwner.clinicId, exportOwner.id, exportOwner.role],
    );
    // Issue #17 part 2 records, in one statement (this runs once per request of the matrix).
    const [care] = await t.db.query(
      `WITH s AS (
         INSERT INTO social_needs_screening (clinic_id, patient_id, screened_on, source, answers, positive_domains)
         VALUES ($1, $2, '2026-01-01', 'clinic', '{"hrsn_food_worry":"often_true"}', '{food}') RETURNING id),
       n AS (
         INSERT INTO social_need (clinic_id, patient_id, screening_id, domain, identified_on)
         SELECT $1, $2, s.id, 'food', '2026-01-01' FROM s RETURNING id),
       pr AS (
         INSERT INTO patient_clinical_event (clinic_id, patient_id, kind, code_system, code, display, status, source)
         VALUES ($1, $2, 'condition', 'http://hl7.org/fhir/sid/icd-10-cm', 'I10', 'Hypertension', 'active', 'manual')
         RETURNING id),
       h AS (
         INSERT INTO huddle_item (clinic_id, patient_id, question, raised_by, raised_at)
         VALUES ($1, $2, 'Step up?', $3, now()) RETURNING id),
       ct AS (
         INSERT INTO care_task (clinic_id, patient_id, title, owner_id, due_on, created_by, created_at)
         VALUES ($1, $2, 'Call', $3, '2026-01-05', $3, now()) RETURNING id)
       SELECT n.id AS need, pr.id AS problem, h.id AS item, ct.id AS task FROM n, pr, h, ct`,
      [clinic.clinicId, patientId, careTeam.careManagerId],
    );
    const staff = await createStaff(t, clinic.clinicId, 'pcp');
    const [screening] = await t.db.query(
      `INSERT INTO screening_visit (clinic_id, patient_id, visit_on, screened_by, cutoffs, phq2_total, depression_positive)
       VALUES ($1, $2, '2026-01-05', $3, '{"phq2": 3}', 1, false) RETURNING id`,
      [clinic.clinicId, patientId, careTeam.pcpId],
    );
    return {
      screeningId: screening.id,
      socialNeedId: care.need,
      problemId: care.problem,
      huddleItemId: care.item,
      careTaskId: care.task,
      exportId: fhirExport.id,
      assessmentId: assessment.id,
      clinic,
      patientId,
      episodeId,
      contactId: contact.id,
      flagId: flag.id,
      recommendationId: recommendation.id,
      medicationId: medication.id,
      staffId: staff.id,
    };
  }

  const idFor = (target: Target | undefined, r: Resources): string | undefined =>
    target === undefined
      ? undefined
      : {
          patient: r.patientId,
          episode: r.episodeId,
          contact: r.contactId,
          flag: r.flagId,
          recommendation: r.recommendationId,
          medication: r.medicationId,
          staff: r.staffId,
          assessment: r.assessmentId,
          condition: `${r.episodeId}-F32.1`,
          careplan: r.episodeId,
          clinic: r.clinic.clinicId,
          export: r.exportId,
          screening: r.screeningId,
          social_need: r.socialNeedId,
          problem: r.problemId,
          huddle_item: r.huddleItemId,
          care_task: r.careTaskId,
        }[target];

  async function send(route: DiscoveredRoute, rule: RouteRule, r: Resources, auth?: string) {
    const id = rule.fixedId ?? idFor(rule.target, r);
    const url = route.path.replace(/:(id|patientId|episodeId|jobId)\b/g, () => id ?? 'missing-id');
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let req = request(t.app.getHttpServer())
      [method](url)
      .query(typeof rule.query === 'function' ? rule.query(r) : (rule.query ?? {}));
    if (auth) req = req.set('Authorization', auth);
    for (const [name, value] of Object.entries(rule.headers ?? {})) req = req.set(name, value);
    return rule.body ? req.send(rule.body(r)) : req;
  }

  /** Reached the handler: success, a conflict, or a domain validation error (which carries a code). */
  const passedAuthorization = (res: { status: number; body: { code?: unknown } }): boolean =>
    (res.status >= 200 && res.status < 300) || res.status === 409 || (res.status === 400 && Boolean(res.body.code));

  it('has a rule for every route, and a route for every rule', () => {
    const missing = allRoutes.filter((key) => !(key in RULES));
    const stale = Object.keys(RULES).filter((key) => !allRoutes.includes(key));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    for (const key of controllerRoutes.keys()) expect(allRoutes).toContain(key);
  });

  it('answers every route × role × scope as its permission and the patient scope say', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    const expectStatus = (label: string, ok: boolean, expected: string, res: { status: number; body: unknown }) => {
      checked++;
      if (!ok)
        mismatches.push(`${label}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    };

    for (const route of controllerRoutes.values()) {
      const rule = RULES[route.key];
      if (!rule || rule.notRequested) continue;
      const base = await resources('own', a.careManager);

      if (route.isPublic) {
        const res = await send(route, rule, base);
        expectStatus(`${route.key} anonymous`, res.status === rule.anonymous, String(rule.anonymous), res);
        continue;
      }
      const anonymous = await send(route, rule, base);
      expectStatus(`${route.key} anonymous`, anonymous.status === 401, '401', anonymous);

      for (const role of ROLES) {
        const user = userOf(role);
        const permitted = route.permission !== undefined && roleHasPermission(role, route.permission);
        const scoped = rule.target !== undefined;
        for (const scenario of scoped ? SCENARIOS : (['own'] as Scenario[])) {
          const perClinic = rule.target === 'staff' || rule.target === 'clinic';
          if (perClinic && scenario === 'other_caseload') continue; // staff and clinics are per clinic
          const label = `${route.key} as ${role} on ${scenario}`;
          const res = await send(route, rule, await resources(scenario, user), await tokenFor(user));
          if (!permitted) {
            expectStatus(label, res.status === 403, '403 (role lacks the permission)', res);
          } else if (scoped && (scenario !== 'own' || (!perClinic && NO_PATIENT_ACCESS.includes(role)))) {
            expectStatus(label, res.status === 404, '404 (out of scope)', res);
          } else {
            expectStatus(label, passedAuthorization(res), 'to pass authorization (2xx, 409, or 400 with a code)', res);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Guards against a discovery that silently finds nothing.
    expect(controllerRoutes.size).toBeGreaterThan(40);
    expect(checked).toBeGreaterThan(300);
    console.info(`authorization matrix: ${controllerRoutes.size} routes, ${checked} requests checked`);
    // Hundreds of requests, each with fresh records: longer than the default timeout on a busy machine
    // (the FHIR routes of issue #15 added ~300 requests; the integrated-care routes of issue #17 ~200).
  }, 900_000);
});
