import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { KioskCode, SelfReportInstrumentId, SelfReportLanguage, SelfReportLinkSent } from '@huddle/shared-types';
import { apiErrorMessage } from '../core/http/api-error';
import { formatDateTime } from '../shared/dates';
import { finalize, type Observable } from 'rxjs';
import { SelfReportApi } from './self-report.service';

const INSTRUMENTS: { id: SelfReportInstrumentId; label: string }[] = [
  { id: 'PHQ9', label: 'PHQ-9' },
  { id: 'GAD7', label: 'GAD-7' },
  { id: 'PHQ2', label: 'PHQ-2' },
  { id: 'GAD2', label: 'GAD-2' },
];

let nextId = 0;
/** The API's mobile-number rule (E.164). */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Patient page panel (issue #16): send the patient a one-time self-report link by email or SMS, or
 * make a short code for the waiting-room kiosk. The code is shown once. An action the server cannot
 * perform (no mail server, SMS off, no mobile number) is disabled with the reason beside it.
 */
@Component({
  selector: 'hd-self-report-panel',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="send" [formGroup]="form" (ngSubmit)="send()" novalidate>
      <fieldset class="instruments">
        <legend>Questionnaires</legend>
        @for (i of instruments; track i.id) {
          <mat-checkbox [checked]="chosen().includes(i.id)" (change)="toggle(i.id, $event.checked)">{{
            i.label
          }}</mat-checkbox>
        }
      </fieldset>
      <div class="fields">
        <mat-form-field appearance="outline">
          <mat-label>Patient email</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="off" [id]="uid + '-email'" />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Patient mobile (SMS)</mat-label>
          <input
            matInput
            type="tel"
            formControlName="phone"
            autocomplete="off"
            placeholder="+12125550123"
            [id]="uid + '-phone'"
          />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Language</mat-label>
          <mat-select formControlName="language">
            <mat-option value="en">English</mat-option>
            <mat-option value="es">Spanish</mat-option>
          </mat-select>
        </mat-form-field>
      </div>
      <div class="buttons">
        <button
          mat-flat-button
          type="submit"
          [disabled]="busy() || !!emailBlocked()"
          [attr.aria-describedby]="emailBlocked() ? uid + '-email-why' : null"
        >
          Send link by email
        </button>
        <button
          mat-stroked-button
          type="button"
          (click)="sendSms()"
          [disabled]="busy() || !!smsBlocked()"
          [attr.aria-describedby]="smsBlocked() ? uid + '-sms-why' : null"
        >
          Send link by SMS
        </button>
        <button mat-stroked-button type="button" (click)="kiosk()" [disabled]="busy()">Kiosk code</button>
      </div>
      @if (emailBlocked(); as why) {
        <p class="why" [id]="uid + '-email-why'">{{ why }}</p>
      }
      @if (smsBlocked(); as why) {
        <p class="why" [id]="uid + '-sms-why'">{{ why }}</p>
      }
    </form>
    <div aria-live="polite">
      @if (sent(); as s) {
        <p class="ok">
          Link sent by {{ s.channel === 'sms' ? 'SMS' : 'email'
          }}{{ s.delivery === 'queued' ? ' (queued, will retry)' : '' }}; it expires {{ when(s.expiresAt) }}.
        </p>
      }
      @if (code(); as c) {
        <p class="ok">
          Kiosk code <strong class="code">{{ c.code }}</strong> — valid once, until {{ when(c.expiresAt) }}.
        </p>
      }
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
    </div>
  `,
  styles: `
    .instruments {
      border: none;
      padding: 0;
      margin: 0 0 8px;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
    }
    legend {
      font-weight: 600;
      margin-bottom: 4px;
    }
    .fields {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .fields mat-form-field {
      flex: 1 1 220px;
      min-width: 0;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .code {
      font-size: 1.4rem;
      letter-spacing: 0.15em;
    }
    .error {
      color: var(--mat-sys-error);
    }
    .why {
      margin: 4px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class SelfReportPanelComponent {
  private readonly api = inject(SelfReportApi);
  readonly patientId = input.required<string>();
  readonly preferredLanguage = input<string>('en');

  protected readonly uid = `self-report-${nextId++}`;
  protected readonly instruments = INSTRUMENTS;
  protected readonly chosen = signal<SelfReportInstrumentId[]>(['PHQ9']);
  protected readonly busy = signal(false);
  protected readonly sent = signal<SelfReportLinkSent | null>(null);
  protected readonly code = signal<KioskCode | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly contact = rxResource({
    params: () => this.patientId(),
    stream: ({ params }) => this.api.contact(params),
  });
  /** Prefilled from the patient's contact and preferred language; editable. */
  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true }),
    phone: new FormControl('', { nonNullable: true }),
    language: new FormControl<SelfReportLanguage>('en', { nonNullable: true }),
  });
  private readonly phone = toSignal(this.form.controls.phone.valueChanges, { initialValue: '' });
  /** Why the email action is unavailable (the server has no mail server), or null. */
  protected readonly emailBlocked = computed(() =>
    this.contact.value()?.emailAvailable === false ? 'Email is not set up on this server.' : null,
  );
  /** Why the SMS action is unavailable: SMS not set up on the server, or no mobile number; null when it is. */
  protected readonly smsBlocked = computed(() => {
    const contact = this.contact.value();
    if (!contact || !contact.smsAvailable) return 'SMS is not set up on this server.';
    return E164.test(this.phone().trim())
      ? null
      : "Enter the patient's mobile number (+ and country code) to send by SMS.";
  });

  constructor() {
    effect(() => this.form.controls.email.setValue(this.contact.value()?.email ?? ''));
    effect(() => this.form.controls.phone.setValue(this.contact.value()?.phone ?? ''));
    effect(() =>
      this.form.controls.language.setValue(this.preferredLanguage().toLowerCase().startsWith('es') ? 'es' : 'en'),
    );
  }

  protected when(instant: string): string {
    return formatDateTime(instant);
  }

  protected toggle(id: SelfReportInstrumentId, on: boolean): void {
    this.chosen.update((list) => (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id)));
  }

  protected send(): void {
    const { email: typed, language } = this.form.getRawValue();
    const email = typed.trim() || undefined;
    this.run(() =>
      this.api.sendLink(this.patientId(), {
        instruments: this.chosen(),
        channel: 'email',
        language,
        email,
      }),
    ).subscribe({ next: (s) => this.sent.set(s), error: (e: unknown) => this.fail(e) });
  }

  protected sendSms(): void {
    this.run(() =>
      this.api.sendLink(this.patientId(), {
        instruments: this.chosen(),
        channel: 'sms',
        language: this.form.controls.language.value,
        phone: this.form.controls.phone.value.trim(),
      }),
    ).subscribe({ next: (s) => this.sent.set(s), error: (e: unknown) => this.fail(e) });
  }

  protected kiosk(): void {
    this.run(() => this.api.kioskCode(this.patientId(), this.chosen(), this.form.controls.language.value)).subscribe({
      next: (c) => this.code.set(c),
      error: (e: unknown) => this.fail(e),
    });
  }

  private run<T>(call: () => Observable<T>): Observable<T> {
    this.busy.set(true);
    this.error.set(null);
    this.sent.set(null);
    this.code.set(null);
    return call().pipe(finalize(() => this.busy.set(false)));
  }

  private fail(e: unknown): void {
    this.error.set(apiErrorMessage(e, 'The request failed.'));
  }
}
