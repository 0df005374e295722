import type { DischargeReason, EpisodeStatus } from '@huddle/shared-types';

/**
 * Legal next states of an episode, mirroring the API (referred → enrolled (consent date) → active
 * → relapse_prevention → discharged (reason); any open state may be discharged).
 */
export const EPISODE_TRANSITIONS: Readonly<Record<EpisodeStatus, readonly EpisodeStatus[]>> = {
  referred: ['enrolled', 'discharged'],
  enrolled: ['active', 'discharged'],
  active: ['relapse_prevention', 'discharged'],
  relapse_prevention: ['discharged'],
  discharged: [],
};

export const DISCHARGE_REASON_LABELS: Readonly<Record<DischargeReason, string>> = {
  completed_treatment: 'Completed treatment',
  referred_to_specialty_care: 'Referred to specialty care',
  patient_declined: 'Patient declined further care',
  lost_to_follow_up: 'Lost to follow-up',
  moved_or_changed_provider: 'Moved or changed provider',
  deceased: 'Deceased',
  other: 'Other',
};

/** What the status form holds. */
export interface EpisodeStatusForm {
  status: EpisodeStatus;
  on: string;
  consentOn: string;
  dischargeReason: DischargeReason | '';
}

/** Body of `PATCH /api/episodes/:id/status`. */
export interface EpisodeStatusRequest {
  version: number;
  status: EpisodeStatus;
  on?: string;
  consentOn?: string;
  dischargeReason?: DischargeReason;
}

/**
 * Validates the form against the move's requirements and builds the request: consent date only
 * (and required) when enrolling, a reason only (and required) when discharging.
 * Returns the field errors instead when the form is not complete.
 */
export function episodeStatusRequest(
  from: EpisodeStatus,
  version: number,
  form: EpisodeStatusForm,
  today: string,
): { request: EpisodeStatusRequest } | { errors: Partial<Record<keyof EpisodeStatusForm, string>> } {
  const errors: Partial<Record<keyof EpisodeStatusForm, string>> = {};
  if (!EPISODE_TRANSITIONS[from].includes(form.status)) errors.status = `Choose the next step from ${from}`;
  if (!form.on) errors.on = 'Enter the date of the change';
  else if (form.on > today) errors.on = 'The date cannot be in the future';
  if (form.status === 'enrolled') {
    if (!form.consentOn) errors.consentOn = 'Enter the consent date to enrol';
    else if (form.on && form.consentOn > form.on) errors.consentOn = 'Consent cannot be after the enrolment date';
  }
  if (form.status === 'discharged' && !form.dischargeReason) errors.dischargeReason = 'Choose a discharge reason';
  if (Object.keys(errors).length > 0) return { errors };

  const request: EpisodeStatusRequest = { version, status: form.status, on: form.on };
  if (form.status === 'enrolled') request.consentOn = form.consentOn;
  if (form.status === 'discharged' && form.dischargeReason) request.dischargeReason = form.dischargeReason;
  return { request };
}
