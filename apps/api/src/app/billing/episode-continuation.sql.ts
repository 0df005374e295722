import { EPISODE_START_ORDER, NEW_EPISODE_GAP_MONTHS, type EpisodeStartDates } from '@huddle/scoring';

/** The episode column of each date libs/scoring's `episodeInitiatingDate` may pick. */
const START_COLUMNS: Readonly<Record<keyof EpisodeStartDates, string>> = {
  consentOn: 'consent_on',
  enrolledOn: 'enrolled_on',
  referredOn: 'referred_on',
};

/**
 * The episode's initiating date (its month is the first CoCM month, 99492): libs/scoring
 * `episodeInitiatingDate`, the first set date in `EPISODE_START_ORDER` (consent, enrolment, referral).
 */
export const episodeStartSql = (e: string): string =>
  `COALESCE(${EPISODE_START_ORDER.map((key) => `${e}.${START_COLUMNS[key]}`).join(', ')})`;

/**
 * SQL boolean: episode `e` started less than {@link NEW_EPISODE_GAP_MONTHS} after an earlier episode of
 * the same patient was discharged — the same episode of care resumed, whose first month is not an
 * initial month for CoCM billing (no 99492; libs/scoring `BillingEpisode.continuesEarlierEpisode`).
 * Same arithmetic as the episode opening check (date + months, clamped to the month's last day).
 */
export const continuesEarlierEpisodeSql = (e: string): string =>
  `EXISTS (SELECT 1 FROM episode prev
     WHERE prev.patient_id = ${e}.patient_id AND prev.id <> ${e}.id AND prev.discharged_on IS NOT NULL
       AND prev.discharged_on <= ${episodeStartSql(e)}
       AND (prev.discharged_on + interval '${NEW_EPISODE_GAP_MONTHS} months')::date > ${episodeStartSql(e)})`;
