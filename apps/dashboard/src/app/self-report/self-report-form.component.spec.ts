import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import type { SelfReportForm } from '@huddle/shared-types';
import { present } from '../../testing/dom';
import { SelfReportFormComponent } from './self-report-form.component';
import { answersStorageKey } from './self-report.service';
import { provideApiTesting } from '../../testing/api-transport';

const TOKEN = 'A'.repeat(43);

describe('SelfReportFormComponent', () => {
  afterEach(() => sessionStorage.clear());

  function setup(form: Partial<SelfReportForm> = {}, storageKey: string | null = 'hd-self-report:test') {
    TestBed.configureTestingModule({
      providers: [...provideApiTesting(), provideNoopAnimations()],
    });
    const fixture = TestBed.createComponent(SelfReportFormComponent);
    fixture.componentRef.setInput('form', {
      firstName: 'Rosa',
      language: 'es',
      instruments: ['PHQ9'],
      expiresAt: '2026-12-04T15:00:00.000Z',
      ...form,
    });
    fixture.componentRef.setInput('token', TOKEN);
    fixture.componentRef.setInput('storageKey', storageKey);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const groups = () => Array.from(el.querySelectorAll('section.instrument mat-radio-group'));
    const answer = async (index: number, value: number) => {
      const input = groups()[index]?.querySelectorAll<HTMLInputElement>('input[type=radio]')[value];
      present(input, `item ${index + 1} answer ${value}`).click();
      fixture.detectChanges();
      await fixture.whenStable();
    };
    return { fixture, el, groups, answer, http: TestBed.inject(HttpTestingController) };
  }

  it("shows the instrument's own Spanish wording, answers and copyright notice", () => {
    const { el, groups } = setup();
    expect(el.querySelector('h1')?.textContent).toContain('Hola Rosa');
    expect(el.textContent).toContain('Poco interés o placer en hacer cosas');
    expect(el.textContent).toContain('Más de la mitad de los días');
    expect(el.textContent).toContain('No se requiere permiso para reproducir');
    // 9 scored items and the difficulty question.
    expect(groups()).toHaveLength(10);
  });

  it('shows crisis resources as soon as item 9 is answered above 0', async () => {
    const { el, answer } = setup({ language: 'en' });
    expect(el.querySelector('hd-crisis-resources')).toBeNull();
    await answer(8, 1);
    const alert = el.querySelector('hd-crisis-resources [role="alert"]');
    expect(alert?.textContent).toContain('988');
    expect(alert?.querySelector('a[href="tel:911"]')).not.toBeNull();
    await answer(8, 0);
    expect(el.querySelector('hd-crisis-resources')).toBeNull();
  });

  it('keeps answers in sessionStorage under its key and restores them', async () => {
    const first = setup();
    await first.answer(0, 2);
    expect(JSON.parse(sessionStorage.getItem('hd-self-report:test') ?? '{}')).toEqual({ PHQ9: { phq9_1: 2 } });
    TestBed.resetTestingModule();
    const second = setup();
    const checked = second.groups()[0]?.querySelectorAll<HTMLInputElement>('input[type=radio]')[2];
    expect(checked?.checked).toBe(true);
  });

  it('refuses to send until every question is answered, then posts the answers with the token', async () => {
    const { el, answer, fixture, http } = setup({ instruments: ['PHQ2'], language: 'en' });
    const submit = present(el.querySelector<HTMLButtonElement>('button[type=submit]'), 'submit');
    submit.click();
    fixture.detectChanges();
    expect(el.querySelector('.error')?.textContent).toContain('PHQ-2 1, PHQ-2 2');
    await answer(0, 3);
    await answer(1, 0);
    submit.click();
    const req = http.expectOne('/api/self-report/submit');
    expect(req.request.body).toEqual({
      token: TOKEN,
      language: 'en',
      responses: [{ instrument: 'PHQ2', answers: { phq2_1: 3, phq2_2: 0 } }],
    });
    req.flush({ crisis: false });
    expect(sessionStorage.getItem('hd-self-report:test')).toBeNull();
  });

  it('keys storage by a SHA-256 of the token, never the token', async () => {
    const key = await answersStorageKey(TOKEN);
    expect(key).toMatch(/^hd-self-report:[0-9a-f]+$/);
    expect(key).not.toContain(TOKEN);
  });
});
