import type { IsoDate } from './date.types';
import type { EpisodeStatus } from './care-episode.types';
import type { InstrumentId } from './instrument.types';

/** Instruments a patient can complete on the self-report form (issue #16). */
export const SelfReportInstrumentId = {
  PHQ9: 'PHQ9',
  GAD7: 'GAD7',
  PHQ2: 'PHQ2',
  GAD2: 'GAD2',
} as const satisfies Record<string, InstrumentId>;
/** One of {@link SelfReportInstrumentId}'s values. */
export type SelfReportInstrumentId = (typeof SelfReportInstrumentId)[keyof typeof SelfReportInstrumentId];

/** Languages of the self-report form. */
export const SelfReportLanguage = { EN: 'en', ES: 'es' } as const;
/** One of {@link SelfReportLanguage}'s values. */
export type SelfReportLanguage = (typeof SelfReportLanguage)[keyof typeof SelfReportLanguage];

/** How a link reaches the patient. */
export const SelfReportChannel = { EMAIL: 'email', SMS: 'sms' } as const;
/** One of {@link SelfReportChannel}'s values. */
export type SelfReportChannel = (typeof SelfReportChannel)[keyof typeof SelfReportChannel];

/** Body of `POST /api/patients/:id/self-report-links`. */
export interface SendSelfReportLinkRequest {
  instruments: SelfReportInstrumentId[];
  channel: SelfReportChannel;
  /** Form language; default the patient's preferred language (en unless es). */
  language?: SelfReportLanguage;
  /** Saved as the patient's self-report address when given. */
  email?: string;
  /** E.164 number, saved when given. */
  phone?: string;
}

/** Answer of sending a link: no token (it goes to the patient only). */
export interface SelfReportLinkSent {
  id: string;
  channel: SelfReportChannel;
  instruments: SelfReportInstrumentId[];
  expiresAt: string;
  /** `sent` once the message was accepted by the mail/SMS server, `queued` when it will be retried. */
  delivery: 'sent' | 'queued';
}

/** Body of `PUT /api/patients/:id/self-report-contact`. */
export interface SelfReportContactRequest {
  email: string | null;
  phone: string | null;
}

/** Where a patient's self-report links go. */
export interface SelfReportContact {
  patientId: string;
  email: string | null;
  phone: string | null;
  /** Whether this server can send links by SMS (`SMS_PROVIDER` set); the dashboard disables the SMS action otherwise. */
  smsAvailable: boolean;
  /** Whether this server can send links by email (`SMTP_URL` set). */
  emailAvailable: boolean;
}

/** Body of `POST /api/patients/:id/kiosk-codes`. */
export interface CreateKioskCodeRequest {
  instruments: SelfReportInstrumentId[];
  language?: SelfReportLanguage;
}

/** A one-time kiosk code, shown once to the staff member who made it. */
export interface KioskCode {
  code: string;
  expiresAt: string;
}

/** Body of `POST /api/kiosk/redeem`. */
export interface RedeemKioskCodeRequest {
  code: string;
}

/** Body of `POST /api/self-report/open` (the token travels in bodies, never in URLs that are logged). */
export interface OpenSelfReportRequest {
  token: string;
}

/** What the public form may know: a first name and the instruments, nothing else of the registry. */
export interface SelfReportForm {
  firstName: string;
  language: SelfReportLanguage;
  instruments: SelfReportInstrumentId[];
  expiresAt: string;
}

/** Body of `POST /api/self-report/submit`. */
export interface SubmitSelfReportRequest {
  token: string;
  language?: SelfReportLanguage;
  responses: Array<{ instrument: SelfReportInstrumentId; answers: Record<string, number | null> }>;
}

/** Answer of a submission: whether the patient must be shown crisis resources now. */
export interface SelfReportSubmitted {
  crisis: boolean;
}

/** Where a patient's scheduled measurement stands. */
export const SelfReportState = {
  /** Not due yet. */
  SCHEDULED: 'scheduled',
  /** Due (or within the lead days) and no link sent yet. */
  DUE: 'due',
  /** A link is out and unanswered. */
  SENT: 'sent',
  /** Past the due date with no score since (the link expired, or none could be sent). */
  OVERDUE: 'overdue',
  /** A score arrived for this period. */
  COMPLETED: 'completed',
} as const;
/** One of {@link SelfReportState}'s values. */
export type SelfReportState = (typeof SelfReportState)[keyof typeof SelfReportState];

/** One open episode's measurement schedule (worklist and caseload badge). */
export interface SelfReportStatusRow {
  patientId: string;
  episodeId: string;
  mrn: string;
  displayName: string;
  episodeStatus: EpisodeStatus;
  /** Date of the last complete PHQ-9 of the episode. */
  lastScoreOn: IsoDate | null;
  /** Next due date (libs/scoring `nextMeasureDue`). */
  dueOn: IsoDate;
  state: SelfReportState;
  /** Latest link of the episode: when it was sent and whether it was completed. */
  lastSentAt: string | null;
  lastCompletedAt: string | null;
  hasContact: boolean;
}

/** The caseload badge of one open episode (`GET /api/self-report/states?episodeIds=…`). */
export interface SelfReportEpisodeState {
  episodeId: string;
  patientId: string;
  state: SelfReportState;
  /** Next due date (libs/scoring `nextMeasureDue`). */
  dueOn: IsoDate;
}

/** Clinic settings of the self-report schedule (`GET/PUT /api/self-report/settings`). */
export interface SelfReportSettings {
  activeIntervalDays: number;
  relapsePreventionIntervalDays: number;
  leadDays: number;
  reminderAfterDays: number;
  linkExpiryHours: number;
  kioskCodeMinutes: number;
  /** Receives urgent safety alerts with the care manager. */
  safetyContactEmail: string | null;
  version: number;
}
