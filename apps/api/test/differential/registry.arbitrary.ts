import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  daysBetween,
  DEFAULT_FLAG_THRESHOLDS,
  getInstrument,
  monthBounds,
  monthOf,
  overviewRecentWindow,
  startOfLocalDay,
  toLocalIsoDate,
  type FlagThresholds,
} from '@huddle/scoring';
import type { ContactType, EpisodeStatus, InstrumentId, IsoDate } from '@huddle/shared-types';
import { answersFor } from '../builders';
import type {
  AssessmentRow,
  ClinicRows,
  ContactRow,
  EpisodeRow,
  GeneratedRegistry,
  ManualFlagRow,
  ReviewRow,
  SafetyFollowUpRow,
  StaffRow,
} from './registry.model';
import { mondayOf, qualityPeriods } from './oracle';

/** UTC−10 … UTC+13, with half- and quarter-hour offsets and both hemispheres' daylight saving. */
export const TIME_ZONES = [
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/New_York',
  'America/Sao_Paulo',
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Adelaide',
  'Pacific/Auckland',
  'Pacific/Tongatapu',
] as const;

/** 23:30 local: a contact started then on a month's last day belongs to that month, not the next. */
const LATE_EVENING = 23 * 60 + 30;

// ---------------------------------------------------------------------------------------------
// Plans: small numbers fast-check generates and shrinks; `materialize` turns them into rows.
// ---------------------------------------------------------------------------------------------

/**
 * Days after the episode's anchor, or an edge: the baseline look-back's first day and the day before
 * it, a month's last day, the overview's recent window's first day (`overviewRecentWindow`) and the
 * day before it.
 */
type DayOffset = number | 'lookbackEdge' | 'beforeLookbackEdge' | 'monthEnd' | 'recentEdge' | 'beforeRecentEdge';

interface AssessmentPlan {
  instrument: InstrumentId;
  day: DayOffset;
  /** Share of the instrument's maximum total (0–1), or an exact total. */
  level: number;
  incomplete: boolean;
  item9: number;
  sameDayTwin: boolean;
}

interface ContactPlan {
  day: DayOffset;
  /** Minutes after local midnight. */
  minuteOfDay: number;
  minutes: number;
  type: ContactType;
  completed: boolean;
  staff: 'careManager' | 'otherCareManager' | 'consultant';
  overlapTwin: boolean;
}

interface ReviewPlan {
  day: number;
  minuteOfDay: number;
}

type EpisodeKind = 'referred' | 'enrolled' | 'active' | 'relapse_prevention' | 'discharged' | 'discharged_unenrolled';

interface EpisodePlan {
  kind: EpisodeKind;
  /** Days before "today" the episode started (enrolment, or referral when never enrolled). */
  startAgo: number;
  consent: 'sameDay' | 'daysBefore' | 'monthEnd';
  consentGap: number;
  referralGap: number;
  durationDays: number;
  assessments: AssessmentPlan[];
  contacts: ContactPlan[];
  reviews: ReviewPlan[];
  safetyFollowUp: number | null;
  /** A planned (not yet completed) contact some days ahead: data after "today" the reads must ignore. */
  plannedContactInDays: number | null;
  reviewRequested: boolean;
}

interface FollowUpPlan {
  edge: number;
  score: 'half' | 'halfPlusOne' | 'remission' | 'five' | 'index' | 'zero';
  incomplete: boolean;
}

interface QualityPlan {
  measure: 'DRR_E' | '12M';
  /** Position of the index PHQ-9 in the index period (0–1). */
  position: number;
  indexScore: number;
  lowerScoreBefore: boolean;
  lead: number;
  followUps: FollowUpPlan[];
  dischargeAfter: number | null;
}

interface PatientPlan {
  careManager: number;
  diagnoses: string[];
  first: EpisodePlan;
  quality: QualityPlan | null;
  restart: { gapDays: number; plan: EpisodePlan } | null;
  manualFlag: { code: 'DISCUSS_WITH_CONSULTANT' | 'SAFETY_CONCERN'; resolved: boolean } | null;
}

interface ClinicPlan {
  timeZone: string;
  thresholds: Partial<FlagThresholds>;
  careManagerFte: number[];
  patients: PatientPlan[];
}

