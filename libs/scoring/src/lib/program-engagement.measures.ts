import type { InstrumentId, IsoDate, MeasureResult, PatientMeasureExplanation, YearMonth } from '@huddle/shared-types';
import { monthBounds, toDayNumber } from './date.utils';
import { counted, excluded, proportionResult } from './measure-result.builder';
import type { ProgramPatient } from './program-patient.model';

/**
 * NYS OMH monthly contact-with-scale rate (target ≥ 80%) for one calendar month: among patients
 * whose episode overlaps the month (enrolled by its last day, not discharged before its first),
 * the share with at least one patient contact in the month in which a scale was completed.
 * Contact dates are clinic-local. Per clinical-reference.md §Measurement-based care rules
 * (Engagement).
 */
export function computeMonthlyContactWithScaleRate(
  patients: readonly ProgramPatient[],
  options: { readonly month: YearMonth },
): MeasureResult {
  const { first, last } = monthBounds(options.month);
  const firstDay = toDayNumber(first, 'month');
  const lastDay = toDayNumber(last, 'month');
  return proportionResult(
    'NYS_MONTHLY_CONTACT_WITH_SCALE',
    patients.map((patient): PatientMeasureExplanation => {
      const enrolledDay = toDayNumber(patient.enrolledAt, 'enrolledAt');
      const dischargedDay = patient.dischargedAt ? toDayNumber(patient.dischargedAt, 'dischargedAt') : null;
      if (enrolledDay > lastDay || (dischargedDay !== null && dischargedDay < firstDay)) {
        return excluded(patient.patientId, 'NOT_ENROLLED_IN_PERIOD', `Not enrolled during ${options.month}`);
      }
      const contact = (patient.contacts ?? []).find((c) => {
        const day = toDayNumber(c.date, 'contacts.date');
        return c.withCompletedScale && day >= firstDay && day <= lastDay;
      });
      return contact
        ? counted(patient.patientId, true, 'CONTACT_WITH_SCALE', `Contact with a completed scale on ${contact.date}`, {
            contactDate: contact.date,
          })
        : counted(
            patient.patientId,
            false,
            'NO_CONTACT_WITH_SCALE',
            `No contact with a completed scale in ${options.month}`,
          );
    }),
  );
}

/** One screening administration (PHQ-2, GAD-2, AUDIT-C, or a full instrument used to screen). */
export interface ScreeningInput {
  readonly instrumentId: InstrumentId;
  readonly date: IsoDate;
  /** From `scoreAssessment`; `null` (incomplete, undetermined) does not count as screened. */
  readonly positiveScreen: boolean | null;
}

/** Per-patient input of {@link computeScreeningYield}. */
export interface ScreeningPatient {
  readonly patientId: string;
  readonly screens: readonly ScreeningInput[];
}

/**
 * Screening yield (NYS OMH program metric): among patients with at least one determinate screen
 * in the period (inclusive), the share with a positive screen. Per clinical-reference.md
 * §Quality measures.
 */
export function computeScreeningYield(
  patients: readonly ScreeningPatient[],
  options: { readonly period: { readonly start: IsoDate; readonly end: IsoDate } },
): MeasureResult {
  const startDay = toDayNumber(options.period.start, 'period.start');
  const endDay = toDayNumber(options.period.end, 'period.end');
  return proportionResult(
    'NYS_SCREENING_YIELD',
    patients.map((patient): PatientMeasureExplanation => {
      const screens = patient.screens.filter((screen) => {
        const day = toDayNumber(screen.date, 'screens.date');
        return screen.positiveScreen !== null && day >= startDay && day <= endDay;
      });
      if (screens.length === 0) {
        return excluded(patient.patientId, 'NOT_SCREENED', 'No completed screen in the period');
      }
      const positive = screens.find((screen) => screen.positiveScreen === true);
      return positive
        ? counted(
            patient.patientId,
            true,
            'SCREENED_POSITIVE',
            `Positive ${positive.instrumentId} on ${positive.date}`,
            {
              instrumentId: positive.instrumentId,
              date: positive.date,
            },
          )
        : counted(patient.patientId, false, 'SCREENED_NEGATIVE', `${screens.length} negative screen(s)`, {
            screens: screens.length,
          });
    }),
  );
}
