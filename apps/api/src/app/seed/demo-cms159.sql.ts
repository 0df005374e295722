import type { EntityManager } from 'typeorm';
import { AssessmentEntity, ContactEntity, EpisodeEntity, PatientEntity } from '../database/entities';
import { cms159DemoCases, cms159DemoEvents, ICD10_CM } from './demo-cms159-cases';
import { FAMILY_NAMES, GIVEN_NAMES, LANGUAGES, PAYERS } from './names';
import type { Random } from './random';
import { syntheticForm } from './trajectory';

export interface Cms159DemoClinic {
  clinicId: string;
  /** MRN prefix of the clinic's cohort (e.g. `RIV2`). */
  mrnPrefix: string;
  careManagerId: string;
  consultantId: string;
  pcpId: string;
}

/**
 * Seeds one clinic's CMS159 cohort ({@link cms159DemoCases}): patients, their (now mostly closed)
 * episodes, the PHQ-9s at each monthly contact and at 12 months, the diagnoses on the problem list and
 * the office visit that found the depression (patient_clinical_event, as the FHIR import records them).
 * @returns the number of patients and assessments written
 */
export async function seedDemoCms159(
  em: EntityManager,
  rng: Random,
  asOf: Date,
  clinic: Cms159DemoClinic,
): Promise<{ patients: number; assessments: number }> {
  const cases = cms159DemoCases(asOf);
  let assessments = 0;
  for (const [index, demo] of cases.entries()) {
    const patient = await em.save(
      em.create(PatientEntity, {
        clinicId: clinic.clinicId,
        mrn: `${clinic.mrnPrefix}${String(index + 1).padStart(5, '0')}`,
        givenName: rng.pick(GIVEN_NAMES),
        familyName: rng.pick(FAMILY_NAMES),
        birthDate: demo.birthDate,
        preferredLanguage: rng.pick(LANGUAGES),
        payer: rng.pick(PAYERS),
        pcpId: clinic.pcpId,
      }),
    );
    const status = demo.episode.dischargedOn
      ? 'discharged'
      : demo.episode.relapsePreventionOn
        ? 'relapse_prevention'
        : 'active';
    const episode = await em.save(
      em.create(EpisodeEntity, {
        clinicId: clinic.clinicId,
        patientId: patient.id,
        status,
        referredOn: demo.visit.on,
        consentOn: demo.episode.enrolledOn,
        enrolledOn: demo.episode.enrolledOn,
        activatedOn: demo.episode.enrolledOn,
        relapsePreventionOn: demo.episode.relapsePreventionOn,
        dischargedOn: demo.episode.dischargedOn,
        dischargeReason: demo.episode.dischargeReason,
        careManagerId: clinic.careManagerId,
        consultantId: clinic.consultantId,
        billingPcpId: clinic.pcpId,
        diagnoses: demo.diagnoses.map((dx) => dx.code),
      }),
    );
    const rows: AssessmentEntity[] = [];
    const contacts: ContactEntity[] = [];
    demo.phq9.forEach(({ date, total }, i) => {
      const { answers, scored } = syntheticForm(rng, 'PHQ9', total, 0);
      rows.push(
        em.create(AssessmentEntity, {
          clinicId: clinic.clinicId,
          patientId: patient.id,
          episodeId: episode.id,
          instrument: 'PHQ9',
          administeredOn: date,
          source: i === 0 ? 'clinic' : rng.pick(['phone', 'phone', 'portal'] as const),
          answers,
          total: scored.total,
          severity: scored.severity?.code ?? null,
          positiveScreen: scored.positiveScreen,
          complete: scored.complete,
          safetyRisk: scored.safetyRisk,
          enteredBy: clinic.careManagerId,
        }),
      );
      contacts.push(
        em.create(ContactEntity, {
          clinicId: clinic.clinicId,
          patientId: patient.id,
          episodeId: episode.id,
          staffId: clinic.careManagerId,
          type: i === 0 ? 'initial_assessment' : 'follow_up',
          modality: i === 0 ? 'in_person' : 'phone',
          completed: true,
          startedAt: new Date(`${date}T${String(rng.int(14, 20)).padStart(2, '0')}:00:00Z`),
          minutes: i === 0 ? rng.int(40, 60) : rng.int(10, 30),
          activity: i === 0 ? 'Initial assessment and care plan' : 'Follow-up, PHQ-9 and symptom check',
          note: null,
        }),
      );
    });
    await em.save(rows);
    await em.save(contacts);
    assessments += rows.length;
    for (const event of cms159DemoEvents(demo)) {
      const display =
        event.system === ICD10_CM ? (demo.diagnoses.find((dx) => dx.code === event.code)?.display ?? null) : null;
      await em.query(
        `INSERT INTO patient_clinical_event
           (clinic_id, patient_id, kind, code_system, code, display, starts_on, ends_on, status, source, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'manual', $10)`,
        [
          clinic.clinicId,
          patient.id,
          event.kind,
          event.system,
          event.code,
          display,
          event.startsOn,
          event.endsOn,
          event.status,
          clinic.pcpId,
        ],
      );
    }
  }
  return { patients: cases.length, assessments };
}
