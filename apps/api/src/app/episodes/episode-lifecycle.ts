import type { EpisodeStatus, IsoDate } from '@huddle/shared-types';
import { ConflictError, ErrorCode, ValidationError } from '../common/errors';
import type { EpisodeEntity } from '../database/entities';
import type { ChangeEpisodeStatusDto } from './dto/episode-requests.dto';

/**
 * Legal moves of the CoCM episode (clinical-reference.md §Measurement-based care rules):
 * referred → enrolled (consent date) → active → relapse_prevention → discharged (reason);
 * any open state may be discharged. Discharged is final: a new episode starts instead.
 */
export const EPISODE_TRANSITIONS: Readonly<Record<EpisodeStatus, readonly EpisodeStatus[]>> = {
  referred: ['enrolled', 'discharged'],
  enrolled: ['active', 'discharged'],
  active: ['relapse_prevention', 'discharged'],
  relapse_prevention: ['discharged'],
  discharged: [],
};

type EpisodeDates = Pick<
  EpisodeEntity,
  'consentOn' | 'enrolledOn' | 'activatedOn' | 'relapsePreventionOn' | 'dischargedOn' | 'dischargeReason'
>;

/**
 * The columns to set for a status change, or an error: 409 `ILLEGAL_TRANSITION` naming from/to;
 * 400 naming the field for a missing consent date or discharge reason, a field that does not belong
 * to the move, or a date in the future or before the episode's previous step.
 */
export function planTransition(
  episode: EpisodeEntity,
  request: ChangeEpisodeStatusDto,
  today: IsoDate,
): Partial<EpisodeDates> & { status: EpisodeStatus } {
  const { status: from } = episode;
  const to = request.status;
  if (!EPISODE_TRANSITIONS[from].includes(to)) {
    const allowed = EPISODE_TRANSITIONS[from];
    throw new ConflictError(
      ErrorCode.ILLEGAL_TRANSITION,
      `Cannot change episode status from ${from} to ${to}` +
        (allowed.length ? `; allowed from ${from}: ${allowed.join(', ')}` : `; a ${from} episode is closed`),
      'status',
    );
  }
  if (to !== 'enrolled' && request.consentOn !== undefined) {
    throw new ValidationError('consentOn', 'consentOn is only accepted when enrolling');
  }
  if (to !== 'discharged' && request.dischargeReason !== undefined) {
    throw new ValidationError('dischargeReason', 'dischargeReason is only accepted when discharging');
  }
  const on = request.on ?? today;
  if (on > today) throw new ValidationError('on', `on must not be in the future (today is ${today})`);
  const previous = latestStepDate(episode);
  if (on < previous) throw new ValidationError('on', `on must not be before the episode's previous step (${previous})`);

  switch (to) {
    case 'enrolled': {
      const consentOn = request.consentOn;
      if (consentOn === undefined) throw new ValidationError('consentOn', 'consentOn is required to enroll');
      if (consentOn > on)
        throw new ValidationError('consentOn', `consentOn must not be after the enrolment date (${on})`);
      if (consentOn < episode.referredOn) {
        throw new ValidationError('consentOn', `consentOn must not be before the referral (${episode.referredOn})`);
      }
      return { status: to, consentOn, enrolledOn: on };
    }
    case 'active':
      return { status: to, activatedOn: on };
    case 'relapse_prevention':
      return { status: to, relapsePreventionOn: on };
    case 'discharged': {
      if (request.dischargeReason === undefined) {
        throw new ValidationError('dischargeReason', 'dischargeReason is required to discharge');
      }
      return { status: to, dischargedOn: on, dischargeReason: request.dischargeReason };
    }
    case 'referred':
      // Unreachable: no state moves back to referred (EPISODE_TRANSITIONS).
      throw new ConflictError(
        ErrorCode.ILLEGAL_TRANSITION,
        `Cannot change episode status from ${from} to ${to}`,
        'status',
      );
  }
}

function latestStepDate(episode: EpisodeEntity): IsoDate {
  const dates = [episode.referredOn, episode.enrolledOn, episode.activatedOn, episode.relapsePreventionOn];
  return dates.filter((date): date is string => date !== null).reduce((a, b) => (a > b ? a : b));
}
