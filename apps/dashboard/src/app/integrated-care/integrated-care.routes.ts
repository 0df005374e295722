import type { Routes } from '@angular/router';

/** The team huddle and my tasks (issue #17), each its own lazy chunk. */
export const HUDDLE_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./huddle.page').then((m) => m.HuddlePage), title: 'Team huddle · Huddle' },
];
export const TASKS_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./my-tasks.page').then((m) => m.MyTasksPage), title: 'My tasks · Huddle' },
];
