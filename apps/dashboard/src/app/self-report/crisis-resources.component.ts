import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { CRISIS_RESOURCES } from '@huddle/scoring';
import type { SelfReportLanguage } from '@huddle/shared-types';

const TEXT = {
  en: {
    title: 'You are not alone. Help is available now.',
    lifeline: 'Call or text 988 — Suicide & Crisis Lifeline, 24 hours a day.',
    emergency: 'In an emergency, call 911.',
    call: 'Call 988',
    text: 'Text 988',
    team: 'Your care team has been told and will contact you.',
  },
  es: {
    title: 'No está solo(a). Hay ayuda disponible ahora.',
    lifeline: 'Llame o envíe un mensaje de texto al 988 — Línea de Prevención del Suicidio y Crisis, las 24 horas.',
    emergency: 'En una emergencia, llame al 911.',
    call: 'Llamar al 988',
    text: 'Texto al 988',
    team: 'Su equipo de atención ha sido avisado y se comunicará con usted.',
  },
} as const;

/**
 * Crisis resources shown to a patient at once when PHQ-9 item 9 is answered above 0
 * (clinical-reference.md §"Safety follow-up": 988, call or text; 911 for an emergency).
 */
@Component({
  selector: 'hd-crisis-resources',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="crisis" role="alert" aria-labelledby="crisis-title">
      <h2 id="crisis-title">{{ t().title }}</h2>
      <p>{{ t().lifeline }}</p>
      <div class="actions">
        <a class="big" [href]="'tel:' + numbers.lifelineNumber">{{ t().call }}</a>
        <a class="big" [href]="'sms:' + numbers.lifelineNumber">{{ t().text }}</a>
        <a class="big emergency" [href]="'tel:' + numbers.emergencyNumber">911</a>
      </div>
      <p>{{ t().emergency }}</p>
      @if (submitted()) {
        <p>{{ t().team }}</p>
      }
    </section>
  `,
  styles: `
    .crisis {
      border: 3px solid #8c1d18;
      background: #fff4f2;
      color: #3b0908;
      border-radius: 12px;
      padding: 16px;
      margin: 16px 0;
    }
    h2 {
      margin-top: 0;
      font-size: 1.3rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
    }
    .big {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      min-height: 48px;
      min-width: 120px;
      padding: 0 20px;
      border-radius: 24px;
      background: #8c1d18;
      color: #fff;
      font-weight: 600;
      text-decoration: none;
    }
    .emergency {
      background: #3b0908;
    }
  `,
})
export class CrisisResourcesComponent {
  readonly language = input<SelfReportLanguage>('en');
  /** After submission: also say that the team was told. */
  readonly submitted = input(false);
  protected readonly numbers = CRISIS_RESOURCES;
  protected readonly t = computed(() => TEXT[this.language()]);
}
