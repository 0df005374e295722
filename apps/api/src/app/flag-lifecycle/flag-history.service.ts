import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { getInstrument, toLocalIsoDate } from '@huddle/scoring';
import {
  TimelineKind,
  type FlagHistoryCode,
  type FlagHistoryEntry,
  type InstrumentId,
  type PatientFlagHistory,
  type SafetyFollowUpView,
  type TimelineEntry,
} from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/request-actor';
import { FlagHistoryRepository, type AttentionRow, type RevisedAttentionRow } from './flag-history.repository';
import { RecordRevisionRepository } from './record-revision.repository';
import { SafetyFollowUpRepository } from './safety-follow-up.repository';
import { readTransaction } from '../database/read-snapshot';
import { findClinicSettings } from '../registry-sql/clinic-settings.repository';

/** Short English name of each flag in the history and on the timeline. */
export const FLAG_HISTORY_LABEL: Readonly<Record<FlagHistoryCode, string>> = {
  SAFETY: 'Safety answer',
  INCOMPLETE_FORM_NEEDS_REVIEW: 'Incomplete form',
  SAFETY_CONCERN: 'Safety concern',
  DISCUSS_WITH_CONSULTANT: 'Review requested',
};

const words = (code: string): string => code.replace(/_/g, ' ');

/** One-line summary of a follow-up's risk level and plan (no dates: the dashboard formats those). */
export function followUpSummary(f: SafetyFollowUpView): string {
  const yes = (value: boolean, text: string): string => `${text} ${value ? 'yes' : 'no'}`;
  return [
    `${words(f.riskLevel)} risk`,
    `safety plan ${words(f.safetyPlan)}`,
    yes(f.lethalMeansCounselling, 'lethal-means counselling'),
    yes(f.crisisLineGiven, '988 given'),
    words(f.disposition),
    yes(f.consultantNotified, 'consultant notified'),
  ].join('; ');
}

/**
 * Flag history of a patient, derived from the record (issue #11 item 1): safety answers → the
 * follow-up that cleared them (risk level and plan as evidence); incomplete forms → their
 * correction or "entered in error"; manual flags → resolved by hand, by a consultant review or by a
 * safety follow-up. Newest first. Also the same events as timeline entries for the patient timeline.
 */
