import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { CaseloadHolder, StaffMember } from '@huddle/shared-types';
import { ROLE_LABELS } from '../core/auth/role-navigation';
import { openTransfer } from '../registry/transfer.dialog';
import { openStaffDialog } from './staff.dialog';

/**
 * Staff of the clinic with add / edit (role, FTE, active) and, for care managers holding open
 * episodes, "Transfer caseload" — counts only, the administrator never sees the patients.
 */
@Component({
  selector: 'hd-staff-list',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './staff-list.component.html',
  styleUrl: './staff-list.component.scss',
})
export class StaffListComponent {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  readonly staff = input.required<readonly StaffMember[]>();
  readonly holders = input<readonly CaseloadHolder[]>([]);
  /** A staff member or a caseload changed: reload. */
  readonly changed = output();

  protected readonly roles = ROLE_LABELS;
  private readonly openCounts = computed(() => new Map(this.holders().map((h) => [h.id, h.openEpisodes])));
  protected readonly rows = computed(() =>
    [...this.staff()]
      .sort((a, b) => a.role.localeCompare(b.role) || a.displayName.localeCompare(b.displayName))
      .map((s) => ({ ...s, openEpisodes: s.role === 'care_manager' ? (this.openCounts().get(s.id) ?? 0) : null })),
  );

  protected add(): void {
    openStaffDialog(this.dialog, null).subscribe((saved) => {
      if (!saved) return;
      this.snackBar.open(`${saved.displayName} added`, undefined, { duration: 4000 });
      this.changed.emit();
    });
  }

  protected edit(member: StaffMember): void {
    openStaffDialog(this.dialog, member).subscribe((saved) => {
      if (!saved) return;
      this.snackBar.open(`${saved.displayName} saved`, undefined, { duration: 4000 });
      this.changed.emit();
    });
  }

  protected transfer(member: StaffMember): void {
    openTransfer(this.dialog, { fromCareManagerId: member.id, mode: 'counts' }).subscribe((done) => {
      if (!done) return;
      this.snackBar.open(
        `${done.transferred} open ${done.transferred === 1 ? 'episode' : 'episodes'} moved from ${member.displayName} to ${done.toName}`,
        undefined,
        { duration: 5000 },
      );
      this.changed.emit();
    });
  }
}
