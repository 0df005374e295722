import { INSTRUMENTS, type InstrumentDefinition } from '@huddle/scoring';
import type { InstrumentId } from '@huddle/shared-types';

/** What a LOINC code (or Huddle item id) means in one instrument. */
export type CodeRole = { kind: 'panel' } | { kind: 'total' } | { kind: 'item'; itemId: string };

/**
 * Codes the import recognises beyond those `@huddle/scoring` carries (the library leaves a code
 * `null` where clinical-reference.md marks it "(verify)"):
 * - PHQ-9 difficulty question 69722-7 and AUDIT-C total 75626-2: US Core's examples
 *   (`../shared/fixtures/us-core-examples`, clinical-reference.md §Screening "US Core's AUDIT-C
 *   example uses panel 72109-2 and total 75626-2");
 * - AUDIT-C items 68518-0 (item 1), 68519-8 (item 2), 68520-6 (item 3), and 68517-2 which US Core's
 *   AUDIT-C example writes for item 1.
 * Import only: nothing here changes scoring.
 */
const SUPPLEMENT: Partial<Record<InstrumentId, { total?: string[]; items?: Record<string, string> }>> = {
  PHQ9: { items: { '69722-7': 'phq9_difficulty' } },
  AUDITC: {
    total: ['75626-2'],
    items: { '68518-0': 'auditc_1', '68517-2': 'auditc_1', '68519-8': 'auditc_2', '68520-6': 'auditc_3' },
  },
};

/** Every code of one instrument: panel, total, item LOINC codes and item ids. */
export interface InstrumentCodes {
  readonly definition: InstrumentDefinition;
  /** The full instrument this one is the brief screen of (PHQ-2 → PHQ-9), else itself. */
  readonly family: InstrumentId;
  readonly roles: ReadonlyMap<string, CodeRole>;
}

function codesOf(definition: InstrumentDefinition): InstrumentCodes {
  const roles = new Map<string, CodeRole>();
  const supplement = SUPPLEMENT[definition.id] ?? {};
  if (definition.panelLoinc) roles.set(definition.panelLoinc, { kind: 'panel' });
  for (const code of [definition.totalLoinc, ...(supplement.total ?? [])]) {
    if (code) roles.set(code, { kind: 'total' });
  }
  for (const item of definition.items) {
    roles.set(item.id, { kind: 'item', itemId: item.id });
    if (item.loinc) roles.set(item.loinc, { kind: 'item', itemId: item.id });
  }
  for (const [code, itemId] of Object.entries(supplement.items ?? {})) roles.set(code, { kind: 'item', itemId });
  return { definition, family: definition.followUpInstrumentId ?? definition.id, roles };
}

/** The codes of every instrument the registry scores, smallest instrument first (PHQ-2 before PHQ-9). */
export const INSTRUMENT_CODES: readonly InstrumentCodes[] = Object.values(INSTRUMENTS)
  .map(codesOf)
  .sort((x, y) => x.definition.items.length - y.definition.items.length);

/** A linkId as US Core and LHC-Forms write it (`/44250-9`) or bare (`44250-9`): the bare code. */
export function bareLinkId(linkId: string): string {
  return linkId.startsWith('/') ? linkId.slice(1) : linkId;
}

/**
 * The instrument a set of codes belongs to: one whose panel or total code is among them, else the
 * smallest instrument that knows every code. `null` when none does.
 */
export function instrumentForCodes(codes: readonly string[], hint: InstrumentId | null = null): InstrumentCodes | null {
  const candidates = INSTRUMENT_CODES.filter((entry) => codes.every((code) => entry.roles.has(code)));
  if (hint) return candidates.find((entry) => entry.definition.id === hint) ?? null;
  const named = candidates.find((entry) =>
    codes.some((code) => {
      const role = entry.roles.get(code);
      return role?.kind === 'panel' || role?.kind === 'total';
    }),
  );
  return named ?? candidates[0] ?? null;
}

/**
 * The instrument a `QuestionnaireResponse.questionnaire` canonical names, by its panel LOINC code or
 * its name (`…/Questionnaire/phq-9-example`, `…|44249-1`); `null` when it names none.
 */
export function instrumentFromCanonical(canonical: string | undefined): InstrumentId | null {
  if (!canonical) return null;
  const squashed = canonical.toLowerCase().replace(/[^a-z0-9]/g, '');
  const byPanel = INSTRUMENT_CODES.find(
    (entry) => entry.definition.panelLoinc && canonical.includes(entry.definition.panelLoinc),
  );
  if (byPanel) return byPanel.definition.id;
  // Longest name first, so "phq9" is not read as "phq2"-free "phq" and "gad7" wins over "gad2".
  const byName = [...INSTRUMENT_CODES]
    .sort((x, y) => y.definition.name.length - x.definition.name.length)
    .find((entry) => squashed.includes(entry.definition.name.toLowerCase().replace(/[^a-z0-9]/g, '')));
  return byName?.definition.id ?? null;
}
