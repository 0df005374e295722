import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { AdministrativeGender, type EpisodeDetail } from '@huddle/shared-types';
import { concatMap, type Observable, of } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { apiErrorMessage } from '../core/http/api-error';
import { CareTeamFieldsComponent, type CareTeamField, type CareTeamFieldLabel } from './care-team-fields.component';
import { formErrors } from './field-errors';
import { parseDiagnoses, RegistryService } from './registry.service';

/** What the dialog closes with: the new patient, and what went wrong after registering (if anything). */
export interface RegisteredPatient {
  patientId: string;
  name: string;
  enrolled: boolean;
  /** Registration succeeded but enrolment did not: finish it on the patient page. */
  enrolmentError: string | null;
}

const FIELDS = [
  'mrn',
  'givenName',
  'familyName',
  'birthDate',
  'gender',
  'preferredLanguage',
  'payer',
  'pcpId',
  'careManagerId',
  'referredOn',
  'consentOn',
  'consultantId',
  'billingPcpId',
  'diagnoses',
] as const;

/**
 * Registers a patient (their first episode starts as a referral) and, when consent is documented,
 * enrols them at once: care team, diagnoses, consent date (clinic's calendar).
 */
@Component({
  selector: 'hd-register-patient-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    CareTeamFieldsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './register-patient.dialog.html',
  styleUrl: './registry-forms.scss',
})
export class RegisterPatientDialog {
  private readonly registry = inject(RegistryService);
  private readonly ref = inject(MatDialogRef<RegisterPatientDialog, RegisteredPatient>);
  private readonly auth = inject(AuthService);
  protected readonly today = inject(ClinicCalendar).today;

  protected readonly options = rxResource({ stream: () => this.registry.careTeamOptions() });
  protected readonly form = inject(FormBuilder).nonNullable.group({
    mrn: ['', [Validators.required, Validators.maxLength(64)]],
    givenName: ['', [Validators.required, Validators.maxLength(100)]],
    familyName: ['', [Validators.required, Validators.maxLength(100)]],
    birthDate: ['', Validators.required],
    gender: ['' as AdministrativeGender | ''],
    preferredLanguage: ['en', Validators.required],
    payer: [''],
    pcpId: [''],
    careManagerId: [this.auth.role() === 'care_manager' ? (this.auth.user()?.id ?? '') : ''],
    referredOn: [this.today(), Validators.required],
    enrol: [true],
    consentOn: [this.today()],
    consultantId: [''],
    billingPcpId: [''],
    diagnoses: [''],
  });
  /** The enrolment's billing PCP defaults to the PCP chosen above. */
  protected readonly labels: Partial<Record<CareTeamField, CareTeamFieldLabel>> = {
    billingPcpId: { label: 'Billing PCP (default: the PCP)', none: 'Same as the PCP' },
    diagnoses: { label: 'Diagnoses (ICD-10, e.g. F32.1)' },
  };
  protected readonly genders: ReadonlyArray<{ value: AdministrativeGender; label: string }> = [
    { value: AdministrativeGender.FEMALE, label: 'Female' },
    { value: AdministrativeGender.MALE, label: 'Male' },
    { value: AdministrativeGender.OTHER, label: 'Other' },
    { value: AdministrativeGender.UNKNOWN, label: 'Unknown' },
  ];
  protected readonly saving = signal(false);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly formError = signal<string | null>(null);

  protected save(): void {
    this.form.markAllAsTouched();
    const v = this.form.getRawValue();
    const local: Record<string, string> = {};
    if (!v.mrn.trim()) local['mrn'] = 'Enter the MRN';
    if (!v.givenName.trim()) local['givenName'] = 'Enter the given name';
    if (!v.familyName.trim()) local['familyName'] = 'Enter the family name';
    if (!v.birthDate) local['birthDate'] = 'Enter the date of birth';
    else if (v.birthDate >= this.today()) local['birthDate'] = 'The date of birth must be in the past';
    if (v.enrol && !v.consentOn) local['consentOn'] = 'Enter the consent date to enrol';
    else if (v.enrol && v.consentOn < v.referredOn) local['consentOn'] = 'Consent cannot be before the referral';
    this.errors.set(local);
    this.formError.set(null);
    if (Object.keys(local).length > 0) return;

    this.saving.set(true);
    const name = `${v.givenName.trim()} ${v.familyName.trim()}`;
    this.registry
      .registerPatient({
        mrn: v.mrn.trim(),
        givenName: v.givenName.trim(),
        familyName: v.familyName.trim(),
        birthDate: v.birthDate,
        gender: v.gender || null,
        preferredLanguage: v.preferredLanguage.trim() || 'en',
        payer: v.payer.trim() || null,
        pcpId: v.pcpId || null,
        careManagerId: v.careManagerId || null,
        referredOn: v.referredOn,
      })
      .subscribe({
        next: (patient) => {
          const episode = patient.episodes[0];
          if (!v.enrol || !episode) {
            this.ref.close({ patientId: patient.id, name, enrolled: false, enrolmentError: null });
            return;
          }
          this.enrol(episode.id, episode.version, v).subscribe({
            next: () => this.ref.close({ patientId: patient.id, name, enrolled: true, enrolmentError: null }),
            error: (e: unknown) =>
              this.ref.close({
                patientId: patient.id,
                name,
                enrolled: false,
                enrolmentError: apiErrorMessage(e, 'The enrolment could not be saved.'),
              }),
          });
        },
        error: (e: unknown) => {
          this.saving.set(false);
          const { fields, form } = formErrors(e, FIELDS, 'The patient could not be registered.');
          this.errors.set(fields);
          this.formError.set(form);
        },
      });
  }

  protected cancel(): void {
    this.ref.close();
  }

  /** Care team, diagnoses, then consent: each step takes the version the previous one returned. */
  private enrol(
    episodeId: string,
    version: number,
    v: ReturnType<typeof this.form.getRawValue>,
  ): Observable<EpisodeDetail> {
    const diagnoses = parseDiagnoses(v.diagnoses);
    const team = {
      ...(v.consultantId ? { consultantId: v.consultantId } : {}),
      ...(v.billingPcpId ? { billingPcpId: v.billingPcpId } : {}),
    };
    const start: Observable<{ version: number }> = Object.keys(team).length
      ? this.registry.changeCareTeam(episodeId, version, team)
      : of({ version });
    return start.pipe(
      concatMap((e) => (diagnoses.length ? this.registry.replaceDiagnoses(episodeId, e.version, diagnoses) : of(e))),
      concatMap((e) =>
        this.registry.changeStatus(episodeId, {
          version: e.version,
          status: 'enrolled',
          on: this.today(),
          consentOn: v.consentOn,
        }),
      ),
    );
  }
}

/** Opens the registration dialog; emits the registered patient (or `undefined` when cancelled). */
export function openRegisterPatient(dialog: MatDialog): Observable<RegisteredPatient | undefined> {
  return dialog
    .open<RegisterPatientDialog, void, RegisteredPatient>(RegisterPatientDialog, {
      width: '44rem',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    })
    .afterClosed();
}
