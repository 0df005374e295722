import type { StaffRole } from './care-episode.types';

/**
 * The clinic-configurable flag thresholds (days, weeks, points, patients). Mirrors `FlagThresholds`
 * of `@huddle/scoring`, which validates them.
 */
export interface FlagThresholdSettings {
  baselineLookbackDays: number;
  responseReductionPercent: number;
  worseningPoints: number;
  targetWeeks: number;
  notImprovingEarlyWeeks: number;
  notImprovingWeeks: number;
  noContactDays: number;
  noScoreDays: number;
  firstFollowUpDays: number;
  reviewOverdueDays: number;
  caseloadCapacity: number;
  /** Weekly agenda cut-off: routine patients are due once their last review is this many days old. */
  routineReviewDays: number;
}

/** `GET /api/clinics/current`. */
export interface ClinicSettings {
  id: string;
  name: string;
  /** IANA time zone; clinic-local dates ("today", billing months) are taken in it. */
  timezone: string;
  /** Effective thresholds: the defaults with the clinic's overrides applied. */
  flagThresholds: FlagThresholdSettings;
  /** Only the values the clinic changed from the defaults. */
  flagThresholdOverrides: Partial<FlagThresholdSettings>;
  /**
   * The weekly team huddle (issue #17): ISO weekday (1 = Monday … 7 = Sunday) and local start time
   * "HH:MM"; `null` when the clinic has no fixed huddle day. "Put on the next huddle" files an item
   * under the next one's date.
   */
  huddle: { weekday: number; time: string } | null;
  version: number;
}

/** A staff member as listed to colleagues and administrators. */
export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  /** Full-time equivalent, 0.01–1. */
  fte: number;
  active: boolean;
  version: number;
}

/** One choice for a care-team slot. */
export interface StaffOption {
  id: string;
  displayName: string;
  role: StaffRole;
  fte: number;
  /** Episodes not discharged in which this person holds the slot's role (caseload size). */
  openEpisodes: number;
}

/** `GET /api/staff/care-team-options`: active staff who may fill each care-team slot. */
export interface CareTeamOptions {
  careManagers: StaffOption[];
  consultants: StaffOption[];
  pcps: StaffOption[];
}