@Injectable()
export class FlagHistoryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly history: FlagHistoryRepository,
    private readonly followUps: SafetyFollowUpRepository,
    private readonly revisions: RecordRevisionRepository,
  ) {}

  /** `GET /patients/:id/flag-history`: scoped (404 outside scope) and audited. */
  async forPatient(actor: Actor, patientId: string): Promise<PatientFlagHistory> {
    return readTransaction(this.db, async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const entries = await this.entries(em, patientId);
      await this.audit.success(
        actor,
        'patient.flag_history.read',
        { patientId, resourceType: 'patient', resourceId: patientId, details: { count: entries.length } },
        em,
      );
      return { patientId, entries };
    });
  }

  /** The history entries (caller checks access), newest raised first. */
  async entries(em: EntityManager, patientId: string): Promise<FlagHistoryEntry[]> {
    // Asked for together: in a read snapshot (the patient page) they go in one message (read-snapshot.ts).
    const [attention, revised, manual, followUps] = await Promise.all([
      this.history.attention(em, patientId),
      this.history.revisedAttention(em, patientId),
      this.history.manualFlags(em, patientId),
      this.followUps.listForPatient(patientId, em),
    ]);
    const followUpById = new Map(followUps.map((f) => [f.id, f]));
    const entries: FlagHistoryEntry[] = [];
    for (const row of attention) entries.push(...currentEntries(row, followUpById));
    const seen = new Set<string>();
    for (const row of revised) {
      for (const entry of revisedEntries(row, followUpById)) {
        if (seen.has(entry.id) || entries.some((e) => e.id === entry.id)) continue;
        seen.add(entry.id);
        entries.push(entry);
      }
    }
    for (const m of manual) {
      const followUp = m.followUpId ? (followUpById.get(m.followUpId) ?? null) : null;
      entries.push({
        id: `${m.code}:${m.id}`,
        code: m.code,
        source: 'manual',
        raisedAt: new Date(m.raisedAt).toISOString(),
        raisedOn: m.raisedOn,
        raisedBy: { id: m.raisedById, displayName: m.raisedByName },
        raisedEvidence: m.note ?? FLAG_HISTORY_LABEL[m.code],
        assessmentId: null,
        instrument: null,
        manualFlagId: m.id,
        manualFlagVersion: m.version,
        clearedAt: m.resolvedAt ? new Date(m.resolvedAt).toISOString() : null,
        clearedOn: m.resolvedOn,
        clearedBy: m.resolvedById ? { id: m.resolvedById, displayName: m.resolvedByName ?? '' } : null,
        clearedHow:
          m.resolvedAt === null ? null : m.reviewId ? 'review' : m.followUpId ? 'safety_follow_up' : 'resolved',
        clearedEvidence: followUp ? followUpSummary(followUp) : m.resolutionNote,
        safetyFollowUp: followUp,
      });
    }
    return entries.sort(
      (a, b) =>
        b.raisedOn.localeCompare(a.raisedOn) || b.raisedAt.localeCompare(a.raisedAt) || a.id.localeCompare(b.id),
    );
  }

  /**
   * Safety follow-ups, flags raised and cleared, and corrections of the patient as timeline entries
   * (kinds SAFETY_FOLLOW_UP, FLAG_RAISED, FLAG_CLEARED, CORRECTION), newest first, for the shared
   * patient timeline. The caller checks access.
   */
  async timelineEntries(
    patientId: string,
    clinicId: string,
    em: EntityManager = this.db.manager,
  ): Promise<TimelineEntry[]> {
    // The caller's clinic is the patient's (it checked the patient's scope).
    const [history, followUps, revisions, settings] = await Promise.all([
      this.entries(em, patientId),
      this.followUps.listForPatient(patientId, em),
      this.revisions.listForPatient(em, patientId),
      findClinicSettings(em, clinicId),
    ]);
    const timeZone = settings?.timezone ?? 'UTC';
    const out: TimelineEntry[] = [];
    for (const f of followUps) {
      out.push({
        id: `${TimelineKind.SAFETY_FOLLOW_UP}:${f.id}`,
        kind: TimelineKind.SAFETY_FOLLOW_UP,
        at: f.performedAt,
        date: f.performedOn,
        actor: f.performedBy,
        title: `Safety follow-up: ${words(f.riskLevel)} risk`,
        detail: f.note,
        refId: f.id,
        data: { ...f, summary: followUpSummary(f) },
      });
    }
    for (const h of history) {
      out.push({
        id: `${TimelineKind.FLAG_RAISED}:${h.id}`,
        kind: TimelineKind.FLAG_RAISED,
        at: h.raisedAt,
        date: h.raisedOn,
        actor: h.raisedBy,
        title: `${FLAG_HISTORY_LABEL[h.code]} raised`,
        detail: h.raisedEvidence,
        refId: h.manualFlagId ?? h.assessmentId,
        data: { code: h.code, source: h.source },
      });
      if (h.clearedAt && h.clearedOn) {
        out.push({
          id: `${TimelineKind.FLAG_CLEARED}:${h.id}`,
          kind: TimelineKind.FLAG_CLEARED,
          at: h.clearedAt,
          date: h.clearedOn,
          actor: h.clearedBy,
          title: `${FLAG_HISTORY_LABEL[h.code]} cleared${h.clearedHow ? ` (${words(h.clearedHow)})` : ''}`,
          detail: h.clearedEvidence,
          refId: h.manualFlagId ?? h.assessmentId,
          data: { code: h.code, how: h.clearedHow, safetyFollowUpId: h.safetyFollowUp?.id ?? null },
        });
      }
    }
    for (const r of revisions) {
      const what = r.recordType === 'assessment' ? 'Score' : 'Contact';
      out.push({
        id: `${TimelineKind.CORRECTION}:${r.id}`,
        kind: TimelineKind.CORRECTION,
        at: r.revisedAt,
        date: toLocalIsoDate(r.revisedAt, timeZone),
        actor: r.revisedBy,
        title: r.action === 'corrected' ? `${what} corrected` : `${what} marked entered in error`,
        detail: r.reason,
        refId: r.recordId,
        data: { recordType: r.recordType, action: r.action, original: r.original },
      });
    }
    return out.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  }
}

function safetyEvidence(instrumentId: InstrumentId, answers: Record<string, number | null>): string {
  const instrument = getInstrument(instrumentId);
  const index = instrument.items.findIndex((item) => item.id === instrument.safetyItemId);
  const value = instrument.safetyItemId ? answers[instrument.safetyItemId] : null;
  return `${instrument.name} item ${index + 1} (safety) answered ${value ?? '?'}`;
}

