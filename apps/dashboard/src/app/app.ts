import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterOutlet } from '@angular/router';

@Component({
  selector: 'hd-root',
  imports: [RouterOutlet, MatToolbarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main">Skip to main content</a>
    <mat-toolbar color="primary" role="banner">
      <span class="brand">Huddle</span>
      <span class="tagline">Collaborative care registry</span>
    </mat-toolbar>
    <main id="main" tabindex="-1">
      <router-outlet />
    </main>
  `,
  styles: `
    .brand {
      font-weight: 600;
      margin-right: 12px;
    }
    .tagline {
      font: var(--mat-sys-body-medium);
      opacity: 0.85;
    }
    main {
      padding: 24px;
      max-width: 1200px;
      margin: 0 auto;
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
      padding: 8px;
    }
  `,
})
export class App {}
