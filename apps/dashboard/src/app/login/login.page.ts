import { API_HTTP } from '../core/http/api-http';
import { ChangeDetectionStrategy, Component, inject, input, signal, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { Router } from '@angular/router';
import type { AuthProviders, SessionUser } from '@huddle/shared-types';
import { catchError, of } from 'rxjs';
import { AUTH_PATHS, AuthService } from '../core/auth/auth.service';
import { homePathFor, safeReturnPath } from '../core/auth/role-navigation';
import { apiErrorMessage } from '../core/http/api-error';

const REASON_MESSAGES: Record<string, string> = {
  idle: 'You were signed out after a period of inactivity. Please sign in again.',
  expired: 'Your session has ended. Please sign in again.',
};

/** Demo accounts of the seeded registry (README "Demo accounts"); shown as a hint only. */
export const DEMO_ACCOUNTS = [
  { role: 'Care manager', email: 'cm1@riverside.huddle.test' },
  { role: 'Psychiatric consultant', email: 'psych@riverside.huddle.test' },
  { role: 'Leadership', email: 'director@riverside.huddle.test' },
  { role: 'Administrator', email: 'admin@riverside.huddle.test' },
] as const;
export const DEMO_PASSWORD = 'huddle-demo';

@Component({
  selector: 'hd-login-page',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatProgressSpinnerModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login.page.html',
  styleUrl: './login.page.scss',
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly http = inject(API_HTTP);

  /** Why the previous session ended (`?reason=idle|expired`). */
  readonly reason = input<string>();
  /** Where to go after signing in (`?returnUrl=`). */
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  private readonly formDirective = viewChild.required(FormGroupDirective);
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly demoAccounts = DEMO_ACCOUNTS;
  protected readonly demoPassword = DEMO_PASSWORD;
  protected readonly reasonMessages = REASON_MESSAGES;
  protected readonly providers = rxResource({
    stream: () =>
      this.http
        .get<AuthProviders>(AUTH_PATHS.providers)
        .pipe(catchError(() => of<AuthProviders>({ password: true, oidc: false }))),
  });

  constructor() {
    this.completeSingleSignOn();
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set(null);
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    this.auth.login(this.form.getRawValue()).subscribe({
      next: (user) => this.signedIn(user),
      error: (e: unknown) => {
        this.submitting.set(false);
        this.error.set(apiErrorMessage(e, 'Sign-in failed. Please try again.'));
        // Clear the password but keep the email, without also flagging the now-empty password
        // field: the server's message is the one thing the user needs to read.
        this.formDirective().resetForm({ email: this.form.controls.email.value, password: '' });
      },
    });
  }

  private signedIn(user: SessionUser): void {
    this.submitting.set(false);
    void this.router.navigateByUrl(safeReturnPath(this.returnUrl()) ?? homePathFor(user.role));
  }

  /** After SSO the API returns here with `#oidc_code=…` (or `#oidc_error=…`) in the fragment. */
  private completeSingleSignOn(): void {
    const fragment = new URLSearchParams(globalThis.location?.hash.replace(/^#/, '') ?? '');
    const code = fragment.get('oidc_code');
    const failure = fragment.get('oidc_error');
    if (!code && !failure) return;
    history.replaceState(null, '', location.pathname + location.search);
    if (failure) {
      this.error.set(`Single sign-on failed: ${failure.replace(/_/g, ' ')}.`);
      return;
    }
    this.submitting.set(true);
    this.auth.exchangeOidcCode(code ?? '').subscribe({
      next: (user) => this.signedIn(user),
      error: (e: unknown) => {
        this.submitting.set(false);
        this.error.set(apiErrorMessage(e, 'Single sign-on failed. Please try again.'));
      },
    });
  }
}
