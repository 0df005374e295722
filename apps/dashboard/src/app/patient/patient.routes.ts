import type { Routes } from '@angular/router';
import { PatientPage } from './patient.page';

export const PATIENT_ROUTES: Routes = [{ path: ':patientId', component: PatientPage, title: 'Patient · Huddle' }];
