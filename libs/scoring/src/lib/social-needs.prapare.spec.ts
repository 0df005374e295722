import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PRAPARE_NEED_CODES, prapareSocialNeeds } from './social-needs.prapare';

/** US Core's examples in `../shared/fixtures` beside the project (walking up; HUDDLE_SHARED_DIR overrides). */
function usCoreExamples(): string {
  const override = process.env['HUDDLE_SHARED_DIR'];
  if (override) return path.join(override, 'fixtures', 'us-core-examples');
  for (let dir = path.resolve(__dirname, '../../../..'); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'fixtures', 'us-core-examples');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('../shared/fixtures not found beside the project (set HUDDLE_SHARED_DIR)');
}
const FIXTURES = usCoreExamples();
const read = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Record<string, unknown>;

interface Item {
  linkId: string;
  item?: Item[];
  answer?: Array<{ valueCoding?: { code: string } }>;
  answerOption?: Array<{ valueCoding?: { code: string; display: string } }>;
}
const flat = (items: Item[] = []): Item[] => items.flatMap((i) => [i, ...flat(i.item)]);
const code = (linkId: string): string => linkId.split('/').filter(Boolean).at(-1) ?? '';

describe('PRAPARE items of the AHC HRSN domains', () => {
  it("reads US Core's PRAPARE example as housing, transportation and safety needs", () => {
    const response = read('QuestionnaireResponse-PRAPARE-example.json');
    const answers: Record<string, string[]> = {};
    for (const item of flat(response['item'] as Item[])) {
      const codes = (item.answer ?? []).flatMap((a) => (a.valueCoding ? [a.valueCoding.code] : []));
      if (codes.length > 0) answers[code(item.linkId)] = codes;
    }
    const result = prapareSocialNeeds(answers);
    // Housing status "I do not have housing" → housing; "I choose not to answer" to the worry question is
    // left out; unable to get clothing and child care (no food, no utilities); transportation kept them from
    // non-medical appointments → transportation; does not feel safe where they live → safety; not afraid
    // of a partner.
    expect(result.needs).toEqual(['housing', 'transportation', 'safety']);
    expect(result.answers).toEqual({
      '71802-3': ['LA30190-5'],
      '93031-3': ['LA30126-9', 'LA30127-7'],
      '93030-5': ['LA30134-3'],
      '93026-3': ['LA32-8'],
      '76501-6': ['LA32-8'],
    });
  });

  it('marks food and utilities from the "unable to get" question, and a worry about losing housing', () => {
    expect(prapareSocialNeeds({ '93031-3': ['LA30125-1', 'LA30124-4'], '93033-9': ['LA33-6'] }).needs).toEqual([
      'housing',
      'food',
      'utilities',
    ]);
    expect(prapareSocialNeeds({ '93030-5': ['LA30133-5'], '76501-6': ['LA33-6'] }).needs).toEqual([
      'transportation',
      'safety',
    ]);
    // Answered without a need, unanswerable codes, and questions outside the domains.
    expect(
      prapareSocialNeeds({ '71802-3': ['LA30189-7'], '93026-3': ['LA14072-5'], '67875-5': ['LA17956-6'] }),
    ).toEqual({ needs: [], answers: { '71802-3': ['LA30189-7'] } });
  });

  it("uses only question and answer codes that US Core's PRAPARE questionnaire lists for those questions", () => {
    const questionnaire = read('Questionnaire-prapare-example.json');
    const options = new Map(
      flat(questionnaire['item'] as Item[]).map((i) => [
        code(i.linkId),
        new Set((i.answerOption ?? []).map((o) => o.valueCoding?.code)),
      ]),
    );
    for (const [question, rule] of Object.entries(PRAPARE_NEED_CODES)) {
      const listed = options.get(question);
      expect(listed).toBeDefined();
      for (const answer of [...Object.keys(rule.needs), ...rule.noNeed])
        expect([question, listed?.has(answer)]).toEqual([question, true]);
    }
  });
});