interface RegistryPlan {
  /** Days after 2026-01-01 and minute of the UTC day of the frozen clock. */
  nowDay: number;
  nowMinute: number;
  clinics: ClinicPlan[];
}

const INSTRUMENTS: InstrumentId[] = ['PHQ9', 'PHQ9', 'PHQ9', 'PHQ9', 'GAD7', 'GAD7', 'PCL5', 'PHQ2', 'GAD2'];
const CONTACT_TYPES: ContactType[] = [
  'initial_assessment',
  'follow_up',
  'follow_up',
  'relapse_prevention',
  'outreach_attempt',
  'care_coordination',
];
/** Minutes on the billing thresholds (16 G2214, 31 99493, 36 99492, 76/86 first 99494 unit) and ±1. */
const BOUNDARY_MINUTES = [15, 16, 30, 31, 35, 36, 45, 60, 75, 76, 86, 90];

const dayOffset = (min: number, max: number): fc.Arbitrary<DayOffset> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min, max }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<DayOffset>(
        'lookbackEdge',
        'beforeLookbackEdge',
        'monthEnd',
        'recentEdge',
        'beforeRecentEdge',
      ),
    },
  );

const assessmentPlan: fc.Arbitrary<AssessmentPlan> = fc.record({
  instrument: fc.constantFrom(...INSTRUMENTS),
  day: dayOffset(-20, 200),
  level: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 1)),
  incomplete: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  item9: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  sameDayTwin: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const contactPlan: fc.Arbitrary<ContactPlan> = fc.record({
  day: dayOffset(-5, 200),
  minuteOfDay: fc.oneof(
    { weight: 2, arbitrary: fc.constant(LATE_EVENING) },
    { weight: 2, arbitrary: fc.integer({ min: 8 * 60, max: 18 * 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }) },
  ),
  minutes: fc.oneof(fc.constantFrom(...BOUNDARY_MINUTES), fc.integer({ min: 0, max: 95 })),
  type: fc.constantFrom(...CONTACT_TYPES),
  completed: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  staff: fc.constantFrom<ContactPlan['staff']>(
    'careManager',
    'careManager',
    'careManager',
    'otherCareManager',
    'consultant',
  ),
  overlapTwin: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const reviewPlan: fc.Arbitrary<ReviewPlan> = fc.record({
  day: fc.integer({ min: 0, max: 200 }),
  minuteOfDay: fc.oneof(fc.constant(LATE_EVENING), fc.integer({ min: 0, max: 24 * 60 - 1 })),
});

const episodePlan = (kinds: EpisodeKind[], maxAgo: number): fc.Arbitrary<EpisodePlan> =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    startAgo: fc.oneof(fc.integer({ min: 0, max: maxAgo }), fc.integer({ min: 50, max: 90 })),
    consent: fc.constantFrom<EpisodePlan['consent']>('sameDay', 'daysBefore', 'monthEnd'),
    consentGap: fc.integer({ min: 1, max: 20 }),
    referralGap: fc.integer({ min: 0, max: 30 }),
    durationDays: fc.integer({ min: 1, max: 300 }),
    assessments: fc.array(assessmentPlan, { maxLength: 6 }),
    contacts: fc.array(contactPlan, { maxLength: 6 }),
    reviews: fc.array(reviewPlan, { maxLength: 2 }),
    safetyFollowUp: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 2 }),
    plannedContactInDays: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 3 }),
    reviewRequested: fc.oneof(
      { weight: 5, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
  });

/** Follow-up days after the index PHQ-9: the DRR-E window (120–240) and the 12-month window (± 60) edges. */
const DRR_EDGES = [119, 120, 121, 180, 239, 240, 241];
const YEAR_EDGES = [-61, -60, -59, 0, 59, 60, 61];

