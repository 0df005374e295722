import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import type { CaseloadRow } from '@huddle/shared-types';
import { caseloadRow } from '../../testing/caseload-rows';
import { CaseloadTableComponent } from './caseload-table.component';
import { present, query } from '../../testing/dom';

describe('CaseloadTableComponent', () => {
  function render(rows: CaseloadRow[]) {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideNoopAnimations()] });
    const fixture = TestBed.createComponent(CaseloadTableComponent);
    fixture.componentRef.setInput('rows', rows);
    fixture.componentRef.setInput('sort', 'priority');
    fixture.componentRef.setInput('order', 'asc');
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('renders one row per patient with scores, change and engagement', () => {
    const { el } = render([caseloadRow({}, 1), caseloadRow({ givenName: 'Ben' }, 2)]);
    const rows = el.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    const first = present(rows[0]?.textContent).replace(/\s+/g, ' ');
    expect(first).toContain('Patient1, Ana');
    expect(first).toContain('MRN RIV100001');
    expect(first).toContain('18 → 8');
    expect(first).toContain('-56%');
    expect(first).toContain('response');
    expect(first).toMatch(/1 Sept? 2026/);
    expect(first).toContain('42');
    expect(rows[0]?.querySelector('a')?.getAttribute('href')).toBe('/patients/p1');
    expect(rows[1]?.textContent).toContain('Patient2, Ben');
  });

  it('shows flags as focusable chips whose reason is the description (tooltip on hover and focus)', () => {
    const { el } = render([
      caseloadRow(
        {
          safety: true,
          flags: [
            {
              code: 'SAFETY',
              severity: 'critical',
              reason: 'PHQ-9 item 9 answered above 0 on 2026-09-01',
              source: 'computed',
            },
            { code: 'DISCUSS_WITH_CONSULTANT', severity: 'medium', reason: 'Requested by Dana', source: 'manual' },
          ],
        },
        3,
      ),
    ]);
    const list = query(el, 'ul[aria-label="Flags for Patient3, Ana"]');
    const chips = Array.from(list.querySelectorAll<HTMLElement>('[tabindex="0"]'));
    expect(chips.map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())).toEqual([
      'Safety, Critical severity',
      'Review requested, Medium severity',
    ]);
    const describedBy = present(chips[0]?.getAttribute('aria-describedby'), 'aria-describedby');
    expect(document.getElementById(describedBy)?.textContent).toBe('PHQ-9 item 9 answered above 0 on 1 Sep 2026');
    expect(query(el, 'tbody tr').classList).toContain('safety');
  });

  it('keeps a quick-action menu on every row, named for the patient', () => {
    const { el } = render([caseloadRow({}, 4)]);
    expect(el.querySelector('button[aria-label="Actions for Patient4, Ana"]')).not.toBeNull();
  });

  // How fast it renders is measured in Chromium by the bench (bench/scenarios/dashboard.mjs), not here.
  it('renders a full page of 100 rows, each with its own patient, in the order given', () => {
    const rows = Array.from({ length: 100 }, (_, i) => caseloadRow({ givenName: `G${i}` }, i));
    const { el } = render(rows);
    const shown = Array.from(el.querySelectorAll('tbody tr'), (tr) => tr.querySelector('a')?.getAttribute('href'));
    expect(shown).toEqual(rows.map((r) => `/patients/${r.patientId}`));
  });
});
