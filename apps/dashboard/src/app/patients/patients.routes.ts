import type { Routes } from '@angular/router';
import { PatientsPage } from './patients.page';

export const PATIENTS_ROUTES: Routes = [
  { path: '', pathMatch: 'full', component: PatientsPage, title: 'My patients · Huddle' },
  // One patient: its own lazy chunk.
  { path: '', loadChildren: () => import('../patient/patient.routes').then((m) => m.PATIENT_ROUTES) },
];
