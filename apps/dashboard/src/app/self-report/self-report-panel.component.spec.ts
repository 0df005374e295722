import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import type { SelfReportContact } from '@huddle/shared-types';
import { present } from '../../testing/dom';
import { SelfReportPanelComponent } from './self-report-panel.component';
import { provideApiTesting } from '../../testing/api-transport';

describe('SelfReportPanelComponent', () => {
  async function render(contact: SelfReportContact) {
    TestBed.configureTestingModule({
      providers: [...provideApiTesting(), provideNoopAnimations()],
    });
    const fixture = TestBed.createComponent(SelfReportPanelComponent);
    fixture.componentRef.setInput('patientId', 'p1');
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/patients/p1/self-report-contact').flush(contact);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const button = (name: string) =>
      present(
        Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim() === name),
        name,
      );
    return { fixture, http, el, button };
  }
  const contact = (over: Partial<SelfReportContact> = {}): SelfReportContact => ({
    patientId: 'p1',
    email: 'ana@example.test',
    phone: '+12125550123',
    smsAvailable: true,
    emailAvailable: true,
    ...over,
  });

  it('disables "Send link by SMS" with the reason when the server has no SMS transport', async () => {
    const { el, button } = await render(contact({ smsAvailable: false }));
    const sms = button('Send link by SMS');
    expect(sms.disabled).toBe(true);
    const why = present(el.querySelector(`#${sms.getAttribute('aria-describedby')}`), 'the reason');
    expect(why.textContent).toContain('SMS is not set up on this server');
    expect(button('Send link by email').disabled).toBe(false);
  });

  it('disables it until there is a mobile number, then sends the link by SMS to that number', async () => {
    const { fixture, http, el, button } = await render(contact({ phone: null }));
    expect(button('Send link by SMS').disabled).toBe(true);
    expect(el.textContent).toContain("Enter the patient's mobile number");
    const phone = present(el.querySelector<HTMLInputElement>('input[type="tel"]'), 'the phone field');
    phone.value = '+12125550199';
    phone.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(button('Send link by SMS').disabled).toBe(false);
    button('Send link by SMS').click();
    const req = http.expectOne('/api/patients/p1/self-report-links');
    expect(req.request.body).toEqual({ instruments: ['PHQ9'], channel: 'sms', language: 'en', phone: '+12125550199' });
    req.flush({ id: 'l1', channel: 'sms', instruments: ['PHQ9'], expiresAt: '2026-12-05T15:00:00Z', delivery: 'sent' });
    await fixture.whenStable();
    expect(el.textContent).toContain('Link sent by SMS');
  });

  it('disables the email action with its reason when the server has no mail server', async () => {
    const { el, button } = await render(contact({ emailAvailable: false }));
    expect(button('Send link by email').disabled).toBe(true);
    expect(el.textContent).toContain('Email is not set up on this server.');
    expect(button('Send link by SMS').disabled).toBe(false);
  });
});
