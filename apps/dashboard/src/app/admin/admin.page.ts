import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { catchError, of } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import { RegistryService } from '../registry/registry.service';
import { PageStateComponent } from '../shared/page-state.component';
import { AdminService } from './admin.service';
import { ClinicSettingsComponent } from './clinic-settings.component';
import { StaffListComponent } from './staff-list.component';
import { ThresholdsComponent } from './thresholds.component';

/** Administrator landing: edit the clinic's settings, flag thresholds and staff (no clinical data). */
@Component({
  selector: 'hd-admin-page',
  imports: [PageStateComponent, ClinicSettingsComponent, ThresholdsComponent, StaffListComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './admin.page.html',
  styleUrl: './admin.page.scss',
})
export class AdminPage {
  private readonly admin = inject(AdminService);
  private readonly registry = inject(RegistryService);

  protected readonly clinic = rxResource({ stream: () => this.admin.clinic() });
  protected readonly staff = rxResource({ stream: () => this.admin.staff() });
  /** Open-episode counts per care manager (counts only); the list still works without them. */
  protected readonly holders = rxResource({
    stream: () => this.registry.caseloadHolders().pipe(catchError(() => of([]))),
  });

  protected message(e: unknown, what: string): string {
    return apiErrorMessage(e, `${what} could not be loaded.`);
  }

  protected staffChanged(): void {
    this.staff.reload();
    this.holders.reload();
  }
}
