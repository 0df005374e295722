import { NEW_EPISODE_GAP_MONTHS } from '@huddle/scoring';

/** The date an episode's collaborative care starts (its month is the first CoCM month). */
export const episodeStartSql = (e: string): string => `COALESCE(${e}.enrolled_on, ${e}.consent_on, ${e}.referred_on)`;

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
