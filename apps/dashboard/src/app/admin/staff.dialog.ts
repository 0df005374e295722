import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { StaffRole, type StaffMember } from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { ROLE_LABELS } from '../core/auth/role-navigation';
import { formErrors } from '../registry/field-errors';
import { AdminService, type StaffDraft } from './admin.service';

const FIELDS = ['email', 'displayName', 'role', 'fte', 'active'] as const;

/** Adds a staff member, or edits one (role, FTE, email, name, active). */
@Component({
  selector: 'hd-staff-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ member ? 'Edit ' + member.displayName : 'Add staff member' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="fields">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Name</mat-label>
            <input matInput formControlName="displayName" maxlength="200" required autocomplete="off" />
            @if (errors()['displayName']; as e) {
              <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Email</mat-label>
            <input matInput type="email" formControlName="email" maxlength="254" required autocomplete="off" />
            @if (errors()['email']; as e) {
              <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Role</mat-label>
            <mat-select formControlName="role" required>
              @for (r of roles; track r.value) {
                <mat-option [value]="r.value">{{ r.label }}</mat-option>
              }
            </mat-select>
            @if (errors()['role']; as e) {
              <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>FTE (0.01–1)</mat-label>
            <input matInput type="number" formControlName="fte" min="0.01" max="1" step="0.05" required />
            @if (errors()['fte']; as e) {
              <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
            }
          </mat-form-field>
        </div>
        <mat-checkbox formControlName="active">Active (can sign in)</mat-checkbox>
        @if (errors()['active']; as e) {
          <p class="field-error" role="alert">{{ e }}</p>
        }
        @if (member?.active && !form.controls.active.value) {
          <p class="note">Deactivating ends this person's sessions. Move their caseload first if they hold one.</p>
        }
        @if (formError(); as e) {
          <p class="field-error" role="alert">{{ e }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ saving() ? 'Saving…' : member ? 'Save' : 'Add' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
      /* errors take the room they need below their field (a long one wraps onto a second line) */
      gap: 12px 16px;
      align-items: start;
      padding-top: 4px;
    }
    mat-form-field {
      width: 100%;
    }
    .field-error {
      color: var(--mat-sys-error);
    }
    .note {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class StaffDialog {
  private readonly admin = inject(AdminService);
  protected readonly ref = inject(MatDialogRef<StaffDialog, StaffMember>);
  protected readonly member = inject<StaffMember | null>(MAT_DIALOG_DATA);

  protected readonly roles = Object.values(StaffRole).map((value) => ({ value, label: ROLE_LABELS[value] }));
  protected readonly form = inject(FormBuilder).nonNullable.group({
    displayName: [this.member?.displayName ?? ''],
    email: [this.member?.email ?? ''],
    role: [this.member?.role ?? ('care_manager' as StaffRole)],
    fte: [this.member?.fte ?? 1],
    active: [this.member?.active ?? true],
  });
  protected readonly saving = signal(false);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly formError = signal<string | null>(null);

  protected save(): void {
    const v = this.form.getRawValue();
    const draft: StaffDraft = { ...v, displayName: v.displayName.trim(), email: v.email.trim(), fte: Number(v.fte) };
    const m = this.member;
    let request: Observable<StaffMember>;
    if (m) {
      const change = Object.fromEntries(
        Object.entries(draft).filter(([k, value]) => m[k as keyof StaffDraft] !== value),
      ) as Partial<StaffDraft>;
      if (Object.keys(change).length === 0) {
        this.ref.close();
        return;
      }
      request = this.admin.updateStaff(m.id, m.version, change);
    } else {
      request = this.admin.createStaff(draft);
    }
    this.saving.set(true);
    this.errors.set({});
    this.formError.set(null);
    request.subscribe({
      next: (saved) => this.ref.close(saved),
      error: (e: unknown) => {
        this.saving.set(false);
        const { fields, form } = formErrors(e, FIELDS, 'The staff member could not be saved.');
        this.errors.set(fields);
        this.formError.set(form);
      },
    });
  }
}

export function openStaffDialog(dialog: MatDialog, member: StaffMember | null): Observable<StaffMember | undefined> {
  return dialog
    .open<StaffDialog, StaffMember | null, StaffMember>(StaffDialog, {
      data: member,
      width: '36rem',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    })
    .afterClosed();
}