function incompleteEvidence(instrumentId: InstrumentId, answers: Record<string, number | null>): string {
  const instrument = getInstrument(instrumentId);
  const missing = instrument.items.filter((item) => item.scored && (answers[item.id] ?? null) === null).length;
  return `${instrument.name} with ${missing} item${missing === 1 ? '' : 's'} missing`;
}

function baseEntry(
  code: FlagHistoryCode,
  id: string,
  raised: { at: string; on: string; by: FlagHistoryEntry['raisedBy']; evidence: string; instrument: InstrumentId },
): FlagHistoryEntry {
  return {
    id: `${code}:${id}`,
    code,
    source: 'computed',
    raisedAt: raised.at,
    raisedOn: raised.on,
    raisedBy: raised.by,
    raisedEvidence: raised.evidence,
    assessmentId: id,
    instrument: raised.instrument,
    manualFlagId: null,
    manualFlagVersion: null,
    clearedAt: null,
    clearedOn: null,
    clearedBy: null,
    clearedHow: null,
    clearedEvidence: null,
    safetyFollowUp: null,
  };
}

function clearedByFollowUp(entry: FlagHistoryEntry, followUp: SafetyFollowUpView | null): FlagHistoryEntry {
  if (!followUp) return entry;
  return {
    ...entry,
    clearedAt: followUp.performedAt,
    clearedOn: followUp.performedOn,
    clearedBy: followUp.performedBy,
    clearedHow: 'safety_follow_up',
    clearedEvidence: followUpSummary(followUp),
    safetyFollowUp: followUp,
  };
}

function currentEntries(row: AttentionRow, followUps: Map<string, SafetyFollowUpView>): FlagHistoryEntry[] {
  const raised = {
    at: new Date(row.createdAt).toISOString(),
    on: row.administeredOn,
    by: row.enteredById ? { id: row.enteredById, displayName: row.enteredByName ?? '' } : null,
    instrument: row.instrument,
  };
  const out: FlagHistoryEntry[] = [];
  if (row.safetyRisk) {
    const entry = baseEntry('SAFETY', row.id, { ...raised, evidence: safetyEvidence(row.instrument, row.answers) });
    out.push(clearedByFollowUp(entry, row.safetyFollowUpId ? (followUps.get(row.safetyFollowUpId) ?? null) : null));
  }
  if (!row.complete) {
    out.push(
      baseEntry('INCOMPLETE_FORM_NEEDS_REVIEW', row.id, {
        ...raised,
        evidence: incompleteEvidence(row.instrument, row.answers),
      }),
    );
  }
  return out;
}

/** Flags a revised score had raised and that its correction or deletion cleared. */
function revisedEntries(row: RevisedAttentionRow, followUps: Map<string, SafetyFollowUpView>): FlagHistoryEntry[] {
  const o = row.original;
  const raised = {
    at: new Date(o.created_at).toISOString(),
    on: o.administered_on,
    by: o.entered_by ? { id: o.entered_by, displayName: row.enteredByName ?? '' } : null,
    instrument: o.instrument,
  };
  const cleared = (entry: FlagHistoryEntry): FlagHistoryEntry => ({
    ...entry,
    clearedAt: new Date(row.revisedAt).toISOString(),
    clearedOn: row.revisedOn,
    clearedBy: { id: row.revisedById, displayName: row.revisedByName },
    clearedHow: row.action,
    clearedEvidence: row.reason,
  });
  const deleted = row.nowComplete === null;
  const out: FlagHistoryEntry[] = [];
  if (o.safety_risk && (deleted || row.nowSafetyRisk === false)) {
    const entry = baseEntry('SAFETY', row.recordId, { ...raised, evidence: safetyEvidence(o.instrument, o.answers) });
    const followUp = o.safety_follow_up_id ? (followUps.get(o.safety_follow_up_id) ?? null) : null;
    out.push(followUp ? clearedByFollowUp(entry, followUp) : cleared(entry));
  }
  if (!o.complete && (deleted || row.nowComplete === true)) {
    out.push(
      cleared(
        baseEntry('INCOMPLETE_FORM_NEEDS_REVIEW', row.recordId, {
          ...raised,
          evidence: incompleteEvidence(o.instrument, o.answers),
        }),
      ),
    );
  }
  return out;
}