const qualityPlan: fc.Arbitrary<QualityPlan> = fc
  .record({
    measure: fc.constantFrom<QualityPlan['measure']>('DRR_E', '12M'),
    position: fc.double({ min: 0, max: 1, noNaN: true }),
    indexScore: fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 5, max: 13 }).map((k) => 2 * k) },
      { weight: 1, arbitrary: fc.integer({ min: 9, max: 27 }) },
    ),
    lowerScoreBefore: fc.boolean(),
    lead: fc.integer({ min: 0, max: 20 }),
    followUps: fc.array(
      fc.record({
        edge: fc.nat({ max: 6 }),
        score: fc.constantFrom<FollowUpPlan['score']>(
          'half',
          'half',
          'halfPlusOne',
          'remission',
          'five',
          'index',
          'zero',
        ),
        incomplete: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    dischargeAfter: fc.option(fc.integer({ min: 0, max: 30 })),
  })
  .map((q) => q);

const DIAGNOSES: string[][] = [
  ['F32.1'],
  ['F33.1'],
  ['F34.1'],
  ['F32.1'],
  ['F41.1'],
  ['F32.1', 'F31.9'],
  ['F33.0', 'F41.1'],
];

const patientPlan: fc.Arbitrary<PatientPlan> = fc.record({
  careManager: fc.nat({ max: 1 }),
  diagnoses: fc.constantFrom(...DIAGNOSES),
  first: episodePlan(
    ['referred', 'enrolled', 'active', 'active', 'relapse_prevention', 'discharged', 'discharged_unenrolled'],
    420,
  ),
  quality: fc.option(qualityPlan, { freq: 3 }),
  restart: fc.option(
    fc.record({
      gapDays: fc.oneof(fc.integer({ min: 1, max: 250 }), fc.constantFrom(181, 182, 183, 184)),
      plan: episodePlan(['referred', 'enrolled', 'active'], 60),
    }),
    { freq: 3 },
  ),
  manualFlag: fc.option(
    fc.record({
      code: fc.constantFrom<'DISCUSS_WITH_CONSULTANT' | 'SAFETY_CONCERN'>('DISCUSS_WITH_CONSULTANT', 'SAFETY_CONCERN'),
      resolved: fc.boolean(),
    }),
    { freq: 4 },
  ),
});

const clinicPlan: fc.Arbitrary<ClinicPlan> = fc.record({
  timeZone: fc.constantFrom(...TIME_ZONES),
  thresholds: fc.oneof(
    { weight: 2, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          baselineLookbackDays: fc.integer({ min: 0, max: 28 }),
          caseloadCapacity: fc.integer({ min: 1, max: 6 }),
          routineReviewDays: fc.integer({ min: 7, max: 120 }),
          noContactDays: fc.integer({ min: 7, max: 60 }),
        },
        { requiredKeys: [] },
      ),
    },
  ),
  careManagerFte: fc.array(fc.constantFrom(1, 1, 0.8, 0.5, 0.33), { minLength: 1, maxLength: 2 }),
  patients: fc.array(patientPlan, { minLength: 1, maxLength: 5 }),
});

