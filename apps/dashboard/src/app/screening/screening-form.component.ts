import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import {
  followUpOf,
  INSTRUMENTS,
  PC_PTSD5,
  scoreAssessment,
  type FollowUpInstrument,
  type InstrumentDefinition,
  type InstrumentItem,
} from '@huddle/scoring';
import type { AssessmentScoreResult, CreateScreeningRequest, InstrumentId } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { ItemScaleComponent } from './item-scale.component';

type Answers = Record<string, number | null>;

/**
 * A brief screener of the visit, drawn from its definition in libs/scoring: its items, its positive
 * cut-off and its follow-up instrument (PHQ-2 → PHQ-9, GAD-2 → GAD-7, with the items it already asked).
 */
interface BriefSection {
  readonly brief: InstrumentDefinition;
  /** The fieldset's heading before the instrument's name. */
  readonly domain: string;
  readonly followUp: FollowUpInstrument | null;
  /** "Patient declined" records the CMS2 exception (depression only). */
  readonly declinable: boolean;
  /** Every item has the same answer options: list their wording once, under the first item. */
  readonly legendOnce: boolean;
  /** The request's field of the screener's answers and of its follow-up's. */
  readonly field: 'phq2' | 'gad2' | 'auditC';
  readonly followUpField?: 'phq9' | 'gad7';
}

function section(
  id: InstrumentId,
  domain: string,
  fields: Pick<BriefSection, 'field' | 'followUpField'>,
  declinable = false,
): BriefSection {
  const brief = INSTRUMENTS[id];
  const wording = (item: InstrumentItem) => item.options.map((o) => `${o.value} ${o.label}`).join('|');
  return {
    brief,
    domain,
    followUp: followUpOf(id),
    declinable,
    legendOnce: brief.items.every((item) => wording(item) === wording(brief.items[0] as InstrumentItem)),
    ...fields,
  };
}

const SECTIONS: readonly BriefSection[] = [
  section('PHQ2', 'Depression', { field: 'phq2', followUpField: 'phq9' }, true),
  section('GAD2', 'Anxiety', { field: 'gad2', followUpField: 'gad7' }),
  section('AUDITC', 'Alcohol', { field: 'auditC' }),
];

/**
 * A screening visit: PHQ-2, GAD-2, AUDIT-C (one fieldset each, from their definitions) and PC-PTSD-5,
 * each optional. A positive PHQ-2 / GAD-2 (cut-off from libs/scoring) opens the rest of the PHQ-9 /
 * GAD-7 at once (its first two items are the brief screener's); a positive PC-PTSD-5 at the clinic's
 * cut-point opens the PCL-5.
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
  protected readonly sections = SECTIONS;
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

  /** Each brief screener's score once it has an answer. */
  protected readonly scores = computed(() => {
    const a = this.answers();
    const scores: Record<string, AssessmentScoreResult | null> = {};
    for (const { brief } of SECTIONS) {
      const answers = a[brief.id] ?? {};
      scores[brief.id] = Object.keys(answers).length ? scoreAssessment(brief.id, answers) : null;
    }
    return scores;
  });
  protected readonly ptsdScore = computed(() => this.ptsdItems().filter((x) => x === true).length);
  protected readonly ptsdComplete = computed(
    () => this.exposure() === false || this.ptsdItems().every((x) => x !== null),
  );
  protected readonly pcl5Due = computed(
    () => this.exposure() === true && this.ptsdComplete() && this.ptsdScore() >= this.pcPtsd5CutPoint(),
  );
  protected readonly canSave = computed(
    () =>
      !this.saving() &&
      (this.refused() || SECTIONS.some(({ brief }) => this.scores()[brief.id]?.complete) || this.exposure() !== null),
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
    for (const { brief, followUp, declinable, field, followUpField } of SECTIONS) {
      if (declinable && this.refused()) {
        body.depressionException = 'patient_refused';
        continue;
      }
      if (has(brief.id)) body[field] = a[brief.id];
      if (followUp && followUpField && this.scores()[brief.id]?.positiveScreen === true && has(followUp.full.id)) {
        // The full instrument's answers include the ones its brief screener already asked.
        const fromBrief = Object.fromEntries(
          Object.entries(followUp.sharedItems).map(([item, b]) => [item, a[brief.id]?.[b] ?? null]),
        );
        body[followUpField] = { ...fromBrief, ...a[followUp.full.id] };
      }
    }
    if (this.exposure() !== null) {
      body.pcPtsd5 = {
        traumaExposure: this.exposure() === true,
        items: this.exposure() ? (this.ptsdItems() as boolean[]) : [],
      };
    }
    if (this.pcl5Due() && has('PCL5')) body.pcl5 = a['PCL5'];
    this.save.emit(body);
  }
}
