import type { SelfReportLanguage } from '@huddle/shared-types';

/** What a patient's message may say: their first name, the clinic, the link and its expiry. */
export interface LinkMessageInput {
  firstName: string;
  clinicName: string;
  url: string;
  /** Expiry in words, in the clinic's zone. */
  expiresOn: string;
  reminder: boolean;
  language: SelfReportLanguage;
}

/** The email to the patient (subject and text) in their language. */
export function linkEmail(input: LinkMessageInput): { subject: string; text: string } {
  if (input.language === 'es') {
    return {
      subject: input.reminder
        ? `Recordatorio: cuestionario de ${input.clinicName}`
        : `Cuestionario de ${input.clinicName}`,
      text: [
        `Hola ${input.firstName}:`,
        '',
        `Su equipo de atención de ${input.clinicName} le pide que conteste un breve cuestionario sobre cómo se ha sentido.`,
        '',
        input.url,
        '',
        `El enlace funciona una sola vez y vence el ${input.expiresOn}.`,
        'Si tiene pensamientos de hacerse daño, llame o envíe un mensaje de texto al 988 (Línea de Prevención del Suicidio y Crisis). En una emergencia, llame al 911.',
      ].join('\n'),
    };
  }
  return {
    subject: input.reminder
      ? `Reminder: questionnaire from ${input.clinicName}`
      : `Questionnaire from ${input.clinicName}`,
    text: [
      `Hello ${input.firstName},`,
      '',
      `Your care team at ${input.clinicName} asks you to answer a short questionnaire about how you have been feeling.`,
      '',
      input.url,
      '',
      `The link works once and expires on ${input.expiresOn}.`,
      'If you have thoughts of hurting yourself, call or text 988 (Suicide & Crisis Lifeline). In an emergency, call 911.',
    ].join('\n'),
  };
}

/** The text message to the patient: no name, the link only. */
export function linkSms(input: LinkMessageInput): string {
  return input.language === 'es'
    ? `${input.clinicName}: conteste su cuestionario: ${input.url} (vence el ${input.expiresOn})`
    : `${input.clinicName}: please answer your questionnaire: ${input.url} (expires ${input.expiresOn})`;
}

/**
 * The urgent alert to the care team: no name, no MRN, no answers — what happened, when, and the link
 * to the patient's page (behind sign-in).
 */
export function safetyAlertEmail(input: { patientUrl: string; submittedAt: string; clinicName: string }): {
  subject: string;
  text: string;
} {
  return {
    subject: 'URGENT: safety alert from a patient self-report',
    text: [
      `A patient of ${input.clinicName} answered PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above 0 on a self-report form at ${input.submittedAt}.`,
      'The patient was shown crisis resources (988, 911). A SAFETY flag is on their record.',
      '',
      `Open the patient (sign-in required): ${input.patientUrl}`,
      '',
      'Follow up today and record the safety follow-up in Huddle.',
    ].join('\n'),
  };
}
