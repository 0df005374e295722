import type { Routes } from '@angular/router';
import { OutcomesPage } from './outcomes.page';

export const OUTCOMES_ROUTES: Routes = [{ path: '', component: OutcomesPage, title: 'Outcomes · Huddle' }];
