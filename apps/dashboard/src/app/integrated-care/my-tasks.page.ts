import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { CareTaskView } from '@huddle/shared-types';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { IntegratedCareService } from './integrated-care.service';

/** My tasks: open ones by due date with overdue ones marked, then those done in the last 14 days. */
@Component({
  selector: 'hd-my-tasks-page',
  imports: [MatButtonModule, RouterLink, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>My tasks</h1>
    @if (tasks.error()) {
      <hd-page-state kind="error" message="Your tasks could not be loaded." (retry)="tasks.reload()" />
    } @else if (!tasks.value()) {
      <hd-page-state kind="loading" message="Loading your tasks…" />
    } @else {
      <p role="status">{{ open().length }} open, {{ overdue() }} overdue.</p>
      @if (tasks.value()!.length === 0) {
        <hd-page-state kind="empty" message="No tasks. Tasks come from huddle notes." />
      }
      <ul class="tasks" aria-label="My tasks">
        @for (t of tasks.value()!; track t.id) {
          <li [class.overdue]="t.overdue" [class.done]="t.done">
            <div class="what">
              <strong>{{ t.title }}</strong>
              <a [routerLink]="['/patients', t.patientId]">{{ t.patientName }}</a>
              <span>
                Due {{ date(t.dueOn) }}
                @if (t.overdue) {
                  <span class="flag">Overdue</span>
                }
                @if (t.done) {
                  · done
                }
              </span>
            </div>
            <button
              mat-stroked-button
              type="button"
              [disabled]="busy() === t.id"
              (click)="toggle(t)"
              [attr.aria-label]="(t.done ? 'Reopen: ' : 'Mark done: ') + t.title"
            >
              {{ t.done ? 'Reopen' : 'Done' }}
            </button>
          </li>
        }
      </ul>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 16px;
      max-width: 860px;
      margin: 0 auto;
    }
    .tasks {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 8px;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 12px;
    }
    li.overdue {
      border-left: 6px solid var(--mat-sys-error);
    }
    li.done strong {
      text-decoration: line-through;
    }
    .what {
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .flag {
      color: var(--mat-sys-on-error);
      background: var(--mat-sys-error);
      border-radius: 4px;
      padding: 0 6px;
      margin-left: 4px;
      font-weight: 600;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class MyTasksPage {
  private readonly service = inject(IntegratedCareService);
  protected readonly tasks = rxResource({ stream: () => this.service.myTasks() });
  protected readonly open = computed(() => (this.tasks.value() ?? []).filter((t) => !t.done));
  protected readonly overdue = computed(() => this.open().filter((t) => t.overdue).length);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly date = formatIsoDate;

  protected toggle(task: CareTaskView): void {
    this.busy.set(task.id);
    this.error.set(null);
    this.service.setTaskDone(task.id, !task.done, task.version).subscribe({
      next: (updated) => {
        this.busy.set(null);
        this.tasks.update((list) => (list ?? []).map((t) => (t.id === updated.id ? updated : t)));
      },
      error: (e: unknown) => {
        this.busy.set(null);
        this.error.set(apiErrorMessage(e, 'The task could not be updated.'));
      },
    });
  }
}
