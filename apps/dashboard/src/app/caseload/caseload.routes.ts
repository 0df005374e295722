import type { Routes } from '@angular/router';
import { CaseloadPage } from './caseload.page';

export const CASELOAD_ROUTES: Routes = [{ path: '', component: CaseloadPage, title: 'Caseload · Huddle' }];
