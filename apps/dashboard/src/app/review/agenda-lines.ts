import type { FlagSummary, ReviewAgenda, ReviewAgendaLine } from '@huddle/shared-types';
import { formatIsoDate, proseDates } from '../shared/dates';
import { FLAG_LABELS, patientName } from '../shared/labels';

/**
 * Lines the review page asks for at a time: a consultant works down the agenda from the top, and a
 * whole agenda (~450–600 lines) cost the API ~40 ms of CPU per request, most of it for lines nobody
 * scrolled to (issue #13). "Show more" asks for the next ones.
 */
export const AGENDA_PAGE_SIZE = 50;

/** Lines of each section of the whole agenda that `agenda` (its first lines) does not hold yet. */
export function unloadedLines(agenda: { lines: readonly ReviewAgendaLine[]; sections: ReviewAgenda['sections'] }): {
  due: number;
  notDue: number;
} {
  const { due, notDue } = splitAgenda(agenda.lines);
  return { due: agenda.sections.due - due.length, notDue: agenda.sections.notDue - notDue.length };
}

/** The agenda split at the weekly cut-off: due lines (in agenda order) and the rest. */
export function splitAgenda(lines: readonly ReviewAgendaLine[]): {
  due: ReviewAgendaLine[];
  notDue: ReviewAgendaLine[];
} {
  return { due: lines.filter((l) => l.dueThisWeek), notDue: lines.filter((l) => !l.dueThisWeek) };
}

/**
 * The patient to open: the chosen one, else the first due patient not yet reviewed, else the first
 * due patient, else the first line.
 */
export function selectLine(lines: readonly ReviewAgendaLine[], patientId: string | null): ReviewAgendaLine | null {
  return (
    lines.find((l) => l.patientId === patientId) ??
    lines.find((l) => l.dueThisWeek && !l.reviewedThisWeek) ??
    lines.find((l) => l.dueThisWeek) ??
    lines[0] ??
    null
  );
}

/** The next due patient to review after `current` (wrapping round), or null when all are done. */
export function nextToReview(lines: readonly ReviewAgendaLine[], current: ReviewAgendaLine): ReviewAgendaLine | null {
  const open = lines.filter((l) => l.dueThisWeek && !l.reviewedThisWeek && l.patientId !== current.patientId);
  return open.find((l) => l.rank > current.rank) ?? open[0] ?? null;
}

/** One line of the printed agenda: everything the huddle needs about a due patient. */
export interface PrintedAgendaLine {
  rank: number;
  name: string;
  mrn: string;
  why: string;
  phq9: string;
  weeks: string;
  flags: string;
}

/** "14 on 1 Dec 2026 (−30%)", or "No PHQ-9". */
export function phq9Text(line: Pick<ReviewAgendaLine, 'phq9Latest' | 'phq9PercentChange'>): string {
  if (!line.phq9Latest) return 'No PHQ-9';
  const pct = line.phq9PercentChange;
  const change = pct === null ? '' : ` (${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(Math.round(pct))}%)`;
  return `${line.phq9Latest.total} on ${formatIsoDate(line.phq9Latest.date)}${change}`;
}

function flagsText(flags: readonly FlagSummary[]): string {
  return flags.length === 0 ? '—' : flags.map((f) => FLAG_LABELS[f.code]).join(', ');
}

/** The printed agenda: one line per patient due this week, in agenda order. */
export function printedAgenda(lines: readonly ReviewAgendaLine[]): PrintedAgendaLine[] {
  return splitAgenda(lines).due.map((l) => ({
    rank: l.rank,
    name: patientName(l),
    mrn: l.mrn,
    why: proseDates(l.reason),
    phq9: phq9Text(l),
    weeks: l.weeksInTreatment === null ? '—' : String(l.weeksInTreatment),
    flags: flagsText(l.flags),
  }));
}
