import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter, Router } from '@angular/router';
import { LoginPage } from './login.page';
import { provideApiTesting } from '../../testing/api-transport';
import { query } from '../../testing/dom';

/** Sign-in answers arrive through promises (the shell calls the API with fetch): let them settle. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('LoginPage', () => {
  function setup() {
    TestBed.configureTestingModule({
      providers: [...provideApiTesting(), provideRouter([]), provideNoopAnimations()],
    });
    const fixture = TestBed.createComponent(LoginPage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne('/api/auth/providers').flush({ password: true, oidc: false });
    const el = fixture.nativeElement as HTMLElement;
    const type = (selector: string, value: string) => {
      const input = query<HTMLInputElement>(el, selector);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const submit = async () => {
      query(el, 'form').dispatchEvent(new Event('submit'));
      await fixture.whenStable();
    };
    return { fixture, http, el, type, submit };
  }

  it("shows the server's message when sign-in is refused, and clears the password", async () => {
    const { fixture, http, el, type, submit } = setup();
    type('input[type=email]', 'cm1@riverside.huddle.test');
    type('input[type=password]', 'wrong');
    await submit();

    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ email: 'cm1@riverside.huddle.test', password: 'wrong' });
    req.flush(
      { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle();
    await fixture.whenStable();

    expect(el.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Invalid email or password');
    expect(query<HTMLInputElement>(el, 'input[type=password]').value).toBe('');
    expect(query<HTMLInputElement>(el, 'input[type=email]').value).toBe('cm1@riverside.huddle.test');
    // Only the server's message: the emptied password field is not flagged as an error as well.
    expect(el.querySelector('mat-error')).toBeNull();
    http.verify();
  });

  it('does not call the API with an empty form and says what is missing', async () => {
    const { fixture, http, el, submit } = setup();
    await submit();
    await fixture.whenStable();
    expect(el.textContent).toContain('Enter your email address');
    expect(el.textContent).toContain('Enter your password');
    http.verify();
  });

  it('signs in and goes to the role landing page; the refresh token stays in the HttpOnly cookie', async () => {
    const { fixture, http, type, submit } = setup();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    type('input[type=email]', 'psych@riverside.huddle.test');
    type('input[type=password]', 'huddle-demo');
    await submit();
    const login = http.expectOne('/api/auth/login');
    // The header asks the API to keep the refresh token out of the body (cookie only).
    expect(login.request.headers.get('X-Huddle-Client')).toBe('dashboard');
    login.flush({
      accessToken: 'a1',
      refreshToken: 'r1', // even if a server sent it, the dashboard keeps no copy
      expiresIn: 300,
      idleTimeout: 900,
      user: { id: 'u', displayName: 'Dr. Lee', role: 'psychiatric_consultant', clinicId: 'c', clinicName: 'Riverside' },
    });
    await settle();
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith('/review');
    expect(JSON.stringify({ ...sessionStorage, ...localStorage })).not.toContain('r1');
  });
});
