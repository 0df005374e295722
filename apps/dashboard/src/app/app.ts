import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  type ElementRef,
  inject,
  Injector,
  viewChild,
} from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { AuthService } from './core/auth/auth.service';
import { IdleWatchService } from './core/auth/idle-watch.service';
import { navigationFor, ROLE_LABELS } from './core/auth/role-navigation';

/** App shell: skip link, banner with role-aware navigation and sign-out, and the main region. */
@Component({
  selector: 'hd-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main" (click)="skipToMain($event)">Skip to main content</a>
    <header class="bar">
      <a class="brand" routerLink="/">Huddle</a>
      @if (user(); as u) {
        <nav aria-label="Main">
          @for (item of nav(); track item.path) {
            <a class="nav-link" [routerLink]="item.path" routerLinkActive="active" ariaCurrentWhenActive="page">
              {{ item.label }}
            </a>
          }
        </nav>
        <span class="spacer"></span>
        <span class="who">
          <span class="name">{{ u.displayName }}</span>
          <span class="meta">{{ roleLabel() }} · {{ u.clinicName }}</span>
        </span>
        <button class="sign-out" type="button" (click)="signOut()">Sign out</button>
      } @else {
        <span class="tagline">Collaborative care registry</span>
      }
    </header>
    <main id="main" tabindex="-1" #main>
      <router-outlet />
    </main>
  `,
  styles: `
    .bar {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 8px 12px;
      min-height: 64px;
      padding: 8px 16px;
      box-sizing: border-box;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .brand {
      font: var(--mat-sys-title-large);
      font-weight: 600;
      margin-right: 12px;
      color: inherit;
      text-decoration: none;
    }
    nav {
      display: flex;
      gap: 4px;
      flex-wrap: wrap;
    }
    .nav-link,
    .sign-out {
      font: var(--mat-sys-label-large);
      padding: 10px 16px;
      border-radius: 20px;
      color: var(--mat-sys-primary);
      text-decoration: none;
      line-height: 20px;
    }
    .nav-link:hover,
    .sign-out:hover {
      background: color-mix(in srgb, var(--mat-sys-primary) 8%, transparent);
    }
    .nav-link.active {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .sign-out {
      border: 1px solid var(--mat-sys-outline);
      background: transparent;
      cursor: pointer;
    }
    .brand:focus-visible,
    .nav-link:focus-visible,
    .sign-out:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .spacer {
      flex: 1;
    }
    .who {
      display: flex;
      flex-direction: column;
      line-height: 1.2;
      text-align: right;
      font: var(--mat-sys-body-medium);
    }
    .who .meta {
      font: var(--mat-sys-body-small);
    }
    .tagline {
      font: var(--mat-sys-body-medium);
    }
    main {
      padding: 24px;
      max-width: 1280px;
      margin: 0 auto;
    }
    main:focus {
      outline: none;
    }
    .skip-link {
      position: absolute;
      left: -9999px;
    }
    .skip-link:focus {
      left: 8px;
      top: 8px;
      z-index: 10;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-primary);
      padding: 8px;
    }
  `,
})
export class App {
  private readonly auth = inject(AuthService);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  protected readonly user = this.auth.user;
  protected readonly nav = computed(() => {
    const role = this.auth.role();
    return role ? navigationFor(role) : [];
  });
  protected readonly roleLabel = computed(() => {
    const role = this.auth.role();
    return role ? ROLE_LABELS[role] : '';
  });

  constructor() {
    inject(IdleWatchService).start();
    this.loadClinicCalendarWhenSignedIn();
    // A new tab or a reload resumes the browser's session (refresh cookie) on every page, public ones too.
    void this.auth.restore();
    this.moveFocusOnPageChange();
  }

  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected signOut(): void {
    this.auth.logout();
  }

  /**
   * Once signed in, loads the clinic's calendar (its time zone for every displayed date). Its code (and
   * HttpClient's) is not in the initial bundle: it arrives with the first feature route anyway.
   */
  private loadClinicCalendarWhenSignedIn(): void {
    const injector = inject(Injector);
    let loading = false;
    effect(() => {
      if (!this.user() || loading) return;
      loading = true;
      void import('./core/clinic-calendar.service').then((m) => injector.get(m.ClinicCalendar));
    });
  }

  /**
   * After navigating to another page (not a query-parameter change such as a filter), move focus
   * to the main region so keyboard and screen-reader users start at the new content.
   */
  private moveFocusOnPageChange(): void {
    const router = inject(Router);
    let previousPath: string | null = null;
    const sub = router.events.pipe(filter((e): e is NavigationEnd => e instanceof NavigationEnd)).subscribe((e) => {
      const path = e.urlAfterRedirects.split(/[?#]/)[0] ?? '';
      if (previousPath !== null && path !== previousPath) {
        setTimeout(() => this.main().nativeElement.focus({ preventScroll: false }));
      }
      previousPath = path;
    });
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
  }
}
