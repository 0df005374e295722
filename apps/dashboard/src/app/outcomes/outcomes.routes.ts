import type { Routes } from '@angular/router';
import { BillingWorklistPage } from './billing-worklist.page';
import { OutcomesPage } from './outcomes.page';

export const OUTCOMES_ROUTES: Routes = [
  { path: '', component: OutcomesPage, title: 'Outcomes · Huddle' },
  { path: 'billing', component: BillingWorklistPage, title: 'Billing worklist · Huddle' },
];
