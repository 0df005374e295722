import { ChangeDetectionStrategy, Component, inject, signal, type OnInit } from '@angular/core';
import { Title } from '@angular/platform-browser';
import type { SelfReportForm, SelfReportLanguage } from '@huddle/shared-types';
import { CrisisResourcesComponent } from './crisis-resources.component';
import { SelfReportFormComponent } from './self-report-form.component';
import { answersStorageKey, SelfReportApi } from './self-report.service';

type State =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'form'; form: SelfReportForm; token: string; key: string }
  | { kind: 'done'; crisis: boolean; language: SelfReportLanguage };

/**
 * The public self-report page (`/r#<token>`, no account). The token is read from the URL fragment,
 * which browsers never send to the server. A wrong, used or expired link gets one clear page, in both
 * languages, with no detail.
 */
@Component({
  selector: 'hd-patient-form-page',
  imports: [SelfReportFormComponent, CrisisResourcesComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (state().kind) {
      @case ('loading') {
        <p class="center" role="status">Loading… / Cargando…</p>
      }
      @case ('invalid') {
        <section class="center">
          <h1>This link is not valid</h1>
          <p>It may have been used already or have expired. Please contact your care team for a new one.</p>
          <h2 lang="es">Este enlace no es válido</h2>
          <p lang="es">
            Puede que ya se haya usado o que haya vencido. Comuníquese con su equipo de atención para recibir uno nuevo.
          </p>
        </section>
      }
      @case ('form') {
        @if (formState(); as s) {
          <hd-self-report-form
            [form]="s.form"
            [token]="s.token"
            [storageKey]="s.key"
            (submitted)="done($event.crisis, $event.language)"
            (linkInvalid)="state.set({ kind: 'invalid' })"
          />
        }
      }
      @case ('done') {
        @if (doneState(); as s) {
          <section class="center" [attr.lang]="s.language">
            <h1>
              {{ s.language === 'es' ? '¡Gracias! Recibimos sus respuestas.' : 'Thank you! We have your answers.' }}
            </h1>
            @if (s.crisis) {
              <hd-crisis-resources [language]="s.language" [submitted]="true" />
            } @else {
              <p>{{ s.language === 'es' ? 'Ya puede cerrar esta página.' : 'You can close this page now.' }}</p>
            }
          </section>
        }
      }
    }
  `,
  styles: `
    .center {
      max-width: 720px;
      margin: 0 auto;
      padding: 24px 16px;
      font-size: 1.0625rem;
    }
  `,
})
export class PatientFormPage implements OnInit {
  private readonly api = inject(SelfReportApi);
  protected readonly state = signal<State>({ kind: 'loading' });

  constructor() {
    inject(Title).setTitle('Questionnaire / Cuestionario');
  }

  protected formState(): Extract<State, { kind: 'form' }> | null {
    const s = this.state();
    return s.kind === 'form' ? s : null;
  }

  protected doneState(): Extract<State, { kind: 'done' }> | null {
    const s = this.state();
    return s.kind === 'done' ? s : null;
  }

  async ngOnInit(): Promise<void> {
    const token = decodeURIComponent(location.hash.replace(/^#/, ''));
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
      this.state.set({ kind: 'invalid' });
      return;
    }
    const key = await answersStorageKey(token);
    this.api.open(token).subscribe({
      next: (form) => this.state.set({ kind: 'form', form, token, key }),
      error: () => this.state.set({ kind: 'invalid' }),
    });
  }

  protected done(crisis: boolean, language: SelfReportLanguage): void {
    this.state.set({ kind: 'done', crisis, language });
    // The used link is of no further use: drop it from the address bar and history entry.
    history.replaceState(null, '', location.pathname);
  }
}
