import { format, parseISO } from 'date-fns';
import { getInstrument, UtilizationKind, utilizationKindOfClass } from '@huddle/scoring';
import type { InstrumentId, TimelineKind } from '@huddle/shared-types';

const CONTACT_TYPES: Readonly<Record<string, string>> = {
  initial_assessment: 'Initial assessment',
  follow_up: 'Follow-up',
  relapse_prevention: 'Relapse-prevention contact',
  outreach_attempt: 'Outreach attempt',
  care_coordination: 'Care coordination',
};
const MODALITIES: Readonly<Record<string, string>> = {
  in_person: 'in person',
  phone: 'by phone',
  video: 'by video',
  portal_message: 'by portal message',
};
const STEPS: Readonly<Record<string, string>> = {
  referred: 'Referred',
  consent: 'Consent to collaborative care',
  enrolled: 'Enrolled',
  active: 'Active treatment',
  relapse_prevention: 'Relapse prevention',
  discharged: 'Discharged',
};
const RECOMMENDATION_STATUS: Readonly<Record<string, string>> = {
  new: 'new',
  accepted: 'accepted',
  declined: 'declined',
  implemented: 'implemented',
};

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const humanize = (code: string): string => {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function scoreTitle(data: Record<string, unknown>): string {
  const id = str(data['instrument']) as InstrumentId;
  const name = getInstrument(id).name;
  if (data['complete'] !== true || typeof data['total'] !== 'number') return `${name} incomplete`;
  const band = getInstrument(id).severityBands.find((b) => b.code === data['severity']);
  return `${name} ${data['total']}${band ? ` (${band.label.toLowerCase()})` : ''}`;
}

function scoreDetail(data: Record<string, unknown>): string | null {
  const item = data['safetyItem'];
  if (typeof item !== 'number') return null;
  return item > 0 ? `Item 9 (self-harm thoughts): ${item} — safety risk` : 'Item 9 (self-harm thoughts): 0';
}

/**
 * Short English headline (and the detail shown under it) of a timeline entry from the source row's
 * fields. Free text (notes, summaries, reasons) passes through unchanged.
 */
export function timelineText(
  kind: TimelineKind,
  data: Record<string, unknown>,
  text: string | null,
): { title: string; detail: string | null } {
  switch (kind) {
    case 'score':
      return { title: scoreTitle(data), detail: scoreDetail(data) };
    case 'contact': {
      const attempt = data['completed'] === false && data['type'] !== 'outreach_attempt' ? ' (not reached)' : '';
      const activity = str(data['activity']);
      return {
        title: `${CONTACT_TYPES[str(data['type'])] ?? 'Contact'} ${MODALITIES[str(data['modality'])] ?? ''}, ${String(data['minutes'])} min${attempt}`,
        detail: [activity, text].filter((part) => part).join('\n') || null,
      };
    }
    case 'review':
      return { title: 'Consultant review', detail: text };
    case 'recommendation':
      return {
        title: `Recommendation ${RECOMMENDATION_STATUS[str(data['to'])] ?? str(data['to'])}: ${str(data['detail'])}`,
        detail: text,
      };
    case 'medication': {
      const name = str(data['medication']);
      const dose = str(data['dose']);
      const title =
        data['action'] === 'start'
          ? `Started ${name} ${dose}`
          : data['action'] === 'change'
            ? `Changed ${name} to ${dose}`
            : `Stopped ${name}`;
      return { title, detail: text };
    }
    case 'status':
      return {
        title: STEPS[str(data['step'])] ?? humanize(str(data['step'])),
        detail: text ? `Reason: ${humanize(text).toLowerCase()}` : null,
      };
    case 'relapse_plan':
      return { title: `Relapse-prevention plan saved (version ${String(data['version'])})`, detail: text };
    case 'utilization': {
      const ends = str(data['endsOn']);
      const kind = utilizationKindOfClass(str(data['code']));
      const title = kind === UtilizationKind.ADMISSION ? 'Hospital admission' : 'Emergency department visit';
      const parts = [
        kind === UtilizationKind.ADMISSION && ends ? `Discharged ${format(parseISO(ends), 'd MMM yyyy')}` : '',
        data['source'] === 'manual' ? '' : 'Imported',
      ];
      return { title, detail: parts.filter((part) => part).join(' · ') || null };
    }
    case 'flag_raised':
    case 'flag_cleared':
    case 'correction':
    case 'safety_follow_up':
      // Built by their own sources (issue #11 h1), which set their titles; a fallback only.
      return { title: humanize(kind), detail: text };
  }
}
