import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { SelfReportForm, SelfReportLanguage } from '@huddle/shared-types';
import { CrisisResourcesComponent } from './crisis-resources.component';
import { SelfReportFormComponent } from './self-report-form.component';
import { SelfReportApi } from './self-report.service';

type State =
  | { kind: 'code' }
  | { kind: 'form'; form: SelfReportForm; token: string }
  | { kind: 'thanks'; crisis: boolean; language: SelfReportLanguage };

/**
 * The waiting-room kiosk (issue #16): code entry → the patient's form → thanks → back to code entry.
 * Nothing is kept between patients (no answers stored on the device).
 */
@Component({
  selector: 'hd-kiosk-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    SelfReportFormComponent,
    CrisisResourcesComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (state().kind) {
      @case ('code') {
        <form class="code" [formGroup]="codeForm" (ngSubmit)="redeem()" novalidate>
          <h1>Welcome · Bienvenido(a)</h1>
          <p>Enter the code from the front desk. · Escriba el código que le dieron en la recepción.</p>
          <mat-form-field appearance="outline" class="field">
            <mat-label>Code · Código</mat-label>
            <input
              matInput
              formControlName="code"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck="false"
              maxlength="12"
              required
            />
          </mat-form-field>
          @if (error()) {
            <p class="error" role="alert">
              This code is not valid. Please ask the front desk for a new one. · Este código no es válido.
            </p>
          }
          <button mat-flat-button type="submit" class="big" [disabled]="busy()">Start · Empezar</button>
        </form>
      }
      @case ('form') {
        @if (formState(); as s) {
          <hd-self-report-form
            [form]="s.form"
            [token]="s.token"
            (submitted)="state.set({ kind: 'thanks', crisis: $event.crisis, language: $event.language })"
            (linkInvalid)="reset(true)"
          />
        }
      }
      @case ('thanks') {
        @if (thanksState(); as s) {
          <section class="code" [attr.lang]="s.language">
            <h1>{{ s.language === 'es' ? '¡Gracias!' : 'Thank you!' }}</h1>
            @if (s.crisis) {
              <hd-crisis-resources [language]="s.language" [submitted]="true" />
            }
            <p>
              {{
                s.language === 'es'
                  ? 'Por favor devuelva la tableta a la recepción.'
                  : 'Please return the tablet to the front desk.'
              }}
            </p>
            <button mat-flat-button type="button" class="big" (click)="reset(false)">
              {{ s.language === 'es' ? 'Terminar' : 'Finish' }}
            </button>
          </section>
        }
      }
    }
  `,
  styles: `
    .code {
      max-width: 560px;
      margin: 0 auto;
      padding: 24px 16px;
      font-size: 1.0625rem;
    }
    .field {
      width: 100%;
      font-size: 1.5rem;
      letter-spacing: 0.1em;
    }
    .big {
      width: 100%;
      min-height: 56px;
      font-size: 1.125rem;
    }
    .error {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class KioskPage {
  private readonly api = inject(SelfReportApi);
  protected readonly state = signal<State>({ kind: 'code' });
  protected readonly busy = signal(false);
  protected readonly error = signal(false);
  protected readonly codeForm = new FormGroup({ code: new FormControl('', { nonNullable: true }) });

  protected formState(): Extract<State, { kind: 'form' }> | null {
    const s = this.state();
    return s.kind === 'form' ? s : null;
  }

  protected thanksState(): Extract<State, { kind: 'thanks' }> | null {
    const s = this.state();
    return s.kind === 'thanks' ? s : null;
  }

  protected redeem(): void {
    this.busy.set(true);
    this.error.set(false);
    this.api.redeem(this.codeForm.controls.code.value).subscribe({
      next: ({ token }) =>
        this.api.open(token).subscribe({
          next: (form) => {
            this.busy.set(false);
            this.codeForm.reset();
            this.state.set({ kind: 'form', form, token });
          },
          error: () => this.reset(true),
        }),
      error: () => this.reset(true),
    });
  }

  /** Back to code entry for the next patient. */
  protected reset(failed: boolean): void {
    this.busy.set(false);
    this.codeForm.reset();
    this.error.set(failed);
    this.state.set({ kind: 'code' });
    window.scrollTo(0, 0);
  }
}
