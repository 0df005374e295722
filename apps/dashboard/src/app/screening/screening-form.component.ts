import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { INSTRUMENTS, PC_PTSD5, scoreAssessment } from '@huddle/scoring';
import type { CreateScreeningRequest, InstrumentId } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { ItemScaleComponent } from './item-scale.component';

type Answers = Record<string, number | null>;
type Brief = 'PHQ2' | 'GAD2' | 'AUDITC';
/** Full instrument after each brief screener, with the brief items it shares (PHQ-2 = PHQ-9 items 1–2). */
const FOLLOW_UP: Record<'PHQ2' | 'GAD2', { full: InstrumentId; shared: Record<string, string> }> = {
  PHQ2: { full: 'PHQ9', shared: { phq9_1: 'phq2_1', phq9_2: 'phq2_2' } },
  GAD2: { full: 'GAD7', shared: { gad7_1: 'gad2_1', gad7_2: 'gad2_2' } },
};

/**
 * A screening visit: PHQ-2, GAD-2, AUDIT-C and PC-PTSD-5, each optional. A positive PHQ-2 / GAD-2
 * (≥ 3, libs/scoring) opens the rest of the PHQ-9 / GAD-7 at once (its first two items are the brief
 * screener's); a positive PC-PTSD-5 at the clinic's cut-point opens the PCL-5.
 */
@Component({
  selector: 'hd-screening-form',
  imports: [MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatInputModule, ItemScaleComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './screening-form.component.html',
  styles: `
    form {
      display: grid;
      gap: 12px;
    }
    fieldset {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 12px;
      margin: 0;
      min-width: 0;
    }
    legend {
      font-weight: 600;
    }
    .prompt {
      background: #fff4e5;
      color: #4a2c00;
      border-radius: 6px;
      padding: 6px 10px;
      margin: 4px 0;
    }
    .total {
      font-weight: 600;
    }
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
  `,
})
export class ScreeningFormComponent {
  readonly saving = input(false);
  readonly pcPtsd5CutPoint = input(PC_PTSD5.defaultCutPoint);
  readonly save = output<CreateScreeningRequest>();

  private readonly calendar = inject(ClinicCalendar);
  protected readonly today = this.calendar.today;
  protected readonly visitOn = signal<string | null>(null);
  protected readonly date = computed(() => this.visitOn() ?? this.today());
  protected readonly instruments = INSTRUMENTS;
  protected readonly pc = PC_PTSD5;
  protected readonly answers = signal<Record<string, Answers>>({
    PHQ2: {},
    GAD2: {},
    AUDITC: {},
    PHQ9: {},
    GAD7: {},
    PCL5: {},
  });
  protected readonly exposure = signal<boolean | null>(null);
  protected readonly ptsdItems = signal<Array<boolean | null>>([null, null, null, null, null]);
  protected readonly refused = signal(false);

  protected readonly scores = computed(() => {
    const a = this.answers();
    const brief = (id: Brief) => (Object.keys(a[id] ?? {}).length ? scoreAssessment(id, a[id] ?? {}) : null);
    return { PHQ2: brief('PHQ2'), GAD2: brief('GAD2'), AUDITC: brief('AUDITC') };
  });
  protected readonly phq9Due = computed(() => this.scores().PHQ2?.positiveScreen === true);
  protected readonly gad7Due = computed(() => this.scores().GAD2?.positiveScreen === true);
  protected readonly ptsdScore = computed(() => this.ptsdItems().filter((x) => x === true).length);
  protected readonly ptsdComplete = computed(
    () => this.exposure() === false || this.ptsdItems().every((x) => x !== null),
  );
  protected readonly pcl5Due = computed(
    () => this.exposure() === true && this.ptsdComplete() && this.ptsdScore() >= this.pcPtsd5CutPoint(),
  );
  /** Items of a full instrument not already answered by its brief screener. */
  protected readonly rest = (id: 'PHQ9' | 'GAD7') => {
    const shared = id === 'PHQ9' ? FOLLOW_UP.PHQ2.shared : FOLLOW_UP.GAD2.shared;
    return INSTRUMENTS[id].items.filter((i) => i.scored && !(i.id in shared));
  };
  protected readonly canSave = computed(
    () =>
      !this.saving() &&
      (this.refused() ||
        this.scores().PHQ2?.complete ||
        this.scores().GAD2?.complete ||
        this.scores().AUDITC?.complete ||
        this.exposure() !== null),
  );

  protected set(instrument: string, item: string, value: number): void {
    this.answers.update((a) => ({ ...a, [instrument]: { ...a[instrument], [item]: value } }));
  }

  protected setPtsd(index: number, value: boolean): void {
    this.ptsdItems.update((items) => items.map((x, i) => (i === index ? value : x)));
  }

  protected submit(): void {
    const a = this.answers();
    const body: CreateScreeningRequest = { visitOn: this.date() };
    const has = (id: string) => Object.keys(a[id] ?? {}).length > 0;
    if (this.refused()) body.depressionException = 'patient_refused';
    else if (has('PHQ2')) body.phq2 = a['PHQ2'];
    if (has('GAD2')) body.gad2 = a['GAD2'];
    if (has('AUDITC')) body.auditC = a['AUDITC'];
    if (this.exposure() !== null) {
      body.pcPtsd5 = {
        traumaExposure: this.exposure() === true,
        items: this.exposure() ? (this.ptsdItems() as boolean[]) : [],
      };
    }
    const full = (brief: 'PHQ2' | 'GAD2'): Answers => {
      const { full: id, shared } = FOLLOW_UP[brief];
      const own = a[id] ?? {};
      const fromBrief = Object.fromEntries(Object.entries(shared).map(([item, b]) => [item, a[brief]?.[b] ?? null]));
      return { ...fromBrief, ...own };
    };
    if (this.phq9Due() && !this.refused() && has('PHQ9')) body.phq9 = full('PHQ2');
    if (this.gad7Due() && has('GAD7')) body.gad7 = full('GAD2');
    if (this.pcl5Due() && has('PCL5')) body.pcl5 = a['PCL5'];
    this.save.emit(body);
  }
}
