import type { Routes } from '@angular/router';
import { AdminPage } from './admin.page';

export const ADMIN_ROUTES: Routes = [{ path: '', component: AdminPage, title: 'Administration · Huddle' }];
