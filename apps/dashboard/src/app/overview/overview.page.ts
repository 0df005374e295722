import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTableModule } from '@angular/material/table';
import { overviewTotals } from './overview-totals';
import { OverviewService } from './overview.service';

@Component({
  selector: 'hd-overview-page',
  imports: [DecimalPipe, MatCardModule, MatTableModule, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './overview.page.html',
  styleUrl: './overview.page.scss',
})
export class OverviewPage {
  private readonly service = inject(OverviewService);

  protected readonly clinics = rxResource({ stream: () => this.service.clinics() });
  protected readonly totals = computed(() => overviewTotals(this.clinics.value() ?? []));
  protected readonly columns = ['name', 'patients', 'openEpisodes', 'careManagers', 'phq9Last30Days'];
}
