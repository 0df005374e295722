import type { SelfReportInstrumentId, SelfReportLanguage } from '@huddle/shared-types';

/**
 * The self-report form's wording (issue #16): each instrument's own questions, answers and copyright
 * notice in English and Spanish, unchanged (clinical-reference.md §"Measurement cadence and self-report":
 * the PHQ and GAD-7 screeners, Pfizer, may be reproduced, translated, displayed and distributed without
 * permission; official Spanish versions exist; show the instrument's own wording unchanged).
 *
 * Sources: the English forms and the official "Spanish for the USA" translations published by Pfizer
 * at phqscreeners.com (PHQ-9, GAD-7; the PHQ-2/GAD-2 are their first two items). Transcribed from those
 * forms; compare with the PDFs when a form is revised.
 *
 * Item ids are the ones of the instrument definitions (phq9_1 …, gad7_1 …, phq2_1 …, gad2_1 …).
 */
export interface SelfReportItemWording {
  readonly id: string;
  readonly text: string;
}

export interface SelfReportInstrumentWording {
  readonly title: string;
  /** The question stem above the items. */
  readonly stem: string;
  readonly items: readonly SelfReportItemWording[];
  /** Labels of the answers 0–3 of the scored items. */
  readonly options: readonly string[];
  /** PHQ-9 item 10 (not scored), with its own answers. */
  readonly difficulty?: { readonly id: string; readonly text: string; readonly options: readonly string[] };
  readonly copyright: string;
}

const PHQ_COPYRIGHT_EN =
  'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';
const PHQ_COPYRIGHT_ES =
  'Desarrollado por los Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y colegas, con una beca educacional otorgada por Pfizer Inc. No se requiere permiso para reproducir, traducir, presentar o distribuir.';

const PHQ_STEM_EN = 'Over the last 2 weeks, how often have you been bothered by any of the following problems?';
const PHQ_STEM_ES =
  'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?';
const GAD_STEM_EN = 'Over the last 2 weeks, how often have you been bothered by the following problems?';
const GAD_STEM_ES = 'Durante las últimas 2 semanas, ¿con qué frecuencia le han molestado los siguientes problemas?';

const FREQUENCY_EN = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];
const PHQ_FREQUENCY_ES = ['Ningún día', 'Varios días', 'Más de la mitad de los días', 'Casi todos los días'];
const GAD_FREQUENCY_ES = ['Nunca', 'Varios días', 'Más de la mitad de los días', 'Casi todos los días'];

const PHQ9_ITEMS_EN = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
];
const PHQ9_ITEMS_ES = [
  'Poco interés o placer en hacer cosas',
  'Se ha sentido decaído(a), deprimido(a) o sin esperanzas',
  'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado',
  'Se ha sentido cansado(a) o con poca energía',
  'Sin apetito o ha comido en exceso',
  'Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia',
  'Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión',
  '¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal',
  'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
];
const GAD7_ITEMS_EN = [
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid, as if something awful might happen',
];
const GAD7_ITEMS_ES = [
  'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta',
  'No ha sido capaz de parar o controlar su preocupación',
  'Se ha preocupado demasiado por motivos diferentes',
  'Ha tenido dificultad para relajarse',
  'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)',
  'Se ha molestado o irritado fácilmente',
  'Ha tenido miedo de que algo terrible fuera a pasar',
];

const items = (prefix: string, texts: readonly string[]): SelfReportItemWording[] =>
  texts.map((text, i) => ({ id: `${prefix}_${i + 1}`, text }));

export const SELF_REPORT_WORDING: Readonly<
  Record<SelfReportLanguage, Readonly<Record<SelfReportInstrumentId, SelfReportInstrumentWording>>>
> = {
  en: {
    PHQ9: {
      title: 'Patient Health Questionnaire (PHQ-9)',
      stem: PHQ_STEM_EN,
      items: items('phq9', PHQ9_ITEMS_EN),
      options: FREQUENCY_EN,
      difficulty: {
        id: 'phq9_difficulty',
        text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
        options: ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'],
      },
      copyright: PHQ_COPYRIGHT_EN,
    },
    PHQ2: {
      title: 'Patient Health Questionnaire-2 (PHQ-2)',
      stem: PHQ_STEM_EN,
      items: items('phq2', PHQ9_ITEMS_EN.slice(0, 2)),
      options: FREQUENCY_EN,
      copyright: PHQ_COPYRIGHT_EN,
    },
    GAD7: {
      title: 'Generalized Anxiety Disorder 7-item (GAD-7)',
      stem: GAD_STEM_EN,
      items: items('gad7', GAD7_ITEMS_EN),
      options: FREQUENCY_EN,
      copyright: PHQ_COPYRIGHT_EN,
    },
    GAD2: {
      title: 'Generalized Anxiety Disorder 2-item (GAD-2)',
      stem: GAD_STEM_EN,
      items: items('gad2', GAD7_ITEMS_EN.slice(0, 2)),
      options: FREQUENCY_EN,
      copyright: PHQ_COPYRIGHT_EN,
    },
  },
  es: {
    PHQ9: {
      title: 'Cuestionario sobre la salud del paciente (PHQ-9)',
      stem: PHQ_STEM_ES,
      items: items('phq9', PHQ9_ITEMS_ES),
      options: PHQ_FREQUENCY_ES,
      difficulty: {
        id: 'phq9_difficulty',
        text: 'Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras personas?',
        options: ['No ha sido difícil', 'Un poco difícil', 'Muy difícil', 'Extremadamente difícil'],
      },
      copyright: PHQ_COPYRIGHT_ES,
    },
    PHQ2: {
      title: 'Cuestionario sobre la salud del paciente (PHQ-2)',
      stem: PHQ_STEM_ES,
      items: items('phq2', PHQ9_ITEMS_ES.slice(0, 2)),
      options: PHQ_FREQUENCY_ES,
      copyright: PHQ_COPYRIGHT_ES,
    },
    GAD7: {
      title: 'Cuestionario de ansiedad generalizada (GAD-7)',
      stem: GAD_STEM_ES,
      items: items('gad7', GAD7_ITEMS_ES),
      options: GAD_FREQUENCY_ES,
      copyright: PHQ_COPYRIGHT_ES,
    },
    GAD2: {
      title: 'Cuestionario de ansiedad generalizada (GAD-2)',
      stem: GAD_STEM_ES,
      items: items('gad2', GAD7_ITEMS_ES.slice(0, 2)),
      options: GAD_FREQUENCY_ES,
      copyright: PHQ_COPYRIGHT_ES,
    },
  },
};

/**
 * Crisis resources shown to a patient who answers PHQ-9 item 9 above 0 (clinical-reference.md
 * §"Safety follow-up": the 988 Suicide & Crisis Lifeline, call or text 988, and 911 for an emergency).
 */
export const CRISIS_RESOURCES = {
  lifelineNumber: '988',
  emergencyNumber: '911',
} as const;
