import type { Routes } from '@angular/router';
import { ReviewPage } from './review.page';

export const REVIEW_ROUTES: Routes = [{ path: '', component: ReviewPage, title: 'Weekly review · Huddle' }];
