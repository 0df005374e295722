import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ControlContainer, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { CareTeamOptions, StaffOption } from '@huddle/shared-types';

/** The care-team and diagnosis fields the registry dialogs share, by their API names. */
export type CareTeamField = 'pcpId' | 'careManagerId' | 'consultantId' | 'billingPcpId' | 'diagnoses';

/** Label of each field, and for a staff picker the label of its empty choice. */
export interface CareTeamFieldLabel {
  label: string;
  none?: string;
}

const DEFAULT_LABELS: Record<CareTeamField, CareTeamFieldLabel> = {
  pcpId: { label: 'Primary care provider', none: 'None' },
  careManagerId: { label: 'Care manager', none: 'Unassigned' },
  consultantId: { label: 'Psychiatric consultant', none: 'Unassigned' },
  billingPcpId: { label: 'Billing PCP', none: 'Unassigned' },
  diagnoses: { label: 'Diagnoses (ICD-10, e.g. F32.1, F41.1)' },
};

/** Which staff list a picker offers. */
const STAFF_OF: Record<Exclude<CareTeamField, 'diagnoses'>, keyof CareTeamOptions> = {
  pcpId: 'pcps',
  careManagerId: 'careManagers',
  consultantId: 'consultants',
  billingPcpId: 'pcps',
};

interface FieldView {
  name: CareTeamField;
  label: string;
  none: string;
  staff: StaffOption[] | null;
}

/**
 * Care-team pickers (PCP, care manager, consultant, billing PCP) and the diagnoses input, as form
 * fields of the enclosing reactive form (`formControlName` = the API's field name), each with the
 * error the dialog's `formErrors` gave it. Lays its fields out in the enclosing grid.
 */
@Component({
  selector: 'hd-care-team-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The fields join the form of the dialog around them.
  viewProviders: [{ provide: ControlContainer, useFactory: () => inject(ControlContainer, { skipSelf: true }) }],
  template: `
    @for (field of views(); track field.name) {
      <mat-form-field appearance="outline">
        <mat-label>{{ field.label }}</mat-label>
        @if (field.staff; as staff) {
          <mat-select [formControlName]="field.name">
            <mat-option value="">{{ field.none }}</mat-option>
            @for (s of staff; track s.id) {
              <mat-option [value]="s.id">{{ optionText(field.name, s) }}</mat-option>
            }
          </mat-select>
        } @else {
          <input matInput [formControlName]="field.name" maxlength="200" autocomplete="off" />
        }
        @if (errors()[field.name]; as e) {
          <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
        }
      </mat-form-field>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    mat-form-field {
      width: 100%;
    }
    .field-error {
      color: var(--mat-sys-error);
    }
  `,
})
export class CareTeamFieldsComponent {
  /** The fields to show, in order. */
  readonly fields = input.required<readonly CareTeamField[]>();
  /** The staff to choose from (`GET /api/staff/care-team-options`); empty lists until loaded. */
  readonly options = input<CareTeamOptions | undefined>();
  /** Error message per field name. */
  readonly errors = input<Record<string, string>>({});
  /** Labels that differ from the defaults (e.g. a billing PCP that defaults to the patient's PCP). */
  readonly labels = input<Partial<Record<CareTeamField, CareTeamFieldLabel>>>({});

  /** A care manager shows their caseload size, as the pickers always did. */
  protected optionText(field: CareTeamField, staff: StaffOption): string {
    return field === 'careManagerId' ? `${staff.displayName} (${staff.openEpisodes} open)` : staff.displayName;
  }

  protected readonly views = computed((): FieldView[] =>
    this.fields().map((name) => {
      const label = { ...DEFAULT_LABELS[name], ...this.labels()[name] };
      return {
        name,
        label: label.label,
        none: label.none ?? '',
        staff: name === 'diagnoses' ? null : (this.options()?.[STAFF_OF[name]] ?? []),
      };
    }),
  );
}
