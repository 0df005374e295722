import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import type { CreateAssessmentRequest } from '@huddle/shared-types';
import { AssessmentFormComponent } from './assessment-form.component';
import { present, query } from '../../testing/dom';
import { provideApiTesting } from '../../testing/api-transport';

describe('AssessmentFormComponent', () => {
  function setup() {
    TestBed.configureTestingModule({
      providers: [...provideApiTesting(), provideNoopAnimations()],
    });
    const fixture = TestBed.createComponent(AssessmentFormComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const groups = () => Array.from(el.querySelectorAll('ol mat-radio-group'));
    /** Answers item `index` (0-based) with `value` by clicking its radio input. */
    const answer = async (index: number, value: number) => {
      const input = groups()[index]?.querySelectorAll<HTMLInputElement>('input[type=radio]')[value];
      present(input, `item ${index + 1} answer ${value}`).click();
      await fixture.whenStable();
    };
    const status = () => el.querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ').trim();
    return { fixture, el, groups, answer, status };
  }

  it('asks the PHQ-9 item by item with the item text and 0–3 answers', () => {
    const { el, groups } = setup();
    expect(groups()).toHaveLength(9);
    expect(el.textContent).toContain('Little interest or pleasure in doing things');
    expect(groups()[0]?.querySelectorAll('input[type=radio]')).toHaveLength(4);
    expect(groups()[0]?.getAttribute('aria-labelledby')).toBeTruthy();
  });

  it('shows the running total, then the total and severity once complete', async () => {
    const { answer, status } = setup();
    expect(status()).toBe('0 of 9 items answered · running total 0');
    for (const [i, v] of [2, 2, 1, 1, 1, 1, 1, 1].entries()) await answer(i, v);
    expect(status()).toBe('8 of 9 items answered · running total 10');
    await answer(8, 0);
    expect(status()).toBe('10 of 27 — Moderate');
  });

  it('raises a prominent safety prompt as soon as item 9 is above 0', async () => {
    const { el, answer, status } = setup();
    expect(el.querySelector('[role="alert"]')).toBeNull();
    await answer(8, 2);
    const alert = el.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Safety: item 9 answered “More than half the days”');
    expect(alert?.textContent).toContain('suicide-risk protocol');
    // The sticky total bar names it too, so it is never hidden behind the bar (issue #11 item 6).
    expect(status()).toBe(
      'Safety: item 9 answered — follow the suicide-risk protocol above. 1 of 9 items answered · running total 2',
    );
    await answer(8, 0);
    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(status()).toBe('1 of 9 items answered · running total 0');
  });

  it('switches to the GAD-7 and emits the answers of every item', async () => {
    const { fixture, el, groups, answer } = setup();
    const toggle = Array.from(el.querySelectorAll<HTMLButtonElement>('mat-button-toggle button')).find((b) =>
      b.textContent?.includes('GAD-7'),
    );
    present(toggle, 'the GAD-7 toggle').click();
    await fixture.whenStable();
    expect(groups()).toHaveLength(7);
    for (let i = 0; i < 7; i++) await answer(i, 1);
    expect(el.textContent?.replace(/\s+/g, ' ')).toContain('7 of 21 — Mild');

    let saved: CreateAssessmentRequest | undefined;
    fixture.componentInstance.save.subscribe((d) => (saved = d));
    query(el, 'form').dispatchEvent(new Event('submit'));
    expect(saved?.instrument).toBe('GAD7');
    expect(saved?.answers).toEqual({ gad7_1: 1, gad7_2: 1, gad7_3: 1, gad7_4: 1, gad7_5: 1, gad7_6: 1, gad7_7: 1 });
  });
});