const registryPlan: fc.Arbitrary<RegistryPlan> = fc.record({
  nowDay: fc.oneof(
    fc.integer({ min: 0, max: 730 }),
    // The first and last days of months (a frozen clock on a month edge in some time zone).
    fc.integer({ min: 0, max: 23 }).map((m) => daysBetween('2026-01-01', addMonths('2026-01-01', m))),
    fc.integer({ min: 1, max: 24 }).map((m) => daysBetween('2026-01-01', addMonths('2026-01-01', m)) - 1),
  ),
  nowMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  clinics: fc.oneof(
    { weight: 4, arbitrary: fc.array(clinicPlan, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.array(clinicPlan, { minLength: 2, maxLength: 3 }) },
  ),
});

let registryCounter = 0;

/** Whole registries (1–3 clinics of a few dozen rows each) as the rows to load and to score. */
export const registryArbitrary: fc.Arbitrary<GeneratedRegistry> = registryPlan.map((plan) => materialize(plan));

// ---------------------------------------------------------------------------------------------
// Materialisation
// ---------------------------------------------------------------------------------------------

function materialize(plan: RegistryPlan): GeneratedRegistry {
  registryCounter += 1;
  const now = new Date(Date.parse('2026-01-01T00:00:00Z') + (plan.nowDay * 1440 + plan.nowMinute) * 60_000);
  const nowIso = now.toISOString();
  const clinics = plan.clinics.map((c, i) => materializeClinic(c, nowIso, `${registryCounter}-${i}`));
  const registry: GeneratedRegistry = {
    label: `registry #${registryCounter} (clock ${nowIso}, ${clinics.map((c) => `${c.timeZone} ${c.patients.length} patients`).join(', ')})`,
    now: nowIso,
    clinics,
  };
  // fast-check prints a failing registry by its label (the rows are in the mismatch messages' terms).
  Object.defineProperty(registry, fc.toStringMethod, { value: () => registry.label, enumerable: false });
  return registry;
}

/** An instant at `minuteOfDay` after local midnight of `date` in `timeZone`. */
export function localInstant(date: IsoDate, minuteOfDay: number, timeZone: string): string {
  return new Date(startOfLocalDay(date, timeZone) + minuteOfDay * 60_000).toISOString();
}

function materializeClinic(plan: ClinicPlan, now: string, tag: string): ClinicRows {
  const tz = plan.timeZone;
  const asOf = toLocalIsoDate(now, tz);
  const lookback = plan.thresholds.baselineLookbackDays ?? DEFAULT_FLAG_THRESHOLDS.baselineLookbackDays;
  const staff = (role: StaffRow['role'], fte = 1, n = 0): StaffRow => ({
    id: randomUUID(),
    role,
    fte,
    displayName: `${role} ${n} ${tag}`,
  });
  const careManagers = plan.careManagerFte.map((fte, i) => staff('care_manager', fte, i));
  const consultant = staff('psychiatric_consultant');
  const pcp = staff('pcp');
  const leadership = staff('leadership');
  const clinic: ClinicRows = {
    id: randomUUID(),
    name: `Differential ${tag} ${randomUUID().slice(0, 8)}`,
    timeZone: tz,
    thresholds: plan.thresholds,
    asOf,
    staff: [...careManagers, consultant, pcp, leadership],
    patients: [],
    episodes: [],
    assessments: [],
    contacts: [],
    reviews: [],
    safetyFollowUps: [],
    manualFlags: [],
  };
  let sequence = 0;
  const createdAt = (): string => new Date(Date.parse('2025-01-01T00:00:00Z') + (sequence += 1) * 1000).toISOString();
  const nowMs = Date.parse(now);
  const notAfterNow = (instant: string): boolean => Date.parse(instant) <= nowMs;

  plan.patients.forEach((p, index) => {
    const patientId = randomUUID();
    clinic.patients.push({ id: patientId, mrn: `D${tag}-${index}`, pcpId: pcp.id });
    const careManager = careManagers[p.careManager % careManagers.length] ?? careManagers[0];
    const otherCareManager = careManagers[(p.careManager + 1) % careManagers.length] ?? careManager;
    if (!careManager || !otherCareManager) throw new Error('clinic without care managers');

    const addEpisode = (
      e: EpisodePlan,
      start: IsoDate,
      openAllowed: boolean,
      quality: QualityPlan | null,
      notBefore: IsoDate | null = null,
    ): EpisodeRow => {
      const atLeast = (date: IsoDate): IsoDate => (notBefore !== null && date < notBefore ? notBefore : date);
      const enrolled = !['referred', 'discharged_unenrolled'].includes(e.kind);
      let consentOn: IsoDate | null = null;
      let enrolledOn: IsoDate | null = null;
      let referredOn = start;
      if (enrolled) {
        enrolledOn = start;
        consentOn =
          e.consent === 'sameDay'
            ? start
            : e.consent === 'daysBefore'
              ? addDays(start, -e.consentGap)
              : addDays(monthBounds(monthOf(start)).first, -1); // consent on the last day of a month
        consentOn = atLeast(consentOn);
        referredOn = atLeast(addDays(consentOn, -e.referralGap));
      }
      let status: EpisodeStatus =
        e.kind === 'discharged_unenrolled' ? 'discharged' : (e.kind as Exclude<EpisodeKind, 'discharged_unenrolled'>);
      if (!openAllowed && status !== 'discharged') status = 'discharged';
      let dischargedOn: IsoDate | null = null;
      if (status === 'discharged') {
        const from = enrolledOn ?? referredOn;
        dischargedOn = addDays(from, e.durationDays);
        if (dischargedOn > asOf) dischargedOn = asOf;
      }
      const episode: EpisodeRow = {
        id: randomUUID(),
        patientId,
        status,
        referredOn,
        consentOn,
        enrolledOn,
        activatedOn: status === 'active' ? enrolledOn : null,
        dischargedOn,
        careManagerId: careManager.id,
        consultantId: consultant.id,
        billingPcpId: pcp.id,
        diagnoses: p.diagnoses,
        reviewRequestedAt: e.reviewRequested && status !== 'discharged' ? localInstant(asOf, 0, tz) : null,
        createdAt: createdAt(),
      };
      clinic.episodes.push(episode);
      const anchor = enrolledOn ?? referredOn;
      const end = dischargedOn ?? asOf;
      const dayOf = (offset: DayOffset): IsoDate | null => {
        let date: IsoDate;
        if (offset === 'lookbackEdge') date = addDays(anchor, -lookback);
        else if (offset === 'beforeLookbackEdge') date = addDays(anchor, -lookback - 1);
        else if (offset === 'monthEnd') date = monthBounds(monthOf(anchor)).last;
        else if (offset === 'recentEdge') date = overviewRecentWindow(asOf).from;
        else if (offset === 'beforeRecentEdge') date = addDays(overviewRecentWindow(asOf).from, -1);
        else date = addDays(anchor, offset);
        if (date > end) return null;
        return date;
      };

      const assessment = (
        instrument: InstrumentId,
        on: IsoDate,
        total: number,
        item9: number,
        incomplete: boolean,
      ): void => {
        const definition = getInstrument(instrument);
        const scored = definition.items.filter((item) => item.scored);
        const safe = definition.safetyItemId ? item9 : 0;
        const spreadable = scored
          .filter((item) => item.id !== definition.safetyItemId)
          .reduce((n, item) => n + item.max, 0);
        const clamped = Math.max(safe, Math.min(total, spreadable + safe));
        const missingItem = scored.find((item) => item.id !== definition.safetyItemId)?.id;
        clinic.assessments.push({
          id: randomUUID(),
          patientId,
          episodeId: episode.id,
          instrument,
          on,
          answers: answersFor(instrument, clamped, {
            item9: safe,
            missing: incomplete && missingItem ? [missingItem] : [],
          }),
          createdAt: createdAt(),
          safetyFollowUpId: null,
        });
      };

      for (const a of e.assessments) {
        const on = dayOf(a.day);
        if (!on) continue;
        const max = getInstrument(a.instrument).totalRange.max;
        const total = Math.round(a.level * max);
        assessment(a.instrument, on, total, a.instrument === 'PHQ9' ? a.item9 : 0, a.incomplete);
        if (a.sameDayTwin) assessment(a.instrument, on, Math.round((1 - a.level) * max), 0, false);
      }

      if (quality && enrolledOn) {
        const periods = qualityPeriods(asOf);
        const period = quality.measure === 'DRR_E' ? periods.drrE : periods.year;
        const index = addDays(period.start, Math.floor(quality.position * daysBetween(period.start, period.end)));
        if (quality.lowerScoreBefore) assessment('PHQ9', addDays(index, -Math.min(quality.lead, 7)), 6, 0, false);
        assessment('PHQ9', index, quality.indexScore, 0, false);
        for (const f of quality.followUps) {
          const on =
            quality.measure === 'DRR_E'
              ? addDays(index, DRR_EDGES[f.edge] ?? 120)
              : addDays(addMonths(index, 12), YEAR_EDGES[f.edge] ?? 0);
          if (on > end) continue;
          const half = Math.floor(quality.indexScore / 2);
          const total = {
            half,
            halfPlusOne: half + 1,
            remission: 4,
            five: 5,
            index: quality.indexScore,
            zero: 0,
          }[f.score];
          assessment('PHQ9', on, total, 0, f.incomplete);
        }
      }

      for (const c of e.contacts) {
        const on = dayOf(c.day);
        if (!on) continue;
        const staffId =
          c.staff === 'careManager'
            ? careManager.id
            : c.staff === 'otherCareManager'
              ? otherCareManager.id
              : consultant.id;
        const startedAt = localInstant(on, c.minuteOfDay, tz);
        if (!notAfterNow(startedAt)) continue;
        const contact: ContactRow = {
          id: randomUUID(),
          patientId,
          episodeId: episode.id,
          staffId,
          type: c.type,
          completed: c.completed,
          startedAt,
          minutes: c.minutes,
        };
        clinic.contacts.push(contact);
        if (c.overlapTwin) {
          const twinStart = new Date(Date.parse(startedAt) + 10 * 60_000).toISOString();
          if (notAfterNow(twinStart)) {
            clinic.contacts.push({ ...contact, id: randomUUID(), startedAt: twinStart, minutes: 20 });
          }
        }
      }

      if (e.plannedContactInDays !== null && status !== 'discharged') {
        clinic.contacts.push({
          id: randomUUID(),
          patientId,
          episodeId: episode.id,
          staffId: careManager.id,
          type: 'follow_up',
          completed: false,
          startedAt: localInstant(addDays(asOf, e.plannedContactInDays), 10 * 60, tz),
          minutes: 0,
        });
      }

      const weeks = new Set<string>();
      for (const r of e.reviews) {
        const on = addDays(anchor, r.day);
        if (on > end) continue;
        const reviewedAt = localInstant(on, r.minuteOfDay, tz);
        const weekOf = mondayOf(toLocalIsoDate(reviewedAt, tz));
        if (!notAfterNow(reviewedAt) || weeks.has(weekOf)) continue;
        weeks.add(weekOf);
        clinic.reviews.push({
          id: randomUUID(),
          patientId,
          episodeId: episode.id,
          consultantId: consultant.id,
          reviewedAt,
          weekOf,
        } satisfies ReviewRow);
      }

      if (e.safetyFollowUp !== null) {
        const risky = clinic.assessments.find((a) => a.episodeId === episode.id && safetyAnswer(a));
        if (risky) {
          const on = addDays(risky.on, e.safetyFollowUp);
          const performedAt = localInstant(on, 16 * 60, tz);
          if (notAfterNow(performedAt)) {
            const followUp: SafetyFollowUpRow = {
              id: randomUUID(),
              patientId,
              episodeId: episode.id,
              performedBy: careManager.id,
              performedAt,
              nextContactOn: addDays(on, 7),
            };
            clinic.safetyFollowUps.push(followUp);
            // The follow-up resolves the safety answers dated on or before it (issue #11).
            for (const a of clinic.assessments) {
              if (a.episodeId === episode.id && a.on <= on && a.safetyFollowUpId === null && safetyAnswer(a)) {
                a.safetyFollowUpId = followUp.id;
              }
            }
          }
        }
      }
      return episode;
    };

    const q = p.quality;
    let firstStart: IsoDate;
    let firstPlan = p.first;
    if (q) {
      const periods = qualityPeriods(asOf);
      const period = q.measure === 'DRR_E' ? periods.drrE : periods.year;
      const index = addDays(period.start, Math.floor(q.position * daysBetween(period.start, period.end)));
      firstStart = addDays(index, -q.lead);
      const lastFollowUp = addDays(index, q.measure === 'DRR_E' ? 241 : 426);
      firstPlan = {
        ...p.first,
        kind: q.dischargeAfter === null ? 'active' : 'discharged',
        durationDays: daysBetween(firstStart, lastFollowUp) + (q.dischargeAfter ?? 0),
      };
    } else {
      firstStart = addDays(asOf, -p.first.startAgo);
    }
    const restartAllowed = p.restart !== null && firstPlan.kind === 'discharged';
    const first = addEpisode(firstPlan, firstStart, !restartAllowed, q);
    if (p.restart && first.dischargedOn) {
      const restartStart = addDays(first.dischargedOn, p.restart.gapDays);
      if (restartStart <= asOf) addEpisode(p.restart.plan, restartStart, true, null, first.dischargedOn);
    }

    const open = clinic.episodes.find((e) => e.patientId === patientId && e.status !== 'discharged');
    if (p.manualFlag && open) {
      const flag: ManualFlagRow = {
        id: randomUUID(),
        patientId,
        episodeId: open.id,
        code: p.manualFlag.code,
        raisedBy: careManager.id,
        raisedAt: localInstant(addDays(asOf, -3), 600, tz),
        resolvedAt: p.manualFlag.resolved ? localInstant(addDays(asOf, -1), 600, tz) : null,
      };
      clinic.manualFlags.push(flag);
    }
  });
  // Contacts started before "now" only; assessments and reviews on or before today.
  clinic.assessments = clinic.assessments.filter((a: AssessmentRow) => a.on <= asOf);
  return clinic;
}

/** The form answers its instrument's safety item (PHQ-9 item 9) above 0. */
function safetyAnswer(a: AssessmentRow): boolean {
  const item = getInstrument(a.instrument).safetyItemId;
  return item !== null && (a.answers[item] ?? 0) > 0;
}
