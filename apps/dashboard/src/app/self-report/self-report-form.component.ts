import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatRadioModule } from '@angular/material/radio';
import { SELF_REPORT_WORDING } from '@huddle/scoring';
import type { SelfReportForm, SelfReportLanguage, SelfReportSubmitted } from '@huddle/shared-types';
import { CrisisResourcesComponent } from './crisis-resources.component';
import { SelfReportApi } from './self-report.service';

type Answers = Record<string, Record<string, number | null>>;

const TEXT = {
  en: {
    hello: 'Hello',
    intro: 'Your care team asks you to answer these questions. It takes about 3 minutes.',
    submit: 'Send my answers',
    sending: 'Sending…',
    missing: 'Please answer every question. Not answered:',
    failed: 'Your answers could not be sent. Check your connection and try again.',
    question: 'Question',
  },
  es: {
    hello: 'Hola',
    intro: 'Su equipo de atención le pide que conteste estas preguntas. Toma unos 3 minutos.',
    submit: 'Enviar mis respuestas',
    sending: 'Enviando…',
    missing: 'Por favor conteste todas las preguntas. Sin contestar:',
    failed: 'No se pudieron enviar sus respuestas. Revise su conexión e inténtelo de nuevo.',
    question: 'Pregunta',
  },
} as const;

/**
 * The patient's self-report form (public page and kiosk): each instrument's own wording in English or
 * Spanish (libs/scoring), one large radio group per question, answers kept in sessionStorage under a
 * hash of the token while `storageKey` is set, crisis resources shown the moment PHQ-9 item 9 is
 * answered above 0.
 */
@Component({
  selector: 'hd-self-report-form',
  imports: [MatButtonModule, MatButtonToggleModule, MatRadioModule, CrisisResourcesComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './self-report-form.component.html',
  styleUrl: './self-report-form.component.scss',
})
export class SelfReportFormComponent {
  private readonly api = inject(SelfReportApi);

  readonly form = input.required<SelfReportForm>();
  readonly token = input.required<string>();
  /** sessionStorage key for the answers (a hash of the token); null: nothing kept (kiosk). */
  readonly storageKey = input<string | null>(null);
  readonly submitted = output<SelfReportSubmitted & { language: SelfReportLanguage }>();
  readonly linkInvalid = output();

  protected readonly language = linkedSignal(() => this.form().language);
  protected readonly answers = linkedSignal<string | null, Answers>({
    source: this.storageKey,
    computation: (key) => restore(key),
  });
  protected readonly sending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly t = computed(() => TEXT[this.language()]);
  protected readonly instruments = computed(() =>
    this.form().instruments.map((id) => ({ id, wording: SELF_REPORT_WORDING[this.language()][id] })),
  );
  /** PHQ-9 item 9 answered above 0: crisis resources at once. */
  protected readonly crisis = computed(() => (this.answers()['PHQ9']?.['phq9_9'] ?? 0) > 0);
  protected readonly unanswered = computed(() =>
    this.instruments().flatMap(({ id, wording }) =>
      wording.items
        .map((item, i) => ({ item, n: i + 1 }))
        .filter(({ item }) => this.answers()[id]?.[item.id] == null)
        .map(({ n }) => `${wording.title.match(/\(([^)]+)\)/)?.[1] ?? id} ${n}`),
    ),
  );
  protected readonly showMissing = signal(false);

  constructor() {
    effect(() => {
      const key = this.storageKey();
      if (key) sessionStorage.setItem(key, JSON.stringify(this.answers()));
    });
  }

  protected answer(instrument: string, item: string): number | null {
    return this.answers()[instrument]?.[item] ?? null;
  }

  protected choose(instrument: string, item: string, value: number): void {
    this.answers.update((all) => ({ ...all, [instrument]: { ...all[instrument], [item]: value } }));
  }

  protected send(): void {
    if (this.unanswered().length > 0) {
      this.showMissing.set(true);
      return;
    }
    this.sending.set(true);
    this.error.set(null);
    const language = this.language();
    this.api
      .submit({
        token: this.token(),
        language,
        responses: this.form().instruments.map((instrument) => ({
          instrument,
          answers: this.answers()[instrument] ?? {},
        })),
      })
      .subscribe({
        next: (result) => {
          const key = this.storageKey();
          if (key) sessionStorage.removeItem(key);
          this.sending.set(false);
          this.submitted.emit({ ...result, language });
        },
        error: (e: { status?: number }) => {
          this.sending.set(false);
          if (e.status === 404) this.linkInvalid.emit();
          else this.error.set(this.t().failed);
        },
      });
  }
}

function restore(key: string | null): Answers {
  if (!key) return {};
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}
