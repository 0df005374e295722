import type { Routes } from '@angular/router';

export const appRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'overview' },
  { path: 'overview', loadChildren: () => import('./overview/overview.routes').then((m) => m.OVERVIEW_ROUTES) },
  { path: '**', redirectTo: 'overview' },
];
