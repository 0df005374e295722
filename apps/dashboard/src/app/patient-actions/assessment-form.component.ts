import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  type ElementRef,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule, type MatRadioChange } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { INSTRUMENTS, scoreAssessment } from '@huddle/scoring';
import type { AssessmentSource, CreateAssessmentRequest } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';

/** Instruments the care team enters item by item. */
export type EnteredInstrument = 'PHQ9' | 'GAD7';

const SOURCES: { value: AssessmentSource; label: string }[] = [
  { value: 'clinic', label: 'In clinic' },
  { value: 'phone', label: 'By phone' },
  { value: 'portal', label: 'Patient portal' },
];

let nextId = 0;

/**
 * PHQ-9 / GAD-7 entry, item by item (radio groups 0–3 with the item text), with the live total and
 * severity from `@huddle/scoring`. When the PHQ-9 safety item (9) is answered above 0, a prominent
 * safety prompt is announced at once. Incomplete forms can be saved (they are flagged for review).
 */
@Component({
  selector: 'hd-assessment-form',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    MatSelectModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './assessment-form.component.html',
  styleUrl: './assessment-form.component.scss',
})
export class AssessmentFormComponent {
  readonly initialInstrument = input<EnteredInstrument>('PHQ9');
  /** Prefilled answers and date (correcting a recorded score); the instrument is then fixed. */
  readonly initialAnswers = input<Record<string, number | null> | null>(null);
  readonly initialDate = input<string | null>(null);
  readonly saving = input(false);
  readonly errorMessage = input<string | null>(null);
  readonly save = output<CreateAssessmentRequest>();
  readonly cancelled = output();

  protected readonly uid = `assessment-${nextId++}`;
  protected readonly sources = SOURCES;
  protected readonly today = inject(ClinicCalendar).today;
  protected readonly instrument = linkedSignal(() => this.initialInstrument());
  /** Answers reset whenever the instrument changes. */
  protected readonly answers = linkedSignal<EnteredInstrument, Record<string, number | null>>({
    source: this.instrument,
    computation: () => ({ ...(this.initialAnswers() ?? {}) }),
  });
  protected readonly administeredOn = linkedSignal(() => this.initialDate() ?? this.today());
  protected readonly source = signal<AssessmentSource>('clinic');
  protected readonly triedToSave = signal(false);

  protected readonly definition = computed(() => INSTRUMENTS[this.instrument()]);
  protected readonly scoredItems = computed(() => this.definition().items.filter((i) => i.scored));
  protected readonly extraItems = computed(() => this.definition().items.filter((i) => !i.scored));
  protected readonly score = computed(() => scoreAssessment(this.instrument(), this.answers()));
  protected readonly answeredCount = computed(
    () => this.scoredItems().filter((i) => this.answers()[i.id] !== undefined && this.answers()[i.id] !== null).length,
  );
  protected readonly partialSum = computed(() =>
    this.scoredItems().reduce((sum, i) => sum + (this.answers()[i.id] ?? 0), 0),
  );
  protected readonly safetyItem = computed(() => {
    const id = this.definition().safetyItemId;
    if (!id || !this.score().safetyRisk) return null;
    const item = this.definition().items.find((i) => i.id === id);
    const value = this.answers()[id];
    return item && value !== null && value !== undefined
      ? { text: item.text, answer: item.options.find((o) => o.value === value)?.label ?? String(value) }
      : null;
  });
  protected readonly missingNumbers = computed(() => {
    const ids = this.scoredItems().map((i) => i.id);
    return this.score()
      .missingItems.map((id) => ids.indexOf(id) + 1)
      .join(', ');
  });
  protected readonly dateError = computed(() => {
    const d = this.administeredOn();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return 'Enter the date the form was completed';
    return d > this.today() ? 'The date cannot be in the future' : null;
  });

  private readonly safetyPrompt = viewChild<ElementRef<HTMLElement>>('safetyPrompt');

  constructor() {
    // When item 9 is answered > 0 the safety prompt appears below the items: bring it into view above
    // the sticky total bar (its scroll margin keeps it clear of the bar), on a phone as on a desktop.
    effect(() => {
      const prompt = this.safetyPrompt()?.nativeElement;
      if (prompt && typeof prompt.scrollIntoView === 'function') prompt.scrollIntoView({ block: 'nearest' });
    });
  }

  protected setInstrument(value: EnteredInstrument): void {
    this.instrument.set(value);
    this.triedToSave.set(false);
  }

  protected answer(itemId: string, change: MatRadioChange): void {
    const value = typeof change.value === 'number' ? change.value : null;
    this.answers.update((a) => ({ ...a, [itemId]: value }));
  }

  protected onDate(event: Event): void {
    this.administeredOn.set((event.target as HTMLInputElement).value);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    this.triedToSave.set(true);
    if (this.dateError() || this.answeredCount() === 0) return;
    const answers: Record<string, number | null> = {};
    for (const item of this.definition().items) answers[item.id] = this.answers()[item.id] ?? null;
    this.save.emit({
      instrument: this.instrument(),
      administeredOn: this.administeredOn(),
      source: this.source(),
      answers,
    });
  }
}
