import type { Routes } from '@angular/router';
import { authGuard, guestGuard, homeRedirectGuard, roleGuard } from './core/auth/auth.guards';
import { FEATURE_ROLES } from './core/auth/role-navigation';

export const appRoutes: Routes = [
  { path: '', pathMatch: 'full', canActivate: [homeRedirectGuard], children: [] },
  {
    path: 'login',
    canActivate: [guestGuard],
    loadChildren: () => import('./login/login.routes').then((m) => m.LOGIN_ROUTES),
  },
  // Aggregates of the signed-in user's clinic (issue #14: no longer public).
  {
    path: 'overview',
    canActivate: [authGuard],
    loadChildren: () => import('./overview/overview.routes').then((m) => m.OVERVIEW_ROUTES),
  },
  {
    path: 'caseload',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.caseload)],
    loadChildren: () => import('./caseload/caseload.routes').then((m) => m.CASELOAD_ROUTES),
  },
  {
    path: 'patients',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.patient)],
    loadChildren: () => import('./patients/patients.routes').then((m) => m.PATIENTS_ROUTES),
  },
  {
    path: 'review',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.review)],
    loadChildren: () => import('./review/review.routes').then((m) => m.REVIEW_ROUTES),
  },
  {
    path: 'outcomes',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.outcomes)],
    loadChildren: () => import('./outcomes/outcomes.routes').then((m) => m.OUTCOMES_ROUTES),
  },
  {
    path: 'admin',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.admin)],
    loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES),
  },
  // Patient self-report (issue #16): the public form (token in the URL fragment), the kiosk, the worklist.
  { path: 'r', loadComponent: () => import('./self-report/patient-form.page').then((m) => m.PatientFormPage) },
  {
    path: 'kiosk',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.kiosk)],
    loadComponent: () => import('./self-report/kiosk.page').then((m) => m.KioskPage),
  },
  {
    path: 'self-report',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.selfReport)],
    loadComponent: () => import('./self-report/worklist.page').then((m) => m.SelfReportWorklistPage),
  },
  // CSV and FHIR Bundle imports (issue #15).
  {
    path: 'import',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.import)],
    loadComponent: () => import('./import/import.page').then((m) => m.ImportPage),
  },
  // Universal screening, leadership's screening view, the health-system view (issue #17 part 1).
  {
    path: 'screening',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.screening)],
    loadComponent: () => import('./screening/screening.page').then((m) => m.ScreeningPage),
  },
  {
    path: 'screening-outcomes',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.screeningOutcomes)],
    loadComponent: () => import('./screening/screening-outcomes.page').then((m) => m.ScreeningOutcomesPage),
  },
  {
    path: 'organisation',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.organisation)],
    loadComponent: () => import('./screening/organisation.page').then((m) => m.OrganisationPage),
  },
  // Team huddle and my tasks (issue #17).
  {
    path: 'huddle',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.huddle)],
    loadChildren: () => import('./integrated-care/integrated-care.routes').then((m) => m.HUDDLE_ROUTES),
  },
  {
    path: 'tasks',
    canActivate: [authGuard, roleGuard(FEATURE_ROLES.huddle)],
    loadChildren: () => import('./integrated-care/integrated-care.routes').then((m) => m.TASKS_ROUTES),
  },
  { path: '**', loadComponent: () => import('./shared/not-found.page').then((m) => m.NotFoundPage) },
];
