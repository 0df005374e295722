import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { RecommendationType } from '@huddle/shared-types';
import { optionsOf, RECOMMENDATION_TYPE_LABELS } from '../shared/labels';
import {
  needsDose,
  needsMedication,
  recommendationInputs,
  type RecommendationDraft,
  type RecommendationInput,
} from './review-state';

export interface ReviewDraft {
  summary: string;
  recommendations: RecommendationInput[];
}

const emptyRow = (): RecommendationDraft => ({ type: '', detail: '', medication: '', dose: '' });

/** Structured recommendations (type, detail, medication, dose) and "Mark reviewed". */
@Component({
  selector: 'hd-review-form',
  imports: [MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './review-form.component.html',
  styleUrl: './review-form.component.scss',
})
export class ReviewFormComponent {
  readonly saving = input(false);
  readonly errorMessage = input<string | null>(null);
  readonly reviewed = input(false);
  readonly save = output<ReviewDraft>();

  protected readonly types = optionsOf(RECOMMENDATION_TYPE_LABELS);
  protected readonly summary = signal('');
  protected readonly rows = signal<RecommendationDraft[]>([]);
  protected readonly rowErrors = signal<Record<number, string[]>>({});
  protected readonly needsMedication = needsMedication;
  protected readonly needsDose = needsDose;

  protected addRow(): void {
    this.rows.update((r) => [...r, emptyRow()]);
  }

  protected removeRow(index: number): void {
    this.rows.update((r) => r.filter((_, i) => i !== index));
    this.rowErrors.set({});
  }

  protected setField(index: number, key: keyof RecommendationDraft, value: string): void {
    this.rows.update((rows) =>
      rows.map((row, i) =>
        i === index ? { ...row, [key]: key === 'type' ? (value as RecommendationType) : value } : row,
      ),
    );
  }

  protected onInput(index: number, key: 'detail' | 'medication' | 'dose', event: Event): void {
    this.setField(index, key, (event.target as HTMLInputElement | HTMLTextAreaElement).value);
  }

  protected onSummary(event: Event): void {
    this.summary.set((event.target as HTMLTextAreaElement).value);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const result = recommendationInputs(this.rows());
    if ('errors' in result) {
      this.rowErrors.set(result.errors);
      return;
    }
    this.rowErrors.set({});
    this.save.emit({ summary: this.summary().trim(), recommendations: result.items });
  }

  /** Clears the form after a successful save. */
  reset(): void {
    this.summary.set('');
    this.rows.set([]);
    this.rowErrors.set({});
  }
}
