import {
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
  type ApplicationConfig,
} from '@angular/core';
import { provideAnimationsAsync } from '@angular/platform-browser/animations/async';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // No provideHttpClient here: HttpClient (with the auth interceptor) loads with the feature routes
    // (core/http/api-http.ts), the shell talks to the API with fetch (issue #13 item 8).
    provideRouter(appRoutes, withComponentInputBinding()),
    // ngx-charts declares @angular/animations triggers; the async provider loads the animation engine
    // only when a chart is first drawn. It must be the root renderer: ApplicationRef flushes only the
    // root renderer factory after each change detection, so one provided on a route left removed
    // elements (a finished "Loading…" state) on screen.
    provideAnimationsAsync(),
  ],
};
