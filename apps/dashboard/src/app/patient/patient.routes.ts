import type { Routes } from '@angular/router';
import { PatientPage } from './patient.page';

export const PATIENT_ROUTES: Routes = [
  // The consultant's one-screen summary (issue #17).
  {
    path: ':patientId/summary',
    loadComponent: () => import('../integrated-care/consultant-summary.page').then((m) => m.ConsultantSummaryPage),
    title: 'Patient summary · Huddle',
  },
  { path: ':patientId', component: PatientPage, title: 'Patient · Huddle' },
];
