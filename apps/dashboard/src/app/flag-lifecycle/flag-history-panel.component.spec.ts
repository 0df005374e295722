import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import type { FlagHistoryEntry } from '@huddle/shared-types';
import { FlagHistoryPanelComponent } from './flag-history-panel.component';
import { provideApiTesting } from '../../testing/api-transport';

const base: FlagHistoryEntry = {
  id: 'SAFETY:a1',
  code: 'SAFETY',
  source: 'computed',
  raisedAt: '2026-11-30T15:00:00.000Z',
  raisedOn: '2026-11-30',
  raisedBy: { id: 's1', displayName: 'Dana Reyes' },
  raisedEvidence: 'PHQ-9 item 9 (safety) answered 2',
  assessmentId: 'a1',
  instrument: 'PHQ9',
  manualFlagId: null,
  manualFlagVersion: null,
  clearedAt: '2026-12-01T15:00:00.000Z',
  clearedOn: '2026-12-01',
  clearedBy: { id: 's1', displayName: 'Dana Reyes' },
  clearedHow: 'safety_follow_up',
  clearedEvidence: 'low risk',
  safetyFollowUp: {
    id: 'f1',
    patientId: 'p1',
    episodeId: 'e1',
    performedBy: { id: 's1', displayName: 'Dana Reyes' },
    performedAt: '2026-12-01T15:00:00.000Z',
    performedOn: '2026-12-01',
    method: 'cssrs_screener',
    riskLevel: 'low',
    safetyPlan: 'created',
    lethalMeansCounselling: true,
    crisisLineGiven: true,
    disposition: 'continue_outpatient',
    consultantNotified: false,
    nextContactOn: '2026-12-08',
    note: null,
    resolvedAssessmentIds: ['a1'],
    resolvedFlagIds: [],
    createdAt: '2026-12-01T15:00:00.000Z',
  },
};
const openManual: FlagHistoryEntry = {
  ...base,
  id: 'DISCUSS_WITH_CONSULTANT:m1',
  code: 'DISCUSS_WITH_CONSULTANT',
  source: 'manual',
  raisedEvidence: 'Please advise',
  assessmentId: null,
  instrument: null,
  manualFlagId: 'm1',
  manualFlagVersion: 1,
  clearedAt: null,
  clearedOn: null,
  clearedBy: null,
  clearedHow: null,
  clearedEvidence: null,
  safetyFollowUp: null,
};

describe('FlagHistoryPanelComponent', () => {
  function render(entries: FlagHistoryEntry[], canResolve: boolean) {
    TestBed.configureTestingModule({
      providers: [...provideApiTesting(), provideNoopAnimations()],
    });
    const fixture = TestBed.createComponent(FlagHistoryPanelComponent);
    fixture.componentRef.setInput('entries', entries);
    fixture.componentRef.setInput('canResolve', canResolve);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const items = Array.from(el.querySelectorAll('li')).map((li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    return { el, items };
  }

  it('shows raised → cleared with who, prose dates and the follow-up plan as evidence', () => {
    const { items } = render([base], true);
    expect(items).toHaveLength(1);
    expect(items[0]).toContain('Safety answer raised 30 Nov 2026 by Dana Reyes');
    expect(items[0]).toContain('Safety follow-up cleared 1 Dec 2026 by Dana Reyes');
    expect(items[0]).toContain('Risk: low · Safety plan created · lethal-means counselling · 988 given');
    expect(items[0]).toContain('next contact 8 Dec 2026');
    expect(items[0]).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('offers Resolve on open manual flags only to those who may resolve them', () => {
    const resolvable = render([openManual, base], true);
    expect(resolvable.items[0]).toContain('Open');
    expect(resolvable.el.querySelectorAll('button')).toHaveLength(1);
    TestBed.resetTestingModule();
    const readOnly = render([openManual], false);
    expect(readOnly.el.querySelectorAll('button')).toHaveLength(0);
  });

  it('says so when no flag was ever raised', () => {
    expect(render([], false).el.textContent).toContain('No flags raised yet.');
  });
});
